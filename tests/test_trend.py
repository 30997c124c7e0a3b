"""Coverage series, spikes and buzz (pure functions; invented times)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.coverage.series import (
    Observation,
    TrendOptions,
    build_series,
    buzz,
    choose_unit,
    current_spikes,
    find_spikes,
    observation_from_row,
    story_trend,
)
from newsdesk.textutil import parse_traffic

T0 = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


def obs(article: str, origin: str, hours: float) -> Observation:
    return Observation(article, origin, T0 + timedelta(hours=hours), "published")


def steady(hours: int, per_hour: int = 1, prefix: str = "s") -> list[Observation]:
    """One new origin per hour (or more), for ``hours`` hours."""
    return [obs(f"{prefix}{h}-{k}", f"{prefix}{h}-{k}", h) for h in range(hours) for k in range(per_hour)]


# -- observations -------------------------------------------------------------------
def test_publish_time_is_used_and_converted_to_utc():
    row = {"id": "a", "origin": "o", "published": "2030-03-04T12:30:00+02:00",
           "fetched": None, "ingested_at": "2030-03-05T00:00:00Z"}
    o = observation_from_row(row)
    assert o.at == datetime(2030, 3, 4, 10, 30, tzinfo=UTC)
    assert o.basis == "published"


def test_an_undated_article_has_no_observation_whatever_its_fetch_or_ingest_time():
    assert observation_from_row({"id": "a", "origin": "o", "published": None,
                                 "fetched": "2030-03-04T08:00:00Z", "ingested_at": "2030-03-04T09:00:00Z"}) is None
    later = observation_from_row({"id": "a", "origin": "o", "published": "2030-03-09T00:00:00Z",
                                  "fetched": None, "ingested_at": "2030-03-04T09:00:00Z"})
    assert (later.at.day, later.basis) == (9, "published")


# -- series -------------------------------------------------------------------------
def test_series_counts_articles_and_distinct_origins_per_hour():
    observations = [obs("a1", "o1", 0.1), obs("a2", "o1", 0.5), obs("a3", "o2", 0.9), obs("a4", "o1", 2.2)]
    s = build_series(observations, "hour")
    assert s.starts[0] == T0 and len(s.starts) == 3
    assert s.articles == (3, 0, 1)
    assert s.origins == (2, 0, 1)
    assert s.new_origins == (2, 0, 0)


def test_daily_buckets_are_utc_days():
    late = Observation("a", "o", datetime(2030, 3, 4, 23, 30, tzinfo=UTC), "published")
    early = Observation("b", "p", datetime(2030, 3, 5, 0, 30, tzinfo=UTC), "published")
    s = build_series([late, early], "day")
    assert [t.day for t in s.starts] == [4, 5] and s.articles == (1, 1)


def test_series_extends_to_until_and_truncates_long_runs():
    s = build_series([obs("a", "o", 0)], "hour", until=T0 + timedelta(hours=5))
    assert s.articles == (1, 0, 0, 0, 0, 0)
    long = build_series([obs("a", "o", 0), obs("b", "p", 100)], "hour", options=TrendOptions(max_buckets=10))
    assert long.truncated and len(long.starts) == 10 and long.articles[-1] == 1


def test_unit_is_hourly_for_short_stories_and_daily_for_long_ones():
    assert choose_unit([obs("a", "o", 0), obs("b", "p", 30)]) == "hour"
    assert choose_unit([obs("a", "o", 0), obs("b", "p", 24 * 10)]) == "day"
    assert choose_unit([obs("a", "o", 0)], TrendOptions(unit="day")) == "day"
    with pytest.raises(ValueError, match="unknown trend unit"):
        choose_unit([obs("a", "o", 0)], TrendOptions(unit="week"))


# -- spikes -------------------------------------------------------------------------
def test_burst_after_a_quiet_baseline_is_a_confirmed_hourly_spike():
    observations = steady(30) + [obs(f"b{k}", f"b{k}", 30.5) for k in range(6)]
    spikes = [s for s in find_spikes(build_series(observations, "hour"))]
    assert [(s.at, s.value, s.confirmed) for s in spikes] == [(T0 + timedelta(hours=30), 6, True)]
    assert spikes[0].baseline == 1.0


def test_steady_coverage_has_no_spike_after_its_opening_hours():
    spikes = find_spikes(build_series(steady(40, per_hour=4), "hour"))
    # the story opens from nothing (a new story is a spike); then nothing stands out
    assert spikes and all(s.at < T0 + timedelta(hours=2) for s in spikes)


def test_spike_matching_the_same_hour_yesterday_is_not_confirmed():
    yesterday = [obs(f"y{k}", f"y{k}", 5.5) for k in range(6)]
    today = [obs(f"t{k}", f"t{k}", 29.5) for k in range(6)]
    spikes = find_spikes(build_series(yesterday + today, "hour"))
    by_hour = {s.at: s for s in spikes}
    assert by_hour[T0 + timedelta(hours=29)].confirmed is False
    assert by_hour[T0 + timedelta(hours=29)].reference == 6
    assert by_hour[T0 + timedelta(hours=5)].confirmed is True


def test_daily_spike_is_confirmed_against_the_previous_week():
    base = [obs(f"d{d}", f"d{d}", 24 * d) for d in range(20)]
    burst = [obs(f"x{k}", f"x{k}", 24 * 20 + 1) for k in range(8)]
    spikes = find_spikes(build_series(base + burst, "day"))
    assert [(s.at.date(), s.value, s.confirmed) for s in spikes] == [((T0 + timedelta(days=20)).date(), 8, True)]


def test_copies_of_one_origin_do_not_make_a_spike():
    quiet = steady(20)
    copies = [obs(f"c{k}", "one-origin", 20.5) for k in range(30)]
    assert find_spikes(build_series(quiet + copies, "hour"))[1:] == []
    articles = TrendOptions(spike_metric="articles")
    assert any(s.value == 30 for s in find_spikes(build_series(quiet + copies, "hour"), articles))


def test_current_spikes_only_look_at_the_latest_hour_and_day():
    observations = steady(30) + [obs(f"b{k}", f"b{k}", 30.5) for k in range(6)]
    now = T0 + timedelta(hours=30, minutes=45)
    assert [s.value for s in current_spikes(observations, now) if s.unit == "hour"] == [6]
    assert [s for s in current_spikes(observations, now + timedelta(hours=3)) if s.unit == "hour"] == []
    assert current_spikes(observations, now + timedelta(days=2)) == []


# -- buzz ---------------------------------------------------------------------------
def test_buzz_rewards_recent_growth_in_independent_origins():
    at = T0 + timedelta(hours=72)
    growing = [obs(f"g{k}", f"g{k}", 70) for k in range(6)]
    stale = [obs(f"s{k}", f"s{k}", 10) for k in range(12)]
    flat = [obs(f"f{h}", f"f{h}", h) for h in range(24, 72, 8)]
    scores = {name: buzz(o, at).score for name, o in [("growing", growing), ("stale", stale), ("flat", flat)]}
    assert scores["growing"] > scores["flat"] > scores["stale"]
    b = buzz(growing, at)
    assert (b.recent_origins, b.previous_origins, b.growth) == (6, 0, 4.0)


def test_buzz_counts_origins_not_copies_and_ignores_the_future():
    at = T0 + timedelta(hours=1)
    one = [obs(f"c{k}", "same", 0.5) for k in range(10)]
    assert buzz(one, at).recent_origins == 1
    later = [obs("late", "late", 5)]
    assert buzz(later, at).score == 0


def test_story_trend_reports_series_spikes_and_buzz():
    observations = steady(6, per_hour=2)
    result = story_trend(observations)
    assert result["series"].unit == "hour" and sum(result["series"].articles) == 12
    assert result["buzz"].recent_origins == 12
    assert result["basis"] == ["published"]
    assert story_trend([])["buzz"] is None


# -- search traffic -----------------------------------------------------------------
@pytest.mark.parametrize("text,value", [("1,000+", 1000), ("20K+", 20000), ("2M+", 2_000_000),
                                        ("200+", 200), ("1.5K+", 1500), ("lots", None), (None, None)])
def test_parse_traffic(text, value):
    assert parse_traffic(text) == value


def test_current_spikes_from_a_known_series_match_a_fresh_computation():
    observations = steady(50) + [obs(f"b{k}", f"b{k}", 49.5) for k in range(7)]
    at = T0 + timedelta(hours=49, minutes=50)
    full = build_series(observations, "hour", until=at)
    assert current_spikes(observations, at, known=full) == current_spikes(observations, at)
    assert [s.unit for s in current_spikes(observations, at, known=full)] == ["hour"]
