"""Coverage over time: how much independent reporting a story gets, hour by hour or day by day.

- :mod:`.series` (pure): observations → series, spikes, buzz.
- :mod:`.story` (runner): a story's observations and trending searches read from the
  store, then the series; behind `newsdesk coverage` (alias `trend`) and the web pages.
"""
