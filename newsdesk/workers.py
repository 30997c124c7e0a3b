"""A pool of worker processes that runs a per-document function under a time and memory budget.

One bad document must not stop, hang or exhaust a run. :class:`WorkerPool` runs a
function over documents in separate processes: a document whose function raises
gives its one-line reason; one that runs past the time limit has its worker
killed; one that grows past the memory budget gets a ``MemoryError`` (the limit
is set with ``setrlimit`` inside the worker) or dies — either way its worker is
replaced and every other document goes on. Results come back **in input order**
(so a run gives the same answer as a sequential one), with a bounded number of
documents in flight.

Interface (for every per-document stage that wants the budget, or parallelism)::

    pool = WorkerPool(task, size=2, time_limit=20.0, memory_mb=512, preload=("newsdesk.prepare",))
    for done in pool.map(items, skip=lambda item: isinstance(item, IngestOutcome)):
        done.item      # the input, as given
        done.value     # what task(item) returned, when it ran and succeeded
        done.error     # else a one-line reason ("took longer than 20 s", "out of memory", "ValueError: ...")
        done.failure   # with an error: "raised", "timeout", "died" or "memory"
        done.ran       # False for items passed through by ``skip`` (value and error are None)
    pool.close()       # or ``with WorkerPool(...) as pool:``

- ``task`` is a module-level function of one picklable argument; its result must be
  picklable. It runs in a worker forked from a *forkserver* that has imported the
  ``preload`` modules once, so a replaced worker starts in milliseconds and no
  thread of the calling process (HTTP workers, ONNX, tqdm) is ever forked.
- ``size``: worker processes (default: the usable cores, at most 4, at least 1);
  ``size=0`` runs ``task`` in the calling process — same results and error
  capture, but no time or memory budget (for tests and debugging).
- ``time_limit``: seconds one document may take; ``memory_mb``: how far a worker may
  grow beyond its size at start (address space), None for no cap.
- ``max_tasks``: a worker is replaced after this many documents (bounds slow leaks).
- ``map`` may be called several times on one pool, one call at a time (finish or close
  one before starting the next); workers start on first use and stay until
  :meth:`close` (also called at interpreter exit).
- ``stream()`` is the same run for a caller whose next documents depend on earlier
  results: ``submit(item, time_limit=None)`` gives a ticket, ``wait(ticket)`` its
  :class:`Done` (tickets in any order), ``poll()`` collects finished replies without
  waiting; ``stream.map`` is ``map`` inside it. Ingest reads documents and embeds the
  new ones through one stream.
- One pool for several stages: make :func:`call` the task and map ``(function,
  argument)`` pairs; each document names the module-level function it needs::

      pool = WorkerPool(call, preload=("newsdesk.reader_warmup",))
      pool.map([(prepare_task, job), (parse_source_task, feed_job), ...])
"""
from __future__ import annotations

import atexit
import itertools
import multiprocessing
import os
import resource
import signal
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

__all__ = ["Done", "Stream", "WorkerPool", "call", "default_size", "one_line", "own_memory"]

T = TypeVar("T")
R = TypeVar("R")
_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


def default_size() -> int:
    """Worker processes for this machine: its usable cores, between 1 and 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def one_line(exc: BaseException, limit: int = 160) -> str:
    """``Type: message`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(slots=True)
class Done(Generic[T, R]):
    """One document's result: the value, or the reason it has none."""

    item: T
    value: R | None = None
    error: str | None = None
    ran: bool = True
    failure: str | None = None  # with an error: "raised", "timeout", "died" or "memory"

    @property
    def ok(self) -> bool:
        return self.ran and self.error is None


def call(job: tuple[Callable[[Any], Any], Any]) -> Any:
    """A task that runs the function each job names: ``call((function, argument))``."""
    function, argument = job
    return function(argument)


# -- inside a worker ---------------------------------------------------------------------------
_BUDGET_MB: int | None = None  # inside a worker: the memory one document may add


def _cap_memory(memory_mb: int | None) -> None:
    """Cap the address space at its present size plus the budget (the soft limit: a worker that
    loads a model for good moves it up with :func:`own_memory`)."""
    global _BUDGET_MB
    _BUDGET_MB = memory_mb
    if not memory_mb:
        return
    with open("/proc/self/statm") as handle:
        size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


@contextmanager
def own_memory() -> Iterator[None]:
    """In a worker, around loading what it keeps for every later document (a model): no cap
    while it loads, then a document's budget starts again from the worker's new size.
    Elsewhere (``size=0``, no rlimit) it only runs the block."""
    if not _BUDGET_MB:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    try:
        yield
    finally:
        try:
            _cap_memory(_BUDGET_MB)
        except (OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _die_with_parent() -> None:
    """Be killed when the forkserver goes (it goes when the run does, even by SIGKILL): a worker
    busy with a slow document must not outlive the run. Linux only; elsewhere a no-op."""
    parent = os.getppid()
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it went before we asked
        os._exit(0)


def _serve(conn: Connection, task: Callable[[Any], Any], memory_mb: int | None) -> None:
    """A worker's loop: (seq, item) in, (seq, failure-or-None, value-or-reason) out, until None or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    try:
        _cap_memory(memory_mb)
    except (OSError, ValueError):
        pass  # no /proc or no rlimit here: the time limit still holds
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, item = message
        try:
            reply = (seq, None, task(item))
        except MemoryError:
            conn.send((seq, "memory", f"out of memory (over the {memory_mb} MB budget of one document)"))
            return  # a fresh worker replaces this one: the heap may be left fragmented
        except Exception as exc:  # the whole point: any failure of one document is its own reason
            reply = (seq, "raised", one_line(exc))
        try:
            conn.send(reply)
        except OSError:  # the run is gone
            return
        except Exception as exc:  # an unpicklable or oversized result
            conn.send((seq, "raised", f"result could not be returned ({one_line(exc)})"))


# -- the parent's side ------------------------------------------------------------------------------
@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    seq: int | None = None  # the document it is working on
    started: float = 0.0
    limit: float = 0.0  # seconds its document may take
    done: int = 0


class WorkerPool(Generic[T, R]):
    """Worker processes running ``task`` on one document at a time each (see the module docs)."""

    def __init__(self, task: Callable[[T], R], *, size: int | None = None, time_limit: float = 30.0,
                 memory_mb: int | None = 512, max_tasks: int = 1000, preload: Iterable[str] = ()) -> None:
        self.task = task
        self.size = default_size() if size is None else max(0, size)
        self.time_limit = time_limit
        self.memory_mb = memory_mb
        self.max_tasks = max_tasks
        self.preload = tuple(preload)
        self.restarts = 0  # workers replaced after a timeout, a crash or a memory failure
        self._workers: list[_Worker] = []
        self._context = None
        self._mapping = False
        _POOLS.add(self)

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public ----------------------------------------------------------------------------
    def map(self, items: Iterable[T], skip: Callable[[T], bool] | None = None) -> Iterator[Done[T, R]]:
        """Results in input order; items for which ``skip`` is true pass through without running."""
        with self.stream() as stream:
            yield from stream.map(items, skip)

    def stream(self) -> Stream[T, R]:
        """A :class:`Stream`: submit documents one by one and wait for each result when it is
        needed (for callers whose next documents depend on earlier results). Use it as a
        context manager; it takes the pool's one ``map`` at a time."""
        if self._mapping:
            raise RuntimeError("one map at a time on a worker pool: finish (or close) the running one first")
        return Stream(self)

    def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()

    def warm(self) -> None:
        """Start the forkserver now, without waiting: it loads the ``preload`` modules while the
        caller does other work, and the first worker then forks at once."""
        if self.size and self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            # "__main__" once in the server: workers then skip re-running the main script each
            self._context.set_forkserver_preload(["__main__", *self.preload])
            from multiprocessing import forkserver

            forkserver.ensure_running()

    # -- internals ---------------------------------------------------------------------------
    def _map_here(self, items: Iterable[T], skip) -> Iterator[Done[T, R]]:
        for item in items:
            if skip is not None and skip(item):
                yield Done(item, ran=False)
                continue
            try:
                yield Done(item, self.task(item))
            except MemoryError:
                yield Done(item, error="out of memory", failure="memory")
            except Exception as exc:  # one document's failure is its own reason
                yield Done(item, error=one_line(exc), failure="raised")

    def _start(self) -> _Worker:
        self.warm()
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.task, self.memory_mb), daemon=True,
                                        name="newsdesk-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (stuck, over budget, dead or used up); a new one starts when needed."""
        if worker in self._workers:
            self._workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def _idle_worker(self) -> _Worker | None:
        for worker in self._workers:
            if worker.seq is None:
                return worker
        return self._start() if len(self._workers) < self.size else None


_END = object()


class Stream(Generic[T, R]):
    """One run of a pool: ``submit`` hands a document over (a ticket back), ``wait(ticket)``
    returns its :class:`Done`, feeding idle workers, collecting replies and enforcing the time
    limit meanwhile. Tickets may be waited for in any order; each exactly once. The caller
    bounds how many documents it keeps in flight. With ``size=0`` a document runs in the
    calling process when it is waited for."""

    def __init__(self, pool: WorkerPool[T, R]) -> None:
        self.pool = pool
        self.counter = itertools.count()
        self.inputs: dict[int, T] = {}
        self.finished: dict[int, Done[T, R]] = {}
        self.queue: deque[int] = deque()  # submitted, not yet sent
        self.limits: dict[int, float] = {}  # a document's own time limit, where not the pool's

    def __enter__(self) -> Stream[T, R]:
        self.pool._mapping = True
        return self

    def __exit__(self, *exc) -> None:
        self.pool._mapping = False
        for worker in list(self.pool._workers):
            if worker.seq is not None:  # abandoned mid-run (the caller stopped waiting)
                self.pool._retire(worker)

    def submit(self, item: T, skip: bool = False, time_limit: float | None = None) -> int:
        """Hand a document over (``skip``: pass it through without running; ``time_limit``: its
        own, instead of the pool's); its ticket."""
        seq = next(self.counter)
        self.inputs[seq] = item
        if time_limit is not None:
            self.limits[seq] = time_limit
        if skip:
            self.finished[seq] = Done(item, ran=False)
        elif self.pool.size:
            self.queue.append(seq)
            self.poll()
        return seq

    def map(self, items: Iterable[T], skip: Callable[[T], bool] | None = None) -> Iterator[Done[T, R]]:
        """:meth:`WorkerPool.map` inside this stream (other documents may be submitted meanwhile):
        results in input order, at most ``2 × size + 2`` of these documents held at once."""
        pending: deque[int] = deque()
        lookahead = 2 * max(1, self.pool.size) + 2
        for item in itertools.chain(items, [_END]):
            if item is not _END:
                pending.append(self.submit(item, skip=skip is not None and skip(item)))
            while pending and (item is _END or len(pending) >= lookahead):
                yield self.wait(pending.popleft())

    def poll(self) -> None:
        """Collect the replies already there and feed the idle workers, without waiting: call it
        between pieces of the caller's own work so the workers never sit on a finished reply."""
        if self.pool.size:
            self._collect(block=False)
            self._dispatch()

    def wait(self, seq: int) -> Done[T, R]:
        """The result of the document with ticket ``seq`` (blocks until it is there)."""
        if self.pool.size == 0 and seq not in self.finished:
            self.finished[seq] = next(self.pool._map_here([self.inputs[seq]], None))
        while seq not in self.finished:
            self._dispatch()
            self._collect()
        self.inputs.pop(seq)
        return self.finished.pop(seq)

    def _dispatch(self) -> None:
        while self.queue:
            worker = self.pool._idle_worker()
            if worker is None:
                return
            seq = self.queue.popleft()
            try:
                worker.conn.send((seq, self.inputs[seq]))
            except (OSError, ValueError):  # it died while idle: retry the document on a fresh worker
                self.pool._retire(worker)
                self.pool.restarts += 1
                self.queue.appendleft(seq)
                continue
            except Exception as exc:  # the document itself cannot be sent (not picklable)
                self.finished[seq] = Done(self.inputs[seq], error=f"could not be handed over ({one_line(exc)})",
                                          failure="raised")
                continue
            worker.seq, worker.started = seq, time.monotonic()
            worker.limit = self.limits.pop(seq, self.pool.time_limit)

    def _collect(self, block: bool = True) -> None:
        busy = [w for w in self.pool._workers if w.seq is not None]
        if not busy:
            return
        now = time.monotonic()
        timeout = max(0.0, min(w.started + w.limit for w in busy) - now) if block else 0.0
        ready = wait([w.conn for w in busy], timeout=timeout)
        for worker in busy:
            if worker.conn in ready:
                self._receive(worker)
            elif time.monotonic() - worker.started >= worker.limit:
                self._fail(worker, f"took longer than {worker.limit:g} s: abandoned", "timeout")

    def _receive(self, worker: _Worker) -> None:
        try:
            seq, failure, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1.0)
            code = worker.process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            self._fail(worker, f"the worker stopped ({how}; out of memory?)", "died")
            return
        except Exception as exc:  # a result that cannot be unpickled here
            self._fail(worker, f"result could not be read ({one_line(exc)})", "raised")
            return
        item = self.inputs[seq]
        self.finished[seq] = Done(item, value) if failure is None else Done(item, error=value, failure=failure)
        worker.seq = None
        worker.done += 1
        if failure == "memory" or worker.done >= self.pool.max_tasks:
            self.pool._retire(worker)

    def _fail(self, worker: _Worker, reason: str, failure: str) -> None:
        seq = worker.seq
        self.pool._retire(worker)
        self.pool.restarts += 1
        if seq is not None:
            self.finished[seq] = Done(self.inputs[seq], error=reason, failure=failure)


@atexit.register
def _close_all() -> None:
    for pool in list(_POOLS):
        pool.close()
