"""The web desk: FastAPI app factory, server-rendered pages and their ``.json`` twins.

Every page ``/x`` has a twin ``/x.json`` built by the same data function
(:mod:`newsdesk.web.data`); the JSON API is described at ``/openapi.json``.
Article text is untrusted: Jinja2 autoescaping is on for every template, links
are kept only when they are http(s), and a strict Content-Security-Policy
allows scripts and styles from this server alone (no inline code at all).
The desk is opened read-only (SQLite ``query_only``). With ``writable``, one
explicit endpoint writes: ``POST /story/{id}/brief`` builds (and caches) a
story's briefing; GET requests never write.
"""
from __future__ import annotations

import hmac
import json
import os
import secrets
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..display import dated, outlet_name, warm, when
from ..errors import NewsdeskError, StoreError, StoryNotFound
from ..pubdate import how_found
from ..store import Store
from . import data, feeds, labels, models
from .charts import SparkBox, spark_area, spark_points
from .front import FrontFilters
from .text import paragraph_pieces, safe_link

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}  # same-origin: forms send their Origin
STATUSES = {"corroborated", "single-source", "disputed", "doubtful"}
SHOWN_APART = {"disputed", "timeline"}  # briefing sections the story page shows in their own layout
_DEFAULT = object()
CACHED_PAGES = 200  # page data kept for reuse until the desk changes (least recently used dropped first)
T = TypeVar("T")


class Desk:
    """The open store, guarded by a lock (one SQLite connection shared by the worker threads)."""

    def __init__(self, db_path: str | Path, *, writable: bool) -> None:
        path = Path(db_path)
        if not path.is_file():
            raise StoreError(f"no desk at {path}: run `newsdesk --db {path} ingest PATH...` first")
        self.store = Store(path)
        self.writable = writable
        if not writable:
            self.store.conn.execute("PRAGMA query_only = ON")
        self.lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, int], Any]] = {}

    def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return fn(self.store, *args, **kwargs)

    def read_cached(self, key: str, fn: Callable[..., T], *args: Any) -> T:
        """Like :meth:`read`, reusing the last result until the desk changes.

        SQLite's ``data_version`` moves when another connection (an ingest, a
        collector) commits; ``total_changes`` when this one writes.
        """
        with self.lock:
            version = (self.store.conn.execute("PRAGMA data_version").fetchone()[0], self.store.conn.total_changes)
            hit = self._cache.pop(key, None)
            if hit is None or hit[0] != version:
                hit = (version, fn(self.store, *args))
            self._cache[key] = hit  # most recently used last
            while len(self._cache) > CACHED_PAGES:
                self._cache.pop(next(iter(self._cache)))
            return hit[1]

    def close(self) -> None:
        with self.lock:
            self.store.close()


def default_report_builder() -> Callable[..., dict[str, Any]]:
    """``newsdesk.report.story_report``, imported when an app is made (it loads the analysis stages)."""
    from ..report import story_report

    return story_report


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(spark_points=spark_points, spark_area=spark_area, spark_box=SparkBox(),
                       chart_box=SparkBox(640, 160, 4), paragraph_pieces=paragraph_pieces,
                       safe_link=safe_link, source_numbers=source_numbers, shown_apart=SHOWN_APART,
                       status_class=lambda s: s if s in STATUSES else "other", status_label=labels.status_label,
                       flag_label=labels.flag_label, kind_label=labels.kind_label, outlet=outlet_name)
    env.filters["when"] = when
    env.filters["dated"] = dated  # a date of the news: "undated" when there is none
    env.filters["date_source"] = how_found
    return env


def source_numbers(origins: list[dict[str, Any]], report: dict[str, Any] | None = None) -> dict[str, int]:
    """Citation numbers: the report's own source numbers, else each article's place in the source list."""
    numbers: dict[str, int] = {}
    listed = ((report or {}).get("briefing") or {}).get("sources") or []
    for entry in listed:
        if isinstance(entry, dict) and isinstance(entry.get("n"), int) and entry.get("article"):
            numbers[entry["article"]] = entry["n"]
    next_number = max(numbers.values(), default=0) + 1
    for article_id in (a["id"] for group in origins for a in group["articles"]):
        if article_id not in numbers:
            numbers[article_id] = next_number
            next_number += 1
    return numbers


def create_app(db_path: str | Path, *, options: data.WebOptions = data.WebOptions(),
               report: Any = _DEFAULT, writable: bool = False, base_url: str | None = None,
               allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The desk at ``db_path`` as a web app (``report``: a story report builder, default newsdesk's;
    ``base_url``: the address readers use, for absolute links in feeds, default the request's).

    Requests must name this server in their Host header: 127.0.0.1, localhost, ::1, the
    ``allowed_hosts`` (the bound address, ``--allow-host`` names) or $NEWSDESK_ALLOW_HOSTS.
    """
    desk = Desk(db_path, writable=writable)
    builder = default_report_builder() if report is _DEFAULT else report

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warm()
        yield
        desk.close()

    app = FastAPI(title="newsdesk", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Stories, their coverage over time and their cited briefings. "
                              "Every HTML page has a .json twin with the same data.")
    app.state.desk, app.state.options, app.state.report = desk, options, builder
    app.state.base_url, app.state.csrf = (base_url or "").rstrip("/") or None, secrets.token_urlsafe(24)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = templates()
    env.globals.update(csrf_token=app.state.csrf, writable=writable, feed_url=None)
    app.add_middleware(RequestGuard, hosts=allowed_hosts_of(allowed_hosts), token=app.state.csrf, writable=writable)
    _add_security_headers(app)  # outermost: the guard's refusals carry the headers too
    _add_error_pages(app, env)
    _add_routes(app, env)
    _add_follow_routes(app, env)
    _add_feed_routes(app)
    return app


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.raw}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + self.raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_security_headers(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)


# -- the request guard: Host allow-list, writes only with Origin + token, sane parameters ------------
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_PATH_CHARS = 2_000
MAX_PARAM_CHARS = 1_000
MAX_FORM_BYTES = 8_192
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def allowed_hosts_of(extra: Iterable[str]) -> frozenset[str]:
    """The host names this server answers to: the loopback names, ``extra``, $NEWSDESK_ALLOW_HOSTS."""
    env = os.environ.get("NEWSDESK_ALLOW_HOSTS", "").split(",")
    return frozenset(host_name(h) for h in (*LOCAL_HOSTS, *extra, *env) if h.strip())


def host_name(value: str) -> str:
    """A Host header (or an Origin's host part) without its port, lower-case, IPv6 without brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class RequestGuard:
    """ASGI middleware in front of every route.

    - DNS rebinding: a request whose Host header is not one of this server's names is refused
      (400), so a web page elsewhere cannot read the desk through a name it controls.
    - Cross-site writes: on a writable desk, a POST (or any unsafe method) needs an Origin, when
      sent, of this server, and the page's CSRF token (form field ``csrf`` or header
      ``X-CSRF-Token``): else 403.
    - Input: a path or query parameter that is over-long or holds a NUL character is a 400,
      before any route sees it.
    """

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str], token: str, writable: bool = True) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token
        self.writable = writable  # a read-only desk has no writes to guard: its router answers 405

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = self._host_problem(headers) or _parameter_problem(scope)
        if problem:
            await _refuse(send, 400, problem)
            return
        if self.writable and scope["method"] not in SAFE_METHODS:
            body = await _read_form(receive)
            problem = self._write_problem(headers, body)
            if problem:
                await _refuse(send, 403 if body is not None else 413, problem)
                return
            assert body is not None  # a missing body is a problem above
            receive = _replay(body)
        await self.app(scope, receive, send)

    def _host_problem(self, headers: dict[str, str]) -> str | None:
        host = headers.get("host")
        if not host:
            return "no Host header"
        if host_name(host) not in self.hosts:
            return ("unknown Host header: this desk answers only to its own address "
                    "(serve with --allow-host NAME to add one)")
        return None

    def _write_problem(self, headers: dict[str, str], body: bytes | None) -> str | None:
        if body is None:
            return f"request body over {MAX_FORM_BYTES} bytes"
        origin = headers.get("origin")
        if origin is not None and origin not in (f"http://{headers['host']}", f"https://{headers['host']}"):
            return "cross-site request refused"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "cross-site request refused"
        sent = headers.get("x-csrf-token") or _form_field(body, "csrf")
        if not sent or not hmac.compare_digest(sent, self.token):
            return "missing or wrong CSRF token: use the button on the story page"
        return None


def _parameter_problem(scope: Scope) -> str | None:
    path = scope.get("path", "")
    if len(path) > MAX_PATH_CHARS or "\x00" in path:
        return "bad path: too long or holds a NUL character"
    try:
        query = scope.get("query_string", b"").decode("latin-1")
        pairs = parse_qsl(query, keep_blank_values=True)
    except ValueError:
        return "bad query string"
    for name, value in pairs:
        if len(value) > MAX_PARAM_CHARS or len(name) > 100 or "\x00" in value or "\x00" in name:
            return f"bad parameter {name[:40]!r}: too long (over {MAX_PARAM_CHARS} characters) or holds a NUL"
    return None


async def _read_form(receive: Receive) -> bytes | None:
    """The request body, or None when it is larger than a form ever is."""
    body = b""
    while True:
        message = await receive()
        chunk: bytes = message.get("body", b"")
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
        if not message.get("more_body"):
            return body


def _form_field(body: bytes, name: str) -> str | None:
    for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if key == name:
            return value
    return None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _add_error_pages(app: FastAPI, env: jinja2.Environment) -> None:
    @app.exception_handler(StoryNotFound)
    async def story_not_found(request: Request, exc: StoryNotFound) -> Response:
        return _not_found(env, request, str(exc))


def _not_found(env: jinja2.Environment, request: Request, message: str) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse({"error": message}, status_code=404)
    html = env.get_template("error.html").render(message=message, json_url=None, query="")
    return HTMLResponse(html, status_code=404)


REGION = Query(None, pattern="^[A-Za-z]{2}$", description="country code for a regional angle")
DAY_FROM = Query(None, alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$", description="stories seen on or after this day")
DAY_TO = Query(None, alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$", description="stories first seen by this day")
PAGE = Query(1, alias="page", ge=1, le=100_000, description="page of the list")
SOURCES_PAGE = Query(1, ge=1, le=100_000, description="page of the story's sources (independent origins)")
OUTLETS = Query(None, pattern="^all$", description="'all': every outlet's perspective, not only the first")


def _renderer(env: jinja2.Environment) -> Callable[..., HTMLResponse]:
    def page(name: str, page_data: dict[str, Any], json_url: str, query: str = "", **extra: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(page=page_data, json_url=json_url, query=query,
                                                          feed_url=extra.pop("feed_url", None), **extra))

    return page


def _add_routes(app: FastAPI, env: jinja2.Environment) -> None:
    desk: Desk = app.state.desk
    options: data.WebOptions = app.state.options
    page = _renderer(env)

    @app.get("/index.json", response_model=models.FrontPage, summary="Stories ranked by current buzz")
    def front_json(q: str = Query("", max_length=200), since: str | None = DAY_FROM, until: str | None = DAY_TO,
                   conflicts: bool = False, page_number: int = PAGE) -> dict[str, Any]:
        filters = FrontFilters(q.strip(), since, until, conflicts, page_number)
        return desk.read_cached(f"front:{filters!r}", data.front_page, options, filters)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_html(q: str = Query("", max_length=200), since: str | None = DAY_FROM, until: str | None = DAY_TO,
                   conflicts: bool = False, page_number: int = PAGE) -> HTMLResponse:
        filters = FrontFilters(q.strip(), since, until, conflicts, page_number)
        found = desk.read_cached(f"front:{filters!r}", data.front_page, options, filters)
        return page("front.html", found, "/index.json" + _query_string(filters.as_query()), filters.q,
                    feed_url="/feeds/stories.atom")

    @app.get("/search.json", response_model=models.SearchPage, summary="Full-text search (FTS5)")
    def search_json(q: str = "") -> dict[str, Any]:
        return desk.read(data.search_page, q, options)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(q: str = "") -> HTMLResponse:
        found = desk.read(data.search_page, q, options)
        return page("search.html", found, "/search.json?q=" + _quote(found["query"]), found["query"])

    _add_story_routes(app, page)
    _add_article_routes(app, env, page)


def _add_story_routes(app: FastAPI, page: Callable[..., HTMLResponse]) -> None:
    desk: Desk = app.state.desk
    options: data.WebOptions = app.state.options
    can_build = desk.writable and app.state.report is not None

    @app.get("/story/{story_id}.json", response_model=models.StoryPage,
             summary="One story: coverage series, spikes, its last built briefing, perspectives and sources")
    def story_json(story_id: str, region: str | None = REGION, sources_page: int = SOURCES_PAGE,
                   outlets: str | None = OUTLETS) -> dict[str, Any]:
        return _story(desk, options, story_id, region, can_build, sources_page, outlets == "all")

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(story_id: str, region: str | None = REGION, sources_page: int = SOURCES_PAGE,
                   outlets: str | None = OUTLETS) -> HTMLResponse:
        found = _story(desk, options, story_id, region, can_build, sources_page, outlets == "all")
        return page("story.html", found, found["url"] + ".json" + (f"?region={found['region']}" if region else ""),
                    feed_url=f"/feeds/story/{found['id']}.atom")

    if can_build:
        _add_build_endpoint(app, desk, REGION)


def _add_article_routes(app: FastAPI, env: jinja2.Environment, page: Callable[..., HTMLResponse]) -> None:
    desk: Desk = app.state.desk

    @app.get("/article/{article_id}.json", response_model=models.ArticlePage,
             responses={404: {"model": models.Problem}}, summary="One article with its quoted spans")
    def article_json(request: Request, article_id: str, hl: str | None = Query(None, description="START-END")
                     ) -> dict[str, Any] | Response:
        found = _article(desk, article_id, hl)
        return found if found else _not_found(env, request, f"no article {article_id!r}")

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(request: Request, article_id: str, hl: str | None = None) -> Response:
        found = _article(desk, article_id, hl)
        if not found:
            return _not_found(env, request, f"no article {article_id!r}")
        return page("article.html", found, f"/article/{found['id']}.json")


def _story(desk: Desk, options: data.WebOptions, story_id: str, region: str | None, can_build: bool,
           sources_page: int = 1, all_outlets: bool = False) -> dict[str, Any]:
    """The story page's data, rebuilt only when the desk changed since the same page was last asked for."""
    region = region.upper() if region else None
    key = f"story:{story_id}:{region}:{sources_page}:{all_outlets}"
    found: dict[str, Any] = desk.read_cached(key, lambda store: data.story_page(
        store, story_id, options, region=region, can_build=can_build, sources_page=sources_page,
        all_outlets=all_outlets))
    return found


def _add_build_endpoint(app: FastAPI, desk: Desk, region_query: Any) -> None:  # region_query: a Query()
    """POST /story/{id}/brief: build the story's briefing (writable desks only)."""

    @app.post("/story/{story_id}/brief", status_code=303, summary="Build and cache a story's briefing",
              responses={303: {"description": "built; see the story page"}, 403: {"model": models.Problem}})
    def build_briefing(request: Request, story_id: str, region: str | None = region_query) -> Response:
        if not _same_origin(request):
            return JSONResponse({"error": "cross-site request refused"}, status_code=403)
        region = region.upper() if region else None
        try:
            desk.read(lambda store: app.state.report(store, store.story(story_id)["id"], region=region))
        except StoryNotFound:
            raise
        except NewsdeskError as exc:
            return JSONResponse({"error": f"the briefing could not be built: {exc}"}, status_code=500)
        target = f"/story/{story_id}" + (f"?region={region}" if region else "")
        return RedirectResponse(target, status_code=303)


def _same_origin(request: Request) -> bool:
    """A browser's POST carries Origin: accept none (scripts, curl) or this server's own."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def _article(desk: Desk, article_id: str, hl: str | None) -> dict[str, Any] | None:
    found: dict[str, Any] | None = desk.read(data.article_page, article_id, hl=hl)
    return found


def _query_string(params: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(params) if params else ""


def _base(app: FastAPI, request: Request) -> str:
    """The address readers use: ``serve --base-url``, else the one this request came to."""
    return app.state.base_url or str(request.base_url).rstrip("/")


def _add_feed_routes(app: FastAPI) -> None:
    """Atom feeds: the front page's stories, a saved search's articles, a story's articles."""
    desk: Desk = app.state.desk
    options: data.WebOptions = app.state.options

    def atom_response(feed: dict[str, Any], base: str) -> Response:
        return Response(feeds.atom(feed, base), media_type=feeds.MEDIA_TYPE + "; charset=utf-8")

    @app.get("/feeds/stories.atom", summary="Atom feed of the front page's stories", response_class=Response)
    def stories_feed(request: Request) -> Response:
        base = _base(app, request)
        front = desk.read_cached("front:" + repr(FrontFilters()), data.front_page, options, FrontFilters())
        return atom_response({"path": "/feeds/stories.atom", "title": "newsdesk: stories", "alternate": base + "/",
                              "entries": feeds.story_entries(front["stories"], base)}, base)

    @app.get("/feeds/search/{name}.atom", summary="Atom feed of a saved search", response_class=Response)
    def search_feed(request: Request, name: str) -> Response:
        follow = desk.read(lambda store: store.follow(name))
        if not follow or follow["kind"] != "search":
            return JSONResponse({"error": f"no saved search {name!r}: `newsdesk follow search NAME QUERY` saves one"},
                                status_code=404)
        base = _base(app, request)
        return atom_response(desk.read(feeds.search_feed, follow, base), base)

    @app.get("/feeds/story/{story_id}.atom", summary="Atom feed of a story's articles", response_class=Response)
    def story_feed(request: Request, story_id: str) -> Response:
        base = _base(app, request)
        return atom_response(desk.read(lambda store: feeds.story_feed(store, store.story(story_id), base)), base)


def write_allowed(request: Request, form: dict[str, str], token: str) -> bool:
    """A write from one of this server's own forms: same origin and the page's token.

    (Kept small on purpose: the server-wide Origin/CSRF middleware replaces it.)
    """
    return _same_origin(request) and secrets.compare_digest(form.get("csrf", ""), token)


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form body, each field once (no multipart parser needed)."""
    from urllib.parse import parse_qsl

    body = (await request.body())[:20_000].decode("utf-8", "replace")
    return dict(parse_qsl(body, keep_blank_values=True))


def _add_follow_routes(app: FastAPI, env: jinja2.Environment) -> None:
    """What the reader follows (GET), and following or unfollowing (POST, writable desks only)."""
    desk: Desk = app.state.desk
    page = _renderer(env)

    @app.get("/follows.json", summary="Saved searches and followed stories, with their feeds",
             response_model=None)  # as before the annotation: no response model
    def follows_json() -> dict[str, Any]:
        return desk.read(data.follows_page)

    @app.get("/follows", response_class=HTMLResponse, include_in_schema=False)
    def follows_html() -> HTMLResponse:
        return page("follows.html", desk.read(data.follows_page), "/follows.json")

    if not desk.writable:
        return

    @app.post("/follows", status_code=303, summary="Follow a search or a story (writable desks only)")
    async def follow(request: Request) -> Response:
        form = await _form(request)
        if not write_allowed(request, form, app.state.csrf):
            return JSONResponse({"error": "cross-site or stale form refused: reload the page"}, status_code=403)
        try:
            desk.read(data.add_follow, form)
        except NewsdeskError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return RedirectResponse("/follows", status_code=303)

    @app.post("/follows/{name}/delete", status_code=303, summary="Stop following (writable desks only)")
    async def unfollow(request: Request, name: str) -> Response:
        if not write_allowed(request, await _form(request), app.state.csrf):
            return JSONResponse({"error": "cross-site or stale form refused: reload the page"}, status_code=403)
        desk.read(lambda store: store.remove_follow(name))
        return RedirectResponse("/follows", status_code=303)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
