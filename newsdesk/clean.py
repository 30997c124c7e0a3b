"""Clean: remove what is not the article, by general rules, and record it.

Entry point: :func:`clean`. Works on the paragraph blocks that extraction
produced. Every rule is a small function over the blocks that returns the
blocks it keeps; what it drops is recorded as :class:`Removed` with the rule's
name, and the article gets a flag per rule that fired. No rule names a person,
outlet or event: they look at the shape and wording of page furniture.

Rules run in this order: trend card, datelines, furniture lines, headline
(plain text only), repeated title, a live page's foreign title, table of
contents, link lists under a heading, reader prompts, trailing unrelated
teasers, trailing debris, filler labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from .lexicon.calendar import MONTH_NAME
from .lexicon.marks import BULLET, NUMBERED_ITEM
from .lexicon.stopwords import CLEAN_STOP_WORDS
from .records import Article, Removed, TrendCard
from .textutil import canonical_url
from .timeutil import as_utc, parse_loose

__all__ = ["CleanOptions", "clean", "FLAG_OF_RULE"]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    detect_title: bool = True  # for plain text: promote a headline line to the title
    link_list_overlap: float = 0.25  # a list sharing less vocabulary with the body than this is unrelated
    min_trailing_teasers: int = 3  # unrelated headline items needed to drop a trailing list without heading
    # The shares below were set by hand when their rules were written (tests/test_clean.py has pages on
    # both sides); no search over them has been run.
    live_title_overlap: float = 0.5  # a live page's title naming less than this share of its words in the body is
    #                                  another page's ('Markets live: ...') and is dropped
    prompt_share: float = 0.4  # a block with a reader prompt is cut to its other sentences only below this share
    #                            of the page's words (a page that is mostly prompts is not article text to trim)
    link_list_share: float = 0.8  # a page whose blocks are this share short or numbered lines (and at most one
    #                               sentence) is a link list, not an article


FLAG_OF_RULE = {
    "trend-card": "trend-card-removed",
    "table-of-contents": "toc-removed",
    "share-follow": "furniture-removed",
    "newsletter-box": "furniture-removed",
    "cookie-banner": "furniture-removed",
    "advertisement": "furniture-removed",
    "image-credit": "furniture-removed",
    "copyright": "furniture-removed",
    "email-footer": "furniture-removed",
    "paywall-prompt": "furniture-removed",
    "foreign-title": "foreign-title-removed",
    "page-tool": "furniture-removed",
    "tags": "furniture-removed",
    "bare-url": "furniture-removed",
    "comment-policy": "furniture-removed",
    "dateline": "furniture-removed",
    "title-repeat": "furniture-removed",
    "debris": "furniture-removed",
    "reader-prompt": "reader-prompts-removed",
    "advice-box": "filler-removed",
    "filler-label": "filler-marked",
    "link-list": "link-list-removed",
    "teaser-link": "link-list-removed",
}

_Blocks = list[str]


@dataclass(slots=True)
class _Pass:
    """What one cleaning run works on: the article (mutated copy), options, and what went."""

    article: Article
    options: CleanOptions
    removed: list[Removed] = field(default_factory=list)

    def drop(self, rule: str, *blocks: str) -> None:
        self.removed.extend(Removed(rule, b) for b in blocks)


# -- shared shapes ------------------------------------------------------------------
_URL_ONLY = re.compile(r"^\s*<?((?:https?://|www\.)\S+?)>?\s*$", re.I)
_CONTENT_WORD = re.compile(r"[a-zà-öø-ÿ][a-zà-öø-ÿ'-]{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def _words(block: str) -> int:
    return len(block.split())


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w'\"$%&]+", " ", text).split())


# -- trend cards ----------------------------------------------------------------------
_TRAFFIC = re.compile(r"^\s*(\d[\d,. ]*\s*[KkMm]?\s*\+)\s*(?:(searches|buzz|search(?:es)? volume|views)\b)?(.*)$", re.I)
_TREND_LINE = re.compile(r"^(trend(ing)? (visuali[sz]ation|chart|graph|data) for|search interest (in|for)|"
                         r"trending (now|searches)|explore (the )?trend)\b", re.I)
_FLAG_EMOJI = re.compile(r"([\U0001F1E6-\U0001F1FF]{2})")
_GEO_CODE = re.compile(r"\b([A-Z]{2})\b")


def _drop_trend_card(blocks: _Blocks, run: _Pass) -> _Blocks:
    """A trending-search card at the top: query line, traffic line, 'trend chart for' line."""
    head = blocks[:6]
    traffic_at = next((i for i, b in enumerate(head) if _TRAFFIC.match(b) and _words(b) <= 8), None)
    chart_at = next((i for i, b in enumerate(head) if _TREND_LINE.match(b)), None)
    traffic = _TRAFFIC.match(head[traffic_at]) if traffic_at is not None else None
    if traffic_at is None or traffic is None or (chart_at is None and not traffic.group(2)):
        return blocks
    end = max(i for i in (traffic_at, chart_at) if i is not None)
    start = traffic_at - 1 if traffic_at >= 1 and _words(blocks[traffic_at - 1]) <= 6 else traffic_at
    run.article.trend = TrendCard(query=blocks[start] if start < traffic_at else "",
                                  traffic=traffic.group(1).replace(" ", ""), geo=_geo(blocks[traffic_at]))
    run.drop("trend-card", *blocks[start:end + 1])
    return blocks[:start] + blocks[end + 1:]


def _geo(line: str) -> str | None:
    flag = _FLAG_EMOJI.search(line)
    if flag:
        return "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in flag.group(1))
    code = _GEO_CODE.findall(line)
    return code[-1] if code else None


# -- datelines --------------------------------------------------------------------------
_MONTH = rf"{MONTH_NAME}\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?)?"
_DATE_ONLY = re.compile(
    rf"^\s*{_WEEKDAY}(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?"
    rf"(?:Z|[+-]\d{{2}}:?\d{{2}})?)?){_TIME}\s*$", re.I)
_DATELINE = re.compile(r"^\s*(published|posted|updated|last updated|last modified|first published|date)"
                       r"(?: on| at)?\s*:?\s*(.{4,60})$", re.I)
_AGO = re.compile(r"\W*(\d+|an?|one)\s+(second|minute|hour|day|week|month)s?\s+ago\W*", re.I)
_BYLINE = re.compile(r"^\s*[Bb][Yy]:?\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*(?:[|,·•—–-]\s*(.{6,60}))?$")


def _drop_datelines(blocks: _Blocks, run: _Pass) -> _Blocks:
    """Date, 'Published: ...' and 'By A. Writer | date' lines; near the top their dates are kept."""
    out: _Blocks = []
    for index, block in enumerate(blocks):
        stamp, author, is_line = _dateline(block)
        if not is_line or (index >= 4 and not _DATE_ONLY.match(block)):
            out.append(block)
            continue
        if index < 4:
            _keep_date(run.article, stamp, updated=block.lstrip().lower().startswith(("updated", "last")))
            run.article.author = run.article.author or author
        run.drop("dateline", block)
    article = run.article
    if article.updated and article.published and article.updated <= article.published:
        article.updated = None  # an 'update' before the first publication is no update
    return out


def _dateline(block: str) -> tuple[datetime | None, str | None, bool]:
    """(date or None, author or None, whether the block is a dateline at all)."""
    if _DATE_ONLY.match(block):
        return parse_loose(block.strip()), None, True
    by = _BYLINE.match(block)
    if by:
        return parse_loose(by.group(2)) if by.group(2) else None, by.group(1), True
    match = _DATELINE.match(block)
    if match:
        stamp = parse_loose(match.group(2))
        return stamp, None, stamp is not None or bool(_AGO.fullmatch(match.group(2).strip()))
    masthead = _masthead_date(block)
    return masthead, None, masthead is not None


def _masthead_date(block: str) -> datetime | None:
    """'PAPER · Weekday edition · Friday 13 March 2026': a short line of parts, one of them a date."""
    parts = [p.strip() for p in re.split(r"\s+[·|•—–]\s+", block)]
    if len(parts) < 2 or _words(block) > 16:
        return None
    dates = [parse_loose(p) for p in parts if _DATE_ONLY.match(p)]
    return dates[0] if dates else None


def _keep_date(article: Article, stamp: datetime | None, *, updated: bool) -> None:
    from .extract import plausible_date

    stamp = plausible_date(as_utc(stamp), article.fetched)  # never after the fetch
    if stamp is None:
        return
    if updated:
        article.updated = article.updated or stamp
    else:
        article.published = article.published or stamp


# -- titles -----------------------------------------------------------------------------
def _promote_headline(blocks: _Blocks, run: _Pass) -> _Blocks:
    """Plain text: a first line that reads as a headline becomes the title."""
    if run.article.title or len(blocks) < 2 or not _is_headline(blocks[0], blocks[1]):
        return blocks
    run.article.title = blocks[0]
    return blocks[1:]


def _is_headline(line: str, following: str) -> bool:
    """3-24 words, no list number or bullet, not ending like a sentence or a label, starting with a
    capital (a question: in title case); followed by itself (printed twice) or by a longer block
    that is not a list item."""
    n_words = _words(line)
    if not 3 <= n_words <= 24 or NUMBERED_ITEM.match(line) or BULLET.match(line):
        return False
    end = line.rstrip()[-1]
    if end in ".,;:|!" or _URL_ONLY.match(line) or line.lstrip()[:1].islower():
        return False
    if end == "?" and sum(1 for w in line.split() if w[:1].isupper()) < 2:
        return False  # a question in sentence case is more often the text talking than a headline
    return _same(line, following) or (_words(following) > n_words and not NUMBERED_ITEM.match(following))


def _same(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _drop_title_repeat(blocks: _Blocks, run: _Pass) -> _Blocks:
    """The headline printed again in the body (at the top, or anywhere as a stray line)."""
    title = run.article.title
    if not title:
        return blocks
    out = []
    parts = _title_parts(title)
    longest = max(len(p) for p in parts) + 20
    for block in blocks:
        if len(block) <= longest and _norm(block) in parts and (len(block) > 20 or _same(block, title)):
            run.drop("title-repeat", block)
        else:
            out.append(block)
    return out


def _title_parts(title: str) -> set[str]:
    """The title and its pieces around a site-name separator ('Headline | Site')."""
    return {_norm(p) for p in re.split(r"\s+[|–—:-]\s+|\s*\|\s*", title) if p.strip()} | {_norm(title)}


_LIVE_PAGE = re.compile(r"\blive\b", re.I)


def _drop_foreign_title(blocks: _Blocks, run: _Pass) -> _Blocks:
    """A live page's title ('Markets live: ...') that names none of what the text is about."""
    title = run.article.title
    if not title or not _LIVE_PAGE.search(title) or run.article.meta.get("format") != "html":
        return blocks
    words = {w.rstrip("s") for w in _CONTENT_WORD.findall(_LIVE_PAGE.sub(" ", title.lower()))
             if w not in CLEAN_STOP_WORDS}
    body = {w.rstrip("s") for w in _CONTENT_WORD.findall(" ".join(blocks).lower()[:5000])}
    if words and len(words & body) < run.options.live_title_overlap * len(words):
        run.drop("foreign-title", title)
        run.article.title = ""
    return blocks


# -- tables of contents -------------------------------------------------------------------
_TOC_HEADING = re.compile(r"^(table of contents|contents|in this (article|story|post|guide)|on this page|jump to|"
                          r"quick (links|navigation)|article outline|skip to)\s*:?$", re.I)


def _drop_toc(blocks: _Blocks, run: _Pass) -> _Blocks:
    """A 'Table of Contents' heading and the list of headings under it."""
    out: _Blocks = []
    i = 0
    while i < len(blocks):
        if _TOC_HEADING.match(blocks[i]):
            j = i + 1
            while j < len(blocks) and (NUMBERED_ITEM.match(blocks[j]) or BULLET.match(blocks[j])) \
                    and _words(blocks[j]) <= 30:
                j += 1
            if j - i >= 3:
                run.drop("table-of-contents", *blocks[i:j])
                i = j
                continue
        out.append(blocks[i])
        i += 1
    return out


# -- link lists ---------------------------------------------------------------------------
_LINK_LIST_HEADING = re.compile(
    r"^[-*•]?\s*(more references|references|related( (articles?|stories|news|coverage|posts|reading|content|links|"
    r"topics|videos?))?|read (more|also|next)|also read|"
    r"more (stories|news|from [\w .]+|on this( topic| story)?|to read|"
    r"like this)|you (may|might) (also )?(like|enjoy|be interested in)|"
    r"recommended( for you| reading| stories| articles)?|"
    r"trending( now| stories| articles)?|most (read|popular|viewed|shared)|popular( (stories|now|posts|articles))?|"
    r"further reading|see also|editor'?s picks|top stories|latest (news|stories|articles|headlines)|"
    r"don'?t miss|what to read next|up next|more headlines|other stories|in other news|"
    r"leggi anche|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|leia também|leia mais|lea también|"
    r"ver también|te puede interesar)\s*[:.…]*$", re.I)
_TAGGED_HEADLINE = re.compile(r"\[[A-Z ]{3,12}\]\s*\|?\s*$")


def _drop_link_lists(blocks: _Blocks, run: _Pass) -> _Blocks:
    """A 'Related'/'More References'/'Don't miss' heading with the headlines (and teasers) under it."""
    out: _Blocks = []
    i = 0
    while i < len(blocks):
        if _LINK_LIST_HEADING.match(blocks[i]) and _words(blocks[i]) <= 8:
            end = _list_end(blocks, i + 1)
            if _is_link_list(blocks, i, end, run.options):
                run.drop("link-list", *blocks[i:end])
                i = end
                continue
        out.append(blocks[i])
        i += 1
    return out


def _headline_item(block: str) -> bool:
    """A linked headline: short, no sentence end (or a '[VIDEO]'-style tag)."""
    text = BULLET.sub("", block).strip()
    return bool(text) and _words(text) <= 22 and (
        _TAGGED_HEADLINE.search(text) is not None or not text.endswith((".", ":", ";", ",")))


def _list_end(blocks: _Blocks, start: int) -> int:
    """Index after the run of headline items, each with at most one teaser paragraph under it."""
    j = start
    while j < len(blocks) and _headline_item(blocks[j]):
        j += 1
        teaser = j < len(blocks) and not _headline_item(blocks[j]) and _words(blocks[j]) <= 80
        if teaser and (j + 1 == len(blocks) or _headline_item(blocks[j + 1])):
            j += 1
    return j


def _is_link_list(blocks: _Blocks, heading: int, end: int, options: CleanOptions) -> bool:
    """Headlines alone are links; headlines with (two or more) teasers must be unrelated
    to the body, or be several and run to the end of the text."""
    items = blocks[heading + 1:end]
    headlines = [b for b in items if _headline_item(b)]
    if not items or len(headlines) == len(items):
        return bool(items)
    if len(items) - len(headlines) < 2:  # one headline and paragraph may just be a section
        return False
    body = blocks[:heading] + blocks[end:]
    runs_to_end = end == len(blocks) and len(headlines) >= options.min_trailing_teasers
    return runs_to_end or _shared_vocabulary(body, items) < options.link_list_overlap


def _content_words(blocks: _Blocks) -> set[str]:
    return {w for b in blocks for w in _CONTENT_WORD.findall(b.lower()) if w not in CLEAN_STOP_WORDS}


def _shared_vocabulary(body: _Blocks, tail: _Blocks) -> float:
    """Share of the tail's content words that also occur in the body."""
    tail_words = _content_words(tail)
    return len(tail_words & _content_words(body)) / len(tail_words) if tail_words else 1.0


def _drop_trailing_teasers(blocks: _Blocks, run: _Pass) -> _Blocks:
    """A trailing list of unrelated headlines with teasers, without a heading."""
    start = len(blocks)
    while start > 1 and _words(blocks[start - 1]) <= 80 and not NUMBERED_ITEM.match(blocks[start - 1]) \
            and _shared_vocabulary(blocks[:start - 1], [blocks[start - 1]]) < run.options.link_list_overlap:
        start -= 1
    tail = blocks[start:]
    headlines = [b for b in tail if _headline_item(b) and _words(b) >= 4]
    if len(headlines) < run.options.min_trailing_teasers or len(headlines) * 2 < len(tail) \
            or start < len(blocks) // 3:
        return blocks
    run.drop("link-list", *tail)
    return blocks[:start]


# -- furniture lines ------------------------------------------------------------------------
_PLATFORM = (r"(twitter|facebook|instagram|whatsapp|telegram|youtube|tiktok|linkedin|threads|bluesky|mastodon|"
             r"google news|x)")
_SHARE = re.compile(
    rf"(\bfollow (us|me|him|her|them|our [\w .'-]{{1,40}}|the [\w .'-]{{1,60}} (channel|page|account))\b.{{0,40}}"
    rf"\b(on|at|via) {_PLATFORM}\b|\bfollow (us|me|him|her|them)( at)? @\w|^\W*(like|follow|find) us (on|at)\b|"
    rf"\bshare (this|it) (article|story|post|page|with (a friend|your friends))|\bshare (on|via) "
    rf"({_PLATFORM}|e-?mail)\b|\bstay tuned\b|\bclick(ing)? here\b.{{0,40}}"
    rf"\b(subscribe|sign up|newsletter|app|follow|on the go)\b|\bby clicking here\b|"
    rf"^\W*(subscribe|sign up|signup|register)\b.{{0,60}}\b(newsletter|channel|podcast|alerts|updates|"
    rf"magazine|inbox|our|{_PLATFORM})\b|\b(download|get|install) (our|the [\w .'-]{{1,30}}) app\b|"
    rf"\bnever miss (a|an|another) (update|story|thing|post)|\bjoin (our|the) [\w .'-]{{0,40}}"
    rf"(channel|group|community)\b.{{0,30}}\b(on|at)\b)", re.I)
_NEWSLETTER = re.compile(
    r"(thanks? (you )?for (signing up|subscribing)|keep an eye on your inbox|error processing your subscription|"
    r"enter (your|a valid) e-?mail|by (signing up|subscribing|registering)[^.]{0,60}you agree|unsubscribe at any time|"
    r"sign up (for|to) (our|the|a free)? ?([\w'-]+ ){0,4}newsletters?\b|get our ([\w'-]+ ){0,3}newsletters?\b|"
    r"(delivered|straight|right) (to|through|in|into) your (inbox|letterbox|mailbox|door))", re.I)
_COOKIES = re.compile(
    r"(\bwe use cookies\b|\b(this|our) (site|website) uses cookies\b|\baccept (all )?cookies\b|"
    r"\bcookie (policy|settings|preferences|consent)\b|\bby (continuing|using) (to (use|browse) )?(this|our) "
    r"(site|website)\b.{0,60}\b(agree|consent|cookies)\b)", re.I)
_COMMENT_POLICY = re.compile(
    r"\b(comments? (posted|published|made) (here|on this|below)|comment(ing)? (policy|guidelines)|"
    r"community guidelines|refrain from (using|posting)|comments are (moderated|not (the|our))|"
    r"views expressed in (the )?comments|not responsible for (the )?(content of )?comments|abusive (comments|language)|"
    r"(derogatory|obscene|offensive) (words|language|remarks)|we reserve the right to (remove|delete|edit))", re.I)
_EMAIL_FOOTER = re.compile(
    r"(\bview (this|it|the) (e-?mail|newsletter|message) (in|on) (your|a|the) (web )?browser|"
    r"\byou (are|were) receiving this (e-?mail|newsletter|message)|\byou received this (e-?mail|message)|"
    r"\bforward (this|it)( e-?mail| newsletter)? to a friend|\bupdate (your )?(e-?mail |subscription )?preferences|"
    r"\bmanage (your )?(subscription|e-?mail settings)|\bno longer wish to receive|"
    r"^[^.]{0,60}\bp\.? ?o\.? box \d+)", re.I)
_PAYWALL = re.compile(r"(\bsubscribe (now|today) (for|to)\b|\bsubscribers (get|enjoy|can)\b|\bfor full access\b|"
                      r"\balready a subscriber\b|\bsubscribe to (read|continue|unlock)\b|\bto continue reading\b|"
                      r"\bthis (article|story|content) is (only )?(for|available to) (subscribers|members)\b)", re.I)
_REPRINT_NOTICE = re.compile(r"\b(for your personal,? non-?commercial use|to order presentation-ready copies)\b", re.I)
_PAGE_TOOL = re.compile(
    r"^\W*(print( article| this( article| page)?)?|order reprints|reprints?( & permissions)?|"
    r"e-?mail( this)?( article)?|"
    r"share( this)?( article| story)?|tweet|save( article)?|comments?( \(\d+\))?|\d+ comments?|"
    r"listen( to (this|the) article)?|"
    r"read more|show more|load more|continue reading( below)?|back to top|close|menu|loading\W*|"
    r"(an )?error (has )?occurred[^.]*\.?|something went wrong[^.]*\.?|this article has been sent to|"
    r"sorry!?|thanks for reading!?)\W*$", re.I)
_ADVERT = re.compile(r"^\W*(advertisements?|advert|ad|sponsored( content| post| links?)?|paid (content|post)|"
                     r"(story|article) continues below( this)?( advertisement| ad)?|skip advertisement|"
                     r"advertisement\W+scroll to continue( with content)?|scroll to continue)\W*$", re.I)
_IMAGE_CREDIT = re.compile(
    r"(^\W*(main |lead |top )?(photo|photograph|image|picture|pic|file photo)s?"
    r"( credit| source| caption| courtesy)?\s*(by\b|:|\||–|—)|^\W*(image |photo )?(credit|caption)s?\s*:|"
    r"\b(getty images|shutterstock|istock(photo)?|ap photo|afp via|via reuters|reuters/[A-Z]|"
    r"/ ?(afp|ap|reuters|epa|getty))\W*$)", re.I)
_TEASER_LINK = re.compile(
    r"^\W*(see more|read more|read also|also read|related( article| story| coverage)?|read next|must read|"
    r"more on this|watch|listen|don'?t miss|recommended)\s*[:|»›>–—]\s*\S|^\W*also on [\w-]+(\.[\w-]+)+\s+\S", re.I)
_LABELLED_LINKS = re.compile(r"^\W*[\w .&'-]{2,40}:\s*(?:(?:https?://|www\.)\S+(?:\s*(?:and|,|\|)\s*)?)+$", re.I)
_TAGS = re.compile(r"^\W*(tags|tagged|filed under|topics|categories|keywords)\s*:?(\s|$)", re.I)
_ADVICE_BOX = re.compile(r"^\s*(pro tip|quick tip|top tip|expert tip|editor'?s tip|reader tip|tip|hint)"
                         r"\s*(?:[:!—–]|\s-\s)\s*", re.I)
_SOCIAL_HOSTS = re.compile(
    r"(^|\.)(whatsapp\.com|wa\.me|t\.me|telegram\.me|facebook\.com|fb\.com|twitter\.com|x\.com|instagram\.com|"
    r"tiktok\.com|linkedin\.com|pinterest\.com|threads\.net|play\.google\.com|apps\.apple\.com|news\.google\.com)$")
_ASSET = re.compile(r"\.(jpe?g|png|gif|webp|svg|bmp|ico|css|js|woff2?)(\?\S*)?$", re.I)
_FOLLOWED_BY_LINK = {"share-follow", "newsletter-box"}


def _drop_lines(blocks: _Blocks, run: _Pass) -> _Blocks:
    """Share/follow lines, newsletter boxes, cookie banners, ads, credits, page tools, policies, links."""
    out: _Blocks = []
    previous_rule = None
    for block in blocks:
        rule = _line_rule(block)
        if rule is None and (bare := _URL_ONLY.match(block)):
            rule = "bare-url" if _furniture_url(bare.group(1), run.article, previous_rule) else None
        if rule:
            run.drop(rule, block)
            previous_rule = rule if rule != "bare-url" else previous_rule
        else:
            out.append(block)
            previous_rule = None
    return out


_UNSUBSCRIBE = re.compile(r"\bunsubscribe\b", re.I)
_NEWSLETTER_LABEL = re.compile(r"\bnewsletters?\b", re.I)
# (rule, most words the block may have, pattern, whole block or anywhere, words one of which must occur
# in the lower-cased block before the pattern is tried: a cheap filter, None = always try)
_LINE_RULES = (
    ("advertisement", 12, _ADVERT, "match", None),
    ("page-tool", 12, _PAGE_TOOL, "match", None),
    ("comment-policy", 60, _COMMENT_POLICY, "search", ("comment", "refrain", "guidelines", "abusive", "derogatory",
                                                        "obscene", "offensive", "reserve")),
    ("cookie-banner", 80, _COOKIES, "search", ("cookie",)),
    ("email-footer", 40, _EMAIL_FOOTER, "search", ("mail", "browser", "receiv", "friend", "preferences",
                                                    "subscription", "wish", "box")),
    ("email-footer", 12, _UNSUBSCRIBE, "search", ("unsubscribe",)),
    ("paywall-prompt", 50, _PAYWALL, "search", ("subscri", "access", "continue reading", "members")),
    ("newsletter-box", 45, _NEWSLETTER, "search", ("sign", "subscri", "inbox", "mail", "letterbox", "door")),
    ("newsletter-box", 6, _NEWSLETTER_LABEL, "search", ("newsletter",)),
    ("share-follow", 35, _SHARE, "search", ("follow", "share", "tuned", "click", "subscri", "sign", "register", "app",
                                           "never miss", "join", "like us", "find us")),
    ("copyright", 40, _REPRINT_NOTICE, "search", ("commercial", "presentation")),
    ("image-credit", 30, _IMAGE_CREDIT, "search", ("photo", "image", "picture", "pic", "credit", "caption", "getty",
                                                   "shutterstock", "istock", "afp", "reuters", "ap", "epa")),
    ("teaser-link", 30, _TEASER_LINK, "match", None),
    ("teaser-link", 30, _LABELLED_LINKS, "match", ("http", "www.")),
    ("tags", 60, _TAGS, "match", None),
    ("advice-box", 80, _ADVICE_BOX, "match", None),
)


def _line_rule(block: str) -> str | None:
    """The furniture rule a whole block falls under, if any (the first that fits, in table order)."""
    n_words = _words(block)
    if n_words > 80:
        return None
    lower = block.lower()
    for rule, max_words, pattern, how, triggers in _LINE_RULES:
        if n_words > max_words or (triggers and not any(t in lower for t in triggers)):
            continue
        if (pattern.match(block) if how == "match" else pattern.search(block)):
            return rule
    return None


def _furniture_url(url: str, article: Article, previous_rule: str | None) -> bool:
    """A bare URL (a block's only content) that is furniture: the page itself, an image or script, a
    social/app link, or the target of the share/follow line just removed. Other bare URLs (cited sources) stay."""
    full = url if url.lower().startswith("http") else "http://" + url
    if article.url and canonical_url(full) == canonical_url(article.url):
        return True
    try:
        host = (urlsplit(full).hostname or "").lower()
    except ValueError:
        return False
    return bool(_ASSET.search(urlsplit(full).path) or _SOCIAL_HOSTS.search(host)
                or previous_rule in _FOLLOWED_BY_LINK)


# -- reader prompts ---------------------------------------------------------------------------
_READER_PROMPT = re.compile(
    r"\b(in the comments?( section)?|comments? (section )?below|(leave|drop|post|add) (us )?a comment|"
    r"let us know\b|tell us (what|how|your|in)|share your (thoughts|opinions?|views|experiences?|take|comments?)|"
    r"what do you think|what are your thoughts|we('d| would) love to hear|join the (conversation|discussion)|"
    r"sound off|have your say|tell us what you think|write to us|e-?mail us at)", re.I)
_OPINION_QUESTION = re.compile(
    r"^((do|would|will|should|could|can|did) you (believe|think|agree|support|feel|expect|approve|trust|reckon|"
    r"consider)|(what|how) do you (think|feel|rate|see))\b[^?]*\?\W*$", re.I)
_QUOTED = re.compile(r"[\"“”]")
_SECOND_PERSON_QUESTION = re.compile(
    r"^(do|did|would|will|can|could|should|have|are|is|what|how|which|who|where|why|when)\b"
    r"[^?]{0,200}\byou(r|rs)?\b[^?]*\?\W*$", re.I)


def _drop_reader_prompts(blocks: _Blocks, run: _Pass) -> _Blocks:
    """'What do you think? Tell us in the comments' sentences, and questions to the reader beside them."""
    kept: list[str | None] = []
    prompt_at: set[int] = set()
    total_words = sum(_words(b) for b in blocks)
    for index, block in enumerate(blocks):
        rest = block
        if _words(block) <= 40 and _OPINION_QUESTION.match(block) and not _QUOTED.search(block):
            run.drop("reader-prompt", block)
            rest = ""
        elif (_may_prompt(block) and _READER_PROMPT.search(block)
              and _words(block) < run.options.prompt_share * total_words):
            rest = _without_prompt_sentences(block, run)
        if rest != block:
            prompt_at.add(index)
        kept.append(rest or None)
    _drop_reader_questions(kept, prompt_at, run)
    return [b for b in kept if b]


_PROMPT_WORDS = ("comment", "let us know", "tell us", "share your", "think", "thoughts", "love to hear",
                 "join the", "sound off", "your say", "write to us", "mail us")


def _may_prompt(block: str) -> bool:
    lower = block.lower()
    return any(word in lower for word in _PROMPT_WORDS)


def _without_prompt_sentences(block: str, run: _Pass) -> str:
    """The block minus its sentences that prompt the reader to comment (and questions to the reader).

    Sentences inside quotation marks are someone speaking, not the page prompting: they stay.
    """
    sentences = _SENTENCE_END.split(block.strip())
    prompts = [s for s in sentences if not _QUOTED.search(s)
               and (_READER_PROMPT.search(s) or _SECOND_PERSON_QUESTION.match(s) or _OPINION_QUESTION.match(s))]
    if not any(_READER_PROMPT.search(s) for s in prompts):
        return block
    run.drop("reader-prompt", " ".join(prompts))
    return " ".join(s for s in sentences if s not in prompts)


def _drop_reader_questions(kept: list[str | None], prompt_at: set[int], run: _Pass) -> None:
    """Questions addressed to the reader next to a prompt, or ending the article, go too."""
    last = max((i for i, b in enumerate(kept) if b), default=-1)
    changed = True
    while changed:
        changed = False
        for index, block in enumerate(kept):
            if (not block or _words(block) > 40 or not _SECOND_PERSON_QUESTION.match(block)
                    or NUMBERED_ITEM.match(block)):
                continue
            if index == last or index - 1 in prompt_at or index + 1 in prompt_at:
                run.drop("reader-prompt", block)
                kept[index] = None
                prompt_at.add(index)
                changed = True


# -- debris and filler ---------------------------------------------------------------------------
def _drop_trailing_debris(blocks: _Blocks, run: _Pass) -> _Blocks:
    """What trails the last paragraph: empty bullets, rules, a list item cut off mid-markup."""
    while len(blocks) > 1 and _debris(blocks[-1]):
        run.drop("debris", blocks[-1])
        blocks = blocks[:-1]
    return blocks


def _debris(block: str) -> bool:
    text = block.strip()
    if not re.search(r"\w", text):
        return True
    cut_off = text.endswith("-") or text.count("**") % 2 == 1
    return bool(BULLET.match(text) or text.startswith("*")) and _words(text) <= 3 and cut_off


_FILLER_LABEL = re.compile(r"^\s*(did you know|fun fact|quick fact|fast fact|by the numbers|key fact)\s*[?:!—–-]+\s*",
                           re.I)


def _mark_filler(blocks: _Blocks, run: _Pass) -> _Blocks:
    """'Did you know?'-style boxes: the label goes, the statement stays but is marked."""
    out: _Blocks = []
    boxes = []
    for block in blocks:
        match = _FILLER_LABEL.match(block)
        rest = block[match.end():].strip() if match else ""
        if match and rest:
            run.drop("filler-label", match.group(0).strip())
            boxes.append({"label": match.group(1), "text": rest})
            out.append(rest)
        else:
            out.append(block)
    if boxes:
        run.article.meta["filler_boxes"] = run.article.meta.get("filler_boxes", []) + boxes
    return out


def _classify(blocks: _Blocks, options: CleanOptions) -> str:
    if not blocks:
        return "empty"
    listish = sum(1 for b in blocks if NUMBERED_ITEM.match(b) or _words(b) <= 12)
    sentences = sum(1 for b in blocks if _words(b) > 12 and b.rstrip()[-1:] in ".!?\"”")
    if len(blocks) >= 5 and listish >= options.link_list_share * len(blocks) and sentences <= 1:
        return "link-list"
    return "article"


# -- entry point ----------------------------------------------------------------------------------
def clean(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """A copy of ``article`` with furniture removed, flags set and a title when one is found."""
    result = replace(article, flags=list(article.flags), removed=list(article.removed), meta=dict(article.meta))
    run = _Pass(result, options)
    blocks = result.paragraphs
    blocks = _drop_trend_card(blocks, run)
    blocks = _drop_datelines(blocks, run)
    blocks = _drop_lines(blocks, run)
    if options.detect_title and result.meta.get("format") != "html":
        blocks = _promote_headline(blocks, run)
    for rule in (_drop_title_repeat, _drop_foreign_title, _drop_toc, _drop_link_lists, _drop_reader_prompts,
                 _drop_trailing_teasers, _drop_trailing_debris, _mark_filler):
        blocks = rule(blocks, run)
    result.text = "\n\n".join(blocks)
    result.removed.extend(run.removed)
    for flag in dict.fromkeys(FLAG_OF_RULE[r.rule] for r in run.removed):
        if flag not in result.flags:
            result.flags.append(flag)
    result.kind = _classify(blocks, options) if result.kind == "article" else result.kind
    return result
