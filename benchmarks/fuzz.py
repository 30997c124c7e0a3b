"""Fuzz the ingest path: hostile files beside known-good articles, desk after desk.

    python benchmarks/fuzz.py --cases 100000 --seed 1          # hours, in the background
    python benchmarks/fuzz.py --cases 500 --seed 1             # a couple of minutes (the CI run)

Cases come from ``benchmarks/fuzzcases.py`` (seeded generators of HTML, JSON Lines, plain
text, WARC archives, RSS/Atom/JSON feeds, special files and hostile file names). Each desk
is a folder of ``--per-desk`` cases plus ``--goods`` invented good articles, ingested into a
fresh desk by a long-lived child process (models loaded once) exactly as ``newsdesk ingest``
does; feed cases go through the feed and Trends parsers as collect runs them (in the reading
pool) and their entries are ingested too.

It counts:

- ``crashes``: an exception escaping the run (the run would have aborted), or the child dying;
- ``hangs``: the child silent for ``--hang`` seconds (per-document budgets make that a bug);
- ``good_lost``: good articles not ingested, or not in the desk afterwards;
- ``corrupt``: desks failing SQLite's or FTS5's integrity check;
- ``isolated_failures``: documents or feeds whose parser raised an exception that was caught
  and reported for that document alone (the run went on; each is still a bug to look at);
- ``peak_rss_mb``: the highest memory of the whole ingest (child, its forkserver and worker
  processes), as the sum of their proportional set sizes (shared pages counted once);
  ``peak_rss_main_mb`` the child alone.

Failing desks are kept under ``--keep`` for reproduction. Progress goes to stderr; the last
line of stdout is one JSON object. It stops by itself after ``--cases`` cases.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fuzzcases  # noqa: E402 - the generators live beside this script


# -- the desk folder ----------------------------------------------------------------------------------
def good_articles(rng: random.Random, count: int, desk: int) -> dict[bytes, bytes]:
    """Invented articles that must all arrive: plain text and HTML, each about its own thing."""
    goods = {}
    for i in range(count):
        title, body = fuzzcases.article_text(rng, paragraphs=3)
        title = f"Desk {desk} good {i}: {title}"
        body = f"Report number {desk}-{i} from {fuzzcases.NAMES[i % len(fuzzcases.NAMES)]}. " + body
        if i % 2:
            page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article><h1>{title}</h1>"
                    + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "</article></body></html>")
            goods[f"000-good-{i:02d}.html".encode()] = page.encode()
        else:
            goods[f"000-good-{i:02d}.txt".encode()] = f"{title}\n\n{body}\n".encode()
    return goods


def write_desk(folder: Path, rng: random.Random, start: int, count: int, goods: int, desk: int) -> list[str]:
    """Cases and good articles in ``folder`` (bytes names); returns the good files' names."""
    root = os.fsencode(folder)
    os.makedirs(root, exist_ok=True)
    good = good_articles(rng, goods, desk)
    for name, data in good.items():
        _write(os.path.join(root, name), data)
    for index in range(start, start + count):
        case = fuzzcases.make_case(rng, index)
        path = os.path.join(root, case.name)
        if os.path.lexists(path):
            continue
        try:
            _write(path, case.data) if case.data is not None else _special(path, case.special, root)
        except OSError:
            continue  # a name this file system refuses
    return [n.decode() for n in good]


def _write(path: bytes, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _special(path: bytes, kind: str, root: bytes) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind in ("devzero", "devnull"):
        os.symlink(b"/dev/zero" if kind == "devzero" else b"/dev/null", path)
    elif kind == "dangling":
        os.symlink(os.path.join(root, b"no-such-target"), path)
    elif kind == "loop":
        os.symlink(path, path)
    else:
        os.makedirs(path)


# -- the child: ingests one desk per request ----------------------------------------------------------
def serve() -> int:
    """Read desk requests (JSON lines) on stdin, answer each with one JSON line on stdout."""
    from newsdesk.embed import Embedder

    embedder = Embedder()
    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = ingest_desk(Path(request["folder"]), Path(request["db"]), request["goods"], embedder, out)
        except BaseException:  # the run aborted: that is a crash, reported with where it happened
            answer = {"crash": traceback.format_exc()[-3000:]}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


def ingest_desk(folder: Path, db: Path, goods: list[str], embedder, out) -> dict:
    from newsdesk.inputs import expand_paths, read_inputs
    from newsdesk.pipeline import Ingestor
    from newsdesk.store import Store

    files, missing = expand_paths([str(folder)])
    feeds = sorted(p for p in folder.glob("*.feed") if p.is_file() and not p.is_symlink())
    feed_docs, feed_failures = parse_feeds(feeds)
    outcomes = []
    with Store(db) as store:
        items = _chain(missing, read_inputs(files, max_bytes=20_000_000), feed_docs)
        for n, outcome in enumerate(Ingestor(store, embedder=embedder).ingest(items), 1):
            outcomes.append(outcome)
            if n % 10 == 0:
                out.write(json.dumps({"progress": n}) + "\n")
                out.flush()
        stored = {row[0] for row in store.conn.execute("SELECT path FROM articles")}
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    by_name = {o.uri.rsplit("/", 1)[-1]: o for o in outcomes}
    lost = [g for g in goods if getattr(by_name.get(g), "status", None) != "ingested"
            or str(folder / g) not in stored]
    isolated = [o.reason for o in outcomes if "please report" in o.reason] + feed_failures
    return {"outcomes": Counter(o.status for o in outcomes), "good_lost": lost, "integrity": integrity,
            "isolated": isolated, "reasons": Counter(_reason_kind(o.reason) for o in outcomes if o.status == "skipped")}


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable


def parse_feeds(paths: list[Path]) -> tuple[list, list[str]]:
    """Feed cases parsed as collect parses a fetched source (in the reading pool, as a feed and as a
    Trends feed); their entries as the documents collect would ingest, and the parser failures that
    escaped as exceptions (each isolated to its feed, but a bug to report)."""
    from newsdesk.collect.feeds import entry_doc, parse_source_task
    from newsdesk.pipeline import IngestOptions, reading_pool

    jobs = [(parse_source_task, (kind, path.read_bytes(), "https://example.org/feed", ""))
            for path in paths for kind in ("feed", "trends")]
    docs, failures = [], []
    for done in reading_pool(IngestOptions()).map(jobs):
        kind = done.item[1][0]
        if not done.ok:
            if done.failure == "raised":
                failures.append(f"{kind}: {done.error}")
            continue
        if kind == "feed" and not isinstance(done.value, str):
            docs += [entry_doc(e, feed_url="https://example.org/feed", feed_title=done.value.title)
                     for e in done.value.entries]
    return docs, failures


def _reason_kind(reason: str) -> str:
    return reason.split(":")[0].split(" (")[0][:60]


# -- the parent: writes desks, watches the child ------------------------------------------------------
class Child:
    """The ingesting child process, its memory sampled twice a second."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, bufsize=1, cwd=str(HERE.parent))
        self.peak_tree = 0.0
        self.peak_main = 0.0
        self._lines: list[str] = []
        self._ready = threading.Event()
        self._done = False
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._sample, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.append(line)
            self._ready.set()
        self._ready.set()

    def _sample(self) -> None:
        while not self._done and self.process.poll() is None:
            main, tree = tree_memory(self.process.pid)
            self.peak_main, self.peak_tree = max(self.peak_main, main), max(self.peak_tree, tree)
            time.sleep(0.5)

    def ask(self, request: dict, hang: float) -> dict:
        """The child's answer; {"hang": ...} when it is silent for ``hang`` seconds, {"died": ...} if it dies."""
        self._lines.clear()
        self._ready.clear()
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        while True:
            if not self._ready.wait(hang):
                return {"hang": f"silent for {hang:g} s"}
            self._ready.clear()
            while self._lines:
                message = json.loads(self._lines.pop(0))
                if "progress" not in message:
                    return message
            if self.process.poll() is not None:
                return {"died": f"exit status {self.process.returncode}"}

    def stop(self) -> None:
        self._done = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pid in descendants(self.process.pid):
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def tree_memory(pid: int) -> tuple[float, float]:
    """(RSS of ``pid``, summed PSS of ``pid`` and its descendants), in MB."""
    main = _field(f"/proc/{pid}/status", "VmRSS:")
    tree = sum(_field(f"/proc/{p}/smaps_rollup", "Pss:") for p in [pid, *descendants(pid)])
    return main / 1024, tree / 1024


def _field(path: str, name: str) -> float:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(name):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def run(args) -> dict:
    rng = random.Random(args.seed)
    totals: Counter = Counter()
    reasons: Counter = Counter()
    isolated: Counter = Counter()
    examples: list[str] = []
    failures: list[dict] = []
    work = Path(tempfile.mkdtemp(prefix="newsdesk-fuzz-"))
    keep = Path(args.keep or tempfile.gettempdir()) / f"newsdesk-fuzz-failures-{args.seed}"
    child = Child()
    started = time.monotonic()
    done = desk = 0
    try:
        while done < args.cases:
            count = min(args.per_desk, args.cases - done)
            folder = work / f"desk-{desk}"
            goods = write_desk(folder, rng, done, count, args.goods, desk)
            answer = child.ask({"folder": str(folder), "db": str(work / f"desk-{desk}.db"), "goods": goods}, args.hang)
            problem = _tally(answer, totals, reasons, isolated, len(goods))
            examples += [f"desk {desk}: {r[:300]}" for r in answer.get("isolated", [])][: max(0, 10 - len(examples))]
            if problem:
                failures.append({"desk": desk, "problem": problem, "kept": str(keep / folder.name)})
                shutil.copytree(folder, keep / folder.name, symlinks=True, dirs_exist_ok=True,
                                ignore_dangling_symlinks=True)
                if "hang" in answer or "died" in answer:
                    child.stop()
                    child = Child()
            shutil.rmtree(folder, ignore_errors=True)
            for leftover in work.glob(f"desk-{desk}.db*"):
                leftover.unlink()
            done, desk = done + count, desk + 1
            _progress(done, args.cases, totals, started, child)
    finally:
        child.stop()
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    return {"cases": done, "desks": desk, "seed": args.seed, "crashes": totals["crashes"], "hangs": totals["hangs"],
            "good_lost": totals["good_lost"], "good_total": totals["goods"], "corrupt": totals["corrupt"],
            "peak_rss_mb": round(child.peak_tree, 1), "peak_rss_main_mb": round(child.peak_main, 1),
            "documents": dict(totals["outcomes"]) if totals["outcomes"] else {},
            "isolated_failures": totals["isolated"], "isolated_kinds": dict(isolated.most_common(15)),
            "isolated_examples": examples[:10],
            "skip_reasons": dict(reasons.most_common(25)), "seconds": round(seconds, 1),
            "cases_per_s": round(done / seconds, 2) if seconds else None, "failures": failures[:20]}


def _tally(answer: dict, totals: Counter, reasons: Counter, isolated: Counter, goods: int) -> str | None:
    totals["goods"] += goods
    if "hang" in answer:
        totals["hangs"] += 1
        totals["good_lost"] += goods
        return answer["hang"]
    if "died" in answer or "crash" in answer:
        totals["crashes"] += 1
        totals["good_lost"] += goods
        return answer.get("crash") or answer["died"]
    totals["outcomes"] = totals["outcomes"] or Counter()
    totals["outcomes"].update(answer["outcomes"])
    reasons.update(answer["reasons"])
    totals["isolated"] += len(answer["isolated"])
    isolated.update(_reason_kind(r.split("(", 1)[-1]) for r in answer["isolated"])
    totals["good_lost"] += len(answer["good_lost"])
    totals["corrupt"] += answer["integrity"] != "ok"
    problems = [f"good lost: {answer['good_lost']}"] if answer["good_lost"] else []
    return "; ".join(problems) or (None if answer["integrity"] == "ok" else "integrity: " + answer["integrity"])


def _progress(done: int, total: int, totals: Counter, started: float, child: Child) -> None:
    rate = done / max(1e-9, time.monotonic() - started)
    print(f"fuzz: {done}/{total} cases ({rate:.1f}/s); crashes {totals['crashes']}, hangs {totals['hangs']}, "
          f"good lost {totals['good_lost']}; peak {child.peak_tree:.0f} MB", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-desk", type=int, default=200, help="cases per desk")
    parser.add_argument("--goods", type=int, default=8, help="good articles per desk")
    parser.add_argument("--hang", type=float, default=180.0, help="seconds of silence that count as a hang")
    parser.add_argument("--keep", help="folder for failing desks (default: the temp folder)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve()
    result = run(args)
    print(json.dumps(result))
    return 0 if not (result["crashes"] or result["hangs"] or result["good_lost"] or result["corrupt"]) else 1


if __name__ == "__main__":
    sys.exit(main())
