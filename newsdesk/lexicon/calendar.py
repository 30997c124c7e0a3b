"""Month and weekday names of the Gregorian calendar, as words and regex fragments.

Source: the English calendar and the abbreviations news style uses ('Jan.', 'Sept.').
General: every date in English is written with these names; nothing here is about one story.
"""
from __future__ import annotations

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
# Three-letter stem of a month (and the style-guide 'sept') -> month number.
MONTH_NUMBER = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
# The short forms written with a dot ('Jan.', 'Sept.'): every stem but 'may' (May is never shortened, so
# 'May.' ends a sentence), capitalised as news style writes them.
MONTH_ABBREVIATIONS = tuple(stem.capitalize() for stem in MONTH_NUMBER if stem != "may")

# Regex fragments (no groups, no flags: callers add their own, usually re.I).
# A month's full name or abbreviation ('Sept', 'Sep', 'June', 'Jun'); callers add the optional dot.
MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
              r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# The three-letter stems as an alternation, for words that start with a month ('feb', 'february').
MONTH_STEMS = "|".join(m[:3] for m in MONTHS)
# A weekday's full name.
WEEKDAY_NAME = "(?:" + "|".join(WEEKDAYS) + ")"
# The abbreviations above as an alternation (case as written), for 'ends with an abbreviation' checks.
MONTH_ABBREVIATION = "(?:" + "|".join(MONTH_ABBREVIATIONS) + ")"


def month_number(token: str) -> int:
    """'Sept.' / 'september' / 'Sep' -> 9: the month a (lower-case) name or abbreviation names."""
    return MONTH_NUMBER["sept" if token.startswith("sept") else token[:3]]
