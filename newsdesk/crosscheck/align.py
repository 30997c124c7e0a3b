"""Align statements across a story's articles into facts.

Candidate pairs come from the sentence embeddings (nearest neighbours after the
story's common direction is removed), from shared names and phrases, and from
clauses with the same predicate and actor. The decision is made on the claims
(:mod:`.match`): one clause of each states the same claim, and nothing
checkable in the two sentences disagrees (figures, years, dates, offices).
Each claim seeds a group with its best partner from every other origin that
states the *same* clause of the seed's, and partners must state it to each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..analyze.model import Assertion
from .compare import action_modality
from .match import Keys, Match, claim_match, paraphrase_match
from .model import Claim
from .people import People
from .values import comparable_figures, figures_agree

__all__ = ["AlignOptions", "Group", "align", "compatible"]


@dataclass(frozen=True, slots=True)
class AlignOptions:
    neighbours: int = 12  # embedding neighbours proposed per statement
    paraphrase: float = 0.0  # centred cosine at which two sentences are worded as paraphrases
    max_posting: int = 40  # a shared key this common proposes no pairs


@dataclass(slots=True)
class Group:
    claims: list[Claim]
    reason: str = ""  # why its claims state one fact ('' for a single statement)
    main: set[tuple[str, int]] = field(default_factory=set)  # claims whose main clause is the matched one
    clauses: dict[tuple[str, int], Assertion] = field(default_factory=dict)  # the matched clause of each claim


def compatible(a: Claim, b: Claim, people: People) -> bool:
    """Nothing checkable disagrees (figures, years, dates, offices, done-vs-planned)."""
    return _figures_compatible(a, b) and _offices_compatible(a, b, people)


def _figures_compatible(a: Claim, b: Claim) -> bool:
    """No figure of one measures what a figure of the other measures with another value, and a
    figure-bearing action is not done in one and only planned in the other."""
    for x in a.unit.figures:
        for y in b.unit.figures:
            if not comparable_figures(x, y):
                continue
            if not figures_agree(x, y):
                return False
            if {action_modality(a, x), action_modality(b, y)} == {"done", "intent"}:
                return False
    return True


def _offices_compatible(a: Claim, b: Claim, people: People) -> bool:
    """No person is given an office in one claim while the other gives them only other offices, and
    an office the rest of the story does not give that person must be stated by both."""
    return _offices_fit(a, b, people) and _offices_fit(b, a, people)


def _attributions(c: Claim, people: People) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in c.unit.persons:
        if p.name and p.office:
            out.setdefault(people.canon(p.key), set()).add(p.office)
    return out


def _statuses(c: Claim, people: People) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for p in c.unit.persons:
        if p.name and p.office:
            out.setdefault((people.canon(p.key), p.office), set()).add("former" if p.status == "former" else "sitting")
    return out


def _offices_fit(a: Claim, b: Claim, people: People) -> bool:
    sa, sb = _statuses(a, people), _statuses(b, people)
    if any(sa[k] != sb[k] for k in sa.keys() & sb.keys()):
        return False  # 'former X' and sitting 'X' are different claims
    given, given_b = _attributions(a, people), _attributions(b, people)
    consensus = people.usual_office
    for person, offices in given.items():
        if given_b.get(person) and not offices & given_b[person]:
            return False  # the other gives that person only other offices
        unusual = {o for o in offices if consensus.get(person) and o != consensus[person]}
        if unusual and not unusual <= given_b.get(person, set()):
            return False
    return True


# -- candidate pairs -------------------------------------------------------------------------------
def _candidate_pairs(claims: list[Claim], options: AlignOptions) -> set[tuple[int, int]]:
    pairs = _neighbour_pairs(claims, options)
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        for key in c.anchors | _clause_keys(c):
            postings.setdefault(key, []).append(i)
    for members in postings.values():
        if 2 <= len(members) <= options.max_posting:
            for x in members:
                for y in members:
                    if x < y and claims[x].origin != claims[y].origin:
                        pairs.add((x, y))
    return pairs


def _neighbour_pairs(claims: list[Claim], options: AlignOptions) -> set[tuple[int, int]]:
    matrix = np.vstack([c.rvec for c in claims])
    pairs: set[tuple[int, int]] = set()
    k = min(options.neighbours, len(claims) - 1)
    for start in range(0, len(claims), 512):
        sims = matrix[start:start + 512] @ matrix.T
        for row, values in enumerate(sims):
            i = start + row
            top = np.argpartition(-values, k)[: k + 1] if k > 0 else []
            for j in top:
                if j != i and claims[i].origin != claims[int(j)].origin:
                    pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def _clause_keys(claim: Claim) -> set[str]:
    """'predicate|entity' for each checkable clause: statements of one claim share one."""
    keys = set()
    for a in claim.unit.assertions:
        if a.checkable:
            keys.update(f"clause:{a.predicate}|{k}" for k in [a.who, *a.args] if k[:2] in ("p:", "e:"))
    return keys


# -- grouping ----------------------------------------------------------------------------------------
def align(claims: list[Claim], people: People, keys: Keys, options: AlignOptions = AlignOptions()):
    """Facts as groups of claims, and the set of aligned claim-key pairs.

    A sentence may support more than one fact (one per clause others confirm).
    Groups contained in a larger one are dropped; claims no other origin
    supports become single-statement groups.
    """
    if not claims:
        return [], set()
    partners: dict[int, list[tuple[float, int, Match]]] = {i: [] for i in range(len(claims))}
    aligned = set()
    for i, j in sorted(_candidate_pairs(claims, options)):  # a set's order would break strength ties
        m = _match(claims[i], claims[j], people, keys, options)
        if m is not None:
            partners[i].append((m.strength, j, m))
            partners[j].append((m.strength, i, _flipped(m)))
            aligned.add(frozenset((claims[i].key, claims[j].key)))
    groups: dict[frozenset[int], Group] = {}
    for seed in sorted(partners, key=lambda i: -len(partners[i])):
        if partners[seed]:
            members, group = _grow(seed, partners[seed], claims, people, keys, options)
            if group.main:  # some sentence states the matched claim as its main point
                groups.setdefault(members, group)
    kept = _drop_contained(groups)
    covered = {m for g in kept for m in g}
    out = [groups[g] for g in kept]
    out += [Group([claims[i]]) for i in range(len(claims)) if i not in covered]
    return out, aligned


def _match(a: Claim, b: Claim, people: People, keys: Keys, options: AlignOptions) -> Match | None:
    if not compatible(a, b, people):
        return None
    return claim_match(a, b, keys) or paraphrase_match(a, b, keys, float(a.rvec @ b.rvec), options.paraphrase)


def _flipped(m: Match) -> Match:
    return Match(m.b, m.a, m.strength, m.reason)


def _grow(seed: int, candidates, claims: list[Claim], people: People, keys: Keys,
          options: AlignOptions) -> tuple[frozenset[int], Group]:
    """The seed plus, per other origin, its best partner stating the same clause of the seed,
    that also states the claim with every partner already in."""
    candidates = sorted(candidates, key=lambda c: (-c[0], c[1]))  # ties: the earlier statement
    best = candidates[0][2]
    members, used = [seed], {claims[seed].origin}
    main = {claims[seed].key} if best.a is None or _the_point(best.a, best.b) else set()
    clauses = {claims[seed].key: best.a} if best.a is not None else {}
    for _, j, m in candidates:
        if claims[j].origin in used or m.a is not best.a:
            continue
        if all(_match(claims[j], claims[k], people, keys, options) for k in members[1:]):
            members.append(j)
            used.add(claims[j].origin)
            if m.b is None or _the_point(m.b, m.a):
                main.add(claims[j].key)
            if m.b is not None:
                clauses[claims[j].key] = m.b
    chosen = sorted(members)
    return frozenset(members), Group([claims[i] for i in chosen], best.reason, main, clauses)


def _the_point(a: Assertion, other: Assertion | None) -> bool:
    """A clause a sentence states as a point of its own: its main clause, what a named party is reported to
    say ('his claim that ...', 'caught saying that ...'), or a relative clause on a thing both describe ('the
    points, which were used by Lee'). A description of a person in passing ('Lee, a member of the panel,
    voted ...'; 'Kim, whose son was hurt, spoke') or an event that only dates the act is no point of its
    sentence (a description that opens a sentence is one through its clause unit, written out alone)."""
    if a.setting or (a.nominal and not a.main):
        return False
    if a.main or (a.speaker[:2] in ("p:", "e:") and a.reported_by):
        return True
    return a.describes[:2] == "n:" and other is not None and a.describes == other.describes


def _drop_contained(groups: dict[frozenset[int], Group]) -> list[frozenset[int]]:
    kept: list[frozenset[int]] = []
    for g in sorted(groups, key=len, reverse=True):
        if not any(g <= k for k in kept):
            kept.append(g)
    return kept
