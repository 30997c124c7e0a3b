"""The sections of a briefing after "What happened", each filled through the picker."""
from __future__ import annotations

from datetime import date
from typing import Any, cast

from ..analyze.model import Figure
from ..crosscheck import Source
from ..crosscheck.model import Claim, Conflict, QuoteItem, Side
from ..lexicon import region_pattern, region_terms
from .lead import checkable
from .model import Section, SectionId, Sentence, Status
from .pool import CLEAN, Item, Picker, item_of, key_figures, mostly_quoted, same_figure, shown_source
from .text import Shown, readable_shape, shown_span
from .view import StoryView, pick, sentence_of
from .weights import SECTIONS

__all__ = ["disputed", "key_facts", "timeline", "figures", "quotes", "by_kind", "region"]



def key_facts(view: StoryView, picker: Picker, limit: int) -> Section:
    section = Section("key-facts", "Key facts")
    pool = [i for i in view.items if i.status == "corroborated" and i.kind in ("statement", "figure")
            and not mostly_quoted(i.claim.unit)  # quotes go to "Who said what"
            and i.claim.unit.modality != "possible" and checkable(view, i)]
    pick(pool, picker, section, limit, relevance=view.relevance,
         label=lambda i: f"{len(i.origins)} independent sources")
    return section


def by_kind(view: StoryView, picker: Picker, kind: str, limit: int) -> Section:
    ids: dict[str, tuple[SectionId, str]] = {"unknown": ("unknowns", "What we don't know"),
                                             "future": ("next", "What's next"),
                                             "background": ("background", "Background")}
    section = Section(*ids[kind])
    pool = [i for i in view.items if i.kind == kind and i.status != "disputed"]
    pick(pool, picker, section, limit, relevance=view.relevance)
    return section


# -- disputed ----------------------------------------------------------------------------------------
def disputed(view: StoryView, picker: Picker) -> Section:
    """Each conflict with every side quoted: a sentence per side not shown elsewhere. A sentence
    that is a side of two conflicts is listed once and both point at it (each group keeps its own
    side labels, origin counts and citations); a conflict whose sides are the very sentences of
    one listed already is the same disagreement and is left out."""
    section = Section("disputed", "What's disputed")
    listed: dict[tuple[str, int], int] = {}  # claim key -> index of its sentence in this section
    seen: set[frozenset[tuple[str, int]]] = set()
    for conflict in view.cc.conflicts:
        found = [_side_item(view, side, picker, listed) for side in conflict.sides]
        sides = [s for s in found if s is not None]
        if len(sides) < len(found) or frozenset(s.claim.key for s in sides) in seen:
            continue
        if sum(s.words for s in sides if s.claim.key not in listed) > picker.left():
            continue
        seen.add(frozenset(s.claim.key for s in sides))
        section.groups.append(_group(conflict, sides, section, listed, picker))
    return section


def _group(conflict: Conflict, sides: list[Item], section: Section, listed: dict[tuple[str, int], int],
           picker: Picker) -> dict[str, Any]:
    """One conflict of the section: its sides' sentences (added when new), labels, counts, citations."""
    sentences: list[int] = []
    labels: list[str] = []
    origins: list[int] = []
    cited: list[list[str]] = []
    for side, item in zip(conflict.sides, sides):
        if item.claim.key not in listed:
            sentence = Sentence(item.text, "disputed", list(item.sources), len(side.origins), side.value)
            picker.take(item, sentence, figures=False, force=True)
            section.sentences.append(sentence)
            listed[item.claim.key] = len(section.sentences) - 1
        sentences.append(listed[item.claim.key])
        labels.append(side.value)
        origins.append(len(side.origins))
        cited.append(list(dict.fromkeys(s.article for s in item.sources)))
    return {"id": conflict.id, "about": conflict.about, "kind": conflict.kind, "note": conflict.note,
            "sentences": sentences, "labels": labels, "origins": origins, "cited": cited}


def _side_item(view: StoryView, side: Side, picker: Picker, listed: dict[tuple[str, int], int]) -> Item | None:
    """The side in the shortest readable words not shown elsewhere (or already listed as a side),
    citing the side's other origins."""
    options = []
    for claim in side.claims:
        shown = shown_span(claim.unit)
        if readable_shape(claim.unit, shown) and view.syntax.is_sentence(shown.text):
            options.append((0, claim, shown))
        elif claim.unit.kind in ("table-row", "list-item"):  # a side stated only in a table is still shown
            options.append((1, claim, shown))
    options.sort(key=lambda o: (o[1].key not in listed, o[0], len(o[2].text)))
    for _, claim, shown in options:
        item = _side_as_item(side, claim, shown)
        if claim.key in listed or (not picker.shown_overlaps(item.sources[0], cited=False)
                                   and picker.repeats(item) is None):
            return item
    return None


def _side_as_item(side: Side, claim: Claim, shown: Shown) -> Item:
    others = [(s, o) for s, o in zip(side.sources, _origins_of(side)) if o != claim.origin]
    sources = [shown_source(claim, shown)] + [s for s, _ in others]
    return Item(shown.text, "disputed", sources, list(side.origins), claim, [claim.origin] + [o for _, o in others])


def _origins_of(side: Side) -> list[str]:
    origin_of = {(c.article, c.unit.start): c.origin for c in side.claims}
    return [origin_of.get((s.article, s.start), s.article) for s in side.sources]


# -- timeline ---------------------------------------------------------------------------------------
def timeline(view: StoryView, picker: Picker, limit: int) -> Section:
    """Dated events not told above, in date order, each on the day its sentence's event happened."""
    section = Section("timeline", "Timeline")
    chosen = pick(_timeline_items(view), picker, section, limit, relevance=view.relevance,
                  label=_timeline_label, allowed=lambda i, told: not _same_day_twice(i, told))
    ordered = sorted(zip(chosen, section.sentences), key=lambda pair: (pair[0].day, pair[0].claim.unit.index))
    section.sentences = [s for _, s in ordered]
    return section


def _timeline_label(item: Item) -> str:
    """The entry's day, marked when a later report changed what was reported before."""
    day = item.day.isoformat() if item.day else ""  # timeline items are dated (see _timeline_items)
    return f"{day} (update)" if item.update else day


def _same_day_twice(item: Item, chosen: list[Item]) -> bool:
    """An event told already on that day in other words (sentence vectors this close)."""
    return any(c.day == item.day and item.vec is not None and c.vec is not None
               and float(item.vec @ c.vec) >= SECTIONS.same_day_event for c in chosen)


def _timeline_items(view: StoryView) -> list[Item]:
    claim_at = {(c.article, c.unit.start): c for c in view.cc.claims}
    items, seen = [], set()
    for entry in sorted(view.cc.timeline, key=lambda e: e.day):
        claim = claim_at.get((entry.sources[0].article, entry.sources[0].start))
        if claim is None or claim.key in seen or entry.status == "disputed" or mostly_quoted(claim.unit):
            continue
        seen.add(claim.key)
        shown = shown_span(claim.unit)
        if not readable_shape(claim.unit, shown):
            continue
        if _after_its_report(view, claim, entry.day, shown.text):
            continue
        item = Item(shown.text, cast(Status, entry.status), [shown_source(claim, shown)] + entry.sources[1:],
                    list(entry.origins), claim, [claim.origin] + [_origin_at(claim_at, s) for s in entry.sources[1:]],
                    view.fact_of.get(claim.key), len(entry.origins), entry.day, update=entry.kind == "update")
        items.append(item)
    return items


def _origin_at(claim_at: dict[tuple[str, int], Claim], source: Source) -> str:
    claim = claim_at.get((source.article, source.start))
    return claim.origin if claim else source.article


def _after_its_report(view: StoryView, claim: Claim, day: date, text: str) -> bool:
    """A sentence in the past tense cannot tell of a day after its article appeared: its date
    was read the wrong way (a weekday taken forward) and is left out of the timeline."""
    published = view.published.get(claim.article)
    return published is not None and day > published and view.syntax.past_tense(text)


# -- figures -----------------------------------------------------------------------------------------
def figures(view: StoryView, picker: Picker, limit: int) -> Section:
    """Key figures not stated elsewhere in the briefing, each once, citing every origin that states it."""
    section = Section("figures", "Key figures")
    for item in view.items:
        if len(section.sentences) >= limit:
            break
        if item.status == "disputed" or not item.figures or not picker.admissible(item):
            continue
        item = _with_same_figures(view, item)
        sentence = sentence_of(item, ", ".join(f.text for f in item.figures))
        if picker.take(item, sentence):
            section.sentences.append(sentence)
    return section


def _with_same_figures(view: StoryView, item: Item) -> Item:
    """The item citing, for each of its figures, a sentence of every other origin that states it;
    corroborated when every figure has two or more origins."""
    sources, source_origins = list(item.sources), list(item.source_origins)
    backed = []
    for wanted in item.figures:
        origins = set(item.origins)
        for claim in _stating(view, wanted, exclude=origins):
            if claim.origin not in origins:
                origins.add(claim.origin)
                if all((s.article, s.start) != (claim.article, claim.unit.start) for s in sources):
                    sources.append(claim.source())
                    source_origins.append(claim.origin)
        backed.append(len(origins) >= 2)
    if len(sources) == len(item.sources):
        return item
    status = "corroborated" if item.status in CLEAN and all(backed) else item.status
    return Item(item.text, status, sources, sorted(set(source_origins)), item.claim, source_origins, item.fact,
                item.importance, item.day, notes=list(item.notes))


def _stating(view: StoryView, figure: Figure, exclude: set[str]) -> list[Claim]:
    """Sentences of other origins that state the figure (not a side of a dispute)."""
    out = []
    for claim in view.cc.claims:
        if claim.origin in exclude or claim.unit.kind == "clause":
            continue
        fact = view.fact_of.get(claim.key)
        if fact is not None and fact.status == "disputed":
            continue
        if any(same_figure(figure, f) for f in key_figures(claim.unit, claim.source())):
            out.append(claim)
    return out


# -- quotes --------------------------------------------------------------------------------------------
def quotes(view: StoryView, picker: Picker, limit: int) -> Section:
    """Quotes not already inside a sentence of the briefing: the ones most origins carry first,
    one per speaker; a quote carried by several origins cites each of them."""
    section = Section("quotes", "Who said what")
    claim_at = {(c.article, c.unit.start): c for c in view.cc.claims}
    heard: set[str] = set()
    for q in sorted(view.cc.quotes, key=lambda q: -_carried_by(view, claim_at, q)):
        claim = claim_at.get((q.sentence.article, q.sentence.start))
        if len(section.sentences) >= limit or claim is None or q.speaker in heard or picker.shown_overlaps(q.sentence):
            continue
        if len(q.text.split()) < SECTIONS.min_quote_words:  # a phrase in quotation marks, not something said
            continue
        if not q.speaker or not view.syntax.names_someone(q.speaker):  # unattributed; 'Critics': nobody to place
            continue
        item = _quote_item(view, claim, q)
        sentence = Sentence(item.text, item.status, list(item.sources), len(item.origins), q.speaker)
        if picker.take(item, sentence, whole=False):
            picker.block(q.sentence)
            heard.add(q.speaker)
            section.sentences.append(sentence)
    return section


def _carried_by(view: StoryView, claim_at: dict[tuple[str, int], Claim], q: QuoteItem) -> int:
    claim = claim_at.get((q.sentence.article, q.sentence.start))
    fact = view.fact_of.get(claim.key) if claim else None
    return len(fact.origins) if fact and fact.status in CLEAN else 1


def _quote_item(view: StoryView, claim: Claim, q: QuoteItem) -> Item:
    """The quoted words, citing the sentences of other origins that carry the same statement."""
    fact = view.fact_of.get(claim.key)
    others = ([] if fact is None or fact.status not in CLEAN
              else item_of(fact, claim, shown_span(claim.unit)).sources[1:])
    claim_origin = {(c.article, c.unit.start): c.origin for c in fact.claims} if fact else {}
    origins = [claim.origin] + [claim_origin.get((s.article, s.start), s.article) for s in others]
    status: Status = "corroborated" if len(set(origins)) >= 2 else "single-source"
    return Item(f"“{q.text.strip()}”", status, [Source(q.article, q.text, q.start, q.end)] + others,
                sorted(set(origins)), claim, origins)


# -- region --------------------------------------------------------------------------------------------
def region(view: StoryView, picker: Picker, code: str, limit: int) -> Section:
    """Sentences naming the country, its people, provinces or main cities (or a line saying none does)."""
    country = region_terms(code)["name"][0]
    section = Section("region", f"What it means for {country}")
    pattern = region_pattern(code)
    mentioned = False
    for claim in view.cc.claims:
        if not claim.unit.is_claim or claim.unit.kind == "clause" or not pattern.search(claim.unit.text):
            continue
        mentioned = True
        if len(section.sentences) >= limit:
            continue
        item = _claim_item(view, claim)
        if item is not None:
            sentence = sentence_of(item)
            if picker.take(item, sentence):
                section.sentences.append(sentence)
    if not section.sentences:
        section.note = (f"What the sources say about {country} is in the sentences above." if mentioned
                        else f"No source in this story says what it means for {country}.")
    return section


def _claim_item(view: StoryView, claim: Claim) -> Item | None:
    shown = shown_span(claim.unit)
    if not readable_shape(claim.unit, shown):
        return None
    fact = view.fact_of.get(claim.key)
    if fact is not None:
        return item_of(fact, claim, shown)
    return Item(shown.text, "single-source", [shown_source(claim, shown)], [claim.origin], claim, [claim.origin])

