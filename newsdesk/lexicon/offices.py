"""Offices a person can hold, and the words that date a holder."""
from __future__ import annotations

# Offices a person can hold, normalised (lower case). Longer names first when matching.
# Source: the titles of heads of state and government, ministers, legislators, monarchs, judges,
# diplomats, military ranks and company heads as English-language news writes them. General: it is
# the closed set of public offices, not the offices of one story's people.
OFFICES = [
    "prime minister", "deputy prime minister", "vice president", "president", "president-elect",
    "chancellor", "premier", "governor-general", "governor general", "governor", "mayor",
    "secretary of state", "secretary-general", "secretary general", "defense secretary", "defence secretary",
    "foreign secretary", "home secretary", "treasury secretary", "commerce secretary", "secretary",
    "foreign minister", "defense minister", "defence minister", "finance minister", "trade minister",
    "interior minister", "economy minister", "health minister", "energy minister", "minister",
    "emperor", "empress", "king", "queen", "crown prince", "prince", "princess", "pope",
    "senator", "congressman", "congresswoman", "representative", "speaker", "ambassador", "envoy",
    "chief executive", "ceo", "chairman", "chairwoman", "chair", "chief justice", "general", "admiral",
    "supreme leader",
]
# Spelling and abbreviation variants of one office (British/American spelling, 'PM', word order).
OFFICE_ALIASES = {"pm": "prime minister", "p.m.": "prime minister", "defence minister": "defense minister",
                  "defence secretary": "defense secretary", "governor general": "governor-general",
                  "secretary general": "secretary-general", "minister of defense": "defense minister",
                  "minister of defence": "defense minister", "minister of foreign affairs": "foreign minister",
                  "chief executive officer": "chief executive", "ceo": "chief executive"}
# Words before an office that say whether the holder holds it now: English time modifiers of a title
# ('former', 'then-', 'incumbent'), a closed class.
PAST_MODIFIERS = {"former", "ex", "ex-", "late", "then", "then-", "previous", "erstwhile", "onetime", "one-time",
                  "predecessor"}
CURRENT_MODIFIERS = {"current", "sitting", "incumbent", "new", "newly", "newly-appointed", "newly appointed",
                     "newly-elected", "newly elected", "incoming", "acting", "interim", "serving"}


def normalise_office(text: str) -> str:
    """'Defence  Minister' -> 'defense minister': lower case, one space, one spelling."""
    office = " ".join(text.lower().replace("’", "'").split())
    return OFFICE_ALIASES.get(office, office)
