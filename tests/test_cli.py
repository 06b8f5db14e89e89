"""The command line: ``new``, the build's summary line and progress bar."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.build import build
from newsgen.cli import ProgressLine, main, progress_for, summary
from newsgen.config import parse_config
from newsgen.content import ARTICLE_KEYS, PAGE_KEYS, parse_article, parse_page
from newsgen.markup import BodyRenderer
from newsgen.options import BuildOptions, BuildReport
from newsgen.scaffold import new_article, yaml_text
from newsgen.source import split_front_matter
from newsgen.yamltext import YamlProblem, load_mapping
from tests.conftest import NOW, SITE_YAML, SiteMaker, article

NEW_AT = "2024-09-27T23:30:00+00:00"  # 06:30 on the 28th in Jakarta


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- newsgen new --------------------------------------------------------------------------


def test_new_article_lands_at_its_date_and_slug_and_prints_its_path(
    make_site: SiteMaker,
) -> None:
    site = make_site({})
    code, out, _ = invoke(
        "new",
        "Bawaslu OKI: Kawal Netralitas ASN",
        "--category",
        "Politik",
        "--author",
        "Novan Wijaya",
        "--author",
        "Sari Dewi",
        "--source",
        str(site),
        "--now",
        NEW_AT,
    )
    assert code == 0
    path = site / "content/articles/2024/09/bawaslu-oki-kawal-netralitas-asn.md"
    assert out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    doc = split_front_matter(text.encode(), "a.md", "article")
    assert not isinstance(doc, Exception)
    assert dict(doc.meta) == {
        "title": "Bawaslu OKI: Kawal Netralitas ASN",
        "date": doc.meta["date"],
        "slug": "bawaslu-oki-kawal-netralitas-asn",
        "author": ["Novan Wijaya", "Sari Dewi"],
        "category": "Politik",
        "tags": [],
        "featured": False,
        "draft": True,
    }
    assert "2024-09-28T06:30:00+07:00" in text


def test_new_article_has_every_contract_field_and_is_valid_as_written() -> None:
    config = parse_config(SITE_YAML)
    document = new_article("Judul Baru", "Daerah", NOW, config, ("Novan Wijaya",))
    for key in ARTICLE_KEYS:
        assert re.search(rf"^(# )?{key}:", document.text, re.M), key
    for key in ("src", "alt", "caption", "credit", "focus"):
        assert re.search(rf"^#   {key}:", document.text, re.M), key
    doc = split_front_matter(document.text.encode(), document.path, "article")
    assert not isinstance(doc, Exception)
    parsed = parse_article(doc, config, {}, BodyRenderer())
    assert parsed.errors == () and parsed.warnings == ()
    assert parsed.document is not None and parsed.document.draft


def test_new_article_without_author_leaves_a_required_blank(make_site: SiteMaker) -> None:
    site = make_site({})
    code, out, _ = invoke(
        "new", "Judul", "--category", "Politik", "--source", str(site), "--now", NEW_AT
    )
    assert code == 0
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert re.search(r"^author: +# required", text, re.M)


@pytest.mark.parametrize(
    "title", ["Tahun 2024", "yes", "null", 'Ucapan: "Selamat" #1', "  spasi  ", "[kurung]"]
)
def test_titles_survive_yaml_unchanged(title: str) -> None:
    loaded = load_mapping(f"title: {yaml_text(title)}")
    assert not isinstance(loaded, YamlProblem)
    assert loaded[0]["title"] == title


def test_new_refuses_to_overwrite(make_site: SiteMaker) -> None:
    site = make_site({})
    args = ["new", "Judul", "--category", "Politik", "--source", str(site), "--now", NEW_AT]
    assert invoke(*args)[0] == 0
    path = site / "content/articles/2024/09/judul.md"
    path.write_text("tulisan editor", encoding="utf-8")
    code, out, err = invoke(*args)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "content/articles/2024/09/judul.md: already exists; edit it, or choose another title "
        "(nothing was written)",
        "nothing written: 1 error",
    ]
    assert path.read_text(encoding="utf-8") == "tulisan editor"


def test_new_refuses_when_a_bundle_of_that_name_exists(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/judul/index.md": article(title="Judul")})
    code, _, err = invoke(
        "new", "Judul", "--category", "Politik", "--source", str(site), "--now", NEW_AT
    )
    assert code == 1
    assert err.startswith("content/articles/2024/09/judul/index.md: already exists")


def test_new_page(make_site: SiteMaker) -> None:
    site = make_site({})
    code, out, _ = invoke("new", "Tentang Kami", "--page", "--source", str(site))
    assert code == 0
    path = site / "content/pages/tentang-kami.md"
    assert out == f"{path}\n"
    text = path.read_text(encoding="utf-8")
    for key in PAGE_KEYS:
        assert re.search(rf"^(# )?{key}:", text, re.M), key
    doc = split_front_matter(text.encode(), "content/pages/tentang-kami.md", "page")
    assert not isinstance(doc, Exception)
    parsed = parse_page(doc, parse_config(SITE_YAML), {}, BodyRenderer())
    assert parsed.errors == () and parsed.warnings == ()
    assert parsed.document is not None and parsed.document.url == "/tentang-kami/"
    assert invoke("new", "Tentang Kami", "--page", "--source", str(site))[0] == 1


def test_new_needs_a_category_and_a_usable_title(make_site: SiteMaker) -> None:
    site = make_site({})
    code, _, err = invoke("new", "Judul", "--source", str(site))
    assert code == 2
    assert "an article needs --category, e.g. --category Politik" in err
    code, _, err = invoke("new", "!!!", "--category", "Politik", "--source", str(site))
    assert code == 1
    assert err.splitlines()[0] == (
        "title: gives an empty file name; use letters or digits (got '!!!')"
    )


def test_new_reports_a_missing_site(tmp_path: Path) -> None:
    code, _, err = invoke("new", "Judul", "--category", "Politik", "--source", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == f"site.yaml: not found in {tmp_path}"


def test_new_article_then_build_with_drafts_shows_it(make_site: SiteMaker) -> None:
    site = make_site({})
    _, out, _ = invoke(
        "new", "Judul Baru", "--category", "Politik", "--author", "Novan", "--source",
        str(site), "--now", NEW_AT,
    )  # fmt: skip
    path = Path(out.strip())
    path.write_text(path.read_text(encoding="utf-8") + "Isi berita.\n", encoding="utf-8")
    code, _, err = invoke("build", "--source", str(site), "--now", NOW.isoformat(), "--drafts")
    assert code == 0, err
    assert (site / "public/2024/09/28/judul-baru/index.html").is_file()


# --- newsgen build: summary and progress --------------------------------------------------


def test_build_ends_with_one_summary_line(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/a.md": article()})
    code, out, err = invoke("build", "--source", str(site), "--now", NOW.isoformat())
    assert code == 0
    assert err == ""  # not a terminal: no progress bar
    assert re.fullmatch(
        r"1 article, \d+ pages written, 0 pages unchanged, 0 photos processed, "
        r"0 warnings in \d+\.\d\d s\n",
        out,
    )
    code, out, _ = invoke("build", "--source", str(site), "--now", NOW.isoformat())
    assert re.match(r"1 article, 0 pages written, \d+ pages unchanged", out)


def test_quiet_build_prints_nothing(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/a.md": article()})
    code, out, err = invoke("build", "--source", str(site), "--now", NOW.isoformat(), "--quiet")
    assert (code, out, err) == (0, "", "")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    assert progress_for(False, io.StringIO()) is None
    assert progress_for(True, Terminal()) is None
    assert isinstance(progress_for(False, Terminal()), ProgressLine)


def test_progress_bar_draws_on_one_line_and_clears(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/09/a.md": article()})
    screen = Terminal()
    bar = ProgressLine(screen, delay=0)
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        bar(done, total)

    build(BuildOptions(site, site / "public", NOW), progress=progress)
    assert calls[-1][0] == calls[-1][1] == len(calls) - 1
    assert all(done <= total for done, total in calls)
    assert [done for done, _ in calls[:-1]] == list(range(1, len(calls)))
    drawn = screen.getvalue()
    assert "\n" not in drawn
    assert drawn.split("\r")[-1] == f"rendering [{'#' * 30}] {calls[-1][0]}/{calls[-1][0]} pages"
    bar.clear()
    assert screen.getvalue().endswith("\r")


def test_quick_builds_draw_no_bar() -> None:
    screen = Terminal()
    bar = ProgressLine(screen, delay=60)
    bar(1, 10)
    bar(10, 10)
    bar.clear()
    assert screen.getvalue() == ""


def test_the_program_exits_with_the_build_s_code_and_every_line_written(
    make_site: SiteMaker,
) -> None:
    import subprocess
    import sys

    site = make_site({"content/articles/a.md": article(title="Banjir Rantau Bayur")})
    command = [sys.executable, "-m", "newsgen", "build", "--source", str(site)]
    done = subprocess.run([*command, "--now", NOW.isoformat()], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.match(r"1 article, \d+ pages written", done.stdout)
    (site / "content/articles/b.md").write_text("---\ntitle: Tanpa tanggal\n---\n\nIsi.\n")
    done = subprocess.run([*command, "--now", NOW.isoformat()], capture_output=True, text=True)
    assert done.returncode == 1
    assert "content/articles/b.md" in done.stderr
    assert done.stderr.rstrip().endswith("public/ left as it was")
    assert "Traceback" not in done.stderr
    done = subprocess.run([*command, "--now", "kemarin"], capture_output=True, text=True)
    assert done.returncode == 2  # a usage mistake, as click reports it
    assert "kemarin" in done.stderr


def test_a_build_hands_what_it_made_to_a_caller_that_holds_it(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/a.md": article(title="Banjir Rantau Bayur")})
    held: list[object] = []
    build(BuildOptions(site_dir=site, output_dir=site / "public", now=NOW), hold=held.append)
    assert len(held) == 1 and isinstance(held[0], tuple)


def test_the_summary_counts_one_page_as_one_page() -> None:
    one_of_each = BuildReport(1, 1, 1, 1, 1, (), 0.5)  # articles, pages, files, photos
    assert summary(one_of_each).startswith(
        "1 article, 1 page written, 1 page unchanged, 1 photo processed, 0 warnings in"
    )
