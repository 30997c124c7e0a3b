"""Dates benchmark: relative-date resolution, and where publish dates come from.

    python benchmarks/dates.py [--no-parse] [--bench DIR] [--seeds DIR] [--basil FILE]

1. Relative-date resolution on sentences written for this benchmark (invented
   events; weekdays before and after the publish day in past and future tense,
   'last month', 'next year', 'yesterday', 'this week', 'N days ago', explicit
   dates with and without a year, across month and year boundaries, nouns and
   named days). Each case says the publish day, the expression and the answer an
   editor gives; accuracy is printed with a spaCy parse (as the analysis runs)
   and with the word rule alone (as ingest runs).
2. Publish dates of the extraction benchmark pages (../shared/bench/extraction):
   how many pages get a date, from which source. The pages carry no gold date;
   where a page's URL holds a full date, the date found *without* the URL is
   compared with it (same day, or within a day: time zones).
3. The seeds (../shared/seeds): the date each gets and where it came from.
4. basil-dev (../shared/bench/basil-dev, a DEV set): each article's text alone
   (its date field withheld) dated from the text, against its date field.

Parts 2-4 are skipped with a message when ../shared is absent. The LAST line is
one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")

from newsdesk.dates import resolve  # noqa: E402

# (publish day, sentence, expression, expected ISO value or None for 'no date here', category)
# Publish days: 2026-03-12 Thu, 2018-12-20 Thu, 2018-12-23 Sun, 2027-01-02 Sat (ISO week 2026-W53),
# 2025-10-29 Wed, 2024-02-29 Thu (leap day), 2026-07-01 Wed.
CASES = [
    # past tense: the most recent such day on or before the publish day
    ("2018-12-20", "The defence secretary resigned on Thursday in a letter to the president.", "Thursday", "2018-12-20", "weekday-past"),
    ("2018-12-20", "Lawmakers voted on Tuesday to fund the agency until February.", "Tuesday", "2018-12-18", "weekday-past"),
    ("2018-12-23", "The secretary said on Sunday that he would leave office early.", "Sunday", "2018-12-23", "weekday-past"),
    ("2018-12-23", "Officials met on Friday to discuss the harbour budget.", "Friday", "2018-12-21", "weekday-past"),
    ("2027-01-02", "The ministry announced on Wednesday that bus fares would rise.", "Wednesday", "2026-12-30", "weekday-past"),
    ("2027-01-02", "Crowds gathered on Thursday night to watch the fireworks over the bay.", "Thursday", "2026-12-31", "weekday-past"),
    ("2026-07-01", "The council approved the riverside plan on Monday.", "Monday", "2026-06-29", "weekday-past"),
    ("2026-03-12", "The trade delegation arrived in the capital on Wednesday.", "Wednesday", "2026-03-11", "weekday-past"),
    ("2024-02-29", "The court ruled on Monday that the ferry law stood.", "Monday", "2024-02-26", "weekday-past"),
    ("2025-10-29", "The two leaders signed the fisheries accord on Tuesday.", "Tuesday", "2025-10-28", "weekday-past"),
    ("2025-10-29", "Protesters had gathered outside the embassy on Saturday.", "Saturday", "2025-10-25", "weekday-past"),
    ("2026-03-12", "The talks, which began on Monday, ended without a deal.", "Monday", "2026-03-09", "weekday-past"),
    ("2018-12-20", "The company has confirmed on Wednesday that it cut 300 jobs.", "Wednesday", "2018-12-19", "weekday-past"),
    ("2026-03-12", "On Tuesday, the mayor of Orlanth unveiled a new tram map.", "Tuesday", "2026-03-10", "weekday-past"),
    ("2024-02-29", "Shares in Varrow Mining plunged Friday after the audit.", "Friday", "2024-02-23", "weekday-past"),
    # future tense: the next such day on or after the publish day
    ("2018-12-20", "The senate will vote on Thursday on the spending bill.", "Thursday", "2018-12-20", "weekday-future"),
    ("2018-12-20", "The minister will travel to Brussels on Monday.", "Monday", "2018-12-24", "weekday-future"),
    ("2018-12-23", "The president is due to sign the bill on Sunday.", "Sunday", "2018-12-23", "weekday-future"),
    ("2018-12-23", "Negotiators are scheduled to meet on Wednesday in Geneva.", "Wednesday", "2018-12-26", "weekday-future"),
    ("2027-01-02", "Schools reopen on Monday after the holiday.", "Monday", "2027-01-04", "weekday-future"),
    ("2027-01-02", "The new levy will take effect on Friday.", "Friday", "2027-01-08", "weekday-future"),
    ("2026-07-01", "The board plans to announce its decision on Tuesday.", "Tuesday", "2026-07-07", "weekday-future"),
    ("2026-07-01", "Voters go to the polls on Sunday.", "Sunday", "2026-07-05", "weekday-future"),
    ("2024-02-29", "The lander is expected to touch down on Saturday.", "Saturday", "2024-03-02", "weekday-future"),
    ("2025-10-29", "The defence ministers will meet on Wednesday to discuss the treaty.", "Wednesday", "2025-10-29", "weekday-future"),
    ("2026-03-12", "She leaves for Hobart on Friday.", "Friday", "2026-03-13", "weekday-future"),
    ("2026-03-12", "The committee could decide on Monday.", "Monday", "2026-03-16", "weekday-future"),
    ("2026-03-12", "The union said it would strike on Tuesday.", "Tuesday", "2026-03-17", "weekday-future"),
    ("2018-12-20", "“We meet again on Saturday,” the coach told reporters.", "Saturday", "2018-12-22", "weekday-future"),
    ("2026-07-01", "The cabinet is meeting on Thursday to weigh the offer.", "Thursday", "2026-07-02", "weekday-future"),
    # last / next / this past
    ("2018-12-20", "The pact was signed last Thursday.", "last Thursday", "2018-12-13", "last-next"),
    ("2018-12-20", "The pact will be signed next Thursday.", "next Thursday", "2018-12-27", "last-next"),
    ("2018-12-23", "Shares fell sharply last Monday.", "last Monday", "2018-12-17", "last-next"),
    ("2018-12-23", "The rally is planned for next Saturday.", "next Saturday", "2018-12-29", "last-next"),
    ("2027-01-02", "The storm hit the coast last Tuesday.", "last Tuesday", "2026-12-29", "last-next"),
    ("2027-01-02", "The envoy returns next Sunday.", "next Sunday", "2027-01-03", "last-next"),
    ("2026-07-01", "The plant closed this past Friday.", "past Friday", "2026-06-26", "last-next"),
    # yesterday, today, tomorrow
    ("2018-12-23", "The ship docked yesterday at the northern quay.", "yesterday", "2018-12-22", "day-word"),
    ("2027-01-02", "Markets were closed yesterday for the holiday.", "yesterday", "2027-01-01", "day-word"),
    ("2026-07-01", "The results will be published tomorrow.", "tomorrow", "2026-07-02", "day-word"),
    ("2026-03-12", "The prime minister speaks tonight.", "tonight", "2026-03-12", "day-word"),
    ("2027-01-02", "Officials said the day before yesterday that the road was safe.", "the day before yesterday", "2026-12-31", "day-word"),
    ("2026-07-01", "The vote took place today.", "today", "2026-07-01", "day-word"),
    # weeks (ISO weeks)
    ("2026-03-12", "Ministers met twice this week.", "this week", "2026-W11", "week"),
    ("2026-03-12", "The report came out last week.", "last week", "2026-W10", "week"),
    ("2026-03-12", "The treaty will be ratified next week.", "next week", "2026-W12", "week"),
    ("2027-01-02", "Ticket sales rose last week.", "last week", "2026-W52", "week"),
    ("2018-12-20", "Lawmakers returned earlier this week.", "earlier this week", "2018-W51", "week"),
    # months
    ("2026-03-12", "Inflation rose last month.", "last month", "2026-02", "month"),
    ("2027-01-02", "Unemployment fell last month.", "last month", "2026-12", "month"),
    ("2018-12-20", "The law takes effect next month.", "next month", "2019-01", "month"),
    ("2026-07-01", "Sales were strong this month.", "this month", "2026-07", "month"),
    ("2024-02-29", "The election is due later this month.", "later this month", "2024-02", "month"),
    ("2026-07-01", "The agency opened its office last month.", "last month", "2026-06", "month"),
    # years
    ("2027-01-02", "Exports grew last year.", "last year", "2026", "year"),
    ("2018-12-20", "The tax rises next year.", "next year", "2019", "year"),
    ("2026-03-12", "The festival returns this year.", "this year", "2026", "year"),
    ("2024-02-29", "The probe launched last year.", "last year", "2023", "year"),
    # N units ago
    ("2026-03-12", "The ceasefire began three days ago.", "three days ago", "2026-03-09", "ago"),
    ("2027-01-02", "The bridge reopened two weeks ago.", "two weeks ago", "2026-W51", "ago"),
    ("2026-07-01", "The factory closed a month ago.", "a month ago", "2026-06", "ago"),
    ("2026-03-12", "The airline was founded 10 years ago.", "10 years ago", "2016", "ago"),
    # month-day without a year: the year the tense points to
    ("2027-01-02", "The ministry announced on December 30 that fares would rise.", "December 30", "2026-12-30", "no-year"),
    ("2018-12-20", "The new rules will apply from January 15.", "January 15", "2019-01-15", "no-year"),
    ("2026-03-12", "The company was founded on March 3.", "March 3", "2026-03-03", "no-year"),
    ("2026-03-12", "The firm will list its shares on March 3.", "March 3", "2027-03-03", "no-year"),
    ("2025-10-29", "The leaders met on Tuesday, October 28.", "Tuesday, October 28", "2025-10-28", "no-year"),
    ("2018-12-20", "The summit is scheduled for Thursday, January 10.", "Thursday, January 10", "2019-01-10", "no-year"),
    ("2024-02-29", "Voters will decide on March 5.", "March 5", "2024-03-05", "no-year"),
    ("2026-07-01", "The strike ended on June 30.", "June 30", "2026-06-30", "no-year"),
    ("2026-03-12", "The deadline passed on 28 February.", "28 February", "2026-02-28", "no-year"),
    ("2027-01-02", "Parliament will sit again on 12 January.", "12 January", "2027-01-12", "no-year"),
    ("2018-12-23", "The fund paid out on December 28 last time and will again.", "December 28", "2017-12-28", "no-year"),
    # stated years
    ("2026-03-12", "The agreement, signed on March 18, 2025, expired.", "March 18, 2025", "2025-03-18", "with-year"),
    ("2027-01-02", "The law was passed on 5 December 2026.", "5 December 2026", "2026-12-05", "with-year"),
    ("2026-03-12", "The talks will resume on April 2, 2026.", "April 2, 2026", "2026-04-02", "with-year"),
    ("2026-03-12", "The filing dated 2026-02-27 showed losses.", "2026-02-27", "2026-02-27", "with-year"),
    # a weekday that modifies a noun has no tense: the nearer one
    ("2026-03-12", "Thursday's vote was postponed.", "Thursday", "2026-03-12", "noun"),
    ("2018-12-23", "Ahead of Tuesday's vote, lawmakers met in private.", "Tuesday", "2018-12-25", "noun"),
    ("2018-12-21", "Thursday's storm flooded the lower town.", "Thursday", "2018-12-20", "noun"),
    # harder sentences: clauses, reported speech, participles, prepositions
    ("2026-03-12", "The bridge has been closed since Monday.", "Monday", "2026-03-09", "harder"),
    ("2026-03-12", "Applications must be in by Monday.", "Monday", "2026-03-16", "harder"),
    ("2018-12-23", "He told reporters on Friday he would resign.", "Friday", "2018-12-21", "harder"),
    ("2018-12-23", "He told reporters he would resign on Friday.", "Friday", "2018-12-28", "harder"),
    ("2025-10-29", "Police said the suspect, who was arrested on Monday, will appear in court on Friday.", "Monday", "2025-10-27", "harder"),
    ("2025-10-29", "Police said the suspect, who was arrested on Monday, will appear in court on Friday.", "Friday", "2025-10-31", "harder"),
    ("2026-07-01", "Last Wednesday's fire destroyed the old mill.", "Last Wednesday", "2026-06-24", "harder"),
    ("2018-12-20", "The strike that starts on Monday could last a week.", "Monday", "2018-12-24", "harder"),
    ("2018-12-20", "The ruling, expected on Friday, may delay the merger.", "Friday", "2018-12-21", "harder"),
    ("2027-01-02", "Since Tuesday, rescuers have pulled 40 people from the rubble.", "Tuesday", "2026-12-29", "harder"),
    ("2026-03-12", "The minister, who leaves office on Friday, defended the plan.", "Friday", "2026-03-13", "harder"),
    ("2018-12-20", "Asked on Tuesday whether he would stay, the secretary declined to answer.", "Tuesday", "2018-12-18", "harder"),
    ("2026-07-01", "The museum, which reopens on Saturday, was closed for a year.", "Saturday", "2026-07-04", "harder"),
    ("2018-12-23", "The senator, speaking on Saturday, criticised the plan.", "Saturday", "2018-12-22", "harder"),
    ("2025-10-29", "The summit opens in Busan on Friday.", "Friday", "2025-10-31", "harder"),
    ("2024-02-29", "The vote, originally set for Tuesday, was moved to Thursday.", "Tuesday", "2024-02-27", "harder"),
    ("2026-03-12", "Talks were to resume on Monday but were called off.", "Monday", "2026-03-09", "harder"),
    # named days are no weekday reference
    ("2026-03-12", "Black Friday sales were weak across the region.", "Friday", None, "named-day"),
    ("2024-02-29", "Super Tuesday results will shape the race.", "Tuesday", None, "named-day"),
    # held out: written after the rules above were settled, and not used to change them since
    ("2025-01-01", "Fireworks lit up the harbour on Tuesday night as the year ended.", "Tuesday", "2024-12-31", "held-out"),
    ("2025-01-01", "The new speed limits come into force on Monday.", "Monday", "2025-01-06", "held-out"),
    ("2025-01-01", "Retail sales slumped last month, the bureau said.", "last month", "2024-12", "held-out"),
    ("2025-01-01", "The minister resigned last week after the audit.", "last week", "2024-W52", "held-out"),
    ("2025-01-01", "The airport expects record traffic this year.", "this year", "2025", "held-out"),
    ("2023-08-31", "Firefighters contained the blaze on Sunday, officials said on Tuesday.", "Sunday", "2023-08-27", "held-out"),
    ("2023-08-31", "Firefighters contained the blaze on Sunday, officials said on Tuesday.", "Tuesday", "2023-08-29", "held-out"),
    ("2023-08-31", "The central bank meets next Thursday to set rates.", "next Thursday", "2023-09-07", "held-out"),
    ("2023-08-31", "A heatwave is forecast to peak on Saturday.", "Saturday", "2023-09-02", "held-out"),
    ("2023-08-31", "The museum had been closed since June 4.", "June 4", "2023-06-04", "held-out"),
    ("2023-08-31", "Registration opens on September 12.", "September 12", "2023-09-12", "held-out"),
    ("2022-06-06", "Striking dockers returned to work on Monday.", "Monday", "2022-06-06", "held-out"),
    ("2022-06-06", "The talks collapsed on Friday evening.", "Friday", "2022-06-03", "held-out"),
    ("2022-06-06", "Ministers are to vote on the package on Wednesday.", "Wednesday", "2022-06-08", "held-out"),
    ("2022-06-06", "The bill, which passed the lower house in May, faces a vote on Thursday.", "Thursday", "2022-06-09", "held-out"),
    ("2022-06-06", "Two weeks ago, the regulator fined the bank.", "Two weeks ago", "2022-W21", "held-out"),
    ("2021-11-28", "The ferry service was suspended on Saturday after the storm.", "Saturday", "2021-11-27", "held-out"),
    ("2021-11-28", "Officials hope to reopen the pass by Wednesday.", "Wednesday", "2021-12-01", "held-out"),
    ("2021-11-28", "The company reported its results on November 3.", "November 3", "2021-11-03", "held-out"),
    ("2021-11-28", "Polls close at 8pm on Sunday.", "Sunday", "2021-11-28", "held-out"),
    ("2021-11-28", "Next year the fund will double its grants.", "Next year", "2022", "held-out"),
    ("2021-11-28", "The festival drew 20,000 visitors yesterday.", "yesterday", "2021-11-27", "held-out"),
    ("2025-01-01", "The tribunal will hear the case on 14 January.", "14 January", "2025-01-14", "held-out"),
    ("2025-01-01", "Lawmakers approved the budget on December 19.", "December 19", "2024-12-19", "held-out"),
    ("2023-08-31", "Wednesday's announcement surprised investors.", "Wednesday", "2023-08-30", "held-out"),
]


def _found(sentence: str, ref: date, expr: str, doc) -> str | None:
    hits = [r for r in resolve(sentence, ref, doc=doc) if expr.lower() in r.text.lower()]
    return hits[0].iso if hits else None


def relative_benchmark(use_parse: bool) -> dict:
    docs = [None] * len(CASES)
    if use_parse:
        from newsdesk.analyze.parse import parse_units

        docs = parse_units([c[1] for c in CASES])
    rows = {"parse": [], "rule": []}
    for case, doc in zip(CASES, docs):
        ref, sentence, expr, want, category = case
        rows["rule"].append((category, _found(sentence, date.fromisoformat(ref), expr, None) == want, case))
        if use_parse:
            rows["parse"].append((category, _found(sentence, date.fromisoformat(ref), expr, doc) == want, case))
    out = {"relative_cases": len(CASES), "relative_held_out_cases": sum(c[4] == "held-out" for c in CASES)}
    for mode, results in rows.items():
        if results:
            out[f"relative_accuracy_{mode}"] = _report(mode, results)
            held_out = [ok for category, ok, _ in results if category == "held-out"]
            out[f"relative_held_out_accuracy_{mode}"] = round(sum(held_out) / len(held_out), 3)
    return out


def _report(mode: str, results: list) -> float:
    by_cat: dict[str, list[bool]] = {}
    for category, ok, _ in results:
        by_cat.setdefault(category, []).append(ok)
    accuracy = round(sum(ok for _, ok, _ in results) / len(results), 3)
    print(f"relative dates ({mode}): {sum(ok for _, ok, _ in results)}/{len(results)} = {accuracy}")
    for category, oks in by_cat.items():
        print(f"  {category:<15} {sum(oks)}/{len(oks)}")
    for _, ok, (ref, sentence, expr, want, _) in results:
        if not ok:
            ref_day = date.fromisoformat(ref)
            print(f"  MISS {ref} ({ref_day:%a}) {expr!r} want {want}: {sentence}")
    return accuracy


# -- publish dates of real pages -------------------------------------------------------------------
def _prepare(raw):
    from newsdesk.errors import InputError
    from newsdesk.pipeline import prepare

    try:
        return prepare(raw)
    except InputError:
        return None


def extraction_pages(bench: Path) -> dict:
    truth = bench / "ground-truth.json"
    if not truth.exists():
        print(f"extraction pages: skipped ({truth} is absent: ../shared is only on development machines)")
        return {}
    from newsdesk.pubdate import url_date
    from newsdesk.records import RawDoc

    pages = json.loads(truth.read_text())
    sources: Counter = Counter()
    agree = near = compared = 0
    fetched = datetime(2019, 12, 31, tzinfo=UTC)  # the pages were saved in late 2019
    for key, item in pages.items():
        html = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
        article = _prepare(RawDoc(uri=key, content=html, content_type="text/html", url=item["url"], fetched_at=fetched))
        sources[article.published_source if article else "not-an-article"] += 1
        in_url = url_date(item["url"])
        if in_url is None:
            continue
        blind = _prepare(RawDoc(uri=key, content=html, content_type="text/html", fetched_at=fetched))
        if blind is None or blind.published is None:
            continue
        compared += 1
        gap = abs((blind.published.date() - in_url).days)
        agree += gap == 0
        near += gap <= 1
    dated = sum(n for s, n in sources.items() if s not in ("none", "not-an-article"))
    print(f"extraction pages: {dated}/{len(pages)} dated; by source: {dict(sources.most_common())}")
    print(f"  pages whose URL holds a date, dated without the URL: {compared}; same day {agree}, within a day {near}")
    return {"pages": len(pages), "pages_dated": dated, "page_sources": dict(sources),
            "url_dated_pages_compared": compared, "same_day_as_url": agree, "within_a_day_of_url": near}


def seeds(folder: Path) -> dict:
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        print(f"seeds: skipped ({folder} is absent: ../shared is only on development machines)")
        return {}
    from newsdesk.records import RawDoc

    out = {}
    for path in files:
        article = _prepare(RawDoc(uri=str(path), content=path.read_bytes(), path=str(path)))
        day = article.published.date().isoformat() if article and article.published else None
        out[path.name[:3]] = f"{day or 'undated'} ({article.published_source if article else '-'})"
        print(f"seed {path.name[:3]}: {out[path.name[:3]]}")
    return {"seed_dates": out}


def basil(path: Path) -> dict:
    if not path.exists():
        print(f"basil-dev: skipped ({path} is absent: ../shared is only on development machines)")
        return {}
    from newsdesk.records import RawDoc

    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    found = exact = near = week = 0
    sources: Counter = Counter()
    for row in rows:
        raw = RawDoc(uri=row["id"], content=row["text"], content_type="text/plain", meta={"title": row.get("title")})
        article = _prepare(raw)
        sources[article.published_source if article else "-"] += 1
        if article is None or article.published is None or not row.get("date"):
            continue
        found += 1
        gap = abs((article.published.date() - date.fromisoformat(row["date"][:10])).days)
        exact += gap == 0
        near += gap <= 1
        week += gap <= 7
    print(f"basil-dev (DEV set; date field withheld, text only): {found}/{len(rows)} dated from the text "
          f"({dict(sources)}); of those: same day {exact}, within a day {near}, within a week {week}")
    return {"basil_dev_articles": len(rows), "basil_dev_dated_from_text": found, "basil_dev_same_day": exact,
            "basil_dev_within_a_day": near, "basil_dev_within_a_week": week}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-parse", action="store_true", help="the word rule only (no spaCy)")
    parser.add_argument("--bench", default=str(SHARED / "bench" / "extraction"))
    parser.add_argument("--seeds", default=str(SHARED / "seeds"))
    parser.add_argument("--basil", default=str(SHARED / "bench" / "basil-dev" / "basil-dev.jsonl"))
    args = parser.parse_args()
    results = relative_benchmark(not args.no_parse)
    results |= extraction_pages(Path(args.bench))
    results |= seeds(Path(args.seeds))
    results |= basil(Path(args.basil))
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
