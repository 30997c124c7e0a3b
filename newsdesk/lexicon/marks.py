"""List marks: the characters and numbers that open an item of a list.

Source: the bullets of plain text and Markdown ('-', '*'), the Unicode bullets
pages and feeds use ('•', '·', '▪', '►') and numbered items ('1.', '2)').
General: these are typographic conventions, not the words of any story.
"""
from __future__ import annotations

import re

BULLETS = "-*•·▪►"
# A bullet or a one- or two-digit number with '.' or ')' then a space: '• Item', '3) Item'.
LIST_MARK = re.compile(rf"^\s*(?:[{re.escape(BULLETS)}]|\d{{1,2}}[.)])\s+")
# A bullet and a space only.
BULLET = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+")
# A numbered item, optionally after a bullet ('- 1. Item'): cleaning reads these as numbered lists.
NUMBERED_ITEM = re.compile(rf"^\s*(?:[{re.escape(BULLETS)}]\s*)?(?:\d{{1,2}}[.)]\s+)")
