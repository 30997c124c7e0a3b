"""Direct quotes and who said them: the speaker named after the quote
('..., Ridley said'), before it ('X said: "..."', 'X ..., stating, "..."'),
as a pronoun ('..., she said') or by title ('the president said')."""
from __future__ import annotations

import re

from ..lexicon import country_of
from .model import PersonMention, Quote
from .people import _NOT_NAMES, NAME, office_regex, person_key

__all__ = ["find_quotes", "resolve_speakers"]

_SPEECH = (r"said|says|told|tells|added|adds|stated|states|stating|saying|declared|declares|noted|notes|wrote|"
           r"writes|asserted|asserting|insisted|insists|warned|warns|argued|argues|explained|explains|remarked|"
           r"announced|announces|tweeted|posted|replied|responded|acknowledged|admitted|claimed|claiming|calling|"
           r"called|described|describing|urged|urging|praised|praising|promised|vowed|emphasi[sz]ed|stressed|"
           r"continued|recalled|joked|quipped|concluded|observed|predicted|told reporters")
_QUOTED = re.compile(r"“([^“”]{3,})”|\"([^\"]{3,})\"")
_AFTER_VERB_FIRST = re.compile(rf"^[\s,]*(?:{_SPEECH})\s+(?P<who>{NAME}|the [\w\s.-]{{1,40}}?)(?=[\s,.;]|$)")
_AFTER_WHO_FIRST = re.compile(rf"^[\s,]*(?P<who>{NAME}|[Hh]e|[Ss]he|[Tt]hey|[Tt]he [\w\s.-]{{1,40}}?)\s+(?:{_SPEECH})\b")
_BEFORE = re.compile(rf"\b(?:{_SPEECH})\b[^“\"]{{0,40}}[,:]?\s*$", re.I)
_PRONOUNS = {"he", "she", "they"}
_NAME_RE = re.compile(NAME)
_OFFICE_WORD = re.compile(rf"(?i:{office_regex()})")


def find_quotes(sentence: str, offset: int = 0) -> list[tuple[Quote, str]]:
    """Quotes of 4+ words in a sentence, each with the raw speaker cue ('' when none)."""
    out = []
    for m in _QUOTED.finditer(sentence):
        group = 1 if m.group(1) is not None else 2
        words = m.group(group).strip()
        if len(words.split()) < 4:
            continue
        start = offset + m.start(group)
        quote = Quote(start, start + len(m.group(group)), m.group(group))
        who, cue = _speaker_cue(sentence, m)
        quote.cue = cue
        out.append((quote, who))
    return out


def _speaker_cue(sentence: str, m: re.Match) -> tuple[str, str]:
    after = sentence[m.end():]
    for pattern in (_AFTER_VERB_FIRST, _AFTER_WHO_FIRST):
        hit = pattern.match(after)
        if hit:
            return hit.group("who").strip(), "after"
    before = sentence[:m.start()]
    if _BEFORE.search(before) or before.rstrip().endswith(":"):
        return "", "before"
    return "", ""


def resolve_speakers(units, people_by_unit: list[list[PersonMention]], quotes_by_unit) -> None:
    """Fill each quote's speaker from the cue, the sentence subject, or earlier sentences."""
    for index, pairs in enumerate(quotes_by_unit):
        for quote, who in pairs:
            person = _resolve(who, quote, index, units, people_by_unit)
            if person:
                quote.speaker, quote.speaker_key = person.name, person.key
                if who.lower() in _PRONOUNS:
                    quote.cue = "pronoun"
                elif who.lower().startswith("the "):
                    quote.cue = "title"


def _resolve(who: str, quote: Quote, index: int, units, people_by_unit) -> PersonMention | None:
    people = [p for p in people_by_unit[index] if not (quote.start <= p.start < quote.end) and p.name]
    lowered = who.lower()
    if who and lowered not in _PRONOUNS and not lowered.startswith("the "):
        named = [p for p in people if p.name and who.split()[-1].lower() in p.name.lower().split()]
        return named[0] if named else PersonMention(0, 0, who, who.split()[-1].lower(), how="name")
    if lowered.startswith("the "):
        return _by_title(lowered, index, people_by_unit)
    if quote.cue == "before" and not lowered:
        before = [p for p in people if p.start < quote.start]
        plain = _first_plain_name(units[index], quote)
        if plain and (not before or plain.start < before[0].start):
            return plain
        if before:
            return before[0]
        return _by_title_in_sentence(index, quote, people_by_unit)
    if lowered in _PRONOUNS:
        return _previous_subject(index, people_by_unit, quote)
    return None


def _first_plain_name(unit, quote: Quote) -> PersonMention | None:
    """The first capitalised name before the quote that is not a country, office or function word."""
    head = unit.text[: quote.start - unit.start]
    for m in _NAME_RE.finditer(head):
        words = m.group(0).split()
        while words and (words[0].lower() in _NOT_NAMES or country_of(words[0])):
            words = words[1:]
        name = re.sub(r"['’]s$", "", " ".join(words))
        if name and not country_of(name) and not _OFFICE_WORD.fullmatch(name):
            start = unit.start + m.start() + m.group(0).find(words[0])
            return PersonMention(start, start + len(name), name, person_key(name), how="name")
    return None


def _by_title_in_sentence(index: int, quote: Quote, people_by_unit) -> PersonMention | None:
    titles = [p for p in people_by_unit[index] if p.how == "title-only" and p.start < quote.start]
    if titles:
        return _by_title("the " + ("former " if titles[0].status == "former" else "") + titles[0].office,
                         index, people_by_unit)
    return None


def _by_title(phrase: str, index: int, people_by_unit) -> PersonMention | None:
    """'the former president' -> the person this article calls (former) president, most mentioned."""
    words = phrase.split()
    former = "former" in words
    candidates: dict[str, list[PersonMention]] = {}
    for people in people_by_unit:
        for p in people:
            if p.name and p.office and p.office in phrase and (not former or p.status == "former"):
                candidates.setdefault(p.key, []).append(p)
    if not candidates:
        return None
    best = max(candidates.values(), key=len)
    return best[0]


def _previous_subject(index: int, people_by_unit, quote: Quote) -> PersonMention | None:
    """The first named person of this sentence before the quote, else of the sentences before."""
    same = [p for p in people_by_unit[index] if p.name and p.start < quote.start]
    if same:
        return same[0]
    for back in range(index - 1, max(-1, index - 4), -1):
        named = [p for p in people_by_unit[back] if p.name]
        if named:
            return named[0]
    return None
