"""Collect and watch: poll due sources, follow new entries to their pages, ingest them.

One :meth:`Collector.collect` run:

1. polls every due source (feeds with conditional GET; Trends feeds), several
   hosts at a time, one request at a time per host; records every fetch, stores
   new entries (de-duplicated by GUID/link per source) and Trends sightings;
2. fetches the pages of pending entries (up to ``max_entries`` per source),
   skipping URLs already in the desk, and ingests them through the ingest loop
   files and archives go through (:func:`newsdesk.ingestion.ingest_documents`;
   content near-duplicates are grouped into origins there);
3. settles every entry (ingested / duplicate / skipped / failed, or left
   pending after a transient failure, up to ``max_attempts`` runs), links
   Trends queries to the stories of their news items' articles, and reports
   per source.

All store writes happen on the calling thread; worker threads only fetch.
A set ``stop`` event ends the run after the write in progress.
"""
from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..errors import UnsupportedInput
from ..ingestion import ingest_documents
from ..pipeline import IngestOptions, reading_pool
from ..records import IngestOutcome, RawDoc
from ..textutil import canonical_url, words
from ..timeutil import from_iso, to_iso, utcnow
from ..workers import one_line
from .feeds import FeedEntry, ParsedFeed, parse_source_task
from .http import Fetcher, FetchOptions, FetchResult
from .settings import is_policy_block
from .trends import TrendsFeed, geo_of

__all__ = ["CollectOptions", "CollectReport", "Collector", "SourceReport", "page_content_type"]

MAX_FAILURES_LISTED = 50
_NOT_ATTEMPTS = ("cancelled", "deferred")  # transient reasons that do not use up an entry's attempts


@dataclass(frozen=True, slots=True)
class CollectOptions:
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_entries: int = 30  # entry pages followed per source per run (the rest wait for the next run)
    max_attempts: int = 3  # runs in which an entry's page may fail transiently before it is given up
    fallback_words: int = 60  # an entry text this long is ingested when its page cannot be fetched
    force: bool = False  # poll sources even when they are not due
    min_backoff: float = 60.0  # a failing source waits at least this, doubled per failure ...
    max_backoff: float = 86_400.0  # ... up to this
    log_days: int = 90  # fetch-log rows older than this are pruned
    ingest: IngestOptions = field(default_factory=IngestOptions)


@dataclass(slots=True)
class SourceReport:
    """What one source gave in one run."""

    id: int | None
    url: str
    kind: str
    status: str = "not polled"  # ok | not modified | failed | pages
    reason: str = ""
    warning: str | None = None
    entries: int = 0  # entries (or Trends queries) in the document
    new: int = 0  # entries not seen before
    counts: Counter = field(default_factory=Counter)  # ingested, duplicate, skipped, failed, retry later
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason), first few

    def fail(self, url: str, reason: str, bucket: str) -> None:
        self.counts[bucket] += 1
        if len(self.failures) < MAX_FAILURES_LISTED:
            self.failures.append((url, reason))


@dataclass(slots=True)
class CollectReport:
    started: datetime
    finished: datetime | None = None
    sources: list[SourceReport] = field(default_factory=list)
    stopped: bool = False

    def totals(self) -> Counter:
        total: Counter = Counter()
        for source in self.sources:
            total.update(source.counts)
        return total


@dataclass(slots=True)
class _Job:
    """One page to fetch, for one or more entries (several feeds may list the same URL)."""

    uri: str  # the entry link (or a feed-entry pseudo-URI when it has none)
    url: str | None
    entries: list[tuple[int, str]] = field(default_factory=list)  # (source id, entry key)
    info: dict[str, Any] | None = None  # feed metadata and, when long enough, the entry text


class Collector:
    """Runs collect cycles against one desk. Close it (or use ``with``) when done."""

    def __init__(self, store, options: CollectOptions = CollectOptions(), *, embedder=None,
                 resolve=None, on_event: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.options = options
        self.fetcher = Fetcher(options.fetch, resolve=resolve)
        self._embedder = embedder  # None: the pipeline's own
        self._say = on_event or (lambda message: None)
        self._reports: dict[int, SourceReport] = {}
        self._pages_only = False

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> Collector:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- entry points -------------------------------------------------------------------
    def collect(self, source_ids: Iterable[int] | None = None,
                stop: threading.Event | None = None) -> CollectReport:
        """Poll due sources once and ingest their new entries."""
        stop = stop or threading.Event()
        report = CollectReport(started=utcnow())
        self.store.prune_fetch_log(report.started - timedelta(days=self.options.log_days))
        sources = self.store.due_sources(report.started, ids=source_ids, force=self.options.force)
        self._reports = {s["id"]: SourceReport(s["id"], s["url"], s["kind"]) for s in sources}
        report.sources = list(self._reports.values())
        polls = [(s, s["url"], {"etag": s["etag"], "last_modified": s["last_modified"], "purpose": s["kind"]})
                 for s in sources if not self._refused_source(s)]
        with contextlib.closing(self._fetch_many(polls, stop)) as results:
            for source, result in results:
                self._absorb_safely(source, result)
        if not stop.is_set():
            self._ingest(self._jobs(sources), stop)
        self._flush_side_log()
        report.finished, report.stopped = utcnow(), stop.is_set()
        return report

    def fetch_pages(self, urls: Iterable[str], stop: threading.Event | None = None) -> SourceReport:
        """Fetch and ingest single pages (``newsdesk fetch``)."""
        stop = stop or threading.Event()
        report = SourceReport(None, "(pages)", "pages", status="pages")
        self._reports = {0: report}
        jobs: dict[str, _Job] = {}
        for url in urls:
            refused = self.fetcher.refusal(url)
            if refused:
                report.fail(str(url), refused, "failed")
                continue
            found = self.store.article_for_url(url)
            if found:
                report.counts["duplicate"] += 1
                self._say(f"already in the desk: {url} (article {found[0]})")
                continue
            jobs.setdefault(canonical_url(url) or url, _Job(url, url, [(0, url)]))
        self._ingest(list(jobs.values()), stop, pages_only=True)
        self._flush_side_log()
        return report

    def watch(self, *, stop: threading.Event, cycles: int | None = None, max_sleep: float = 300.0,
              source_ids: Iterable[int] | None = None,
              on_report: Callable[[CollectReport], None] | None = None) -> int:
        """Collect repeatedly, sleeping until the next source is due; returns the cycles run."""
        done = 0
        ids = list(source_ids) if source_ids is not None else None
        while not stop.is_set():
            report = self.collect(ids, stop=stop)
            done += 1
            if on_report:
                on_report(report)
            if cycles is not None and done >= cycles:
                break
            stop.wait(self._sleep_time(max_sleep))
        return done

    def _sleep_time(self, max_sleep: float) -> float:
        due = from_iso(self.store.next_due())
        if due is None:
            return 0.0 if self.store.due_sources(utcnow()) else max_sleep
        return max(0.0, min(max_sleep, (due - utcnow()).total_seconds()))

    # -- phase 1: sources ---------------------------------------------------------------
    def _refused_source(self, source: dict) -> bool:
        """A source whose URL is never fetched fails at once (and is backed off like any failure)."""
        refused = self.fetcher.refusal(source["url"])
        if refused:
            result = FetchResult(url=source["url"], final_url=source["url"], fetched_at=utcnow(), reason=refused,
                                 purpose=source["kind"])
            self._absorb_safely(source, result)
        return refused is not None

    def _absorb_safely(self, source: dict, result: FetchResult) -> None:
        """Absorb one source's fetch; a failure there is that source's, and the run goes on."""
        try:
            self._absorb(source, result)
        except Exception as exc:
            report = self._reports[source["id"]]
            report.status, report.reason = "failed", f"could not be stored ({one_line(exc)})"
            self._say(f"source {source['id']} failed: {report.reason}")

    def _absorb(self, source: dict, result: FetchResult) -> None:
        report = self._reports[source["id"]]
        self.store.log_fetches([result], source_id=source["id"])
        now = utcnow()
        if result.reason.startswith(_NOT_ATTEMPTS):  # stopped, or the host asks us to wait: not a failure
            report.status, report.reason = "not polled", result.reason
        elif result.not_modified:
            report.status, report.reason = "not modified", "not modified"
            self._polled(source, result, now)
        elif not result.ok:
            self._source_failed(source, result, now, result.reason)
        else:
            problem = self._read_source_safely(source, result, report, now)
            if problem:
                self._source_failed(source, result, now, problem)
            else:
                report.status, report.reason = "ok", "ok"
                self._polled(source, result, now)
        detail = f"{report.entries} entries, {report.new} new" if report.status == "ok" else report.reason
        self._say(f"source {source['id']} {report.status}: {detail}")

    def _read_source_safely(self, source: dict, result: FetchResult, report: SourceReport,
                            now: datetime) -> str | None:
        """Parse and store a fetched source; the reason when it cannot be read."""
        try:
            self._read_source(source, result, report, now)
        except UnsupportedInput as exc:
            return str(exc)
        except (ValueError, TypeError, LookupError, RecursionError, MemoryError) as exc:
            # hostile documents can trip parser internals; one bad feed must not end the run
            return f"unreadable document ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"
        return None

    def _parsed(self, source: dict, result: FetchResult):
        """The fetched source parsed in the reading pool (a hostile feed can keep a parser busy for
        minutes: there it has the time budget of any document). Raises UnsupportedInput."""
        job = (source["kind"], result.content, result.final_url, result.content_type)
        [done] = reading_pool(self.options.ingest).map([(parse_source_task, job)])
        if not done.ok:
            raise UnsupportedInput(f"unreadable feed ({done.error})")
        if isinstance(done.value, str):
            raise UnsupportedInput(done.value)
        return done.value

    def _read_source(self, source: dict, result: FetchResult, report: SourceReport, now: datetime) -> None:
        if source["kind"] == "page":  # one page, ingested again whenever its content changes
            digest = hashlib.sha256(result.content).hexdigest()[:16]
            key = f"{canonical_url(result.final_url) or source['url']}#{digest}"
            report.entries = 1
            report.new = self.store.add_entries(source["id"], [{"key": key, "url": result.final_url}], now)
            return
        if source["kind"] == "trends":
            feed = self._parsed(source, result)
            report.entries, report.warning = len(feed.items), feed.warning
            report.new = self._store_trends(source, feed, now)
            return
        parsed = self._parsed(source, result)
        report.entries, report.warning = len(parsed.entries), parsed.warning
        if b"approx_traffic" in result.content[:200_000]:  # Trends' own element: queries, not articles
            report.warning = (f"this feed is in the Google Trends format: its items are search queries; "
                              f"`newsdesk sources remove {source['id']}` and `newsdesk sources add --kind trends "
                              f"{source['url']}` read it as one")
        if parsed.title and not source["title"]:
            self.store.set_source_title(source["id"], parsed.title)
        rows = [self._entry_row(e, source, parsed) for e in parsed.entries]
        report.new = self.store.add_entries(source["id"], rows, now)
        source["ttl_minutes"] = parsed.ttl_minutes

    def _entry_row(self, entry: FeedEntry, source: dict, parsed: ParsedFeed) -> dict[str, Any]:
        text = entry.content or entry.summary
        info = {"feed": source["url"], "feed_title": parsed.title or source["title"], "guid": entry.guid or "",
                "title": entry.title, "feed_published": to_iso(entry.published) or "",
                "feed_updated": to_iso(entry.updated) or "",
                "content": text if len(words(text)) >= self.options.fallback_words else ""}
        return {"key": entry.key, "url": entry.link, "title": entry.title,
                "feed_published": to_iso(entry.published), "fallback": info}

    def _store_trends(self, source: dict, feed: TrendsFeed, now: datetime) -> int:
        geo = feed.geo or geo_of(source["url"])
        rows = []
        for item in feed.items:
            qid = self.store.record_trend_sighting(
                item.query, geo, seen_at=now, via="feed", traffic=item.traffic, traffic_n=item.traffic_n,
                published=item.published, source_id=source["id"])
            self.store.record_trend_news(qid, item.news, now=now)
            for news in item.news:
                found = self.store.article_for_url(news.url)
                if found:
                    self.store.link_trend_url(news.url, found[0], now=now)
                rows.append({"key": canonical_url(news.url) or news.url, "url": news.url, "title": news.title,
                             "fallback": {"feed": source["url"], "feed_title": feed.title, "title": news.title,
                                          "outlet": news.source,  # the news item's own outlet, not the feed's
                                          "trend_query": item.query, "content": ""}})
        return self.store.add_entries(source["id"], [r for r in rows if r["url"]], now)

    def _polled(self, source: dict, result: FetchResult, now: datetime) -> None:
        interval = max(int(source["interval_s"]), 60 * (source.get("ttl_minutes") or 0))
        interval = min(interval, int(self.options.max_backoff))
        self.store.source_polled(source["id"], now=now, status=result.status, reason=result.reason, ok=True,
                                 next_due=now + timedelta(seconds=interval), etag=result.etag,
                                 last_modified=result.last_modified)

    def _source_failed(self, source: dict, result: FetchResult, now: datetime, reason: str) -> None:
        report = self._reports[source["id"]]
        report.status, report.reason = "failed", reason
        base = max(float(source["interval_s"]), self.options.min_backoff)
        wait = min(base * 2 ** min(int(source["failures"]), 16), self.options.max_backoff)
        if is_policy_block(reason):  # the desk's own rule, not the source's fault: no backoff
            wait = float(source["interval_s"])
        if result.retry_after:
            wait = max(wait, min(result.retry_after, self.options.max_backoff))
        gone = result.status == 410
        if gone:
            report.reason = f"{reason}: the feed is gone; source disabled"
        self.store.source_polled(source["id"], now=now, status=result.status, reason=report.reason, ok=False,
                                 next_due=now + timedelta(seconds=wait), disable=gone)

    # -- phase 2: pages -------------------------------------------------------------------
    def _jobs(self, sources: list[dict]) -> list[_Job]:
        jobs: dict[str, _Job] = {}
        now = utcnow()
        for source in sources:
            report = self._reports[source["id"]]
            pending = self.store.pending_entries(source["id"], limit=self.options.max_entries,
                                                 max_attempts=self.options.max_attempts)
            for entry in pending:
                key = (source["id"], entry["key"])
                refused = self.fetcher.refusal(entry["url"]) if entry["url"] else None
                if refused:  # never scheduled: refused and counted now
                    self.store.settle_entry(*key, status="failed", reason=refused, now=now)
                    report.fail(entry["url"], refused, "failed")
                    continue
                if not entry["url"]:
                    if entry["fallback"] and entry["fallback"].get("content"):
                        uri = f"{source['url']}#{entry['key']}"
                        jobs[uri] = _Job(uri, None, [key], entry["fallback"])
                    else:
                        self.store.settle_entry(*key, status="skipped", reason="no link and no text", now=now)
                        report.counts["skipped"] += 1
                    continue
                found = self.store.article_for_url(entry["url"])
                if found:
                    self._settle_known(key, entry["url"], found[0], report, now)
                    continue
                job = jobs.setdefault(canonical_url(entry["url"]) or entry["url"],
                                      _Job(entry["url"], entry["url"], [], entry["fallback"]))
                job.entries.append(key)
        return list(jobs.values())

    def _settle_known(self, key, url: str, article_id: str, report: SourceReport, now: datetime) -> None:
        self.store.settle_entry(*key, status="duplicate", reason="already in the desk", now=now,
                                article_id=article_id)
        self.store.link_trend_url(url, article_id, now=now)
        report.counts["duplicate"] += 1

    def _ingest(self, jobs: list[_Job], stop: threading.Event, *, pages_only: bool = False) -> None:
        if not jobs:
            return
        by_uri = {job.uri: job for job in jobs}
        self._pages_only = pages_only

        def settle(outcome: IngestOutcome) -> None:  # each page's entries, as soon as its outcome is known
            job = by_uri.get(outcome.uri)
            if job is not None:
                self._guarded(job, self._settle, job, outcome)

        ingest_documents(self.store, self._documents(jobs, stop), self.options.ingest, settle,
                         embedder=self._embedder)

    def _documents(self, jobs: list[_Job], stop: threading.Event) -> Iterator[RawDoc]:
        for job in jobs:
            if job.url is None and not stop.is_set():
                yield self._fallback_doc(job)
        fetches = [(job, job.url, {"purpose": "page"}) for job in jobs if job.url]
        with contextlib.closing(self._fetch_many(fetches, stop)) as results:
            for job, result in results:
                doc = self._page_doc(job, result)
                self._guarded(job, self.store.log_fetches, [result], source_id=self._log_source(job))
                if doc is not None:
                    yield doc
                elif job.info and job.info.get("content") and not result.transient:
                    yield self._fallback_doc(job)
                else:
                    self._guarded(job, self._page_failed, job, result)

    def _guarded(self, job: _Job, function: Callable, *args, **kwargs) -> None:
        """A store write for one page; when it fails, the page is reported and the run goes on."""
        try:
            function(*args, **kwargs)
        except Exception as exc:
            report = self._reports.get(job.entries[0][0] if job.entries else 0) or next(iter(self._reports.values()))
            report.fail(job.url or job.uri, f"could not be recorded ({one_line(exc)})", "failed")

    def _log_source(self, job: _Job) -> int | None:
        return None if self._pages_only or not job.entries else job.entries[0][0]

    def _page_doc(self, job: _Job, result: FetchResult) -> RawDoc | None:
        if not result.ok:
            return None
        content_type = page_content_type(result.content_type, result.content)
        if content_type is None:
            result.reason = f"not an article page ({result.content_type.split(';')[0] or 'no content type'})"
            result.transient = False
            return None
        info = job.info or {}
        return RawDoc(uri=job.uri, content=result.content, content_type=content_type, url=result.final_url,
                      fetched_at=result.fetched_at, source=info.get("outlet") or info.get("feed_title") or None,
                      meta={k: info[k] for k in ("feed", "feed_title", "guid", "feed_published", "feed_updated")
                            if info.get(k)})

    @staticmethod
    def _fallback_doc(job: _Job) -> RawDoc:
        info = job.info or {}
        meta = {k: info[k] for k in ("title", "feed", "feed_title", "guid", "feed_published", "feed_updated")
                if info.get(k)}
        meta["format"] = "feed-entry"
        return RawDoc(uri=job.uri, content=info.get("content", ""), content_type="text/plain", url=job.url,
                      fetched_at=utcnow(), source=info.get("outlet") or info.get("feed_title") or None, meta=meta)

    def _page_failed(self, job: _Job, result: FetchResult) -> None:
        now = utcnow()
        for source_id, key in job.entries:
            report = self._reports.get(source_id) or self._reports[0]
            if self._pages_only:
                report.fail(job.url or job.uri, result.reason, "failed")
            elif result.transient and result.reason.startswith(_NOT_ATTEMPTS):
                report.fail(job.url or job.uri, result.reason, "retry later")
            elif result.transient:
                gave_up = self.store.entry_failed(source_id, key, reason=result.reason, now=now,
                                                  max_attempts=self.options.max_attempts)
                report.fail(job.url or job.uri, result.reason, "failed" if gave_up else "retry later")
            else:
                self.store.settle_entry(source_id, key, status="failed", reason=result.reason, now=now)
                report.fail(job.url or job.uri, result.reason, "failed")

    def _settle(self, job: _Job, outcome: IngestOutcome) -> None:
        now = utcnow()
        status = outcome.status
        if outcome.article_id and job.url:
            self.store.link_trend_url(job.url, outcome.article_id, now=now)
        for source_id, key in job.entries:
            report = self._reports.get(source_id) or self._reports[0]
            if status == "skipped":
                report.fail(job.url or job.uri, outcome.reason, "skipped")
            else:
                report.counts[status] += 1
            if not self._pages_only:
                self.store.settle_entry(source_id, key, status=status, reason=outcome.reason, now=now,
                                        article_id=outcome.article_id)

    # -- fetching in parallel -------------------------------------------------------------
    def _fetch_many(self, items: list[tuple[Any, str, dict]],
                    stop: threading.Event) -> Generator[tuple[Any, FetchResult], None, None]:
        """Fetch URLs, one worker per host at a time, yielding results as they complete."""
        if not items:
            return
        by_host: dict[str, list] = {}
        for item in items:
            by_host.setdefault(_host(item[1]), []).append(item)
        halt = threading.Event()
        results: queue.Queue = queue.Queue(maxsize=self.options.fetch.concurrency)  # bodies wait here
        workers = min(self.options.fetch.concurrency, len(by_host))
        pool = _Pool(workers)
        try:
            for group in by_host.values():
                pool.submit(self._fetch_group, group, results, halt)
            yield from _drain(results, len(by_host), stop, halt)
        finally:
            halt.set()
            pool.shutdown(wait=not stop.is_set())  # on stop, in-flight fetches end on their own

    def _fetch_group(self, group: list, results: queue.Queue, halt: threading.Event) -> None:
        try:
            for payload, url, how in group:
                if halt.is_set():
                    break
                _put(results, (payload, self._fetch_one(url, how, halt)), halt)
        finally:
            _put(results, _DONE, halt)

    def _fetch_one(self, url: str, how: dict, halt: threading.Event) -> FetchResult:
        """One URL's result; whatever goes wrong is that URL's reason, never the worker's end."""
        try:
            return self.fetcher.fetch(url, etag=how.get("etag"), last_modified=how.get("last_modified"),
                                      purpose=how.get("purpose", "page"), cancel=halt)
        except Exception as exc:
            return FetchResult(url=str(url), final_url=str(url), fetched_at=utcnow(),
                               purpose=how.get("purpose", "page"), reason=f"fetch failed: {one_line(exc)}")

    def _flush_side_log(self) -> None:
        side = self.fetcher.side_log
        records = []
        while side:
            records.append(side.popleft())
        self.store.log_fetches(records)


_DONE = object()


def _put(results: queue.Queue, item: Any, halt: threading.Event | None) -> None:
    """Queue an item, giving up (except for the end marker) once the run is halted."""
    while True:
        try:
            results.put(item, timeout=0.1)
            return
        except queue.Full:
            if halt is not None and halt.is_set():
                return


def _drain(results: queue.Queue, producers: int, stop: threading.Event,
           halt: threading.Event) -> Iterator[tuple[Any, FetchResult]]:
    finished = 0
    while finished < producers:
        if stop.is_set():
            halt.set()
            return
        try:
            item = results.get(timeout=0.1)
        except queue.Empty:
            continue
        if item is _DONE:
            finished += 1
        else:
            yield item


class _Pool:
    """Daemon worker threads (a stuck fetch never keeps the process alive)."""

    def __init__(self, size: int) -> None:
        self._tasks: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._work, daemon=True, name=f"collect-{i}")
                         for i in range(max(1, size))]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            if task is None:
                return
            function, args = task
            try:
                function(*args)
            except BaseException:  # a worker must outlive any task: the run counts on every one of them
                continue

    def submit(self, function, *args) -> None:
        self._tasks.put((function, args))

    def shutdown(self, wait: bool = True) -> None:
        for _ in self._threads:
            self._tasks.put(None)
        if wait:
            for thread in self._threads:
                thread.join()


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFFED_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream", "text/xml",
                  "application/xml", "application/x-unknown", "unknown/unknown")


def page_content_type(content_type: str, body: bytes) -> str | None:
    """The type to extract a fetched page as (HTML, sniffed when mislabelled), or None."""
    mime, _, params = content_type.partition(";")
    mime = mime.strip().lower()
    charset = f"; {params.strip()}" if "charset" in params.lower() else ""
    if mime in _HTML_TYPES:
        return "text/html" + charset
    if mime not in _SNIFFED_TYPES:
        return None
    head = body[:4096].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p>" in head:
        return "text/html" + charset
    return "text/plain" + charset if mime in ("", "text/plain") else None
