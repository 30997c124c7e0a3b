"""Clean: remove what is not the article, by general rules, and record it.

Entry point: :func:`clean`. Works on the paragraph blocks that extraction
produced. Every rule is a small function over the blocks that returns the
blocks it keeps; what it drops is recorded as :class:`Removed` with the rule's
name, and the article gets a flag per rule that fired. No rule names a person,
outlet or event: they look at the shape and wording of page furniture.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .records import Article, Removed, TrendCard
from .timeutil import parse_loose

__all__ = ["CleanOptions", "clean", "FLAG_OF_RULE"]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    detect_title: bool = True  # for plain text: promote a headline line to the title
    link_list_overlap: float = 0.25  # a trailing list sharing less vocabulary than this is unrelated


FLAG_OF_RULE = {
    "trend-card": "trend-card-removed",
    "table-of-contents": "toc-removed",
    "share-follow": "furniture-removed",
    "bare-url": "furniture-removed",
    "comment-policy": "furniture-removed",
    "table-rule": "furniture-removed",
    "dateline": "furniture-removed",
    "title-repeat": "furniture-removed",
    "reader-prompt": "reader-prompts-removed",
    "advice-box": "filler-removed",
    "filler-label": "filler-marked",
    "link-list": "link-list-removed",
}

_Blocks = list[str]

# -- patterns (page furniture in general, never tied to one site) ----------------
_TRAFFIC = re.compile(r"^\s*(\d[\d,. ]*\s*[KkMm]?\s*\+)\s*(?:(searches|buzz|search(?:es)? volume|views)\b)?(.*)$", re.I)
_TREND_LINE = re.compile(r"^(trend(ing)? (visuali[sz]ation|chart|graph|data) for|search interest (in|for)|"
                         r"trending (now|searches)|explore (the )?trend)\b", re.I)
_TOC_HEADING = re.compile(r"^(table of contents|contents|in this (article|story|post)|on this page|jump to|"
                          r"quick (links|navigation)|article outline)\s*:?$", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪►]\s*)?(?:\d{1,2}[.)]\s+)")
_SHARE = re.compile(
    r"\b(follow (us|me|our|the [\w .'-]{1,60} (channel|page|account))|share (this|on|via|with your)|"
    r"subscribe (to|now|for)|sign up (for|to)|join (our|the) [\w .'-]{0,40}(channel|newsletter|group|community)|"
    r"download (our|the) app|click here|tap here|stay tuned|follow (for|along)|like us on|"
    r"(whatsapp|telegram|facebook|twitter|instagram|youtube|tiktok|google news) (channel|page|group|updates)|"
    r"on (whatsapp|telegram|facebook|instagram|youtube|tiktok|x|twitter)\s*[:.!]?\s*$|"
    r"get (the latest|breaking) news|never miss (a|an) (update|story)|newsletter)", re.I)
_COMMENT_POLICY = re.compile(
    r"\b(comments? (posted|published|made) (here|on this|below)|comment(ing)? policy|"
    r"refrain from (using|posting)|comments are (moderated|not (the|our))|views expressed in (the )?comments|"
    r"not responsible for (the )?(content of )?comments|abusive (comments|language)|"
    r"(derogatory|obscene|offensive) (words|language|remarks))", re.I)
_READER_PROMPT = re.compile(
    r"\b(in the comments|comments? (section )?below|let us know|tell us (what|how|your)|"
    r"share your (thoughts|opinions?|views|experience|take)|what do you think|what are your thoughts|"
    r"(drop|leave) (us )?a comment|we('d| would) love to hear|join the (conversation|discussion)|"
    r"sound off|have your say)", re.I)
_SECOND_PERSON_QUESTION = re.compile(r"^(do|did|would|will|can|could|should|have|are|what|how|which|who|where|why)\b"
                                     r"[^?]{0,200}\byou(r)?\b[^?]*\?\s*$", re.I)
_ADVICE_BOX = re.compile(r"^\s*(pro tip|quick tip|top tip|expert tip|editor'?s tip|tip|hint|reader tip)\s*[:!—–-]\s*", re.I)
_FILLER_LABEL = re.compile(r"^\s*(did you know|fun fact|quick fact|fast fact|by the numbers|key fact)\s*[?:!—–-]+\s*", re.I)
_LINK_LIST_HEADING = re.compile(
    r"^(more references|references|related( (articles|stories|news|coverage|posts|reading|content|links))?|"
    r"read (more|also|next)|also read|more (stories|news|from [\w .]+|on this( topic)?|to read)|you may also like|"
    r"you might also like|recommended( for you| reading| stories)?|trending( now| stories)?|most (read|popular|viewed)|"
    r"popular( (stories|now|posts))?|further reading|see also|editor'?s picks|top stories|latest (news|stories)|"
    r"don'?t miss|what to read next|up next)\s*:?$", re.I)
_URL_ONLY = re.compile(r"^\s*(<)?(https?://|www\.)\S+(>)?\s*$", re.I)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_DATELINE = re.compile(r"^\s*(published|posted|updated|last updated|first published)( on| at)?\s*:?\s*(.{6,60})$", re.I)
_BYLINE = re.compile(r"^\s*by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*([|,·•-]\s*(.{6,60}))?$")
_FLAG_EMOJI = re.compile(r"([\U0001F1E6-\U0001F1FF]{2})")
_GEO_CODE = re.compile(r"\b([A-Z]{2})\b")
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset("""about above after again against also among been before being below between both
could does doing down during each from further have having here into itself just more most much must
only other over same should some such than that their them then there these they this those through
under until very were what when where which while will with would your yours said says like""".split())


# -- rules --------------------------------------------------------------------------
def _drop_trend_card(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """A trending-search card at the top: query line, traffic line, 'trend chart for' line."""
    head = blocks[:6]
    traffic_at = next((i for i, b in enumerate(head) if _TRAFFIC.match(b) and len(b.split()) <= 8), None)
    chart_at = next((i for i, b in enumerate(head) if _TREND_LINE.match(b)), None)
    if traffic_at is None or (chart_at is None and not _TRAFFIC.match(head[traffic_at]).group(2)):
        return blocks
    end = max(i for i in (traffic_at, chart_at) if i is not None)
    start = traffic_at - 1 if traffic_at >= 1 and len(blocks[traffic_at - 1].split()) <= 6 else traffic_at
    card = blocks[start:end + 1]
    match = _TRAFFIC.match(blocks[traffic_at])
    article.trend = TrendCard(query=blocks[start] if start < traffic_at else "",
                              traffic=match.group(1).replace(" ", ""), geo=_geo(blocks[traffic_at]))
    removed.extend(Removed("trend-card", b) for b in card)
    return blocks[:start] + blocks[end + 1:]


def _geo(line: str) -> str | None:
    flag = _FLAG_EMOJI.search(line)
    if flag:
        return "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in flag.group(1))
    code = _GEO_CODE.findall(line)
    return code[-1] if code else None


def _drop_toc(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """A 'Table of Contents' heading and the list of headings under it."""
    out: _Blocks = []
    i = 0
    while i < len(blocks):
        if _TOC_HEADING.match(blocks[i]):
            j = i + 1
            while j < len(blocks) and _LIST_ITEM.match(blocks[j]) and len(blocks[j].split()) <= 30:
                j += 1
            if j - i >= 3:
                removed.extend(Removed("table-of-contents", b) for b in blocks[i:j])
                i = j
                continue
        out.append(blocks[i])
        i += 1
    return out


def _drop_lines(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """Share/follow/subscribe lines, bare URLs, comment policies, reader prompts, table rules."""
    out: _Blocks = []
    for block in blocks:
        rule = _line_rule(block)
        if rule:
            removed.append(Removed(rule, block))
        else:
            out.append(block)
    return out


def _line_rule(block: str) -> str | None:
    n_words = len(block.split())
    if _URL_ONLY.match(block):
        return "bare-url"
    if _TABLE_RULE.match(block):
        return "table-rule"
    if n_words <= 60 and _COMMENT_POLICY.search(block):
        return "comment-policy"
    if n_words <= 60 and _READER_PROMPT.search(block):
        return "reader-prompt"
    if n_words <= 40 and _SECOND_PERSON_QUESTION.match(block) and not _LIST_ITEM.match(block):
        return "reader-prompt"
    if n_words <= 35 and _SHARE.search(block):
        return "share-follow"
    if _ADVICE_BOX.match(block) and n_words <= 80:
        return "advice-box"
    return None


def _mark_filler(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """'Did you know?'-style boxes: the label goes, the statement stays but is marked."""
    out: _Blocks = []
    boxes = article.meta.setdefault("filler_boxes", [])
    for block in blocks:
        match = _FILLER_LABEL.match(block)
        rest = block[match.end():].strip() if match else ""
        if match and rest:
            removed.append(Removed("filler-label", match.group(0).strip()))
            boxes.append({"label": match.group(1), "text": rest})
            out.append(rest)
        else:
            out.append(block)
    if not boxes:
        article.meta.pop("filler_boxes")
    return out


def _drop_link_list(blocks: _Blocks, removed: list[Removed], article: Article, overlap: float) -> _Blocks:
    """A trailing list of other stories ('More References', 'Related', ...) unrelated to the body."""
    for i in range(len(blocks) - 1, 0, -1):
        if not _LINK_LIST_HEADING.match(blocks[i]):
            continue
        tail, body = blocks[i + 1:], blocks[:i]
        if not tail or _shared_vocabulary(body, tail) < overlap or _looks_like_teasers(tail):
            removed.extend(Removed("link-list", b) for b in blocks[i:])
            return body
    return blocks


def _content_words(blocks: _Blocks) -> set[str]:
    return {w for b in blocks for w in _CONTENT_WORD.findall(b.lower()) if w not in _STOP}


def _shared_vocabulary(body: _Blocks, tail: _Blocks) -> float:
    """Share of the tail's content words that also occur in the body."""
    tail_words = _content_words(tail)
    return len(tail_words & _content_words(body)) / len(tail_words) if tail_words else 1.0


def _looks_like_teasers(tail: _Blocks) -> bool:
    """Alternating short headline lines (no final period) and one-paragraph teasers."""
    headlines = sum(1 for b in tail if len(b.split()) <= 16 and not b.rstrip().endswith((".", "!", "?", ":")))
    return len(tail) >= 4 and headlines >= len(tail) // 2 - 1


def _drop_datelines(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """'Published: 3 May 2026' / 'By A. Writer | May 3, 2026' lines near the top; dates kept."""
    out: _Blocks = []
    for index, block in enumerate(blocks):
        match = _DATELINE.match(block) if index < 4 else None
        by = _BYLINE.match(block) if index < 4 and not match else None
        if match or by:
            stamp = parse_loose(match.group(3) if match else (by.group(3) or ""))
            word = match.group(1).lower() if match else ""
            if stamp and "updated" in word:
                article.updated = article.updated or stamp
            elif stamp:
                article.published = article.published or stamp
            if stamp or by:
                if by and not article.author:
                    article.author = block.split("|")[0].strip()[3:].strip()
                removed.append(Removed("dateline", block))
                continue
        out.append(block)
    return out


def _drop_title_repeat(blocks: _Blocks, removed: list[Removed], article: Article) -> _Blocks:
    """The headline printed again at the top of the body."""
    while blocks and article.title and _same_line(blocks[0], article.title):
        removed.append(Removed("title-repeat", blocks[0]))
        blocks = blocks[1:]
    return blocks


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _promote_headline(blocks: _Blocks, article: Article) -> _Blocks:
    """Plain text: a first line that reads as a headline becomes the title."""
    if article.title or len(blocks) < 2 or not _is_headline(blocks[0]):
        return blocks
    article.title = blocks[0]
    rest = blocks[1:]
    while rest and _same_line(rest[0], article.title):
        rest = rest[1:]
    return rest


def _is_headline(line: str) -> bool:
    n_words = len(line.split())
    if not 3 <= n_words <= 24 or _LIST_ITEM.match(line) or line.lstrip().startswith(("-", "*", "•", "|")):
        return False
    if line.rstrip()[-1] in ".,;:" or _URL_ONLY.match(line):
        return False
    capitals = sum(1 for w in line.split() if w[:1].isupper() or w[:1].isdigit())
    return capitals >= 2


def _classify(blocks: _Blocks) -> str:
    if not blocks:
        return "empty"
    listish = sum(1 for b in blocks if _LIST_ITEM.match(b) or len(b.split()) <= 12)
    sentences = sum(1 for b in blocks if len(b.split()) > 12 and b.rstrip()[-1:] in ".!?\"”")
    if len(blocks) >= 5 and listish >= 0.8 * len(blocks) and sentences <= 1:
        return "link-list"
    return "article"


# -- entry point ----------------------------------------------------------------------
def clean(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """A copy of ``article`` with furniture removed, flags set and a title when one is found."""
    result = replace(article, flags=list(article.flags), removed=list(article.removed), meta=dict(article.meta))
    removed: list[Removed] = []
    blocks = result.paragraphs
    blocks = _drop_trend_card(blocks, removed, result)
    blocks = _drop_datelines(blocks, removed, result)
    if options.detect_title and result.meta.get("format") != "html":
        blocks = _promote_headline(blocks, result)
    blocks = _drop_title_repeat(blocks, removed, result)
    blocks = _drop_toc(blocks, removed, result)
    blocks = _drop_link_list(blocks, removed, result, options.link_list_overlap)
    blocks = _drop_lines(blocks, removed, result)
    blocks = _mark_filler(blocks, removed, result)
    result.text = "\n\n".join(blocks)
    result.removed.extend(removed)
    for flag in dict.fromkeys(FLAG_OF_RULE[r.rule] for r in removed):
        if flag not in result.flags:
            result.flags.append(flag)
    result.kind = _classify(blocks) if result.kind == "article" else result.kind
    return result
