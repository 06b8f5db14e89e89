"""``newsgen serve``: a preview on 127.0.0.1 that rebuilds on save and tells open tabs to reload.

The server runs in a thread on a free port; every wait is bounded.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from watchfiles import Change

from newsgen import serve
from newsgen.cli import main
from newsgen.serve import EVENTS, Outcome, Server, error_page, inject
from newsgen.watch import SiteWatcher
from tests.conftest import NOW, SiteMaker, article

A = "content/articles/2024/09/a.md"
A_URL = "/2024/09/27/judul-berita/"
LATER_URL = "/2024/12/01/berita-terjadwal/"
DRAFT_URL = "/2024/09/28/berita-draf/"
WAIT = 8.0  # seconds: the longest any single wait below may take


def until(condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def get(url: str) -> tuple[int, str, str]:
    """Status, content type and text of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


class Events:
    """The reload signal, read over HTTP as the page's script reads it."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").rstrip("/").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
        self.connection.request("GET", EVENTS)
        self.response = self.connection.getresponse()
        assert self.response.headers["Content-Type"] == "text/event-stream"

    def next(self) -> str:
        """The next version the server announces."""
        while True:
            line = self.response.readline().decode()
            if not line:
                raise AssertionError("event stream closed")
            if line.startswith("data: "):
                return line[len("data: ") :].strip()

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def preview(make_site: SiteMaker, tmp_path: Path) -> Iterator[tuple[Server, list[Outcome]]]:
    site = make_site(
        {
            A: article(body="Paragraf pertama."),
            "content/articles/2024/12/later.md": article(
                title="Berita Terjadwal", date="2024-12-01T08:00:00+07:00"
            ),
            "content/articles/2024/09/draft.md": article(
                title="Berita Draf", date="2024-09-28T08:00:00+07:00", draft="true"
            ),
        }
    )
    server = Server(site, port=0, clock=lambda: NOW)
    stop = threading.Event()
    outcomes: list[Outcome] = []
    runner = threading.Thread(target=serve.run, args=(server, stop, outcomes.append))
    with server:
        server.start()
        runner.start()
        until(lambda: outcomes and server.watching.is_set(), "the first build and the watchers")
        yield server, outcomes
        stop.set()
        runner.join(WAIT)
        assert not runner.is_alive()


def edit(site: Path, rel: str, text: str) -> None:
    (site / rel).write_text(text, encoding="utf-8")


def test_edit_rebuilds_and_signals_reload_and_errors_show_then_recover(
    preview: tuple[Server, list[Outcome]],
) -> None:
    server, outcomes = preview
    base, site = server.url, server.site_dir
    assert outcomes[0].ok, outcomes[0].errors

    status, kind, page = get(base + A_URL.lstrip("/"))
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "Paragraf pertama." in page
    assert page.count(serve.RELOAD_SCRIPT) == 1
    built = server.directory / A_URL.strip("/") / "index.html"
    assert serve.RELOAD_SCRIPT not in built.read_text(encoding="utf-8")
    assert not (site / "public").exists()

    events = Events(base)
    try:
        first = events.next()
        edit(site, A, article(body="Paragraf yang sudah diperbaiki."))
        second = events.next()
        assert second != first
        assert "Paragraf yang sudah diperbaiki." in get(base + A_URL.lstrip("/"))[2]
        until(lambda: len(outcomes) >= 2, "the rebuild to be reported")
        assert outcomes[1].changed == (A,) and outcomes[1].ok

        # A mistake: every HTML request shows every error line; the server keeps going.
        edit(site, A, article(date="12/03", body="Paragraf rusak."))
        third = events.next()
        assert third != second
        for url in ("", A_URL.lstrip("/"), "kategori/politik/", "tidak-ada/"):
            status, _, page = get(base + url)
            assert status == 500, url
            tree = lxml_html.fromstring(page)
            assert tree.xpath("//ol[@class='errors']/li/code/text()") == [
                f"{A}:3: date: expected an ISO 8601 date such as 2024-09-27T14:30:00+07:00 "
                "(got '12/03')"
            ]
            assert serve.RELOAD_SCRIPT in page
        assert get(base + "css/newsgen.css")[0] == 200  # styles still come through

        # Fixing the file recovers by itself.
        edit(site, A, article(body="Paragraf yang pulih."))
        assert events.next() != third
        status, _, page = get(base + A_URL.lstrip("/"))
        assert status == 200
        assert "Paragraf yang pulih." in page
        # Old builds are cleared away; the newest and the one before it stay.
        until(lambda: len(list(server.output_dir.iterdir())) <= 2, "old builds to go")
    finally:
        events.close()


def test_drafts_and_scheduled_stories_are_shown_marked(
    preview: tuple[Server, list[Outcome]],
) -> None:
    server, outcomes = preview
    report = outcomes[0].report
    assert report is not None
    assert report.previews == (
        ("draft", "Berita Draf", DRAFT_URL),
        ("scheduled", "Berita Terjadwal", LATER_URL),
    )
    for url, mark in ((DRAFT_URL, "DRAF: belum terbit"), (LATER_URL, "TERJADWAL: terbit")):
        status, _, page = get(server.url + url.lstrip("/"))
        assert status == 200
        tree = lxml_html.fromstring(page)
        assert tree.xpath("string(//p[@class='status'])").startswith(mark)


def test_site_yaml_and_new_template_folder_are_watched(
    preview: tuple[Server, list[Outcome]],
) -> None:
    server, outcomes = preview
    site = server.site_dir
    count = len(outcomes)
    edit(site, "site.yaml", "title: Warta Baru\nbase_url: https://uji.example\n")
    until(lambda: len(outcomes) > count, "a rebuild after site.yaml changed")
    assert outcomes[-1].changed == ("site.yaml",)
    assert "Warta Baru" in get(server.url)[2]

    (site / "templates").mkdir()
    until(lambda: len(outcomes) > count + 1, "a rebuild after templates/ appeared")
    until(server.watching.is_set, "the watchers to take in templates/")
    count = len(outcomes)
    edit(site, "templates/footer.html", "<footer>Kaki halaman uji</footer>\n")
    until(
        lambda: any("templates/footer.html" in o.changed for o in outcomes[count:]),
        "a rebuild after a template changed",
    )
    until(lambda: "Kaki halaman uji" in get(server.url)[2], "the new footer")


def test_missing_pages_get_the_404_page(preview: tuple[Server, list[Outcome]]) -> None:
    server, _ = preview
    status, _, page = get(server.url + "tidak-ada/")
    assert status == 404
    assert serve.RELOAD_SCRIPT in page
    assert get(server.url + "_newsgen/version")[0] == 200


def test_inject_places_the_script_before_the_body_ends() -> None:
    assert inject(b"<html><body><p>x</p></BODY></html>") == (
        b"<html><body><p>x</p>" + serve.RELOAD_SCRIPT.encode() + b"</BODY></html>"
    )
    assert inject(b"plain") == b"plain" + serve.RELOAD_SCRIPT.encode()


def test_error_page_escapes_and_lists_every_line() -> None:
    page = error_page(("a.md:1: title: <b>bad</b>", "b.md:2: date: worse")).decode()
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//h1/text()") == ["The site has 2 errors"]
    assert tree.xpath("//li/code/text()") == ["a.md:1: title: <b>bad</b>", "b.md:2: date: worse"]


def test_a_busy_port_is_one_clear_line(make_site: SiteMaker) -> None:
    site = make_site({A: article()})
    with Server(site, port=0) as taken:
        port = str(taken.httpd.server_address[1])
        result = CliRunner().invoke(main, ["serve", "--source", str(site), "--port", port])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cannot serve on 127.0.0.1:{port}: ")
    assert result.stderr.rstrip().endswith("try another --port")


def test_passing_temporary_files_are_not_reported(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("x", encoding="utf-8")
    watcher = SiteWatcher(tmp_path, threading.Event())
    batch = {
        (Change.added, str(tmp_path / "content/sedX1")),
        (Change.deleted, str(tmp_path / "content/sedX1")),
        (Change.modified, str(tmp_path / "content/a.md")),
        (Change.deleted, str(tmp_path / "content/gone.md")),
    }
    assert watcher._lasting(batch) == ("content/a.md", "content/gone.md")


def test_the_terminal_hears_of_each_build_once(capsys: pytest.CaptureFixture[str]) -> None:
    from newsgen.cli import PreviewLog
    from newsgen.errors import BuildWarning
    from newsgen.options import BuildReport

    report = BuildReport(
        articles=3,
        pages_written=10,
        pages_unchanged=2,
        files_written=12,
        photos=1,
        warnings=(BuildWarning(A, 5, "image.alt", "missing alt text"),),
        seconds=0.25,
        previews=(("draft", "Berita Draf", DRAFT_URL),),
    )
    log = PreviewLog()
    log(Outcome((), report, (), 0.25))
    log(Outcome((A,), report, (), 0.2))
    log(Outcome((A,), None, (f"{A}:3: date: bad",), 0.1))
    log(Outcome((A,), report, (), 0.2))
    out, err = capsys.readouterr()
    line = "3 articles, 10 pages written, 2 pages unchanged, 1 photo processed, 1 warning in 0.25 s"
    assert out.splitlines() == [
        line,
        f"  draft: Berita Draf -> {DRAFT_URL}",
        f"{A} changed: {line}",
        f"{A} changed: {line}",
    ]
    assert err.splitlines() == [
        f"warning: {A}:5: image.alt: missing alt text",
        f"{A}:3: date: bad",
        f"{A} changed: build failed: 1 error; the browser shows them until they are fixed",
        f"warning: {A}:5: image.alt: missing alt text",
    ]
