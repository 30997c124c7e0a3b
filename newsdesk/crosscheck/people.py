"""Who is who across a story's articles: one entry per person, however each
article spelled or titled them ('Tomas', 'Ridley', 'Tomas Ridley')."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..analyze.model import PersonMention


@dataclass(slots=True)
class Person:
    key: str
    names: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)

    @property
    def name(self) -> str:
        multi = [(n, c) for n, c in self.names.items() if " " in n]
        pool = multi or list(self.names.items())
        return max(pool, key=lambda nc: (nc[1], len(nc[0])))[0] if pool else self.key

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None


class People:
    """Story-level registry of named people, with aliases resolved."""

    def __init__(self, mentions: list[PersonMention]) -> None:
        self._alias: dict[str, str] = {}
        self.usual_office: dict[str, str] = {}
        self.office_support: dict[str, int] = {}  # how many origins give each person their usual office
        by_key: dict[str, Person] = {}
        named = [m for m in mentions if m.name and m.key]
        for m in named:
            by_key.setdefault(_fold(m.key), Person(_fold(m.key))).names[m.name] += 1
        self._alias = _aliases(by_key)
        self.persons: dict[str, Person] = {}
        for m in named:
            person = self.persons.setdefault(self.canon(m.key), Person(self.canon(m.key)))
            person.names[m.name] += 1
            if m.country and m.office:
                person.countries[m.country] += 1

    def learn_usual_offices(self, claims) -> None:
        """Each person's usual office: the one most origins give them."""
        votes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for c in claims:
            for p in c.unit.persons:
                if p.name and p.office:
                    votes[self.canon(p.key)][p.office].add(c.origin)
        self.usual_office = {person: max(offices, key=lambda o: len(offices[o])) for person, offices in votes.items()}
        self.office_support = {person: len(votes[person][office]) for person, office in self.usual_office.items()}

    def canon(self, key: str) -> str:
        key = _fold(key)
        return self._alias.get(key, key)

    def name(self, key: str) -> str:
        person = self.persons.get(self.canon(key))
        return person.name if person else key

    def country(self, key: str) -> str | None:
        person = self.persons.get(self.canon(key))
        return person.country if person else None

    def display(self) -> dict[str, str]:
        return {key: p.name for key, p in self.persons.items()}


def _fold(key: str) -> str:
    """One spelling per key, however the article typed its apostrophes ('o’neill' / "o'neill")."""
    return key.replace("’", "'")


def _aliases(by_key: dict[str, Person]) -> dict[str, str]:
    """Map a key that is another person's first name or any other token of a fuller name to that person."""
    tokens_of: dict[str, set[str]] = defaultdict(set)
    for key, person in by_key.items():
        for name in person.names:
            if " " in name:
                for token in name.lower().split()[:-1]:
                    tokens_of[token.strip(".,")].add(key)
    alias = {}
    for key in by_key:
        owners = tokens_of.get(key, set()) - {key}
        if len(owners) == 1 and not any(" " in n for n in by_key[key].names):
            alias[key] = next(iter(owners))
    return alias
