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
import importlib
import json
import os
import secrets
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from ..errors import NewsdeskError, StoreError, StoryNotFound
from ..store import Store
from . import data, models
from .charts import SparkBox, spark_area, spark_points
from .text import paragraph_pieces, safe_link

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
STATUSES = {"corroborated", "single-source", "disputed", "doubtful"}
SHOWN_APART = {"disputed", "timeline"}  # briefing sections the story page shows in their own layout
_DEFAULT = object()


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

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return fn(self.store, *args, **kwargs)

    def read_cached(self, key: str, fn: Callable[..., Any], *args: Any) -> Any:
        """Like :meth:`read`, reusing the last result until the desk changes.

        SQLite's ``data_version`` moves when another connection (an ingest, a
        collector) commits; ``total_changes`` when this one writes.
        """
        with self.lock:
            version = (self.store.conn.execute("PRAGMA data_version").fetchone()[0], self.store.conn.total_changes)
            hit = self._cache.get(key)
            if hit is None or hit[0] != version:
                hit = (version, fn(self.store, *args))
                self._cache[key] = hit
            return hit[1]

    def close(self) -> None:
        with self.lock:
            self.store.close()


def default_report_builder() -> Callable[..., dict[str, Any]] | None:
    """``newsdesk.report.story_report`` when this installation has it, else None."""
    try:
        module = importlib.import_module("newsdesk.report")
    except ModuleNotFoundError as exc:
        if exc.name != "newsdesk.report":
            raise
        return None
    return getattr(module, "story_report", None)


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(spark_points=spark_points, spark_area=spark_area, spark_box=SparkBox(),
                       chart_box=SparkBox(640, 160, 4), paragraph_pieces=paragraph_pieces,
                       safe_link=safe_link, source_numbers=source_numbers, shown_apart=SHOWN_APART,
                       status_class=lambda s: s if s in STATUSES else "other")
    env.filters["when"] = lambda iso: (iso or "")[:16].replace("T", " ")
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
               report: Any = _DEFAULT, writable: bool = False, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The desk at ``db_path`` as a web app (``report``: a story report builder, default newsdesk's).

    Requests must name this server in their Host header: 127.0.0.1, localhost, ::1, the
    ``allowed_hosts`` (the bound address, ``--allow-host`` names) or $NEWSDESK_ALLOW_HOSTS.
    """
    desk = Desk(db_path, writable=writable)
    builder = default_report_builder() if report is _DEFAULT else report

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        desk.close()

    app = FastAPI(title="newsdesk", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Stories, their coverage over time and their cited briefings. "
                              "Every HTML page has a .json twin with the same data.")
    app.state.desk, app.state.options, app.state.report = desk, options, builder
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    guard = RequestGuard.for_hosts(allowed_hosts)
    env = templates()
    env.globals["csrf_token"] = guard.token
    app.add_middleware(RequestGuard, hosts=guard.hosts, token=guard.token, writable=writable)
    _add_security_headers(app)  # outermost: refusals carry the headers too
    _add_error_pages(app, env)
    _add_routes(app, env)
    return app


# -- the request guard: Host allow-list, writes only with Origin + token, sane parameters ------------
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_PATH_CHARS = 2_000
MAX_PARAM_CHARS = 1_000
MAX_FORM_BYTES = 8_192
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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

    def __init__(self, app, *, hosts: frozenset[str], token: str, writable: bool = True) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token
        self.writable = writable  # a read-only desk has no writes to guard: its router answers 405

    @classmethod
    def for_hosts(cls, extra: Iterable[str]) -> "RequestGuard":
        env = os.environ.get("NEWSDESK_ALLOW_HOSTS", "").split(",")
        hosts = frozenset(host_name(h) for h in (*LOCAL_HOSTS, *extra, *env) if h.strip())
        return cls(None, hosts=hosts, token=secrets.token_urlsafe(32))

    async def __call__(self, scope, receive, send) -> None:
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


def _parameter_problem(scope) -> str | None:
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


async def _read_form(receive) -> bytes | None:
    """The request body, or None when it is larger than a form ever is."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_FORM_BYTES:
            return None
        if not message.get("more_body"):
            return body


def _form_field(body: bytes, name: str) -> str | None:
    for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if key == name:
            return value
    return None


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response (errors and static files too)."""

    def __init__(self, app) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in self.raw}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + self.raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_security_headers(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)


def _add_error_pages(app: FastAPI, env: jinja2.Environment) -> None:
    @app.exception_handler(StoryNotFound)
    async def story_not_found(request: Request, exc: StoryNotFound):
        return _not_found(env, request, str(exc))


def _not_found(env: jinja2.Environment, request: Request, message: str):
    if request.url.path.endswith(".json"):
        return JSONResponse({"error": message}, status_code=404)
    html = env.get_template("error.html").render(message=message, json_url=None, query="")
    return HTMLResponse(html, status_code=404)


REGION = Query(None, pattern="^[A-Za-z]{2}$", description="country code for a regional angle")


def _renderer(env: jinja2.Environment) -> Callable[..., HTMLResponse]:
    def page(name: str, page_data: dict[str, Any], json_url: str, query: str = "") -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(page=page_data, json_url=json_url, query=query))

    return page


def _add_routes(app: FastAPI, env: jinja2.Environment) -> None:
    desk: Desk = app.state.desk
    options: data.WebOptions = app.state.options
    page = _renderer(env)

    @app.get("/index.json", response_model=models.FrontPage, summary="Stories ranked by current buzz")
    def front_json():
        return desk.read_cached("front", data.front_page, options)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_html():
        return page("front.html", desk.read_cached("front", data.front_page, options), "/index.json")

    @app.get("/search.json", response_model=models.SearchPage, summary="Full-text search (FTS5)")
    def search_json(q: str = ""):
        return desk.read(data.search_page, q, options)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(q: str = ""):
        found = desk.read(data.search_page, q, options)
        return page("search.html", found, "/search.json?q=" + _quote(found["query"]), found["query"])

    _add_story_routes(app, page)
    _add_article_routes(app, env, page)


def _add_story_routes(app: FastAPI, page: Callable[..., HTMLResponse]) -> None:
    desk: Desk = app.state.desk
    options: data.WebOptions = app.state.options
    can_build = desk.writable and app.state.report is not None

    @app.get("/story/{story_id}.json", response_model=models.StoryPage,
             summary="One story: coverage series, spikes, its last built briefing and sources")
    def story_json(story_id: str, region: str | None = REGION):
        return _story(desk, options, story_id, region, can_build)

    @app.get("/story/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(story_id: str, region: str | None = REGION):
        found = _story(desk, options, story_id, region, can_build)
        return page("story.html", found, found["url"] + ".json" + (f"?region={found['region']}" if region else ""))

    if can_build:
        _add_build_endpoint(app, desk, REGION)


def _add_article_routes(app: FastAPI, env: jinja2.Environment, page: Callable[..., HTMLResponse]) -> None:
    desk: Desk = app.state.desk

    @app.get("/article/{article_id}.json", response_model=models.ArticlePage,
             responses={404: {"model": models.Problem}}, summary="One article with its quoted spans")
    def article_json(request: Request, article_id: str, hl: str | None = Query(None, description="START-END")):
        found = _article(desk, article_id, hl)
        return found if found else _not_found(env, request, f"no article {article_id!r}")

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(request: Request, article_id: str, hl: str | None = None):
        found = _article(desk, article_id, hl)
        if not found:
            return _not_found(env, request, f"no article {article_id!r}")
        return page("article.html", found, f"/article/{found['id']}.json")


def _story(desk: Desk, options: data.WebOptions, story_id: str, region: str | None,
           can_build: bool) -> dict[str, Any]:
    return desk.read(data.story_page, story_id, options, region=region.upper() if region else None,
                     can_build=can_build)


def _add_build_endpoint(app: FastAPI, desk: Desk, region_query) -> None:
    """POST /story/{id}/brief: build the story's briefing (writable desks only)."""

    @app.post("/story/{story_id}/brief", status_code=303, summary="Build and cache a story's briefing",
              responses={303: {"description": "built; see the story page"}, 403: {"model": models.Problem}})
    def build_briefing(story_id: str, region: str | None = region_query):
        region = region.upper() if region else None
        try:
            desk.read(lambda store: app.state.report(store, store.story(story_id)["id"], region=region))
        except StoryNotFound:
            raise
        except NewsdeskError as exc:
            return JSONResponse({"error": f"the briefing could not be built: {exc}"}, status_code=500)
        target = f"/story/{story_id}" + (f"?region={region}" if region else "")
        return RedirectResponse(target, status_code=303)


def _article(desk: Desk, article_id: str, hl: str | None) -> dict[str, Any] | None:
    return desk.read(data.article_page, article_id, hl=hl)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
