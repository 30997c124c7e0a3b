"""People in a sentence and the office or role the text attaches to each.

Read from spaCy's parse of the sentence (``analyze/parse.py``). A name is a
PERSON entity, or a proper noun the grammar marks as a person (a title in front
of it, an appositive role, "as <office>"); capitalised words alone are not
names. A title belongs to a person only when the grammar attaches it:

- in front of the name: "Former Brazilian President Lucia Andrade", "Sen. Kay Roe";
- apposition: "Roe, the defense minister of Chile,", "Roe, a lawyer for the union,",
  "Norway's prime minister Erik Solvang" (the name in apposition to the title);
- a relative clause: "Roe, who is the mayor of Ashby,";
- "as": "As finance minister, Roe cut taxes".

``status``: "former" (former / ex- / late ..., or a term stated to have ended
before the article's year), "then" (then-: held at the time described, nothing
said about now), "current" (new / sitting / acting ...), "" (not said).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..lexicon import CURRENT_MODIFIERS, OFFICES, PAST_MODIFIERS, WEEKDAYS, country_of, normalise_office
from .model import PersonMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_people", "proper_names", "is_proper", "name_start", "title_before_of", "person_key", "office_regex",
           "is_person_noun", "title_of", "Title", "HONORIFICS",
           "name_tokens", "NAME"]

# A run of capitalised words (the units' crude ``names`` for matching; people come from the parse).
_PARTICLES = r"(?:de|da|del|van|von|bin|al|el|le|la|di|du|dos|ter)"
_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’-]*[a-zà-ÿ]|[A-Z]{2,}(?=\s[A-Z][a-z])|[A-Z]\.)"
NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_PARTICLES}(?=\s[A-Z])))" + "{0,3}"

# Abbreviated and spoken titles written before a surname: (office, gender the title states).
HONORIFICS = {"mr": ("", "m"), "mrs": ("", "f"), "ms": ("", "f"), "miss": ("", "f"), "mx": ("", ""),
              "dr": ("", ""), "prof": ("professor", ""), "sen": ("senator", ""), "rep": ("representative", ""),
              "gov": ("governor", ""), "gen": ("general", ""), "adm": ("admiral", ""), "pres": ("president", ""),
              "amb": ("ambassador", ""), "lt": ("", ""), "col": ("", ""), "sgt": ("", ""), "capt": ("", ""),
              "cmdr": ("", ""), "maj": ("", ""), "rev": ("", ""), "sir": ("", "m"), "dame": ("", "f"),
              "lord": ("", "m"), "lady": ("", "f"), "atty": ("attorney", ""), "supt": ("", "")}
# Nouns that name a person by what they do or are to someone. General English (job, family and public
# roles), used to tell "a spokeswoman for X" (a person) from "a statement by X"; the offices come from
# the lexicon. Nouns ending in -man/-woman/-person/-ist/-ian are taken as person nouns as well.
_PERSON_NOUNS = frozenset("""
leader spokesperson spokesman spokeswoman analyst economist professor researcher director official adviser
advisor lawyer attorney head founder expert scientist manager executive owner resident witness historian
strategist correspondent editor commentator diplomat negotiator organiser organizer aide counsel candidate
nominee lawmaker legislator member activist blogger host anchor author writer reporter judge justice officer
agent soldier veteran student teacher parent mother father daughter son wife husband sister brother widow
widower child uncle aunt niece nephew grandmother grandfather granddaughter grandson girlfriend boyfriend
supporter critic opponent friend colleague partner chief commissioner administrator coordinator inspector
investigator prosecutor deputy assistant staffer employee worker victim survivor donor operative pollster
consultant delegate chair president minister secretary governor mayor senator representative congressman
congresswoman ambassador envoy king queen prince princess emperor empress pope general admiral speaker
premier chancellor monarch sheriff coach player athlete doctor nurse physician surgeon pastor priest rabbi
imam bishop farmer owner ceo cfo chairman chairwoman chairperson trustee dean principal superintendent
publisher producer actor actress singer artist comedian journalist columnist photographer pilot captain
detective constable marshal sergeant lieutenant colonel major commander governor-general president-elect
man woman boy girl person people staffer protester demonstrator user customer patient neighbor neighbour
master councillor councilor councilman councilwoman alderman alderwoman assemblyman assemblywoman
engineer architect planner contractor builder designer clerk guard firefighter paramedic whip
""".split())
_FEMALE = frozenset("mother daughter wife sister widow aunt niece grandmother granddaughter girlfriend queen "
                    "princess empress actress duchess chairwoman congresswoman spokeswoman businesswoman".split())
_MALE = frozenset("father son husband brother widower uncle nephew grandfather grandson boyfriend king prince "
                  "emperor duke chairman congressman spokesman businessman".split())
_THEN = {"then", "then-"}
_YEAR_RANGE = re.compile(r"\b(?:(?:19|20)\d{2})\s*(?:-|–|to|until)\s*((?:19|20)\d{2})\b|\buntil\s((?:19|20)\d{2})\b")
# A word before an office that makes it another job ("press secretary" is not "secretary").
_JOB_QUALIFIERS = {"press", "deputy", "assistant", "under", "associate", "executive", "personal", "private",
                   "campaign", "communications", "principal", "permanent", "parliamentary", "general"}
_NOT_NAME_WORDS = {*WEEKDAYS, "god"}  # capitalised words a parser can take for a name


_DEPARTMENTS = ("foreign|defen[cs]e|finance|trade|interior|home|justice|health|education|energy|environment|"
                "agriculture|transport|economy|economic|labou?r|immigration|culture|tourism|climate|housing|"
                "treasury|commerce|industry|communications|digital|science|security|veterans|social|"
                "development|infrastructure|resources|mining|fisheries|women|youth|sport|police|war")
# 'Secretary of the Interior' is the 'interior secretary': one office, written two ways.
_OF_DEPARTMENT = re.compile(rf"\s+of\s+(?:the\s+)?({_DEPARTMENTS})\b", re.I)


@lru_cache(maxsize=1)
def office_regex() -> str:
    offices = sorted(OFFICES + ["pm", "p.m.", "minister of defense", "minister of defence",
                                "minister of foreign affairs"], key=len, reverse=True)
    departments = _DEPARTMENTS
    generic = rf"(?:{departments})(?:\s(?:affairs|and\s[a-z]+))?[\s-](?:minister|secretary)"
    return "(?:" + generic + "|" + "|".join(re.escape(o).replace(r"\ ", r"[\s-]") for o in offices) + ")"


@lru_cache(maxsize=1)
def _office_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?i:{office_regex()})(?![\w-])")  # 'ex-president' holds 'president'


def person_key(name: str) -> str:
    """The surname, lower case: 'Marisol J. Ferreyra' -> 'ferreyra'."""
    tokens = [t for t in re.split(r"\s+", name.strip())
              if t and not re.fullmatch(r"[A-Z]\.|jr\.?|sr\.?|ii|iii", t, re.I)]
    return tokens[-1].lower().strip(".,'’") if tokens else ""


def is_person_noun(token: Token) -> bool:
    """A common noun that names a person ('spokeswoman', 'official', 'congressman', 'economist')."""
    lemma = token.lemma_.lower()
    word = token.text.lower()
    if lemma in _PERSON_NOUNS or word in _PERSON_NOUNS or _office_pattern().fullmatch(word):
        return True
    if not token.text.islower():  # 'Oldman', 'Hartman': surnames, not '-man' nouns
        return False
    return len(word) > 5 and (word.endswith(("man", "woman", "person", "ist", "ists", "ian", "ians"))
                              and not word.endswith(("human", "german", "roman")))


def _honorific(token: Token) -> tuple[str, str] | None:
    return HONORIFICS.get(token.text.lower().rstrip("."))


class Title:
    """What a run of words before a name, or an appositive noun phrase, says about a person."""

    __slots__ = ("office", "role", "country", "status", "gender", "text")

    def __init__(self) -> None:
        self.office = self.role = self.status = self.gender = self.text = ""
        self.country: str | None = None

    def __bool__(self) -> bool:
        return bool(self.office or self.role or self.gender)


def title_of(tokens: list[Token], year: int | None = None, tail: Sequence[Token] = ()) -> Title:
    """Office, role, country, status and gender stated by a title: ``tokens`` are the words up to its
    head noun ('Former U.S. President', "Norway's new prime minister"), ``tail`` what follows the
    head ('of Chile', 'from 2000 to 2006'), read only for a country and an end year."""
    title = Title()
    if not tokens:
        return title
    doc = tokens[0].doc
    last = (list(tail) or tokens)[-1]
    title.text = doc[tokens[0].i:last.i + 1].text
    _office_in(title, tokens)
    _role_in(title, tokens)
    for token in tokens:
        honorific = _honorific(token) if token.pos_ == "PROPN" or token.text.endswith(".") else None
        if honorific:
            title.office = title.office or honorific[0]
            title.gender = title.gender or honorific[1]
        if not token.ent_type_:  # 'New' of 'New Zealand' is not a modifier
            title.status = _status_word(token.text.lower(), title.status)
    title.country = _country_in(tokens) or _country_in([t for t in tail if t.head.text.lower() == "of"])
    if not title.gender:
        title.gender = _gender_of_role(title.role)
    ended = _YEAR_RANGE.search(" ".join(t.text for t in tail))
    if year and ended and int(ended.group(1) or ended.group(2)) < year:
        title.status = "former"
    return title


def _country_in(tokens: list[Token]) -> str | None:
    """The country named in the phrase nearest its end: a place or nationality ('U.S.', 'New Zealand',
    "Norway's")."""
    for token in reversed(tokens):
        if token.ent_type_ in ("GPE", "NORP"):
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            code = country_of(ent.text if ent is not None else token.text)
            if code:
                return code
        elif token.dep_ == "poss" and country_of(token.text):
            return country_of(token.text)
    return None


def _status_word(low: str, status: str) -> str:
    if status == "former":
        return status
    if low in _THEN:
        return "then"
    if low in PAST_MODIFIERS or low.rstrip("-") in {m.rstrip("-") for m in PAST_MODIFIERS}:
        return "former"
    if low in CURRENT_MODIFIERS and not status:
        return "current"
    return status


def _office_in(title: Title, tokens: list[Token]) -> None:
    """The office nearest the end of the phrase, unless a qualifier makes it another job."""
    doc = tokens[0].doc
    base = tokens[0].idx
    text = doc.text[base:tokens[-1].idx + len(tokens[-1].text)]
    matches = list(_office_pattern().finditer(text))
    if not matches:
        return
    match = matches[-1]
    before = text[:match.start()].split()
    if before and before[-1].lower() in _JOB_QUALIFIERS and " " not in match.group(0):
        return
    title.office = normalise_office(match.group(0))
    department = _OF_DEPARTMENT.match(text, match.end())
    if department and title.office in ("secretary", "minister"):
        title.office = normalise_office(f"{department.group(1)} {title.office}")


def _role_in(title: Title, tokens: list[Token]) -> None:
    """The person noun heading the phrase with its noun modifiers ('press secretary', 'spokeswoman'),
    without the names of places and organisations in front ('White House', 'New Zealand')."""
    heads = [t for t in tokens if t.pos_ in ("NOUN", "PROPN") and is_person_noun(t) and not _honorific(t)]
    if not heads:
        return
    head = heads[-1]
    if title.office and {head.text.lower(), head.lemma_.lower()} & set(title.office.split()):
        title.role = title.office
        return
    words = [head]
    i = head.i - 1
    while i >= tokens[0].i and head.doc[i].dep_ == "compound" and head.doc[i].pos_ in ("NOUN", "PROPN") \
            and not head.doc[i].ent_type_:
        words.insert(0, head.doc[i])
        i -= 1
    title.role = " ".join(w.text.lower() for w in words)


def _gender_of_role(role: str) -> str:
    last = role.split()[-1] if role else ""
    if last in _FEMALE or last.endswith("woman"):
        return "f"
    if last in _MALE or (last.endswith("man") and last not in {"human", "german", "roman"}):
        return "m"
    return ""


# -- names ------------------------------------------------------------------------------------------------
def name_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A name span without titles, honorifics, determiners in front or a possessive at the end."""
    while start < end and _not_part_of_name(doc[start]):
        start += 1
    while end > start and (doc[end - 1].dep_ == "case" or doc[end - 1].is_punct
                           or doc[end - 1].text in ("'s", "’s", "'", "’")):
        end -= 1
    return start, end


def _not_part_of_name(token: Token) -> bool:
    low = token.text.lower()
    return (token.is_punct or token.pos_ in ("DET", "ADP", "PRON", "ADJ", "NUM", "CCONJ", "ADV", "PART")
            or _honorific(token) is not None or bool(_office_pattern().fullmatch(low))
            or low in _NOT_NAME_WORDS or is_person_noun(token)
            or (country_of(token.text) is not None and token.i + 1 < len(token.doc)
                and token.doc[token.i + 1].pos_ == "PROPN"))


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    words = [t for t in doc[start:end]]
    if not words or any(not t.text[:1].isupper() for t in words if t.text not in ("-", "'", "’")):
        return False
    text = doc[start:end].text
    return (not country_of(text) and text.lower() not in _NOT_NAME_WORDS and any(t.is_alpha and len(t) > 1
                                                                                 for t in words))


def _person_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of the people named in a parsed sentence."""
    spans = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":  # a one-word entity with the words it left out ('Ana' of 'Ana Tui')
            first = name_start(doc[ent.end - 1]) if len(ent) == 1 else ent.start
            start, end = name_tokens(doc, min(ent.start, first), ent.end)
            if end > start and _looks_like_name(doc, start, end):
                spans.append((start, end))
    covered = {i for s, e in spans for i in range(s, e)}
    for start, end in proper_names(doc):
        if not covered.intersection(range(start, end)) and _marked_as_person(doc, start, doc[end - 1]):
            spans.append((start, end))
    return sorted(spans)


def proper_names(doc: Doc) -> list[tuple[int, int]]:
    """Token spans of capitalised proper-noun runs that could be names (titles and possessives
    trimmed), whether or not anything marks them as people."""
    out = []
    for token in doc:
        if not is_proper(token) or _inside_name(token):
            continue
        start, end = name_tokens(doc, name_start(token), token.i + 1)
        if end > start and _looks_like_name(doc, start, end):
            out.append((start, end))
    return out


def is_proper(token: Token) -> bool:
    """A proper noun, or a capitalised word after an honorific the tagger missed ('Ms. O’Neill')."""
    if token.pos_ == "PROPN":
        return True
    return token.text[:1].isupper() and token.pos_ == "NOUN" and any(
        c.dep_ == "compound" and _honorific(c) for c in token.children)


def _inside_name(token: Token) -> bool:
    """A proper noun that is part of a longer name (its head is the next proper noun of the name)."""
    return token.dep_ in ("compound", "flat") and token.head.pos_ == "PROPN" and token.head.i > token.i


def name_start(head: Token) -> int:
    """Where the name ending at ``head`` starts: the proper nouns compounded onto it, up to a title,
    an honorific or a word of another entity ('New Zealand Prime Minister | Ana Tui')."""
    doc, i = head.doc, head.i
    while i > 0:
        prev = doc[i - 1]
        if not (is_proper(prev) and prev.dep_ in ("compound", "flat")) or _honorific(prev) \
                or _office_pattern().fullmatch(prev.text.lower()) or is_person_noun(prev) \
                or (prev.ent_type_ and prev.ent_type_ != head.ent_type_) \
                or (i > 1 and doc[i - 2].pos_ in ("DET", "ADP")):  # 'Secretary of the Harbour | Lena Varga'
            break
        i -= 1
    return i


def _marked_as_person(doc: Doc, start: int, head: Token) -> bool:
    """The grammar says a proper noun names a person: a title before it, an appositive person noun,
    or it stands in apposition to one."""
    before = _own_front(doc, head.left_edge.i, start)
    if any(_honorific(t) or _office_pattern().fullmatch(t.text.lower()) or is_person_noun(t) for t in before):
        return True
    if title_before_of(head, start) is not None:
        return True
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and is_person_noun(head.head):
        return True
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and is_person_noun(c) for c in head.children):
        return True
    return bool(_as_title(head, None))


# -- titles attached to a name -----------------------------------------------------------------------------
def _attached_titles(doc: Doc, start: int, head: Token, year: int | None) -> list[tuple[str, Title]]:
    """(how, title) for each title the grammar attaches to the name ending at ``head``."""
    out = []
    front = _own_front(doc, head.left_edge.i, start)
    if front:
        out.append(("title", title_of(front, year)))
    of_title = title_before_of(head, start)
    if of_title is not None:
        out.append(("title", title_of(list(doc[of_title.left_edge.i:start]), year)))
    if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN") and is_person_noun(head.head):
        out.append(("appositive", _phrase_title(head.head, year, stop=head.i)))
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i and child.pos_ == "NOUN":
            out.append(("appositive", _phrase_title(child, year)))
        elif child.dep_ == "relcl":
            out.append(("relative", _relative_title(child, year)))
    out.append(("as", _as_title(head, year)))
    return [(how, t) for how, t in out if t]


def _own_front(doc: Doc, left: int, start: int) -> list[Token]:
    """The words in front of a name that belong to it: after the last conjunction, comma or other
    person's name ('U.S. President Ann Lee and | Japan's new Prime Minister | Kay Roe')."""
    cut = left
    for token in doc[left:start]:
        if token.pos_ == "CCONJ" or token.text in (",", ";", "(", ")") or token.ent_type_ == "PERSON":
            cut = token.i + 1
    while cut >= 2 and doc[cut - 1].text == "-" and doc[cut - 2].lower_ in ("ex", "then", "former"):
        cut -= 2  # 'Ex-President', parsed apart from the name
    return list(doc[cut:start])


def title_before_of(head: Token, start: int) -> Token | None:
    """'Secretary of the Harbour Lena Varga' parsed with the name as the object of 'of': the title
    noun the name is attached to that way (None when the name is not written so)."""
    prep = head.head
    if head.dep_ != "pobj" or prep.text.lower() != "of" or prep.head.i >= prep.i:
        return None
    title = prep.head
    between = head.doc[prep.i + 1:start]
    if not (is_person_noun(title) or _office_pattern().fullmatch(title.text.lower())):
        return None
    # the whole 'Y of Z' stands before a full name ('the Treasury | Maren Holt'); 'CEO of The Humane
    # Society' names no one
    named_after = any(t.pos_ != "DET" for t in between) and head.i - start >= 1
    return title if named_after and all(t.pos_ in ("DET", "PROPN", "NOUN") for t in between) else None


def _noun_phrase(noun: Token, stop: int | None = None) -> tuple[list[Token], list[Token]]:
    """A title noun phrase as (the noun with its left modifiers, its prepositions on the right): ('a
    spokesman', 'for the party'), ("Mexico's president", 'from 2000 to 2006'); up to ``stop``."""
    end = min(noun.right_edge.i + 1, stop if stop is not None else len(noun.doc))
    core = list(noun.doc[noun.left_edge.i:noun.i + 1])
    tail = []
    for child in noun.rights:
        if child.dep_ == "prep" and child.i < end:
            tail += [t for t in child.subtree if t.i < end]
    while tail and tail[-1].is_punct:
        tail.pop()
    return core, tail[:14]


def _phrase_title(noun: Token, year: int | None, stop: int | None = None) -> Title:
    if any(t.tag_ == "WP$" for t in noun.children):  # 'whose son': a relative clause, not a title
        return Title()
    core, tail = _noun_phrase(noun, stop)
    return title_of(core, year, tail)


def _relative_title(verb: Token, year: int | None) -> Title:
    """'X, who is the mayor of Ashby,': the attribute of 'be' in a relative clause on the name."""
    if verb.lemma_ != "be":
        return Title()
    attrs = [c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN" and is_person_noun(c)]
    if not attrs:
        return Title()
    title = _phrase_title(attrs[0], year)
    if verb.tag_ == "VBD" and title.status == "":
        title.status = "then"
    return title


def _as_title(head: Token, year: int | None) -> Title:
    """'As finance minister before becoming premier, X ...': the subject's role in an 'as' phrase."""
    if not head.dep_.startswith("nsubj"):
        return Title()
    for prep in head.head.children:
        if prep.dep_ == "prep" and prep.text.lower() == "as":
            nouns = [c for c in prep.children if c.dep_ == "pobj" and is_person_noun(c)]
            if nouns:
                title = _phrase_title(nouns[0], year)
                if any(t.lemma_ == "become" for t in prep.subtree):
                    title.status = "former"
                return title
    return Title()


# -- mentions ---------------------------------------------------------------------------------------------------
def find_people(sentence: str, offset: int = 0, doc: Doc | None = None, year: int | None = None) -> list[PersonMention]:
    """People named in one sentence, with the titles the grammar attaches to them, plus offices
    mentioned without a name ('the former president'); spans are shifted by ``offset``."""
    if doc is None:
        from .parse import parse_units

        doc = parse_units([sentence])[0]
    found = [_mention(doc, start, end, offset, year) for start, end in _person_spans(doc)]
    found += _title_only(doc, offset)
    return sorted(found, key=lambda p: p.start)


def _mention(doc: Doc, start: int, end: int, offset: int, year: int | None) -> PersonMention:
    span = doc[start:end]
    head = doc[end - 1]
    name = re.sub(r"\s+", " ", span.text)
    mention = PersonMention(offset + span.start_char, offset + span.end_char, name, person_key(name))
    titles = _attached_titles(doc, start, head, year)
    with_office = [(how, t) for how, t in titles if t.office]
    how, first = (with_office or [(h, t) for h, t in titles if t.role] or [("name", Title())])[0]
    mention.how = how
    mention.office, mention.country, mention.status = first.office, first.country, first.status
    mention.role = next((t.role for _, t in titles if t.role), "")
    mention.gender = next((t.gender for _, t in titles if t.gender), "")
    mention.country = mention.country or next((t.country for _, t in titles if t.country), None)
    mention.descriptor = next((t.text for h, t in titles if h in ("appositive", "relative")), "")
    return mention


def _title_only(doc: Doc, offset: int) -> list[PersonMention]:
    """'the (former) president': an office with no name attached, kept to resolve speakers."""
    out = []
    for token in doc:
        if token.pos_ != "NOUN" or token.dep_ in ("compound", "amod"):
            continue
        if not any(c.dep_ == "det" and c.text.lower() == "the" for c in token.children):
            continue
        if any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in token.children):
            continue
        if token.dep_ == "appos" and token.head.pos_ == "PROPN":  # 'Tui, the president of Chile,'
            continue
        title = title_of(list(doc[token.left_edge.i:token.i + 1]))
        start = offset + doc[token.left_edge.i].idx
        if title.office:
            out.append(PersonMention(start, offset + token.idx + len(token.text), "", "", title.office,
                                     title.country, title.status, how="title-only", role=title.role))
    return out
