"""The one HTTP layer of newsdesk: polite, bounded, safe fetching over httpx.

:meth:`Fetcher.fetch` never raises for a failed fetch: it returns a
:class:`FetchResult` whose ``reason`` says what happened ("ok", "not modified",
"http 404", "blocked: robots.txt", "timeout: ...", "too large: ..."), and whether
trying again later may help (``transient``). Per URL it:

1. refuses non-http(s) URLs, URLs with credentials and local host names;
2. obeys the origin's robots.txt (fetched once, cached, see :mod:`.politeness`);
3. waits for the host's turn (one request at a time per host, spaced by the
   larger of our minimum delay and the site's ``Crawl-delay``) and for one of the
   global concurrency slots;
4. connects only to public addresses, checked after DNS resolution, on every
   connection (see :mod:`.guard`), with connect/read timeouts and a total deadline;
5. reads the body with a size cap on the wire and after decompression;
6. retries timeouts, connection failures and 408/429/500/502/503/504 with
   exponential backoff, honouring ``Retry-After`` (up to a cap);
7. follows redirects itself (each hop goes through steps 1-6), up to a limit,
   detecting loops.
"""
from __future__ import annotations

import re
import ssl
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import BlockedURL, ConfigError, FetchError
from ..timeutil import utcnow
from .bodies import ACCEPT_ENCODING, BodyTooLarge, read_limited
from .guard import AddressPolicy, DeadlineExceeded, DNSFailure, GuardedTransport, Resolver, deadline
from .politeness import Cancelled, HostBusy, HostGate, RobotsRules

__all__ = ["AGENT", "FetchOptions", "FetchPurpose", "FetchResult", "Fetcher", "TRANSIENT_STATUS", "url_refusal",
           "user_agent"]

AGENT = "newsdesk"  # the product token robots.txt groups are matched against
TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
ACCEPT_FEED = ("application/rss+xml,application/atom+xml,application/feed+json,application/json;q=0.9,"
               "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
ROBOTS_MAX_BYTES = 512_000
# Why a URL is fetched: a source's kind, or its host's robots.txt (the fetch log's `purpose` column).
FetchPurpose = Literal["page", "feed", "trends", "robots"]
_NOT_RETRIED = ("cancelled", "deferred")  # transient, but retrying now would not help
_CONTACT = re.compile(r"^(https?://[^\s/]+\.[^\s]*|mailto:\S+@\S+|[^\s@]+@[^\s@]+\.[^\s@]+)$", re.I)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How collect fetches. Defaults are the polite ones; tests shrink the delays."""

    contact: str = ""  # URL or e-mail where site owners can reach the operator (required)
    min_delay: float = 1.0  # seconds between two requests to the same host, at least
    concurrency: int = 4  # requests in flight at once, over all hosts
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for data
    deadline: float = 60.0  # whole request: connect, headers and body
    max_bytes: int = 10_000_000  # body cap, on the wire and after decompression
    max_redirects: int = 5
    max_retries: int = 2  # extra attempts for transient failures
    backoff: float = 2.0  # first retry waits this long, then doubles
    max_retry_after: float = 120.0  # a longer Retry-After gives up (the source is deferred instead)
    max_host_wait: float = 300.0  # a host whose next turn is further away is deferred to a later run
    allow_networks: tuple[str, ...] = ()  # CIDR networks allowed although not public
    robots_ttl: float = 24 * 3600.0
    robots_retry_ttl: float = 600.0  # how long an unreachable robots.txt blocks its site

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.max_redirects < 0 or self.max_retries < 0:
            raise ConfigError("concurrency must be >= 1, redirects and retries >= 0")
        if min(self.min_delay, self.connect_timeout, self.read_timeout, self.deadline) < 0:
            raise ConfigError("delays and timeouts cannot be negative")


def user_agent(contact: str) -> str:
    """``newsdesk/VERSION (+contact)``; refuses a missing or malformed contact."""
    contact = (contact or "").strip()
    if not contact:
        raise FetchError("no crawler contact set: run `newsdesk crawler set contact URL-or-EMAIL` "
                         "(or pass --contact) so site owners can reach you", reason="no contact")
    if not _CONTACT.match(contact):
        raise FetchError(f"crawler contact {contact!r} is neither an http(s) URL nor an e-mail address",
                         reason="bad contact")
    return f"{AGENT}/{_version()} (+{contact})"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:
        return "0"


@dataclass(slots=True)
class FetchResult:
    """What one fetch gave: the body, or why not. Also the fetch-log record."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int | None = None
    reason: str = ""
    transient: bool = False  # trying again later may succeed
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    attempts: int = 0
    elapsed: float = 0.0
    redirects: list[str] = field(default_factory=list)
    purpose: FetchPurpose = "page"

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and self.reason == "ok"

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def n_bytes(self) -> int:
        return len(self.content)


@dataclass(slots=True)
class _Response:
    status: int
    headers: httpx.Headers
    body: bytes


class _Failure(FetchError):
    def __init__(self, reason: str, transient: bool, status: int | None = None) -> None:
        super().__init__(reason, reason=reason)
        self.transient = transient
        self.status = status


class Fetcher:
    """Fetches URLs politely and safely. Thread-safe; one per run (it holds the caches)."""

    def __init__(self, options: FetchOptions, *, resolve: Resolver | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self.user_agent = user_agent(options.contact)
        self.policy = AddressPolicy(options.allow_networks)
        self._client = httpx.Client(
            transport=transport or GuardedTransport(self.policy, resolve=resolve,
                                                    max_connections=options.concurrency * 2),
            timeout=httpx.Timeout(connect=options.connect_timeout, read=options.read_timeout,
                                  write=options.read_timeout, pool=options.deadline),
            follow_redirects=False, trust_env=False,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING})
        self._gate = HostGate()
        self._slots = threading.BoundedSemaphore(options.concurrency)
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()
        self.side_log: deque[FetchResult] = deque(maxlen=10_000)  # robots.txt fetches, for the log

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public -----------------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              purpose: FetchPurpose = "page", cancel: threading.Event | None = None) -> FetchResult:
        """Fetch one URL (conditional when ``etag``/``last_modified`` are given)."""
        headers = {"Accept": ACCEPT_PAGE if purpose == "page" else ACCEPT_FEED}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._run(url, headers, purpose, cancel, robots=True, max_bytes=self.options.max_bytes,
                         retries=self.options.max_retries)

    def refusal(self, url: object) -> str | None:
        """Why this URL would never be fetched (checked before scheduling it), or None."""
        return url_refusal(url, self.policy)

    def robots(self, url: str, cancel: threading.Event | None = None) -> RobotsRules:
        """The cached robots.txt rules of the URL's origin (fetched when missing or stale)."""
        origin = _origin(url)
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
            if len(self._robots) > 5_000:
                self._forget_stale_robots()
        with lock:
            rules = self._robots.get(origin)
            if rules is None or rules.expires <= time.monotonic():
                rules = self._fetch_robots(origin, cancel)
                self._robots[origin] = rules
            return rules

    # -- one URL, all hops ----------------------------------------------------------------
    def _run(self, url, headers, purpose, cancel, *, robots, max_bytes, retries) -> FetchResult:
        result = FetchResult(url=url, final_url=url, fetched_at=utcnow(), purpose=purpose)
        started = time.monotonic()
        try:
            response = self._follow(url, headers, result, cancel, robots=robots, max_bytes=max_bytes,
                                    retries=retries)
            _fill(result, response)
        except _Failure as exc:
            result.reason, result.transient = exc.reason, exc.transient
            result.status = exc.status if result.status is None else result.status
        except Exception as exc:  # whatever else a request can raise is this URL's failure, not the run's
            result.reason, result.transient = classify(exc)
        result.elapsed = time.monotonic() - started
        return result

    def _follow(self, url, headers, result, cancel, *, robots, max_bytes, retries) -> _Response:
        seen = {_without_fragment(url)}
        for _ in range(self.options.max_redirects + 1):
            response = self._attempts(url, headers, result, cancel, robots=robots, max_bytes=max_bytes,
                                      retries=retries)
            result.final_url = url
            target = _redirect_target(url, response)
            if target is None:
                return response
            if target in seen:
                raise _Failure(f"redirect loop at {target}", False, response.status)
            seen.add(target)
            result.redirects.append(target)
            url = target
        raise _Failure(f"too many redirects (more than {self.options.max_redirects})", False)

    def _attempts(self, url, headers, result, cancel, *, robots, max_bytes, retries) -> _Response:
        """One URL with retries for transient failures; robots and politeness first."""
        host = _checked_host(url, self.policy)
        spacing = self.options.min_delay
        if robots:
            rules = self.robots(url, cancel)
            if not rules.allows(url, AGENT):
                if rules.verdict == "rules":
                    raise _Failure("blocked: robots.txt disallows it", False)
                raise _Failure(f"blocked: {rules.reason}", True)
            spacing = max(spacing, rules.delay(AGENT))
        for attempt in range(retries + 1):
            result.attempts += 1
            try:
                response = self._one_request(url, headers, host, spacing, cancel, max_bytes)
            except _Failure as exc:
                if not exc.transient or attempt == retries or exc.reason.startswith(_NOT_RETRIED):
                    raise
                self._gate.defer(host, self._backoff(attempt))
                continue
            if response.status in TRANSIENT_STATUS and attempt < retries:
                wait = _retry_after(response.headers)
                if wait is not None and wait > self.options.max_retry_after:
                    return response
                self._gate.defer(host, wait if wait is not None else self._backoff(attempt))
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return self.options.backoff * (2 ** attempt)

    def _one_request(self, url, headers, host, spacing, cancel, max_bytes) -> _Response:
        try:
            with self._gate.turn(host, spacing, max_wait=self.options.max_host_wait, cancel=cancel), \
                    self._slot(cancel):
                return self._request(url, headers, max_bytes)
        except Exception as exc:  # httpx.InvalidURL is not an httpx.HTTPError; nothing may escape
            reason, transient = classify(exc)
            raise _Failure(reason, transient) from exc

    @contextmanager
    def _slot(self, cancel: threading.Event | None) -> Iterator[None]:
        while not self._slots.acquire(timeout=0.05):
            if cancel is not None and cancel.is_set():
                raise Cancelled("stopped", reason="cancelled: the run was stopped")
        try:
            yield
        finally:
            self._slots.release()

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> _Response:
        with deadline(self.options.deadline):
            response = self._client.send(self._client.build_request("GET", url, headers=headers),
                                         stream=True)
            try:
                if not 200 <= response.status_code < 300:
                    _drain_small(response)
                    return _Response(response.status_code, response.headers, b"")
                _check_declared_length(response.headers, max_bytes)
                body = read_limited(response.iter_raw(), response.headers.get("content-encoding"), max_bytes)
                return _Response(response.status_code, response.headers, body)
            finally:
                response.close()

    # -- robots.txt -------------------------------------------------------------------
    def _fetch_robots(self, origin: str, cancel: threading.Event | None) -> RobotsRules:
        """Rules for an origin. Raises (uncached) when the origin cannot be contacted at all."""
        headers = {"Accept": "text/plain,*/*;q=0.5"}
        result = self._run(origin + "/robots.txt", headers, "robots", cancel, robots=False,
                           max_bytes=ROBOTS_MAX_BYTES, retries=0)
        self.side_log.append(result)
        if result.reason.startswith(("blocked", "dns", "tls", "cancelled", "bad url")):
            raise _Failure(result.reason, result.transient)
        now, retry_ttl = time.monotonic(), self.options.robots_retry_ttl
        if result.reason.startswith("too large"):
            return RobotsRules("disallow-all", "robots.txt is too large to read", now + retry_ttl)
        if result.status is None:
            return RobotsRules("disallow-all", f"robots.txt unreachable ({result.reason})", now + retry_ttl)
        return RobotsRules.from_response(result.status, result.content, now=now, ttl=self.options.robots_ttl,
                                         retry_ttl=retry_ttl)

    def _forget_stale_robots(self) -> None:
        now = time.monotonic()
        for origin in [o for o, r in self._robots.items() if r.expires <= now]:
            del self._robots[origin]
            lock = self._robots_locks.get(origin)
            if lock is not None and not lock.locked():
                del self._robots_locks[origin]


# -- helpers ----------------------------------------------------------------------------
def classify(exc: BaseException) -> tuple[str, bool]:
    """(reason, transient) for an exception raised while fetching."""
    if isinstance(exc, DeadlineExceeded):
        return "timeout: no complete response within the deadline", False
    if isinstance(exc, (Cancelled, HostBusy)):
        return exc.reason, True
    if isinstance(exc, (BodyTooLarge, BlockedURL, DNSFailure, _Failure)):
        return exc.reason, getattr(exc, "transient", False)
    if isinstance(exc, FetchError):
        return exc.reason, False
    tls = _tls_error(exc)
    if tls is not None:
        return f"tls: {tls}", False
    if isinstance(exc, httpx.ConnectTimeout):
        return "timeout: connect", True
    if isinstance(exc, httpx.TimeoutException):
        return "timeout: read", True
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {_short(exc)}", True
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc).lower():
        return f"bad redirect: {_short(exc)}", False  # httpx refuses to parse the Location: not transient
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return f"connection broken: {_short(exc)}", True
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError, UnicodeError)):
        return f"bad url: {_short(exc)}", False
    return f"fetch failed: {type(exc).__name__}: {_short(exc)}", False


def _tls_error(exc: BaseException | None) -> str | None:
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, ssl.SSLCertVerificationError):
            return f"certificate verify failed ({exc.verify_message})"
        if isinstance(exc, ssl.SSLError):
            return _short(exc)
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


MAX_URL_CHARS = 4096
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f]")


def url_refusal(url: object, policy: AddressPolicy) -> str | None:
    """Why this URL is never fetched (malformed, not http(s), credentials, a refused host), or None."""
    try:
        _checked_host(url, policy)
    except _Failure as exc:
        return exc.reason
    return None


def _checked_host(url: object, policy: AddressPolicy) -> str:
    """The URL's host, after refusing what is never fetched."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_CHARS:
        raise _Failure("bad url: " + ("too long" if isinstance(url, str) and url else "empty"), False)
    if _UNSAFE_URL_CHARS.search(url):
        raise _Failure("bad url: spaces or control characters", False)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise _Failure(f"bad url: {exc}", False) from exc
    if parts.scheme not in ("http", "https"):
        raise _Failure(f"blocked: only http and https are fetched, not {parts.scheme or 'no scheme'}", False)
    if not host:
        raise _Failure("bad url: no host", False)
    if parts.username or parts.password:
        raise _Failure("blocked: URLs with credentials are not fetched", False)
    try:  # what the client will parse (octal IPv4, non-ASCII digits...) and what the resolver will encode
        parsed = httpx.URL(url)
        parsed.host  # noqa: B018 - decodes the IDNA labels, as building the request will
        parsed.raw_host.decode("ascii").encode("idna")
    except Exception as exc:  # httpx.InvalidURL, idna's UnicodeError and friends
        raise _Failure(f"bad url: {_short(exc)}", False) from exc
    refused = policy.check_name(host)
    if refused:
        raise _Failure(f"blocked: {refused}", False)
    return host.lower()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1].lower(), "", "", ""))


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _redirect_target(url: str, response: _Response) -> str | None:
    if response.status not in REDIRECT_STATUS:
        return None
    location = response.headers.get("location", "").strip()
    if not location:
        return None
    try:
        return _without_fragment(urljoin(url, location))
    except ValueError as exc:  # "http://[::1" and other unparsable locations
        raise _Failure(f"bad redirect: {_short(exc)}", False, response.status) from exc


def _drain_small(response: httpx.Response, limit: int = 65_536) -> None:
    """Read a short error or redirect body so the connection can be reused; leave long ones."""
    declared = response.headers.get("content-length", "").strip()
    if not declared.isdigit() or int(declared) > limit:
        return
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read > limit:
            return


def _check_declared_length(headers: httpx.Headers, max_bytes: int) -> None:
    declared = headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(f"declared {int(declared):,} bytes",
                           reason=f"too large: {int(declared):,} bytes declared, over {max_bytes:,}")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), or None."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - utcnow()).total_seconds())


def _fill(result: FetchResult, response: _Response) -> None:
    result.status = response.status
    result.content = response.body
    headers = response.headers
    result.content_type = headers.get("content-type", "")
    result.etag = headers.get("etag")
    result.last_modified = headers.get("last-modified")
    result.retry_after = _retry_after(headers)
    if 200 <= response.status < 300:
        result.reason = "ok"
    elif response.status == 304:
        result.reason = "not modified"
    elif response.status in REDIRECT_STATUS:
        result.reason = f"http {response.status} without a Location"
    else:
        result.reason = f"http {response.status}"
        if result.retry_after is not None:
            result.reason += f" (retry after {result.retry_after:.0f} s)"
        result.transient = response.status in TRANSIENT_STATUS
