"""Politeness: robots.txt rules per origin, and one request at a time per host.

:class:`RobotsRules` turns a robots.txt response into a verdict, following
RFC 9309: a 2xx body is parsed (protego, which understands ``*`` and ``$``); a
4xx means no rules (everything allowed); a 5xx, a 429 or a network failure
means the site is unreachable and nothing may be fetched until it is retried.

:class:`HostGate` serialises requests per host and spaces them by the host's
delay (our minimum, raised by ``Crawl-delay`` / ``Request-rate``), and lets a
host push its next turn back (``Retry-After``, backoff).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import FetchError

__all__ = ["Cancelled", "HostBusy", "HostGate", "RobotsRules"]


class Cancelled(FetchError):
    """The run was stopped while this request waited for its turn."""


class HostBusy(FetchError):
    """The host's next turn is too far away for this run (it asks for long delays)."""


@dataclass(slots=True)
class RobotsRules:
    """What one origin's robots.txt allows, until ``expires`` (monotonic seconds)."""

    verdict: str  # "rules" | "allow-all" | "disallow-all"
    reason: str
    expires: float
    parser: Any = None  # protego.Protego when verdict == "rules" (untyped)

    def allows(self, url: str, agent: str) -> bool:
        if self.verdict == "rules":
            return bool(self.parser.can_fetch(url, agent))
        return self.verdict == "allow-all"

    def delay(self, agent: str) -> float:
        """Seconds the site asks between requests (0 when it does not say)."""
        if self.verdict != "rules":
            return 0.0
        delay = self.parser.crawl_delay(agent) or 0.0
        rate = self.parser.request_rate(agent)
        if rate and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)

    @classmethod
    def from_response(cls, status: int | None, body: bytes, *, now: float, ttl: float,
                      retry_ttl: float) -> RobotsRules:
        if status is None or status == 429 or status >= 500:
            why = f"http {status}" if status else "unreachable"
            return cls("disallow-all", f"robots.txt unavailable ({why})", now + retry_ttl)
        if 400 <= status < 500:
            return cls("allow-all", f"no robots.txt (http {status})", now + ttl)
        if not 200 <= status < 300:
            return cls("disallow-all", f"robots.txt answered http {status}", now + retry_ttl)
        from protego import Protego

        try:
            parser = Protego.parse(body.decode("utf-8", errors="replace"))
        except Exception:  # protego is lenient; a crash on junk means "no usable rules"
            return cls("allow-all", "robots.txt unreadable", now + ttl)
        return cls("rules", "robots.txt", now + ttl, parser)


class HostGate:
    """One request at a time per host, each at least ``spacing`` after the previous one."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}

    def _lock(self, host: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 10_000:
                self._forget_idle()
            return self._locks.setdefault(host, threading.Lock())

    def _forget_idle(self) -> None:
        now = self._clock()
        for host in [h for h, t in self._next.items() if t < now and not self._locks[h].locked()]:
            del self._next[host], self._locks[host]

    @contextmanager
    def turn(self, host: str, spacing: float, *, max_wait: float,
             cancel: threading.Event | None = None) -> Iterator[None]:
        """Hold the host's turn for one request; raises HostBusy or Cancelled instead of waiting."""
        lock = self._lock(host)
        while not lock.acquire(timeout=0.05):
            if cancel is not None and cancel.is_set():
                raise Cancelled("stopped", reason="cancelled: the run was stopped")
        try:
            self._wait_turn(host, max_wait, cancel)
            try:
                yield
            finally:
                self._next[host] = max(self._next.get(host, 0.0), self._clock() + spacing)
        finally:
            lock.release()

    def _wait_turn(self, host: str, max_wait: float, cancel: threading.Event | None) -> None:
        wait = self._next.get(host, 0.0) - self._clock()
        if wait > max_wait:
            raise HostBusy(f"{host} asks for {wait:.0f} s before the next request",
                           reason=f"deferred: {host} asks for {wait:.0f} s between requests")
        if wait > 0 and _sleep(wait, cancel):
            raise Cancelled("stopped", reason="cancelled: the run was stopped")

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next turn to at least ``seconds`` from now."""
        with self._guard:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)


def _sleep(seconds: float, cancel: threading.Event | None) -> bool:
    """Sleep; True when cancelled meanwhile."""
    if cancel is None:
        time.sleep(seconds)
        return False
    return cancel.wait(seconds)
