"""Why an article is in its story, in one line, from the evidence clustering stored.

Presentation: the clustering stage (:mod:`newsdesk.cluster`) records the
evidence, this module only reads it; kept apart so that ``newsdesk show`` starts
fast (no numpy, no models).
"""
from __future__ import annotations

from typing import Any

# The clusterer's `ClusterOptions.stale_days` (days this far apart are different events): a publish gap
# beyond it is worth a note. Repeated, not imported, because importing `newsdesk.cluster` loads numpy and
# `newsdesk show` must start without it; tests/test_explain.py checks that the two agree.
STALE_DAYS = 30


def explain(reason: str, score: float | None, evidence: dict[str, Any]) -> str:
    """One line saying why an article joined its story (or started one), from its stored evidence."""
    detail = evidence.get("detail") or {}
    if reason == "copy-of":
        return f"copy of {detail.get('copy_of')} (shingle Jaccard {detail.get('jaccard')}): same origin"
    if reason == "split":
        return (f"moved when story {detail.get('split_from')} split in two: the mean score between its parts, "
                f"{detail.get('between')}, was under {detail.get('bar')} ({detail.get('kept')} articles stayed, "
                f"{detail.get('moved')} moved); before that: {_before(detail)}")
    if reason == "merge":
        return (f"moved when story {detail.get('merged_from')} merged into this one: the mean score between "
                f"their articles, {detail.get('between')}, reached {detail.get('bar')} ({detail.get('moved')} "
                f"articles joined {detail.get('kept')}); before that: {_before(detail)}")
    if reason == "new":
        nearest = detail.get("nearest")
        if not nearest and detail.get("window_days"):
            return f"started the story (no story has an article within {detail['window_days']} days of it)"
        if not nearest:
            return "started the story (no similar story yet)"
        return (f"started the story: nearest story {nearest['story']} scored {nearest['score']:.2f}, "
                f"below its bar {nearest['bar']:.2f}" + _obstacles(nearest))
    parts = [f"score {score:.2f} over bar {detail.get('bar', 0):.2f}",
             f"title+lead similarity {evidence.get('similarity')}"]
    if detail.get("shared_names"):
        parts.append(f"names {detail.get('names_similarity')} ({', '.join(detail['shared_names'])})")
    if detail.get("shared_terms"):
        parts.append(f"words {detail.get('terms_similarity')} ({', '.join(detail['shared_terms'])})")
    for key, label in (("shared_participants", "participants"), ("shared_places", "places"),
                       ("shared_dates", "dates")):
        if evidence.get(key):
            parts.append(f"{label}: {', '.join(evidence[key])}")
    return "joined: " + "; ".join(parts) + _obstacles(detail)


def _obstacles(detail: dict[str, Any]) -> str:
    notes = []
    if detail.get("counterpart"):
        pair = detail["counterpart"]
        notes.append(f"its lede names {pair['article']} where the story names {pair['story']}")
    if detail.get("date_clash"):
        notes.append("the dates it states are far from the story's")
    if detail.get("published_gap_days", 0) > STALE_DAYS:
        notes.append(f"published {detail['published_gap_days']} days from the story's articles")
    return " (" + "; ".join(notes) + ")" if notes else ""


def _before(detail: dict[str, Any]) -> str:
    """Why a moved article had joined the story it was moved from."""
    before = detail.get("before") or {}
    return explain(before.get("reason", ""), before.get("score"), before.get("evidence") or {})
