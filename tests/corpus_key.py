"""Score a newsdesk report against examples/corpus/expected.yaml (the answer key),
with the matching rules the key states at its top."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

KEY_PATH = Path(__file__).resolve().parent.parent / "examples" / "corpus" / "expected.yaml"


def norm(text: str | None) -> str:
    text = (text or "").lower()
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
                 ("\u2014", "-"), ("\u00a0", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def matches(text: str, alternatives) -> bool:
    t = norm(text)
    return any(all(norm(p) in t for p in alt) for alt in alternatives)


def load_key() -> dict:
    return yaml.safe_load(KEY_PATH.read_text(encoding="utf-8"))


class Scored:
    """A report seen through the key's document names ('file.txt', 'file.jsonl#id')."""

    def __init__(self, report: dict) -> None:
        self.report = report
        self.articles = {a["id"]: a for a in report["articles"]}
        self.doc_of = {}
        for a in report["articles"]:
            name = Path(a.get("path") or "").name
            self.doc_of[a["id"]] = f"{name}#{a['external_id']}" if name.endswith(".jsonl") else name

    def docs(self, sources) -> set[str]:
        return {self.doc_of.get(s["article"]) for s in sources or []} - {None}

    def story_with(self, doc: str) -> dict | None:
        return next((s for s in self.report["stories"] if doc in {self.doc_of.get(a) for a in s["articles"]}), None)

    def origins(self, docs: set[str], key: dict) -> int:
        """Independent origins among documents, by the key's origin groups."""
        groups = [set(g) for g in key.get("origins", [])]
        seen, count = set(), 0
        for doc in docs:
            group = next((frozenset(g) for g in groups if doc in g), frozenset([doc]))
            if group not in seen:
                seen.add(group)
                count += 1
        return count

    @staticmethod
    def fact_text(fact: dict) -> str:
        return " ".join([fact["text"]] + [s["quote"] for s in fact["sources"]])

    @staticmethod
    def conflict_text(conflict: dict) -> str:
        parts = [conflict["about"]]
        for claim in conflict["claims"]:
            parts += [claim["value"], claim["text"]] + [s["quote"] for s in claim["sources"]]
        return " ".join(parts)
