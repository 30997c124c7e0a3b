"""A synthetic news corpus for speed and scale benchmarks: N distinct articles over M days.

    from synthetic import generate
    records = generate(5000, days=60, seed=1)   # list of JSONL-ready dicts

Everything is invented here, from syllables and sentence patterns: people,
places, organisations, events and wording. Each event (an earthquake, a trade
deal, a court ruling, a match, ...) gets its own people, place, organisation,
figures and day; it is covered by one to a dozen articles published within a
few days, each written independently (its own choice and order of sentences,
its own filler), so no two articles are copies (word 3-shingle Jaccard well
under the copy threshold). Records carry ``id``, ``title``, ``text``, ``url``,
``date``, ``source`` and the gold ``event``. Same arguments, same corpus.
"""
from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta

__all__ = ["generate"]

_ONSETS = "b br c ch d dr f g gr h j k kl l m n p pr r s sh st t tr v w z".split()
_VOWELS = "a e i o u ai ea io ou".split()
_CODAS = ["", "", "n", "r", "s", "l", "m", "nd", "rt", "sk", "th"]

_KINDS = {
    "quake": ("A magnitude {fig1} earthquake struck {place} on {weekday}, damaging {fig2} buildings",
              ["Rescue teams from {org} searched collapsed homes through the night.",
               "{person} said the shaking lasted nearly a minute and cracked the main bridge.",
               "Aftershocks kept residents of {place} outdoors as officials counted the damage.",
               "The {org} said {fig3} people were treated for injuries in local hospitals."]),
    "deal": ("{person} signed a {fig1} billion trade agreement with {org} in {place}",
             ["The agreement cuts tariffs on machinery and farm goods over {fig3} years.",
              "{person} called the deal a turning point for exporters in {place}.",
              "Critics at {org} warned that small producers would lose their protection.",
              "Negotiators met {fig2} times before the final text was agreed on {weekday}."]),
    "court": ("A court in {place} ruled against {org} in a case brought by {person}",
              ["The judges ordered {org} to pay {fig1} million in damages within {fig3} days.",
               "{person} told reporters outside the court that the ruling ended a long fight.",
               "Lawyers for {org} said they would appeal the decision on {weekday}.",
               "The case turned on {fig2} internal emails that were read aloud at the hearing."]),
    "match": ("{place} beat {org} {fig3}-{fig2} as {person} scored twice in the final",
              ["{person} opened the scoring early and added a second goal after the break.",
               "A crowd of {fig1} thousand filled the stadium in {place} on {weekday}.",
               "The coach of {org} blamed tired legs and a crowded schedule for the defeat.",
               "The win gives {place} its first title in {fig2} seasons."]),
    "storm": ("Storm flooding cut power to {fig1} thousand homes across {place}",
              ["Rivers in {place} rose {fig3} metres overnight and closed the coastal road.",
               "{person} of {org} said crews would work through {weekday} to restore power.",
               "Schools stayed shut while {fig2} families moved to emergency shelters.",
               "Forecasters at {org} expect more rain before the weekend."]),
    "election": ("{person} won the mayoral election in {place} with {fig3} percent of the vote",
                 ["Turnout reached {fig2} percent, the highest in a generation in {place}.",
                  "{person} promised cheaper buses and new housing in the first hundred days.",
                  "The candidate backed by {org} conceded defeat late on {weekday}.",
                  "Counting took {fig1} hours after a recount in two districts."]),
    "earnings": ("{org} reported profit of {fig1} million as sales in {place} grew",
                 ["Chief executive {person} said demand stayed strong despite higher costs.",
                  "Shares of {org} rose {fig3} percent in early trading on {weekday}.",
                  "The company plans to hire {fig2} workers at its plant in {place}.",
                  "Analysts had expected weaker results after a slow winter."]),
    "protest": ("Thousands marched in {place} against a plan by {org} to close {fig2} clinics",
                ["Organisers led by {person} said {fig1} thousand people joined the march.",
                 "Police in {place} closed the central square for most of {weekday}.",
                 "{org} said the clinics were too costly and that services would move online.",
                 "Nurses handed out leaflets listing {fig3} demands to the city council."]),
}
_FILLER = ["Officials said more details would be released later in the week.",
           "Local radio carried live updates throughout the day.",
           "Residents described a tense and uncertain mood in the streets.",
           "The story drew wide attention on social media within hours.",
           "Several regional newspapers ran the news on their front pages.",
           "Neighbouring towns offered help and supplies.",
           "An earlier report had given a smaller figure.",
           "Observers expect the issue to come up again at the next council meeting.",
           "The ministry declined to comment on the record.",
           "Economists said the longer-term effects remain hard to judge."]
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_OUTLETS = [f"{w} {k}" for w in ("Northern", "Harbour", "Valley", "Capital", "Coastal", "Metro", "Evening", "Daily")
            for k in ("Post", "Herald", "Courier", "Ledger", "Times")]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))


def _name(rng: random.Random) -> str:
    return f"{_word(rng, 2).title()} {_word(rng, rng.choice((2, 3))).title()}"


def _event(rng: random.Random, number: int, days: int, start: date) -> dict:
    kind = rng.choice(sorted(_KINDS))
    return {"id": f"e{number:05d}", "kind": kind, "person": _name(rng), "place": _word(rng, 3).title(),
            "org": f"{_word(rng, 2).title()} {rng.choice(['Group', 'Council', 'Institute', 'United', 'Agency'])}",
            "fig1": str(rng.randint(12, 950)), "fig2": str(rng.randint(2, 90)), "fig3": str(rng.randint(2, 9)),
            "day": start + timedelta(days=rng.randrange(max(1, days)))}


def _article(rng: random.Random, event: dict, number: int) -> dict:
    headline, facts = _KINDS[event["kind"]]
    day = event["day"] + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
    slots = {**event, "weekday": _WEEKDAYS[event["day"].weekday()]}
    lead = headline.format(**slots) + "."
    body = [s.format(**slots) for s in rng.sample(facts, k=rng.randint(3, len(facts)))]
    body += rng.sample(_FILLER, k=rng.randint(2, 4))
    body += [_chatter(rng) for _ in range(rng.randint(8, 14))]  # each article's own wording
    rng.shuffle(body)
    paragraphs = [lead + " " + body[0]] + [" ".join(body[i:i + 2]) for i in range(1, len(body), 2)]
    outlet = rng.choice(_OUTLETS)
    return {"id": f"a{number:07d}", "title": headline.format(**slots), "text": "\n".join(paragraphs),
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{event['id']}/{number}",
            "date": f"{day.isoformat()}T{rng.randint(5, 22):02d}:{rng.randint(0, 59):02d}:00Z",
            "source": outlet, "event": event["id"]}


def _chatter(rng: random.Random) -> str:
    """A sentence of invented words: what makes each article's wording its own."""
    words = [_word(rng, rng.choice((1, 2))) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def generate(n: int, days: int = 60, seed: int = 1) -> list[dict]:
    """``n`` distinct articles about invented events spread over ``days`` days (deterministic)."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    records: list[dict] = []
    events = 0
    while len(records) < n:
        event = _event(rng, events, days, start)
        events += 1
        for _ in range(min(n - len(records), 1 + int(rng.expovariate(1 / 3.0)))):
            records.append(_article(rng, event, len(records)))
    return sorted(records, key=lambda r: r["date"])


if __name__ == "__main__":  # python benchmarks/synthetic.py N [DAYS] [SEED] > corpus.jsonl
    args = [int(a) for a in sys.argv[1:4]]
    for record in generate(*args):
        print(json.dumps(record))
