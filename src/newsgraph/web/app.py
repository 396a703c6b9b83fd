"""The web app: server-rendered pages and a JSON API over one open store (FastAPI).

Why server-rendered Jinja2 with autoescape: article text is hostile input; every value reaches HTML
through the template engine's escaping (or highlight.py, which escapes too). The JavaScript libraries
(Leaflet, topojson-client + world-atlas, Cytoscape.js, vis-timeline, uPlot) are copied from npm
into static/vendor/ at set-up (`make web-assets`); nothing is loaded from the network at run time.

Writes (POST /api/articles) need the bearer token given by ``--token`` or ``NEWSGRAPH_TOKEN``; without
a configured token the server is read-only.

``serve`` answers only requests whose Host header is on an allow-list (the bind address, localhost,
127.0.0.1, plus the ``allowed_hosts`` setting and ``--allow-host``): a page on another site cannot
read the API through DNS rebinding, and no foreign Host is echoed in a redirect. Query strings and
paths pass the store's text rule (storable.py) before any handler sees them.
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from urllib.parse import parse_qsl, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.errors import UsageError
from newsgraph.settings import load_settings
from newsgraph.storable import is_storable, storable
from newsgraph.store import Store, open_store
from newsgraph.version import __version__
from newsgraph.web.cache import ViewCache
from newsgraph.web.cache import warm as warm_cache

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
TOKEN_ENV = "NEWSGRAPH_TOKEN"
# Largest request body accepted (bytes). The schema allows an article text of 900,000 characters,
# which JSON may escape to 6 bytes each (\uXXXX): 8 MB holds the largest valid body, so a text over
# its length limit is refused as invalid (422, as the schema says) and only bodies no valid request
# can reach are cut off (413) before they are parsed. `newsgraph ingest` is the way to load big files.
MAX_BODY_BYTES = 8 * 1024 * 1024
# Vendor files the pages need; their absence is reported on the pages and skips the browser tests.
VENDOR_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "topojson-client/topojson-client.min.js",
                "world-atlas/countries-110m.json", "cytoscape/cytoscape.min.js", "vis-timeline/vis-timeline-graph2d.min.js",
                "uplot/uPlot.iife.min.js")


def vendor_missing() -> list[str]:
    """Vendor files not installed (empty when `make web-assets` has run)."""
    return [f for f in VENDOR_FILES if not (VENDOR / f).is_file()]


class BodyLimit:
    """Rejects request bodies over ``max_bytes`` with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    await _too_large(scope, receive, send, self.max_bytes)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # an HTTPException passes through FastAPI's body parsing unchanged: 413, not 400
                    raise HTTPException(413, f"request body larger than {self.max_bytes} bytes")
            return message

        await self.app(scope, limited, send)


class StorableRequest:
    """Applies the store's text rule to the query string and the path: a NUL (``%00``) becomes U+FFFD
    before any handler sees it (PostgreSQL refuses NUL in every text parameter; surrogates cannot
    arrive, percent-decoding replaces invalid UTF-8)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            path = scope.get("path", "")
            if b"%00" in query or b"\x00" in query:
                pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8",
                                  errors="replace")
                query = urlencode([(storable(k), storable(v)) for k, v in pairs]).encode("ascii")
                scope = {**scope, "query_string": query}
            if not is_storable(path):
                scope = {**scope, "path": storable(path)}
            if scope.get("method") == "GET" and not path.startswith("/api/") and query:
                # a page's filter form sends its empty fields ("since=&type="): on pages they mean unset
                pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
                if any(v == "" for _, v in pairs):
                    kept = [(k, v) for k, v in pairs if v != ""]
                    scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)


def default_hosts(bind: str) -> list[str]:
    """Host names a server bound to ``bind`` answers by default: its address and the loopback names."""
    hosts = [bind, "localhost", "127.0.0.1"]
    return [h for h in dict.fromkeys(hosts) if h and h not in ("0.0.0.0", "::")]


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = JSONResponse({"detail": f"request body larger than {limit} bytes"}, status_code=413)
    await response(scope, receive, send)


# Defence in depth behind escaping: scripts only from this server (no inline script anywhere), no
# plugins, no framing. Styles allow 'unsafe-inline' because Leaflet positions its layers with style
# attributes and vis-timeline injects its stylesheet; images allow data: (the empty favicon).
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                 b"frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def templates_env() -> Environment:
    """Jinja2 with autoescape on for every template (HTML only here)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return env


def create_app(db: str | None = None, *, token: str | None = None, store: Store | None = None,
               allowed_hosts: list[str] | None = None, warm: bool = False) -> FastAPI:
    """The app over the store at ``db`` (or an already open ``store``).

    ``warm``: at start, compute in a thread what the first visits of the events, map and timeline pages
    need (web/cache.py; ``serve`` does: on a big store each takes a second or more).
    ``token``: bearer token that allows writes; None reads ``NEWSGRAPH_TOKEN``; empty means read-only.
    ``allowed_hosts``: Host header values answered (others get 400); None: no check (an app embedded
    behind a proxy that checks; ``serve`` always passes its list).
    """
    from newsgraph.web import routes_api, routes_pages

    @asynccontextmanager
    async def lifespan(app_: FastAPI):
        if warm:
            threading.Thread(target=warm_cache, args=(app_.state.view_cache, app_.state.store, app_.state.warmed),
                             name="newsgraph-warm", daemon=True).start()
        yield
        if app_.state.owns_store:  # a store passed in belongs to the caller
            app_.state.store.close()

    app = FastAPI(title="newsgraph", lifespan=lifespan, version=__version__,
                  # Swagger UI would load its files from a CDN; /api-reference renders the schema here
                  description="Evidence-backed facts about armed conflicts from many news outlets. Every "
                              "fact points to (article, start, end) offsets into the article's clean text.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store if store is not None else open_store(db)
    app.state.owns_store = store is None
    app.state.token = token if token is not None else load_settings().token or None
    app.state.write_lock = threading.Lock()  # one writer per process (the store has a single writer)
    app.state.templates = templates_env()
    app.state.view_cache = ViewCache()  # answers kept until the store changes (cache.py)
    app.state.warmed = threading.Event()  # set when the warm-up (warm=True) has run
    app.state.vendor_missing = vendor_missing()
    if app.state.vendor_missing:
        log.warning("web assets missing (%s): run `make web-assets`", ", ".join(app.state.vendor_missing))
    app.include_router(routes_api.router)
    app.include_router(routes_pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(StorableRequest)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # outermost: the Host check's 400 gets the headers too
    app.state.allowed_hosts = allowed_hosts
    _install_error_handlers(app)

    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template("error.html").render(status=status, message=message, request=request)
    return HTMLResponse(html, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        if _wants_html(request):
            problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
                                 for e in exc.errors())
            return _error_page(request, 422, f"invalid request: {problems}")
        return JSONResponse({"detail": _jsonable_errors(exc)}, status_code=422)

    @app.exception_handler(UsageError)
    async def _usage(request: Request, exc: UsageError):
        if _wants_html(request):
            return _error_page(request, 422, str(exc))
        # the shape of every 422 the schema documents (FastAPI's HTTPValidationError)
        return JSONResponse({"detail": [{"loc": ["query"], "msg": str(exc), "type": "usage_error"}]},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method the path has, not only the first route's
            headers["Allow"] = ", ".join(_allowed_methods(request.app, request.url.path))
        if _wants_html(request):
            page = _error_page(request, exc.status_code, str(exc.detail))
            page.headers.update(headers)
            return page
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers or None)


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    methods: set[str] = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path_regex.match(path):
            methods |= set(route.methods or ())
    methods.discard("HEAD")  # answered for every GET by Starlette, never documented
    return sorted(methods)


def _jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Validation errors without the raw input (it may be an 8 MB body) and with plain types only."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]


def serve(db: str | None = None, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          allowed_hosts: list[str] | None = None) -> None:
    """Run the web app with uvicorn until interrupted. Requests whose Host is not the bind address,
    localhost, 127.0.0.1, a host of the ``allowed_hosts`` setting or of ``allowed_hosts`` get 400."""
    import uvicorn

    extra = [h.strip() for h in load_settings().allowed_hosts.split(",") if h.strip()]
    app = create_app(db, token=token, allowed_hosts=[*default_hosts(host), *extra, *(allowed_hosts or [])], warm=True)
    log.info("serving %s on http://%s:%d/", app.state.store.location, host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
