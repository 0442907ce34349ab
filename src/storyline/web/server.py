"""`storyline serve`: the dossier as a local, read-only web app (GET only, no files from the URL)."""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, unquote, urlsplit

from storyline.errors import StorylineError
from storyline.store import SearchHit, open_store
from storyline.web.dossier import load_dossier
from storyline.web.pages import Filters, NotFound, Site

# Only these bytes are ever served as files: no path from the URL reaches the file system.
STATIC = {
    "/static/style.css": ("style.css", "text/css; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
}
PAGES = ("story", "quote", "entity", "article")
# Filters apply after full-text ranking, so fetch enough hits for them to choose from.
SEARCH_LIMIT = 10_000
LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def static_file(name: str) -> bytes:
    return files("storyline.web").joinpath("static", name).read_bytes()


@dataclass(slots=True, kw_only=True)
class App:
    """The pages of one store; reloads the dossier when the store file changes on disk."""

    location: str
    _site: Site | None = None
    _stamp: tuple[float, ...] = ()
    _static: dict[str, bytes] = field(default_factory=dict)

    _lock: threading.Lock = field(default_factory=threading.Lock)

    def site(self) -> Site:
        with self._lock:
            stamp = self._file_stamp()
            if self._site is None or stamp != self._stamp:
                # The indexes are read here; each request thread then reads what its page
                # shows through a store connection of its own.
                with open_store(self.location, read_only=True) as store:
                    dossier = load_dossier(store, opener=lambda: open_store(self.location, read_only=True))
                self._site = Site(dossier=dossier, mode="app")
                self._site.overview()  # made now, while nobody waits for a page
                # Opening the store may create an empty -wal file: no change to reload for.
                # A write meanwhile keeps the old stamp, so the next page reloads.
                after = self._file_stamp()
                unchanged = after[:2] == stamp[:2] and after[3] in (stamp[3], 0.0)
                self._stamp = after if unchanged else stamp
            return self._site

    def _file_stamp(self) -> tuple[float, ...]:
        if "://" in self.location and not self.location.startswith("sqlite://"):
            # A database server: the last run, and whether it has finished, says what changed.
            with open_store(self.location, read_only=True) as store:
                run = store.last_run()
            return (float(run.id), float(run.finished is not None), 0.0, 0.0) if run else (0.0,) * 4
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.location + suffix)
                out += [st.st_mtime, float(st.st_size)]
            except OSError:
                out += [0.0, 0.0]
        return tuple(out)

    def search(self, query: str) -> list[SearchHit]:
        # A connection per search: SQLite connections belong to the thread that opened them.
        with open_store(self.location, read_only=True) as store:
            return store.search(query, limit=SEARCH_LIMIT)

    def respond(self, raw_path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a GET of ``raw_path``."""
        try:
            parts = urlsplit(raw_path)
        except ValueError:
            parts = urlsplit("/404")
        path = parts.path
        if path in STATIC:
            name, ctype = STATIC[path]
            if name not in self._static:
                self._static[name] = static_file(name)
            return 200, ctype, self._static[name]
        site = self.site()
        try:
            return 200, "text/html; charset=utf-8", self._page(site, path, parts.query).encode()
        except NotFound as exc:
            return (
                404,
                "text/html; charset=utf-8",
                site.error(404, f"{exc}: the link may be stale; start from the overview").encode(),
            )

    def _page(self, site: Site, path: str, query: str) -> str:
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=False).items()}
        if path in ("/", "/index.html"):
            return site.overview()
        if path == "/timeline":
            page = params.get("page", "1")
            return site.timeline(_filters(params), int(page) if page.isdigit() and len(page) < 9 else 1)
        if path == "/search":
            return site.run_search(_filters(params), self.search)
        kind, sep, ref = path.strip("/").partition("/")
        ref = unquote(ref)
        if sep and kind in PAGES and ref and "/" not in ref:
            return getattr(site, kind)(ref)  # type: ignore[no-any-return]
        raise NotFound(f"no page at {path!r}")


def _filters(params: dict[str, str]) -> Filters:
    return Filters(
        q=params.get("q", "")[:500],
        outlet=params.get("outlet", ""),
        date_from=params.get("from", "").strip(),
        date_to=params.get("to", "").strip(),
        entity=params.get("entity", ""),
        story=params.get("story", ""),
    )


def make_handler(app: App, *, host: str = "127.0.0.1", quiet: bool = False) -> type[BaseHTTPRequestHandler]:
    # Another site's page could resolve its own name to 127.0.0.1 (DNS rebinding): answer only
    # requests addressed to this machine's local names, unless serving on every address on purpose.
    any_host = host in ("0.0.0.0", "::", "")
    allowed = {*LOCAL_NAMES, host.lower()}

    class Handler(BaseHTTPRequestHandler):
        server_version = "storyline"
        sys_version = ""
        timeout = 15  # an idle connection must not hold a worker forever

        def do_GET(self) -> None:
            self._serve(body=True)

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def _refuse(self) -> None:
            self._send(
                405,
                "text/html; charset=utf-8",
                self._error_page(405, "this app only reads: use GET"),
                True,
                {"Allow": "GET, HEAD"},
            )

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

        def _host_ok(self) -> bool:
            if any_host:
                return True
            name = (self.headers.get("Host") or "").strip().lower()
            name = name.split("]", 1)[0] + "]" if name.startswith("[") else name.split(":", 1)[0]
            return name in allowed

        def _serve(self, *, body: bool) -> None:
            if not self._host_ok():
                self._send(400, "text/plain; charset=utf-8", b"400: unknown Host header", body)
                return
            try:
                status, ctype, payload = app.respond(self.path)
            except Exception:
                # The visitor gets a page; the traceback goes to the terminal running the server.
                traceback.print_exc(file=sys.stderr)
                status, ctype = 500, "text/html; charset=utf-8"
                payload = self._error_page(
                    500, "the page could not be made; the terminal running `storyline serve` shows why"
                )
            self._send(status, ctype, payload, body)

        def _error_page(self, status: int, message: str) -> bytes:
            try:
                return app.site().error(status, message).encode()
            except Exception:
                return f"<!doctype html><title>{status}</title><p>{status}: {message}</p>".encode()

        def _send(
            self, status: int, ctype: str, payload: bytes, body: bool, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            for k, v in {**SECURITY_HEADERS, **(extra or {})}.items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            if not quiet:
                line = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", format % args)
                sys.stderr.write(f"{self.address_string()} {line}\n")

    return Handler


class PortInUse(StorylineError):
    """The address to serve on is taken."""


class DossierServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog (5) drops connections of a burst before a thread
    # can take them; each accepted request gets its own thread.
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        # A visitor closing the tab mid-answer is not an error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(
    location: str, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False
) -> ThreadingHTTPServer:
    """A server for the store at ``location`` (loaded once now, so a bad store fails before serving)."""
    # Bring an older store's schema up to date once, before any page opens it read-only;
    # the store's own location is its file path (whatever scheme ``location`` used).
    with open_store(location) as store:
        path = store.location
    app = App(location=path)
    app.site()
    server_class: type[DossierServer] = DossierServer
    if ":" in host:
        server_class = type("DossierServer6", (DossierServer,), {"address_family": socket.AF_INET6})
    try:
        return server_class((host, port), make_handler(app, host=host, quiet=quiet))
    except OSError as exc:
        raise PortInUse(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another with --port"
        ) from exc
