"""Prepare: one document from its raw record to a cleaned, bounded article with its id (pure).

    RawDoc ─ validate ─ extract ─ bound ─ clean ─ publish date ─ id, language ─► Article

This is the per-document work that parses untrusted bytes, so runners call it
through :class:`newsdesk.workers.WorkerPool` (time and memory budget per
document); :func:`prepare_task` is the pool's task. The module imports only
what that work needs, so workers start light.
"""
from __future__ import annotations

from dataclasses import dataclass

from .clean import CleanOptions, clean
from .errors import InputError
from .extract import ExtractOptions, extract
from .pubdate import settle
from .records import Article, RawDoc
from .textutil import canonical_url, normalise, stable_id
from .validate import LIMITS, Limits, bounded_article, raw_doc

__all__ = ["Raised", "prepare_article", "prepare_many", "prepare_task", "warm_up"]


def prepare_article(raw: RawDoc, extract_options: ExtractOptions = ExtractOptions(),
                    clean_options: CleanOptions = CleanOptions(), limits: Limits = LIMITS) -> Article:
    """Extract, bound, clean and date one document and give it its stable id. Raises InputError."""
    article = bounded_article(extract(raw_doc(raw, limits), extract_options), limits)
    article = settle(clean(article, clean_options))
    if not article.text.strip():
        raise InputError("nothing left after removing page furniture")
    canon = canonical_url(article.url)
    article.id = stable_id("url", canon) if canon else stable_id("text", normalise(article.text))
    if not article.language:
        article.language = _language(article.text)
    return article


def prepare_task(job: tuple[RawDoc, ExtractOptions, CleanOptions]) -> Article | str:
    """The worker pool's task: the article, or the reason (an InputError's message) it has none."""
    raw, extract_options, clean_options = job
    try:
        return prepare_article(raw, extract_options, clean_options)
    except InputError as exc:
        return str(exc)


@dataclass(frozen=True, slots=True)
class Raised:
    """A document of :func:`prepare_many` on which a parser raised: the one-line reason."""

    error: str


def prepare_many(job: tuple[list[RawDoc], ExtractOptions, CleanOptions]) -> list[Article | str | Raised]:
    """The pool's task for a few small documents in one hand-off: :func:`prepare_task` of each,
    an exception of one standing in its place (a MemoryError is raised: the caller then reads
    each document on its own, with its own budget)."""
    from .workers import one_line

    docs, extract_options, clean_options = job
    out: list[Article | str | Raised] = []
    for raw in docs:
        try:
            out.append(prepare_task((raw, extract_options, clean_options)))
        except MemoryError:
            raise
        except Exception as exc:  # a parser failing on one odd document: that document's reason
            out.append(Raised(one_line(exc)))
    return out


def warm_up() -> None:
    """Load the language model now (it takes a second or two on first use)."""
    _language("A short sentence to load the model.")


def _language(text: str) -> str | None:
    import py3langid

    lang, _ = py3langid.classify(text[:2000])
    return lang
