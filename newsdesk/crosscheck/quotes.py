"""The story's direct quotes for the report: every quotation of every article,
once per origin (copies of one wire story quote it once; two outlets quoting the
same words both keep theirs), with the speaker as the article resolved it and no
speaker (``None``) when the text does not say who spoke.

Attributed quotes come first, in story order, and words another outlet already
quoted come after the first time (the briefing's "Who said what" reads from the top).
"""
from __future__ import annotations

from ..textutil import normalise
from .model import Claim, QuoteItem
from .people import People

__all__ = ["story_quotes"]


def story_quotes(claims: list[Claim], people: People) -> list[QuoteItem]:
    """The quotes of a story's claims, deduplicated within each origin."""
    seen: set[tuple[str, str]] = set()
    first_origin: dict[str, str] = {}
    ranked = []
    for claim in claims:
        if claim.unit.kind == "clause":
            continue  # its sentence carries the same quotes
        for quote in claim.unit.quotes:
            words = normalise(quote.text)
            if (claim.origin, words) in seen:
                continue
            seen.add((claim.origin, words))
            repeat = first_origin.setdefault(words, claim.origin) != claim.origin
            item = QuoteItem(speaker_name(quote, people), quote.text, claim.article, quote.start, quote.end,
                             claim.source())
            ranked.append(((item.speaker is None, repeat), len(ranked), item))
    return [item for _, _, item in sorted(ranked, key=lambda r: (r[0], r[1]))]


def speaker_name(quote, people: People) -> str | None:
    """The speaker as the article resolved them; a person the article named only by surname gets the
    full name the story gives them elsewhere ('Roe' -> 'Kay Roe')."""
    if not quote.speaker:
        return None
    if quote.speaker_kind == "person" and quote.speaker_key and " " not in quote.speaker.strip():
        fuller = people.name(quote.speaker_key)
        if fuller.lower().split()[-1:] == [quote.speaker.lower()]:
            return fuller
    return quote.speaker
