"""Conflicts about people: who holds an office, whether a title is current, which
position a person holds, and what their first name is.

Only titles the text attaches to the person count (a title before the name or an
apposition: ``PersonMention.how`` 'title' or 'appositive'); a title-only mention
('the president said') or a name used as a time reference ('under President X',
'X's administration') states nothing about who holds an office now.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..analyze.model import PersonMention
from .model import Claim, Verdict

if TYPE_CHECKING:
    from .compare import Context

__all__ = ["OfficeHolder", "PersonTitle", "RoleTitle", "PersonName", "role_of", "is_time_reference", "attached_titles",
           "office_key", "different_first_names"]

_ATTACHED = ("title", "appositive", "as")
_TIME_BEFORE = re.compile(r"\b(?:under|during|since|before)\s+(?:the\s+)?(?:[\w.-]+\s+){0,3}$|"
                          r"\b(?:former|then|ex-)\b[^,;]{0,40}\b(?:to|of|for|under)\s+(?:[\w.-]+\s+){0,3}$", re.I)
_TIME_AFTER = re.compile(r"^['’]s?\s+(?:administration|presidency|tenure|term|era|government|watch|time|years|"
                         r"premiership|reign|rule)\b", re.I)


def is_time_reference(claim: Claim, p: PersonMention) -> bool:
    """'under President X', 'X's administration': a period named after the person, not a claim about them."""
    text, base = claim.unit.text, claim.unit.start
    return bool(_TIME_BEFORE.search(text[max(0, p.start - base - 40):p.start - base])
                or _TIME_AFTER.match(text[p.end - base:p.end - base + 30]))


# Titles of one office (general English usage).
_SAME_OFFICE = {"congressman": "representative", "congresswoman": "representative", "ceo": "chief executive",
                "chairwoman": "chairman", "chair": "chairman", "premier": "prime minister"}


def office_key(office: str) -> str:
    """One name per office ('congresswoman' and 'representative' are one office)."""
    return _SAME_OFFICE.get(office, office)


def attached_titles(claim: Claim) -> list[PersonMention]:
    """Mentions of people with a title or position attached to the name (see :func:`_attached`)."""
    return _attached(claim)


def _attached(claim: Claim) -> list[PersonMention]:
    """Mentions with a title the text attaches to the name, in the outlet's own words (a quoted speaker's
    form of address, 'I told President X', says nothing about the office now)."""
    quoted = [(q.start, q.end) for q in claim.unit.quotes]
    return [p for p in claim.unit.persons if p.name and p.key and p.how in _ATTACHED
            and not is_time_reference(claim, p) and not any(s <= p.start < e for s, e in quoted)]


# -- who holds an office ---------------------------------------------------------------------------
def _is_old(claim: Claim, ctx: Context) -> bool:
    """A sentence about an earlier time (names only years before the story's)."""
    if not ctx.ref or not claim.years:
        return claim.unit.background
    return max(claim.years) < ctx.ref.year - 1 or claim.unit.background


def _organisational(p: PersonMention) -> bool:
    """'X, the organization's president': an office of a body, not of a country."""
    return p.how == "appositive" and not p.country and bool(re.search(r"['’]s\b|\bof\b", p.descriptor))


def _holders(claim: Claim, ctx: Context) -> list[tuple[PersonMention, str, str]]:
    """(mention, person, country) of each sitting office holder the sentence names."""
    out = []
    for p in _attached(claim):
        if not p.office or p.status not in ("", "current") or _organisational(p):
            continue
        key = ctx.canon(p.key)
        if key not in _people_parsed(claim, ctx):
            continue  # the parse saw no person there ('the president said he would, Senate Democrats ...')
        country = p.country or ctx.person_country(key) or ctx.sole_country.get(p.office) or _country_in_sentence(
            claim, p.office, ctx)
        if country:
            out.append((p, key, country))
    return out


def _people_parsed(claim: Claim, ctx: Context) -> set[str]:
    """The people the sentence's clauses name (as keys the story's registry knows)."""
    return {ctx.keys.people.canon(k[2:]) for a in claim.unit.assertions
            for k in [a.who, a.speaker, *a.co_actors, *a.args] if k.startswith("p:")}


def _country_in_sentence(claim: Claim, office: str, ctx: Context) -> str | None:
    """The one country named in the sentence that has a holder of this office elsewhere in the story."""
    fitting = set(claim.unit.countries) & ctx.office_countries.get(office, set())
    return next(iter(fitting)) if len(fitting) == 1 else None


_COUNTRY_NAMES = {"US": "the United States", "GB": "the United Kingdom"}


def office_label(office: str, country: str | None) -> str:
    import pycountry

    if not country:
        return office
    entry = pycountry.countries.get(alpha_2=country)
    name = _COUNTRY_NAMES.get(country, getattr(entry, "common_name", None) or (entry.name if entry else country))
    return f"{office} of {name}"


def _partners(claim: Claim, person: str, ctx: Context) -> set[str]:
    """Named participants of the clauses the person takes part in (who they meet, negotiate with ...)."""
    keys = ctx.keys
    out: set[str] = set()
    for a in claim.unit.assertions:
        members = {keys.canon(k) for k in [a.who, *a.args]}
        if "p:" + person in members:
            out |= {k for k in members if k[:2] in ("p:", "e:")} - {"p:" + person}
    return out


# Offices one person holds at a time in a country (general: a head of state or government, a named
# ministry); senators, ministers in general, ambassadors or generals are many.
_SINGLE_HOLDER = re.compile(r"^(?:president|prime minister|vice president|chancellor|premier|king|queen|emperor|"
                            r"empress|pope|supreme leader|speaker|chief justice|secretary of state|secretary-general|"
                            r"governor-general|crown prince|[a-z]+ (?:minister|secretary))$")


class OfficeHolder:
    """Two different people named as the sitting holder of one single-holder office of one country (a title
    attached to the name, not a time reference like 'under President X', not an office of a body)."""

    kind = "office-holder"

    def blocks(self, claim, ctx):
        if _is_old(claim, ctx):
            return []
        return [f"office:{p.office}:{country}" for p, _, country in _holders(claim, ctx)
                if _SINGLE_HOLDER.match(p.office)]

    def compare(self, a, b, block, ctx):
        _, office, country = block.split(":", 2)
        pa = {k for p, k, c in _holders(a, ctx) if p.office == office and c == country}
        pb = {k for p, k, c in _holders(b, ctx) if p.office == office and c == country}
        out = []
        for x in sorted(pa - pb):  # sorted: the first verdict names the conflict (compare._assemble)
            for y in sorted(pb - pa):
                if frozenset((x, y)) in ctx.together:
                    continue
                label = office_label(office, country)
                shared = _partners(a, x, ctx) & _partners(b, y, ctx)
                with_whom = f" in dealings with {', '.join(ctx.keys.name(k) for k in sorted(shared))}" if shared else ""
                out.append(Verdict(self.kind, block, f"who is the {label}", ctx.person_name(x), ctx.person_name(y),
                                   because=f"both name the sitting {label} (the title attached to the name, "
                                           f"in the story's present){with_whom}"))
        return out


# -- former or sitting ---------------------------------------------------------------------------------
class PersonTitle:
    """'Former X' in one source, sitting X in another, at about the same time."""

    kind = "title"

    def blocks(self, claim, ctx):
        out = []
        for p in _attached(claim):
            if p.office and p.status in ("", "current", "former"):
                if p.status != "former" and (_is_old(claim, ctx) or p.how == "as" or _set_in_the_past(p)):
                    continue  # 'As president, X ...', 'an ambassador in the Lee administration': that time, not now
                out.append(f"title:{ctx.canon(p.key)}:{p.office}")
        return out

    def compare(self, a, b, block, ctx):
        _, key, office = block.split(":", 2)
        sa, sb = _statuses(a, key, office, ctx), _statuses(b, key, office, ctx)
        if "former" in sa and "former" not in sb and sb:
            former, sitting, flip = a, b, False
        elif "former" in sb and "former" not in sa and sa:
            former, sitting, flip = b, a, True
        else:
            return []
        if _changed_since(sitting, former, ctx):
            return []
        name = ctx.person_name(key)
        value_former, value_sitting = f"former {office}", f"{office} (sitting)"
        values = (value_sitting, value_former) if flip else (value_former, value_sitting)
        return [Verdict(self.kind, block, f"{name}'s current office", *values,
                        because=f"both attach the office of {office} to {name}, in reports less than 45 days apart")]


def _statuses(claim: Claim, key: str, office: str, ctx: Context) -> set[str]:
    return {p.status or "current" for p in _attached(claim) if ctx.canon(p.key) == key and p.office == office
            and p.status in ("", "current", "former") and (p.how != "as" or p.status == "former")
            and (p.status == "former" or not _set_in_the_past(p))}


_PAST_PERIOD = re.compile(r"\b(?:in|under|during)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){1,3}(?:administration|government|"
                          r"presidency|era|years)\b|\bunder\s+(?:former\s+)?(?:President|Prime Minister)\b")


def _set_in_the_past(p: PersonMention) -> bool:
    """'an ambassador to Luxembourg in the Lee administration': an office held in a named past period."""
    return bool(_PAST_PERIOD.search(p.descriptor or ""))


def _changed_since(sitting: Claim, former: Claim, ctx: Context) -> bool:
    """The 'former' report came well after the 'sitting' one: the office changed hands, no conflict."""
    ds, df = ctx.published.get(sitting.article), ctx.published.get(former.article)
    return bool(ds and df and (df - ds).days > 45)


# -- which position -------------------------------------------------------------------------------------
# Positions in an organisation, with the spellings that name one position (general English usage).
_POSITIONS = {"chief executive": "chief executive", "ceo": "chief executive", "chief executive officer":
              "chief executive", "president": "president", "chairman": "chair", "chairwoman": "chair",
              "chair": "chair", "executive director": "executive director", "director": "director",
              "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
              "adviser": "adviser", "advisor": "adviser", "counsel": "counsel", "founder": "founder",
              "editor": "editor", "press secretary": "spokesperson", "chief of staff": "chief of staff",
              "general counsel": "counsel", "managing director": "managing director",
              "executive vice president": "executive vice president", "vice president": "vice president"}
_DESCRIPTOR_END = re.compile(r"\s(?:of|to|at|for|in|with|who|that|and)\s|,")


def role_of(p: PersonMention) -> str:
    """The organisational position the text attaches to a person ('' when none): the title before the
    name, else the head of an appositive description ('the group's executive director')."""
    if p.how not in _ATTACHED:
        return ""
    role = getattr(p, "role", "") if p.how == "title" else ""  # the person noun written before the name
    words = (p.office or role or "").lower()
    if p.descriptor and (not words or p.how == "appositive"):
        # the description's own head: 'President Lee's national security adviser' describes an adviser
        head = _DESCRIPTOR_END.split(p.descriptor.lower(), maxsplit=1)[0]
        words = re.split(r"\S+['’]s\s", head)[-1]
    for size in (3, 2, 1):
        tail = " ".join(words.split()[-size:])
        if tail in _POSITIONS:
            return _POSITIONS[tail]
    return ""


class RoleTitle:
    """One person given different positions by different sources ('chief executive' / 'executive
    director'), each attached to the name; a source that uses both titles disputes neither."""

    kind = "role"

    def blocks(self, claim, ctx):
        return sorted({f"role:{ctx.canon(p.key)}" for p in _attached(claim) if role_of(p)})

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        key = block.split(":", 1)[1]
        ra, rb = _roles(a, key, ctx), _roles(b, key, ctx)
        used_a, used_b = ctx.roles.get(key, {}).get(a.origin, set()), ctx.roles.get(key, {}).get(b.origin, set())
        out = []
        for x in sorted(ra - used_b):
            for y in sorted(rb - used_a):
                if x != y and not set(x.split()) <= set(y.split()) and not set(y.split()) <= set(x.split()):
                    name = ctx.person_name(key)
                    out.append(Verdict(self.kind, block, f"{name}'s position", x, y,
                                       because=f"both attach a position to {name}'s name, and neither source "
                                               f"uses the other's"))
        return out


def _roles(claim: Claim, key: str, ctx: Context) -> set[str]:
    return {role_of(p) for p in _attached(claim) if ctx.canon(p.key) == key and role_of(p)}


# -- first names -------------------------------------------------------------------------------------------
class PersonName:
    """One surname in one position with two different first names ('Rep. Ann Lee' / 'Rep. Anna Lee')."""

    kind = "name"

    def blocks(self, claim, ctx):
        return sorted({f"name:{p.key}:{p.office or role_of(p)}" for p in _attached(claim)
                       if len(p.name.split()) >= 2 and (p.office or role_of(p))})

    def compare(self, a, b, block, ctx):
        if a.origin == b.origin:
            return []
        _, key, position = block.split(":", 2)
        na, nb = _first_names(a, key, position), _first_names(b, key, position)
        out = []
        for x in sorted(na):
            for y in sorted(nb):
                if different_first_names(x, y):
                    out.append(Verdict(self.kind, block, f"the first name of the {position} {key.title()}", x, y,
                                       because=f"both name the {position} {key.title()}"))
        return out


def _first_names(claim: Claim, key: str, position: str) -> set[str]:
    return {p.name for p in _attached(claim) if p.key == key and (p.office or role_of(p)) == position
            and len(p.name.split()) >= 2}


# Short forms of given names (general English usage): one person, not two names.
_SHORT_FORMS = {"bill": "william", "will": "william", "bob": "robert", "rob": "robert", "jim": "james",
                "jimmy": "james", "mike": "michael", "joe": "joseph", "tom": "thomas", "dick": "richard",
                "rick": "richard", "dan": "daniel", "dave": "david", "chris": "christopher", "liz": "elizabeth",
                "beth": "elizabeth", "kate": "katherine", "katie": "katherine", "peggy": "margaret",
                "maggie": "margaret", "ted": "edward", "ed": "edward", "ned": "edward", "chuck": "charles",
                "charlie": "charles", "hank": "henry", "jack": "john", "johnny": "john", "tony": "anthony",
                "steve": "steven", "larry": "lawrence", "jerry": "gerald", "pat": "patrick", "sue": "susan",
                "nancy": "ann", "sandy": "sandra", "fred": "frederick", "al": "albert", "andy": "andrew",
                "greg": "gregory", "jeff": "jeffrey", "ron": "ronald", "don": "donald", "walt": "walter"}


def _given(name: str) -> tuple[set[str], set[str]]:
    """(given names, initials) of a full name, the surname left out."""
    words = [w.rstrip(".").lower() for w in name.split()[:-1]]
    return {_SHORT_FORMS.get(w, w) for w in words if len(w) > 1}, {w[0] for w in words if w}


def different_first_names(x: str, y: str) -> bool:
    """'Ann Hart' and 'Anna Hart' differ; 'A. Barry Hart' and 'Barry Hart', 'Ben Hart' and 'Benjamin T. Hart',
    'Bill Hart' and 'William Hart' do not."""
    if x.split()[-1].lower() != y.split()[-1].lower():
        return False
    gx, ix = _given(x)
    gy, iy = _given(y)
    if gx & gy or not gx or not gy:
        return False
    if any((a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) >= 2 for a in gx for b in gy):
        return False  # 'Ben' / 'Benjamin' (but 'Ann' / 'Anna' are two names)
    return not (ix & iy and (len(gx) < len(ix) or len(gy) < len(iy)))
