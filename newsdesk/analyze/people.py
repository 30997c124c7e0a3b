"""People in a sentence with the office or role the text gives them:
"Former U.S. President X", "Japan's new prime minister X", "X, the defense
minister,", "As Japan's first female defense minister, X ...". Rule-based:
fast, and explicit about what was matched."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import CURRENT_MODIFIERS, OFFICES, PAST_MODIFIERS, country_of, normalise_office
from .model import PersonMention

__all__ = ["find_people", "person_key", "NAME", "office_regex"]

_PARTICLES = r"(?:de|da|del|van|von|bin|al|el|le|la|di|du|dos|ter)"
_NAME_TOKEN = r"(?:[A-Z][a-zà-ÿ'’-]*[a-zà-ÿ]|[A-Z]{2,}(?=\s[A-Z][a-z])|[A-Z]\.)"
NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_PARTICLES}(?=\s[A-Z])))" + "{0,3}"
_MODS = r"(?i:(?:former|ex-|late|then-|then|new|newly[- ]appointed|newly[- ]elected|newly[- ]installed|current|sitting|incumbent|incoming|outgoing|acting|interim|serving|first|female|male|youngest|oldest|longest-serving|conservative|liberal|embattled|popular|veteran|de facto)\s+)"
_ROLES = ("leader", "spokesperson", "spokesman", "spokeswoman", "analyst", "economist", "professor", "researcher",
          "director", "official", "adviser", "advisor", "lawyer", "attorney", "head", "founder", "expert",
          "scientist", "manager", "executive", "owner", "resident", "witness", "historian", "strategist",
          "correspondent", "editor", "commentator", "diplomat", "negotiator", "organiser", "organizer")
_NOT_NAMES = {"the", "a", "an", "and", "but", "he", "she", "they", "it", "his", "her", "their", "its", "this",
              "that", "on", "in", "at", "of", "for", "with", "after", "before", "while", "as", "when", "during",
              "both", "all", "some", "many", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "said", "says", "told", "met", "will", "would", "has", "had"}


@lru_cache(maxsize=1)
def office_regex() -> str:
    offices = sorted(OFFICES + ["pm", "p.m.", "minister of defense", "minister of defence",
                                "minister of foreign affairs"], key=len, reverse=True)
    departments = ("foreign|defen[cs]e|finance|trade|interior|home|justice|health|education|energy|environment|"
                   "agriculture|transport|economy|economic|labou?r|immigration|culture|tourism|climate|housing|"
                   "treasury|commerce|industry|communications|digital|science|security|veterans|social|"
                   "development|infrastructure|resources|mining|fisheries|women|youth|sport|police|war")
    generic = rf"(?:{departments})(?:\s(?:affairs|and\s[a-z]+))?[\s-](?:minister|secretary)"
    return "(?:" + generic + "|" + "|".join(re.escape(o).replace(r"\ ", r"[\s-]") for o in offices) + ")"


@lru_cache(maxsize=1)
def _role_regex() -> str:
    return "(?:" + office_regex() + "|" + "|".join(_ROLES) + ")"


_MOD_WORDS = {"former", "ex-", "late", "then-", "then", "new", "newly", "newly-appointed", "appointed",
              "newly-elected", "elected", "newly-installed", "installed", "current", "sitting", "incumbent", "incoming",
              "outgoing", "acting", "interim", "serving", "first", "female", "male", "youngest", "oldest",
              "longest-serving", "conservative", "liberal", "embattled", "popular", "veteran", "de", "facto"}
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their"}
_TAIL_TOKEN = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """Small patterns applied around each office word (fast: no scan of every position)."""
    return {
        "office": re.compile(rf"(?<![\w-])(?i:{_role_regex()})s?(?![\w-])"),
        "name_after": re.compile(rf"\s+(?P<name>{NAME})"),
        "appositive": re.compile(rf"(?P<name>{NAME}),\s+(?P<rest>(?:[\w'’.-]+\s+){{0,7}})$"),
        "as": re.compile(r"\b(?i:as)\s+(?P<rest>(?:[\w'’.-]+\s+){0,7})$"),
        "as_name": re.compile(rf"[^,]{{0,50}},\s+(?P<name>{NAME})"),
        "the": re.compile(r"\b(?i:the)\s+(?P<rest>(?:[\w'’.-]+\s+){0,5})$"),
        "desc_end": re.compile(r"[^,;.]{0,60}[,;.]"),
    }


def _tail(words: list[str]) -> tuple[list[str], str | None]:
    """Modifier words and a country at the end of ``words`` ('... Norway's new' / 'former U.S.')."""
    mods: list[str] = []
    country = None
    i = len(words)
    while i > 0:
        token = words[i - 1]
        low = token.lower()
        if low in _MOD_WORDS:
            mods.append(low)
            i -= 1
            continue
        if country is None:
            found = next(((n, c) for n in (3, 2, 1) if i - n >= 0
                          and (c := country_of(" ".join(words[i - n:i])))), None)
            if found:
                country = found[1]
                i -= found[0]
                continue
        break
    return mods, country


_CLAUSE_WORDS = {"who", "whom", "whose", "which", "that", "by", "of", "in", "with", "from", "for", "to", "was",
                 "is", "were", "are", "has", "had", "have", "said", "says", "and", "or", "but", "when", "after"}


def _describes(words: list[str]) -> bool:
    """'Name, the/her/Norway's ... <office>': an appositive, not a clause that mentions an office."""
    if not words:
        return True
    starts = words[0].lower() in _DETERMINERS or country_of(words[0]) or words[0].lower() in _MOD_WORDS
    return bool(starts) and not any(w.lower() in _CLAUSE_WORDS for w in words)


def _head(words: list[str]) -> tuple[list[str], str | None]:
    """Determiner, country and modifiers at the start of ``words`` ("Norway's first female")."""
    i = 1 if words and words[0].lower() in _DETERMINERS else 0
    country = None
    for n in (3, 2, 1):
        if i + n <= len(words) and (c := country_of(" ".join(words[i:i + n]))):
            country, i = c, i + n
            break
    return [w.lower() for w in words[i:]], country


def person_key(name: str) -> str:
    """The surname, lower case: 'Marisol J. Ferreyra' -> 'ferreyra'."""
    tokens = [t for t in re.split(r"\s+", name.strip()) if t and not re.fullmatch(r"[A-Z]\.|jr\.?|sr\.?|ii|iii", t, re.I)]
    return tokens[-1].lower().strip(".,'’") if tokens else ""


def _clean_name(raw: str) -> str:
    name = re.sub(r"['’]s$", "", raw.strip())
    tokens = name.split()
    while tokens and tokens[-1].lower() in _NOT_NAMES:
        tokens.pop()
    while tokens and (tokens[0].lower() in _NOT_NAMES or country_of(tokens[0])):
        tokens.pop(0)
    return " ".join(tokens)


def _status(*modifier_groups: str | None) -> str:
    words = " ".join(m or "" for m in modifier_groups).lower().replace("-", " ").split()
    if any(w.rstrip("-") in {m.rstrip("-") for m in PAST_MODIFIERS} for w in words):
        return "former"
    if any(w in CURRENT_MODIFIERS for w in words):
        return "current"
    return ""


def find_people(sentence: str, offset: int = 0) -> list[PersonMention]:
    """People with offices or roles in one sentence; spans are shifted by ``offset``."""
    pats = _patterns()
    found: list[PersonMention] = []
    for office in pats["office"].finditer(sentence):
        left = sentence[max(0, office.start() - 80):office.start()]
        right = sentence[office.end():]
        found.extend(_readings(sentence, office, left, right, offset, pats))
    return _dedupe(found)


def _readings(sentence, office, left, right, offset, pats) -> list[PersonMention]:
    word = normalise_office(office.group(0).rstrip("s") if office.group(0).lower().endswith("s")
                            and office.group(0).lower().rstrip("s") in _ROLES else office.group(0))
    is_role = word in _ROLES
    first, _, rest = word.partition(" ")
    stated_country = country_of(first) if rest else None
    if stated_country:
        word = normalise_office(rest)
    base = office.start() - len(left)
    out = []
    name = pats["name_after"].match(right)
    if name and not is_role:
        mods, country = _tail(_TAIL_TOKEN.findall(left[-60:]))
        out.append(_mention(name.group("name"), office.end() + name.start("name"), offset, word,
                            stated_country or country, _status(" ".join(mods)), "title"))
    appositive = pats["appositive"].search(left)
    desc_end = pats["desc_end"].match(right)
    if appositive and desc_end and _describes(_TAIL_TOKEN.findall(appositive.group("rest"))):
        mods, country = _head(_TAIL_TOKEN.findall(appositive.group("rest")))
        desc = sentence[base + appositive.end("name") + 1:office.end() + desc_end.end() - 1].strip()
        out.append(_mention(appositive.group("name"), base + appositive.start("name"), offset,
                            "" if is_role else word, stated_country or country, _status(" ".join(mods)),
                            "appositive", desc))
    as_match = pats["as"].search(left)
    as_name = pats["as_name"].match(right)
    if as_match and as_name and not is_role:
        mods, country = _head(_TAIL_TOKEN.findall(as_match.group("rest")))
        status = "former" if "becom" in as_name.group(0).lower() else _status(" ".join(mods))
        out.append(_mention(as_name.group("name"), office.end() + as_name.start("name"), offset, word,
                            stated_country or country, status, "as"))
    the = pats["the"].search(left)
    if the and not name and not is_role:
        mods, country = _head(["the"] + _TAIL_TOKEN.findall(the.group("rest")))
        if all(m in _MOD_WORDS for m in mods):
            out.append(PersonMention(offset + base + the.start(), offset + office.end(), "", "", word,
                                     stated_country or country, _status(" ".join(mods)), how="title-only"))
    return [p for p in out if p is not None]


def _mention(raw_name, start, offset, office, country, status, how, desc="") -> PersonMention | None:
    name = _clean_name(raw_name)
    if not name or name.lower() in _NOT_NAMES or country_of(name):
        return None
    shift = raw_name.find(name.split()[0]) if name else 0
    begin = offset + start + max(shift, 0)
    return PersonMention(begin, begin + len(name), name, person_key(name), office, country, status, desc, how)


def _dedupe(found: list[PersonMention]) -> list[PersonMention]:
    """One mention per name span: the richest reading wins."""
    best: dict[tuple[int, str], PersonMention] = {}
    for p in found:
        key = (p.start, p.key)
        old = best.get(key)
        if old is None or (p.country and not old.country) or (p.status and not old.status):
            best[key] = p
    return sorted(best.values(), key=lambda p: p.start)
