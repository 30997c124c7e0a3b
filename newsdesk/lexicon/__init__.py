"""The shared word tables: general English and world facts only, nothing about one story.

One module per kind of table, each saying where its words come from and why they are general:

- :mod:`.places` — countries (names, adjectives, capitals) and the places inside one country;
- :mod:`.offices` — offices a person can hold and the words that date a holder ('former');
- :mod:`.numbers` — number words and scale words ('two', 'dozen', 'bn');
- :mod:`.calendar` — month and weekday names, as lists and regex fragments;
- :mod:`.stopwords` — stop-word lists, one per way words are compared (they differ on purpose);
- :mod:`.marks` — list marks (bullets, '1.', '2)');
- :mod:`.measures` — words for the same measured thing ('defence'/'defense').

A new list belongs here, with its comment, not inside the module that first needs it.
"""
from __future__ import annotations

from .calendar import MONTHS, WEEKDAYS
from .numbers import NUMBER_WORDS, SCALES
from .offices import CURRENT_MODIFIERS, OFFICE_ALIASES, OFFICES, PAST_MODIFIERS, normalise_office
from .places import countries_in, country_of, country_pattern, country_words, region_pattern, region_terms

__all__ = ["CURRENT_MODIFIERS", "MONTHS", "NUMBER_WORDS", "OFFICES", "OFFICE_ALIASES", "PAST_MODIFIERS", "SCALES",
           "WEEKDAYS", "countries_in", "country_of", "country_pattern", "country_words", "normalise_office",
           "region_pattern", "region_terms"]
