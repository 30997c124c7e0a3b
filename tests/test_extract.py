"""Extraction: decoding, HTML main text and metadata, plain text and JSONL records."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.clean import clean
from newsdesk.errors import InputTooLarge, UnsupportedInput
from newsdesk.extract import ExtractOptions, decode, extract, iter_jsonl, plausible_date, sniff_format
from newsdesk.records import RawDoc

FIXTURES = Path(__file__).parent / "fixtures" / "extract"

WESTERN = "The café’s owner said “crème brûlée” now costs €5 — up from €4 — since the façade reopened."


def text_doc(text: str, **kw) -> RawDoc:
    return RawDoc(uri="note.txt", content=text.encode("utf-8"), path="note.txt", **kw)


def read(text: str):
    """A plain-text file through extraction and cleaning, as ingest sees it."""
    return clean(extract(text_doc(text)))


# -- decoding ----------------------------------------------------------------------------
@pytest.mark.parametrize("data", [
    WESTERN.encode("utf-8"),
    b"\xef\xbb\xbf" + WESTERN.encode("utf-8"),
    WESTERN.encode("utf-16"),  # with BOM
    WESTERN.encode("cp1252"),  # no declaration anywhere
])
def test_decode_finds_the_encoding(data):
    assert decode(data) == WESTERN


def test_latin1_without_declaration_comes_out_right():
    text = "Señor Núñez, 54, told the Zürich daily that the niño had gone home. Größere Schäden gab es nicht."
    assert decode(text.encode("latin-1")) == text


def test_bomless_utf16_is_text_not_binary():
    assert decode("Plain words in UTF-16 without a byte-order mark.".encode("utf-16-le")).startswith("Plain words")


def test_declared_charset_is_used_and_iso_8859_1_means_windows_1252():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>“Quoted” – dash</p></body></html>'
    assert "“Quoted” – dash" in decode(page.encode("cp1252"))
    cyrillic = "Новости дня: парламент принял бюджет."
    assert decode(cyrillic.encode("koi8-r"), declared="koi8-r") == cyrillic


def test_a_wrong_single_byte_declaration_loses_to_valid_utf8():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Málaga – “sí”</p></body></html>'
    assert "Málaga – “sí”" in decode(page.encode("utf-8"))


def test_undeclared_cyrillic_is_not_forced_into_windows_1252():
    text = ("Правительство объявило о новых мерах поддержки экономики. Министр финансов заявил, что бюджет "
            "будет сбалансирован к концу года, несмотря на рост расходов на оборону и здравоохранение.")
    decoded = decode(text.encode("cp1251"))
    assert sum("а" <= c <= "я" for c in decoded.lower()) > 50


@pytest.mark.parametrize("text, codec", [
    ("政府は新たな経済対策を発表した。財務大臣は予算が年末までに均衡すると述べた。", "shift_jis"),
    ("정부는 새로운 경제 대책을 발표했다. 재무장관은 예산이 연말까지 균형을 이룰 것이라고 말했다.", "euc-kr"),
])
def test_undeclared_east_asian_encodings_are_detected(text, codec):
    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\t  ", "empty file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
    (b"text\x00with\x00nul\x00bytes\x00\x00\x00\x01\x02" * 10, "NUL bytes"),
    (bytes(range(0x81, 0x100)) * 20, "unknown text encoding"),
    (bytes([0x81, 0x8D, 0xC3, 0xFE, 0x90, 0xE2]) * 300, "unknown text encoding"),
])
def test_binary_empty_and_undecodable_data_is_refused_with_a_reason(data, reason):
    with pytest.raises(UnsupportedInput, match=reason):
        decode(data)


def test_oversized_input_is_refused():
    with pytest.raises(InputTooLarge, match="too large: 3,000 bytes > 1,000"):
        extract(text_doc("x" * 3000), ExtractOptions(max_bytes=1000))


def test_sniff_format():
    assert sniff_format(RawDoc(uri="a.html", content=b""), "") == "html"
    assert sniff_format(RawDoc(uri="a.txt", content=b""), "<!DOCTYPE html><html><body><p>x</p>") == "html"
    assert sniff_format(RawDoc(uri="a.txt", content=b""), "Plain words <b>not</b> a page") == "text"
    assert sniff_format(RawDoc(uri="a.jsonl", content=b""), "{}") == "jsonl"
    assert sniff_format(RawDoc(uri="a.jsonl#3", content="", content_type="text/plain", path="a.jsonl"), "x") == "text"


# -- HTML ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page():
    path = FIXTURES / "article.html"
    return clean(extract(RawDoc(uri=str(path), content=path.read_bytes(), path=str(path))))


def test_html_title_without_site_suffix_and_site_author(page):
    assert page.title == "Lakeside council approves floating solar farm"
    assert page.site == "Northfield Gazette"
    assert page.author == "Ines Varga"


def test_html_published_and_updated_are_kept_apart(page):
    assert page.published == datetime(2024, 5, 14, 7, 30, tzinfo=UTC)
    assert page.updated == datetime(2024, 5, 15, 9, 0, tzinfo=UTC)


def test_html_main_text_without_comments_navigation_or_cookie_banner(page):
    assert page.text.startswith("The Lakeside district council voted seven to two")
    assert "9 million euro cost" in page.text
    for junk in ("herons will be fine", "Who pays when the storms", "gravelpit_fan", "We use cookies",
                 "12 Mill Street", "Home"):
        assert junk not in page.text
    assert "Lakeside council approves floating solar farm" not in page.text  # the headline is the title


def _page_with(meta: str) -> RawDoc:
    html = (f"<html><head><title>Harbour dredging starts</title>{meta}</head><body><article>"
            "<p>Dredgers began deepening the harbour channel on Monday so that larger container ships can "
            "berth at the new quay, the port authority said in a statement.</p>"
            "<p>The work will take eleven weeks and cost about 30 million dollars, most of it paid by the "
            "shipping lines that asked for it.</p></article></body></html>")
    return RawDoc(uri="p.html", content=html.encode(), path="p.html")


def test_an_undeclared_windows_1252_page_comes_out_right():
    html = ("<html><head><title>Café prices</title></head><body><article><p>The café’s owner said “crème brûlée” "
            "now costs €5 after the façade was repaired, and regulars — most of them — did not complain.</p>"
            "<p>Prices for coffee stay the same until the end of the summer season, she added.</p>"
            "</article></body></html>")
    article = extract(RawDoc(uri="cafe.html", content=html.encode("cp1252"), path="cafe.html"))
    assert "The café’s owner said “crème brûlée” now costs €5" in article.text


def test_future_and_placeholder_dates_are_rejected():
    article = extract(_page_with('<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
                                 '<meta property="article:modified_time" content="0001-01-01T00:00:00Z">'))
    assert article.published is None and article.updated is None


def test_updated_before_published_is_dropped_and_json_ld_dates_are_read():
    ld = ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": "NewsArticle", '
          '"datePublished": "2023-03-02T10:00:00Z", "dateModified": "2023-03-01T10:00:00Z"}]}</script>')
    article = extract(_page_with(ld))
    assert article.published == datetime(2023, 3, 2, 10, tzinfo=UTC)
    assert article.updated is None


def test_plausible_date():
    assert plausible_date(datetime(2020, 1, 1)) == datetime(2020, 1, 1, tzinfo=UTC)
    assert plausible_date(datetime(1, 1, 1)) is None
    assert plausible_date(datetime(2999, 1, 1, tzinfo=UTC)) is None


def test_readability_is_the_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    article = extract(_page_with(""))
    assert "Dredgers began deepening the harbour channel" in article.text
    assert "extracted-by-readability" in article.flags


def test_a_page_without_article_text_is_refused():
    html = b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(UnsupportedInput, match="no article text"):
        extract(RawDoc(uri="menu.html", content=html, path="menu.html"))


# -- plain text ------------------------------------------------------------------------------
BODY = ("The regional water board said on Friday that reservoir levels had fallen to their lowest point "
        "since records began, and asked households to cut their use by a tenth.\n\n"
        "Farmers in the valley have already been told to stop irrigating at night.")


def test_a_headline_first_line_becomes_the_title():
    article = read("Water board asks households to cut use as reservoirs hit record low\n\n" + BODY)
    assert article.title == "Water board asks households to cut use as reservoirs hit record low"
    assert article.text.startswith("The regional water board said")


def test_a_headline_printed_twice_is_one_title():
    headline = "Water board asks households to cut use as reservoirs hit record low"
    article = read(f"{headline}\n\n{headline}\n\n{BODY}")
    assert article.title == headline
    assert headline not in article.text


def test_no_title_when_the_first_line_is_a_paragraph():
    article = read(BODY)
    assert article.title == ""
    assert article.text.startswith("The regional water board said")


def test_no_title_when_the_first_line_is_a_numbered_section_heading():
    article = read("1. Reservoirs at a record low\n\n" + BODY + "\n\n2. What households can do\n\nShorter showers help.")
    assert article.title == ""
    assert article.text.startswith("1. Reservoirs at a record low")


def test_hard_wrapped_text_is_rejoined_into_paragraphs():
    wrapped = ("Water board asks households to cut use\n\n"
               "The regional water board said on Friday that reservoir levels had\n"
               "fallen to their lowest point since records began, and asked\n"
               "households to cut their use by a tenth. Farmers in the valley have\n"
               "already been told to stop irrigating at night, and the board said\n"
               "it would review the restrictions at the end of the month.\n\n"
               "The last comparable drought, in 1976, lasted for most of a year and\n"
               "led to standpipes in the streets of several towns in the region.\n")
    article = read(wrapped)
    assert article.title == "Water board asks households to cut use"
    assert len(article.paragraphs) == 2
    assert "levels had fallen to their lowest" in article.text
    assert "restrictions at the end of the month." in article.paragraphs[0]


def test_short_lines_and_lists_are_not_joined():
    text = ("Harbour notices\n\nBerth 4 closed for repairs\nBerth 7 open to small craft only\n"
            "Fuel dock hours extended until ten\nPilot boat on call from six\n")
    article = read(text)
    assert "Berth 4 closed for repairs" in article.paragraphs
    assert "Pilot boat on call from six" in article.paragraphs


def test_dates_only_when_the_text_states_them():
    article = read("Reservoirs hit record low\n\nPublished: 3 May 2024\n\nUpdated: 4 May 2024\n\n" + BODY)
    assert article.published == datetime(2024, 5, 3, tzinfo=UTC)
    assert article.updated == datetime(2024, 5, 4, tzinfo=UTC)
    assert "Published" not in article.text and "dateline" in {r.rule for r in article.removed}
    undated = read("Reservoirs hit record low\n\n" + BODY + "\n\nThe board meets again on March 11, 2025.")
    assert undated.published is None and undated.updated is None


def test_byline_and_standalone_date_lines_give_author_and_date():
    article = read("Reservoirs hit record low\n\nBy Ana Lindqvist | 12 June 2023\n\n" + BODY)
    assert article.author == "Ana Lindqvist"
    assert article.published == datetime(2023, 6, 12, tzinfo=UTC)
    dated = read("Reservoirs hit record low\n\nTuesday, June 13, 2023\n\n" + BODY)
    assert dated.published == datetime(2023, 6, 13, tzinfo=UTC)
    assert dated.text.startswith("The regional water board")


def test_a_sentence_that_starts_like_a_dateline_is_kept():
    sentence = "Published in 2019, the board's drought plan was never put to a vote."
    article = read("Reservoirs hit record low\n\n" + sentence + "\n\n" + BODY)
    assert article.paragraphs[0] == sentence and article.published is None


def test_a_future_dateline_is_not_a_publish_date():
    article = read("Reservoirs hit record low\n\nPublished: 3 May 2999\n\n" + BODY)
    assert article.published is None


def test_masthead_line_with_a_date():
    article = read("THE VALLEY LETTER · Morning edition · Friday 14 June 2024\n\n"
                   "Reservoirs hit record low\n\n" + BODY)
    assert article.published == datetime(2024, 6, 14, tzinfo=UTC)
    assert article.title == "Reservoirs hit record low"


# -- JSONL --------------------------------------------------------------------------------------
def test_jsonl_records_and_bad_lines():
    lines = "\n".join([
        '{"id": "a1", "title": "Ferry fares rise", "text": "Ferry fares will rise by 6% in July.", '
        '"url": "https://example.org/ferry", "published": "2024-02-01T08:00:00Z", "source": "Bay Times"}',
        '{"id": "a2", "text": "Second story text about the harbour.", "date": "2999-01-01"}',
        "{broken",
        '["a", "list"]',
        '{"id": "a5", "title": "No text"}',
        "",
    ])
    items = list(iter_jsonl(RawDoc(uri="x.jsonl", content="", path="x.jsonl"), lines))
    first, second = items[0], items[1]
    assert first.url == "https://example.org/ferry" and first.source == "Bay Times"
    article = extract(first)
    assert article.title == "Ferry fares rise"
    assert article.published == datetime(2024, 2, 1, 8, tzinfo=UTC)
    assert article.meta["external_id"] == "a1" and article.meta["format"] == "jsonl"
    assert extract(second).published is None  # a future date is no publish date
    assert [item for item in items[2:]] == [(3, items[2][1]), (4, "not a JSON object"), (5, "no 'text' field")]
    assert items[2][1].startswith("not JSON")
