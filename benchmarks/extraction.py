"""Extraction benchmark: shingle P/R/F1 of our cleaned text against ``articleBody``.

    python benchmarks/extraction.py [--data DIR] [--limit N] [--show N]

DIR holds ``html/<key>.html.gz`` and ``ground-truth.json`` (``articleBody`` and
``url`` per key), the layout of the Zyte article-extraction benchmark. Two
systems run on the same decompressed pages, in the same process:

* **newsdesk**: the full ``newsdesk ingest`` path (extract, clean, fingerprint,
  features, embed, cluster, store) into a fresh temporary desk; the text scored
  is the cleaned text stored in the desk;
* **trafilatura alone**: ``trafilatura.bare_extraction`` with the settings
  newsdesk uses, no cleaning, run on each page just before the ingest takes
  it (timed apart), so both speeds are measured under the same machine load.

The metric is the benchmark's published one: each text becomes a multiset of
4-word shingles (``\\w+`` tokens, case kept); per page, true/false positive and
false negative counts are normalised to sum to one; precision and recall are
averaged over pages, and F1 is computed from the two averages. Throughput
figures exclude the one-time model loads (done before the clocks start).
Human-readable lines come first; the LAST line is one JSON object.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "extraction"
SHINGLE_WORDS = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    url: str | None
    body: str  # the ground-truth articleBody
    html: bytes  # the decompressed page, as a file on disk would hold it


# -- the metric -------------------------------------------------------------------
def shingles(text: str, size: int = SHINGLE_WORDS) -> Counter:
    """Multiset of ``size``-word shingles; a text shorter than that is one shingle."""
    tokens = _WORD.findall(text or "")
    if len(tokens) <= size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised so that each page weighs the same."""
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision (pages that predicted something), mean recall (pages with a body), F1 of the two."""
    precisions = [_page_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_page_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# -- the data ---------------------------------------------------------------------
def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, truth[key].get("url"), truth[key].get("articleBody") or "", html))
    return pages


# -- the two systems ----------------------------------------------------------------
class TrafilaturaAlongside:
    """The pages as RawDocs for the ingest; just before handing each over, trafilatura alone
    extracts it (newsdesk's settings, no cleaning), timed apart. Interleaving the two keeps
    their speeds comparable when the machine's load changes during the run."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self.texts: dict[str, str] = {}
        self.seconds = 0.0

    def __iter__(self):
        import trafilatura

        from newsdesk.extract import TRAFILATURA_SETTINGS
        from newsdesk.records import RawDoc

        for page in self.pages:
            start = time.perf_counter()
            doc = trafilatura.bare_extraction(page.html, url=page.url, **TRAFILATURA_SETTINGS)
            self.seconds += time.perf_counter() - start
            self.texts[page.key] = (doc.text if doc is not None else "") or ""
            yield RawDoc(uri=_uri(page), content=page.html, url=page.url, path=_uri(page))


def _uri(page: Page) -> str:
    return f"html/{page.key}.html"


class StageClock:
    """Wraps the pipeline's module-level stage functions to add up the time spent in each."""

    def __init__(self, module, names: tuple[str, ...]) -> None:
        self.seconds: Counter = Counter()
        self._module, self._saved = module, {}
        for name in names:
            if callable(getattr(module, name, None)):
                self._saved[name] = getattr(module, name)
                setattr(module, name, self._timed(name, self._saved[name]))

    def _timed(self, name, func):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
        return timed

    def restore(self) -> None:
        for name, func in self._saved.items():
            setattr(self._module, name, func)


def _warm_up(ingestor) -> None:
    """Load the models (embedding, NER, language) before the clock starts: here and in each
    worker of the reading pool, where ingest embeds and parses."""
    from newsdesk import features as features_module
    from newsdesk import pipeline
    from newsdesk.featurise import featurise_task

    ingestor.embedder.embed(["warm-up sentence"])
    features_module.nlp()
    if callable(getattr(pipeline, "_language", None)):
        pipeline._language("warm-up sentence")
    pool = pipeline.reading_pool(ingestor.options)
    with pool.stream() as stream:  # one job per worker at once: each loads the model
        job = (featurise_task, (["warm-up sentence"], [], ingestor.options.features))
        for ticket in [stream.submit(job) for _ in range(max(1, pool.size))]:
            stream.wait(ticket)


def run_both(pages: list[Page], workdir: Path) -> dict:
    """Ingest the pages into a fresh desk with trafilatura alone running alongside; texts and timings."""
    from newsdesk import pipeline
    from newsdesk.store import Store

    alongside = TrafilaturaAlongside(pages)
    with Store(workdir / "bench.db") as store:
        ingestor = pipeline.Ingestor(store)
        _warm_up(ingestor)
        before = dict(getattr(ingestor, "timings", {}))
        clock = StageClock(pipeline, ("extract", "clean", "_language"))
        start = time.perf_counter()
        try:
            outcomes = list(ingestor.ingest(alongside))
        finally:
            wall = time.perf_counter() - start
            clock.restore()
        stages = _stage_seconds(getattr(ingestor, "timings", {}), before, clock.seconds)
        stored = _stored_articles(store, pages, outcomes)
    ours = {key: article.text if article else "" for key, article in stored.items()}
    return {"ours": ours, "stored": stored, "theirs": alongside.texts, "seconds": wall - alongside.seconds,
            "traf_seconds": alongside.seconds, "stages": stages, "outcomes": outcomes}


def _stage_seconds(timings: dict, before: dict, clocked: Counter) -> dict[str, float]:
    """The pipeline's own stage timings (this run only) with extract and clean split apart."""
    stages = {k: v - before.get(k, 0.0) for k, v in timings.items() if v - before.get(k, 0.0) > 0}
    stages.update({f"{k} (of prepare)": v for k, v in clocked.items()})
    return stages


def _stored_articles(store, pages: list[Page], outcomes: list) -> dict:
    """Each page's article as stored in the desk (None when it was skipped)."""
    by_uri = {o.uri: o.article_id for o in outcomes}
    return {page.key: store.article(by_uri[_uri(page)]) if by_uri.get(_uri(page)) else None for page in pages}


# -- report -------------------------------------------------------------------------
def _show_worst(pages: list[Page], run: dict, n: int) -> None:
    """The N pages where cleaning cost most against trafilatura alone, with what each rule removed
    ('T' = mostly ground-truth text, '.' = junk by the ground truth)."""
    deltas = []
    for page in pages:
        ours, theirs = page_counts(page.body, run["ours"][page.key]), page_counts(page.body, run["theirs"][page.key])
        if shingles(run["ours"][page.key]) != shingles(run["theirs"][page.key]):
            deltas.append((ours[0] - theirs[0], page, ours, theirs))
    for _, page, ours, theirs in sorted(deltas, key=lambda d: d[0])[:n]:
        print(f"\n{page.key[:12]}  tp/fp/fn newsdesk {ours[0]:.3f}/{ours[1]:.3f}/{ours[2]:.3f}  "
              f"trafilatura {theirs[0]:.3f}/{theirs[1]:.3f}/{theirs[2]:.3f}  {page.url}")
        truth = set(shingles(page.body))
        article = run["stored"][page.key]
        for item in (article.removed if article else []):
            own = set(shingles(item.text))
            mark = "T" if own and len(own & truth) > len(own) / 2 else "."
            print(f"  {mark} {item.rule:<18} {' '.join(item.text.split())[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with html/ and ground-truth.json")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (sorted by key)")
    parser.add_argument("--show", type=int, default=0, help="print the N pages where cleaning cost most")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"extraction benchmark skipped: {args.data / 'ground-truth.json'} is absent (the ../shared "
              "folder is only on development machines; pass --data DIR)")
        print(json.dumps({"skipped": True, "reason": f"{args.data} is absent"}))
        return 0
    pages = load_pages(args.data, args.limit)
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        run = run_both(pages, Path(tmp))
    result = _result(pages, run)
    _print_result(result, run["stages"])
    if args.show:
        _show_worst(pages, run, args.show)
    print(json.dumps(result))
    return 0


def _result(pages: list[Page], run: dict) -> dict:
    precision, recall, f1 = prf([page_counts(p.body, run["ours"][p.key]) for p in pages])
    t_precision, t_recall, t_f1 = prf([page_counts(p.body, run["theirs"][p.key]) for p in pages])
    status = Counter(o.status for o in run["outcomes"])
    seconds, traf_seconds = run["seconds"], run["traf_seconds"]
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "trafilatura_f1": round(t_f1, 4), "trafilatura_precision": round(t_precision, 4),
            "trafilatura_recall": round(t_recall, 4),
            "pages_per_second": round(len(pages) / seconds, 2),
            "trafilatura_pages_per_second": round(len(pages) / traf_seconds, 2),
            "n_pages": len(pages), "ingested": status["ingested"], "duplicates": status["duplicate"],
            "skipped": status["skipped"]}


def _print_result(result: dict, stages: dict[str, float]) -> None:
    print(f"{'':>22}  {'newsdesk':>9}  {'trafilatura':>11}")
    for key in ("f1", "precision", "recall"):
        print(f"{key:>22}  {result[key]:>9.4f}  {result['trafilatura_' + key]:>11.4f}")
    print(f"{'pages per second':>22}  {result['pages_per_second']:>9.2f}  "
          f"{result['trafilatura_pages_per_second']:>11.2f}")
    print(f"{'pages':>22}  {result['n_pages']} (ingested {result['ingested']}, duplicates "
          f"{result['duplicates']}, skipped {result['skipped']})")
    total = sum(v for k, v in stages.items() if "(of prepare)" not in k)
    print("seconds per stage of the ingest run (newsdesk):")
    for name, value in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"{name:>28}: {value:7.2f}" + (f"  ({100 * value / total:.0f}%)" if total and "(of" not in name else ""))


if __name__ == "__main__":
    sys.exit(main())
