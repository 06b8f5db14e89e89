"""``newsgen check``: what a build finds, plus links and duplicate titles; nothing written."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from newsgen import links
from newsgen.check import Finding, check_site, duplicate_titles
from newsgen.cli import main
from newsgen.options import BuildOptions
from newsgen.source import split_front_matter
from tests.conftest import NOW, SiteMaker, article

A = "content/articles/2024/09/a.md"
B = "content/articles/2024/09/b.md"
PAGE = "content/pages/redaksi.md"
A_URL = "/2024/09/27/judul-berita/"


def findings(site: Path) -> tuple[Finding, ...]:
    return check_site(BuildOptions(site_dir=site, output_dir=site / "public", now=NOW))


def texts(found: tuple[Finding, ...]) -> list[str]:
    return [f"{f.severity}: {f.text}" for f in found]


# --- the link finder, on Markdown text alone ---------------------------------------------


def test_find_links_gives_each_target_with_its_file_line() -> None:
    body = (
        "Pembuka dengan [tautan](/a/) dan ![foto](foto.jpg).\n"
        "\n"
        '[ref]: /b/ "judul"\n'
        "[^1]: Catatan kaki, bukan tautan.\n"
        'Teks `[kode](/bukan/)` dan <a href="/c/">html</a> dan [x](<d e.html>).\n'
        "```\n"
        "[dalam kode](/juga-bukan/)\n"
        "```\n"
        "[tautan [bersarang]](/e/)\n"
    )
    found = [(link.target, link.line) for link in links.find_links(body, 10)]
    assert found == [("/a/", 10), ("/b/", 12), ("/c/", 14), ("d e.html", 14), ("/e/", 18)]


def test_check_document_resolves_like_a_browser() -> None:
    targets = links.Targets(
        files=frozenset(
            {
                "index.html",
                "2024/09/27/a/index.html",
                "2024/09/27/a/denah.pdf",
                "redaksi/index.html",
            }
        ),
        base_url="https://uji.example",
        sources={"content/articles/2024/09/a.md": "/2024/09/27/a/"},
    )
    body = "\n".join(
        [
            "[ok](/2024/09/27/a/) [tanpa garis miring](/2024/09/27/a) [anchor](/redaksi/#tim)",
            "[relatif](denah.pdf) [naik](../../27/a/) [penuh](https://uji.example/redaksi/)",
            "[luar](https://contoh.example/x/) [surel](mailto:a@b.c) [di halaman](#bawah)",
            "[hilang](/2024/09/27/b/) [file sumber](a.md) [relatif hilang](peta.pdf)",
        ]
    )
    errors, warnings = links.check_document(
        "content/articles/2024/09/b.md", body, 5, "/2024/09/27/a/", targets
    )
    assert [e.message for e in errors] == [
        "content/articles/2024/09/b.md:8: link: no page or file at /2024/09/27/b/ on this site "
        "(got '/2024/09/27/b/')",
        "content/articles/2024/09/b.md:8: link: links a content file: write its address "
        "/2024/09/27/a/ instead (got 'a.md')",
        "content/articles/2024/09/b.md:8: link: no page or file at /2024/09/27/a/peta.pdf on "
        "this site (got 'peta.pdf')",
    ]
    assert warnings == []


# --- whole sites --------------------------------------------------------------------------


def test_clean_site_has_no_findings(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(body=f"Lihat [redaksi](/redaksi/) dan [berita ini]({A_URL})."),
            PAGE: "---\ntitle: Redaksi\n---\n\nTim redaksi. Kembali ke [beranda](/).\n",
        }
    )
    assert findings(site) == ()
    assert not (site / "public").exists()


def test_broken_internal_links_are_errors_naming_file_and_line(make_site: SiteMaker) -> None:
    body = "Paragraf pertama.\n\nBaca [berita lama](/2024/01/01/tidak-ada/) di sini.\n\n[profil](../08/profil.md)"
    site = make_site(
        {
            A: article(body=body),
            PAGE: "---\ntitle: Redaksi\n---\n\nHubungi [kontak](/kontak/).\n",
        }
    )
    assert texts(findings(site)) == [
        f"error: {A}:10: link: no page or file at /2024/01/01/tidak-ada/ on this site "
        "(got '/2024/01/01/tidak-ada/')",
        f"error: {A}:12: link: links a content file: no such file (got '../08/profil.md')",
        f"error: {PAGE}:5: link: no page or file at /kontak/ on this site (got '/kontak/')",
    ]


def test_links_to_drafts_scheduled_and_expired_stories_warn(make_site: SiteMaker) -> None:
    body = (
        "Baca [draf](/2024/09/27/draf/), [terjadwal](/2024/12/01/nanti/) "
        "dan [diturunkan](/2024/09/27/lama/)."
    )
    site = make_site(
        {
            A: article(body=body),
            "content/articles/2024/09/draf.md": article(title="Draf", draft="true"),
            "content/articles/2024/12/nanti.md": article(
                title="Nanti", date="2024-12-01T08:00:00+07:00"
            ),
            "content/articles/2024/09/lama.md": article(title="Lama", expires="2024-09-30"),
        }
    )
    assert texts(findings(site)) == [
        f"warning: {A}:8: link: links to a draft (content/articles/2024/09/draf.md), which is "
        "not published (got '/2024/09/27/draf/')",
        f"warning: {A}:8: link: links to a story scheduled for 2024-12-01T08:00+07:00: it leads "
        "nowhere until then (got '/2024/12/01/nanti/')",
        f"warning: {A}:8: link: links to a story taken down on 2024-09-30T00:00+07:00: readers "
        "find only a notice (got '/2024/09/27/lama/')",
    ]


def test_duplicate_titles_warn_naming_both_files(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(title="Harga Cabai Turun"),
            B: article(title="harga  cabai turun", date="2024-09-28T08:00:00+07:00"),
        }
    )
    assert texts(findings(site)) == [
        f"warning: {B}:2: title: same title as {A}: readers and search engines cannot tell "
        "them apart (got 'harga  cabai turun')"
    ]


def test_duplicate_titles_reads_front_matter_only() -> None:
    docs = [
        split_front_matter(f"---\ntitle: {title}\n---\n".encode(), path, "article")
        for path, title in (("c.md", "Sama"), ("a.md", "Lain"), ("b.md", "Sama"))
    ]
    warned = duplicate_titles(d for d in docs if not isinstance(d, Exception))
    assert [(w.path, w.problem.split(":")[0]) for w in warned] == [("c.md", "same title as b.md")]


def test_build_errors_and_warnings_come_together(make_site: SiteMaker) -> None:
    site = make_site(
        {
            A: article(date="'12/03'"),
            B: article(title="Foto", body="![](/images/tidak-ada.jpg)\n\n![](/images/ada.png)"),
            "content/images/ada.png": _png(),
        }
    )
    assert texts(findings(site)) == [
        f"error: {A}:3: date: expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 "
        "(got '12/03')",
        f"error: {B}:8: photo: photo file not found: content/images/tidak-ada.jpg "
        "(got '/images/tidak-ada.jpg')",
        f"warning: {B}:10: photo: missing alt text (got '/images/ada.png')",
    ]


def test_scheduled_stories_are_checked_before_they_go_live(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/2024/12/nanti.md": article(
                title="Nanti", date="2024-12-01T08:00:00+07:00", body="[x](/tidak-ada/)"
            )
        }
    )
    assert texts(findings(site)) == [
        "error: content/articles/2024/12/nanti.md:8: link: no page or file at /tidak-ada/ on "
        "this site (got '/tidak-ada/')"
    ]


def test_template_mistakes_are_found_too(make_site: SiteMaker) -> None:
    site = make_site({A: article(), "templates/footer.html": "<footer>{{ nope }}</footer>\n"})
    found = findings(site)
    assert [(f.severity, f.field) for f in found] == [("error", "template")]
    assert found[0].path.endswith("footer.html") and found[0].line == 1
    assert "'nope' is undefined" in found[0].message


def test_broken_site_yaml_is_one_finding(make_site: SiteMaker) -> None:
    site = make_site(
        {A: article()}, site_yaml="title: Warta\nbase_url: https://uji.example\ntitel: x\n"
    )
    assert texts(findings(site)) == [
        "error: site.yaml:3: titel: unknown key (did you mean 'title'?)"
    ]


# --- the command --------------------------------------------------------------------------


def run(site: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["check", "--source", str(site), "--now", NOW.isoformat(), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_command_exit_codes_and_text(make_site: SiteMaker) -> None:
    site = make_site({A: article(), B: article(title="Judul Berita", slug="lain")})
    code, out, err = run(site)
    assert code == 0
    assert out.splitlines() == [
        f"warning: {B}:2: title: same title as {A}: readers and search engines cannot tell "
        "them apart (got 'Judul Berita')"
    ]
    assert err.strip() == "check found problems: 0 errors, 1 warning"
    code, _, err = run(site, "--strict")
    assert code == 1
    assert "(--strict: warnings fail)" in err
    assert not (site / "public").exists()


def test_command_fails_on_errors_and_passes_a_clean_site(make_site: SiteMaker) -> None:
    site = make_site({A: article(body="[x](/tidak-ada/)")})
    code, out, err = run(site)
    assert code == 1
    assert out.startswith(f"{A}:8: link: no page or file at /tidak-ada/")
    assert err.strip() == "check found problems: 1 error, 0 warnings"
    (site / A).write_text(article(), encoding="utf-8")
    code, out, err = run(site)
    assert (code, out, err.strip()) == (0, "", "no problems found")


def test_command_json_is_a_list_of_findings(make_site: SiteMaker) -> None:
    site = make_site(
        {A: article(body="[x](/tidak-ada/)"), B: article(title="Judul Berita", slug="b")}
    )
    code, out, _ = run(site, "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "severity": "error",
            "path": A,
            "line": 8,
            "field": "link",
            "message": "no page or file at /tidak-ada/ on this site (got '/tidak-ada/')",
        },
        {
            "severity": "warning",
            "path": B,
            "line": 2,
            "field": "title",
            "message": f"same title as {A}: readers and search engines cannot tell them apart "
            "(got 'Judul Berita')",
        },
    ]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_photo_warnings_of_the_build_flow_through(make_site: SiteMaker) -> None:
    small = io.BytesIO()
    Image.new("RGB", (600, 400), "teal").save(small, "JPEG")
    site = make_site(
        {
            A: article(image="{src: /images/kecil.jpg, alt: Foto kecil}"),
            "content/images/kecil.jpg": small.getvalue(),
        }
    )
    found = findings(site)
    assert found, "a lead photo 600 px wide deserves a warning"
    assert {(f.severity, f.path, f.line) for f in found} == {("warning", A, 6)}
