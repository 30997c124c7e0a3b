"""Plain-language trust labels: what a claim's status or an article's flag means to a reader.

Each entry: (label, tone, explanation). Tones pick the badge colour: ``good``,
``warn``, ``bad``, and ``info`` for what cleaning did to a page (not a judgement
of the outlet). Unknown flags read as their words.
"""
from __future__ import annotations

from typing import Any

STATUS = {
    "corroborated": ("Confirmed", "good", "Stated by two or more independent origins (copies of one text count once)."),
    "single-source": ("One source only", "warn", "Only one independent origin states this: not yet confirmed."),
    "disputed": ("Disputed", "bad", "Sources disagree on this; every side is quoted."),
    "doubtful": ("Doubtful", "bad",
                 "Stated by a source that is unreliable on this point (e.g. it contradicts itself)."),
}

FLAGS = {
    "machine-written-filler": ("Machine-written filler", "bad",
                               "The article reads as generated padding around a few facts."),
    "internally-inconsistent": ("Contradicts itself", "bad", "The article states two incompatible values."),
    "doubtful-claims": ("Doubtful claims", "bad", "Some of its claims are contradicted by independent sources."),
    "reader-prompts-removed": ("Reader prompts removed", "info",
                               "Prompts such as 'share your thoughts' were taken out of the text."),
    "furniture-removed": ("Page clutter removed", "info",
                          "Share buttons, newsletter boxes, credits and similar were taken out of the text."),
    "filler-removed": ("Advice boxes removed", "info", "Boxes of generic advice were taken out of the text."),
    "filler-marked": ("Trivia boxes marked", "info", "'Did you know?' boxes were kept but marked as filler."),
    "link-list-removed": ("Link lists removed", "info", "Lists of links to other stories were taken out."),
    "toc-removed": ("Contents list removed", "info", "A table of contents was taken out of the text."),
    "trend-card-removed": ("Trend card removed", "info", "A trending-search card at the top was recorded and removed."),
    "foreign-title-removed": ("Unrelated title removed", "info", "A headline of another story was taken out."),
    "extracted-by-readability": ("Fallback extraction", "warn",
                                 "The main text was found by the fallback extractor: check it against the page."),
}

KINDS = {
    "link-list": ("List of links", "warn", "The page is mostly links, not an article."),
    "paywall-stub": ("Paywalled", "warn", "Only the start of the article was readable."),
    "empty": ("No text", "warn", "Nothing readable was left after cleaning."),
}


def _entry(table: dict[str, Any], key: str) -> dict[str, Any]:
    label, tone, why = table.get(key) or (key.replace("-", " ").capitalize(), "info", "")
    return {"key": key, "label": label, "tone": tone, "why": why}


def status_label(status: str | None) -> dict[str, Any] | None:
    return _entry(STATUS, status) if status else None


def flag_label(flag: str) -> dict[str, Any]:
    return _entry(FLAGS, flag)


def kind_label(kind: str) -> dict[str, Any]:
    return _entry(KINDS, kind)


def legend(statuses: set[str], flags: set[str]) -> list[dict[str, Any]]:
    """The labels a page uses, each with its explanation (statuses first)."""
    return ([_entry(STATUS, s) for s in STATUS if s in statuses] +
            [flag_label(f) for f in sorted(flags, key=lambda f: (f not in FLAGS, f))])
