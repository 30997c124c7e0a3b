"""The pool's stream (submit now, wait later) and the ingest built on it: embedding and features
in the workers give the same stories as in one process, whatever the pool's size."""
from __future__ import annotations

import time

import pytest
from test_robust_workers import task

from newsdesk.workers import WorkerPool

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.mark.parametrize("size", [0, 2])
def test_tickets_can_be_waited_for_in_any_order_beside_a_map(size):
    with WorkerPool(task, size=size, time_limit=2.0) as pool, pool.stream() as stream:
        late = stream.submit(("ok", 100))
        mapped = [d.value for d in stream.map([("ok", i) for i in range(9)])]
        extra = [stream.submit(("ok", i)) for i in range(3)]
        assert [stream.wait(t).value for t in reversed(extra)] == [4, 2, 0]
        assert mapped == [i * 2 for i in range(9)]
        assert stream.wait(late).value == 200


def test_a_stream_keeps_the_budget_of_each_document():
    with WorkerPool(task, size=2, time_limit=3.0) as pool, pool.stream() as stream:
        assert [d.value for d in stream.map([("ok", 0), ("ok", 0)])] == [0, 0]  # both workers started
        slow, bad, good = stream.submit(("sleep", 30)), stream.submit(("raise", "x")), stream.submit(("ok", 3))
        started = time.monotonic()
        assert stream.wait(good).value == 6
        assert stream.wait(bad).failure == "raised"
        assert stream.wait(slow).failure == "timeout"
        assert time.monotonic() - started < 10


def test_one_stream_or_map_at_a_time():
    with WorkerPool(task, size=1) as pool, pool.stream():
        with pytest.raises(RuntimeError, match="one map at a time"):
            list(pool.map([("ok", 1)]))


def _stories(tmp_path, name, **kwargs) -> set[frozenset[str]]:
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import IngestOptions, Ingestor
    from newsdesk.store import Store

    embedder = kwargs.pop("embedder", None)
    files, _ = expand_paths([str(EXAMPLES)])
    with Store(tmp_path / f"{name}.db") as store:
        outcomes = list(Ingestor(store, IngestOptions(batch_size=3, **kwargs), embedder=embedder)
                        .ingest(read_inputs(files, max_bytes=20_000_000)))
        groups: dict[str, set[str]] = {}
        for o in outcomes:
            groups.setdefault(store.story_of(o.article_id) if o.article_id else o.uri, set()).add(o.uri)
    assert any(o.status == "ingested" for o in outcomes)
    return {frozenset(g) for g in groups.values()}


def test_the_same_stories_whatever_the_pool_size_and_wherever_the_model_runs(tmp_path, embedder):
    in_pool = _stories(tmp_path, "two", workers=2)
    assert _stories(tmp_path, "one", workers=1) == in_pool
    assert _stories(tmp_path, "here", workers=0) == in_pool
    assert _stories(tmp_path, "given", workers=2, embedder=embedder) == in_pool


def test_a_group_of_documents_that_failed_as_a_whole_is_read_again_one_by_one(store, embedder):
    from newsdesk.pipeline import Ingestor
    from newsdesk.prepare import prepare_many
    from newsdesk.records import RawDoc
    from newsdesk.workers import Done, call

    docs = [RawDoc(uri=f"doc{i}.txt", content=f"Ferry service {i} resumes\n\nThe ferry service number {i} resumed "
                   "on Monday after the storm, the harbour office in Lindqvist Bay said.", content_type="text/plain")
            for i in range(3)] + [RawDoc(uri="empty.txt", content="   ", content_type="text/plain")]
    ingestor = Ingestor(store, embedder=embedder)
    opts = (ingestor.options.extract, ingestor.options.clean)
    timed_out = Done((prepare_many, (docs, *opts)), error="took longer than 30 s: abandoned", failure="timeout")
    with WorkerPool(call, size=0).stream() as stream:
        again = ingestor._documents_of(timed_out, stream)
    assert [d.item.uri for d in again] == [d.uri for d in docs]
    assert [type(d.value).__name__ for d in again] == ["Article"] * 3 + ["str"]  # the empty one: its reason


def test_small_documents_travel_in_groups_and_large_ones_alone(store, embedder):
    from newsdesk.pipeline import Ingestor
    from newsdesk.records import IngestOutcome, RawDoc

    small = [RawDoc(uri=f"s{i}", content="x" * 100) for i in range(10)]
    large = RawDoc(uri="big", content="y" * 60_000)
    passed = IngestOutcome("gone", "skipped", "missing")
    jobs = list(Ingestor(store, embedder=embedder)._reading_jobs([*small[:3], passed, large, *small[3:]]))
    sizes = [len(job[1][0]) if isinstance(job, tuple) else "outcome" for job in jobs]
    assert sizes == [3, "outcome", 1, 7]
    assert [d.uri for job in jobs if isinstance(job, tuple) for d in job[1][0]] == \
        [d.uri for d in [*small[:3], large, *small[3:]]]
