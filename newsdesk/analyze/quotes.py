"""Direct quotes and who said them, read from the parse.

1. **Quotations** are the words between quotation marks, paragraph by paragraph.
   A quotation left open at the end of a paragraph goes on in the next one when
   that paragraph opens with a quotation mark (or has no mark before the closing
   one). Marks inside a quotation belong to it (nested quotes are not quotations
   of their own). A quoted phrase of 1-3 words (a scare quote) and a title of a
   work ("Meet the Press") are not speech.
2. **Speaker**: the subject of the verb the quotation is the complement of
   ('..., Roe said', 'Roe told reporters: ...', 'Roe, 61, added, ...', 'Roe
   said the deal was "a betrayal of everyone here"'), or of "according to".
   A participle ('..., saying "...") takes the subject of its clause. A quotation
   introduced by a colon in the sentence before, or standing alone right after
   words of the same speaker, continues that speaker.
3. The speaker is then named as the article names them (``coref.Cast``): "he"/"she"
   the person last the subject of a sentence before (gender only where the text
   states it), "Ms. Roe" / "Roe" the full name, "the senator" the person the
   article calls senator, "the statement" whoever issued it, "the agency" the
   organisation last said to act. "A spokeswoman for the agency" is written as
   such. When nothing in the text says who spoke, the quote has no speaker.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .coref import Cast, Person
from .model import PersonMention, Quote, Unit
from .people import (
    HONORIFICS,
    is_person_noun,
    is_proper,
    name_start,
    name_tokens,
    person_key,
    title_before_of,
    title_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_quotations", "attribute_quotes", "Piece", "SPEECH_LEMMAS"]

# Verbs of communication (general English: saying, asking, writing, posting, complaining ...). A verb whose
# clausal complement (ccomp) is the quotation is read as speech even when it is not listed here; the list is
# for the verbs that take the quotation as an object or stand beside it ('"...", Roe quipped').
SPEECH_LEMMAS = frozenset("""
say tell add state declare note write tweet post assert insist warn argue explain remark announce reply respond
retort acknowledge admit claim call describe urge praise promise vow emphasize emphasise stress continue recall
joke quip conclude observe predict ask answer complain criticize criticise testify summarize summarise read
suggest contend concede boast lament shout whisper muse counter charge allege deny confirm report repeat exclaim
scoff mock blast slam accuse condemn demand plead pledge reiterate recount caution question wonder agree concur
thunder fume snap cry yell scream proclaim maintain elaborate interject
""".split())
# Nouns for a document that carries someone's words: 'the statement said', 'a memo reads'.
_DOCUMENTS = frozenset("statement letter memo memorandum email e-mail tweet post release note message "
                       "filing complaint".split())
# Nouns a newsroom uses to refer back to an organisation already named: 'the agency said'.
_ORG_NOUNS = frozenset("""agency group organization organisation company firm department ministry committee
campaign union association administration government party office council board bureau commission coalition
network league institute foundation center centre court embassy police military army service team club society
federation lobby corporation bank account""".split())
_QUANTIFIERS = {"a", "an", "one", "two", "three", "several", "some", "many", "another", "other", "few", "most"}
# Articles, prepositions and conjunctions that titles of works keep in lower case.
_TITLE_SMALL_WORDS = frozenset("a an the and or but nor for of in on at to by with from into onto over under "
                               "as per via vs up off out".split())
_MIN_WORDS = 4  # fewer quoted words are a scare quote or a term, not speech
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SUBJECTS = ("nsubj", "nsubjpass")


# -- quotations ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class Piece:
    start: int  # the quoted words in the article text (marks excluded)
    end: int
    paragraph: int
    kind: str = "full"  # "full" | "open" (runs to the paragraph's end) | "lead" (closes an earlier one)


def _mark_kind(text: str, i: int, start: int, end: int) -> str:
    ch = text[i]
    if ch in "“«":
        return "open"
    if ch in "”»":
        return "close"
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before.isspace() or before in "([{—–-/":
        return "open" if not after.isspace() else "either"
    return "close" if after.isspace() or not after.isalnum() else "either"


def _scan(text: str, start: int, end: int, paragraph: int) -> list[Piece]:
    """Top-level quoted spans of one paragraph."""
    pieces: list[Piece] = []
    depth, opened = 0, -1
    for i in range(start, end):
        if text[i] not in "“”\"«»":
            continue
        kind = _mark_kind(text, i, start, end)
        if kind == "either":
            kind = "close" if depth else "open"
        if kind == "open":
            if depth == 0:
                opened = i + 1
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pieces.append(Piece(opened, i, paragraph))
        elif not pieces:
            pieces.append(Piece(start, i, paragraph, "lead"))
    if depth:
        pieces.append(Piece(opened, end, paragraph, "open"))
    return pieces


def find_quotations(text: str, paragraphs: list[tuple[int, int]]) -> list[list[Piece]]:
    """Quotations of the article, each as the pieces it spans (one per paragraph)."""
    scans = [_scan(text, s, e, n) for n, (s, e) in enumerate(paragraphs)]
    quotations: list[list[Piece]] = []
    pending: list[Piece] | None = None
    for n, pieces in enumerate(scans):
        pieces = list(pieces)
        if pending is not None:
            pending = _continue(pending, pieces, n, paragraphs, scans)
        for piece in pieces:
            if piece.kind == "lead":
                continue
            quotations.append([piece])
            pending = quotations[-1] if piece.kind == "open" else None
    return [_trimmed(text, q) for q in quotations if _is_speech(text, q)]


def _continue(pending: list[Piece], pieces: list[Piece], n: int, paragraphs: list[tuple[int, int]],
              scans: list[list[Piece]]) -> list[Piece] | None:
    """Attach this paragraph's part of a quotation left open; return it if it is still open."""
    start, end = paragraphs[n]
    if pieces and pieces[0].kind == "lead":
        pending.append(pieces.pop(0))
        return None
    if pieces and pieces[0].start == start + 1:
        pending.append(pieces.pop(0))
        return pending if pending[-1].kind == "open" else None
    if not pieces and _closed_later(scans, n):
        pending.append(Piece(start, end, n, "open"))
        return pending
    return None


def _closed_later(scans: list[list[Piece]], n: int, reach: int = 5) -> bool:
    """Paragraphs without marks, then one that closes a quotation before opening any."""
    for pieces in scans[n + 1:n + 1 + reach]:
        if pieces:
            return pieces[0].kind == "lead"
    return False


def _trimmed(text: str, quotation: list[Piece]) -> list[Piece]:
    for piece in quotation:
        while piece.start < piece.end and (text[piece.start].isspace() or text[piece.start] in ",;:"):
            piece.start += 1
        while piece.end > piece.start and text[piece.end - 1].isspace():
            piece.end -= 1
    return [p for p in quotation if p.end > p.start]


def _is_speech(text: str, quotation: list[Piece]) -> bool:
    words = [w for p in quotation for w in _WORD.findall(text[p.start:p.end])]
    if len(words) < _MIN_WORDS:
        return False
    return not _is_title_of_work(words)


def _is_title_of_work(words: list[str]) -> bool:
    """'Newsweek Puts Picture of Candidate on Cover', 'On the Record with Ann Lee': every word
    capitalised but the short function words English titles leave in lower case."""
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return len(words) <= 14 and len(content) >= 2 and all(w[0].isupper() for w in content) \
        and words[0][0].isupper()


# -- speakers --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Speaker:
    name: str
    key: str = ""  # person key (surname) for a person
    kind: str = "person"  # "person" | "organisation" | "description"
    cue: str = "verb"


class _Reader:
    """The parsed article as attribution reads it: units, their parses and people, the cast."""

    def __init__(self, units: list[Unit], docs: list[Doc], people: list[list[PersonMention]], cast: Cast,
                 quotations: list[list[Piece]]) -> None:
        self.units, self.docs, self.people, self.cast = units, docs, people, cast
        self.spans = sorted((p.start, p.end) for q in quotations for p in q)
        self._subjects: dict[int, list[tuple[Person, int]]] = {}
        self.said: dict[int, Speaker] = {}  # unit index -> speaker of a quotation or speech verb in it
        self.current = (0, 0)  # the quotation being attributed

    # -- positions ------------------------------------------------------------------------
    def named_inside(self, speaker: Speaker, piece: Piece) -> bool:
        """The quotation names its would-be speaker ('"Roe has lost it," he said' is not Roe's)."""
        if not speaker.key:
            return False
        words = {w.lower().strip(".,’'") for w in _WORD.findall(self.text_of(piece))}
        return speaker.key in words

    def text_of(self, piece: Piece) -> str:
        home = _unit_of(self.units, piece.start)
        if home is None:
            return ""
        unit = self.units[home]
        return unit.text[piece.start - unit.start:piece.end - unit.start]

    def at(self, token: Token, i: int) -> int:
        return self.units[i].start + token.idx

    def quoted(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.spans)

    def units_over(self, start: int, end: int) -> list[int]:
        return [i for i, u in enumerate(self.units) if u.start < end + 1 and u.end > start - 1]

    def person_at(self, token: Token, i: int) -> Person | None:
        offset = self.at(token, i)
        for mention in self.people[i]:
            if mention.name and mention.start <= offset < mention.end:
                return self.cast.person_of(mention)
        return None

    # -- who a noun phrase names ------------------------------------------------------------------
    def speaker(self, token: Token, i: int) -> Speaker | None:
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
            token = token.head.head  # 'Roe, who said ...' -> Roe
        if token.pos_ == "PRON":
            return self._pronoun_speaker(token, i)
        titled = _name_after_title(token)  # 'Secretary of the Interior Kay Roe' with 'Secretary' as head
        if titled is not None:
            token = titled
        person = self.person_at(token, i)
        if person is not None:
            return Speaker(person.name, person.key)
        title_only = is_person_noun(token) and not token.ent_type_  # 'The former President'
        if is_proper(token) and not title_only or token.ent_type_ in ("ORG", "NORP", "GPE", "FAC"):
            return self._proper_speaker(token, i)
        if token.pos_ in ("NOUN", "PROPN"):
            return self._noun_speaker(token, i)
        return None

    def _pronoun_speaker(self, token: Token, i: int) -> Speaker | None:
        low = token.text.lower()
        if low in ("he", "she"):
            person = self.pronoun(token, i, "m" if low == "he" else "f")
            return Speaker(person.name, person.key, cue="pronoun") if person else None
        if low == "it":
            return self._organisation_subject(i - 1) if i > 0 else None
        return None

    def _organisation_subject(self, j: int) -> Speaker | None:
        """'It said': the organisation that is the main subject of the sentence before, if one is."""
        roots = [t for t in self.docs[j] if t.dep_ == "ROOT"]
        for root in roots:
            for child in root.children:
                if child.dep_ in _SUBJECTS and child.ent_type_ == "ORG":
                    words = _proper_phrase(child)
                    return Speaker(" ".join(w.text for w in words), kind="organisation", cue="pronoun")
        return None

    def _proper_speaker(self, token: Token, i: int) -> Speaker | None:
        """A proper noun: a person the article names (by full name, surname or first name), else an
        organisation or place as written, else a name with an honorific or a PERSON entity."""
        start, end = name_tokens(token.doc, name_start(token), token.i + 1)
        name = token.doc[start:end].text if end > start else ""
        person = self.cast.lookup(name, self.at(token, i)) if name and end - start <= 4 else None
        if person is not None and _tokens_fit(name, person.name):
            return Speaker(person.name, person.key)
        if token.ent_type_ in ("ORG", "NORP", "GPE", "FAC"):
            words = _proper_phrase(token)
            return Speaker(" ".join(w.text for w in words), kind="organisation") if words else None
        honorific = start > 0 and HONORIFICS.get(token.doc[start - 1].text.lower().rstrip("."))
        if name and (honorific or token.ent_type_ == "PERSON"):
            return Speaker(name, person_key(name))
        return None

    def _noun_speaker(self, token: Token, i: int) -> Speaker | None:
        for child in token.children:
            if child.dep_ == "appos" and (named := self.person_at(child, i)) is not None:
                return Speaker(named.name, named.key)
        lemma = token.lemma_.lower()
        if lemma in _DOCUMENTS:
            return self.document_author(token, i)
        determiner = next((c.text.lower() for c in token.children if c.dep_ in ("det", "poss", "nummod")), "")
        owned = any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in token.children) or _has_owner(token)
        if is_person_noun(token):
            resolved = self._by_title(token, i) if determiner == "the" and not owned else None
            if resolved is not None or determiner in ("", "his", "her", "their", "its"):
                return resolved  # 'his lawyer' (whose?) and bare plurals ('officials') name nobody
            return Speaker(_description(token), kind="description", cue="title")
        if lemma in _ORG_NOUNS:
            if owned:
                return Speaker(_description(token), kind="description")
            return self.organisation_named(token, i) if determiner == "the" else None
        return None

    def _by_title(self, token: Token, i: int) -> Speaker | None:
        core = list(token.doc[token.left_edge.i:token.i + 1])
        title = title_of(core)
        former = title.status == "former"
        person = self.cast.by_title(title.office, title.role, former, title.country, self.at(token, i),
                                    self.recent(i, 1))
        return Speaker(person.name, person.key, cue="title") if person else None

    def recent(self, i: int, paragraphs: int = 3) -> int:
        """Where the text starts that is at most ``paragraphs`` paragraphs before unit ``i``."""
        j = i
        while j > 0 and self.units[i].paragraph - self.units[j - 1].paragraph <= paragraphs:
            j -= 1
        return self.units[j].start

    # -- people and organisations earlier in the article -------------------------------------------
    def subjects(self, i: int) -> list[tuple[Person, int]]:
        """People who are the subject of a clause of unit ``i`` (outside quotes), main clause first."""
        for j in range(len(self._subjects), i + 1):  # in reading order: a pronoun looks back only
            self._subjects[j] = self._unit_subjects(j)
        return self._subjects[i]

    def _unit_subjects(self, i: int) -> list[tuple[Person, int]]:
        """Salient people of unit ``i``: the subjects of its clauses (main clause first); failing
        those, the owner of its subject ('Roe's response was ...'); failing that, the one person it names."""
        subjects, owners = [], []
        for token in self.docs[i]:
            if self.quoted(self.at(token, i)):
                continue
            if token.dep_ in _SUBJECTS or _is_according_source(token):
                person = self._subject_person(token, i)
                if person is not None:
                    subjects.append((person, _depth(token), self.at(token, i)))
            elif token.dep_ == "poss" and token.head.dep_ in _SUBJECTS + ("attr",):
                person = self.person_at(token, i)
                if person is not None:
                    owners.append((person, _depth(token), self.at(token, i)))
        if i in self.said and self.said[i].key:
            person = self.cast.lookup(self.said[i].name, self.units[i].start)
            if person is not None:
                subjects.append((person, 0, self.units[i].start))
        found = sorted(subjects or owners, key=lambda x: (x[1], x[2]))
        if not found:
            named = self._named_in(i)
            return [(named, self.units[i].start)] if named is not None else []
        return [(p, at) for p, _, at in found]

    def _named_in(self, i: int) -> Person | None:
        """The one person unit ``i`` names outside quotes (None when it names none or several)."""
        named = {}
        for m in self.people[i]:
            person = self.cast.person_of(m) if m.name else None
            if person is not None and not self.quoted(m.start):
                named[person.id] = person
        return next(iter(named.values())) if len(named) == 1 else None

    def _subject_person(self, token: Token, i: int) -> Person | None:
        low = token.text.lower()
        if low in ("he", "she"):
            return self.pronoun(token, i, "m" if low == "he" else "f", same_unit=False)
        person = self.person_at(token, i) or next(
            (p for c in token.children if c.dep_ == "appos" and (p := self.person_at(c, i)) is not None), None)
        if person is None and token.pos_ == "NOUN" and is_person_noun(token):
            title = title_of(list(token.doc[token.left_edge.i:token.i + 1]))
            if any(c.text.lower() == "the" for c in token.children):
                person = self.cast.by_title(title.office, title.role, title.status == "former", title.country,
                                            self.at(token, i), self.recent(i, 1))
        return person

    def pronoun(self, token: Token, i: int, gender: str, same_unit: bool = True) -> Person | None:
        """'he'/'she': the nearest earlier salient person (a subject of this sentence before the pronoun,
        then of the sentences before, at most three paragraphs back; see ``subjects``) whose stated
        gender does not contradict the pronoun and who is not named inside the quotation."""
        at = self.at(token, i)
        candidates = []
        if same_unit:
            candidates += [p for p, pos in reversed(self._names_before(i, at))]
        paragraph = self.units[i].paragraph
        for j in range(i - 1, max(-1, i - 12), -1):
            if paragraph - self.units[j].paragraph > 3:
                break
            candidates += [p for p, _ in self.subjects(j)]
        for person in candidates:
            if (not person.gender or person.gender == gender) and not self._named_in_current(person):
                return person
        return None

    def _named_in_current(self, person: Person) -> bool:
        start, end = self.current
        return any(start <= seen < end for seen in person.seen)

    def _names_before(self, i: int, at: int) -> list[tuple[Person, int]]:
        out = []
        for token in self.docs[i]:
            if token.dep_ in _SUBJECTS and self.at(token, i) < at and not self.quoted(self.at(token, i)):
                person = self.person_at(token, i)
                if person is not None:
                    out.append((person, self.at(token, i)))
        return out

    def _organisations(self, i: int, paragraphs: int = 3) -> Iterable[tuple[Token, int]]:
        """Organisation entities outside quotes, from unit ``i`` back (at most ``paragraphs`` paragraphs
        before it), nearest first."""
        for j in range(i, -1, -1):
            if self.units[i].paragraph - self.units[j].paragraph > paragraphs:
                return
            for ent in reversed(self.docs[j].ents):
                if ent.label_ == "ORG" and not self.quoted(self.units[j].start + ent.start_char):
                    yield ent.root, j

    def recent_organisation(self, i: int, at: int) -> Speaker | None:
        """The organisation that was the subject of a verb of saying in this paragraph or the one before."""
        for root, j in self._organisations(i, paragraphs=1):
            if root.dep_ in _SUBJECTS and _says(root.head) and self.at(root, j) < at:
                return Speaker(" ".join(w.text for w in _proper_phrase(root)), kind="organisation", cue="pronoun")
        return None

    def organisation_named(self, token: Token, i: int) -> Speaker | None:
        """'the agency said': the organisation named with that word, else the one last the subject."""
        word = token.text.lower()
        at = self.at(token, i)
        for root, j in self._organisations(i):
            phrase = " ".join(w.text for w in _proper_phrase(root))
            if word in phrase.lower().split() and self.at(root, j) < at:
                return Speaker(phrase, kind="organisation", cue="title")
        found = self.recent_organisation(i, at)
        if found:
            found.cue = "title"
        return found

    def document_author(self, token: Token, i: int) -> Speaker | None:
        """'the statement said': whoever the article says issued it ('a statement from X', 'X said in a
        statement', 'X issued a statement'), looking back at most three paragraphs."""
        for child in token.children:
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.text.lower() in ("from", "by")):
                owner = child if child.dep_ == "poss" else next((c for c in child.children if c.dep_ == "pobj"), None)
                if owner is not None:
                    return self.speaker(owner, i)
        if not any(c.dep_ == "det" and c.text.lower() in ("the", "that", "this") for c in token.children):
            return None
        paragraph = self.units[i].paragraph
        for j in range(i - 1, max(-1, i - 12), -1):
            if paragraph - self.units[j].paragraph > 3:
                break
            issued = self._issuer(j, token.lemma_.lower())
            if issued:
                issued.cue = "document"
                return issued
        return None

    def _issuer(self, j: int, noun: str) -> Speaker | None:
        for verb in self.docs[j]:
            if verb.pos_ not in ("VERB", "AUX") or not _mentions_document(verb, noun):
                continue
            subject = subject_of(verb)
            if subject is not None:
                return self.speaker(subject, j)
        return None


def _name_after_title(token: Token) -> Token | None:
    """The name a title noun introduces through 'of' ('Secretary of the Interior Kay Roe')."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.text.lower() == "of":
            for name in prep.children:
                title = title_before_of(name, name_start(name)) if name.dep_ == "pobj" and is_proper(name) else None
                if title is not None and title.i == token.i:
                    return name
    return None


def _is_according_source(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.text.lower() == "to" and token.head.head.lower_ == "according"


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 20:
        token, depth = token.head, depth + 1
    return depth


def _mentions_document(verb: Token, noun: str) -> bool:
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() == noun:
            return True
        if child.dep_ == "prep" and any(c.lemma_.lower() == noun for c in child.children if c.dep_ == "pobj"):
            return True
    return False


def _has_owner(token: Token) -> bool:
    """'a spokeswoman for the agency', 'an aide to the senator'."""
    return any(c.dep_ == "prep" and c.text.lower() in ("for", "of", "to", "at", "with") for c in token.rights)


def _description(token: Token) -> str:
    """A speaker written as the article describes them: 'spokeswoman for the agency'."""
    words = [t for t in token.doc[token.left_edge.i:token.i + 1]]
    for child in token.rights:
        if child.dep_ == "prep":
            words += [t for t in child.subtree][:10]
            break
    while words and words[0].dep_ == "det":  # 'a spokeswoman for X' -> 'spokeswoman for X'
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    return token.doc[words[0].i:words[-1].i + 1].text if words else token.text


def _proper_phrase(token: Token) -> list[Token]:
    """The proper noun with its compound words, without a determiner or honorific: 'Harbour and Coast
    Service', 'Town Hall', 'Varga'."""
    doc = token.doc
    start = token.left_edge.i
    words = [t for t in doc[start:token.i + 1]]
    while words and (words[0].dep_ == "det" or words[0].is_punct or words[0].dep_ in ("poss", "case")
                     or HONORIFICS.get(words[0].text.lower().rstrip(".")) or words[0].pos_ in ("ADJ", "NUM")):
        words.pop(0)
    if words and any(w.dep_ in ("poss", "case") for w in words):
        cut = max(k for k, w in enumerate(words) if w.dep_ in ("poss", "case"))
        words = words[cut + 1:]
    return words


def _tokens_fit(written: str, name: str) -> bool:
    """The words are (part of) the person's name: 'Lind' for 'Tomas Lind', not 'Lind Media'."""
    parts = {p.lower().strip(".,") for p in name.split()}
    return all(w.lower().strip(".,") in parts for w in written.split())


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; a participle or infinitive without one takes its clause's ('..., saying ...',
    'Roe was quick to retort'); a participle on a noun takes the noun ('Roe, writing that ...')."""
    return next(subjects_up(verb), None)


def subjects_up(verb: Token) -> Iterator[Token]:
    """The verb's own subject; for a participle or infinitive, the subject of the clause it hangs
    from. The parse may hang '..., saying' on a reported clause ('X insisted that the agency does not
    ..., saying ...'), whose subject did not say it: then the reporter's subject comes first."""
    for _ in range(5):
        own = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if own:
            yield own[0]
            return
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            yield verb.head
            return
        if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "relcl") or verb.head.i == verb.i:
            return
        verb = verb.head
        if verb.pos_ in ("ADP", "SCONJ") and verb.dep_ in ("prep", "mark"):  # 'before again claiming'
            verb = verb.head
        own = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if own:
            if verb.dep_ == "ccomp":
                yield from [c for c in verb.head.children if c.dep_ in _SUBJECTS][:1]
            yield own[0]
            return


# -- anchoring a quotation to its speech verb -----------------------------------------------------------
def _anchor(doc: Doc, inside: set[int], quoted: AbstractSet[int] = frozenset()) -> Token | None:
    """The speech verb the quoted tokens depend on, or the 'according to' source, outside the quote:
    going up from the quotation, the first verb of saying; failing that, the first verb whose clausal
    complement the quotation is ('"...," Roe fumed')."""
    roots = [t for t in doc if t.i in inside and (t.head.i not in inside or t.head.i == t.i)]
    structural = []
    for root in roots:
        chain = [(v, via) for v, via in _verbs_above(root, inside) if v.i not in quoted]
        said = [v for v, _ in chain if v.lemma_.lower() in SPEECH_LEMMAS]
        if said:
            return said[0]
        structural += [v for v, via in chain if via in ("ccomp", "parataxis")]
        for c in root.children:
            if c.i not in quoted and c.pos_ == "VERB" and c.lemma_.lower() in SPEECH_LEMMAS:
                return c  # '"...", he said' parsed with 'said' under the quote
    # a verb of saying beside the quote ('X, Roe said, was "..."') before a verb of thinking above it
    return _nearby_speech_verb(doc, inside, quoted) or (structural[0] if structural else None)


def _verbs_above(root: Token, inside: set[int]) -> list[tuple[Token, str]]:
    """Verbs on the path up from a quoted token, each with the relation it was reached by."""
    out = []
    child, head = root, root.head
    while head.i != child.i and head.i not in inside:
        if head.pos_ in ("VERB", "AUX"):
            out.append((head, child.dep_))
        child, head = head, head.head
    return out


def _nearby_speech_verb(doc: Doc, inside: set[int], quoted: AbstractSet[int]) -> Token | None:
    """A speech verb (or 'according to') elsewhere in the sentence: the one closest to the quote."""
    if not inside:
        return None
    first, last = min(inside), max(inside)
    found = []
    for token in doc:
        if token.i in inside or token.i in quoted:
            continue
        if token.lemma_.lower() == "accord" and any(c.text.lower() == "to" for c in token.children):
            source = next((g for c in token.children for g in c.children if c.text.lower() == "to"
                           and g.dep_ == "pobj"), None)
            if source is not None:
                found.append((abs(token.i - last), source))
        elif token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_LEMMAS and subject_of(token) is not None \
                and not _has_own_content(token, inside):
            found.append((min(abs(token.i - last), abs(token.i - first)), token))
    return min(found, key=lambda x: x[0])[1] if found else None


def _has_own_content(verb: Token, inside: set[int]) -> bool:
    """The verb reports other words of its own ('X said the plan would fail'), not this quotation;
    the medium or the listener as its object ('wrote a letter', 'told reporters') is not content."""
    for c in verb.children:
        if c.dep_ not in ("ccomp", "dobj") or c.i in inside or {t.i for t in c.subtree} & inside:
            continue
        if c.dep_ == "dobj" and (c.lemma_.lower() in _DOCUMENTS or c.pos_ in ("PRON", "PROPN")
                                 or is_person_noun(c)):
            continue
        return True
    return False


_Previous = tuple[list[Piece], Speaker | None] | None  # the quotation before and who said it


def attribute_quotes(text: str, units: list[Unit], docs: list[Doc], people: list[list[PersonMention]],
                     cast: Cast) -> list[list[Quote]]:
    """The article's quotations with their speakers, as ``Quote`` records per unit (a quotation is
    stored in the unit where each of its pieces starts)."""
    paragraphs = _paragraphs(units)
    quotations = find_quotations(text, paragraphs)
    reader = _Reader(units, docs, people, cast, quotations)
    out: list[list[Quote]] = [[] for _ in units]
    previous: _Previous = None
    for quotation in quotations:
        speaker = _attribute(reader, quotation, previous)
        previous = (quotation, speaker)
        for piece in quotation:
            home = _unit_of(units, piece.start)
            if home is None:
                continue
            if speaker is not None:
                for i in reader.units_over(piece.start, piece.end):
                    reader.said.setdefault(i, speaker)
            out[home].append(_record(text, piece, speaker))
    return out


def _paragraphs(units: list[Unit]) -> list[tuple[int, int]]:
    spans: dict[int, list[int]] = {}
    for u in units:
        span = spans.setdefault(u.paragraph, [u.start, u.end])
        span[0], span[1] = min(span[0], u.start), max(span[1], u.end)
    return [(spans[k][0], spans[k][1]) for k in sorted(spans)]


def _unit_of(units: list[Unit], offset: int) -> int | None:
    for i, u in enumerate(units):
        if u.start <= offset < u.end:
            return i
    return None


def _record(text: str, piece: Piece, speaker: Speaker | None) -> Quote:
    quote = Quote(piece.start, piece.end, text[piece.start:piece.end])
    if speaker is not None:
        quote.speaker, quote.speaker_key, quote.cue = speaker.name, speaker.key, speaker.cue
        quote.speaker_kind = speaker.kind
    return quote


def _attribute(reader: _Reader, quotation: list[Piece], previous: _Previous) -> Speaker | None:
    reader.current = (quotation[0].start, quotation[-1].end)
    for piece in quotation:
        found = _from_verb(reader, piece)
        if found:
            return found
    return _from_introduction(reader, quotation[0]) or _carried(reader, quotation[0], previous)


def _inside(reader: _Reader, i: int, piece: Piece) -> set[int]:
    base = reader.units[i].start
    return {t.i for t in reader.docs[i] if piece.start <= base + t.idx < piece.end}


def _from_verb(reader: _Reader, piece: Piece) -> Speaker | None:
    for i in reader.units_over(piece.start, piece.end) + _fragment_after(reader, piece):
        inside = _inside(reader, i, piece)
        quoted = {t.i for t in reader.docs[i] if reader.quoted(reader.at(t, i))} | inside
        anchor = _anchor(reader.docs[i], inside, quoted) if inside else _bare_speech_verb(reader.docs[i])
        if anchor is None:
            continue
        if anchor.dep_ == "pobj":
            speaker = reader.speaker(anchor, i)
            if speaker is not None:
                speaker.cue = "according"
        else:
            speaker = _speaker_of_verb(reader, anchor, i)
        if speaker is not None:
            return speaker
    return None


def _speaker_of_verb(reader: _Reader, verb: Token, i: int) -> Speaker | None:
    """Who the verb says spoke: its subject; a name right after it ('..., said Roe'; 'Her remarks, said
    Roe, were ...' where the parse took another subject); or, when the parse left the verb without a
    subject ('At noon, Ms. Roe, reading the draft, complained'), the person named last before it."""
    subject, speaker = None, None
    for subject in subjects_up(verb):
        speaker = reader.speaker(subject, i)
        if speaker is not None:
            break
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if speaker is None and after is not None and after.pos_ == "PROPN" and not _could_speak(subject) \
            and _phrase_head(after).dep_ not in ("dobj", "dative", "iobj", "pobj"):
        speaker = reader.speaker(_phrase_head(after), i)
    if speaker is None and _orphaned(verb, subject):
        orphan = _named_before_verb(reader, verb, i)
        speaker = reader.speaker(orphan, i) if orphan is not None else None
    return speaker


def _orphaned(verb: Token, subject: Token | None) -> bool:
    """The parse gave the verb no subject that could speak: none at all, or, for a participle
    ('The pushback came from Roe, writing ...'), a thing rather than a person or organisation."""
    if subject is None:
        return True
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp") or subject.pos_ != "NOUN":
        return False
    lemma = subject.lemma_.lower()
    return not is_person_noun(subject) and lemma not in _ORG_NOUNS and lemma not in _DOCUMENTS


def _could_speak(subject: Token | None) -> bool:
    """A subject that names someone (a person noun, a pronoun, a name), even if unresolved."""
    return subject is not None and (subject.pos_ in ("PRON", "PROPN") or is_person_noun(subject))


def _phrase_head(token: Token) -> Token:
    while token.dep_ in ("compound", "flat") and token.head.i > token.i:
        token = token.head
    return token


def _named_before_verb(reader: _Reader, verb: Token, i: int) -> Token | None:
    """The last named person before the verb, with no clause of its own in between."""
    doc = verb.doc
    for j in range(verb.i - 1, -1, -1):
        token = doc[j]
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in token.children):
            return None
        if reader.person_at(token, i) is not None and not reader.quoted(reader.at(token, i)):
            return token
    return None


def _bare_speech_verb(doc: Doc) -> Token | None:
    """'Roe said.' / 'said Roe, the mayor.': a speech verb with a subject and nothing it reports."""
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_LEMMAS and subject_of(token) is not None \
                and not _has_own_content(token, set()):
            return token
    return None


def _fragment_after(reader: _Reader, piece: Piece) -> list[int]:
    """'"...?" Roe asked.' cut into two sentences: the unit right after the closing mark."""
    home = _unit_of(reader.units, piece.end)
    nxt = (home if home is not None else _unit_of(reader.units, piece.end - 1)) or 0
    nxt += 1
    if nxt >= len(reader.units) or reader.units[nxt].paragraph != reader.units[nxt - 1].paragraph:
        return []
    gap = reader.units[nxt].start - piece.end
    return [nxt] if 0 <= gap <= 3 else []


def _from_introduction(reader: _Reader, piece: Piece) -> Speaker | None:
    """'Roe wrote on Twitter:' then the quote; or a speech verb with nothing quoted just before a
    paragraph that is only the quotation."""
    home = _unit_of(reader.units, piece.start)
    if home is None:
        return None
    unit = reader.units[home]
    lead = reader.units[home].text[:piece.start - unit.start].rstrip(" “\"«,")
    if lead.rstrip().endswith(":"):
        return _speaker_before(reader, home, piece.start)
    if any(c.isalnum() for c in lead) or home == 0:
        return None
    before = reader.units[home - 1]
    if before.text.rstrip().endswith(":") or (_only_quoted(reader, home) and _introduces(reader, home - 1)):
        return _speaker_before(reader, home - 1, before.end)
    return None


def _speaker_before(reader: _Reader, i: int, end: int) -> Speaker | None:
    """The speaker of the last word of saying in unit ``i`` before ``end`` ('Roe wrote:', 'Roe was
    quick to retort:'): its subject, or that of the clause it belongs to."""
    words = [t for t in reader.docs[i] if reader.at(t, i) < end and (t.lemma_.lower() in SPEECH_LEMMAS or _says(t))
             and not reader.quoted(reader.at(t, i))]
    for word in reversed(words):
        verb = word
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        speaker = _speaker_of_verb(reader, verb, i)
        if speaker is not None:
            speaker.cue = "introduced"
            return speaker
    return None


def _introduces(reader: _Reader, i: int) -> bool:
    """A sentence with a speech verb that quotes nothing itself ('Roe said in a statement.')."""
    doc = reader.docs[i]
    return any(_says(t) and not _has_own_content(t, set()) for t in doc) \
        and not any(reader.quoted(reader.at(t, i)) for t in doc)


def _says(token: Token) -> bool:
    """A verb of saying, or one whose object is a document ('issued a statement', 'sent a letter')."""
    if token.pos_ != "VERB":
        return False
    return token.lemma_.lower() in SPEECH_LEMMAS or any(
        c.dep_ == "dobj" and c.lemma_.lower() in _DOCUMENTS for c in token.children)


def _only_quoted(reader: _Reader, i: int) -> bool:
    """A unit that is a quotation and nothing else (at most a couple of words outside the marks)."""
    outside = [t for t in reader.docs[i] if t.is_alpha and not reader.quoted(reader.at(t, i))]
    return len(outside) <= 2


def _carried(reader: _Reader, piece: Piece, previous: _Previous) -> Speaker | None:
    """A quotation that is a sentence of its own continues the speaker of the words just before it in
    the same paragraph ('"A," Roe said. "B."'): the last verb of saying before it in the paragraph.
    A new paragraph is a new quotation unless the previous one was left open (see ``find_quotations``)."""
    home = _unit_of(reader.units, piece.start)
    if home is None or not _stands_alone(reader, home, piece):
        return None
    paragraph = reader.units[home].paragraph
    for i in range(home, max(-1, home - 8), -1):
        if reader.units[i].paragraph != paragraph:
            break
        spoken = _speaker_before(reader, i, piece.start if i == home else reader.units[i].end)
        if spoken is None and i < home:
            spoken = reader.said.get(i)  # a quotation of its own, attributed
        if spoken is not None:
            if reader.named_inside(spoken, piece):
                return None
            return Speaker(spoken.name, spoken.key, spoken.kind, "continued")
        if i < home and reader.subjects(i):
            return None  # someone else acts in between ('Roe said ... Lee disagreed. "..."')
    return None


def _stands_alone(reader: _Reader, i: int, piece: Piece) -> bool:
    """The quoted words make up their sentence (at most a couple of words outside the marks)."""
    base = reader.units[i].start
    for sent in reader.docs[i].sents:
        if base + sent.start_char < piece.end and piece.start < base + sent.end_char:
            outside = [t for t in sent if t.is_alpha and not reader.quoted(base + t.idx)]
            if len(outside) > 2:
                return False
    return True
