"""Which words of a unit a briefing may show, and what its syntax says.

A briefing shows whole sentences a reader can take in on their own: not a
heading, a table row, a caption, a byline or a piece of a sentence. A sentence
opening with a dateline ("WASHINGTON —") or a run-in label ("Economic
partnership:") is shown from the words after it; the shown words are still a
verbatim span of the article.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..crosscheck import unit_text
from .weights import SECTIONS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..analyze.model import Unit

__all__ = ["Shown", "shown_span", "readable_shape", "is_credit", "Syntax", "words_in", "content_words"]

# Datelines are a place in capitals ("WASHINGTON"), a "City, Country" pair, or a place with the
# agency in brackets, then a dash: the newswire convention in English-language news.
_DATELINE = re.compile(r"^(?P<place>[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3})(?P<agency>\s*\([^)]{1,60}\))?"
                       r"\s*[—–-]{1,3}\s+(?=[A-Z“\"‘'])")
_RUN_IN = re.compile(r"^(?P<label>[^\s:.!?“\"][^:.!?“\"]{0,48}):\s+(?=[A-Z“\"‘'])")
# Photo and video credits follow a few fixed conventions across outlets ("(AP Photo/…)", "Photo: …",
# "… / Getty Images"); a sentence carrying one is a caption, not reporting.
_CREDIT = re.compile(r"\((?:[^)]*\b(?:Photo|Image|Video|Credit)s?\b[^)]*)\)|\b(?:Photo|Image|Credit|Caption)s?:\s|"
                     r"/\s?Getty Images|\bPhoto(?:graph)? by\b", re.I)
# A byline or a contributor line: the opening "By …" of a story, or "… contributed (reporting) to this report".
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:,|\s+and\b|$)|"
                     r"\bcontributed (?:reporting )?to this (?:report|article|story)\b", re.I)
# A page talking about itself to the reader ("here are five takeaways", "in this article we look at"):
# the register of SEO explainers, not reporting.
_META = re.compile(r"\b(?:here are|here's|here is|read on|in this (?:article|piece|post|guide|explainer)|"
                   r"we(?:'ll| will)? (?:look at|explore|break down|take a look))\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
# Titles written before a name ('Rev. Jesse …', 'Gen. Ada …'): a unit ending in one was cut in the
# middle of a name by the sentence splitter.
_TITLE_AT_END = re.compile(r"\b(?:Rev|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Dr|Mr|Mrs|Ms|Prof|Hon|Adm|Cmdr|Maj)\.$")
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_BACK_POINTING = {"he", "she", "they", "this", "that", "these", "those"}
_NAMING_DEPS = {"compound", "poss", "flat", "amod", "nmod", "conj", "appos"}


@dataclass(frozen=True, slots=True)
class Shown:
    """The words of a unit a briefing shows: their text and their span in the article."""

    text: str
    start: int
    end: int


def shown_span(unit: Unit) -> Shown:
    """The unit's text without a dateline or run-in label in front (a verbatim span)."""
    if unit.lead_in or unit.kind == "clause":
        return Shown(unit_text(unit), unit.start, unit.end)
    text = unit.text
    cut = _lead_cut(text)
    if cut and len(text[cut:].split()) >= 5:
        return Shown(text[cut:], unit.start + cut, unit.end)
    return Shown(unit_text(unit), unit.start, unit.end)


def _lead_cut(text: str) -> int:
    dateline = _DATELINE.match(text)
    if dateline and _is_dateline(dateline):
        return dateline.end()
    run_in = _RUN_IN.match(text)
    if run_in and len(run_in.group("label").split()) <= 5 and not _has_finite_verb_words(run_in.group("label")):
        return run_in.end()
    return 0


def _is_dateline(match: re.Match[str]) -> bool:
    place = match.group("place")
    letters = [c for c in place if c.isalpha()]
    return bool(match.group("agency")) or "," in place or (len(letters) >= 2 and all(c.isupper() for c in letters))


def _has_finite_verb_words(label: str) -> bool:
    """A label is a noun phrase ('Trade tensions'); words like 'said' or 'is' make it a clause."""
    doc = Syntax.parse_one(label)
    return any(t.tag_ in _FINITE_TAGS for t in doc)


def readable_shape(unit: Unit, shown: Shown) -> bool:
    """Cheap checks before any parse: a whole statement as written, not a heading, table row,
    caption, byline, question, headline-cased line, a piece of a quotation, or a clause the analysis
    split off a sentence (the sentence itself is shown instead)."""
    if unit.kind in ("heading", "table-row", "clause") or not unit.is_claim or unit.question:
        return False
    text = shown.text
    if len(text.split()) < 6 or text[:1].islower() or text.rstrip().endswith((":", ",", ";")):
        return False
    if _CREDIT.search(text) or _BYLINE.search(text) or _META.search(text) or _headline_cased(text):
        return False
    return _quotes_balanced(text)


def cut_after_title(text: str) -> bool:
    return bool(_TITLE_AT_END.search(text.rstrip()))


def is_credit(text: str) -> bool:
    """A photo or video credit on its own ('(Photo: Gazette)'): the line before it is a caption."""
    return bool(_CREDIT.match(text.strip())) and len(text.split()) <= 12


def _headline_cased(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) >= 4 and capitalised > SECTIONS.headline_case * len(words) and not text.rstrip().endswith(".")


def _quotes_balanced(text: str) -> bool:
    """A unit that opens or closes a quotation it does not hold is a piece of a longer quote."""
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


def words_in(text: str) -> int:
    return len(text.split())


def content_words(text: str) -> frozenset[str]:
    """Words that carry content: longer than three letters, or any number."""
    words = (re.sub(r"['’]s$", "", w.lower()).strip("'’") for w in _WORD.findall(text))
    return frozenset(w for w in words if len(w) > 3 or w[:1].isdigit())


class Syntax:
    """spaCy parses of the sentences a briefing considers, parsed in one batch and kept by text."""

    def __init__(self) -> None:
        self._docs: dict[str, Doc] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        from ..analyze.parse import parser

        todo = list(dict.fromkeys(t for t in texts if t not in self._docs))
        for text, doc in zip(todo, parser().pipe(todo, disable=["lemmatizer"])):  # lemmas are not read
            self._docs[text] = doc

    def doc(self, text: str) -> Doc:
        if text not in self._docs:
            self.prepare([text])
        return self._docs[text]

    @staticmethod
    @lru_cache(maxsize=2048)
    def parse_one(text: str) -> Doc:
        from ..analyze.parse import parser

        return parser()(text, disable=["lemmatizer"])

    def names_someone(self, name: str) -> bool:
        """A name (a proper noun that is not only a title such as 'Mr' or 'Sen')."""
        words = [t for t in self.parse_one(name) if t.pos_ == "PROPN" and not _TITLE_AT_END.search(t.text + ".")]
        return bool(words)

    def is_sentence(self, text: str) -> bool:
        """A clause, not a fragment ('Defense — Existing treaty …'): its root is a verb, or it has
        a finite one."""
        doc = self.doc(text)
        return any(t.tag_ in _FINITE_TAGS or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")) for t in doc)

    def subject(self, text: str) -> Token | None:
        """The head word of the main verb's subject (a spaCy token), or None."""
        for token in self.doc(text):
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
                return token
        return None

    def _subject_core(self, text: str) -> list[Token]:
        """The subject's head with the words right under it that name it ('Harrowgate's district
        council', 'Ferreyra and Ridley'), not the phrases hanging off it ('the barrier approved by
        the council')."""
        head = self.subject(text)
        if head is None:
            return []
        return [head] + [child for child in head.children if child.dep_ in _NAMING_DEPS]

    def actor_subject(self, text: str, named: bool = False) -> bool:
        """The main verb's subject names a person or an organisation (``named``: any proper name,
        a place or a people too)."""
        labels = ("PERSON", "ORG", "GPE", "NORP") if named else ("PERSON", "ORG")
        core = self._subject_core(text)
        return any(t.ent_type_ in labels or (named and t.pos_ == "PROPN") for t in core)

    def pronoun_subject(self, text: str) -> bool:
        """Its subject points back at someone named before ('He said …', 'This means …'); the
        'it' of 'It is unclear whether …' points forward and does not count."""
        core = self._subject_core(text)
        if len(core) != 1 or core[0].pos_ not in ("PRON", "DET"):
            return False
        word, root = core[0].lower_, core[0].head
        if word == "it":
            return not any(c.dep_ in ("ccomp", "csubj", "xcomp", "advcl") for c in root.children)
        return word in _BACK_POINTING

    def actors(self, text: str) -> int:
        return len({e.text for e in self.doc(text).ents if e.label_ in ("PERSON", "ORG")})

    def places(self, text: str) -> list[str]:
        """Places where something happens: 'in Tokyo', 'at the White House' (lower case, no article)."""
        out = []
        for e in self.doc(text).ents:
            head = e.root.head
            if e.label_ in ("GPE", "LOC", "FAC") and head.dep_ == "prep" and head.lower_ in ("in", "at"):
                out.append(re.sub(r"^the\s+", "", e.text.lower()))
        return out

    def action(self, text: str) -> bool:
        """Its main verb is an action in the past ('signed', 'has met'), not 'is' or 'was'."""
        root = next((t for t in self.doc(text) if t.dep_ == "ROOT"), None)
        return root is not None and root.pos_ == "VERB" and self.past_tense(text)

    def copular(self, text: str) -> bool:
        """Its main verb is 'be': it describes a state of things, not an event."""
        root = next((t for t in self.doc(text) if t.dep_ == "ROOT"), None)
        return root is not None and root.pos_ == "AUX"

    def past_tense(self, text: str) -> bool:
        root = next((t for t in self.doc(text) if t.dep_ == "ROOT"), None)
        if root is None:
            return False
        aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
        if any(a.tag_ == "MD" or a.lower_ in ("will", "shall") for a in aux):
            return False
        return root.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux)
