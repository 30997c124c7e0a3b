"""Align statements across a story's articles into facts.

Two claims from different origins state the same fact when their sentence
embeddings are close *after the story's common direction is removed* (every
sentence of a story is about its topic; what is left is what each says) —
closer still unless they share distinctive names or phrases — and nothing
checkable disagrees: every figure of one has a
matching figure in the other, their dates agree, nobody is given a different
office, and a figure-bearing action is not done in one and only planned in the
other. Groups are merged with average linkage so generic sentences do not chain.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .claims import shared_anchor_weight
from .compare import action_modality, figure_kind, figure_terms_match, figures_agree
from .model import Claim
from .people import People

__all__ = ["AlignOptions", "align"]


@dataclass(frozen=True, slots=True)
class AlignOptions:
    similarity: float = 0.55  # centred cosine (plus anchor bonus) at which two sentences state one fact
    anchor_bonus: float = 0.20  # added per unit of shared-anchor weight ...
    max_bonus: float = 0.30  # ... up to this much
    min_link: float = 0.45  # partners of one seed must also agree with each other this much
    neighbours: int = 12


def _score(a: Claim, b: Claim, weights, people: People, options: AlignOptions) -> float:
    sim = float(a.rvec @ b.rvec)
    shared, _ = shared_anchor_weight(a, b, weights, people.canon)
    return sim + min(options.max_bonus, options.anchor_bonus * shared)


def compatible(a: Claim, b: Claim, people: People) -> bool:
    """Nothing checkable disagrees (figures, years, dates, offices, done-vs-planned)."""
    return (set(a.years) == set(b.years) and _figures_compatible(a, b) and _dates_compatible(a, b)
            and _offices_compatible(a, b, people))


def _figures_compatible(a: Claim, b: Claim) -> bool:
    fa, fb = a.unit.figures, b.unit.figures
    if not fa and not fb:
        return True
    if not fa or not fb:
        return False
    for x in fa:
        match = [y for y in fb if figure_kind(y) == figure_kind(x) and figures_agree(x, y)]
        if not match:
            return False
        if any(figure_terms_match(x, y) and {action_modality(a, x), action_modality(b, y)} == {"done", "intent"}
               for y in match):
            return False
    return all(any(figure_kind(y) == figure_kind(x) and figures_agree(x, y) for x in fa) for y in fb)


def _dates_compatible(a: Claim, b: Claim) -> bool:
    return not (a.days and b.days and not set(a.days) & set(b.days))


def _offices_compatible(a: Claim, b: Claim, people) -> bool:
    """No person is given an office in one claim while the other gives them only other offices, and
    an office the rest of the story does not give that person must be stated by both."""
    return _offices_fit(a, b, people) and _offices_fit(b, a, people)


def _attributions(c: Claim, people) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in c.unit.persons:
        if p.name and p.office:
            out.setdefault(people.canon(p.key), set()).add(p.office)
    return out


def _statuses(c: Claim, people) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for p in c.unit.persons:
        if p.name and p.office:
            out.setdefault((people.canon(p.key), p.office), set()).add("former" if p.status == "former" else "sitting")
    return out


def _offices_fit(a: Claim, b: Claim, people) -> bool:
    sa, sb = _statuses(a, people), _statuses(b, people)
    if any(sa[k] != sb[k] for k in sa.keys() & sb.keys()):
        return False  # 'former X' and sitting 'X' are different claims
    given, given_b = _attributions(a, people), _attributions(b, people)
    named_in_b = {people.canon(p.key) for p in b.unit.persons if p.name}
    offices_in_b = {p.office for p in b.unit.persons if p.office}
    consensus = people.usual_office
    for person, offices in given.items():
        if person in named_in_b and offices_in_b and not offices & offices_in_b:
            return False
        unusual = {o for o in offices if consensus.get(person) and o != consensus[person]}
        if unusual and not unusual <= given_b.get(person, set()):
            return False
    return True


def _candidate_pairs(claims: list[Claim], options: AlignOptions) -> set[tuple[int, int]]:
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
    postings: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        for a in c.anchors:
            postings.setdefault(a, []).append(i)
    for members in postings.values():
        if 2 <= len(members) <= 40:
            for x in members:
                for y in members:
                    if x < y and claims[x].origin != claims[y].origin:
                        pairs.add((x, y))
    return pairs


def align(claims: list[Claim], weights: dict[str, float], people: People, options: AlignOptions = AlignOptions()):
    """Facts as groups of claims, and the set of aligned claim-key pairs.

    Each claim seeds a group with its best agreeing partner from every other
    origin (partners must also agree with each other); a sentence may thus
    support more than one fact. Groups contained in a larger one are dropped,
    and claims no other origin supports become single-source groups.
    """
    if not claims:
        return [], set()
    partners: dict[int, list[tuple[float, int]]] = {i: [] for i in range(len(claims))}
    aligned = set()
    for i, j in _candidate_pairs(claims, options):
        score = _score(claims[i], claims[j], weights, people, options)
        if score >= options.similarity and compatible(claims[i], claims[j], people):
            partners[i].append((score, j))
            partners[j].append((score, i))
            aligned.add(frozenset((claims[i].key, claims[j].key)))
    groups: list[frozenset[int]] = []
    for seed in sorted(partners, key=lambda i: -len(partners[i])):
        if partners[seed]:
            groups.append(_grow(seed, partners[seed], claims, weights, people, options))
    kept = _drop_contained(groups)
    covered = {m for g in kept for m in g}
    kept += [frozenset([i]) for i in range(len(claims)) if i not in covered]
    return [[claims[m] for m in sorted(g)] for g in kept], aligned


def _grow(seed: int, candidates, claims, weights, people, options) -> frozenset[int]:
    """The seed plus, per other origin, its best partner that agrees with those already in."""
    members = [seed]
    used_origins = {claims[seed].origin}
    for score, j in sorted(candidates, reverse=True):
        if claims[j].origin in used_origins:
            continue
        if all(_link_ok(claims[j], claims[m], weights, people, options) for m in members if m != seed):
            members.append(j)
            used_origins.add(claims[j].origin)
    return frozenset(members)


def _link_ok(a: Claim, b: Claim, weights, people, options) -> bool:
    return compatible(a, b, people) and _score(a, b, weights, people, options) >= options.min_link


def _drop_contained(groups: list[frozenset[int]]) -> list[frozenset[int]]:
    kept: list[frozenset[int]] = []
    for g in sorted(set(groups), key=len, reverse=True):
        if not any(g <= k for k in kept):
            kept.append(g)
    return kept
