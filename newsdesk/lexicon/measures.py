"""Words for what a figure measures that mean the same thing."""
from __future__ import annotations

# A figure's measure word -> the word it is compared as, so two reports of one figure meet
# ('defence spending' / 'defense spending'). Three general kinds, none chosen for one story:
# - British and American spellings of one noun (defence/defense, labour/labor, programme/program);
# - 'two-way', the usual synonym of 'bilateral' in trade statistics ('two-way trade');
# - the collective nouns for people employed or deployed: 'officers', 'staff' -> 'personnel',
#   'soldiers' -> 'troops'.
MEASURE_SYNONYMS = {
    "defence": "defense", "labour": "labor", "programme": "program",
    "two-way": "bilateral", "twoway": "bilateral",
    "officers": "personnel", "staff": "personnel", "soldiers": "troops",
}
