"""Numbers written as words, and the scale words after a number."""
from __future__ import annotations

# English cardinal number words (and 'a dozen', 'dozens', 'half') -> their value. Source: English
# grammar; general because number words are a closed class.
NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a dozen": 12, "dozens": 24, "half": 0.5,
}
# Scale words and the abbreviations financial news writes after a number ('5bn', '$3.2m', '40k').
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12}


def small_counts() -> dict[str, int]:
    """'a', 'an' and the one-word numbers one to twelve -> their value: the counts written in words
    before a unit of time ('three days ago', 'a week ago')."""
    return {"a": 1, "an": 1} | {w: n for w, n in NUMBER_WORDS.items()
                                if isinstance(n, int) and 1 <= n <= 12 and " " not in w}
