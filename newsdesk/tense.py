"""The tense a date expression is used in: does the clause report the past or look ahead?

:func:`tense_at` answers for the characters ``text[start:end]``: ``PAST`` (-1),
``FUTURE`` (+1) or ``UNSURE`` (0). With a spaCy parse of the text it reads the
verb that governs the expression (its auxiliaries, its tag, the verb an
infinitive depends on); without one, or when the parse cannot tell, it reads
the nearest verb group in the same sentence (before the expression, else after).

'will meet on Thursday', 'is due to sign on Thursday', 'meets on Thursday' look
ahead; 'met on Thursday', 'was signed on Thursday', 'has said on Thursday' report
the past; 'Thursday's vote' and a table cell say nothing.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["PAST", "FUTURE", "UNSURE", "tense_at", "rule_tense", "parse_tense"]

PAST, UNSURE, FUTURE = -1, 0, 1
# Characters read either side of an expression for its sentence when no boundary comes sooner: a long
# news sentence's length (set by hand; a verb further away belongs to another clause anyway).
REACH = 300

# Closed classes of English grammar: modal auxiliaries, forms of 'be'/'have'/'do'.
_MODALS = {"will", "shall", "would", "could", "may", "might", "should", "must", "can", "cannot", "won't", "wont",
           "shan't", "ll"}
_PAST_AUX = {"was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't"}
_PRESENT_BE = {"is", "are", "am", "isn't", "aren't", "does", "do", "doesn't", "don't"}
_HAVE = {"has", "have", "hasn't", "haven't"}
_BE_FORMS = {"be", "been", "being"}
# Words that make the infinitive after them look ahead ('is due to', 'plans to', 'agreed to').
_PROSPECTIVE = {"going", "due", "set", "expected", "expects", "expect", "scheduled", "slated", "poised", "planning",
                "planned", "plans", "plan", "intends", "intend", "intended", "aims", "aim", "aimed", "hopes", "hope",
                "hoped", "about", "agreed", "agree", "agrees", "decided", "promised", "pledged", "vowed", "wants",
                "want", "wanted", "prepared", "preparing", "threatened", "ready", "likely", "unlikely", "bound"}
_PROSPECTIVE_LEMMAS = {"go", "due", "set", "expect", "schedule", "slate", "poise", "plan", "intend", "aim", "hope",
                       "about", "agree", "decide", "promise", "pledge", "vow", "want", "prepare", "threaten", "ready",
                       "likely", "unlikely", "bind", "seek"}
# Irregular past forms and participles of common English verbs (regular ones end in -ed).
_IRREGULAR_PAST = set("""said told met held took left went came made gave saw began won lost sent spoke wrote flew
ran paid got brought bought fought thought sought caught taught found kept felt led meant sat stood understood became
broke chose drove fell forgot froze grew hid hung knew laid rose shook shot sold slept spent stole struck swore threw
wore withdrew woke rode rang sang sank swam tore bit blew built dealt dug drew fed fled forgave lent lit overtook
rebuilt rewrote sped spun stuck swung undertook upheld withheld overthrew arose awoke bore forbade foresaw sprang
strove wove""".split())
_PARTICIPLES = _IRREGULAR_PAST | set("""been done gone seen taken given written spoken known shown grown drawn driven
eaten fallen forgotten hidden ridden risen shaken stolen sworn thrown worn woken begun broken chosen frozen flown
withdrawn undertaken overtaken forgiven forbidden arisen""".split())
_NOT_VERBS = {"all", "also", "both", "still", "now", "then", "just", "only", "never", "often", "not", "later",
              "already", "again", "too", "each", "themselves", "ourselves", "usually", "always", "so"}
_ADJECTIVE_BEFORE = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
                     "your", "newly", "recently", "so-called", "long-awaited", "much-anticipated"}
_SENTENCE_BOUNDARY = re.compile(r"[.!?;:](?=\s|$)|\n|[“”\"]")
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
# Abbreviations English news writes with a period (titles, months, company forms), initials and dotted
# acronyms ('U.S.', 'a.m.'): their period ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Prof|Rev|Hon|Inc|Co|Corp|"
                           r"Ltd|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft|Ave|vs|etc)|\b[A-Z]"
                           r"|\b[A-Za-z](?:\.[A-Za-z])+)\.$")


def tense_at(text: str, start: int, end: int, doc: Doc | None = None) -> int:
    """PAST, FUTURE or UNSURE for the expression at ``text[start:end]`` (``doc``: a spaCy parse of ``text``)."""
    if doc is not None:
        found = parse_tense(doc, start, end)
        if found is not None:
            return found
    return rule_tense(text, start, end)


# -- without a parse ----------------------------------------------------------------------------
def rule_tense(text: str, start: int, end: int) -> int:
    """The tense of the nearest verb group in the expression's sentence, before it, else after it."""
    left = max((m.end() for m in _boundaries(text, max(0, start - REACH), start)), default=max(0, start - REACH))
    right = next((m.start() for m in _boundaries(text, end, end + REACH)), min(len(text), end + REACH))
    if text[end:end + 2] in ("'s", "’s"):
        return UNSURE  # 'Thursday's vote': the weekday modifies a noun and has no tense
    before, later = _words(text[left:start]), _words(text[end:right])
    if before and _regular_past(before[0].lower()):
        before[0] = before[0].lower()  # 'Asked on Tuesday ...': capitalised only as the sentence's first word
    return _nearest_signal(before, later)


def _nearest_signal(before: list[str], later: list[str], skip: int | None = None) -> int:
    """The first tense signal going back from the expression, else going forward from it."""
    for index in range(len(before) - 1, -1, -1):
        found = _signal(before, index) if index != skip else None
        if found is not None:
            return found if found != _MAIN_CLAUSE else _nearest_signal(before, later, skip=index)
    for index in range(len(later)):
        found = _signal(later, index)
        if found is not None and found != _MAIN_CLAUSE:
            return found
    return UNSURE


def _boundaries(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """Sentence and clause boundaries in ``text[lo:hi]``; the period of an abbreviation ('U.S.',
    'Mr.', 'Sept.') is none."""
    for m in _SENTENCE_BOUNDARY.finditer(text, lo, hi):
        if m.group() == "." and _ABBREVIATION.search(text, max(0, m.start() - 6), m.start() + 1):
            continue
        yield m


def _words(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text):
        word = word.replace("’", "'")
        if word.lower().endswith("'ll"):  # "we'll": the modal
            out += [word[:-3], "ll"]
        else:
            out.append(word)
    return out


def _signal(words: list[str], i: int) -> int | None:
    """The tense word ``i`` marks in its verb group, or None when it is not a verb the rule knows."""
    word, low = words[i], words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    if low in _MODALS:
        return PAST if nxt == "have" else FUTURE
    if low in _PROSPECTIVE and nxt == "to":
        return FUTURE
    if low in _PAST_AUX:
        return PAST
    if low in _HAVE:
        return PAST if nxt in _PARTICIPLES or _regular_past(nxt) else FUTURE
    if low in _PRESENT_BE:
        return FUTURE
    if low in _IRREGULAR_PAST or (word.islower() and _regular_past(low)):
        return _participle_group(words, i)
    return _present_verb(words, i)


_MAIN_CLAUSE = 2  # a signal meaning 'this verb takes the tense of the rest of the sentence'
# Participles that announce a plan ('the ruling, expected on Friday, ...'): with no auxiliary they take
# the tense of their sentence's main verb (it 'may delay' or it 'was moved').
_PLANNED = {"expected", "scheduled", "slated", "set", "planned", "due"}


def _regular_past(word: str) -> bool:
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _participle_group(words: list[str], i: int) -> int | None:
    """A past form: the auxiliaries before it decide ('will be signed', 'is scheduled', 'was held');
    after a determiner it is an adjective ('the newly elected ...') and says nothing."""
    prev = [w.lower() for w in words[max(0, i - 3):i]]
    if prev and prev[-1] in _ADJECTIVE_BEFORE:
        return None
    for aux in reversed(prev):
        if aux in _MODALS or aux in _PRESENT_BE:
            return FUTURE
        if aux in _PAST_AUX or aux in _HAVE:
            return PAST
        if aux not in _BE_FORMS and aux not in _NOT_VERBS:
            break
    return _MAIN_CLAUSE if words[i].lower() in _PLANNED else PAST


def _present_verb(words: list[str], i: int) -> int | None:
    """'she leaves', 'we meet', 'Ferreyra flies': a verb in the present after a pronoun or a name."""
    if i == 0 or not words[i].islower() or words[i] in _NOT_VERBS or len(words[i]) < 3:
        return None
    prev = words[i - 1]
    if prev.lower() in ("he", "she", "it", "who", "which", "that") and words[i].endswith("s") \
            and not words[i].endswith("ss"):
        return FUTURE
    if prev.lower() in ("we", "they", "i", "you"):
        return FUTURE
    if prev[0].isupper() and not prev.endswith(("'s", "s'")) and words[i].endswith("s") and not words[i].endswith("ss"):
        return FUTURE
    return None


# -- with a parse -------------------------------------------------------------------------------
def parse_tense(doc: Doc, start: int, end: int) -> int | None:
    """The tense of the verb governing the expression in a spaCy ``doc``: UNSURE when the
    expression modifies a noun ('Thursday's vote' has no tense), None when the parse cannot tell."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if span.root.dep_ in _NOUN_MODIFIER:
        return UNSURE
    verb = _governing_verb(span.root)
    if verb is not None:
        verb = _clause_owner(verb, span)
    found = _verb_tense(verb) if verb is not None else UNSURE
    return found if found != UNSURE else None


def _clause_owner(verb: Token, span: Span) -> Token:
    """'He said on Friday he would resign': an expression before the subject (or 'that') of a
    complement clause belongs to the verb that introduces the clause, whatever the parse says."""
    if verb.dep_ != "ccomp" or verb.head is verb:
        return verb
    openers = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "mark", "expl")]
    return verb.head if openers and span.end <= min(openers) else verb


_NOUN_MODIFIER = ("poss", "compound", "nmod", "amod")


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above the expression in the tree (None when there is none)."""
    current = token
    for _ in range(6):
        head = current.head
        if head is current:
            return current if current.pos_ in ("VERB", "AUX") else None
        if head.pos_ in ("VERB", "AUX"):
            return head
        current = head
    return None


def _verb_tense(verb: Token, depth: int = 0) -> int:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_.replace("’", "'") for a in aux}
    if words & (_MODALS | {"'ll", "wo", "ca"}):
        return PAST if "have" in words and verb.tag_ == "VBN" else FUTURE
    if any(a.tag_ == "TO" for a in aux):
        return _infinitive_tense(verb, depth)
    if any(a.tag_ == "VBD" for a in aux):
        return PAST
    if any(a.lemma_ == "have" for a in aux) and verb.tag_ == "VBN":
        return PAST
    if verb.tag_ == "VBD":
        return PAST
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return FUTURE
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "amod"):
        if verb.lower_ in _PLANNED and not aux:  # 'the ruling, expected on Friday, may delay ...'
            main = _governing_verb(verb.head)
            return _verb_tense(main, depth + 1) if main is not None and depth < 3 else UNSURE
        return PAST  # 'the agreement signed on Thursday'
    if depth < 3 and verb.head is not verb and verb.head.pos_ in ("VERB", "AUX"):
        return _verb_tense(verb.head, depth + 1)  # a conjunct or participle takes its head's tense
    return PAST if verb.tag_ == "VBN" else UNSURE


def _infinitive_tense(verb: Token, depth: int) -> int:
    """'to meet on Thursday' looks ahead after 'due', 'plans', 'agreed'...; otherwise it is
    as its head ('was forced to resign on Thursday')."""
    head = verb.head
    if head is verb or head.lemma_.lower() in _PROSPECTIVE_LEMMAS or head.lower_ in _PROSPECTIVE:
        return FUTURE
    if depth < 3 and head.pos_ in ("VERB", "AUX"):
        found = _verb_tense(head, depth + 1)
        return found if found != UNSURE else FUTURE
    return FUTURE
