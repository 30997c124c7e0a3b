"""Figures in a sentence: value, unit, scale, bounds, the year they refer to,
and the words that say what is measured."""
from __future__ import annotations

import re

from ..lexicon import NUMBER_WORDS, SCALES, country_of
from ..lexicon.calendar import MONTH_STEMS as _MONTHS
from ..lexicon.measures import MEASURE_SYNONYMS as _SYNONYMS
from ..lexicon.stopwords import FIGURE_STOP_WORDS as _STOP
from .model import Figure

__all__ = ["find_figures"]

_CURRENCY_SYMBOLS = {"us$": "USD", "u.s.$": "USD", "$": "USD", "nz$": "NZD", "a$": "AUD", "au$": "AUD",
                     "c$": "CAD", "ca$": "CAD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "€": "EUR",
                     "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                   "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "won": "KRW", "pesos": "MXN"}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len, reverse=True))
_SCALE = r"trillion|billion|million|thousand|bn|tn|mn|k|m|b"
_QUAL = (r"(?P<qual>approximately|about|around|roughly|some|nearly|almost|close to|over|more than|exceeding|"
         r"in excess of|above|at least|up to|less than|under|below|at most|just over|just under|upwards of)\s+")
_SYMBOL = r"(?P<sym>US\$|U\.S\.\s?\$|NZ\$|AU?\$|CA?\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₩)"
# '$5.6” billion': a quotation may close between the number and its scale
_MONEY = re.compile(rf"(?:{_QUAL})?{_SYMBOL}\s?(?P<num>{_NUM})(?:[”\"’]?\s?(?P<scale>{_SCALE})\b)?", re.I)
_MONEY_WORDS = re.compile(rf"(?:{_QUAL})?(?P<num>{_NUM})\s?(?P<scale>{_SCALE})?\s+"
                          rf"(?P<cur>{'|'.join(_CURRENCY_WORDS)})\b", re.I)
_PERCENT = re.compile(rf"(?<![\w./-])(?:{_QUAL})?(?P<num>{_NUM}|{_WORDNUM})(?:\s?%|\s+(?:per\s?cent|percent)\b)", re.I)
_COUNT = re.compile(rf"(?<![\w./-])(?:{_QUAL})?(?P<num>{_NUM})(?:\s(?P<scale>million|billion|thousand|trillion))?"
                    rf"\s+(?:(?:[A-Z]\.){{2,}}\s?|[A-Z][a-z]+(?:-[a-z]+)?\s)?(?P<noun>[a-z][a-z-]+)")
# '40-60 hours', '10–12 million people': a range written with a dash (a lower end first; '396-9' is a tally)
_DASH_RANGE = re.compile(rf"(?<![\w./-])(?:{_QUAL})?(?P<lo>{_NUM})\s?[-–]\s?(?P<num>{_NUM})"
                         rf"(?:\s(?P<scale>million|billion|thousand))?[\s-]+(?P<noun>[a-z][a-z-]+)")
# 'voted 396-9', 'a 5-4 ruling': a tally (for, against), written larger first; dates and ranges are not
_TALLY = re.compile(r"(?<![\w./$,-])(?P<num>\d{1,3})[-–](?P<against>\d{1,3})(?![\w%$,/-]|\.\d)")
_DURATION = re.compile(rf"(?<![\w./-])(?:{_QUAL})?(?P<num>{_NUM}|{_WORDNUM})\s+"
                       r"(?P<noun>hours?|days?|weeks?|months?|years?|decades?|minutes?)\b", re.I)
# '225-page report', '12-person task force', '40-hour course': a count written as a compound adjective
_COMPOUND_COUNT = re.compile(r"(?<![\w./-])(?P<num>\d{1,3}(?:,\d{3})*|\d+)-(?P<noun>[a-z]{3,})\b(?!-old)")
_AGE_COMPOUND = re.compile(rf"(?<![\w./-])(?P<num>\d{{1,3}}|{_WORDNUM})[- ]years?[- ]old\b", re.I)
_AGE = re.compile(r"(?<=[A-Za-z]), (?P<num>\d{2,3}),")
_YEAR_AFTER = re.compile(r"^[^|;,.]{0,40}?(?:\((?P<y1>(?:19|20)\d{2})\)"
                         r"|\b(?:in|for|during|as of [A-Za-z]+|by)\s+(?P<y2>(?:19|20)\d{2})\b)")
_PER_YEAR = re.compile(r"\b(annually|annual|a year|per year|each year|per annum|yearly)\b", re.I)
_NOT_COUNT_NOUNS = {"percent", "per", "years", "year", "days", "day", "hours", "hour", "minutes", "am", "pm",
                    "a.m", "p.m", "and", "or", "to", "of", "in", "on", "at", "the", "a", "an", "times", "points"}
_COUNTRY_PARTS = {"new", "zealand", "south", "north", "korea", "united", "states", "kingdom", "arabia", "africa"}


def _number(token: str) -> float | None:
    token = token.lower().replace(",", "")
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    try:
        return float(token)
    except ValueError:
        return None


def _bounds(qual: str | None, value: float) -> tuple[float | None, float | None]:
    q = (qual or "").lower()
    if q in ("over", "more than", "exceeding", "in excess of", "above", "at least", "just over", "upwards of"):
        return value, None
    if q in ("up to", "less than", "under", "below", "at most", "just under"):
        return None, value
    if q in ("nearly", "almost", "close to"):
        return value * 0.9, value
    if q in ("approximately", "about", "around", "roughly", "some"):
        spread = max(0.05 * value, _rounding(value))
        return value - spread, value + spread
    return value, value


def _rounding(value: float) -> float:
    """Half a unit of the last significant digit: 'about 400,000' spans 350,000-450,000,
    'about 1.6 million' 1.55-1.65 million, 'about 16' 15.5-16.5."""
    if value <= 0:
        return 0.0
    digits = f"{value:.6g}".replace(".", "").rstrip("0").lstrip("0") or "0"
    magnitude = 10 ** (len(f"{int(value)}") - len(digits)) if value >= 1 else 0.0
    return magnitude / 2


_MEASURE_BEFORE = re.compile(
    r"(?P<measure>[A-Za-z][\w\s'’-]{2,70}?)\s+(?:is|was|were|are|has been|have been|had been|reached|totall?ed|"
    r"stood at|stands at|came to|comes to|amounted to|amounts to|hit|rose to|fell to|grew to|climbed to|"
    r"dropped to|exceeded|exceeds|exceeding|topped|tops|worth|valued at|estimated at|put at|of|to)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|just|over|more than|less than|under|at least|up to)\s+)?$", re.I)
_MEASURE_AFTER = re.compile(r"^\s+(?:in|of|worth of|for|on)\s+(?P<measure>[A-Za-z][\w\s'’-]{2,50})")


def _terms(sentence: str, start: int, end: int) -> list[str]:
    """What the figure measures: the noun phrase it is said of ('two-way trade ... was worth X',
    'X in bilateral trade'), else the content words around it (this cell of a table row)."""
    left = sentence[max(0, start - 90):start].split("|")[-1]
    right = sentence[end:end + 70].split("|")[0]
    before, after = _MEASURE_BEFORE.search(left), _MEASURE_AFTER.match(right)
    if before and after and right.lstrip().startswith("of "):
        # 'raise defense spending to 2% of GDP': the measure, then its base
        words = _content(re.findall(r"[A-Za-z][A-Za-z-]+", before.group("measure")))[-3:]
        words += _content(re.findall(r"[A-Za-z][A-Za-z-]+", after.group("measure")))[:3]
        if words:
            return list(dict.fromkeys(words))
    measured = before or after
    if measured:
        words = _content(re.findall(r"[A-Za-z][A-Za-z-]+", measured.group("measure")))
        words = words[-4:] if measured.re is _MEASURE_BEFORE else words[:3]
        if words:
            return list(dict.fromkeys(words))
    before = _content(re.findall(r"[A-Za-z][A-Za-z-]+", left))[-4:]
    after = _content(re.findall(r"[A-Za-z][A-Za-z-]+", right))[:4]
    return list(dict.fromkeys(before + after))


def _content(words: list[str]) -> list[str]:
    out = []
    for word in words:
        w = _SYNONYMS.get(word.lower(), word.lower())
        if w == "gdp":
            out += ["gross", "domestic", "product"]
        elif (w not in _STOP and len(w) > 2 and w not in SCALES and not _PER_YEAR.fullmatch(w)
              and not re.fullmatch(f"(?:{_MONTHS})[a-z]*", w) and not country_of(w) and w not in _COUNTRY_PARTS):
            out.append(w)
    return out


def _context(sentence: str, end: int) -> tuple[int | None, bool]:
    year = _YEAR_AFTER.match(sentence[end:end + 30])
    per_year = bool(_PER_YEAR.search(sentence[max(0, end - 80):end + 30]))
    y = year and (year.group("y1") or year.group("y2"))
    return (int(y) if y else None), per_year


def _make(sentence: str, offset: int, m: re.Match, value: float, unit: str, family: str) -> Figure:
    scale = (m.groupdict().get("scale") or "").lower()
    if scale:
        value *= SCALES.get(scale, 1.0)
    low, high = _bounds(m.groupdict().get("qual"), value)
    year, per_year = _context(sentence, m.end())
    return Figure(offset + m.start(), offset + m.end(), m.group(0), value, unit, family, low, high, year,
                  per_year, _terms(sentence, m.start(), m.end()))


_CHANGE_BEFORE = re.compile(r"\b(by|up|down|rose|fell|grew|jumped|dropped|climbed|declined|gained|lost|slumped|surged)"
                            r"(\s+(about|around|nearly|almost|some|more than|over|roughly))?\s*$", re.I)
_CHANGE_AFTER = re.compile(r"^\s*(increase|rise|drop|fall|decline|jump|gain|growth|cut|reduction"
                           r"|higher|lower|more|less)\b", re.I)


def _is_change(sentence: str, m: re.Match) -> bool:
    """'rose by 18%', 'an 18% increase': a change, not a level like '2% of GDP'."""
    return bool(_CHANGE_BEFORE.search(sentence[max(0, m.start() - 30):m.start()])
                or _CHANGE_AFTER.match(sentence[m.end():m.end() + 20]))


_ANY_NUMBER = re.compile(rf"\d|\b(?:{_WORDNUM})\b", re.I)


def find_figures(sentence: str, offset: int = 0) -> list[Figure]:
    """Money, percentages and counted things in one sentence (offsets shifted by ``offset``)."""
    if not _ANY_NUMBER.search(sentence):
        return []
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(fig: Figure | None) -> None:
        if fig and not any(s < fig.end - offset and fig.start - offset < e for s, e in taken):
            taken.append((fig.start - offset, fig.end - offset))
            found.append(fig)

    for m in _MONEY.finditer(sentence):
        unit = _CURRENCY_SYMBOLS.get(m.group("sym").lower().replace(" ", ""), "USD")
        add(_make(sentence, offset, m, _number(m.group("num")) or 0.0, unit, "currency"))
    for m in _MONEY_WORDS.finditer(sentence):
        currency = _CURRENCY_WORDS[m.group("cur").lower()]
        add(_make(sentence, offset, m, _number(m.group("num")) or 0.0, currency, "currency"))
    for m in _PERCENT.finditer(sentence):
        value = _number(m.group("num"))
        if value is not None:
            unit = "% change" if _is_change(sentence, m) else "%"
            add(_make(sentence, offset, m, value, unit, "percent"))
    for m in _AGE_COMPOUND.finditer(sentence):  # 'a 6-year-old son', 'six years old'
        value = _number(m.group("num"))
        if value is not None:
            add(_make(sentence, offset, m, value, "years", "age"))
    for m in _DURATION.finditer(sentence):
        value = _number(m.group("num"))
        if value is not None and not _is_year_or_date(sentence, m, value):
            old = re.match(r"[\s-]*old\b", sentence[m.end():])  # '66 years old': an age
            add(_make(sentence, offset, m, value, "years" if old else m.group("noun").lower().rstrip("s"),
                      "age" if old else "duration"))
    for m in _AGE.finditer(sentence):
        add(_make(sentence, offset, m, float(m.group("num")), "years", "age"))
    for m in _TALLY.finditer(sentence):
        if int(m.group("num")) >= int(m.group("against")):
            add(_make(sentence, offset, m, float(m.group("num")), "tally", "tally"))
    for m in _DASH_RANGE.finditer(sentence):
        add(_dash_range(sentence, offset, m))
    for m in _COMPOUND_COUNT.finditer(sentence):
        noun = m.group("noun")
        duration = noun.rstrip("s") in ("hour", "day", "week", "month", "year", "decade", "minute")
        add(_make(sentence, offset, m, _number(m.group("num")) or 0.0, noun.rstrip("s") if duration else noun,
                  "duration" if duration else "count"))
    for m in _COUNT.finditer(sentence):
        add(_count(sentence, offset, m))
    return _merge_ranges(sentence, offset, sorted(found, key=lambda f: f.start))


_RANGE_BEFORE = re.compile(rf"(?:between\s+)?(?:{_SYMBOL}\s?)?(?P<num>{_NUM})(?:-(?=\s))?\s*(?:-|–|to|and)\s*$", re.I)


def _merge_ranges(sentence: str, offset: int, found: list[Figure]) -> list[Figure]:
    """'40 to 60 hours', '40-60 hours', '$800 to $1,000', 'between 5 and 7 percent': one figure with
    the two ends as its bounds (its value is the lower end)."""
    out: list[Figure] = []
    for fig in found:
        start = fig.start - offset
        if fig.text[:1].isdigit() or fig.text[:1] in "$€£¥":
            m = _RANGE_BEFORE.search(sentence[max(0, start - 30):start])
            low = _number(m.group("num")) if m else None
            if m and low is not None and low < _first_number(fig.text):
                begin = start - len(m.group(0))
                previous = out[-1] if out and out[-1].end - offset > begin else None
                if previous is None or previous.family == fig.family:
                    if previous is not None:
                        out.pop()
                        begin = min(begin, previous.start - offset)
                    scale = fig.value / (_first_number(fig.text) or 1)
                    out.append(_as_range(fig, low * scale, offset + begin, sentence, offset))
                    continue
        out.append(fig)
    return out


def _dash_range(sentence: str, offset: int, m: re.Match) -> Figure | None:
    low, high = _number(m.group("lo")), _number(m.group("num"))
    if low is None or high is None or low >= high:
        return None
    noun = m.group("noun").split("-")[0]
    duration = noun.rstrip("s") in ("hour", "day", "week", "month", "year", "decade", "minute")
    scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
    fig = _make(sentence, offset, m, high, noun.rstrip("s") if duration else noun, "duration" if duration else "count")
    fig.value, fig.low, fig.high = low * scale, low * scale, high * scale
    return fig


def _first_number(text: str) -> float:
    m = re.search(_NUM, text)
    return _number(m.group(0)) or 0.0 if m else 0.0


def _as_range(fig: Figure, low: float, start: int, sentence: str, offset: int) -> Figure:
    text = sentence[start - offset:fig.end - offset]
    return Figure(start, fig.end, text, low, fig.unit, fig.family, low, fig.high if fig.high is not None else fig.value,
                  fig.year, fig.per_year, fig.terms)


def _count(sentence: str, offset: int, m: re.Match) -> Figure | None:
    num = m.group("num")
    value = _number(num)
    noun = m.group("noun").split()[0].lower().rstrip(".")
    if value is None or noun in _NOT_COUNT_NOUNS or _is_year_or_date(sentence, m, value):
        return None
    if "," not in num and value < 10 and not m.group("scale"):
        return None  # "3 areas", "2 sides": small counts are rarely checkable figures
    return _make(sentence, offset, m, value, noun, "count")


def _is_year_or_date(sentence: str, m: re.Match, value: float) -> bool:
    num = m.group("num")
    if re.fullmatch(r"(19|20)\d{2}", num):
        return True
    before = sentence[max(0, m.start() - 12):m.start()].lower()
    return bool(re.search(rf"({_MONTHS})[a-z]*\.?\s*$", before)) or value <= 31 and bool(
        re.match(rf"\s*(st|nd|rd|th)?\s*(of\s+)?({_MONTHS})", sentence[m.end() - len(m.group('noun')) - 1:].lower()))
