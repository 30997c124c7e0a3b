"""Who is who within one article: a person is named in full once and referred to
later by surname ("Ms. Roe", "Sen. Roe", "Roe"), by first name, or by a title the
article gave them ("the senator"). Rules only: the fullest name wins, a short
form goes to the full name it matches most recently mentioned, and gender is used
only where the text states it (an honorific, "congresswoman"), never guessed
from a name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import PersonMention
from .people import person_key, proper_names

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Cast", "Person", "known_names"]


@dataclass(slots=True)
class Person:
    id: int
    name: str  # the fullest form the article gives
    key: str
    gender: str = ""
    titles: list[PersonMention] = field(default_factory=list)  # mentions that carry an office or role
    seen: list[int] = field(default_factory=list)  # article offsets of its mentions, in order

    def last_seen_before(self, at: int) -> int:
        earlier = [s for s in self.seen if s <= at]
        return earlier[-1] if earlier else -1


def _tokens(name: str) -> list[str]:
    return [t.lower().strip(".,") for t in name.split() if t.strip(".,")]


def _same_person(a: list[str], b: list[str]) -> bool:
    """'Ines K. Varga' and 'Ines Varga'; 'Tomas Lind' and 'Tomas Lind Ortega' are not merged."""
    return a[0] == b[0] and a[-1] == b[-1]


class Cast:
    """The article's people, built from its mentions in reading order."""

    def __init__(self, mentions: list[PersonMention]) -> None:
        self.people: list[Person] = []
        self._of: dict[tuple[int, int], Person] = {}
        named = sorted((m for m in mentions if m.name), key=lambda m: m.start)
        for m in named:
            if len(_tokens(m.name)) >= 2:
                self._add_full(m)
        for m in named:
            if len(_tokens(m.name)) < 2:
                self._add_short(m)
        for person in self.people:
            person.seen.sort()

    # -- building ----------------------------------------------------------------------
    def _add_full(self, m: PersonMention) -> None:
        words = _tokens(m.name)
        person = next((p for p in self.people if len(_tokens(p.name)) >= 2 and _same_person(_tokens(p.name), words)
                       and _compatible(p.gender, m.gender)), None)
        if person is None:
            person = Person(len(self.people), m.name, person_key(m.name))
            self.people.append(person)
        elif len(m.name) > len(person.name):
            person.name = m.name
        self._note(person, m)

    def _add_short(self, m: PersonMention) -> None:
        person = self.lookup(m.name, m.start, m.gender)
        if person is None:
            person = Person(len(self.people), m.name, person_key(m.name))
            self.people.append(person)
        self._note(person, m)

    def _note(self, person: Person, m: PersonMention) -> None:
        self._of[(m.start, m.end)] = person
        person.seen.append(m.start)
        if m.gender and not person.gender:
            person.gender = m.gender
        if m.office or m.role:
            person.titles.append(m)

    def complete_names(self, written: list[str]) -> None:
        """A person named only by surname ('Ms. Reyes') takes the fuller name the article writes
        elsewhere without marking it as a person ('Ana Reyes, the harbor master, ...'), when exactly
        one such two- or three-word name ends with that surname."""
        for person in self.people:
            words = _tokens(person.name)
            if len(words) != 1:
                continue
            fuller = {w for w in written if 2 <= len(_tokens(w)) <= 3 and _tokens(w)[-1] == words[0]}
            if len(fuller) == 1:
                person.name = fuller.pop()

    def adopt(self, mention: PersonMention) -> bool:
        """Take a mention found outside the body (a headline) only if it names a known person."""
        person = self.lookup(mention.name, mention.start)
        if person is None or not _fits(mention.name, person.name):
            return False
        self.add(mention, person)
        return True

    def add(self, mention: PersonMention, person: Person) -> None:
        """Record another mention of a known person (found after the cast was built)."""
        self._note(person, mention)
        person.seen.sort()

    # -- questions ----------------------------------------------------------------------
    def person_of(self, mention: PersonMention) -> Person | None:
        return self._of.get((mention.start, mention.end))

    def lookup(self, name: str, at: int, gender: str = "") -> Person | None:
        """The person a name written at ``at`` refers to: same full name, else the full name with that
        surname (the one mentioned last before ``at``, else first after), else that first name if it
        belongs to one person only."""
        words = _tokens(name)
        if not words:
            return None
        fits = [p for p in self.people if _compatible(p.gender, gender)]
        if len(words) >= 2:
            same = [p for p in fits if _same_person(_tokens(p.name), words)]
            if same:
                return _nearest(same, at)
        by_surname = [p for p in fits if _tokens(p.name)[-1] == words[-1]]
        if by_surname:
            return _nearest(by_surname, at)
        by_first = [p for p in fits if len(_tokens(p.name)) >= 2 and _tokens(p.name)[0] == words[0]]
        return by_first[0] if len(words) == 1 and len(by_first) == 1 else None

    def by_title(self, office: str, role: str, former: bool, country: str | None, at: int,
                 since: int = 0) -> Person | None:
        """'the president' / 'the former governor' / 'the spokeswoman': the person the article gave
        that title (most recently mentioned before ``at`` when several have it). A role that is not an
        office ('the spokeswoman', 'the officer') refers back only to someone mentioned since ``since``."""
        wanted = {w for w in (office, role) if w}
        wanted |= {alias for w in wanted for alias in _SAME_OFFICE.get(w, ())}
        if not wanted:
            return None
        holders = []
        for person in self.people:
            for t in person.titles:
                held = {t.office, t.role, t.role.split()[-1] if t.role else ""} - {""}
                if not held & wanted or (country and t.country and t.country != country):
                    continue
                if former == (t.status == "former") and (office or person.last_seen_before(at) >= since):
                    holders.append(person)
                    break
        return _nearest(holders, at) if holders else None


# Names of one office that news writing uses interchangeably (the title written before a name vs the
# noun used later: 'Rep. Kay Roe' ... 'the congresswoman').
_SAME_OFFICE = {"representative": ("congressman", "congresswoman", "lawmaker"),
                "congressman": ("representative", "lawmaker"), "congresswoman": ("representative", "lawmaker"),
                "senator": ("lawmaker",), "chief executive": ("ceo", "executive"), "ceo": ("chief executive",)}


def _compatible(a: str, b: str) -> bool:
    return not a or not b or a == b


def _nearest(people: list[Person], at: int) -> Person:
    """The one mentioned most recently before ``at``; else the first mentioned after it."""
    before = [p for p in people if p.last_seen_before(at) >= 0]
    if before:
        return max(before, key=lambda p: p.last_seen_before(at))
    return min(people, key=lambda p: p.seen[0] if p.seen else 0)


def known_names(doc: Doc, offset: int, cast: Cast, mentions: list[PersonMention]) -> list[PersonMention]:
    """Mentions of people the article has named, where the parse alone did not say 'person'
    ('Varga, who ...' tagged as a place; 'Lind told Radio North' as an organisation). A proper noun
    modifying another noun ('the Roe administration') is not a mention of the person."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for start, end in proper_names(doc):
        head = doc[end - 1]
        if head.dep_ == "compound" and head.head.pos_ == "NOUN":
            continue
        span = doc[start:end]
        s, e = offset + span.start_char, offset + span.end_char
        if any(a < e and s < b for a, b in taken):
            continue
        person = cast.lookup(span.text, s)
        if person is None or not _fits(span.text, person.name):
            continue
        mention = PersonMention(s, e, span.text, person.key, how="name")
        cast.add(mention, person)
        found.append(mention)
    return found


def _fits(written: str, name: str) -> bool:
    """The written words are all part of the person's name: 'Lind' for 'Tomas Lind', not 'Lind Media'."""
    return set(_tokens(written)) <= set(_tokens(name))
