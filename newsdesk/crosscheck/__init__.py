"""Crosscheck: align a story's statements into facts counted by independent
origin, find where sources disagree, and collect quotes and dated events.

Entry point: :func:`crosscheck` (pure: articles, their analyses and sentence
vectors in; a :class:`CrossCheck` out).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..analyze.model import ArticleAnalysis
from ..records import Article
from ..textutil import normalise, stable_id
from .align import AlignOptions, Group, align
from .claims import build_claims, story_ref_date
from .compare import COMPARATORS, Context
from .match import Keys
from .model import Claim, Conflict, CrossCheck, Fact, Side, Source, TimelineEntry, Verdict
from .people import People
from .quotes import story_quotes
from .titles import attached_titles, office_key, role_of
from .when import is_revision

__all__ = ["CrossCheckOptions", "crosscheck", "CrossCheck", "Fact", "Conflict", "Side", "Source", "display_text",
           "unit_text"]


@dataclass(frozen=True, slots=True)
class CrossCheckOptions:
    align: AlignOptions = field(default_factory=AlignOptions)
    timeline_window_days: int = 400


def crosscheck(articles: list[Article], analyses: dict[str, ArticleAnalysis],
               vectors: dict[tuple[str, int], np.ndarray],
               options: CrossCheckOptions = CrossCheckOptions()) -> CrossCheck:
    """Facts, conflicts, quotes and timeline of one story."""
    ref = story_ref_date(articles, analyses)
    claims = build_claims(articles, analyses, ref)
    for claim in claims:
        claim.vec = vectors.get(claim.key)
    people = People([p for c in claims for p in c.unit.persons])
    statements = _statements(claims)
    _centre(statements)
    people.learn_usual_offices(claims)
    keys = Keys(people, claims)
    groups, aligned = align(statements, people, keys, options.align)
    ctx = _context(claims, people, ref, articles, aligned, keys)
    conflicts = _conflicts(statements, ctx)
    facts = _facts(groups, conflicts, people, ref)
    flags = _article_flags(articles, conflicts, facts)
    return CrossCheck(facts=facts, conflicts=conflicts, quotes=story_quotes(claims, people),
                      timeline=_timeline(statements, conflicts, ref, options, ctx.updates), people=people.display(),
                      ref_date=ref, article_flags=flags, claims=claims)


# -- claims worth comparing ------------------------------------------------------------
def _statements(claims: list[Claim]) -> list[Claim]:
    """Statements with a vector, one per distinct text per origin (copies say it once)."""
    seen, out = set(), []
    for c in claims:
        if not c.unit.is_claim or c.vec is None:
            continue
        key = (c.origin, normalise(c.unit.text))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _centre(claims: list[Claim]) -> None:
    """Residual vectors: each sentence minus what every sentence of the story shares."""
    if not claims:
        return
    matrix = np.vstack([c.vec for c in claims])
    residual = matrix - matrix.mean(axis=0)
    residual /= np.clip(np.linalg.norm(residual, axis=1, keepdims=True), 1e-9, None)
    for claim, row in zip(claims, residual):
        claim.rvec = row


def _context(claims, people: People, ref, articles, aligned, keys: Keys) -> Context:
    countries_by_office = defaultdict(set)
    together = set()
    for c in claims:
        titled = [(people.canon(p.key), p.office) for p in c.unit.persons if p.name and p.office]
        for p in c.unit.persons:
            if p.name and p.office and p.status in ("", "current"):
                country = p.country or people.country(p.key)
                if country:
                    countries_by_office[p.office].add(country)
        for x, ox in titled:
            for y, oy in titled:
                if x != y and ox == oy:
                    together.add(frozenset((x, y)))
    # an office only one country's holders are given is that country's -- if the story is mostly about it
    named = Counter(country for c in claims if c.unit.kind != "clause" for country in c.unit.countries)
    main_country = named.most_common(1)[0][0] if named else None
    sole = {office: next(iter(cs)) for office, cs in countries_by_office.items()
            if len(cs) == 1 and next(iter(cs)) == main_country}
    published = {a.id: a.published.date() if a.published else None for a in articles}
    return Context(person_name=people.name, person_country=people.country, canon=people.canon, ref=ref,
                   sole_country=sole, office_countries=dict(countries_by_office), together=together,
                   published=published, aligned=aligned, keys=keys, roles=_roles(claims, people))


def _roles(claims: list[Claim], people: People) -> dict[str, dict[str, set[str]]]:
    """Person -> origin -> the positions that origin attaches to them."""
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for c in claims:
        for p in c.unit.persons:
            if p.key and role_of(p):
                roles[people.canon(p.key)][c.origin].add(role_of(p))
    return {k: dict(v) for k, v in roles.items()}


# -- conflicts ----------------------------------------------------------------------------
def _conflicts(claims: list[Claim], ctx: Context) -> list[Conflict]:
    found: list[tuple[Verdict, Claim, Claim]] = []
    for comparator in COMPARATORS:
        blocks: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            if c.unit.kind == "clause":
                continue  # its sentence is compared already
            for block in comparator.blocks(c, ctx):
                blocks[block].append(c)
        for block, members in blocks.items():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if a.key != b.key:
                        found.extend((v, a, b) for v in comparator.compare(a, b, block, ctx))
    return _without_echoes(_assemble(found))


def _without_echoes(conflicts: list[Conflict]) -> list[Conflict]:
    """Drop a title conflict whose 'sitting' side only repeats the minority of an office-holder
    conflict: 'Prime Minister Okafor' in the talks is one error, reported once."""
    minority = {}
    for c in conflicts:
        if c.kind == "office-holder":
            largest = max(len(s.origins) for s in c.claims)
            for side in c.claims:
                if len(side.origins) < largest:
                    minority[side.value] = {x.key for x in side.claims}
    kept = []
    for c in conflicts:
        echoes = c.kind == "title" and any(
            c.about.startswith(name) and {x.key for x in side.claims} <= keys
            for name, keys in minority.items() for side in c.claims if "(sitting)" in side.value)
        if not echoes:
            kept.append(c)
    return kept


def _assemble(found: list[tuple[Verdict, Claim, Claim]]) -> list[Conflict]:
    slots: dict[str, dict] = {}
    for verdict, a, b in found:
        slot = slots.setdefault(verdict.slot, {"verdict": verdict, "values": defaultdict(dict)})
        slot["values"][verdict.value_a].setdefault(a.key, a)
        slot["values"][verdict.value_b].setdefault(b.key, b)
    conflicts = []
    for key, slot in slots.items():
        sides = [_side(value, list(members.values())) for value, members in slot["values"].items()]
        sides = [s for s in sides if s.sources]
        if len(sides) < 2:
            continue
        sides.sort(key=lambda s: (-len(s.origins), s.value))
        v = slot["verdict"]
        conflicts.append(Conflict(stable_id("conflict", key), v.kind, v.about, sides, v.note, v.because))
    conflicts.sort(key=lambda c: (-sum(len(s.origins) for s in c.claims), c.kind))
    return conflicts


def _side(value: str, claims: list[Claim]) -> Side:
    per_origin: dict[str, Claim] = {}
    for c in claims:
        per_origin.setdefault(c.origin, c)
    chosen = list(per_origin.values())
    return Side(value=value, text=unit_text(chosen[0].unit), sources=[c.source() for c in chosen],
                origins=sorted(per_origin), claims=claims)


# -- facts ------------------------------------------------------------------------------------
def _facts(groups: list[Group], conflicts: list[Conflict], people: People, ref) -> list[Fact]:
    _add_support(conflicts, groups)
    side_of = _side_index(conflicts)
    role_clash = _role_clashes([g.claims for g in groups], people)
    facts = []
    minority = _minority_claims(conflicts)
    for aligned in groups:
        group = aligned.claims
        per_origin: dict[str, Claim] = {}
        rep = _representative([c for c in group if c.key in aligned.main] or group, minority)
        for c in sorted(group, key=lambda c: -float(c.vec @ rep.vec)):
            per_origin.setdefault(c.origin, c)
        fact = Fact(id=stable_id("fact", *sorted(f"{a}:{i}" for a, i in (c.key for c in group))),
                    text=unit_text(rep.unit), status="single-source",
                    sources=[c.source() for c in per_origin.values()], origins=sorted(per_origin),
                    kind=_kind(group, ref), claims=group, reason=aligned.reason if len(per_origin) > 1 else "")
        fact.status, fact.conflicts, fact.notes = _status(fact, side_of, role_clash, ref)
        facts.append(fact)
    _centrality(facts)
    facts.sort(key=lambda f: (-len(f.origins), -f.centrality))
    return facts


def _add_support(conflicts: list[Conflict], groups: list[Group]) -> None:
    """Each side's origins, with those of every source confirming one of its statements (the other reports
    of '$4.2 billion' count for that side, though only one of them was compared with '$6 billion')."""
    group_of: dict[tuple[str, int], list[Group]] = defaultdict(list)
    for g in groups:
        for c in g.claims:
            group_of[c.key].append(g)
    for conflict in (c for c in conflicts if c.kind == "figure"):  # a figure's confirmations state its value
        for side in conflict.claims:
            support = {o for c in side.claims for g in group_of[c.key] for o in (x.origin for x in g.claims)}
            side.support = sorted(set(side.origins) | support)


def _representative(group: list[Claim], minority: set) -> Claim:
    """The most central claim, avoiding one that states a contested minority value."""
    if len(group) == 1:
        return group[0]
    matrix = np.vstack([c.vec for c in group])
    scores = (matrix @ matrix.T).sum(axis=1) - np.array([len(group) if c.key in minority else 0 for c in group])
    return group[int(np.argmax(scores))]


def _minority_claims(conflicts: list[Conflict]) -> set:
    keys = set()
    for conflict in conflicts:
        largest = max(len(s.origins) for s in conflict.claims)
        for side in conflict.claims:
            if len(side.origins) < largest:
                keys.update(c.key for c in side.claims)
    return keys


def _side_index(conflicts: list[Conflict]) -> dict[tuple[str, int], list[tuple[Conflict, Side]]]:
    index = defaultdict(list)
    for conflict in conflicts:
        for side in conflict.claims:
            for c in side.claims:
                index[c.key].append((conflict, side))
    return index


def _status(fact: Fact, side_of, role_clash, ref) -> tuple[str, list[str], list[str]]:
    hits = [(cf, side) for c in fact.claims for cf, side in side_of.get(c.key, [])]
    conflict_ids = sorted({cf.id for cf, _ in hits})
    notes = []
    for conflict in {cf.id: cf for cf, _ in hits}.values():
        if _disputes(fact, conflict, [s for cf, s in hits if cf.id == conflict.id]):
            return "disputed", conflict_ids, [f"disputed: {conflict.about}"]
        notes.append(f"see conflict: {conflict.about}")
    if len(fact.origins) >= 2:
        return "corroborated", conflict_ids, notes
    reasons = _doubts(fact, role_clash, ref)
    return ("doubtful" if reasons else "single-source"), conflict_ids, notes + reasons


def _disputes(fact: Fact, conflict: Conflict, my_sides: list[Side]) -> bool:
    """Is the fact a contested reading? Not when it stands only on the side more origins support,
    nor when it merely names a person whose title is contested elsewhere."""
    mine = {id(s) for s in my_sides}
    others = [len(s.support or s.origins) for s in conflict.claims if id(s) not in mine]
    if len(mine) == 1 and others and len(my_sides[0].support or my_sides[0].origins) > max(others):
        return False
    if conflict.kind in ("figure", "status"):
        return True
    covered = {o for s in my_sides for o in s.origins} & set(fact.origins)
    return len(mine) == 1 and covered == set(fact.origins)


def _role_clashes(groups: list[list[Claim]], people: People) -> dict[tuple[str, int], str]:
    """Claims giving a person an office that no other origin gives, while others give another one
    (only offices the text attaches to that person's name, outside quotations)."""
    offices: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for group in groups:
        for c in group:
            for p in attached_titles(c):
                if p.office:
                    offices[people.canon(p.key)][office_key(p.office)].add(c.origin)
    clash = {}
    for group in groups:
        for c in group:
            for p in attached_titles(c):
                key = people.canon(p.key)
                if not p.office or p.status not in ("", "current"):
                    continue
                mine = offices[key][office_key(p.office)]
                others = {o for off, os in offices[key].items() if off != office_key(p.office) for o in os}
                if mine == {c.origin} and others - {c.origin}:
                    clash[c.key] = f"only this source calls {people.name(key)} {p.office}; others give another office"
    return clash


_AHEAD = re.compile(r"\b(?:ahead of|upcoming|next|coming|future)\s+(?:the\s+)?$", re.I)
_YEAR = re.compile(r"(?<![\d$£€.,])((?:19|20)\d{2})(?![\d%])")


def _past_year_ahead(claim: Claim, ref) -> int | None:
    """A year before the story's spoken of as still to come: inside a clause the outlet reports as
    planned ('will run in 2016'), or right after 'upcoming' / 'ahead of'; never a year merely mentioned."""
    if not ref:
        return None
    text = claim.unit.text
    for a in claim.unit.assertions:
        stale = [y for y in a.years if y < ref.year]
        if stale and a.modality == "planned" and not a.quoted and not a.speaker:
            return stale[0]
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if year < ref.year and _AHEAD.search(text[max(0, m.start() - 25):m.start()]):
            return year
    return None


def _doubts(fact: Fact, role_clash, ref) -> list[str]:
    reasons = []
    for c in fact.claims:
        if c.key in role_clash:
            reasons.append(role_clash[c.key])
        stale = _past_year_ahead(c, ref)
        if stale:
            reasons.append(f"speaks of {stale} as still ahead, though the story is from {ref.year}")
        if any(d.weekday and d.day for d in c.unit.dates) and _weekday_mismatch(c):
            reasons.append("a stated weekday does not match its date")
    return sorted(set(reasons))


def _weekday_mismatch(claim: Claim) -> bool:
    from ..dates import WEEKDAYS

    stated = [d for d in claim.unit.dates if d.weekday and d.day and d.month]
    for d, day in zip(stated, claim.days):
        if WEEKDAYS[day.weekday()] != d.weekday:
            return True
    return False


def _kind(group: list[Claim], ref) -> str:
    units = [c.unit for c in group]
    if any(u.hedge for u in units):
        return "unknown"
    if any(u.figures for u in units):
        return "figure"
    if all(u.background for u in units) or (ref and all(c.years and max(c.years) < ref.year - 1 for c in group)):
        return "background"
    if all(u.future and not _mostly_quote(u) for u in units):
        return "future"
    return "statement"


def _mostly_quote(unit) -> bool:
    return sum(q.end - q.start for q in unit.quotes) > 0.5 * (unit.end - unit.start)


def _centrality(facts: list[Fact]) -> None:
    vecs = [np.mean([c.vec for c in f.claims], axis=0) for f in facts]
    if not vecs:
        return
    matrix = np.vstack(vecs)
    centroid = matrix.mean(axis=0)
    norm = np.linalg.norm(centroid) or 1.0
    for fact, vec in zip(facts, matrix):
        fact.centrality = round(float(vec @ centroid / norm / (np.linalg.norm(vec) or 1.0)), 4)


# -- quotes, timeline, flags ---------------------------------------------------------------------
def _timeline(claims: list[Claim], conflicts: list[Conflict], ref, options: CrossCheckOptions,
              updates: set[tuple[str, int]]) -> list[TimelineEntry]:
    """Dated statements by day; a statement that changes an earlier report ('moved the vote up to
    January 1', a plan reported done later, a plan given a new date) is an update, not a dispute."""
    dated = {c.key for cf in conflicts if cf.kind == "date" for s in cf.claims for c in s.claims}
    disputed = dated & _minority_claims(conflicts)
    by_day: dict[date, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.unit.kind == "clause":
            continue
        for day in set(c.days):
            if not ref or abs((day - ref).days) <= options.timeline_window_days:
                by_day[day].append(c)
    entries = []
    for day, members in sorted(by_day.items()):
        for group in _similar_groups(members):
            per_origin: dict[str, Claim] = {}
            for c in group:
                per_origin.setdefault(c.origin, c)
            status = ("disputed" if any(c.key in disputed for c in group)
                      else "corroborated" if len(per_origin) >= 2 else "single-source")
            kind = "update" if any(c.key in updates or is_revision(c) for c in group) else "event"
            entries.append(TimelineEntry(day, unit_text(group[0].unit), status,
                                         [c.source() for c in per_origin.values()], sorted(per_origin), kind))
    return entries


def _similar_groups(claims: list[Claim], threshold: float = 0.6) -> list[list[Claim]]:
    groups: list[list[Claim]] = []
    for c in claims:
        for g in groups:
            if float(g[0].vec @ c.vec) >= threshold:
                g.append(c)
                break
        else:
            groups.append([c])
    return groups


def _article_flags(articles: list[Article], conflicts: list[Conflict], facts: list[Fact]) -> dict[str, list[str]]:
    flags: dict[str, list[str]] = defaultdict(list)
    for conflict in conflicts:
        sides_by_article = defaultdict(set)
        for i, side in enumerate(conflict.claims):
            for c in side.claims:
                sides_by_article[c.article].add(i)
        for article, sides in sides_by_article.items():
            if len(sides) >= 2 and "internally-inconsistent" not in flags[article]:
                flags[article].append("internally-inconsistent")
    for fact in facts:
        if fact.status == "doubtful":
            for c in fact.claims:
                if "doubtful-claims" not in flags[c.article]:
                    flags[c.article].append("doubtful-claims")
    for article in articles:
        if sum(f in article.flags for f in ("toc-removed", "reader-prompts-removed", "filler-marked",
                                            "filler-removed", "trend-card-removed")) >= 2:
            flags[article.id].append("machine-written-filler")
    return dict(flags)


_TABLE_BAR = re.compile(r"\s*\|\s*")
_LIST_MARK = re.compile(r"^\s*(?:[-*•·▪►]|\d{1,2}[.)])\s+")


_DESCRIBED_SUBJECT = re.compile(r"^((?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’.-]+), (?:who )?")


def unit_text(unit) -> str:
    """How a unit is written out: its span, after its subject when the span is a bare predicate;
    a subject's description reads as a statement ('Ridley, who became …' -> 'Ridley became …')."""
    if unit.lead_in:
        return display_text(f"{unit.lead_in} {unit.text}")
    if unit.kind == "clause":
        match = _DESCRIBED_SUBJECT.match(unit.text)
        if match and unit.text[match.end(1):].startswith(", who "):
            return display_text(match.group(1) + " " + unit.text[match.end():])
        if match:
            return display_text(match.group(1) + " — " + unit.text[match.end():])
    return display_text(unit.text)


def display_text(text: str) -> str:
    """A unit as a readable sentence: table cells joined, list markers dropped."""
    if text.strip().startswith("|"):
        cells = [c for c in _TABLE_BAR.split(text.strip()) if c]
        return " — ".join(cells)
    return _LIST_MARK.sub("", text).strip()
