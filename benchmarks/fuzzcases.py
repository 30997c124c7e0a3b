"""Seeded generators of hostile inputs for ``benchmarks/fuzz.py``: HTML pages, JSON Lines,
plain text, WARC archives, RSS/Atom/JSON feeds and file names, each built from invented
article text and then damaged (wrong or absurd charsets, deep nesting, huge tokens, lone
surrogates, NUL and control bytes, truncation, byte flips, pathological markup...).

Everything comes from one ``random.Random``: the same seed gives the same cases.
"""
from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass

WORDS = ("harbour council ferry timber orchard rail bridge festival library reservoir vineyard airport museum "
         "stadium clinic market quarry tunnel lighthouse brewery glacier river forest canal school union tram "
         "bakery dairy mill wharf station garden theatre budget strike vote court mayor minister police storm "
         "flood fire election rescue contract permit hearing inquiry report plan deal workers residents").split()
NAMES = ("Ashford Brenmoor Calder Dunmere Eastwick Fallowmere Glenrath Holmfirth Ilvercombe Juniper Kestrel "
         "Lanthorn Morrow Nettlebed Orrin Pellow Quennell Rookhaven Sallow Thistlewood").split()
CHARSETS = ["utf-8", "utf8", "latin-1", "iso-8859-1", "windows-1252", "shift_jis", "koi8-r", "utf-16", "utf-16le",
            "utf-32", "utf-7", "gb18030", "big5", "euc-kr", "undefined", "punycode", "idna", "rot13", "base64",
            "zlib", "x-user-defined", "unicode-escape", "", "\x00", "a" * 300, "utf-8;utf-8", "cp65001"]
HAZARDS = ["\x00", "\x1b[2J", "\x9b31m", "\u202e", "\ufeff", "\ud800", "\udfff", "\uffff", "\U0010ffff", "\r",
           "\x0b\x0c", "\u2028", "\u2029", "&#0;", "&#xD800;", "&#99999999;", "&nbsp;" * 50, "<![CDATA[", "]]>",
           "<!--", "-->", "<?xml", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "%00", "\\u0000", "javascript:alert(1)",
           "\u0301" * 200, "\U0001F600" * 50]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "!", "?"])


def article_text(rng: random.Random, paragraphs: int | None = None) -> tuple[str, str]:
    """(title, body) of an invented article."""
    title = f"{rng.choice(NAMES)} {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(['approved', 'delayed', 'opens', 'closes', 'wins', 'fails'])}"
    count = paragraphs if paragraphs is not None else rng.randint(1, 6)
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(1, 5))) for _ in range(count))
    return title, body


def hazard(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.6:
        return rng.choice(HAZARDS)
    if kind < 0.75:
        return "".join(map(chr, rng.choices(range(0x110000), k=rng.randint(1, 40))))
    if kind < 0.85:
        return rng.choice("abcxyz0-_/") * rng.choice([1_000] * 12 + [10_000] * 6 + [100_000, 1_200_000])
    return "".join(map(chr, rng.choices(range(0x3000), k=rng.randint(50, 2000))))


def sprinkle(rng: random.Random, text: str, count: int | None = None) -> str:
    for _ in range(count if count is not None else rng.randint(0, 4)):
        at = rng.randint(0, len(text))
        text = text[:at] + hazard(rng) + text[at:]
    return text


def encode(rng: random.Random, text: str) -> bytes:
    codec = rng.choice(["utf-8"] * 6 + ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-8-sig",
                                       "shift_jis", "utf-32", "koi8-r"])
    return text.encode(codec, errors=rng.choice(["surrogatepass", "replace", "ignore"])
                       if codec.startswith("utf-8") or codec.startswith("utf-16") or codec == "utf-32"
                       else "replace")


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Byte-level damage: flips, cuts, repeats, inserted junk."""
    data = bytearray(data)
    for _ in range(rng.randint(0, 6)):
        if not data:
            break
        op = rng.random()
        at = rng.randrange(len(data))
        if op < 0.35:
            data[at] = rng.randrange(256)
        elif op < 0.5:
            del data[at:]
        elif op < 0.65:
            chunk = bytes(data[at:at + rng.randint(1, 200)])
            data[at:at] = chunk * rng.randint(2, 50)
        elif op < 0.8:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            data[at:at] = rng.choice([b"\x00" * 64, b"\xff\xfe", b"\xef\xbb\xbf", b"\r\r\r", b"\\", b'"', b"\n"])
    return bytes(data)


# -- HTML -------------------------------------------------------------------------------------------
def _attrs(rng: random.Random, count: int) -> str:
    value = rng.choice(WORDS)
    return " ".join(f'a{i}="{value}"' for i in range(count))


def html_page(rng: random.Random) -> bytes:
    title, body = article_text(rng)
    if rng.random() < 0.5:
        title, body = sprinkle(rng, title), sprinkle(rng, body)
    charset = rng.choice(CHARSETS)
    head = f'<meta charset="{charset}">' if rng.random() < 0.7 else f'<meta http-equiv="content-type" content="text/html; charset={charset}">'
    extra = _html_hazard(rng) if rng.random() < 0.6 else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    page = (f"<!DOCTYPE html><html><head>{head}<title>{title}</title>{_json_ld(rng)}</head><body>"
            f"<article><h1>{title}</h1>{extra}{paragraphs}</article></body></html>")
    data = encode(rng, page)
    return mutate(rng, data) if rng.random() < 0.4 else data


def _json_ld(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.6:
        return ""
    if pick < 0.75:
        depth = rng.choice([5, 100, 1000, 1000, 50_000])
        return '<script type="application/ld+json">' + "[" * depth + "]" * depth + "</script>"
    if pick < 0.85:
        return '<script type="application/ld+json">' * rng.choice([1, 10, 100, 20_000])
    return ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "'
            + rng.choice(["2024-02-30", "9999-12-31", "0000-00-00", "2024-05-01T25:61:00Z", "yesterday", "\ud800"])
            + '"}</script>')


def _html_hazard(rng: random.Random) -> str:
    pick = rng.randrange(10)
    n = rng.choice([10] * 6 + [1_000] * 6 + [20_000] * 2 + [60_000, 200_000])
    if pick == 0:
        return "<div>" * n + "deep" + "</div>" * rng.choice([0, n])
    if pick == 1:
        return f"<div {_attrs(rng, n)}>many attributes</div>"
    if pick == 2:
        return "<p>x" * n
    if pick == 3:
        return "<" * n
    if pick == 4:
        return "<table>" + "<tr><td>cell" * min(n, 40_000) + "</table>"
    if pick == 5:
        return "&amp;" * n
    if pick == 6:
        return "<!--" + "-" * n
    if pick == 7:
        return "<script>" + "x" * n
    if pick == 8:
        return "<a href='" + "javascript:" * min(n, 5000) + "'>link</a>"
    return "<svg><foreignObject><math><mtext><style><img src=x onerror=alert(1)>" * min(n, 2000)


# -- JSON Lines -------------------------------------------------------------------------------------
def _value(rng: random.Random, depth: int = 0):
    pick = rng.random()
    if pick < 0.3 or depth > 3:
        return sprinkle(rng, sentence(rng), rng.randint(0, 2))
    if pick < 0.4:
        return rng.choice([None, True, 0, -1, 1e308, float("1e-320"), 10 ** 30])
    if pick < 0.5:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if pick < 0.6:
        return {rng.choice(WORDS): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return hazard(rng)


def jsonl_record(rng: random.Random) -> str:
    title, body = article_text(rng)
    record = {"id": rng.choice([rng.randrange(10**6), sentence(rng), None, [], {"x": 1}, hazard(rng)]),
              "title": rng.choice([title, sprinkle(rng, title), _value(rng)]),
              "text": rng.choice([body, body, sprinkle(rng, body), _value(rng)])
              if rng.random() < 0.9 else html_page(rng).decode("latin-1"),
              "url": rng.choice([None, "https://example.org/" + rng.choice(WORDS), hazard(rng), 42, "javascript:x"]),
              "published": rng.choice([None, "2024-05-01T10:00:00Z", "2024-13-45", hazard(rng), 1714557600]),
              "source": rng.choice([None, rng.choice(NAMES) + " Courier", hazard(rng), ["a"]])}
    for key in rng.sample(list(record), rng.randint(0, 2)):
        del record[key]
    line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
    pick = rng.random()
    if pick < 0.05:
        depth = rng.choice([100, 1000, 100_000])
        line = "[" * depth + "]" * depth
    elif pick < 0.1:
        line = line[: rng.randrange(len(line) + 1)]
    elif pick < 0.15:
        line = line.replace('"', "'")
    return line


def jsonl_file(rng: random.Random) -> bytes:
    lines = [jsonl_record(rng) for _ in range(rng.randint(1, 25))]
    sep = rng.choice(["\n", "\r\n", "\n\n", "\r"])
    text = sep.join(lines) + rng.choice(["", sep])
    if rng.random() < 0.2:
        text = rng.choice(["\ufeff", "\x00", "\x00" * 100 + "\n", "# export\n"]) + text
    data = encode(rng, text)
    return mutate(rng, data) if rng.random() < 0.3 else data


# -- plain text -------------------------------------------------------------------------------------
def text_file(rng: random.Random) -> bytes:
    title, body = article_text(rng)
    text = title + "\n\n" + body
    if rng.random() < 0.6:
        text = sprinkle(rng, text, rng.randint(1, 6))
    if rng.random() < 0.1:
        text = "\n".join(body.split())  # one word a line
    data = encode(rng, text)
    return mutate(rng, data) if rng.random() < 0.3 else data


# -- WARC -------------------------------------------------------------------------------------------
def _warc_record(rng: random.Random) -> bytes:
    payload = html_page(rng)
    status = rng.choice(["200 OK"] * 6 + ["404 Not Found", "301 Moved", "999 Weird", "200"])
    ctype = rng.choice(["text/html", "text/html; charset=utf-8", "image/png", "", "text/html; charset=punycode"])
    http = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    kind = rng.choice(["response"] * 5 + ["request", "metadata", "warcinfo", "revisit", "bogus"])
    length = len(http) + rng.choice([0] * 8 + [-10, 100, 10**9, -len(http)])
    header = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: "
              f"{rng.choice(['https://example.org/a', 'javascript:x', '', 'http://0177.0.0.1/', hazard(rng)[:200]])}\r\n"
              f"WARC-Date: {rng.choice(['2024-05-01T10:00:00Z', 'never', '9999-99-99'])}\r\n"
              f"WARC-Record-ID: <urn:uuid:{rng.randrange(10**12)}>\r\nContent-Length: {length}\r\n\r\n")
    return header.encode("utf-8", "surrogatepass") + http + b"\r\n\r\n"


def warc_file(rng: random.Random) -> tuple[bytes, bool]:
    """(bytes, gzipped)."""
    data = b"".join(_warc_record(rng) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.3:
        data = mutate(rng, data)
    if rng.random() < 0.5:
        data = gzip.compress(data)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data) + 1)]
        return data, True
    return data, False


# -- feeds ------------------------------------------------------------------------------------------
def feed_document(rng: random.Random) -> bytes:
    items = []
    for i in range(rng.randint(0, 8)):
        title, body = article_text(rng)
        link = rng.choice(["https://example.org/" + rng.choice(WORDS), "http://0177.0.0.1/", "javascript:x",
                           "http://[::1", hazard(rng)[:100], ""])
        items.append((f"g{i}-{rng.randrange(10**6)}", link, sprinkle(rng, title), sprinkle(rng, body)))
    kind = rng.choice(["rss", "atom", "json"])
    if kind == "json":
        doc = {"version": "https://jsonfeed.org/version/1.1", "title": hazard(rng),
               "items": [{"id": g, "url": link, "title": t, "content_text": b} for g, link, t, b in items]}
        text = json.dumps(doc)
        if rng.random() < 0.2:
            text = '{"version": "https://jsonfeed.org/version/1", "items": ' + "[" * 100_000 + "]" * 100_000 + "}"
    elif kind == "rss":
        text = ('<?xml version="1.0" encoding="' + rng.choice(CHARSETS) + '"?><rss version="2.0"><channel><title>'
                + sprinkle(rng, "A feed") + "</title>"
                + "".join(f"<item><guid>{g}</guid><link>{link}</link><title>{t}</title><description><![CDATA[{b}]]>"
                          "</description></item>" for g, link, t, b in items) + "</channel></rss>")
    else:
        text = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>'
                + "".join(f'<entry><id>{g}</id><link href="{link}"/><title>{t}</title><content type="html">{b}'
                          "</content></entry>" for g, link, t, b in items) + "</feed>")
    if rng.random() < 0.1:
        text = text.replace("<channel>", "<channel>" + "<x>" * 50_000, 1)
    return mutate(rng, encode(rng, text)) if rng.random() < 0.3 else encode(rng, text)


# -- file names -------------------------------------------------------------------------------------
SUFFIXES = [".html", ".htm", ".txt", ".md", ".jsonl", ".ndjson", "", ".warc", ".warc.gz", ".xhtml", ".text"]


def file_name(rng: random.Random, index: int, suffix: str) -> bytes:
    """A file name as bytes: plain, non-UTF-8, glob characters, spaces, newlines, RTL, very long."""
    stem = rng.choice([
        f"case-{index}", f"case-{index}-\xff\xfe", f"a[{index}]", f"*{index}?", f"-{index} --help",
        f"line\nbreak-{index}", f"\u202ertl-{index}", f"{'x' * 180}-{index}", f"sp ace {index}",
        f"\x1b[31m{index}", f"dot.{index}.", f"..{index}"])
    raw = stem.encode("utf-8", "surrogateescape") if "\xff" not in stem else \
        stem.replace("\xff\xfe", "").encode() + b"\xff\xfe"
    return (raw + suffix.encode())[:250]


@dataclass(frozen=True, slots=True)
class Case:
    kind: str  # html | jsonl | text | warc | feed | special
    name: bytes
    data: bytes | None  # None for special files
    special: str | None = None  # fifo | devzero | devnull | dangling | loop | folder


def make_case(rng: random.Random, index: int) -> Case:
    pick = rng.random()
    if pick < 0.3:
        return Case("html", file_name(rng, index, rng.choice([".html", ".htm", ".xhtml", ".txt", ""])), html_page(rng))
    if pick < 0.5:
        return Case("jsonl", file_name(rng, index, rng.choice([".jsonl", ".ndjson"])), jsonl_file(rng))
    if pick < 0.7:
        return Case("text", file_name(rng, index, rng.choice([".txt", ".md", ".text", "", ".html"])), text_file(rng))
    if pick < 0.82:
        data, zipped = warc_file(rng)
        return Case("warc", file_name(rng, index, ".warc.gz" if zipped else ".warc"), data)
    if pick < 0.97:
        return Case("feed", file_name(rng, index, ".feed"), feed_document(rng))
    special = rng.choice(["fifo", "devzero", "devnull", "dangling", "loop", "folder"])
    return Case("special", file_name(rng, index, rng.choice([".jsonl", ".html", ".txt"])), None, special)
