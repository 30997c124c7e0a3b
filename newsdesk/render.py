"""Render a report (the ``newsdesk.report/1`` dict) as Markdown, HTML or JSON.

Article text is untrusted: Markdown output escapes HTML and Markdown syntax;
the HTML output is a self-contained page with autoescaping, no scripts, a
strict Content-Security-Policy, and links only to http(s) URLs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .pubdate import how_found

__all__ = ["to_markdown", "to_html", "to_json", "STATUS_MARK"]

STATUS_MARK = {
    "corroborated": "✔ corroborated",
    "single-source": "⚠ single source",
    "disputed": "⚑ disputed",
    "doubtful": "✖ doubtful",
}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str | None) -> str:
    """Escape untrusted text for Markdown: no HTML, no accidental formatting or links."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


# -- Markdown -----------------------------------------------------------------------------
def _citations(sentence: dict[str, Any], number: dict[str, int]) -> str:
    return "".join(f"[{number[s['article']]}]" for s in sentence["sources"] if s["article"] in number)


def _mark(sentence: dict[str, Any]) -> str:
    status = sentence["status"]
    if status == "corroborated":
        return f"*{STATUS_MARK[status]} by {sentence.get('origins', 2)} independent sources*"
    extra = ""
    if status == "doubtful" and sentence.get("notes"):
        extra = f": {_md(sentence['notes'][-1])}"
    return f"**{STATUS_MARK.get(status, status)}{extra}**"


def _md_sentence(sentence: dict[str, Any], number: dict[str, int], label: str = "") -> str:
    lead = f"**{_md(label)}**: " if label else ""
    return f"- {lead}{_md(sentence['text'])} {_citations(sentence, number)} {_mark(sentence)}".rstrip()


def _md_disputed(section: dict[str, Any], number: dict[str, int]) -> list[str]:
    lines, shown = [], set()
    for group in section.get("groups", []):
        lines.append(f"**{_md(group['about'][:1].upper() + group['about'][1:])}?**")
        labels = group.get("labels") or [section["sentences"][i]["label"] for i in group["sentences"]]
        counts = group.get("origins") or [section["sentences"][i].get("origins", 1) for i in group["sentences"]]
        cited = group.get("cited") or [None] * len(group["sentences"])
        for i, label, count, articles in zip(group["sentences"], labels, counts, cited):
            s = section["sentences"][i]
            said = "the sentence quoted above" if i in shown else f"“{_md(s['text'])}”"
            shown.add(i)
            cites = ("".join(f"[{number[a]}]" for a in articles if a in number) if articles is not None
                     else _citations(s, number))
            lines.append(f"- **{_md(label)}** ({count} source{'s' if count != 1 else ''}): {said} {cites}")
        if group.get("note"):
            lines.append(f"  *{_md(group['note'])}*")
        lines.append("")
    return lines


def _md_paragraph(section: dict[str, Any], number: dict[str, int]) -> list[str]:
    """'What happened' as one paragraph: each sentence with its citations and a short status mark."""
    parts = [f"{_md(s['text'])} {_citations(s, number)} {_short_mark(s)}" for s in section["sentences"]]
    return [" ".join(parts), ""]


def _short_mark(sentence: dict[str, Any]) -> str:
    status = sentence["status"]
    if status == "corroborated":
        return f"*(✔ {sentence.get('origins', 2)} sources)*"
    extra = f": {_md(sentence['notes'][-1])}" if status == "doubtful" and sentence.get("notes") else ""
    return f"**({STATUS_MARK.get(status, status)}{extra})**"


def _md_section(section: dict[str, Any], number: dict[str, int]) -> list[str]:
    lines = [f"## {_md(section['heading'])}", ""]
    if section.get("note"):
        lines += [f"*{_md(section['note'])}*", ""]
    if section["id"] == "disputed":
        return lines + _md_disputed(section, number)
    if section["id"] == "what-happened":
        return lines + _md_paragraph(section, number)
    labelled = section["id"] in ("timeline", "quotes", "questions", "figures")
    previous = None
    for s in section["sentences"]:
        label = s.get("label", "") if labelled else ""
        if section["id"] == "questions":
            if label != previous:
                lines.append(f"**{_md(label)}**")
                previous = label
            label = ""
        lines.append(_md_sentence(s, number, label))
    return lines + [""]


def _md_sources(sources: list[dict[str, Any]]) -> list[str]:
    lines = ["## Sources", ""]
    for src in sources:
        where = src.get("url") or src.get("path") or ""
        bits = [_md(src.get("site") or "")] if src.get("site") else []
        bits.append(published_label(src))
        if src.get("updated"):
            bits.append(f"updated {src['updated'][:10]}")
        bits.append(f"origin {src['origin'][:8]}" + (f" ({src['copies_in_story']} copies)"
                                                      if src.get("copies_in_story", 1) > 1 else ""))
        if src.get("flags"):
            bits.append("flags: " + ", ".join(_md(f) for f in src["flags"]))
        title = _md(src.get("title") or "(untitled)")
        lines.append(f"{src['n']}. {title} — {_md(where)} · " + " · ".join(b for b in bits if b))
    return lines + [""]


def published_label(src: dict[str, Any]) -> str:
    """'published 2025-10-29', with how the date was found when it is not the page's own; 'undated'."""
    if not src.get("published"):
        return "undated"
    how = how_found(src.get("published_source"))
    return f"published {src['published'][:10]}" + (f" ({how})" if how else "")


def seen_label(story: dict[str, Any]) -> str:
    """The range of a story's publish dates; 'undated' when none of its articles is dated."""
    if not story.get("first_seen"):
        return "undated"
    return f"first seen {story['first_seen'][:10]} · last seen {(story.get('last_seen') or story['first_seen'])[:10]}"


def story_markdown(story: dict[str, Any]) -> str:
    briefing = story["briefing"]
    number = {s["article"]: s["n"] for s in briefing["sources"]}
    lines = [f"# {_md(briefing['headline'])}", ""]
    meta = f"*{story['n_articles']} articles from {story['n_origins']} independent origins · {seen_label(story)}*"
    lines += [meta, ""]
    if story.get("trend"):
        t = story["trend"]
        lines += [f"> Trending search: “{_md(t['query'])}” · {_md(t.get('traffic') or '?')}"
                  f" · {_md(t.get('geo') or '')}", ""]
    for section in briefing["sections"]:
        lines += _md_section(section, number)
    lines += _md_sources(briefing["sources"])
    return "\n".join(lines)


def to_markdown(report: dict[str, Any]) -> str:
    parts = [story_markdown(story) for story in report["stories"]]
    legend = ("*Every sentence is quoted from the numbered sources. "
              "✔ corroborated = stated by two or more independent origins (copies count once); "
              "⚠ single source; ⚑ disputed = sources disagree; ✖ doubtful = one source, at odds with the rest.*")
    return "\n\n---\n\n".join(parts) + "\n\n" + legend + "\n"


# -- HTML --------------------------------------------------------------------------------------
def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.I) else None


def to_html(report: dict[str, Any]) -> str:
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["safe_url"] = _safe_url
    env.filters["published_label"] = published_label
    env.filters["seen_label"] = seen_label
    template = env.from_string((Path(__file__).parent / "templates" / "briefing.html").read_text("utf-8"))
    return template.render(report=report, marks=STATUS_MARK)
