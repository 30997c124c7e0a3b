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

import importlib
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Callable

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from ..errors import NewsdeskError, StoreError, StoryNotFound
from ..pubdate import how_found
from ..timeutil import shown
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
    env.filters["when"] = shown
    env.filters["dated"] = lambda iso: shown(iso) or "undated"  # a date of the news
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
               report: Any = _DEFAULT, writable: bool = False) -> FastAPI:
    """The desk at ``db_path`` as a web app (``report``: a story report builder, default newsdesk's)."""
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
    _add_security_headers(app)
    _add_error_pages(app, templates())
    _add_routes(app, templates())
    return app


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
    def build_briefing(request: Request, story_id: str, region: str | None = region_query):
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
    return desk.read(data.article_page, article_id, hl=hl)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
