"""Coverage over time: per-story series, a buzz score and spike detection.

Pure functions over :class:`Observation` records (one per dated article: its
independent origin and its publish time, UTC). An undated article has no
observation: it is in no series, no spike and no buzz, and the time the desk
fetched or ingested it never stands in for its date.

    observations ─► build_series (per hour or per day, zero-filled, from the
                                  story's first article to its last)
                 ─► find_spikes  (each bucket vs the prior 12 hours / 14 days,
                                  confirmed against the same hour of the previous
                                  day / the same weekday of the previous week)
                 ─► buzz         (decayed count of new independent origins,
                                  times their growth over the previous window)
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from ..timeutil import from_iso, to_iso

__all__ = [
    "Buzz", "Observation", "Series", "Spike", "TrendOptions", "TrendPoint", "buzz", "build_series",
    "choose_unit", "current_spikes", "find_spikes", "observation_from_row", "story_trend",
]

UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


@dataclass(frozen=True, slots=True)
class TrendOptions:
    """Knobs of the series, spike and buzz computations."""

    unit: str = "auto"  # "hour", "day" or "auto" (hourly for stories spanning up to hourly_max_span)
    hourly_max_span: timedelta = timedelta(hours=72)
    max_buckets: int = 2000  # a longer series keeps its most recent buckets
    hour_window: int = 12  # an hour is compared with the 12 before it
    day_window: int = 14  # a day is compared with the 14 before it
    hour_confirm_lag: int = 24  # ... and confirmed against the same hour of the previous day
    day_confirm_lag: int = 7  # ... or the same weekday of the previous week
    spike_metric: str = "origins"  # "origins" (independent coverage) or "articles"
    spike_min_count: int = 3  # a bucket below this is never a spike
    spike_z: float = 3.0  # standard deviations above the window's mean
    spike_ratio: float = 2.0  # and at least this many times the mean (and the confirming bucket)
    buzz_half_life: timedelta = timedelta(hours=12)
    buzz_window: timedelta = timedelta(hours=24)
    buzz_max_growth: float = 4.0


class Observation(NamedTuple):
    """One article of a story on the time axis (a tuple: cheap to make by the ten thousand)."""

    article_id: str
    origin: str
    at: datetime  # UTC
    basis: str  # "published" (the only basis: undated articles have no observation)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A search query that trended with the story (traffic is approximate)."""

    query: str
    at: datetime | None
    traffic: int | None
    traffic_text: str | None
    geo: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "at": to_iso(self.at), "traffic": self.traffic,
                "traffic_text": self.traffic_text, "geo": self.geo}


@dataclass(frozen=True, slots=True)
class Series:
    """Articles, active origins and newly seen origins per bucket (zero-filled)."""

    unit: str
    starts: tuple[datetime, ...]
    articles: tuple[int, ...]
    origins: tuple[int, ...]  # distinct origins with an article in the bucket
    new_origins: tuple[int, ...]  # origins seen for the first time in the bucket
    truncated: bool = False  # older buckets were dropped (see TrendOptions.max_buckets)

    def values(self, metric: str) -> tuple[int, ...]:
        return {"articles": self.articles, "origins": self.origins, "new_origins": self.new_origins}[metric]

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "starts": [to_iso(t) for t in self.starts],
                "articles": list(self.articles), "origins": list(self.origins),
                "new_origins": list(self.new_origins), "truncated": self.truncated}


@dataclass(frozen=True, slots=True)
class Spike:
    """A bucket well above its recent baseline."""

    unit: str
    at: datetime  # bucket start
    metric: str
    value: int
    baseline: float  # mean of the prior window
    threshold: float
    reference: int  # value of the confirming bucket (previous day / previous week)
    confirmed: bool  # also above the confirming bucket

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["at"] = to_iso(self.at)
        return out


@dataclass(frozen=True, slots=True)
class Buzz:
    """How strongly a story is growing in independent coverage at a given time."""

    score: float
    at: datetime | None
    decayed_origins: float  # origins weighted by recency (half-life decay)
    recent_origins: int  # new origins in the last window
    previous_origins: int  # new origins in the window before
    growth: float  # (recent + 1) / (previous + 1), capped

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["at"] = to_iso(self.at)
        return out


# -- observations -----------------------------------------------------------------
def observation_from_row(row: Mapping[str, Any]) -> Observation | None:
    """An observation from a row with article_id/id, origin and published; None when undated."""
    published = from_iso(row.get("published"))
    if published is None:
        return None
    article_id = row.get("article_id") or row["id"]
    return Observation(article_id, row.get("origin") or article_id, published, "published")


def floor_time(moment: datetime, unit: str) -> datetime:
    """The start of the hour or (UTC) day holding ``moment``."""
    moment = moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0) if unit == "day" else moment


def choose_unit(observations: Sequence[Observation], options: TrendOptions = TrendOptions(), *,
                until: datetime | None = None) -> str:
    """Hourly for short stories, daily for long ones (or the unit the options force).

    The span runs from the first observation to the last one, or to ``until``.
    """
    if options.unit in UNITS:
        return options.unit
    if options.unit != "auto":
        raise ValueError(f"unknown trend unit {options.unit!r}: use hour, day or auto")
    if not observations:
        return "hour"
    times = [o.at for o in observations] + ([until] if until else [])
    return "hour" if max(times) - min(times) <= options.hourly_max_span else "day"


# -- series -----------------------------------------------------------------------
def build_series(observations: Sequence[Observation], unit: str, *, until: datetime | None = None,
                 options: TrendOptions = TrendOptions()) -> Series:
    """Zero-filled counts per bucket from the first observation to ``until`` (or the last)."""
    if unit not in UNITS:
        raise ValueError(f"unknown trend unit {unit!r}: use hour or day")
    if not observations:
        return Series(unit, (), (), (), ())
    step = UNITS[unit]
    first = floor_time(min(o.at for o in observations), unit)
    last = floor_time(max([o.at for o in observations] + ([until] if until else [])), unit)
    count = int((last - first) / step) + 1
    truncated = count > options.max_buckets
    if truncated:
        first, count = last - step * (options.max_buckets - 1), options.max_buckets
    starts = tuple(first + step * i for i in range(count))
    return _fill(observations, unit, starts, truncated)


def _fill(observations: Sequence[Observation], unit: str, starts: tuple[datetime, ...],
          truncated: bool) -> Series:
    step = int(UNITS[unit].total_seconds())
    base = int(starts[0].timestamp())  # bucket starts are whole hours / UTC days since the epoch
    articles = [0] * len(starts)
    active: list[set[str]] = [set() for _ in starts]
    new = [0] * len(starts)
    seen: set[str] = set()
    for obs in sorted(observations, key=lambda o: o.at):
        index = (int(obs.at.timestamp()) - base) // step
        fresh = obs.origin not in seen
        seen.add(obs.origin)
        if 0 <= index < len(starts):
            articles[index] += 1
            active[index].add(obs.origin)
            new[index] += fresh
    return Series(unit, starts, tuple(articles), tuple(len(s) for s in active), tuple(new), truncated)


# -- spikes -----------------------------------------------------------------------
def find_spikes(series: Series, options: TrendOptions = TrendOptions()) -> list[Spike]:
    """Every bucket that stands out from the window before it (see the module docstring).

    Buckets before the story's first article count as zero: a story that opens
    with a burst of independent coverage is a spike. In a truncated series the
    first buckets only serve as the baseline.
    """
    window, lag = ((options.hour_window, options.hour_confirm_lag) if series.unit == "hour"
                   else (options.day_window, options.day_confirm_lag))
    values = series.values(options.spike_metric)
    spikes = []
    first = max(window, lag) if series.truncated else 0  # dropped buckets are unknown, not zero
    for index, value in enumerate(values):
        if index < first:
            continue
        spike = _spike_at(values, index, window, lag, options)
        if spike:
            baseline, threshold, reference = spike
            spikes.append(Spike(series.unit, series.starts[index], options.spike_metric, value,
                                round(baseline, 3), round(threshold, 3), reference,
                                value >= max(options.spike_min_count, options.spike_ratio * reference)))
    return spikes


def _spike_at(values: Sequence[int], index: int, window: int, lag: int,
              options: TrendOptions) -> tuple[float, float, int] | None:
    """(baseline, threshold, confirming value) when values[index] is a spike, else None."""
    prior = [values[i] if i >= 0 else 0 for i in range(index - window, index)]
    mean = sum(prior) / window
    spread = math.sqrt(sum((v - mean) ** 2 for v in prior) / window)
    threshold = max(float(options.spike_min_count), mean + options.spike_z * spread,
                    options.spike_ratio * mean)
    if values[index] < threshold:
        return None
    reference = values[index - lag] if index >= lag else 0
    return mean, threshold, reference


# -- buzz -------------------------------------------------------------------------
def buzz(observations: Iterable[Observation], at: datetime,
         options: TrendOptions = TrendOptions()) -> Buzz:
    """Recency-weighted new independent origins, times their growth over the window before.

    Each origin counts once, at its first appearance; copies add nothing.
    Origins that appear after ``at`` are ignored.
    """
    first_seen: dict[str, datetime] = {}
    for obs in observations:
        if obs.at <= at and (obs.origin not in first_seen or obs.at < first_seen[obs.origin]):
            first_seen[obs.origin] = obs.at
    half_life = options.buzz_half_life.total_seconds()
    window = options.buzz_window
    decayed = recent = previous = 0
    for moment in first_seen.values():
        age = at - moment
        decayed += 0.5 ** (age.total_seconds() / half_life)
        recent += age < window
        previous += window <= age < 2 * window
    growth = min(options.buzz_max_growth, (recent + 1) / (previous + 1))
    return Buzz(round(decayed * growth, 4), at, round(decayed, 4), recent, previous, round(growth, 3))


# -- one story --------------------------------------------------------------------
def current_spikes(observations: Sequence[Observation], at: datetime,
                   options: TrendOptions = TrendOptions(), *, known: Series | None = None) -> list[Spike]:
    """Spikes in the hour and the day holding ``at`` (cheap: only the buckets needed).

    ``known``: a series already built up to ``at`` (its unit is not rebuilt).
    """
    found = []
    for unit, window, lag in (("hour", options.hour_window, options.hour_confirm_lag),
                              ("day", options.day_window, options.day_confirm_lag)):
        short = replace(options, max_buckets=window + lag + 1)
        if known is not None and known.unit == unit and known.starts and known.starts[-1] == floor_time(at, unit):
            series = _tail(known, window + lag + 1)
        else:
            series = build_series(observations, unit, until=at, options=short)
        found += [s for s in find_spikes(series, short) if series.starts and s.at == series.starts[-1]]
    return found


def _tail(series: Series, keep: int) -> Series:
    """The last ``keep`` buckets (marked truncated when older ones are dropped)."""
    if len(series.starts) <= keep:
        return series
    return Series(series.unit, series.starts[-keep:], series.articles[-keep:], series.origins[-keep:],
                  series.new_origins[-keep:], True)


def story_trend(observations: Sequence[Observation], *, at: datetime | None = None,
                options: TrendOptions = TrendOptions()) -> dict[str, Any]:
    """A story's series (hourly or daily), its hourly and daily spikes, and its buzz.

    The series spans only the story's own articles, first to last. ``at`` is the
    reference time of buzz and ``current_spikes`` (those of the hour and the day
    holding it; default: the story's latest observation).
    """
    if not observations:
        return {"series": Series("hour", (), (), (), ()), "spikes": [], "current_spikes": [],
                "buzz": None, "basis": []}
    reference = at or max(o.at for o in observations)
    unit = choose_unit(observations, options)
    series = build_series(observations, unit, options=options)
    spikes = []
    for each in ("hour", "day"):
        full = series if each == unit else build_series(observations, each, options=options)
        spikes += find_spikes(full, options)
    return {
        "series": series,
        "spikes": spikes,
        "current_spikes": current_spikes(observations, reference, options, known=series),
        "buzz": buzz(observations, reference, options),
        "basis": sorted({o.basis for o in observations}),
    }
