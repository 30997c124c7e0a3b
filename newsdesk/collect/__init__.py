"""Collect from the live web: feeds, trending queries, pages and archives, politely and safely."""
