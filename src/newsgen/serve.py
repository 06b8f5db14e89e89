"""``newsgen serve``: build a preview, serve it on localhost, rebuild on every save, reload tabs.

The preview shows drafts and scheduled stories (each marked on its page) and is built into
its own folder, never ``public/``. Every rebuild goes through `build.build`, so it gains
whatever makes builds faster. Served HTML gets a small script that listens for rebuilds
(Server-Sent Events at ``/_newsgen/events``) and reloads the tab; the built files stay as a
build makes them. While the site has errors, every page request gets a page listing them,
and the next good build takes their place by itself.

Nothing here prints: the caller hears of each build through a callback.
"""

from __future__ import annotations

import html
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsgen.build import build
from newsgen.errors import BuildFailed, NewsgenError
from newsgen.options import BuildOptions, BuildReport
from newsgen.watch import SiteWatcher

EVENTS = "/_newsgen/events"
VERSION = "/_newsgen/version"
CACHE_DIR = ".newsgen-cache"
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream

RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;"
    f'var events=new EventSource("{EVENTS}");'
    "events.onmessage=function(e){if(seen!==null&&e.data!==seen){location.reload();}"
    "seen=e.data;};})();</script>"
)
_BODY_END = re.compile(rb"</body\s*>", re.I)


@dataclass(frozen=True)
class Outcome:
    """One build of the preview: its report, or the errors that stopped it."""

    changed: tuple[str, ...]  # files (relative to the site) that caused it; () for the first
    report: BuildReport | None
    errors: tuple[str, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return self.report is not None


def inject(page: bytes) -> bytes:
    """``page`` with the live-reload script before its closing body tag."""
    script = RELOAD_SCRIPT.encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + script
    at = ends[-1].start()
    return page[:at] + script + page[at:]


def error_page(errors: tuple[str, ...]) -> bytes:
    """A readable page of every error line, which reloads itself once they are fixed."""
    noun = "error" if len(errors) == 1 else "errors"
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    text = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Build failed - newsgen</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }}
body {{ padding: 0 1rem; }}
h1 {{ color: #a4161a; font-size: 1.4rem; }}
li {{ margin: 0.5rem 0; }}
code {{ white-space: pre-wrap; word-break: break-word; }}
</style></head>
<body>
<h1>The site has {len(errors)} {noun}</h1>
<p>Fix the file named on each line and save: this page reloads by itself.</p>
<ol class="errors">
{items}
</ol>
</body>
</html>
"""
    return inject(text.encode("utf-8"))


class _State:
    """What the HTTP threads read and the build loop writes: the folder served, a version
    that changes with every build, and the errors of the last one."""

    def __init__(self, directory: Path) -> None:
        self.changed = threading.Condition()
        self.directory = directory
        self.version = f"{secrets.token_hex(4)}-0"
        self.count = 0
        self.errors: tuple[str, ...] = ()
        self.closing = False

    def publish(self, errors: tuple[str, ...], directory: Path | None = None) -> None:
        with self.changed:
            self.count += 1
            self.version = f"{self.version.split('-')[0]}-{self.count}"
            self.errors = errors
            self.directory = directory or self.directory
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def wait(self, seen: str, timeout: float) -> tuple[str, bool]:
        """The version once it differs from ``seen`` (or ``timeout`` passed), and closing."""
        with self.changed:
            self.changed.wait_for(lambda: self.closing or self.version != seen, timeout)
            return self.version, self.closing


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams do not hold up the end

    def __init__(self, address: tuple[str, int], state: _State) -> None:
        self.state = state

        def handler(*args: Any) -> _Handler:
            return _Handler(*args, directory=str(state.directory))

        super().__init__(address, handler)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the preview folder; HTML gets the reload script, or the error page."""

    server: _HTTPServer

    @property
    def state(self) -> _State:
        return self.server.state

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal is for build results."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
        elif path == VERSION:
            self._send(HTTPStatus.OK, self.state.version.encode(), "text/plain; charset=utf-8")
        elif self.state.errors and _is_page(path):
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, error_page(self.state.errors))
        else:
            self._page_or_file(path)

    def _page_or_file(self, path: str) -> None:
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                super().do_GET()  # redirects to the address with its slash
                return
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            self._send(HTTPStatus.OK, inject(file.read_bytes()))
        elif not file.exists() and _is_page(path):
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                self._send(HTTPStatus.NOT_FOUND, inject(missing.read_bytes()))
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
        else:
            super().do_GET()

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str = "text/html; charset=utf-8"
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Tell the page the current version, then every new one, until it goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        state, sent = self.state, ""
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                version, closing = state.wait(sent, KEEP_ALIVE)
                if closing:
                    return
                if version != sent:
                    self.wfile.write(f"data: {version}\n\n".encode())
                    sent = version
                else:
                    self.wfile.write(b": still here\n\n")
        except (BrokenPipeError, ConnectionResetError):
            return


def _is_page(path: str) -> bool:
    """Whether a request asks for a page rather than a style sheet, photo or feed."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith((".html", ".htm")) or "." not in last


def _remove_later(folders: list[Path]) -> None:
    """Remove ``folders`` in a background thread; what is left, the next preview removes."""

    def remove() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    if folders:
        threading.Thread(target=remove, name="newsgen-cleanup", daemon=True).start()


def system_clock() -> datetime:
    return datetime.now(UTC)


class Server:
    """The preview of one site: its build folders, HTTP server and file watchers.

    Every build updates one folder under ``output_dir`` in place, file by file (each file is
    replaced atomically), remaking only what changed; requests are answered from it.
    """

    def __init__(
        self,
        site_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        output_dir: Path | None = None,
        clock: Callable[[], datetime] = system_clock,
    ) -> None:
        self.site_dir = site_dir
        self.output_dir = output_dir or site_dir / CACHE_DIR / "serve"
        self.clock = clock
        self.output_dir.mkdir(parents=True, exist_ok=True)
        # Folders of an earlier preview; its site folder is updated in place instead.
        leftovers = sorted(p for p in self.output_dir.iterdir() if p.name != "site")
        self.state = _State(self.output_dir)
        self.watching = threading.Event()  # set once every watcher is in place
        self.httpd = _HTTPServer((host, port), self.state)
        self._thread: threading.Thread | None = None
        self._session, self._builds = secrets.token_hex(4), 0
        _remove_later(leftovers)

    @property
    def directory(self) -> Path:
        """The folder that requests are answered from: the newest good build."""
        return self.state.directory

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        return f"http://{shown}:{port}/"

    def start(self) -> str:
        """Answer requests from a background thread; the URL back."""
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), name="newsgen-http", daemon=True
        )
        self._thread.start()
        return self.url

    def close(self) -> None:
        """Stop answering and end open event streams."""
        self.state.close()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rebuild(self, changed: tuple[str, ...] = ()) -> Outcome:
        """Build the preview; open tabs reload to the result, good or bad."""
        started = time.perf_counter()
        self._builds += 1
        target = self.output_dir / "site"
        options = BuildOptions(
            site_dir=self.site_dir,
            output_dir=target,
            now=self.clock(),
            drafts=True,
            preview=True,
        )
        try:
            report = build(options)
        except NewsgenError as error:
            failed = error.errors if isinstance(error, BuildFailed) else (error,)
            errors = tuple(item.message for item in failed)
            self.state.publish(errors)
            return Outcome(changed, None, errors, time.perf_counter() - started)
        self.state.publish((), target)
        return Outcome(changed, report, (), time.perf_counter() - started)

    def changes(self, stop: threading.Event) -> Iterator[tuple[str, ...]]:
        """The site files changed since the last answer, as they change, until ``stop``."""
        yield from SiteWatcher(self.site_dir, stop, self.watching).changes()


def run(server: Server, stop: threading.Event, report: Callable[[Outcome], None]) -> None:
    """Build, then rebuild on every change until ``stop`` is set; each outcome to ``report``."""
    report(server.rebuild())
    for changed in server.changes(stop):
        report(server.rebuild(changed))
