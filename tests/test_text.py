"""Decoding, HTML to text, NFC with valid spans, and sentence/line splitting."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from de06metrics.errors import De06Error
from de06metrics.text import (
    decode_bytes,
    html_to_text,
    load_document,
    normalize_text,
    read_document,
    segment,
    split_front_matter,
)

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SAMPLE = "Hơn 1,5 tỷ yêu cầu xác thực; gần 54 triệu tài khoản được kích hoạt ở Đắk Lắk."
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258(s: str) -> bytes:
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
            out += (base + "".join(c for c in d if c in TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("utf-16-le"),
        unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
        _cp1258(SAMPLE * 3),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be", "utf16le", "nfd", "cp1258"],
)
def test_every_encoding_gives_the_same_nfc_text(data: bytes) -> None:
    doc = load_document(data, name="a.txt", kind="txt")
    assert doc.text.startswith(SAMPLE)
    assert unicodedata.is_normalized("NFC", doc.text)


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(De06Error, match="empty"):
        decode_bytes(b"  \n", name="blank.txt")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 50 + b"\x01")
    with pytest.raises(De06Error, match=r"bin\.txt"):
        read_document(tmp_path / "bin.txt")
    with pytest.raises(De06Error, match="unsupported file type"):
        read_document(tmp_path / "a.pdf")
    with pytest.raises(De06Error, match="not found"):
        read_document(tmp_path / "missing.txt")


def test_normalize_removes_invisibles_and_composes() -> None:
    raw = unicodedata.normalize("NFD", "Hòa\u00a0Bình\u200b\r\ncó 5.000")
    out = normalize_text(raw)
    assert out == "Hòa Bình\ncó 5.000"


def test_html_drops_scripts_and_keeps_lists_tables_and_date() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2024-04-20T07:00:00+07:00">'
        "<title>T</title><script>alert('86 triệu')</script><style>p{}</style></head><body>"
        "<p>Kết quả:</p><ul><li>hơn 86 triệu thẻ</li><li>gần 54 triệu tài khoản</li></ul>"
        "<table><tr><td>Giao dịch</td><td>26,8 triệu</td></tr></table><!-- 99 --></body></html>"
    )
    text, meta = html_to_text(html)
    assert "alert" not in text and "99" not in text
    assert "- hơn 86 triệu thẻ\n- gần 54 triệu tài khoản" in text
    assert "Giao dịch | 26,8 triệu" in text
    assert meta["published"].startswith("2024-04-20") and meta["title"] == "T"
    doc = load_document(html.encode(), name="x.html", kind="html")
    assert doc.published == date(2024, 4, 20)


def test_front_matter_gives_the_publication_date() -> None:
    keys, body = split_front_matter("---\ntitle: A\npublished: 2023-03-06\n---\nBody 1.000")
    assert keys == {"title": "A", "published": "2023-03-06"} and body == "Body 1.000"
    doc = read_document(ARTICLES / "hcm_2023_03.md")
    assert doc.published == date(2023, 3, 6) and doc.text.startswith("# TP.HCM")


def test_sentences_and_blocks_with_offsets() -> None:
    text = (
        "Tại TP. HCM đã cấp 1.500 thẻ. Cả nước đạt 86 triệu thẻ!\n\n"
        "Kết quả đến ngày 1/3:\n- 5 triệu tài khoản;\nGiao dịch | 26,8 triệu\nTiêu đề ngắn"
    )
    blocks, sentences = segment(text)
    assert [b.kind for b in blocks] == ["paragraph", "leadin", "bullet", "table", "heading"]
    got = [text[s.start : s.end] for s in sentences]
    assert got[:2] == ["Tại TP. HCM đã cấp 1.500 thẻ.", "Cả nước đạt 86 triệu thẻ!"]
    assert got[2:] == [
        "Kết quả đến ngày 1/3:",
        "- 5 triệu tài khoản;",
        "Giao dịch | 26,8 triệu",
        "Tiêu đề ngắn",
    ]
    assert [s.first for s in sentences] == [True, False, True, True, True, True]


def test_html_date_tags_are_collected_for_the_publication_date() -> None:
    html = (
        '<html><head><meta property="article:modified_time" content="2024-05-02T10:00:00+07:00">'
        '<meta property="article:published_time" content="2024-04-20T07:00:00+07:00">'
        '<script type="application/ld+json">{"datePublished": "2024-04-20", '
        '"dateModified": "2024-05-02"}</script></head><body><p>Nội dung</p></body></html>'
    )
    text, meta = html_to_text(html)
    assert "datePublished" not in text  # JSON-LD is read for its dates, never shown as text
    assert meta["meta:article:modified_time"].startswith("2024-05-02")
    assert meta["json-ld:datePublished"] == "2024-04-20"
    assert meta["published"] == "2024-04-20"  # the publication tag, not the later edit
    doc = load_document(html.encode(), name="x.html", kind="html")
    assert (doc.published, doc.published_rule) == (date(2024, 4, 20), "html meta")
    assert doc.published_from.startswith("html meta")


def test_a_text_file_is_dated_by_its_byline() -> None:
    data = "BÁO SỐ\nThứ Ba, 05/01/2021 - 09:00\n\nTiêu đề\n\nNội dung bài.".encode()
    doc = load_document(data, name="a.txt", kind="txt")
    assert doc.published == date(2021, 1, 5)
    assert doc.published_from == "byline 'Thứ Ba, 05/01/2021 - 09:00'"
    assert doc.published_looked_at == ()


def test_html_story_is_read_from_its_article_and_dated_from_the_page() -> None:
    """Menus, related-story lists and footers around `<article>` hold other stories' numbers:
    only the story is read; a byline outside the story still dates it."""
    html = (
        "<html><body><nav>Trang chủ | Thời sự</nav><div>Thứ Năm, 14/11/2025 08:05</div>"
        "<article><h1>Đồng Nai</h1><p>Tỉnh đã tiếp nhận 1,2 triệu hồ sơ.</p></article>"
        "<aside><ul><li>Cả nước có 85 triệu tài khoản VNeID (10/11/2025)</li></ul></aside>"
        "<footer>Giấy phép số 123/GP-BTTTT</footer></body></html>"
    )
    text, _ = html_to_text(html)
    assert "1,2 triệu" in text and "85 triệu" not in text and "123" not in text
    assert "85 triệu" in html_to_text(html, main=False)[0]
    doc = load_document(html.encode(), name="x.html", kind="html")
    assert doc.published == date(2025, 11, 14) and "85 triệu" not in doc.text


def test_a_title_may_end_with_its_date_in_brackets() -> None:
    blocks, _ = segment(
        "Khung 2 – Cổng Dịch vụ công quốc gia (tính đến ngày 12/10/2025)\n"
        "Cổng ghi nhận 38,7 triệu giao dịch (61%)\n"
    )
    assert [b.kind for b in blocks] == ["heading", "paragraph"]
