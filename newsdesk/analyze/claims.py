"""Claims: what each sentence asserts, read from its dependency parse.

One :class:`Assertion` per clause (a verb, or a copula, that heads a clause):

- **who** acts: the subject (a passive's agent), resolved to a person the
  analysis found, a named entity from NER, or the head noun; pronouns resolve
  to a quote's speaker ("I", "we"), to the subject of the reporting verb ("Kim
  said *he* would ...") or to the person the article last spoke of;
- **predicate**: the lemma with its particle ("step down"); **args**: the
  entities and head nouns of its objects, complements and prepositional phrases;
- **figures** and **dates** inside the clause (the unit's own records), and for
  each figure the noun it counts (``Figure.counted``: "1.5 million class
  *members*", "$3.5 billion for the *wall*");
- **polarity** and **modality**: done, planned ("will", "plans to", an
  infinitive), conditional (the main clause of an "if"), hypothetical (the
  "if" clause itself, "could", "must"), denied (what a denial reports);
- **who says so**: the outlet, or the party a reporting verb, "according to"
  or a direct quotation attributes it to.

Rules read the parse's structure (dependency labels, parts of speech, NER);
the few word lists below are closed classes of English (reporting verbs,
modals, linking verbs), not words of any story.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..dates import MONTHS, WEEKDAYS
from ..lexicon import OFFICES, country_of
from .model import Assertion, Figure, Unit
from .people import person_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_assertions", "entity_key", "head_verb", "REPORTING", "DIRECTIVE", "DENIAL", "LINKING"]

# Verbs that report speech or a stance; the clause they govern is what someone says.
REPORTING = frozenset("""say tell add state claim insist argue write tweet post warn announce note explain declare
assert acknowledge admit deny report allege suggest predict contend maintain testify recall reply respond stress
emphasize emphasise confirm indicate believe think concede complain charge accuse boast vow promise pledge threaten
signal reveal disclose estimate calculate project forecast conclude find show caution urge""".split())
# Verbs that ask for something: what they report is proposed, not done ('urged that states loosen').
DIRECTIVE = frozenset("suggest recommend urge propose demand ask request advise want call insist seek".split())
# Verbs whose infinitive complement happened ('prompted Lee to resign', 'began hearing evidence').
IMPLICATIVE = frozenset("manage begin start continue prompt force cause lead get help compel".split())
# Reporting verbs whose content is denied rather than asserted.
DENIAL = frozenset("deny dispute refute reject dismiss disavow".split())
# Verbs whose infinitive complement is refused or missed, not done.
REFUSAL = frozenset("refuse decline fail".split())
# Linking and stative verbs: a clause built on one of these is no concrete action.
LINKING = frozenset("be have become remain seem appear look sound stay feel represent constitute mean include".split())
_CLAUSE_DEPS = frozenset("ROOT ccomp xcomp advcl relcl conj csubj csubjpass acl pcomp parataxis".split())
_SUBJECTS = frozenset("nsubj nsubjpass csubj csubjpass expl".split())
_NOMINAL = frozenset(("NOUN", "PROPN", "PRON"))
_ARGUMENTS = frozenset("nsubj nsubjpass dobj attr oprd dative".split())
_FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())
_THIRD_PERSON = frozenset("he him his himself she her hers herself".split())
_CONDITION_MARKS = frozenset("if unless whether".split())
_PLANNED_AUX = frozenset("will shall 'll wo".split())
_DEMANDED_AUX = frozenset("must should ought".split())  # 'the Senate should take up the bills': called for
_HYPOTHETICAL_AUX = frozenset("could might may can ca".split())
_NOT_ENTITY_TYPES = frozenset("DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
# Adverbs that complete a phrasal verb when they follow it directly ('stepped down', 'drop out'), and
# prepositions that make another verb of it there ('call on', 'call for', 'vote against').
_PARTICLES = frozenset("up down out off back over away in on".split())
_BOUND_PREPOSITIONS = frozenset("for on against into off".split())
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
_STATUS_WORDS = frozenset("new current sitting incumbent".split())
_HONORIFICS = frozenset("mr mrs ms miss dr sir dame rep sen gov gen lt col sgt capt prof rev".split())
# Nouns that name a part or amount of something: what they are of is the object ('the full set of emails').
_PARTITIVE = frozenset("set series number group pair lot range list batch portion part rest half share copy "
                       "kind type piece".split())
# Nouns that name a meeting or visit of their participants, and the act they name (general English).
_EVENT_NOUNS = {"meeting": "meet", "talk": "meet", "discussion": "meet", "summit": "meet", "negotiation": "meet",
                "visit": "visit", "trip": "visit", "interview": "interview"}
# Participles that say the thing a noun names grows or shrinks ('increased joint exercises', 'reduced
# border patrols'): the noun phrase itself asserts the change (general English).
_CHANGE_WORDS = {"increased": "increase", "expanded": "increase", "enlarged": "increase", "intensified": "increase",
                 "heightened": "increase", "reduced": "reduce", "decreased": "reduce", "curtailed": "reduce"}
TERM_MODIFIERS = 2  # modifiers besides the change word that make a noun phrase a specific term
# Adjectives that put the event a noun names in the future ('upcoming talks', 'a potential meeting').
# Prepositions that make an event the time of another act ('before his meeting with Kim'): general English.
_TIME_PREPS = frozenset("before after during since following until ahead prior".split())
_LIGHT_VERBS = frozenset("hold have conduct attend begin start open resume".split())  # '<verb> talks': the talks
_FUTURE_WORDS = frozenset("upcoming expected planned potential possible proposed scheduled coming next future "
                          "anticipated".split())
_OFFICE_WORDS = frozenset(w for office in OFFICES for w in office.split()) | frozenset(
    "leader spokesman spokeswoman spokesperson official aide adviser advisor chief director".split())
OFFICE_WORDS = _OFFICE_WORDS  # words of titles and offices ('congressman', 'secretary', 'spokesman')
# Nouns that only say "money" (the currency is already the figure's unit): what it is for says what is counted.
_NUMBER_LINKS = frozenset("compound quantmod nmod nummod".split())
_SHARE_NOUNS = frozenset("percent percentage point".split())  # units of a share: the share is of something
_MONEY_NOUNS = frozenset("funding money fund financing cash dollar payment spending budget amount sum".split())


@dataclass(slots=True)
class _ArticleState:
    """What the article has said so far: the person it last spoke of, the people it named."""

    people: dict[str, str] = field(default_factory=dict)  # lower-case name word -> person key
    offices: dict[str, str] = field(default_factory=dict)  # office -> the person the article gives it most
    last_person: str = ""


def find_assertions(units: list[Unit], docs: list[Doc]) -> None:
    """Fill ``unit.assertions`` (and each figure's ``counted``) for every parsed unit of one article."""
    state = _ArticleState(people=_people_registry(units, docs), offices=_office_holders(units))
    for unit, doc in zip(units, docs):
        reader = _UnitReader(unit, doc, state)
        unit.assertions = reader.assertions()
        reader.count_figures()
        if unit.assertions and unit.assertions[0].who.startswith("p:"):
            state.last_person = unit.assertions[0].who


def _people_registry(units: list[Unit], docs: list[Doc]) -> dict[str, str]:
    """Each word of a person's name (as the analysis or NER found it) -> that person's key."""
    people: dict[str, str] = {}
    names = [p.name for u in units for p in u.persons if p.name and p.key]
    names += [e.text for doc in docs for e in doc.ents if e.label_ == "PERSON" and len(e.text) > 2]
    for name in sorted(set(names), key=lambda n: -len(n.split())):
        key = person_key(name)
        for word in name.split():
            word = word.lower().strip(".,’'")
            if word not in _OFFICE_WORDS and word not in _HONORIFICS and len(word) > 1:
                people.setdefault(word, key)  # 'Senator Mara Lindqvist': 'senator' names nobody
    return people


def _office_holders(units: list[Unit]) -> dict[str, str]:
    """Office -> the person this article most often gives it ('the president' -> that person)."""
    counts: dict[str, dict[str, int]] = {}
    mentions: dict[str, int] = {}
    for unit in units:
        for p in unit.persons:
            mentions[p.key] = mentions.get(p.key, 0) + 1
            if p.name and p.key and p.office and p.how == "title" and p.status not in ("former", "then"):
                counts.setdefault(p.office, {}).setdefault(p.key, 0)  # 'President Lee': the surest attachment
                counts[p.office][p.key] += 1
    # the most titled, then the most mentioned ('President Lee' once, 'Mr. Lee' throughout)
    return {office: max(holders, key=lambda k: (holders[k], mentions.get(k, 0))) for office, holders in counts.items()}


def entity_key(text: str) -> str:
    """A named entity's key: lower case, no dots, no leading article or possessive ('The F.B.I.'s' -> 'fbi')."""
    key = text.lower().replace(".", "").replace("’", "'")
    key = re.sub(r"^the\s+|'s?$", "", key.strip())
    return re.sub(r"\s+", " ", key).strip(" -,")


class _UnitReader:
    """The clauses of one unit's parse, read into assertions."""

    def __init__(self, unit: Unit, doc: Doc, state: _ArticleState) -> None:
        self.unit, self.doc, self.state = unit, doc, state
        self.heads = [t for t in doc if _is_clause_head(t)]
        self.head_ids = {t.i for t in self.heads}
        self.dateline = _dateline(doc)
        self.asides = self._person_asides()
        self.according = self._according_to()

    # -- entities --------------------------------------------------------------------------
    def key(self, token: Token) -> str:
        """The key of the entity or noun a token stands for ('' when it names nothing)."""
        person = self._person_at(token)
        if person:
            return "p:" + person
        low = token.lower_
        if low.rstrip(".") in _HONORIFICS:
            return ""  # 'Ms.', 'Mr.': part of how a name is written
        if token.pos_ == "PRON":
            if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" and token.head.head.i != token.i:
                return self.key(token.head.head)  # 'Lee, whom he fired': whom is Lee
            return self._pronoun(token)
        if low in _CALENDAR:
            return ""
        if token.ent_type_ and token.ent_type_ not in _NOT_ENTITY_TYPES:
            span = self._entity_span(token)
            if token.ent_type_ == "PERSON":
                return "p:" + person_key(span.text)
            return "e:" + entity_key(span.text)
        if token.pos_ == "PROPN":
            appositive = next((c for c in token.children if c.dep_ == "appos" and self._person_at(c)), None)
            if appositive is not None:  # 'New Zealand's Prime Minister, Tomas Ridley'
                return "p:" + self._person_at(appositive)
            return "e:" + entity_key(low)
        if token.dep_ == "appos" and token.head.i != token.i and token.head.pos_ == "PROPN":
            named = self.key(token.head)
            if named.startswith("p:"):
                return named  # 'Lee, a former congressman who ...': the congressman is Lee
        if token.pos_ == "NOUN" and token.ent_type_ not in _NOT_ENTITY_TYPES:
            holder = self._title_holder(token)
            return "p:" + holder if holder else self._noun_key(token)
        return ""

    def _person_at(self, token: Token) -> str:
        capitalised_noun = token.pos_ == "NOUN" and token.text[:1].isupper()
        if not (token.pos_ == "PROPN" or capitalised_noun) or token.ent_type_ in _NOT_ENTITY_TYPES:
            return ""
        if token.ent_type_ in ("GPE", "LOC", "FAC") and country_of(token.text):
            return ""  # a country, however NER reads it
        start = self.unit.start + token.idx
        if token.ent_type_ == "NORP":
            return ""  # 'Senate Democrats': a group, whatever the name list says
        if token.ent_type_ not in ("", "PERSON"):
            return self.state.people.get(token.lower_.strip(".,’'"), "")
        for p in self.unit.persons:
            if p.key and p.name and p.start <= start < p.end:
                return self.state.people.get(token.lower_.strip(".,’'"), p.key)
        return self.state.people.get(token.lower_.strip(".,’'"), "")

    def _noun_key(self, token: Token) -> str:
        """'n:' + lemma, a hyphenated compound written as one word ('e-mails' -> 'n:email')."""
        lemma = token.lemma_.lower()
        i = token.i
        while i >= 2 and self.doc[i - 1].text == "-" and not self.doc[i - 1].whitespace_ \
                and not self.doc[i - 2].whitespace_:
            lemma = self.doc[i - 2].lower_ + lemma
            i -= 2
        lemma = lemma.replace("-", "")
        return "n:" + lemma if len(lemma) > 1 and lemma.isalpha() else ""

    def _title_holder(self, token: Token) -> str:
        """'the president' (a title with no name) -> the person this article calls president."""
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss"):
            return ""  # 'became the first president': a description, not a reference to someone
        if any(c.dep_ in ("amod", "nummod") and c.tag_ in ("JJ", "JJS", "CD") and c.lower_ not in _STATUS_WORDS
               for c in token.children):
            return ""  # 'the first president', 'a former president': not the one the article means
        start = self.unit.start + token.idx
        for p in self.unit.persons:
            if p.how == "title-only" and p.start <= start < p.end and p.status != "former":
                return self.state.offices.get(p.office, "")
        return ""

    def _entity_span(self, token: Token) -> Span:
        for ent in self.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
        return self.doc[token.i:token.i + 1]

    def _pronoun(self, token: Token) -> str:
        low = token.lower_
        if low in _FIRST_PERSON:
            return self._quote_speaker(token) if self._quote_at(token) is not None else ""
        if low in _THIRD_PERSON:
            governing = self._governing_person(token)
            if governing:
                return governing
            before = {k for t in self.doc[:token.i] if t.pos_ == "PROPN" and (k := self._person_at(t))}
            if len(before) == 1:  # 'pressure on Chairman Ann Lee to explain his claim': the one person named before
                return "p:" + before.pop()
            return self.state.last_person
        return ""

    def _governing_person(self, token: Token) -> str:
        """The named person subject of a clause above the pronoun's own ('As he left, Kim said ...',
        'Kim said he would ...', 'Lee, whom he fired'): never the subject of its own clause."""
        node = token
        while node.head.i != node.i and node.i not in self.head_ids:
            node = node.head
        while node.head.i != node.i:
            node = node.head
            if node.i in self.head_ids:
                subj = self.subject(node)
                if subj is not None and subj.pos_ != "PRON":
                    key = self.key(subj)
                    if key.startswith("p:"):
                        return key
        return ""

    def _quote_speaker(self, token: Token) -> str:
        """Who speaks the quotation holding ``token``: its resolved speaker, else the subject of the
        sentence's reporting verb ('"...," Mr. Kim said.')."""
        quote = self._quote_at(token)
        if quote is not None and quote.speaker_key:
            return "p:" + quote.speaker_key
        root = next((t for t in self.doc if t.dep_ == "ROOT"), None)
        if root is not None and root.lemma_.lower() in REPORTING and not self._quote_at(root):
            return self._subject_key(root, resolve_pronouns=False)
        return ""

    def _quote_at(self, token: Token):
        start = self.unit.start + token.idx
        return next((q for q in self.unit.quotes if q.start <= start < q.end), None)

    def _describes_person(self, token: Token) -> bool:
        if self._person_at(token):
            return False  # a person of their own ('Ferreyra and New Zealand's Prime Minister, Ridley')
        node, steps = token, 0
        while node.dep_ in ("compound", "amod", "nmod", "poss", "punct") and node.head.i != node.i and steps < 5:
            node, steps = node.head, steps + 1
            if node.pos_ == "PROPN" and self._person_at(node):
                return True
        return False

    def _person_asides(self) -> set[int]:
        """Tokens of a parenthesis right after a person's name ('Lee (D-Ohio)'): party and state tags."""
        out: set[int] = set()
        for token in self.doc:
            if token.text == "(" and token.i > 0 and self._person_at(self.doc[token.i - 1]):
                end = next((t.i for t in self.doc[token.i:token.i + 8] if t.text == ")"), None)
                if end is not None:
                    out.update(range(token.i, end + 1))
        return out

    # -- clause structure ---------------------------------------------------------------------
    def own_tokens(self, head: Token) -> list[Token]:
        """The clause's words: the head's subtree without the clauses nested in it."""
        out, stack = [], [head]
        while stack:
            token = stack.pop()
            out.append(token)
            stack.extend(c for c in token.children if c.i not in self.head_ids)
        return sorted(out, key=lambda t: t.i)

    def subject(self, head: Token) -> Token | None:
        """The clause's subject, inherited from the clause it hangs on when it has none."""
        for child in head.children:
            if child.dep_ in _SUBJECTS and child.dep_ != "expl":
                if child.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
                    return head.head  # 'Okafor, who pleaded guilty': the relative pronoun stands for Okafor
                if child.i in self.dateline:  # 'OSLO – Lee and Kim signed': the parser took the dateline in
                    return next((t for t in child.subtree if t.dep_ == "conj" and t.i not in self.dateline), None)
                whose = _whose_noun(child)
                if whose is not None:
                    return whose  # 'Lee, whose son was hurt, ...' read as 'Lee was hurt': the son was
                return _titled_person_ending(child) or child
        if head.dep_ == "relcl" or (head.dep_ == "acl" and head.tag_ in ("VBN", "VBG")):
            return head.head if head.tag_ != "VBN" else None
        if head.dep_ == "pcomp" and head.head.head.i != head.head.i:
            verb = head.head.head
            if verb.pos_ not in ("VERB", "AUX"):
                return None
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            return obj if obj is not None else self.subject(verb)  # 'praised Lee for passing': Lee passed
        if _imperative_conjunct(head):
            return None  # 'X left, but don't expect him to ...': the reader is told, X does not expect
        if head.dep_ in ("conj", "advcl", "xcomp") and head.head.i != head.i:
            if head.dep_ == "xcomp":
                obj = next((c for c in head.head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None:
                    return obj  # 'asked Congress to pass': Congress passes
            return self.subject(head.head)
        return None

    def _subject_key(self, head: Token, resolve_pronouns: bool = True) -> str:
        subj = self.subject(head)
        if subj is None or subj.i in self.dateline:
            return ""
        if subj.pos_ == "PRON" and not resolve_pronouns:
            return ""
        return self.key(subj) or self._compound_key(subj)

    def _compound_key(self, token: Token) -> str:
        for child in token.children:
            if child.dep_ in ("compound", "poss"):
                key = self.key(child)
                if key:
                    return key
        return ""

    def actor(self, head: Token) -> str:
        """Who acts: the active subject, or the agent of a passive ('was fired by Kim'); who is described
        by a stative passive ('X is associated with Y')."""
        if _passive(head) and not _stative_passive(head):
            agent = next((c for c in head.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            return self.key(pobj) if pobj is not None else ""
        return self._subject_key(head)

    def co_actors(self, head: Token, who: str) -> list[str]:
        """People and bodies named in the subject besides ``who`` ('Ferreyra and Ridley signed')."""
        subj = self.subject(head)
        if subj is None or subj.i in self.dateline or any(c.dep_ == "nsubjpass" for c in head.children):
            return []
        joined = [subj, *(t for t in subj.subtree if t.dep_ == "conj" and t.i not in self.head_ids)]
        keys = [self.key(t) for t in joined if t.pos_ in ("PROPN", "NOUN")]  # 'Lee and Kim', not 'AARP's Lee'
        if subj.tag_ == "NNS" and any(c.lower_ in ("the", "both", "two") for c in subj.children):
            # 'Lee met Kim and the two leaders signed': the people the sentence named before
            keys += [self.key(t) for t in self.doc[:subj.i] if t.pos_ == "PROPN" and self._person_at(t)]
        return list(dict.fromkeys(k for k in keys if k[:2] in ("p:", "e:") and k != who))

    def predicate(self, head: Token) -> str:
        contracted = head.lower_ in ("’s", "'s", "’re", "'re", "’m", "'m") and head.pos_ in ("AUX", "VERB", "PART")
        particle = [c.lower_ for c in head.children if c.dep_ == "prt" or (
            c.i == head.i + 1 and c.dep_ in ("advmod", "prep") and c.lower_ in _PARTICLES and (
                not list(c.children) or (c.lower_ == "out" and all(g.lower_ == "of" for g in c.children))))
            or (c.i == head.i + 1 and c.dep_ == "prep" and c.lower_ in _BOUND_PREPOSITIONS)]
        if _stative_passive(head):
            return "be"  # 'X has long been associated with Y': a description of X, like 'X is Y's ally'
        lemma = "be" if contracted else head.lemma_.lower()  # "She's a close ally": the contraction of 'is'
        complement = "".join(c.lower_ for c in head.children if (c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ")
                             or (lemma == "be" and _bare_attribute(c)))
        if lemma in ("become", "get") and (complement.endswith("ed") or complement.endswith("en")):
            return complement  # 'will become exhausted' states what 'will be exhausted' does
        return " ".join([lemma] + particle + ([complement] if complement else []))

    def args(self, head: Token, own: list[Token], who: str) -> list[str]:
        keys = []
        for token in own:
            if token.i == head.i or token.pos_ not in _NOMINAL or token.dep_ in ("expl",):
                continue
            if self._describes_person(token) or (token.head.i == head.i and _bare_attribute(token)):
                continue  # a title or first name of a person named already ('AARP policy director Lee')
            if token.i in self.dateline or token.i in self.asides or (
                    token.i + 1 < len(self.doc) and self.doc[token.i + 1].text == "-" and not token.whitespace_):
                continue  # the dateline, or the first half of a hyphenated word
            key = self.key(token)
            if key and key != who and key not in keys and not self._inside_figure_or_date(token):
                keys.append(key)
        return keys

    def _inside_figure_or_date(self, token: Token) -> bool:
        start = self.unit.start + token.idx
        return any(f.start <= start < f.end for f in self.unit.figures) or any(
            d.start <= start < d.end for d in self.unit.dates)

    # -- polarity, modality, attribution --------------------------------------------------------
    def negated(self, head: Token) -> bool:
        if any(c.dep_ == "neg" for c in head.children):
            return True
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in REFUSAL:
            return True
        return any(c.dep_ in ("dobj", "attr") and any(d.lower_ == "no" and d.dep_ == "det" for d in c.children)
                   for c in head.children)

    def modality(self, head: Token) -> str:
        if self._embedded_question(head):
            return "hypothetical"  # 'details such as what position was offered': asked, not asserted
        reporter = self._reporting_ancestor(head)
        if reporter is not None and reporter.lemma_.lower() in DENIAL:
            return "denied"
        if reporter is not None and reporter.lemma_.lower() in DIRECTIVE and head.tag_ in ("VB", "VBP"):
            return "planned"
        if head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in head.children):
            return "hypothetical"
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in c.children)
               for c in head.children):
            return "conditional"
        aux = {c.lower_.replace("’", "'") for c in head.children if c.dep_ == "aux"}
        if aux & _HYPOTHETICAL_AUX:
            return "hypothetical"
        if aux & _DEMANDED_AUX:
            return "planned"
        if aux & _PLANNED_AUX or "would" in aux and reporter is not None:
            return "planned"
        if "would" in aux:
            return "hypothetical"
        if head.dep_ == "xcomp" and head.head.lemma_.lower() in IMPLICATIVE:
            return self.modality(head.head)
        if head.dep_ == "ROOT" and head.tag_ == "VB" and not aux and self.subject(head) is None:
            return "planned"  # an imperative: 'Please join me', asked for, not done
        if _imperative_conjunct(head):
            return "hypothetical"  # '..., but don't expect him to fade': the writer addressing the reader
        if head.dep_ == "xcomp" or "to" in aux and head.tag_ == "VB":
            return "planned"
        if head.dep_ == "conj" and head.head.i != head.i and _is_clause_head(head.head):
            return self.modality(head.head)
        return "done"

    def _forecast(self, head: Token) -> bool:
        """Planned only because the text looks ahead ('will', 'is expected to'), not a party's intent, request
        or demand ('plans to', 'asked X to', 'should')."""
        aux = {c.lower_.replace("’", "'") for c in head.children if c.dep_ == "aux"}
        if not aux & _PLANNED_AUX or head.dep_ in ("xcomp", "acl"):
            return head.dep_ == "xcomp" and head.head.lemma_.lower() in ("expect", "anticipate", "schedule", "set")
        reporter = self._reporting_ancestor(head)
        return reporter is None or reporter.lemma_.lower() not in DIRECTIVE

    def _embedded_question(self, head: Token) -> bool:
        """A clause opened by a question word that is not a relative pronoun ('who approached him',
        'whether it passed'): it names a question, it asserts nothing."""
        if head.dep_ in ("relcl", "ROOT"):
            return False
        opener = next(iter(head.subtree), head)
        return opener.tag_ in ("WDT", "WP", "WRB", "WP$") or any(
            c.dep_ == "mark" and c.lower_ in ("whether", "if") and head.dep_ in ("ccomp", "pcomp")
            for c in head.children)

    def _reporting_ancestor(self, token: Token) -> Token | None:
        """The reporting verb whose content clause holds ``token`` ('said' in 'X said Y did Z')."""
        node = token
        while node.head.i != node.i:
            if node.dep_ in ("relcl", "acl", "appos") or _misread_relative(node) is not None:
                return None  # a description of someone: the writer's words, not the reported ones
            parent = node.head
            if node.dep_ in ("ccomp", "parataxis") and parent.lemma_.lower() in REPORTING | DENIAL | DIRECTIVE:
                return parent
            if node.dep_ == "ccomp" and any(c.dep_ in ("nsubj",) for c in parent.children):
                return parent
            node = parent
        for child in token.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in REPORTING:
                return child  # 'The plan, he said, is dead.'
        return None

    def _according_to(self) -> str:
        for token in self.doc:
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                pobj = next((c for c in self.doc[token.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.key(pobj) or self._compound_key(pobj)
        return ""

    def speaker(self, head: Token) -> tuple[str, bool, str]:
        """(who says so, inside a direct quote, the verb that attributes it)."""
        noun = _saying_noun(head)
        if noun is not None and self._quote_at(head) is None:  # 'his claim that ...', 'Lee's insistence that ...'
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            return (self.key(owner) if owner is not None else ""), False, noun.lemma_.lower()
        reporter = self._reporting_ancestor(head)
        if reporter is None and head.dep_ == "xcomp" and head.head.lemma_.lower() in DIRECTIVE:
            reporter = head.head  # 'asked Lee to resign': the resignation is what the asker wants
        verb = reporter.lemma_.lower() if reporter is not None else ""
        if self._quote_at(head) is not None:
            return self._quote_speaker(head), True, verb or "say"
        if reporter is not None:
            return self._subject_key(reporter), False, verb
        return self.according, False, "according to" if self.according else ""

    def _report_dates(self, head: Token) -> list[int]:
        """Dates of the act that reports this clause: in the reporting verb's clause ('X warned last
        week that ...') or in a clause describing its subject ('projections, issued last month, show')."""
        reporter = self._reporting_ancestor(head)
        if reporter is None:
            return []
        tokens = self.own_tokens(reporter)
        subject = self.subject(reporter)
        if subject is not None:
            tokens += [t for c in subject.children if c.dep_ in ("acl", "relcl") for t in self.own_tokens(c)]
        base = self.unit.start
        return [d.start for d in self.unit.dates if _overlaps(d.start - base, d.end - base, tokens)]

    def is_main(self, head: Token) -> bool:
        if _misread_relative(head) is not None:
            return False
        node = head
        while node.dep_ in ("conj", "ccomp", "parataxis", "xcomp", "acomp") and node.head.i != node.i:
            if node.dep_ == "ccomp" and node.head.lemma_.lower() not in REPORTING | DENIAL | DIRECTIVE:
                return False
            node = node.head  # what a main 'X said', 'X is willing to', 'X plans to' reports is its point
        return node.dep_ == "ROOT"

    # -- assembly ----------------------------------------------------------------------------------
    def assertions(self) -> list[Assertion]:
        if self.unit.question:
            return []
        clauses = [self._assertion(head) for head in self.heads]
        _date_the_governing_act(clauses, self.heads)
        described = [self._description(t, t.head) for t in self.doc if self._describes_named_person(t)]
        described += [self._description(t, p) for t, p in self._as_descriptions()]
        events = [self._event(t, clauses) for t in self.doc if self._is_named_event(t)]
        changes = [self._change(t, clauses) for t in self.doc if self._changed_term(t)]
        return clauses + described + events + changes

    def _changed_term(self, token: Token) -> str:
        """'increased joint military exercises': the specific term (two or more modifiers and the noun) whose
        growth or shrinking the phrase asserts ('' when the noun phrase says no such change)."""
        if token.pos_ != "NOUN" or self._quote_at(token) is not None:
            return ""
        mods = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
        if not any(c.lower_ in _CHANGE_WORDS for c in mods):
            return ""
        words = [c.lemma_.lower() for c in mods if c.lower_ not in _CHANGE_WORDS and c.is_alpha]
        return " ".join(words + [token.lemma_.lower()]) if len(words) >= TERM_MODIFIERS else ""

    def _change(self, token: Token, clauses: list[Assertion]) -> Assertion:
        """The change a noun phrase asserts, as a claim of its own: 'increase' of 't:joint military exercise'."""
        base = self.unit.start
        holder = self._holder(token, clauses)
        change = next(_CHANGE_WORDS[c.lower_] for c in token.children if c.lower_ in _CHANGE_WORDS)
        own = sorted(token.subtree, key=lambda t: t.i)
        a = Assertion(start=base + own[0].idx, end=base + own[-1].idx + len(own[-1].text), head=base + token.idx,
                      predicate=change, object="t:" + self._changed_term(token),
                      modality=holder.modality if holder is not None else "done",
                      speaker=holder.speaker if holder is not None else "",
                      main=holder.main if holder is not None else False, nominal=True)
        a.checkable = True  # a specific term and the direction of its change
        a.words = _stems(own)
        return a

    def _holder(self, token: Token, clauses: list[Assertion]) -> Assertion | None:
        """The clause whose own words hold ``token``: the nearest clause head above it in the parse (a span
        test would give 'said ..., before heading to a meeting with Kim' to 'said', the sentence's main clause)."""
        node = token
        while node.i not in self.head_ids and node.head.i != node.i:
            node = node.head
        return next((a for h, a in zip(self.heads, clauses) if h.i == node.i), None)

    # -- what a noun phrase says ---------------------------------------------------------------------
    def _as_descriptions(self) -> list[tuple[Token, Token]]:
        """'As the first woman to lead Japan, Lee has ...': (description, person) for an 'as' phrase on
        a clause whose subject is a named person."""
        out = []
        for prep in self.doc:
            if prep.lower_ != "as" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
                continue
            noun = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
            subj = self.subject(prep.head)
            if noun is not None and subj is not None and self._person_at(subj) and self._quote_at(noun) is None:
                out.append((noun, subj))
        return out

    def _is_named_event(self, token: Token) -> bool:
        """A meeting-type noun with a named participant ('talks with Lee', 'Kim's visit to Seoul')."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in _EVENT_NOUNS:
            return False
        with_whom = [t for t in self._event_participants(token) if self.key(t)[:2] in ("p:", "e:")]
        held = token.dep_ == "dobj" and token.head.lemma_.lower() in _LIGHT_VERBS  # 'Lee and Kim held talks'
        return bool(with_whom) or held and self._subject_key(token.head)[:2] in ("p:", "e:")

    def _event_participants(self, token: Token) -> list[Token]:
        out = [c for c in token.children if c.dep_ == "poss"]
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "between", "to")):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                out += [pobj, *(t for t in pobj.subtree if t.dep_ == "conj")]
        return out

    def _event(self, token: Token, clauses: list[Assertion]) -> Assertion:
        """'a meeting between Lee and Kim', 'Lee's expected talks with Kim': the event they name, as a
        claim of its own -- planned when the noun says so ('upcoming', 'expected', 'potential')."""
        base = self.unit.start
        holder = self._holder(token, clauses)
        participants = [k for k in (self.key(t) for t in self._event_participants(token)) if k]
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        who = self.key(poss) if poss is not None else ""
        held = holder is not None and token.dep_ == "dobj" and token.head.lemma_.lower() in _LIGHT_VERBS
        if held:  # 'Lee and Kim held their first meeting': they are the ones meeting
            who = who or holder.who
            participants += holder.co_actors
        co_actors = [k for k in dict.fromkeys(participants) if k != who]
        context = [k for k in [holder.who, *holder.co_actors, *holder.args] if k[:2] in ("p:", "e:")] if holder else []
        args = [k for k in dict.fromkeys(context) if k != who and k not in co_actors]
        future = any(c.dep_ == "amod" and c.lower_ in _FUTURE_WORDS for c in token.children)
        done = holder is None or holder.modality == "done"
        modality = "planned" if future or not done else "done"  # 'to cancel the meeting': it is still ahead
        own = list(token.subtree)
        setting = _time_setting(token)
        a = Assertion(start=base + own[0].idx, end=base + own[-1].idx + len(own[-1].text), head=base + token.idx,
                      predicate=_EVENT_NOUNS[token.lemma_.lower()], who=who, co_actors=co_actors, args=args,
                      modality=modality, speaker=holder.speaker if holder is not None else "",
                      main=bool(holder and holder.main) and not setting, nominal=True, setting=setting)
        a.dates = list(holder.dates) if holder is not None else []
        a.checkable = _checkable(a)
        a.words = _stems(own)
        a.qualifiers = _qualifiers([token])
        return a

    def _describes_named_person(self, token: Token) -> bool:
        """'Lee, a former congressman from Ohio, ...': an apposition on a person's name."""
        return (token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.i != token.i
                and bool(self._person_at(token.head)) and self._quote_at(token) is None
                and not any(c.tag_ == "WP$" for c in token.children))  # 'Lee, whose son ...': the son is not Lee

    def _description(self, token: Token, person: Token) -> Assertion:
        """What an apposition or an 'as' phrase says of a person: '<person> is <description>', as the
        writer's own words."""
        own = sorted(token.subtree, key=lambda t: t.i)  # with what the description's own clauses add
        base = self.unit.start
        who = "p:" + self._person_at(person)
        a = Assertion(start=base + own[0].idx, end=base + own[-1].idx + len(own[-1].text), head=base + token.idx,
                      predicate="be", who=who, args=self.args(token, own, who), main=False, nominal=True)
        a.args.insert(0, self._noun_key(token))
        a.checkable = _checkable(a)
        a.words = _stems(own)
        return a

    def _assertion(self, head: Token) -> Assertion:
        own = self.own_tokens(head)
        base = self.unit.start
        start, end = base + own[0].idx, base + own[-1].idx + len(own[-1].text)
        who = self.actor(head)
        speaker, quoted, reported_by = self.speaker(head)
        co_actors = self.co_actors(head, who)
        a = Assertion(start=start, end=end, head=base + head.idx, predicate=self.predicate(head), who=who,
                      co_actors=co_actors,
                      args=self.args(head, own, who), negated=self.negated(head), modality=self.modality(head),
                      speaker=speaker, quoted=quoted, reported_by=reported_by, main=self.is_main(head))
        if head.dep_ in ("relcl", "acl") and head.head.i != head.i:
            a.describes = self.key(head.head)
        antecedent = _misread_relative(head)
        if antecedent is not None:
            a.describes = self.key(antecedent)
        a.report_dates = self._report_dates(head)
        # 'e-mails released by the town hall', 'Hart arrived and was welcomed'
        if _passive(head) and not _stative_passive(head):
            subject = self.subject(head) if head.dep_ != "acl" else head.head
            patient = (self.key(subject) or self._compound_key(subject)) if subject is not None else ""
            if patient and patient not in a.args and patient != a.who:
                a.args.insert(0, patient)
        a.forecast = a.modality == "planned" and self._forecast(head)
        a.figures = [f.start for f in self.unit.figures if _overlaps(f.start - base, f.end - base, own)]
        a.dates = [d.start for d in self.unit.dates if _overlaps(d.start - base, d.end - base, own)]
        if not a.dates and head.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in head.children):
            first = self.own_tokens(head.head)  # 'met Lee on Tuesday and signed a pact': signed on Tuesday too
            a.dates = [d.start for d in self.unit.dates if _overlaps(d.start - base, d.end - base, first)]
        a.years = [int(t.text) for t in own if _is_time_year(t)]
        a.checkable = _checkable(a)
        a.object = self._object(head)
        plain = [t for t in sorted(head.subtree, key=lambda t: t.i)
                 if not self._describes_person(t) and not self._in_person_apposition(t)]
        a.words = _stems(plain)  # the clause with what it embeds: what it says
        a.core = _stems([t for t in plain if t in own])  # the clause's own words
        a.qualifiers = _qualifiers([c for c in head.children if c.dep_ in _ARGUMENTS])
        return a

    def _object(self, head: Token) -> str:
        """The direct object: its head noun, or for a part of something what it is part of ('a set of emails');
        a clausal complement as 'c:' + its verb."""
        obj = next((c for c in head.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is None and head.dep_ == "relcl" and head.head.pos_ == "NOUN" and not any(
                c.dep_ in ("dobj", "ccomp", "xcomp") for c in head.children) and any(
                c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in head.children):
            return self._noun_key(head.head)  # 'the measures he supports': what he supports is the measures
        if obj is None:
            complement = next((c for c in head.children if (c.dep_ in ("ccomp", "xcomp") or _purpose(c))
                               and c.pos_ in ("VERB", "AUX")), None)
            return "c:" + complement.lemma_.lower() if complement is not None else ""  # 'understands why they distrust'
        if obj.lemma_.lower() in _PARTITIVE:
            of = _prep_object(obj, ("of",))
            obj = of if of is not None else obj
        return self.key(obj)

    def _in_person_apposition(self, token: Token) -> bool:
        """Inside 'Lee, AARP's policy chief,': a description of a person, not what the clause says."""
        return any(t.dep_ == "appos" and self._person_at(t.head) for t in [token, *token.ancestors][:6])

    def count_figures(self) -> None:
        """Fill ``Figure.counted``: the noun each figure quantifies."""
        for figure in self.unit.figures:
            tokens = [t for t in self.doc if figure.start <= self.unit.start + t.idx < figure.end]
            if tokens:
                figure.counted = _counted(tokens, figure)
                figure.negated = _ruled_out(tokens)


_DATELINE = re.compile(r"^[A-Z][A-Z.,' ]+(?:\([^)]{1,30}\))?\s*(?:—|–|―|--|-)\s")


def _purpose(token: Token) -> bool:
    """A 'to' infinitive the parser hangs on a verb as an adverbial: 'fighting to protect the fund' acts on
    protecting it."""
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _time_setting(token: Token) -> bool:
    """An event noun that only says when another act happened: 'before his meeting with Kim', 'ahead of the
    talks', 'prior to the summit'."""
    if token.dep_ != "pobj":
        return False
    prep = token.head
    return prep.lower_ in _TIME_PREPS or (prep.lower_ in ("of", "to") and prep.head.lower_ in _TIME_PREPS)


def _dateline(doc: Doc) -> set[int]:
    """Token indexes of a leading dateline ('WASHINGTON —')."""
    match = _DATELINE.match(doc.text)
    return {t.i for t in doc if t.idx < match.end()} if match else set()


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ies", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A crude stem that brings a verb and its noun together ('meeting', 'met' -> 'meet'; 'announcement',
    'announced' -> 'announc')."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not (suffix == "s" and word.endswith("ss")):
            return word[: -len(suffix)]
    return word


def _stems(tokens: list[Token]) -> list[str]:
    """Content words of a clause: nouns, verbs, adjectives and adverbs, no names, numbers or function words."""
    out = [stem(t.lemma_) for t in tokens if t.pos_ in ("NOUN", "VERB", "ADJ", "ADV") and not t.is_stop
           and t.ent_type_ not in _NOT_ENTITY_TYPES and len(t.lemma_) > 2 and t.lemma_.isalpha()
           and t.lower_ not in _OFFICE_WORDS]
    return list(dict.fromkeys(out))


def _qualifiers(nouns: list[Token]) -> list[str]:
    """Ordinals and superlatives measured against a time on what a clause is about (its subject, object or
    event noun: 'the first talks since 2011', 'the largest cut since 1990'): a claim of its own, which a
    report without it does not make ('their first meeting' alone is the meeting)."""
    return sorted({c.lower_ for t in nouns if t.pos_ == "NOUN" and any(p.lower_ == "since" for p in t.children)
                   for c in t.children if c.dep_ == "amod" and (c.ent_type_ == "ORDINAL" or c.tag_ == "JJS")})


def head_verb(predicate: str) -> str:
    """The verb of a predicate ('call for' -> 'call', 'be willing' -> 'be')."""
    return predicate.split(" ", 1)[0]


# Participles that describe a state of their subject when passive with no agent (general English).
_STATIVE = frozenset("associate connect link tie know consider regard see describe credit".split())


def _stative_passive(head: Token) -> bool:
    return (head.tag_ == "VBN" and head.lemma_.lower() in _STATIVE and any(c.dep_ == "auxpass" for c in head.children)
            and not any(c.dep_ == "agent" for c in head.children))


# Nouns of saying (general English): their 'that' clause is what someone claims, not what the writer does.
_SAYING_NOUNS = frozenset("claim statement assertion remark comment suggestion argument allegation promise warning "
                          "insistence charge belief contention accusation".split())


def _saying_noun(head: Token) -> Token | None:
    """The noun of saying whose content clause ``head`` heads ('the claim that Lee lied' -> claim)."""
    if head.dep_ != "acl" or head.head.pos_ != "NOUN" or head.head.lemma_.lower() not in _SAYING_NOUNS:
        return None
    return head.head if any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children) else None


def _whose_noun(subject: Token) -> Token | None:
    """'Lee, whose son was hurt': the noun a 'whose' determines, which the parser may hang on the name as an
    apposition and so make the name the subject of the relative clause's verb."""
    return next((c for c in subject.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")
                 and any(g.tag_ == "WP$" for g in c.children)), None)


def _misread_relative(head: Token) -> Token | None:
    """The name a relative clause describes, where the parser read 'Lee, whose son was hurt' as a clause of
    its own with 'Lee' for subject (None for any other clause)."""
    subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    return subject if subject is not None and _whose_noun(subject) is not None else None


def _imperative_conjunct(head: Token) -> bool:
    """'..., but don't expect him to fade': a plain verb joined to a clause in another tense, with no subject."""
    if head.dep_ != "conj" or head.tag_ != "VB" or head.head.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
        return False
    return not any(c.dep_ in _SUBJECTS or (c.dep_ == "aux" and c.lower_ != "do") for c in head.children)


def _bare_attribute(token: Token) -> bool:
    """'It's sexist' (the tagger's noun): a bare word after 'be', no article, no modifier, as an adjective."""
    return (token.dep_ == "attr" and token.pos_ == "NOUN" and token.tag_ == "NN" and not list(token.children)
            and token.ent_type_ == "" and token.i == token.head.i + 1 and token.lower_ not in _OFFICE_WORDS)


def _titled_person_ending(subject: Token) -> Token | None:
    """'The National Association of Pilots President Ann Lee said': the parser may make the body the subject
    and the titled person a part of its name; the person the phrase ends with is who speaks."""
    doc = subject.doc
    last = max(t.i for t in subject.subtree)
    if subject.ent_type_ == "PERSON" or doc[last].ent_type_ != "PERSON" or last == subject.i:
        return None
    if subject.lower_ in _OFFICE_WORDS:
        return doc[last]  # 'Secretary of the Interior Ann Lee said'
    first = last
    while first > subject.i and doc[first - 1].ent_type_ == "PERSON":
        first -= 1
    title = doc[first - 1] if first > subject.i else None
    return doc[last] if subject.ent_type_ and title is not None and title.lower_ in _OFFICE_WORDS else None


def _date_the_governing_act(clauses: list[Assertion], heads: list[Token]) -> None:
    """'voted to close the pier on Tuesday': a date the parser hangs on the infinitive also dates the act
    that governs it, when that act has none of its own."""
    by_head = {h.i: a for h, a in zip(heads, clauses)}
    for head, clause in zip(heads, clauses):
        governing = by_head.get(head.head.i) if head.dep_ == "xcomp" else None
        if governing is not None and clause.dates and not governing.dates and governing.modality == "done":
            governing.dates = list(clause.dates)


def _passive(head: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children) or (head.tag_ == "VBN" and head.dep_ == "acl")


def _is_clause_head(token: Token) -> bool:
    if token.dep_ not in _CLAUSE_DEPS:
        return False
    if token.pos_ == "VERB":
        return True
    if token.pos_ == "AUX":  # a copula heading its clause ('$5 billion ... is non-negotiable')
        return token.dep_ != "conj" or token.head.pos_ in ("VERB", "AUX")
    return False


def _overlaps(start: int, end: int, tokens: Iterable[Token]) -> bool:
    return any(start <= t.idx < end for t in tokens)


def _checkable(a: Assertion) -> bool:
    """Something a second source can confirm: a named entity (or a named party saying so), a figure, a date,
    or a concrete action."""
    named = [k for k in [a.who, *a.co_actors, *a.args] if k[:2] in ("p:", "e:")]
    if named or a.figures or a.dates or a.speaker[:2] in ("p:", "e:"):
        # what a named party says: that they said so can be confirmed
        return True
    return a.predicate.split()[0] not in LINKING and bool(a.who or a.args) and head_verb(a.predicate) not in REPORTING


def _counted(tokens: list[Token], figure: Figure) -> str:
    """The noun a figure quantifies: the noun its number modifies ('1.5 million class members'), else
    what the amount is of or for ('$5 billion in funding for the wall' -> 'wall')."""
    if figure.family in ("count", "duration") and re.fullmatch(r"[\d,]+-[a-z]+", figure.text):
        # '225-page report': pages are counted, of the report
        head = tokens[-1].head if tokens[-1].head.i != tokens[-1].i else None
        owner = head.lemma_.lower() if head is not None and head.pos_ == "NOUN" and head not in tokens else ""
        return figure.unit + (f" of {owner}" if owner else "")
    numbers = [t for t in tokens if t.like_num or t.pos_ == "NUM"]
    node = numbers[-1] if numbers else tokens[-1]
    while node.head.i != node.i and node.dep_ in _NUMBER_LINKS and node.head.pos_ in ("NUM", "SYM"):
        node = node.head
    if node.dep_ in _NUMBER_LINKS | {"amod"} and node.head.pos_ in ("NOUN", "PROPN"):
        noun = node.head
    else:
        noun = _prep_object(node, ("of", "for", "in"))
    while noun is not None and noun.lemma_.lower() in _MONEY_NOUNS:
        compound = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        noun = compound[-1] if compound else _prep_object(noun, ("for", "of", "on"))
    if noun is not None and noun.lemma_.lower() in _SHARE_NOUNS:  # '23 percent cut', '77 percent of benefits'
        noun = noun.head if noun.dep_ in _NUMBER_LINKS | {"amod", "npadvmod"} and noun.head.pos_ == "NOUN" \
            else _prep_object(noun, ("of",))
    if noun is None or noun.lemma_.lower() == figure.unit:
        return ""
    if any(c.dep_ == "det" and c.lower_ in ("that", "this", "these", "those") for c in noun.children):
        return ""  # 'that project': a noun pointing back to something named before, not what it is
    of = _prep_object(noun, ("of",))
    return noun.lemma_.lower() + (f" of {of.lemma_.lower()}" if of is not None and of.pos_ == "NOUN" else "")


_TIME_PREPOSITIONS = frozenset("in by until till since before after from through during of".split())


def _is_time_year(token: Token) -> bool:
    """A year the clause is set in ('in 2036', 'by 2020', 'since 1978'); '2014 ban' names a thing instead."""
    if not (len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")):
        return False
    if token.dep_ in ("npadvmod", "tmod"):
        return True
    return token.dep_ == "pobj" and token.head.lower_ in _TIME_PREPOSITIONS


def _ruled_out(tokens: list[Token]) -> bool:
    """'not $2.5 billion', 'no fewer than': a negation on the figure itself."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return any(c.dep_ == "neg" or c.lower_ == "not" for h in heads for c in h.children if c.i not in inside)


def _prep_object(token: Token, preps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


