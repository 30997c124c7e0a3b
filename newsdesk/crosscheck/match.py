"""When do two statements assert the same claim?

Two sentences from different origins state one claim when one clause of each
(an :class:`~newsdesk.analyze.model.Assertion`) has the same predicate, the same
polarity and modality, a compatible source (the same party, or the outlet
itself), the same actor, and shares what it is about: named entities, figures
of equal value and counted noun, resolved days — or when both quote the same
speaker's same words. Nothing is decided on wording similarity; embeddings only
propose which pairs to look at (see align.py).

Entry point: :func:`claim_match` (a :class:`Match` with a readable reason, or None).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..analyze.claims import LINKING, OFFICE_WORDS, REPORTING, head_verb, stem
from ..analyze.model import Assertion, Figure
from .model import Claim
from .titles import different_first_names
from .values import assertion_days, comparable_figures, describe_figure, figures_agree, figures_of

__all__ = ["Keys", "Match", "claim_match", "paraphrase_match", "same_act", "same_claim", "same_person", "named",
           "shared_names"]

# Verbs news reports use interchangeably for one act (general English synonyms, not words of any story);
# a verb not listed only matches itself.
_SAME_ACT = [frozenset(s.split(",")) for s in (
    "resign,quit,step down", "fire,dismiss,oust,sack", "approve,pass,adopt", "release,publish,issue,make public",
    "criticize,criticise,attack,slam,blast,condemn,denounce,rebuke,chastise,lambaste",
    "praise,applaud,commend,laud,hail", "reject,rebuff,turn down,decline", "support,back,endorse",
    "oppose,object", "arrest,detain", "kill,slay", "buy,purchase,acquire", "announce,unveil",
    "request,seek", "investigate,probe", "increase,raise,boost,hike,lift",
    "cut,reduce,lower,slash", "block,stop,halt", "meet,sit down", "leave,depart,travel,fly,head", "be,become")]
# Verbs that only say someone spoke (general English), against ones that name a news-making act ('reported',
# 'announced', 'revealed').
_PLAIN_SAYING = frozenset("say tell add note write explain state claim insist argue tweet post respond reply "
                          "stress believe think".split())
_SAYING_STEMS = frozenset(stem(v) for v in REPORTING)
# Verbs too general to name an act by themselves (general English): 'Lee made ...', 'Lee took ...'.
_GENERAL_VERBS = frozenset("have do make take get go come give put see want need try use keep let help begin start "
                           "continue work seem look find know think feel call ask tell leave show move".split())
_ACT_CLASS = {verb: group for group in _SAME_ACT for verb in group}
MIN_STRENGTH = 2.0

# Content words two main clauses share before they state one claim in other words (shared evidence
# needed: e.g. the same named actor and one shared named entity).
MIN_COMMON_WORDS = 3
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
MIN_QUOTE_WORDS = 5  # a quotation shared word for word (shorter runs are common phrases)
TITLE_WORDS = 4  # a whole quotation this long, the same on both sides, is one title or coined phrase
LONG_QUOTE_WORDS = 8  # so long a shared quotation is one utterance even where one side names no speaker


@dataclass(frozen=True, slots=True)
class Match:
    a: Assertion | None  # the matched clause of each statement (None for a shared quotation)
    b: Assertion | None
    strength: float
    reason: str


def claim_match(x: Claim, y: Claim, keys: Keys) -> Match | None:
    """The strongest way ``x`` and ``y`` state one claim (None when they do not)."""
    best = _quote_match(x, y, keys) or _figure_match(x, y, keys) or _term_change_match(x, y, keys)
    for p in x.unit.assertions:
        if not p.checkable:
            continue
        for q in y.unit.assertions:
            if q.checkable:
                m = _assertion_match(p, x, q, y, keys)
                if m and (best is None or m.strength > best.strength):
                    best = m
    return best


# -- clause against clause -------------------------------------------------------------------
def same_claim(p: Assertion, x: Claim, q: Assertion, y: Claim, keys, ignore: frozenset[str] = frozenset()
               ) -> Match | None:
    """Do clause ``p`` of ``x`` and ``q`` of ``y`` state one claim? ``ignore`` leaves slots out of the
    comparison ('days', 'modality'): what else must agree for two reports to concern one event."""
    return _assertion_match(p, x, q, y, keys, ignore)


def _assertion_match(p: Assertion, x: Claim, q: Assertion, y: Claim, keys,
                     ignore: frozenset[str] = frozenset()) -> Match | None:
    if not _same_frame(p, q, keys, "modality" in ignore, "source" in ignore):
        return None
    if p.modality != q.modality and "modality" not in ignore and not forecast_fulfilled(p, x, q, y):
        return None
    who_p, who_q = _actor(p, q, keys), _actor(q, p, keys)
    if _named({who_p}) and _named({who_q}) and who_p != who_q:
        return None  # different named actors (a description such as 'the panel' may name the same one)
    if who_p == who_q and not same_person(x, y, who_p, keys):
        return None
    args_p, args_q = _shared_names({keys.canon(k) for k in [p.who, *p.co_actors, *p.args] if k} - {who_p},
                                   {keys.canon(k) for k in [q.who, *q.co_actors, *q.args] if k} - {who_q})
    if who_p and who_q and who_p != who_q and (who_p in args_q or who_q in args_p) and p.predicate not in LINKING:
        return None  # converse roles: 'a man shot the officer' is no 'the officer shot a man'
    # 'Lee met Kim' / 'a meeting between Kim and Lee': an event noun names its participants, but a verb with
    # no actor does not make what it acts on the actor ('the officer shot X' is no 'the officer was shot')
    if not who_q and q.nominal and who_p in args_q:
        who_q = who_p
        args_q = args_q - {who_p}
    elif not who_p and p.nominal and who_q in args_p:
        who_p = who_q
        args_p = args_p - {who_q}
    parties_p = _named({who_p} | {keys.canon(k) for k in p.co_actors})
    parties_q = _named({who_q} | {keys.canon(k) for k in q.co_actors})
    if parties_p and parties_q and not parties_p & parties_q:
        return None  # 'Lee and Kim met' is no 'a meeting with Park'
    if _other_object(p, q):
        return None  # 'understood the desire' is no 'understands the mistrust' nor 'understands why they distrust'
    others_p = {k for k in args_p if k.startswith("p:")} - {who_p, who_q}
    others_q = {k for k in args_q if k.startswith("p:")} - {who_p, who_q}
    if others_p and others_q and not others_p & others_q:
        return None  # 'Lee met Kim' is no 'Lee met Park'

    named_p, named_q = _named(args_p), _named(args_q)
    if head_verb(p.predicate) in REPORTING or head_verb(q.predicate) in REPORTING:
        # 'X said ...': what is said is its own clause; two sayings are one claim only through it, or as
        # one named party's report on one day about the same named parties
        return _same_report(p, x, q, y, who_p, who_q, keys)
    if p.predicate in LINKING and not _same_description(args_p, args_q, who_p, who_q, _raw_names(p, keys),
                                                         _raw_names(q, keys)):
        return None  # 'X is Y': the description must agree
    figures = _figure_evidence(p, x, q, y)
    days = 0.0 if "days" in ignore else _day_evidence(p, x, q, y)
    if figures is None or days is None:
        return None
    if named_p and named_q and not named_p & named_q and not (figures or days):
        return None  # both name who/what it concerns, and they name different ones
    shared = (args_p & args_q) - {who_p, who_q}
    strength = _strength(who_p, who_q, shared, figures, days)
    if not _enough(p, who_p, who_q, shared, figures, days, not _one_deed(p, q, args_p, args_q, shared)):
        if not _same_verdict(p, x, q, y, keys):
            return None
        strength = max(strength, MIN_STRENGTH)
    speakers = {keys.canon(p.speaker), keys.canon(q.speaker)}
    return Match(p, q, strength, _reason(p, q, who_p or who_q, shared, figures, days, speakers, keys))


def _same_description(args_p: set[str], args_q: set[str], who_p: str, who_q: str, names_p: set[str],
                      names_q: set[str]) -> bool:
    """'X is Y' against 'X became Y': the same complement, or, said of one named person, the named entities
    of one description all in the other ('the first Maori leader of New Zealand' / 'the first prime minister
    of Maori descent'), each as written: a body inside a larger one ('a House member' / 'a member of the
    House budget committee') is another description."""
    if args_p == args_q:
        return True
    same_person = who_p == who_q and who_p.startswith("p:")
    return same_person and bool(names_p and names_q) and (names_p <= names_q or names_q <= names_p)


def _described_alike(p: Assertion, q: Assertion, keys) -> bool:
    who_p, who_q = keys.canon(p.who), keys.canon(q.who)
    args_p = {keys.canon(k) for k in p.args} - {who_p}
    args_q = {keys.canon(k) for k in q.args} - {who_q}
    return _same_description(args_p, args_q, who_p, who_q, _raw_names(p, keys), _raw_names(q, keys))


def _raw_names(a: Assertion, keys) -> set[str]:
    return _named({keys.canon(k) for k in a.args})


def _measured(a: Assertion, f: Figure) -> str:
    """What a figure measures: its counted noun, else the noun it is the value of ('trade ... was worth')."""
    return f.counted or (a.who[2:] if a.who.startswith("n:") else "")


def same_person(x: Claim, y: Claim, key: str, keys=None) -> bool:
    """One surname may be two people ('Ada Brennan' / 'Tom Brennan'): not when the two sentences give
    first names that differ (a bare surname takes the one full name its article uses for it)."""
    if not key.startswith("p:"):
        return True
    names_x, names_y = _full_names(x, key[2:], keys), _full_names(y, key[2:], keys)
    if not (names_x and names_y):
        return True
    # a bare surname whose article names two people of it ('Brennan' beside 'Ada Brennan') is no match
    # for one of them in particular
    return any(not different_first_names(a, b) for a in names_x for b in names_y) and not (
        len(names_x) > 1 and len(names_y) == 1 or len(names_y) > 1 and len(names_x) == 1)


def _full_names(claim: Claim, key: str, keys) -> set[str]:
    """Full names the sentence gives the person, else the ones its article gives anyone of that surname."""
    names = {p.name for p in claim.unit.persons if p.key == key and len(p.name.split()) > 1}
    if not names and len(key) > 2:  # a name the analysis missed: 'Sandra Lee was ...'
        written = re.findall(rf"\b([A-Z][a-z]+)(?: [A-Z]\.)? ({re.escape(key.title())})\b", claim.unit.text)
        names = {f"{first} {last}" for first, last in written
                 if first.lower() not in _NOT_FIRST_NAMES and first.lower() not in OFFICE_WORDS}
    if names or keys is None:
        return names
    return keys.full_names.get((claim.article, key), set())


def _actor(a: Assertion, other: Assertion, keys) -> str:
    """Who acts in ``a``, as ``other`` would name them: 'Ferreyra and Ridley signed' matches 'Ridley signed'."""
    who, other_who = keys.party(a.who), keys.party(other.who)  # 'the president' -> the story's president
    theirs = {other_who} | {keys.canon(k) for k in other.co_actors}
    if who in theirs:
        return who
    mine = {keys.canon(k) for k in a.co_actors}
    return other_who if other_who in mine else who


def _strength(who_p: str, who_q: str, shared: set[str], figures: float, days: float) -> float:
    same_actor = who_p and who_p == who_q
    strength = (1.5 if who_p[:2] != "n:" else 1.0) if same_actor else 0.0
    return strength + sum(1.0 if k[:2] != "n:" else 0.5 for k in shared) + figures + days


def _enough(p: Assertion, who_p: str, who_q: str, shared: set[str], figures: float, days: float,
            apart: bool = True) -> bool:
    """Enough in common to be one claim: something specific (a named actor or entity, a figure, a day)
    and one more shared element; or, for a concrete action, the same actor doing it to the same thing (or,
    for a specific verb, to nothing the two name differently: ``apart`` is False)."""
    same_actor = bool(who_p) and who_p == who_q
    specific = (same_actor and who_p[:2] != "n:") or bool(_named(shared)) or bool(figures) or bool(days)
    if specific and _strength(who_p, who_q, shared, figures, days) >= MIN_STRENGTH:
        return True
    concrete = p.predicate.split()[0] not in LINKING and head_verb(p.predicate) not in REPORTING
    if concrete and same_actor and who_p[:2] != "n:" and not apart:
        return True  # a named actor doing one specific thing: 'Lee clarified ...' / 'the president clarified ...'
    return concrete and same_actor and bool(shared)


def _one_deed(p: Assertion, q: Assertion, args_p: set[str], args_q: set[str], shared: set[str]) -> bool:
    """A specific deed both report done, on nothing they name differently: neither names a party the other
    leaves out, and what each says was done or decided shares a word beyond the verb ('clarified that he was
    not speaking about the "wisdom" ...' / 'clarified that ... not specifically on the "wisdom" ...')."""
    if p.modality != "done" or q.modality != "done" or head_verb(p.predicate) in _GENERAL_VERBS:
        return False
    if (args_p and args_q and not shared) or (not shared and bool(_named(args_p)) != bool(_named(args_q))):
        return False
    if "c:" in (p.object[:2], q.object[:2]):
        verb = {stem(head_verb(p.predicate)), stem(head_verb(q.predicate))}
        return bool((set(p.words) & set(q.words)) - verb)
    return True


def _other_object(p: Assertion, q: Assertion) -> bool:
    """Each acts on something else: two different common nouns, or a noun against a clause."""
    if not (p.object and q.object) or p.object == q.object:
        return False
    return {p.object[:2], q.object[:2]} in ({"n:"}, {"n:", "c:"})


def _same_report(p: Assertion, x: Claim, q: Assertion, y: Claim, who_p: str, who_q: str, keys) -> Match | None:
    """'The Journal reported Friday that AARP ...' / 'The Journal first reported Friday that AARP ...': the
    same named reporter, the same day, and the same named parties in what was reported."""
    if not (_named({who_p}) and who_p == who_q and head_verb(p.predicate) == head_verb(q.predicate)):
        return None
    if head_verb(p.predicate) in _PLAIN_SAYING:
        return None  # 'Lee said Wednesday that ...': what was said, not that Lee spoke, is the claim
    if not _day_evidence(p, x, q, y) or p.negated or q.negated:
        return None
    about = _shared_names(_cast(p, x, keys) - {who_p}, _cast(q, y, keys) - {who_q})
    shared = about[0] & about[1]
    if not shared:
        return None
    what = " · ".join(keys.name(k) for k in sorted(shared))
    return Match(p, q, 2.5, f"both report: {keys.name(who_p)} · {p.predicate} · {what} (the same date)")


def _same_verdict(p: Assertion, x: Claim, q: Assertion, y: Claim, keys) -> bool:
    """One named party's judgement in the same words, quoted ('“It’s sexist,” said Lee' / 'Lee said the
    cover is "sexist"'): the predicate carries its complement, so the words agree."""
    speaker = keys.canon(p.speaker)
    if not (_named({speaker}) and speaker == keys.canon(q.speaker)):
        return False
    if p.predicate.split()[0] not in LINKING or " " not in p.predicate:
        return False
    word = p.predicate.split()[-1]
    return all(any(word in c.unit.text[s:e].lower() for s, e in quoted_segments(c.unit.text)) for c in (x, y))


def _same_frame(p: Assertion, q: Assertion, keys, any_modality: bool = False, lenient_source: bool = False) -> bool:
    """Same predicate (any two verbs of saying count as one), polarity, modality and a compatible source."""
    if not same_act(p.predicate, q.predicate):
        return False
    if p.negated != q.negated or p.qualifiers != q.qualifiers:
        return False  # 'the first talks since 2011' says more than 'talks'
    if p.modality != q.modality and not any_modality and not _forecast_then_done(p, q):
        return False
    return _same_source(p, q, keys) or (lenient_source and _described_source(p, q, keys))


# Nouns for a document or an unnamed informant (general English): 'the report said', 'a source said' may be
# the very party the other outlet names, where 'critics said' or 'his rival said' is a party of its own.
_UNNAMED_SOURCES = frozenset("report projection statement memo document source official aide filing release "
                             "letter study estimate analysis data review".split())


def _unnamed_source(key: str) -> bool:
    return key[:2] == "n:" and key[2:] in _UNNAMED_SOURCES


def _described_source(p: Assertion, q: Assertion, keys) -> bool:
    """A source one side only describes ('the most recent projections') may be the other's named one."""
    return keys.canon(p.speaker)[:2] == "n:" or keys.canon(q.speaker)[:2] == "n:"


def forecast_fulfilled(p: Assertion, x: Claim, q: Assertion, y: Claim) -> bool:
    """One source looked ahead to what an event would cover ('talks will focus on X'), another reports it
    covered, and the first was not published after. A forecast of a party's own deed ('X is expected to
    plead guilty'; 'his aide is expected to ...' / 'the aide later ...') is no report of the deed: the later
    report of it is an update, not corroboration."""
    if not _forecast_then_done(p, q):
        return False
    forecast, done = (p, q) if p.modality == "planned" else (q, p)
    if _named({forecast.who, *forecast.co_actors}) or (forecast.who and forecast.who == done.who):
        return False  # the party expected to act, then reported acting
    ahead, later = (x, y) if p.modality == "planned" else (y, x)
    return not (ahead.published and later.published and ahead.published > later.published)


def _forecast_then_done(p: Assertion, q: Assertion) -> bool:
    pair = {p.modality, q.modality}
    forecast = p if p.modality == "planned" else q
    return pair == {"planned", "done"} and forecast.forecast and forecast.speaker[:2] not in ("p:", "e:")


def _same_source(p: Assertion, q: Assertion, keys) -> bool:
    """Who says so agrees: the same party, or for a deed the outlet and a party. A plan, demand or
    possibility is someone's: an unattributed one is no other party's ('X urged Y to quit' / 'quit, Z said')."""
    sp, sq = keys.party(p.speaker), keys.party(q.speaker)
    if sp and sq:
        return sp == sq or _unnamed_source(sp) or _unnamed_source(sq)
    attributed = p if sp else q if sq else None
    if attributed is None:
        return True
    return attributed.modality == "done" or (attributed.forecast and keys.canon(attributed.speaker)[:2] == "n:")


def _shared_names(a: set[str], b: set[str]) -> tuple[set[str], set[str]]:
    """Name keys of one side written out more fully in the other ('e:house' and 'e:house republicans')
    become the shorter key on both sides; a name whose last two words the other side has as plain nouns
    ('e:social security trust fund' / 'n:trust', 'n:fund') is the same thing."""
    def fold(mine: set[str], other: set[str]) -> set[str]:
        out = set()
        nouns = {o[2:] for o in other if o.startswith("n:")}
        for k in mine:
            shorter = [o for o in other
                       if o[:2] == k[:2] == "e:" and o != k and set(o[2:].split()) < set(k[2:].split())]
            words = k[2:].split()
            if not shorter and k.startswith("e:") and len(words) >= 2 and set(words[-2:]) <= nouns:
                out.add(k)
                continue
            out.add(shorter[0] if shorter else k)
        return out

    folded_a, folded_b = fold(a, b), fold(b, a)
    for k in list(folded_a):  # a name spelled as nouns on the other side counts as shared there
        if k.startswith("e:") and set(k[2:].split()[-2:]) <= {o[2:] for o in folded_b if o.startswith("n:")}:
            folded_b.add(k)
    for k in list(folded_b):
        if k.startswith("e:") and set(k[2:].split()[-2:]) <= {o[2:] for o in folded_a if o.startswith("n:")}:
            folded_a.add(k)
    return folded_a, folded_b


def same_act(a: str, b: str) -> bool:
    """One predicate, a synonym of it, or two verbs of saying."""
    return (a == b or (a in REPORTING and b in REPORTING) or b in _ACT_CLASS.get(a, ())
            or (" " not in a and " " not in b and stem(a) == stem(b)))  # 'exhausted' / 'exhaust'


def shared_names(a: set[str], b: set[str]) -> tuple[set[str], set[str]]:
    """Both sides' name keys, one spelling per thing ('e:house' / 'e:house republicans')."""
    return _shared_names(a, b)


def named(keys: set[str]) -> set[str]:
    """The keys that name a person or another named entity."""
    return _named(keys)


def _named(keys: set[str]) -> set[str]:
    return {k for k in keys if k[:2] in ("p:", "e:")}


# Capitalised words before a surname that are no first name (titles, determiners at a sentence start).
_NOT_FIRST_NAMES = frozenset("the mr mrs ms dr sen rep gov president senator representative governor former "
                             "speaker secretary general judge chairman leader minister mayor when while after "
                             "before but and as if that this".split())


def _office_holders(people) -> dict[str, str]:
    """Each office the story gives to one person more than to anyone else (by how many origins say so)."""
    holders: dict[str, list[tuple[int, str]]] = {}
    support = getattr(people, "office_support", {})
    for person, office in getattr(people, "usual_office", {}).items():
        holders.setdefault(office, []).append((support.get(person, 1), person))
    out = {}
    for office, ranked in holders.items():
        ranked.sort(reverse=True)
        if len(ranked) == 1 or ranked[0][0] > ranked[1][0]:
            out[office] = ranked[0][1]
    return out


class Keys:
    """Entity keys made one per person across a story: aliases resolved, and a one-word name that
    NER took for an organisation in one article ('e:lee') is the person the story knows as 'p:lee'."""

    def __init__(self, people, claims: list[Claim]) -> None:
        self.people = people
        self.named_people = {people.canon(k[2:]) for c in claims for a in c.unit.assertions
                             for k in [a.who, a.speaker, *a.co_actors, *a.args] if k.startswith("p:")}
        self.persons = self.named_people | set(people.persons)
        self.full_names: dict[tuple[str, str], set[str]] = {}  # (article, surname key) -> full names it uses
        for c in claims:
            for p in c.unit.persons:
                if p.key and len(p.name.split()) > 1:
                    self.full_names.setdefault((c.article, p.key), set()).add(p.name)
        self.office_holders = _office_holders(people)
        surnames = "|".join(sorted(re.escape(k.title()) for k in self.named_people if len(k) > 2))
        if surnames:  # 'Ada Brennan' where the people list has only 'Brennan'
            written = re.compile(rf"\b([A-Z][a-z]+)(?: [A-Z]\.)? ({surnames})\b")
            for c in claims:
                for first, last in written.findall(c.unit.text):
                    if first.lower() not in _NOT_FIRST_NAMES and first.lower() not in OFFICE_WORDS:
                        self.full_names.setdefault((c.article, last.lower()), set()).add(f"{first} {last}")

    def party(self, key: str) -> str:
        """Who says or does something, a bare title read as the one person the story gives it
        ('n:chairman' -> the story's only chairman)."""
        key = self.canon(key)
        holder = self.office_holders.get(key[2:]) if key.startswith("n:") else None
        return "p:" + holder if holder else key

    def canon(self, key: str) -> str:
        if key.startswith("p:"):
            return "p:" + self.people.canon(key[2:])
        if key.startswith("e:"):
            last = key[2:].split()[-1] if key[2:].split() else ""
            for word in (key[2:], last):
                if word and self.people.canon(word) in self.persons and (word == key[2:] or len(key[2:].split()) <= 3):
                    return "p:" + self.people.canon(word)  # 'e:helen okafor' where NER saw no person
        return key

    def name(self, key: str) -> str:
        """A readable name for an entity key."""
        if key.startswith("p:"):
            return self.people.name(key[2:])
        if key.startswith("e:"):
            return key[2:].upper() if len(key) <= 5 and " " not in key else key[2:].title()
        return key[2:]


def _figure_evidence(p: Assertion, x: Claim, q: Assertion, y: Claim) -> float | None:
    """1 per figure of one matched in the other (same value, compatible counted noun); None on a mismatch."""
    fp, fq = figures_of(p, x), figures_of(q, y)
    if not fp or not fq:
        return 0.0
    matched = 0.0
    for f in fp:
        if any(_figures_match(f, g) for g in fq):
            matched += 1.0
        elif any(comparable_figures(f, g) for g in fq):
            return None  # the same measure with another value: a possible conflict, never one fact
    return matched if matched else None


def _same_range(f: Figure, others: list[Figure]) -> bool:
    """'40 to 60 hours' / '40-60 hours': a stated range, the same two ends, is specific enough to be one figure."""
    return _STATED_RANGE.search(f.text) is not None and f.low is not None and f.high is not None and any(
        g.unit == f.unit and g.low == f.low and g.high == f.high and _STATED_RANGE.search(g.text) for g in others)


_STATED_RANGE = re.compile(r"\d[\s-]*(?:-|–|to|and)\s*[$€£]?\d")  # two ends written out, not 'about 40'


def _figures_match(f: Figure, g: Figure) -> bool:
    return comparable_figures(f, g) and figures_agree(f, g)


def _day_evidence(p: Assertion, x: Claim, q: Assertion, y: Claim) -> float | None:
    """1 for a shared day (or year the clause is set in), None when both are dated and never agree."""
    dp, dq = assertion_days(p, x), assertion_days(q, y)
    if dp and dq:
        return 1.0 if dp & dq else None
    yp, yq = set(p.years), set(q.years)
    if yp and yq:
        return 1.0 if yp & yq else None
    return 0.0


# -- paraphrases -------------------------------------------------------------------------------------
SAME_CAST_SIMILARITY = 0.7  # sentence vectors this close, with the same cast, say one thing in other words


def paraphrase_match(x: Claim, y: Claim, keys, similarity: float, threshold: float) -> Match | None:
    """The same claim in other words; the embeddings only propose the pair (``similarity`` at least
    ``threshold``). Two main clauses with the same polarity, modality and source, no named actor that
    differs, no figure or date that disagrees, and either the same content words for a third of the
    shorter clause (at least three: 'Lee met Kim' / 'Lee and Kim held their first meeting') or, for
    sentences worded alike (similarity 0.7 or more), the same cast of two or more named people or bodies
    ('A mentored B' / 'B is a protégé of A')."""
    if similarity < threshold:
        return None
    best = None
    for p in x.unit.assertions:
        for q in y.unit.assertions:
            m = _same_content(p, x, q, y, keys, similarity >= SAME_CAST_SIMILARITY)
            if m is not None and (best is None or m.strength > best.strength):
                best = m
    return best


def _same_content(p: Assertion, x: Claim, q: Assertion, y: Claim, keys, worded_alike: bool = False) -> Match | None:
    if not (p.checkable and q.checkable and p.main and q.main):
        return None  # in other words, only the sentences' main points: a side clause shares words by chance
    if head_verb(p.predicate) in REPORTING or head_verb(q.predicate) in REPORTING:
        return None
    if p.negated != q.negated or p.qualifiers != q.qualifiers or not _same_source(p, q, keys):
        return None
    fulfilled = p.modality != q.modality
    if fulfilled and not forecast_fulfilled(p, x, q, y):
        return None
    if p.predicate in LINKING and q.predicate in LINKING and not _described_alike(p, q, keys):
        return None  # 'X, a seven-term House member' is no 'X, a member of the House budget committee'
    if _act_held_otherwise(p, x, q) or _act_held_otherwise(q, y, p):
        return None
    if _other_object(p, q):
        return None
    cast_p, cast_q = _shared_names(_cast(p, x, keys), _cast(q, y, keys))
    who_p, who_q = _actor(p, q, keys), _actor(q, p, keys)
    if who_p[:2] == who_q[:2] == "n:" and who_p != who_q and not fulfilled:
        return None  # 'the committee requested' is no 'her representatives determined' (but 'the talks will
        # focus on X' is fulfilled by 'the leaders discussed X': a forecast's subject is the event, not who acts)
    one_actor = not (_named({who_p}) and _named({who_q}) and who_p != who_q)  # 'A thanked B' is no 'B thanked A'
    shared_cast = cast_p & cast_q
    if not shared_cast or _figure_evidence(p, x, q, y) is None or _day_evidence(p, x, q, y) is None:
        return None
    names = {w for k in cast_p | cast_q for w in k[2:].split()}
    words_p, words_q = set(p.words) - names, set(q.words) - names
    common = (words_p & words_q) - _SAYING_STEMS  # 'said' in both says nothing of what happened
    same_cast = len(shared_cast) >= 2 and (cast_p <= cast_q or cast_q <= cast_p)
    if not ((one_actor and _said_alike(p, q, words_p, words_q, common)) or (worded_alike and same_cast)):
        return None  # worded alike, with the same cast, roles may be converse: 'A mentored B' / 'B, A's protégé'
    cast = " · ".join(keys.name(k) for k in sorted(shared_cast))
    return Match(p, q, 1.0 + len(shared_cast) + len(common) / 2,
                 f"both report: {cast} · {', '.join(sorted(common))}")


def _act_held_otherwise(a: Assertion, claim: Claim, other: Assertion) -> bool:
    """The other's act is in a clause ``a`` embeds with another modality: 'X is expected to plead guilty'
    holds 'plead' only as planned, so its 'is expected' is no report of 'X pleaded guilty'."""
    return any(e is not a and a.start <= e.head < a.end and same_act(e.predicate, other.predicate)
               and e.modality != other.modality for e in claim.unit.assertions)


def _main(claim: Claim) -> list[Assertion]:
    return [a for a in claim.unit.assertions if a.main and a.checkable and head_verb(a.predicate) not in REPORTING]


def _said_alike(p: Assertion, q: Assertion, words_p: set[str], words_q: set[str], common: set[str]) -> bool:
    """One act in other words: the same verb or the other's word for it ('discussed' / 'a discussion point'),
    each main clause's own words among the shared ones, three shared words and a third of the shorter clause."""
    one_act = (same_act(p.predicate, q.predicate) or stem(head_verb(p.predicate)) in words_q
               or stem(head_verb(q.predicate)) in words_p)
    enough = len(common) >= MIN_COMMON_WORDS and len(common) >= 0.35 * min(len(words_p), len(words_q))
    return one_act and enough and bool(set(p.core) & common) and bool(set(q.core) & common)


def _cast(a: Assertion, claim: Claim, keys) -> set[str]:
    """The named people and bodies of a clause, its descriptions and the clauses it embeds."""
    own = {keys.canon(k) for k in [a.who, *a.co_actors, *a.args] if k}
    for other in claim.unit.assertions:
        if (other.describes and keys.canon(other.describes) in own) or a.start <= other.head < a.end:
            own |= {keys.canon(k) for k in [other.who, *other.co_actors, *other.args] if k}
    return _named(own)


def _main_clauses_agree(p: Assertion, x: Claim, q: Assertion, y: Claim, keys) -> Match | None:
    if p.negated != q.negated or p.modality != q.modality:
        return None
    sp, sq = keys.canon(p.speaker), keys.canon(q.speaker)
    if sp and sq and sp != sq:
        return None
    figures, days = _figure_evidence(p, x, q, y), _day_evidence(p, x, q, y)
    if figures is None or days is None:
        return None
    cast_p, cast_q = _shared_names(_cast(p, x, keys), _cast(q, y, keys))
    shared = cast_p & cast_q
    if len(shared) < 2 or not (cast_p <= cast_q or cast_q <= cast_p):
        return None
    names = " · ".join(keys.name(k) for k in sorted(shared))
    verbs = p.predicate if p.predicate == q.predicate else f"{p.predicate} / {q.predicate}"
    return Match(p, q, 1.0 + len(shared), f"both report, in other words: {names} ({verbs})")


# -- one changed term -----------------------------------------------------------------------------------
def _term_change_match(x: Claim, y: Claim, keys) -> Match | None:
    """'increased joint military exercises' / 'plans for expanded joint military exercises': the same specific
    term (two modifiers and a noun, word for word) growing, or shrinking, in both -- said by the same party."""
    for p in x.unit.assertions:
        for q in y.unit.assertions:
            if (p.object[:2] == "t:" and p.object == q.object and same_act(p.predicate, q.predicate)
                    and not p.quoted and not q.quoted and _same_source(p, q, keys)):
                return Match(p, q, MIN_STRENGTH, f"both report: {p.predicate} · {p.object[2:]}")
    return None


# -- one figure ---------------------------------------------------------------------------------------
def _figure_match(x: Claim, y: Claim, keys) -> Match | None:
    """The same specific figure of the same counted thing, said of something both clauses share
    ('a 40- to 60-hour training course' / 'a 40-60 hour training program'), whatever the verb."""
    for p in x.unit.assertions:
        for q in y.unit.assertions:
            for f in _own_figures(p, x):
                measured = _measured(p, f)
                same = [g for g in _own_figures(q, y)
                        if (measured and _measured(q, g) == measured or f.family == "tally" or _same_range(f, [g]))
                        and _figures_match(f, g)]
                if not same or p.negated != q.negated or p.modality == "denied" or q.modality == "denied":
                    continue
                who_p, who_q = keys.canon(p.who), keys.canon(q.who)
                if _named({who_p}) and _named({who_q}) and who_p != who_q:
                    continue
                if f.family == "tally":  # a tally is specific enough to name one vote or one result
                    return Match(p, q, 3.0, f"both give the tally {f.text}")
                if _same_range(f, same) and set(p.words) & set(q.words):
                    shared = ", ".join(sorted(set(p.words) & set(q.words)))
                    return Match(p, q, 2.5, f"both give {describe_figure(f)} · {shared}")
                args_p, args_q = _shared_names({keys.canon(k) for k in p.args}, {keys.canon(k) for k in q.args})
                shared = ((args_p | {who_p}) & (args_q | {who_q})) - {"", "n:" + measured}
                if not same_act(p.predicate, q.predicate):
                    shared = _same_roles(shared, who_p, who_q)
                if shared:
                    what = " · ".join(keys.name(k) for k in sorted(shared))
                    return Match(p, q, 2.0 + len(shared) * 0.5, f"both give {f.text} ({measured}) · {what}")
    return None


def _same_roles(shared: set[str], who_p: str, who_q: str) -> set[str]:
    """What both clauses share in one role: a thing one clause acts on and the other has act ('released
    a 225-page report' / 'the 225-page report called for ...') is only mentioned by both, under two acts."""
    return {k for k in shared if _named({k}) or (k == who_p) == (k == who_q)}


def _own_figures(a: Assertion, claim: Claim) -> list[Figure]:
    """The figures of a clause that no clause it holds states: in 'X called up Y, whose 6-year-old son ...'
    the age belongs to the relative clause, not to 'called up'."""
    held = [e for e in claim.unit.assertions if e is not a and a.start <= e.head < a.end and e.figures]
    return [f for f in figures_of(a, claim) if not any(f.start in e.figures for e in held)]


# -- shared quotations ---------------------------------------------------------------------------
def _quote_match(x: Claim, y: Claim, keys) -> Match | None:
    """The same words quoted from the same speaker (or, for a long run, from a speaker one side leaves unnamed)."""
    for sa_start, sa_end in quoted_segments(x.unit.text):
        for sb_start, sb_end in quoted_segments(y.unit.text):
            qa, qb = x.unit.text[sa_start:sa_end], y.unit.text[sb_start:sb_end]
            run = _shared_run(qa, qb)
            # the same whole quotation, a title or a phrase someone coined ('“The Queen of Rage”')
            whole = (len(run) >= TITLE_WORDS and len(run) == len(_words(qa)) == len(_words(qb))
                     and _title_cased(qa) and _title_cased(qb))
            if len(run) < MIN_QUOTE_WORDS and not whole:
                continue
            if _negated_before(qa, run) != _negated_before(qb, run):
                continue  # '"not putting people back to work"' / '"... by putting people back to work"'
            sa = _segment_speaker(x, sa_start, sa_end, keys)
            sb = _segment_speaker(y, sb_start, sb_end, keys)
            if sa and sb and sa != sb or (not (sa and sb) and len(run) < LONG_QUOTE_WORDS and not whole):
                continue
            who = keys.name(sa or sb) if sa or sb else "the same speaker"
            return Match(None, None, 1.0 + len(run) / 5, f"both quote {who}: “{' '.join(run)}”")
    return None


_QUOTE_MARK = re.compile(r"[“”\"]")


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """Spans of quoted words in a unit, including a quotation that began in an earlier sentence
    (a closing mark with no opening one) or goes on after it (an opening mark never closed)."""
    marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(text)]
    spans, open_at = [], None
    for i, (pos, mark) in enumerate(marks):
        at_end = not text[pos + 1:].strip() and pos > 0 and not text[pos - 1].isspace()
        opens = mark == "“" or (mark == '"' and open_at is None and not at_end)  # a final '"' closes
        if opens and open_at is None:
            open_at = pos + 1
        elif not opens and open_at is not None:
            spans.append((open_at, pos))
            open_at = None
        elif not opens and not spans and i == 0:
            spans.append((0, pos))
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _segment_speaker(claim: Claim, start: int, end: int, keys) -> str:
    base = claim.unit.start
    for quote in claim.unit.quotes:
        if quote.speaker_key and quote.start < base + end and base + start < quote.end:
            return keys.canon("p:" + quote.speaker_key)
    inside = [a.speaker for a in claim.unit.assertions
              if a.quoted and base + start <= a.head < base + end and a.speaker]
    return keys.canon(inside[0]) if inside else ""


# The negating words of English (a closed class), and any contraction in "n't".
_NEGATORS = frozenset("not no never nor neither none nobody nothing nowhere".split())
NEGATION_REACH = 5  # words before a shared run a negation can govern it from ('will never, ever raise')


def _negated_before(quote: str, run: list[str]) -> bool:
    """Is the shared run negated in this quotation: a negating word among the few words before it?"""
    words = _words(quote)
    at = next((i for i in range(len(words) - len(run) + 1) if words[i:i + len(run)] == run), 0)
    return any(w in _NEGATORS or w.endswith("n't") for w in words[max(0, at - NEGATION_REACH):at])


def _title_cased(text: str) -> bool:
    """'The Queen of Rage', 'THE QUEEN OF RAGE': a name of a work, not a phrase ('don't ask, don't tell')."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’]*", text) if len(w) > 3 or w[0].isupper()]
    return bool(words) and all(w[0].isupper() for w in words)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'").replace("&", " and "))


def _shared_run(a: str, b: str) -> list[str]:
    """The longest run of words the two texts share, in order."""
    wa, wb = _words(a), _words(b)
    best: list[str] = []
    previous = [0] * (len(wb) + 1)
    for i in range(1, len(wa) + 1):
        current = [0] * (len(wb) + 1)
        for j in range(1, len(wb) + 1):
            if wa[i - 1] == wb[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > len(best):
                    best = wa[i - current[j]:i]
        previous = current
    return best


# -- reasons ----------------------------------------------------------------------------------------
def _reason(a: Assertion, b: Assertion, who: str, shared: set[str], figures: float, days: float,
            speakers: set[str], keys) -> str:
    parts = [keys.name(who)] if who else []
    parts.append(("not " if a.negated else "") + a.predicate)
    parts += [keys.name(k) for k in sorted(shared, key=lambda k: (k[:2] == "n:", k))]
    extra = []
    if figures:
        extra.append("the same figure" + ("s" if figures > 1 else ""))
    if days:
        extra.append("the same date")
    if a.modality != b.modality:
        extra.append("one looked ahead to it, the other reports it done")
    elif a.modality != "done":
        extra.append(f"both as {a.modality}")
    said_by = sorted(s for s in speakers if s)
    if said_by:
        extra.append(f"{'both' if '' not in speakers else 'one'} attributed to {keys.name(said_by[0])}")
    text = "both report: " + " · ".join(parts)
    return text + (f" ({', '.join(extra)})" if extra else "")
