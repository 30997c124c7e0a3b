"""Chart data: server-side SVG sparkline geometry, the interactive chart's payload, PNG export.

Sparklines are numbers only (SVG ``points`` strings); the templates draw them,
so they show without JavaScript. The interactive chart (uPlot, served from
``static/``) reads :func:`chart_payload` from a data attribute.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..coverage.series import UNITS, Series, Spike, TrendPoint, floor_time
from ..timeutil import to_iso


@dataclass(frozen=True, slots=True)
class SparkBox:
    width: int = 120
    height: int = 28
    pad: float = 2.0


def spark_points(values: Sequence[int], box: SparkBox = SparkBox(), top: int | None = None) -> str:
    """SVG polyline points for values scaled to the box (``top`` = the value drawn at the top)."""
    if not values:
        return ""
    values = list(values) if len(values) > 1 else [values[0], values[0]]
    peak = max(top or 0, max(values), 1)
    step = (box.width - 2 * box.pad) / (len(values) - 1)
    span = box.height - 2 * box.pad
    return " ".join(f"{box.pad + i * step:.1f},{box.pad + span * (1 - v / peak):.1f}"
                    for i, v in enumerate(values))


def spark_area(values: Sequence[int], box: SparkBox = SparkBox(), top: int | None = None) -> str:
    """SVG polygon points: the polyline closed down to the baseline."""
    line = spark_points(values, box, top)
    if not line:
        return ""
    base = f"{box.height - box.pad:.1f}"
    first_x, last_x = line.split(" ")[0].split(",")[0], line.split(" ")[-1].split(",")[0]
    return f"{first_x},{base} {line} {last_x},{base}"


def sparkline(series: Series, points: int) -> dict[str, Any]:
    """The last ``points`` buckets of a series, as plain data for a sparkline.

    A series shorter than that starts with one empty bucket (the story had no
    coverage before its first article), so a one-bucket story draws as a rise.
    """
    starts, articles, origins = list(series.starts), list(series.articles), list(series.origins)
    if starts and len(starts) < points:
        starts.insert(0, starts[0] - UNITS[series.unit])
        articles.insert(0, 0)
        origins.insert(0, 0)
    return {"unit": series.unit, "starts": [to_iso(t) for t in starts[-points:]],
            "articles": articles[-points:], "origins": origins[-points:]}


def traffic_by_bucket(series: Series, points: Sequence[TrendPoint]) -> list[int | None]:
    """The highest known search traffic of the trend points falling in each bucket."""
    out: list[int | None] = [None] * len(series.starts)
    if not series.starts:
        return out
    step = UNITS[series.unit]
    for point in points:
        if point.at is None or point.traffic is None:
            continue
        index = int((floor_time(point.at, series.unit) - series.starts[0]) / step)
        if 0 <= index < len(out):
            out[index] = max(out[index] or 0, point.traffic)
    return out


def chart_payload(series: Series, points: Sequence[TrendPoint]) -> dict[str, Any]:
    """Aligned columns for uPlot: epoch seconds, articles, origins, search traffic.

    One empty bucket is added before the first (no coverage then), so a story
    that fits in one bucket still draws as a rise.
    """
    traffic = traffic_by_bucket(series, points)
    starts = list(series.starts)
    articles, origins = list(series.articles), list(series.origins)
    if starts:
        starts.insert(0, starts[0] - UNITS[series.unit])
        articles.insert(0, 0)
        origins.insert(0, 0)
        traffic.insert(0, None)
    return {"unit": series.unit, "step": int(UNITS[series.unit].total_seconds()),
            "t": [int(t.timestamp()) for t in starts], "articles": articles, "origins": origins,
            "traffic": traffic}


def render_png(series: Series, spikes: Sequence[Spike], points: Sequence[TrendPoint], title: str,
               path: str | Path) -> Path:
    """Write the coverage chart (articles and origins per bucket, spikes, search traffic) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.6), dpi=110)
    try:
        _draw(ax, series, spikes, points, title)
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)
    return out


def _draw(ax: Any, series: Series, spikes: Sequence[Spike], points: Sequence[TrendPoint],  # ax: a matplotlib Axes
          title: str) -> None:
    step = UNITS[series.unit]
    starts = [series.starts[0] - step, *series.starts] if series.starts else []
    edges = [_naive(t) for t in starts] + ([_naive(starts[-1] + step)] if starts else [])
    ax.stairs([0, *series.articles], edges, fill=True, color="#8aa4c8", label="articles")
    ax.stairs([0, *series.origins], edges, color="#1d4f91", linewidth=2, label="independent origins")
    for spike in spikes:
        if spike.unit == series.unit and spike.confirmed:
            ax.axvline(_naive(spike.at), color="#c0392b", linestyle=":", linewidth=1)
    ax.set_ylabel(f"per {series.unit}")
    ax.set_xlabel("UTC")
    ax.set_ylim(bottom=0)
    ax.set_title(title[:90], fontsize=10)
    known = [(p.at, p.traffic) for p in points if p.at and p.traffic]
    if known:
        twin = ax.twinx()
        twin.plot([_naive(t) for t, _ in known], [v for _, v in known], "o", color="#c0392b",
                  label="search traffic")
        twin.set_ylim(bottom=0)
        twin.set_ylabel("searches (approx.)")
    ax.legend(loc="upper left", fontsize=8)
    ax.figure.autofmt_xdate()


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)
