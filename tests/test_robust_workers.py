"""The per-document worker pool: results in order, and a document that raises, hangs, eats memory
or kills its worker costs only itself."""
from __future__ import annotations

import os
import signal
import time

import pytest

from newsdesk.workers import WorkerPool


def task(item):
    """What each test item asks the worker to do."""
    kind, value = item
    if kind == "raise":
        raise ValueError(f"bad document\n{value}")
    if kind == "sleep":
        time.sleep(value)
    if kind == "eat":
        blocks = [bytearray(1024 * 1024) for _ in range(value)]  # noqa: F841 - held on purpose
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "recurse":
        return task(("recurse", value + 1))
    return value * 2 if isinstance(value, int) else value


@pytest.fixture(scope="module")
def pool():
    with WorkerPool(task, size=2, time_limit=2.0, memory_mb=200, max_tasks=50) as p:
        yield p


def test_results_come_back_in_input_order_with_pass_throughs(pool):
    items = [("ok", i) for i in range(30)]
    items[5] = ("passed", "through")
    done = list(pool.map(items, skip=lambda item: item[0] == "passed"))
    assert [d.item for d in done] == items
    assert [d.value for d in done if d.ran] == [i * 2 for i in range(30) if i != 5]
    assert not done[5].ran and done[5].value is None and done[5].error is None


def test_a_failing_document_costs_only_itself(pool):
    items = [("ok", 1), ("raise", "detail"), ("ok", 2), ("sleep", 30), ("ok", 3), ("eat", 1000), ("ok", 4),
             ("die", 0), ("ok", 5), ("recurse", 0), ("ok", 6)]
    started = time.monotonic()
    done = {d.item: d for d in pool.map(items)}
    assert time.monotonic() - started < 20
    assert [done[("ok", i)].value for i in range(1, 7)] == [2, 4, 6, 8, 10, 12]
    assert (done[("raise", "detail")].failure, done[("raise", "detail")].error) == \
        ("raised", "ValueError: bad document detail")
    assert done[("sleep", 30)].failure == "timeout" and "longer than 2 s" in done[("sleep", 30)].error
    assert done[("eat", 1000)].failure in ("memory", "died")
    assert done[("die", 0)].failure == "died" and "signal 9" in done[("die", 0)].error
    assert done[("recurse", 0)].failure == "raised" and done[("recurse", 0)].error.startswith("RecursionError")
    assert pool.restarts >= 2
    assert list(pool.map([("ok", 21)]))[0].value == 42  # the pool is whole again


def test_a_worker_is_replaced_after_max_tasks():
    with WorkerPool(task, size=1, time_limit=5.0, max_tasks=3) as pool:
        done = list(pool.map([("ok", i) for i in range(10)]))
    assert [d.value for d in done] == [i * 2 for i in range(10)]


def test_in_process_mode_captures_errors_the_same_way():
    pool = WorkerPool(task, size=0)
    done = list(pool.map([("ok", 1), ("raise", "x"), ("ok", 2)]))
    assert [(d.value, d.failure) for d in done] == [(2, None), (None, "raised"), (4, None)]


def test_leaving_a_map_early_stops_its_busy_workers():
    with WorkerPool(task, size=2, time_limit=30.0) as pool:
        results = pool.map([("ok", 1), ("sleep", 20), ("sleep", 20)])
        started = time.monotonic()
        assert next(results).value == 2
        results.close()
        assert time.monotonic() - started < 10
        assert all(w.seq is None for w in pool._workers)
