"""Perspectives: each outlet's headline, lede and side in the disputes of one story, side by side."""
from __future__ import annotations

from typing import Any

from ..display import outlet_name
from ..store import Store
from .front import first_sentence


def outlet_of(member: dict[str, Any]) -> str:
    return outlet_name(source=member.get("source"), site=member.get("site"), url=member.get("url"),
                       path=member.get("path"))


def perspectives(store: Store, members: list[dict[str, Any]], report: dict[str, Any] | None,
                 limit: int | None) -> dict[str, Any]:
    """Per outlet (first to cover the story first): headline, lede, the disputed claims it holds.

    ``limit`` outlets are described (None: all); the rest are counted. Also which
    of the desk's recent outlets covered the story and which did not.
    """
    by_outlet: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for member in members:
        by_outlet.setdefault(_key(member), []).append(member)
    shown = list(by_outlet.items())[:limit] if limit is not None else list(by_outlet.items())
    heads = store.article_heads([arts[0]["id"] for _, arts in shown], 600)
    sides = _sides(report)
    panel = [{"outlet": name, "article": arts[0]["id"], "title": arts[0]["title"] or "",
              "lede": first_sentence(heads.get(arts[0]["id"], "")), "n_articles": len(arts),
              "holds": [side for side in sides if side["articles"] & {a["id"] for a in arts}]}
             for (name, _), arts in shown]
    for entry in panel:
        entry["holds"] = [{"about": s["about"], "value": s["value"]} for s in entry["holds"]]
    desk = {outlet_name(source=r["source"], site=r["site"], url=r["url"], path=r["path"])
            for r in store.desk_outlets()}
    names = {name for name, _ in by_outlet}
    return {"outlets": panel, "n_outlets": len(by_outlet), "covered_by": sorted(names, key=str.casefold),
            "not_covered_by": sorted(desk - names, key=str.casefold)}


def _key(member: dict[str, Any]) -> tuple[str, str]:
    """An outlet's articles go together; files known only by their folder are not one outlet:
    each of their independent origins stands apart."""
    name = outlet_of(member)
    known = member.get("source") or member.get("site") or (member.get("url") or "").startswith(("http:", "https:"))
    return name, "" if known else member["origin"]


def _sides(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every claim of every conflict in the report, with the articles that state it."""
    out = []
    for conflict in (report or {}).get("conflicts") or []:
        if not isinstance(conflict, dict):
            continue
        for claim in conflict.get("claims") or []:
            if isinstance(claim, dict):
                articles = {s.get("article") for s in claim.get("sources") or [] if isinstance(s, dict)}
                out.append({"about": str(conflict.get("about") or ""), "value": str(claim.get("value") or ""),
                            "articles": articles})
    return out
