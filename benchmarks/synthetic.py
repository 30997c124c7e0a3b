"""A synthetic news stream for scale benchmarks: invented events, people, places and outlets.

    from synthetic import generate
    records = generate(20_000, days=60, seed=0)   # list of dicts, in publish order

Each record has ``id``, ``title``, ``text``, ``date`` (ISO publish time), ``source``,
``url`` and ``event`` (the event it reports, for scoring). Nothing here comes from
real reporting: names are built from syllables, sentences from templates written
for this file. What the stream is meant to exercise:

* many events a day of a few kinds (quakes, resignations, matches, mergers,
  arrests, summits, strikes, fires, verdicts, launches), so that reports of
  different events of one kind share most of their words;
* the same people, companies and places in several events, weeks apart
  (a minister who resigns in March was at a summit in January);
* several outlets per event, each with its own wording, order and background,
  some coverage days later (follow-ups), and ~8% near-copies of another outlet's
  text (a wire story with a changed sentence);
* a long tail: most events get one to three articles, a few get dozens.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

__all__ = ["generate"]

_SYLLABLES = ("ka ri mo ta lu ve sen dor bra li na fe go zu pel mar tin os ar el vi ro sa de ni ul "
              "bren cas dal fen hol jor kel lom mun nor pas quin rav sol tor ush val wen yor zan").split()
_PLACE_ENDINGS = ("burg", "ford", "vik", "stad", "mouth", "heim", "polis", "dale", "port", "field")
_ROLES = ("prime minister", "finance minister", "interior minister", "mayor", "governor", "chief executive",
          "central bank governor", "party leader", "coach", "union leader", "police chief", "health minister")
_OUTLETS = [f"The {w} {k}" for w in ("Northern", "Coastal", "Daily", "Evening", "Capital", "Valley", "Harbour",
                                     "Morning", "National", "Metro") for k in ("Herald", "Courier", "Post", "Times")]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class _World:
    people: list[tuple[str, str]]  # (full name, role)
    places: list[str]
    companies: list[str]
    teams: list[str]


def _world(rng: random.Random, events: int) -> _World:
    """People, places, companies and teams for ``events`` events: each person is in about two
    events, each place in about six (so a name recurs, mostly weeks apart, in other events)."""
    people = [(f"{_word(rng, 2)} {_word(rng, rng.choice((2, 3)))}", rng.choice(_ROLES))
              for _ in range(max(40, events))]
    places = [_word(rng, 2) + rng.choice(_PLACE_ENDINGS) for _ in range(max(20, events // 3))]
    companies = [f"{_word(rng, 2)} {rng.choice(('Holdings', 'Group', 'Energy', 'Motors', 'Bank', 'Telecom'))}"
                 for _ in range(max(15, events // 8))]
    teams = [f"{rng.choice(places)} {rng.choice(('United', 'Rovers', 'City', 'Athletic', 'Wanderers'))}"
             for _ in range(max(10, events // 12))]
    return _World(people, places, companies, teams)


# -- event kinds: facts, then sentences that can tell them -------------------------------------------
def _facts(kind: str, rng: random.Random, world: _World) -> dict:
    person, role = rng.choice(world.people)
    other, other_role = rng.choice(world.people)
    return {"kind": kind, "person": person, "role": role, "other": other, "other_role": other_role,
            "place": rng.choice(world.places), "company": rng.choice(world.companies),
            "company2": rng.choice(world.companies), "team": rng.choice(world.teams),
            "team2": rng.choice(world.teams), "n": rng.randint(3, 4800), "m": rng.randint(2, 900),
            "mag": f"{rng.uniform(4.1, 7.9):.1f}", "amount": f"{rng.randint(2, 950)}.{rng.randint(1, 9)}",
            "score": f"{rng.randint(0, 5)}-{rng.randint(0, 5)}", "pct": rng.randint(12, 71),
            "weekday": rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
            **{f"d{i}": word.replace("_", " ") for i, word in enumerate(rng.sample(_PARTICULARS, 4), 1)}}


_TITLES = {
    "quake": ["Magnitude {mag} earthquake shakes {place}", "{n} dead after quake near {place}",
              "Rescuers search rubble after {place} earthquake"],
    "resign": ["{person} resigns as {role}", "{role} {person} steps down", "{person} quits after pressure mounts"],
    "match": ["{team} beat {team2} {score}", "{team2} fall to {team} in {place}", "{team} edge past {team2}"],
    "merger": ["{company} to buy {company2} for {amount} billion", "{company} agrees {amount} billion deal",
               "{company2} accepts takeover by {company}"],
    "arrest": ["{person} arrested in {place}", "Police detain {person} over fraud claims",
               "{person} held after raid in {place}"],
    "summit": ["{person} and {other} meet in {place}", "{place} summit: {person} hosts {other}",
               "Leaders agree trade steps at {place} talks"],
    "strike": ["{m} thousand workers strike at {company}", "Strike halts {company} plants",
               "{company} staff walk out over pay"],
    "fire": ["Fire destroys warehouse in {place}", "{n} evacuated as blaze hits {place}",
             "Firefighters battle {place} factory fire"],
    "verdict": ["{person} found guilty of bribery", "Court convicts {person} in {place}",
                "{person} sentenced to {m} months"],
    "launch": ["{company} unveils new phone", "{company} launches {amount} billion network",
               "{company} bets on new battery plant in {place}"],
}
_SENTENCES = {
    "quake": ["A magnitude {mag} earthquake struck near {place} on {weekday}, killing at least {n} people.",
              "The quake hit at a depth of {m} kilometres, the geological survey said.",
              "Rescue teams in {place} searched collapsed buildings through the night.",
              "{role} {person} visited the damaged districts and promised rebuilding funds.",
              "Aftershocks continued to rattle {place}, where {n} deaths have been confirmed."],
    "resign": ["{role} {person} resigned on {weekday} after weeks of criticism.",
               "{person} said in a statement that leaving was the right decision for the country.",
               "The resignation follows a dispute with {other}, the {other_role}.",
               "Colleagues described {person} as a careful administrator who had lost the support of allies.",
               "{person} will leave office at the end of the month, officials said."],
    "match": ["{team} beat {team2} {score} in {place} on {weekday}.",
              "The result lifts {team} to within {m} points of the top of the table.",
              "Coach {person} praised the defence after the {score} win.",
              "{team2} had led early before conceding twice after the break.",
              "A crowd of {n} thousand watched the match in {place}."],
    "merger": ["{company} agreed on {weekday} to buy {company2} for {amount} billion dollars.",
               "The deal, the largest in the sector this year, still needs approval from regulators.",
               "Chief executive {person} said the merger would save {m} million a year.",
               "Shares of {company2} rose {pct} percent after the announcement.",
               "Unions at {company2} asked for guarantees on jobs in {place}."],
    "arrest": ["Police arrested {person} in {place} on {weekday} on suspicion of fraud.",
               "Investigators searched {m} properties linked to {person}, prosecutors said.",
               "{person}, a former {role}, denies wrongdoing, a lawyer said.",
               "The arrest follows an inquiry into contracts worth {amount} million.",
               "{person} is expected to appear before a judge in {place} this week."],
    "summit": ["{person} and {other} met in {place} on {weekday} for talks on trade and energy.",
               "The two leaders signed {m} agreements, including a pact on ports.",
               "{other}, the {other_role}, called the meeting a new beginning.",
               "Protesters gathered outside the conference hall in {place}.",
               "{person} invited {other} to a second round of talks next year."],
    "strike": ["About {m} thousand workers at {company} went on strike on {weekday} over pay.",
               "Union leader {person} said the walkout would last until the company raised wages by {pct} percent.",
               "{company} said production at its {place} plant had stopped.",
               "Talks between the union and management broke down late on {weekday}.",
               "The strike is the largest at {company} in a decade."],
    "fire": ["A fire destroyed a warehouse in {place} on {weekday}, forcing {n} people to leave their homes.",
             "More than {m} firefighters fought the blaze through the night.",
             "Police said the cause of the fire was not yet known.",
             "Mayor {person} said the families would be housed in schools.",
             "Smoke from the {place} fire could be seen across the region."],
    "verdict": ["A court in {place} found {person} guilty of bribery on {weekday}.",
                "{person} was sentenced to {m} months in prison and fined {amount} million.",
                "Prosecutors said {person} took payments from {company}.",
                "The defence said it would appeal the verdict.",
                "{person} served as {role} before the scandal."],
    "launch": ["{company} unveiled a new product on {weekday} at an event in {place}.",
               "Chief executive {person} said the company had invested {amount} billion in the project.",
               "Analysts expect {company} to sell {m} million units in the first year.",
               "Rival {company2} is due to present its own model next month.",
               "The launch sent {company} shares up {pct} percent."],
}
_BACKGROUND = ["Officials have not yet published a full account of what happened.",
               "The government is under pressure ahead of elections next year.",
               "Analysts said the news could weigh on markets in the region.",
               "Residents told reporters they had expected trouble for some time.",
               "Further details are expected to be released later this week.",
               "The opposition called for an independent review.",
               "Economists have warned of slowing growth in the region.",
               "Critics said the response had been too slow."]
_CONTEXT = (("Analysts", "Officials", "Residents", "Economists", "Opposition lawmakers", "Local leaders",
             "Business groups", "Diplomats"),
            ("said", "warned", "argued", "noted", "suggested", "cautioned"),
            ("the decision", "the events", "the situation", "the news", "the episode", "the outcome"),
            ("could", "would", "might", "was likely to"),
            ("weigh on", "reshape", "complicate", "delay", "speed up", "overshadow"),
            ("the budget", "talks with neighbours", "the coming election", "investment plans", "the recovery",
             "hiring", "exports", "public trust"),
            ("in the months ahead", "this year", "for some time", "well into next year", "at least briefly"))


def _context(rng: random.Random) -> str:
    who, verb, what, modal, effect, target, when = (rng.choice(part) for part in _CONTEXT)
    return f"{who} {verb} that {what} {modal} {effect} {target} {when}."


# Particulars: each event has its own few (the bridge, the hospital, the pension fund ...), which
# every report of it mentions and reports of other events of its kind mostly do not.
_PARTICULARS = """bridge hospital school stadium harbour railway depot warehouse pension_fund airport tunnel dam
reservoir refinery mine factory shipyard market cathedral museum library courthouse prison barracks
motorway ferry_terminal pipeline substation vineyard orchard glacier canal embassy parliament
ministry clinic laboratory university campus garrison lighthouse quarry sawmill brewery bakery
tannery foundry hotel casino arena racetrack marina pier dock silo granary power_plant wind_farm
solar_park data_centre call_centre smelter textile_mill cannery slaughterhouse dairy fishery
forest_reserve national_park border_crossing checkpoint customs_post tax_office land_registry
water_board bus_company tram_line metro_line cable_car ski_resort spa_town trade_fair film_festival
book_fair opera_house concert_hall
archive bakery ballroom bandstand barn bathhouse boatyard boiler bookshop brickworks bunker canteen
carpark chapel chemist cinema cistern citadel clocktower coalyard coastguard compound convent creamery
crematorium dockyard dormitory drydock embankment estate farmhouse ferryboat fireworks fortress fountain
garage gasworks gatehouse greenhouse gymnasium hangar hatchery hostel icehouse inn ironworks jetty kennel
kiln laundry lido lockkeeper malthouse mansion mill monastery monument mortuary nursery observatory
outpost pavilion pharmacy planetarium playground pontoon post_office pumphouse quay radio_mast railyard
refuge restaurant ropewalk rotunda sanatorium schoolhouse seminary sewer shelter showroom signal_box
skatepark stable steelworks stockyard storehouse studio subway synagogue tavern telegraph_office theatre
tollbooth tower townhall toyshop treasury vault velodrome viaduct villa warehouse_row waterworks weir
wharf windmill workshop zoo abattoir allotment amphitheatre aquarium armoury asylum aviary bell_tower
boathouse bottling_plant bus_depot canal_lock car_factory chalk_pit cider_press coal_mine cold_store
container_yard copper_mine cotton_mill customs_house dye_works engine_shed fish_market flour_mill
fuel_depot fur_market gold_mine grain_store gun_battery hay_barn ice_rink iron_bridge jam_factory
""".split()
_DETAILS = ["Witnesses said the {d1} and the {d2} were hit hardest.",
            "Attention turned to the {d3}, where questions about safety had been raised before.",
            "The {d1} will stay closed while inspectors examine it.",
            "Workers at the {d2} were sent home as a precaution.",
            "Local radio reported long queues outside the {d3}.",
            "The {d4} had been at the centre of a dispute last year.",
            "Engineers were checking the {d4} and the {d1} on {weekday}."]


_FOLLOW_UP = ["{days} days on, questions remain about the {kind}.", "In a follow-up on {weekday}, officials gave new figures.",
              "The aftermath of the {kind} dominated debate on {weekday}."]


_VARIANTS = [("said", "told reporters", "announced", "stated"), ("on ", "late on ", "early on "),
             ("at least ", "more than ", "about ", "nearly "), ("officials", "authorities", "a spokesperson"),
             ("the company", "the group", "the firm"), ("after", "following", "in the wake of"),
             ("would", "will", "could"), ("new", "fresh", "further"), ("the country", "the nation", "the region")]
# Words an outlet may put its own way (each report picks for itself, so reports of one event differ too).
_SYNONYMS = [("destroyed", "gutted", "razed", "wrecked"), ("fire", "blaze", "flames"), ("people", "residents", "locals"),
             ("killing", "leaving dead"), ("struck", "hit", "shook"), ("searched", "combed", "dug through"),
             ("resigned", "stepped down", "quit"), ("criticism", "pressure", "attacks"), ("beat", "defeated", "overcame"),
             ("praised", "hailed", "commended"), ("win", "victory"), ("agreed", "struck a deal", "consented"),
             ("buy", "acquire", "take over"), ("approval", "clearance", "sign-off"), ("arrested", "detained", "held"),
             ("suspicion", "allegations"), ("fraud", "embezzlement", "financial crimes"), ("met", "held talks"),
             ("signed", "concluded", "sealed"), ("agreements", "deals", "accords"), ("strike", "walkout", "stoppage"),
             ("workers", "employees", "staff"), ("wages", "salaries", "pay"), ("guilty", "culpable"),
             ("sentenced", "jailed", "given"), ("unveiled", "presented", "showed off"), ("invested", "spent", "put"),
             ("damaged", "ruined", "battered"), ("buildings", "houses", "blocks"), ("night", "dark hours"),
             ("regulators", "competition authorities", "watchdogs"), ("shares", "stock"), ("rose", "climbed", "jumped"),
             ("investigators", "detectives", "police officers"), ("prison", "jail"), ("appeal", "challenge"),
             ("talks", "negotiations", "discussions"), ("leaders", "heads of government"), ("plant", "factory", "site"),
             ("warehouse", "storage depot", "storehouse"), ("firefighters", "fire crews"), ("cause", "origin")]
_OPENERS = ("", "", "", "Meanwhile, ", "According to local media, ", "In a statement, ", "As expected, ",
            "Separately, ", "Earlier, ", "By evening, ")


def _vary(sentence: str, rng: random.Random) -> str:
    """The same fact in an outlet's own words: a few phrases swapped, an opener added."""
    for choices in _VARIANTS:
        for phrase in choices:
            found = re.search(r"\b" + re.escape(phrase.strip()) + r"\b", sentence)
            if found and rng.random() < 0.6:
                sentence = sentence[:found.start()] + rng.choice(choices).strip() + sentence[found.end():]
                break
    for choices in _SYNONYMS:
        found = re.search(r"\b" + re.escape(choices[0]) + r"\b", sentence)
        if found and rng.random() < 0.6:
            sentence = sentence[:found.start()] + rng.choice(choices) + sentence[found.end():]
    opener = rng.choice(_OPENERS)
    return opener + sentence[0].lower() + sentence[1:] if opener and not sentence[:2].istitle() else sentence


def _article(facts: dict, rng: random.Random, day: datetime, follow_up: int) -> tuple[str, str]:
    kind = facts["kind"]
    title = rng.choice(_TITLES[kind]).format(**facts)
    lines = rng.sample(_SENTENCES[kind], k=rng.randint(3, 5)) + rng.sample(_DETAILS, k=rng.randint(3, 5))
    rng.shuffle(lines)
    if follow_up:
        lines.insert(0, rng.choice(_FOLLOW_UP).format(days=follow_up, **facts))
    lines += rng.sample(_BACKGROUND, k=rng.randint(1, 3)) + [_context(rng) for _ in range(rng.randint(6, 12))]
    lines = [_vary(line.format(**facts), rng) for line in lines]
    paragraphs = [" ".join(lines[i:i + 2]) for i in range(0, len(lines), 2)]
    return title, "\n\n".join(paragraphs)


def _near_copy(text: str, rng: random.Random) -> str:
    """A syndicated copy: one sentence changed, the last one dropped."""
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences = sentences[:-1]
        sentences[rng.randrange(len(sentences))] += ", the agency reported"
    return ". ".join(sentences)


def generate(n: int, days: int = 60, seed: int = 0) -> list[dict]:
    """``n`` articles over ``days`` days, in publish order (see the module doc)."""
    rng = random.Random(seed)
    world = _world(rng, max(20, n // 3))  # about three articles an event
    start = datetime(2024, 3, 4, 6, tzinfo=UTC)  # in the past: future dates are refused
    records: list[dict] = []
    event = 0
    while len(records) < n:
        event += 1
        facts = _facts(rng.choice(list(_TITLES)), rng, world)
        day = rng.uniform(0, days)
        size = min(60, int(rng.paretovariate(1.3)))  # most events 1-3 articles, a few dozens
        outlets = rng.sample(_OUTLETS, k=min(len(_OUTLETS), size))
        for i, outlet in enumerate(outlets):
            follow_up = 0 if i < max(1, size // 2) else rng.randint(1, 6)
            when = start + timedelta(days=day + follow_up + rng.uniform(0, 0.8))
            title, text = _article(dict(facts, weekday=when.strftime("%A")), rng, when, follow_up)
            if records and rng.random() < 0.08:  # a wire copy of the previous article of this event
                prev = records[-1]
                if prev["event"] == f"e{event}":
                    title, text = prev["title"], _near_copy(prev["text"], rng)
            records.append({"id": f"s{len(records)}", "title": title, "text": text,
                            "date": when.isoformat(timespec="seconds"), "source": outlet,
                            "url": f"https://news.example/{outlet.split()[-1].lower()}/{event}/{i}",
                            "event": f"e{event}"})
    records = records[:n]
    records.sort(key=lambda r: r["date"])
    return records


if __name__ == "__main__":  # python benchmarks/synthetic.py N [DAYS] [SEED] > corpus.jsonl
    import json
    import sys

    for record in generate(*[int(a) for a in sys.argv[1:4]]):
        print(json.dumps(record))
