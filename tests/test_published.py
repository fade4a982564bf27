"""The publication date of a document: page tags, front matter, letterheads, datelines, bylines,
a date line at the top; a date in the body is never taken; none found → the error lists what
was looked at. The fixtures are written for these tests; the last test measures the development
corpus (/work/shared/corpus) when it is present."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from de06metrics.errors import De06Error
from de06metrics.lexicon import fold
from de06metrics.published import (
    PublicationDateNotFound,
    find_dateline,
    find_published,
    parse_date_value,
)
from de06metrics.text import load_document, read_document

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
BODY = (
    "Theo báo cáo của Sở Thông tin và Truyền thông, trong tháng qua các sở, ngành và địa "
    "phương đã tiếp nhận hơn 12.400 hồ sơ trực tuyến, tăng đáng kể so với cùng kỳ; việc số hóa "
    "kết quả giải quyết thủ tục hành chính được đẩy mạnh ở cả cấp tỉnh và cấp xã."
)
assert len(BODY) >= 160  # a body paragraph: what follows it is not the top of the text


def _html(head: str, body: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>Tin</title>{head}</head><body>"
        f"<h1>Tiêu đề bài viết</h1>{body}<p>{BODY}</p></body></html>"
    ).encode()


def _cp1258(s: str) -> bytes:
    """Windows-1258 as legacy editors save it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out += (base + "".join(c for c in d if c in TONES)).encode("cp1258")
    return bytes(out)


# --------------------------------------------------------------------------------------------
# HTML tags


HTML_CASES = [
    pytest.param(
        '<meta property="article:modified_time" content="2024-06-20T10:00:00+07:00">'
        '<meta property="article:published_time" content="2024-06-12T07:15:00+07:00">',
        date(2024, 6, 12),
        id="modified-before-published",
    ),
    pytest.param(
        '<meta property="og:updated_time" content="2025-02-01T09:00:00+07:00">'
        '<meta property="og:published_time" content="2025-01-28T08:00:00+07:00">',
        date(2025, 1, 28),
        id="og-updated-before-og-published",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "dateModified": "2023-09-30T08:00:00+07:00", '
        '"datePublished": "2023-09-21T06:30:00+07:00", "wordCount": 812}</script>',
        date(2023, 9, 21),
        id="json-ld",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage", '
        '"dateModified": "2022-03-09"}, {"@type": "Article", "datePublished": "2022-03-04"}]}'
        "</script>",
        date(2022, 3, 4),
        id="json-ld-graph",
    ),
    pytest.param(
        '<meta itemprop="dateModified" content="2021-12-01">'
        '<meta itemprop="datePublished" content="2021-11-18T17:00:00+07:00">',
        date(2021, 11, 18),
        id="itemprop-meta",
    ),
    pytest.param(
        '<meta name="pubdate" content="2020-08-14">',
        date(2020, 8, 14),
        id="pubdate",
    ),
    pytest.param(
        # 23:30 UTC on 19 April is 06:30 on 20 April in Vietnam
        '<meta property="article:published_time" content="2024-04-19T23:30:00Z">',
        date(2024, 4, 20),
        id="utc-time-read-in-vietnam",
    ),
]


@pytest.mark.parametrize(("head", "expected"), HTML_CASES)
def test_html_publication_tags_and_never_a_modified_time(head: str, expected: date) -> None:
    doc = load_document(_html(head), name="a.html", kind="html")
    assert doc.published == expected
    assert doc.published_rule == "html meta"
    assert expected.isoformat()[:4] in (doc.published_evidence or "")


def test_itemprop_on_a_visible_element() -> None:
    body = '<p class="date"><time itemprop="datePublished" datetime="2023-03-02">2/3</time></p>'
    doc = load_document(_html("", body), name="a.html", kind="html")
    assert (doc.published, doc.published_rule) == (date(2023, 3, 2), "html meta")


def test_a_time_element_when_no_tag_names_the_publication() -> None:
    body = '<div><time datetime="2022-12-30T08:00">30/12</time></div>'
    doc = load_document(_html("", body), name="a.html", kind="html")
    assert (doc.published, doc.published_rule) == (date(2022, 12, 30), "html time")


def test_html_tag_beats_a_visible_byline() -> None:
    head = '<meta property="article:published_time" content="2024-06-12T07:15:00+07:00">'
    body = "<p>Thứ Năm, 13/06/2024 | Hà Nội 31°C</p>"  # the day the page was saved
    doc = load_document(_html(head, body), name="a.html", kind="html")
    assert doc.published == date(2024, 6, 12)


def test_only_a_modified_time_is_named_in_the_error() -> None:
    head = '<meta property="og:updated_time" content="2025-02-01T09:00:00+07:00">'
    doc = load_document(_html(head), name="page.html", kind="html")
    assert doc.published is None
    assert any("og:updated_time" in x for x in doc.published_looked_at)
    with pytest.raises(PublicationDateNotFound, match=r"page\.html.*og:updated_time"):
        doc.require_published()
    assert doc.require_published(date(2025, 2, 3)) == date(2025, 2, 3)  # --published wins


# --------------------------------------------------------------------------------------------
# Front matter


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("published: 2024-03-06", date(2024, 3, 6)),
        ("date: 2023-11-30T08:00:00+07:00", date(2023, 11, 30)),
        ('published: "06/03/2024"', date(2024, 3, 6)),
    ],
)
def test_front_matter(front: str, expected: date) -> None:
    data = f"---\ntitle: Bản tin\n{front}\n---\n# Tiêu đề\n\n{BODY}\n".encode()
    doc = load_document(data, name="a.md", kind="md")
    assert (doc.published, doc.published_rule) == (expected, "front matter")


def test_front_matter_beats_a_dateline_in_the_text() -> None:
    data = f"---\npublished: 2024-03-06\n---\nHà Nội, ngày 5 tháng 3 năm 2024\n\n{BODY}".encode()
    assert load_document(data, name="a.md", kind="md").published == date(2024, 3, 6)


# --------------------------------------------------------------------------------------------
# Datelines and letterheads


DATELINES = [
    ("BÁO ĐIỆN TỬ MIỀN TRUNG\nĐà Nẵng, ngày 3 tháng 4 năm 2024\n", date(2024, 4, 3), "dateline"),
    (
        "HÀ NỘI, 15/1/2026 – Bộ Công an cho biết hệ thống đã vận hành ổn định.\n",
        date(2026, 1, 15),
        "dateline",
    ),
    (
        "Tiêu đề\n(TTXVN) - Cần Thơ, ngày 2/9/2023. Sáng nay, thành phố khai trương.\n",
        date(2023, 9, 2),
        "dateline",
    ),
    ("TP.HCM, ngày 07-10-2025 –\n", date(2025, 10, 7), "dateline"),
    ("Thành phố Hồ Chí Minh, ngày 3 tháng 4 năm 2024\n", date(2024, 4, 3), "dateline"),
    ("Bà Rịa - Vũng Tàu, ngày 20/5/2024\n", date(2024, 5, 20), "dateline"),
    ("**Huế, ngày 1/10/2025**\n", date(2025, 10, 1), "dateline"),
    (
        "ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH NGHỆ AN                                Độc lập - Tự do - Hạnh phúc\n"
        "Số: 125/BC-UBND                         Nghệ An, ngày 7 tháng 11 năm 2023\n\nBÁO CÁO\n",
        date(2023, 11, 7),
        "letterhead",
    ),
    (
        "SỞ Y TẾ\nSố:   /KH-SYT\n\nLào Cai, ngày 02 tháng 01 năm 2025\n\nKẾ HOẠCH\n",
        date(2025, 1, 2),
        "letterhead",
    ),
]


@pytest.mark.parametrize(("top", "expected", "rule"), DATELINES)
def test_datelines_and_letterheads(top: str, expected: date, rule: str) -> None:
    found = find_published(top + "\n" + BODY)
    assert (found.date, found.rule) == (expected, rule)
    assert found.evidence in top


def test_the_place_of_a_letterhead_or_dateline_whatever_dates_the_document() -> None:
    letter = "SỞ Y TẾ\nSố:   /KH-SYT\n\nNghệ An, ngày 02 tháng 01 năm 2025\n\nKẾ HOẠCH\n"
    found = find_dateline(letter + BODY)
    assert (found.place, found.rule) == ("Nghệ An", "letterhead")
    # a page dated by its tags still names the place of its dateline
    head = '<meta property="article:published_time" content="2025-10-14T08:05:00+07:00">'
    body = "<p>HÀ NỘI, 14/10/2025 – Bộ Công an cho biết</p>"
    doc = load_document(_html(head, body), name="a.html", kind="html")
    assert (doc.published_rule, doc.place) == ("html meta", "HÀ NỘI")
    assert doc.place_from == "dateline 'HÀ NỘI, 14/10/2025'"
    assert find_dateline("Thứ Tư, 12/06/2024 - 10:15\n\n" + BODY) is None


# --------------------------------------------------------------------------------------------
# Bylines


BYLINES = [
    ("Thứ Tư, 12/06/2024 - 10:15", date(2024, 6, 12), "byline"),
    ("Chủ nhật, 5-1-2025 | 08:30", date(2025, 1, 5), "byline"),
    ("Thứ Hai, ngày 4 tháng 3 năm 2024", date(2024, 3, 4), "byline"),
    ("Tin Nhanh · Thứ 7, 1.6.2024", date(2024, 6, 1), "byline"),
    ("Đăng lúc 08:30 12/6/2024", date(2024, 6, 12), "byline"),
    ("Ngày đăng: 21/02/2023", date(2023, 2, 21), "byline"),
    ("Minh Anh – 20/11/2025 09:45", date(2025, 11, 20), "byline"),
    ("T4, 12/06/2024 - 10:15", date(2024, 6, 12), "byline"),
    ("Thứ Tư, 12 tháng 6, 2024", date(2024, 6, 12), "byline"),
    ("12 Tháng Sáu 2024 | 10:15", date(2024, 6, 12), "byline"),
    ("Ngày 12/06/2024 lúc 10:15", date(2024, 6, 12), "byline"),
    ("Đăng ngày 5 tháng Mười Một, 2023", date(2023, 11, 5), "byline"),
    ("Cập nhật: 14:05 ngày 3/9/2024", date(2024, 9, 3), "byline (updated)"),
]


@pytest.mark.parametrize(("line", "expected", "rule"), BYLINES)
def test_bylines(line: str, expected: date, rule: str) -> None:
    text = f"TẠP CHÍ SỐ\n{line}\n\nTiêu đề bài\n\n{BODY}"
    found = find_published(text)
    assert (found.date, found.rule) == (expected, rule)
    assert found.evidence in line


def test_a_long_menu_line_is_not_the_body() -> None:
    menu = " | ".join(["Trang chủ", "Thời sự", "Kinh tế", "Xã hội", "Pháp luật", "Văn hóa"] * 5)
    assert len(menu) >= 160
    found = find_published(f"{menu}\nThứ Hai, 3/4/2023 - 10:00\n\n{BODY}")
    assert found.date == date(2023, 4, 3)


def test_posted_beats_updated_and_dateline_beats_byline() -> None:
    text = f"Cập nhật: 20/6/2024 10:00\nĐăng lúc 08:30 12/6/2024\n\n{BODY}"
    assert find_published(text).date == date(2024, 6, 12)
    text = f"Thứ Tư, 12/06/2024 - 10:15\nĐà Nẵng, ngày 11 tháng 6 năm 2024\n\n{BODY}"
    assert find_published(text).rule == "dateline"


# --------------------------------------------------------------------------------------------
# A date written in words, a line holding only a date


@pytest.mark.parametrize(
    ("line", "expected", "rule"),
    [
        (
            "Ngày mười lăm tháng năm năm hai nghìn không trăm hai mươi ba",
            date(2023, 5, 15),
            "date in words",
        ),
        ("ngày hai mươi mốt tháng mười hai năm 2022", date(2022, 12, 21), "date in words"),
        ("Ngày mùng 5 tháng Giêng năm 2024", date(2024, 1, 5), "date in words"),
        ("Ngày 12 tháng 6 năm 2024", date(2024, 6, 12), "date in words"),
        ("Hôm nay, ngày 9 tháng 9 năm 2025", date(2025, 9, 9), "date in words"),
        ("08/03/2024", date(2024, 3, 8), "date line"),
        ("Ngày: 08/03/2024", date(2024, 3, 8), "date line"),
    ],
)
def test_a_line_holding_only_a_date(line: str, expected: date, rule: str) -> None:
    found = find_published(f"BẢN TIN\n{line}\n\n{BODY}")
    assert (found.date, found.rule) == (expected, rule)


# --------------------------------------------------------------------------------------------
# Encodings and forms: the same date whatever the bytes


TXT = f"THỜI BÁO SỐ\nThứ Bảy, 9/3/2024 - 08:15\n\nĐà Nẵng tăng tốc cấp tài khoản\n\n{BODY}\n"


@pytest.mark.parametrize(
    "data",
    [
        TXT.encode("utf-8"),
        TXT.replace("\n", "\r\n").encode("utf-16"),
        b"\xef\xbb\xbf" + unicodedata.normalize("NFD", TXT).encode("utf-8"),
        _cp1258(TXT.replace("\n", "\r\n")),
        fold(TXT).encode("ascii"),
        TXT.upper().encode("utf-8"),
    ],
    ids=["utf8", "utf16-crlf", "nfd-bom", "cp1258-crlf", "no-diacritics", "upper"],
)
def test_every_encoding_and_form_gives_the_same_date(data: bytes) -> None:
    doc = load_document(data, name="a.txt", kind="txt")
    assert (doc.published, doc.published_rule) == (date(2024, 3, 9), "byline")
    assert doc.published_evidence and doc.published_evidence in doc.text


def test_dateline_without_diacritics() -> None:
    found = find_published(f"Ha Noi, ngay 3 thang 4 nam 2024\n\n{BODY}")
    assert (found.date, found.rule) == (date(2024, 4, 3), "dateline")


# --------------------------------------------------------------------------------------------
# Dates that are not the publication date


@pytest.mark.parametrize(
    "text",
    [
        # a dated statement opening the lead: "Ngày"/"Chiều" are not places
        f"Tiêu đề\n\nNgày 5/11/2024, Công an tỉnh Nghệ An tổ chức hội nghị. {BODY}",
        f"Tiêu đề\n\nChiều 30/12/2024, Văn phòng Chính phủ họp báo. {BODY}",
        # a byline and a dateline below the first body paragraph are the body's
        f"Tiêu đề\n\n{BODY}\n\nThứ Ba, 5/11/2024 - 10:00\nHà Nội, ngày 5 tháng 11 năm 2024\n",
        # a date inside a sentence of the top lines, with no time and not alone on its line
        "Tiêu đề\nKết quả tính đến ngày 3/4/2024 của toàn tỉnh\n\n" + BODY,
        # a lead sentence naming an office, not a place: the date is the event's
        f"Tiêu đề\n\nUBND tỉnh Nghệ An, ngày 3/4/2024, đã ban hành kế hoạch. {BODY}",
    ],
    ids=["ngay-lead", "chieu-lead", "below-body", "in-a-sentence", "office-lead"],
)
def test_a_date_in_the_body_is_not_taken(text: str) -> None:
    with pytest.raises(PublicationDateNotFound):
        find_published(text)


def test_none_found_lists_what_was_looked_at() -> None:
    data = f"---\ntitle: Bản tin\nauthor: PV\n---\n# Tiêu đề\n\n{BODY}\n".encode()
    doc = load_document(data, name="notes/ban-tin.md", kind="md")
    assert doc.published is None and doc.published_from is None
    looked = " | ".join(doc.published_looked_at)
    assert "HTML metadata" in looked
    assert "front matter: keys title, author" in looked
    assert "the top of the text (1 line before the body and the body's opening)" in looked
    with pytest.raises(De06Error) as exc:
        doc.require_published()
    message = str(exc.value)
    assert message.startswith("file notes/ban-tin.md: no publication date found; looked at:")
    assert "--published" in message


def test_a_placeholder_tag_is_not_a_date() -> None:
    head = (
        '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
        '<meta property="og:published_time" content="2024-02-05T08:00:00+07:00">'
    )
    doc = load_document(_html(head), name="a.html", kind="html")
    assert doc.published == date(2024, 2, 5)


def test_an_unreadable_tag_is_named() -> None:
    head = '<meta property="article:published_time" content="hôm qua">'
    doc = load_document(_html(head), name="a.html", kind="html")
    assert any(
        "article:published_time 'hôm qua' (not a date)" in x for x in doc.published_looked_at
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-04-20", date(2024, 4, 20)),
        ("2024-04-20T08:00:00+07:00", date(2024, 4, 20)),
        ("2024-04-20 23:30:00+00:00", date(2024, 4, 21)),
        ("20/04/2024", date(2024, 4, 20)),
        ("Sat, 20 Apr 2024 08:00:00 +0700", date(2024, 4, 20)),
        ("2024-02-30", None),
        ("hôm qua", None),
        ("", None),
    ],
)
def test_parse_date_value(value: str, expected: date | None) -> None:
    assert parse_date_value(value) == expected


# --------------------------------------------------------------------------------------------
# Any text: a date with its evidence, or the error; never another exception


_PIECES = st.sampled_from(
    [
        "Thứ Tư, ",
        "Hà Nội, ",
        "ngày ",
        "tháng ",
        "năm ",
        "12/06/2024",
        "5-1-2025",
        " - 10:15",
        " | 08:30",
        "Cập nhật: ",
        "Đăng lúc ",
        "Số: 12/BC-UBND   ",
        "mười lăm ",
        "hai nghìn ",
        "không trăm ",
        "31/2/2024",
        "\n",
        "\n\n",
        BODY,
        "**",
        "(TTXVN) – ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=14).map("".join))
def test_any_text_gives_a_date_with_its_evidence_or_the_error(text: str) -> None:
    try:
        found = find_published(text)
    except PublicationDateNotFound as exc:
        assert exc.looked_at
        return
    assert 1990 <= found.date.year <= 2100
    assert found.evidence in unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# The development corpus: every document gets the date docs.jsonl states


CORPUS = Path("/work/shared/corpus")


@pytest.mark.skipif(not (CORPUS / "docs.jsonl").exists(), reason="development corpus not present")
def test_corpus_every_document_is_dated() -> None:
    rows = [json.loads(line) for line in (CORPUS / "docs.jsonl").read_text("utf-8").splitlines()]
    wrong = []
    for row in rows:
        doc = read_document(CORPUS / row["doc"])
        ok = str(doc.published) == row["published"]
        print(f"{'ok ' if ok else 'BAD'} {row['doc']:<36} {doc.published}  {doc.published_from}")
        if not ok:
            wrong.append((row["doc"], str(doc.published), row["published"]))
    print(f"dated {len(rows) - len(wrong)}/{len(rows)}")
    assert not wrong
