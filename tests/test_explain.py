"""The one-line reasons `newsdesk show` prints, read from stored evidence."""
from __future__ import annotations

from newsdesk.cluster import ClusterOptions
from newsdesk.explain import STALE_DAYS, explain


def test_explain_repeats_the_clusterers_stale_days():
    assert STALE_DAYS == ClusterOptions().stale_days


def test_a_publish_gap_beyond_stale_days_is_noted_and_a_shorter_one_is_not():
    def line(gap: int) -> str:
        detail = {"bar": 1.2, "names_similarity": 0.5, "terms_similarity": 0.3, "published_gap_days": gap}
        return explain("similar", 1.5, {"detail": detail, "similarity": 0.7})

    assert f"published {STALE_DAYS + 1} days from the story's articles" in line(STALE_DAYS + 1)
    assert "published" not in line(STALE_DAYS)
