"""Briefing quality benchmark: does each briefing read as an explainer, not a dump?

    python benchmarks/briefing.py [--basil FILE.jsonl] [--seeds DIR] [--corpus DIR] [--keep DIR] [--markdown DIR]

Briefs each input (basil-dev, the seeds, the bundled example corpus; an input that
is absent is skipped with a message) into a fresh desk with ``newsdesk brief
--format json`` and measures every story's briefing from the report alone:

- ``repeated``: briefing sentences whose words appear again in another briefing
  sentence (same text, or one held inside the other); must be 0;
- ``near_dups``: pairs of briefing sentences sharing 80%+ of their content words;
- ``figures_twice``: key figures (money, percent, counts) stated in two briefing
  sentences outside "What's disputed" (same value and measure); must be 0;
- ``ratio``: briefing words / words of the story's independent origins (one
  article per origin, the longest), for stories of 3+ origins; target max <= 0.40;
- ``bad_answers``: "Questions readers ask" answers that lack what was asked (a
  When without a date or time, a Who whose subject is no person or organisation,
  a Where without a place, a How much without a figure, a What next without a
  look ahead), plus sentences answering more than one question; must be 0;
- ``lead``: the first sentence of "What happened" reports the story's
  most-corroborated action: by the answer key where the input has one (basil-dev's
  crosscheck-dev.yaml, the seeds' gold.yaml, the corpus's expected.yaml: it matches
  one of the key's corroborated facts that the most sources state), else ``-``;
  ``cites`` says whether it cites as many origins as the report's own
  best-corroborated fact (a proxy that trusts the cross-check's grouping).

``--keep DIR`` keeps the desks between runs (analyses stay cached, so only the
cross-check and briefing are rebuilt); ``--markdown DIR`` writes each input's
briefings as Markdown for reading. The LAST line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from newsdesk.analyze.cues import is_future, modality  # noqa: E402
from newsdesk.analyze.figures import find_figures  # noqa: E402
from newsdesk.dates import mentions  # noqa: E402

KEY_FAMILIES = ("currency", "percent", "count")
_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")


def brief(path: Path, desk: Path) -> dict:
    """The report of `newsdesk brief PATH` into the desk at ``desk``."""
    out = desk.with_suffix(".json")
    subprocess.run([sys.executable, "-m", "newsdesk", "--db", str(desk), "brief", str(path), "--format", "json",
                    "--output", str(out), "--quiet"], check=True, cwd=ROOT)
    return json.loads(out.read_text("utf-8"))


# -- per-sentence checks -------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))


def _content(text: str) -> set[str]:
    return {w for w in _norm(text).split() if len(w) > 3}


def _key_figures(text: str) -> list:
    return [f for f in find_figures(text, 0) if f.family in KEY_FAMILIES]


def _same_measure(a, b) -> bool:
    if a.family != b.family or abs(a.value - b.value) > 1e-6 * max(abs(a.value), 1.0):
        return False
    if a.unit == b.unit:
        return True
    return a.family == "count" and (a.unit in b.terms or b.unit in a.terms or bool(set(a.terms) & set(b.terms)))


def _mostly_quoted(text: str) -> bool:
    return sum(len(m) for m in _QUOTED.findall(text)) > 0.5 * len(text)


_NLP = None


def _parse(text: str):
    global _NLP
    if _NLP is None:
        from newsdesk.analyze.parse import parser

        _NLP = parser()
    return _NLP(text)


def _subject_is_actor(doc) -> bool:
    """The main verb's subject is named: a proper noun or a person, organisation, country or people
    (its head and the words naming it, not the phrases hanging off it)."""
    for token in doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
            naming = [token] + [t for t in token.children if t.dep_ in ("compound", "poss", "flat", "appos", "nmod", "amod", "conj")]
            return any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in naming)
    return False


def _has_time(doc, text: str) -> bool:
    if mentions(text):
        return True
    return any(ent.label_ in ("DATE", "TIME") and not re.match(r"^(?:\d+|[a-z]+)\s+(?:days?|weeks?|months?|years?|"
                                                              r"hours?|decades?)$", ent.text, re.I)
               for ent in doc.ents)


def answers_question(question: str, text: str) -> bool:
    q = question.lower()
    doc = _parse(text)
    if q.startswith("who"):
        return _subject_is_actor(doc)
    if q.startswith("when"):
        return _has_time(doc, text)
    if q.startswith("where"):
        return any(ent.label_ in ("GPE", "LOC", "FAC") for ent in doc.ents)
    if q.startswith("how much") or q.startswith("how many"):
        return bool(find_figures(text, 0)) or any(ent.label_ in ("MONEY", "PERCENT", "QUANTITY") for ent in doc.ents)
    if "next" in q:
        return is_future(text) or modality(text) in ("intent", "expected")
    return not _mostly_quoted(text)


# -- per-story measures ------------------------------------------------------------------------
def _sentences(story: dict) -> list[tuple[str, dict]]:
    return [(sec["id"], s) for sec in story["briefing"]["sections"] for s in sec["sentences"]]


def repeated(sentences: list[tuple[str, dict]]) -> int:
    """Sentences whose words come again in another sentence (equal, or held inside it)."""
    texts = [_norm(s["text"]) for _, s in sentences]
    bad = 0
    for i, a in enumerate(texts):
        if any(j != i and a and (a == b or (len(a.split()) >= 6 and f" {a} " in f" {b} ")) for j, b in enumerate(texts)):
            bad += 1
    return bad


def near_duplicates(sentences: list[tuple[str, dict]]) -> int:
    sets = [_content(s["text"]) for _, s in sentences]
    pairs = 0
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            if a and b and a != b and len(a & b) / len(a | b) >= 0.8:
                pairs += 1
    return pairs


def figures_twice(sentences: list[tuple[str, dict]]) -> int:
    """Key figures (same value and measure) stated in more than one sentence outside the disputed section."""
    per_sentence = [_key_figures(s["text"]) for sec, s in sentences if sec != "disputed"]
    twice = 0
    for i, figures in enumerate(per_sentence):
        for fig in figures:
            if any(_same_measure(fig, other) for later in per_sentence[i + 1:] for other in later):
                twice += 1
    return twice


def bad_answers(story: dict) -> tuple[int, list[str]]:
    section = next((s for s in story["briefing"]["sections"] if s["id"] == "questions"), None)
    if section is None:
        return 0, []
    bad, why, seen = 0, [], {}
    for s in section["sentences"]:
        key = _norm(s["text"])
        if key in seen and seen[key] != s["label"]:
            bad += 1
            why.append(f"same sentence answers {seen[key]!r} and {s['label']!r}")
        seen.setdefault(key, s["label"])
        if not answers_question(s["label"], s["text"]):
            bad += 1
            why.append(f"{s['label']!r} answered without it: {s['text'][:70]}")
    return bad, why


def origin_words(story: dict, articles: dict[str, dict]) -> int:
    longest: dict[str, int] = {}
    for article_id in story["articles"]:
        a = articles[article_id]
        origin = a.get("origin") or article_id
        longest[origin] = max(longest.get(origin, 0), len((a.get("text") or "").split()))
    return sum(longest.values())


def _cited_origins(sentence: dict, articles: dict[str, dict]) -> int:
    return len({articles[s["article"]].get("origin") or s["article"] for s in sentence["sources"]})


def lead_reports_main_action(story: dict, articles: dict[str, dict]) -> bool | None:
    section = next((s for s in story["briefing"]["sections"] if s["id"] == "what-happened"), None)
    actions = [f["origins"] for f in story["facts"] if f["status"] == "corroborated"
               and f.get("kind") not in ("background", "future", "unknown") and not _mostly_quoted(f["text"])]
    if not actions:
        return None
    if section is None or not section["sentences"]:
        return False
    return _cited_origins(section["sentences"][0], articles) >= max(actions)


# -- answer keys: the most-corroborated facts of each keyed story --------------------------------------
def _key_matches(text: str, alternatives) -> bool:
    t = " ".join(text.lower().replace("’", "'").split())
    return any(all(p.lower().replace("’", "'") in t for p in alt) for alt in alternatives)


def load_key(name: str, path: Path) -> tuple | None:
    """(doc name of a report article, [(sources, match)] of the key's corroborated facts), or None."""
    import yaml

    key_path = {"basil-dev": path.parent / "crosscheck-dev.yaml", "seeds": path / "gold.yaml",
                "corpus": path / "expected.yaml"}[name]
    if not key_path.exists():
        return None
    key = yaml.safe_load(key_path.read_text("utf-8"))
    facts = [(set(f["sources"]), f["match"]) for f in key["corroborated_facts"]]
    if name == "basil-dev":
        doc_of_id = {v: k for k, v in key["documents"].items()}
        return (lambda a: doc_of_id.get(a.get("external_id") or ""), facts)
    if name == "seeds":
        return (lambda a: Path(a.get("path") or "").name[:3], facts)
    return (lambda a: Path(a.get("path") or "").name + (f"#{a['external_id']}" if a.get("external_id") else ""), facts)


def lead_matches_key(story: dict, articles: dict[str, dict], key: tuple | None) -> bool | None:
    if key is None:
        return None
    doc_of, facts = key
    docs = {doc_of(articles[a]) for a in story["articles"]}
    mine = [(len(sources & docs), match) for sources, match in facts if len(sources & docs) * 2 > len(sources)]
    if not mine:
        return None
    most = max(n for n, _ in mine)
    section = next((s for s in story["briefing"]["sections"] if s["id"] == "what-happened"), None)
    if section is None or not section["sentences"]:
        return False
    lead = section["sentences"][0]
    text = " ".join([lead["text"]] + [s["quote"] for s in lead["sources"]])
    return any(_key_matches(text, match) for n, match in mine if n == most)


def measure(story: dict, articles: dict[str, dict], key: tuple | None = None) -> dict:
    sentences = _sentences(story)
    words = sum(len(s["text"].split()) for _, s in sentences)
    source_words = origin_words(story, articles)
    bad, why = bad_answers(story)
    return {"title": story["title"], "origins": story.get("n_origins") or 1, "sentences": len(sentences),
            "words": words, "origin_words": source_words, "ratio": round(words / max(source_words, 1), 3),
            "repeated": repeated(sentences), "near_dups": near_duplicates(sentences),
            "figures_twice": figures_twice(sentences), "bad_answers": bad, "why": why,
            "answered": sum(1 for sec, _ in sentences if sec == "questions"),
            "lead": lead_matches_key(story, articles, key), "cites": lead_reports_main_action(story, articles)}


# -- output ----------------------------------------------------------------------------------------
def _line(m: dict) -> str:
    lead, cites = ({True: "yes", False: "NO", None: "-"}[m[k]] for k in ("lead", "cites"))
    return (f"  {m['title'][:52]:<52} o={m['origins']:<2} words {m['words']:>4}/{m['origin_words']:<5} "
            f"ratio {m['ratio']:.2f}  rep {m['repeated']}  near {m['near_dups']}  fig2 {m['figures_twice']}  "
            f"badQ {m['bad_answers']}  lead {lead:<3} cites {cites}")


def summarise(measures: list[dict]) -> dict:
    big = [m["ratio"] for m in measures if m["origins"] >= 3]
    leads = [m["lead"] for m in measures if m["lead"] is not None]
    cites = [m["cites"] for m in measures if m["cites"] is not None]
    return {"stories": len(measures), "repeated_sentences": sum(m["repeated"] for m in measures),
            "near_duplicates": sum(m["near_dups"] for m in measures),
            "figures_twice": sum(m["figures_twice"] for m in measures),
            "bad_answers": sum(m["bad_answers"] for m in measures),
            "questions_answered": sum(m["answered"] for m in measures),
            "ratio_max_3plus": round(max(big), 3) if big else None,
            "ratio_median_3plus": round(statistics.median(big), 3) if big else None,
            "stories_3plus": len(big), "lead_matches_key": f"{sum(leads)}/{len(leads)}",
            "lead_cites_most_origins": f"{sum(cites)}/{len(cites)}"}


def run_input(name: str, path: Path, workdir: Path, markdown: Path | None) -> list[dict]:
    start = time.perf_counter()
    report = brief(path, workdir / f"{name}.db")
    articles = {a["id"]: a for a in report["articles"]}
    key = load_key(name, path)
    measures = [measure(s, articles, key) for s in report["stories"]]
    print(f"{name}: {len(measures)} stories, briefed in {time.perf_counter() - start:.1f} s")
    for m in measures:
        print(_line(m))
        for why in m["why"]:
            print(f"      {why}")
    if markdown:
        from newsdesk.render import to_markdown

        markdown.mkdir(parents=True, exist_ok=True)
        (markdown / f"{name}.md").write_text(to_markdown(report), "utf-8")
    return measures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--basil", default=str(SHARED / "bench" / "basil-dev" / "basil-dev.jsonl"))
    parser.add_argument("--seeds", default=str(SHARED / "seeds"))
    parser.add_argument("--corpus", default=str(ROOT / "examples" / "corpus"))
    parser.add_argument("--keep", help="keep the desks in this folder (re-runs reuse cached analyses)")
    parser.add_argument("--markdown", help="write each input's briefings as Markdown into this folder")
    parser.add_argument("--only", help="comma-separated inputs to run (basil-dev, seeds, corpus)")
    args = parser.parse_args()
    inputs = [("basil-dev", Path(args.basil)), ("seeds", Path(args.seeds)), ("corpus", Path(args.corpus))]
    if args.only:
        inputs = [i for i in inputs if i[0] in args.only.split(",")]
    results: dict = {}
    everything: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-briefing-") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for name, path in inputs:
            if not path.exists():
                print(f"{name}: skipped ({path} is absent; ../shared is only on development machines)")
                continue
            measures = run_input(name, path, workdir, Path(args.markdown) if args.markdown else None)
            results[name] = summarise(measures)
            print(f"{name} total: {json.dumps(results[name])}")
            everything += measures
    results["total"] = summarise(everything)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
