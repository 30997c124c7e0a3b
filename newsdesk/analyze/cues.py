"""Word cues of a sentence: what is not known, whether an action is done or only
intended, whether it looks ahead or back, and who it is attributed to."""
from __future__ import annotations

import re

__all__ = ["hedge", "modality", "is_future", "is_background", "attribution", "is_question", "action_phrase"]

_UNKNOWN = re.compile(
    r"\b(remains?|remained|are|is|were|was)\s+(still\s+)?(confidential|undisclosed|unclear|unknown|sparse|"
    r"uncertain|unconfirmed|under wraps|not (yet )?(known|clear|disclosed|released|confirmed|public))|"
    r"\b(still|yet to be|are being|is being)\s+(being\s+)?(finali[sz]ed|negotiated|worked out|determined|decided|"
    r"confirmed|disclosed)|\bno (official |formal )?(joint )?(statement|details|figures|timeline|comment)\b[^.]{0,40}"
    r"\b(released|issued|given|provided|made public|available)|\b(declined|refused) to (comment|say|confirm|"
    r"disclose|give)|\bcould not (be )?(confirm|verif)|\bit (is|was) (not|un)(clear|known)|\bdid not (say|disclose|"
    r"specify|give details)|\bdetails (were|are|have) not been|\bno details\b|\bnot (been )?(made )?public\b|"
    r"\bspeculat(e|ing|ion)\b|\b(yet|not yet) to be (announced|decided|determined)|\bwithout (giving|providing) "
    r"details", re.I)
_INTENT = re.compile(
    r"\b(signal(l)?ed|signals|expressed|showed|indicated|voiced)\s+(its |a |his |her |their )?(willingness|readiness|"
    r"intention|desire|openness|interest)\s+to\b|\b(was|is|are|were|be|been)\s+(prepared|ready|willing|open|keen|eager|poised)\s+to\b|"
    r"\b(prepared|willing|ready)\s+to\b|\b(pledged?|pledges|promised?|promises|vowed?|vows|committed|"
    r"commits|agreed|agrees)\s+to\b|\b(plans?|planned|planning|intends?|intended|aims?|aimed|aiming|seeks?|"
    r"sought|seeking|wants?|hopes?|hoping|proposed?|proposes|considering|considers|weighing|mulling|is set to|"
    r"are set to|was set to|is due to|are due to|is scheduled to|are scheduled to|is poised to|would like to)\b|"
    r"\bwill\b|\bwould\b|\bshall\b|\bis (expected|likely|anticipated) to\b|\bare (expected|likely|anticipated) to\b",
    re.I)
_POSSIBLE = re.compile(r"\b(may|might|could|possibly|potential(ly)?|perhaps|reportedly|likely|would)\b", re.I)
_DONE = re.compile(
    r"\b(has|have|had)\s+(already\s+|recently\s+|now\s+|officially\s+|formally\s+)*(been\s+)?([a-z]+ed|raised|"
    r"made|signed|set|cut|met|won|lost|begun|done|taken|given|held|built|sent|paid|spent|struck|agreed|approved|"
    r"increased|doubled|completed|finali[sz]ed)\b|\b(was|were)\s+(already\s+)?([a-z]+ed|signed|made|set|held)\b|"
    r"\b(signed|approved|finali[sz]ed|completed|raised|increased|doubled|cut|ratified|enacted|passed|"
    r"concluded|launched|announced|unveiled|adopted|delivered|deployed)\b", re.I)
_FUTURE = re.compile(
    r"\b(will|shall|is expected to|are expected to|is scheduled to|are scheduled to|is set to|are set to|"
    r"plans? to|planning to|upcoming|ahead of|next (week|month|year|step|round)|later this (week|month|year)|"
    r"in the coming (days|weeks|months)|expect(s|ed)? (follow-up|further)|is due to|are due to|anticipated)\b",
    re.I)
_BACKGROUND = re.compile(
    r"\b(since (the )?(world war|cold war|\d{4})|historically|has long been|have long been|for decades|"
    r"established in|in the aftermath of|dating back|traditionally|over the (past|last) (decades|century|years)|"
    r"has evolved|originated|long-standing|longstanding|in the past|first signed in|founded in)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(according to [^,.;]{2,60}|sources (say|said|indicate|indicated|suggest)|reportedly|is said to|"
    r"(officials|analysts|observers|experts) (said|say|noted|note|believe)|as reported (by|on) [^,.;]{2,40}|"
    r"(reported|noted|highlighted) by [^,.;]{2,40})", re.I)


def hedge(text: str) -> str:
    """The phrase saying something is not known or not settled ('' when none)."""
    match = _UNKNOWN.search(text)
    return match.group(0) if match else ""


def action_phrase(text: str, around: int | None = None) -> str:
    """The clause to judge modality on: near ``around`` (a char offset) when given."""
    if around is None:
        return text
    start = max(text.rfind(",", 0, max(0, around - 70)), text.rfind(";", 0, around), 0)
    return text[start:around + 40]


def modality(text: str) -> str:
    """'intent' (promised, planned, willing), 'done', 'possible' or ''."""
    intent = _INTENT.search(text)
    done = _DONE.search(text)
    if intent and (not done or intent.start() <= done.start() or _INTENT.search(text[done.start():])):
        return "intent"
    if done:
        return "done"
    if _POSSIBLE.search(text):
        return "possible"
    return ""


def is_future(text: str) -> bool:
    return bool(_FUTURE.search(text))


def is_background(text: str) -> bool:
    return bool(_BACKGROUND.search(text))


def attribution(text: str) -> str:
    match = _ATTRIBUTION.search(text)
    return match.group(0) if match else ""


def is_question(text: str) -> bool:
    """A question the sentence asks, not one it reports ('A blogger asked, "Can anyone ...?"')."""
    stripped = text.rstrip("”’\"') ")
    if not stripped.endswith("?"):
        return False
    closed = text.rstrip(" ").endswith(("”", '"'))
    unclosed = stripped.count("“") > stripped.count("”") or stripped.count('"') % 2 == 1
    if closed or unclosed:
        opening = max(stripped.rfind("“"), stripped.rfind('"'))
        if opening > 0 and len(stripped[:opening].split()) >= 3:
            return False  # a question inside a quotation the writer's words introduce: reported, not asked
        if closed and opening < 0:
            return False  # the end of a quotation begun in an earlier sentence
    return True
