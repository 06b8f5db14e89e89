"""Publishing rules: scheduled stories go live when ``now`` passes their date, expired ones are
taken down to a notice page, drafts stay out of ``public/`` unless asked for."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from newsgen.cli import main
from tests.conftest import NOW, SiteMaker, article, build_site, parse

LIVE = "content/articles/2024/09/live.md"
LATER = "content/articles/2024/10/later.md"
OLD = "content/articles/2024/09/old.md"
DRAFT = "content/articles/2024/09/draft.md"

LATER_URL = "/2024/10/05/berita-terjadwal/"
OLD_URL = "/2024/09/20/berita-lama/"
DRAFT_URL = "/2024/09/28/berita-draf/"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def page(site: Path, url: str) -> Path:
    return site / "public" / url.strip("/") / "index.html"


def links_on(site: Path, url: str) -> set[str]:
    return set(parse(page(site, url)).xpath("//a/@href"))


# Home plus the category, tag and author pages that the stories below share.
LISTINGS = ("/", "/kategori/politik/", "/tag/pilkada-2024/", "/penulis/novan-wijaya/")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def newsroom(make_site: SiteMaker) -> Path:
    return make_site(
        {
            LIVE: article(title="Berita Terbit", tags="[Pilkada 2024]"),
            LATER: article(
                title="Berita Terjadwal",
                date="2024-10-05T06:00:00+07:00",
                tags="[Pilkada 2024]",
                body="Isi berita terjadwal.",
            ),
            OLD: article(
                title="Berita Lama",
                date="2024-09-20T08:00:00+07:00",
                expires="2024-09-30",
                tags="[Pilkada 2024, Khusus Lama]",
                aliases="[/lama/berita/]",
                body="Isi berita yang diturunkan.",
            ),
            DRAFT: article(
                title="Berita Draf",
                date="2024-09-28T08:00:00+07:00",
                draft="true",
                tags="[Pilkada 2024]",
                aliases="[/draf/lama/]",
                image="{src: /images/draf-foto.png, alt: Foto draf}",
                body="Isi draf rahasia.",
            ),
            "content/images/draf-foto.png": png(),
        }
    )


def test_scheduled_story_stays_out_until_now_passes_its_date(make_site: SiteMaker) -> None:
    site = newsroom(make_site)
    build_site(site, now=NOW)
    assert not page(site, LATER_URL).exists()
    for url in LISTINGS:
        assert LATER_URL not in links_on(site, url), url

    build_site(site, now=at("2024-10-05T06:00:00+07:00"))
    assert page(site, LATER_URL).exists()
    tree = parse(page(site, LATER_URL))
    assert not tree.xpath("//p[@class='status']")
    assert tree.xpath("string(//meta[@name='robots']/@content)") != "noindex"
    for url in LISTINGS:
        assert LATER_URL in links_on(site, url), url


def test_scheduled_story_goes_live_through_the_command_line(make_site: SiteMaker) -> None:
    site = newsroom(make_site)
    runner = CliRunner()
    before = runner.invoke(main, ["build", "--source", str(site), "--now", NOW.isoformat()])
    assert before.exit_code == 0, before.output
    assert not page(site, LATER_URL).exists()
    after = runner.invoke(
        main, ["build", "--source", str(site), "--now", "2024-10-05T06:15:00+07:00"]
    )
    assert after.exit_code == 0, after.output
    assert page(site, LATER_URL).exists()
    assert LATER_URL in links_on(site, "/")


def test_expired_story_keeps_a_noindex_notice_and_leaves_every_listing(
    make_site: SiteMaker,
) -> None:
    site = newsroom(make_site)
    build_site(site, now=at("2024-09-29T23:59:00+07:00"))
    assert "Isi berita yang diturunkan." in page(site, OLD_URL).read_text(encoding="utf-8")
    assert OLD_URL in links_on(site, "/")

    build_site(site, now=at("2024-09-30T00:00:00+07:00"))
    notice = parse(page(site, OLD_URL))
    assert notice.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert notice.xpath("string(//h1)") == "Berita ini sudah tidak tersedia"
    text = notice.text_content()
    assert "Isi berita yang diturunkan." not in text
    assert "Berita Lama" not in text
    for url in LISTINGS:
        assert OLD_URL not in links_on(site, url), url
    assert not page(site, "/tag/khusus-lama/").exists()
    # an old address of the story still leads to the notice
    redirect = (site / "public/lama/berita/index.html").read_text(encoding="utf-8")
    assert OLD_URL in redirect


def test_drafts_never_reach_public_without_the_drafts_flag(make_site: SiteMaker) -> None:
    site = newsroom(make_site)
    site.joinpath("content/pages/rencana.md").parent.mkdir(parents=True, exist_ok=True)
    site.joinpath("content/pages/rencana.md").write_text(
        "---\ntitle: Rencana Liputan\ndraft: true\n---\n\nRencana rahasia.\n", encoding="utf-8"
    )
    build_site(site)
    public = site / "public"
    everything = "".join(
        f.read_text(encoding="utf-8", errors="replace") for f in public.rglob("*") if f.is_file()
    )
    assert "Isi draf rahasia." not in everything
    assert "Berita Draf" not in everything
    assert "Rencana rahasia." not in everything
    assert not page(site, DRAFT_URL).exists()
    assert not (public / "draf/lama/index.html").exists()
    assert not (public / "rencana/index.html").exists()
    assert not [f for f in public.rglob("*draf-foto*")]


def test_drafts_flag_builds_drafts_marked_and_kept_from_search(make_site: SiteMaker) -> None:
    site = newsroom(make_site)
    site.joinpath("content/pages/rencana.md").parent.mkdir(parents=True, exist_ok=True)
    site.joinpath("content/pages/rencana.md").write_text(
        "---\ntitle: Rencana Liputan\ndraft: true\n---\n\nRencana rahasia.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", "--source", str(site), "--now", NOW.isoformat(), "--drafts"]
    )
    assert result.exit_code == 0, result.output
    for url in (DRAFT_URL, "/rencana/"):
        tree = parse(page(site, url))
        assert tree.xpath("string(//p[@class='status'])") == "DRAF: belum terbit", url
        assert tree.xpath("string(//meta[@name='robots']/@content)") == "noindex", url
    assert DRAFT_URL not in links_on(site, "/")
    assert list((site / "public").rglob("*draf-foto*"))  # its photo comes along


def test_preview_shows_scheduled_stories_marked(make_site: SiteMaker) -> None:
    site = newsroom(make_site)
    build_site(site, preview=True, drafts=True)
    tree = parse(page(site, LATER_URL))
    assert tree.xpath("string(//p[@class='status'])") == (
        "TERJADWAL: terbit Sabtu, 5 Oktober 2024 06:00 WIB"
    )
    assert tree.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert LATER_URL not in links_on(site, "/")
