"""Fuzzing: the parsers never raise on arbitrary input, and what they return is well-formed.

Bounded (200 examples per property, no deadline) so the normal test run stays fast;
`make fuzz` runs bench/fuzz.py for the long run (≥ 1M strings). Besides arbitrary Unicode, the
strategies assemble Vietnamese-looking phrases (qualifiers, scale words, grouped digits, dates,
document numbers, NFD diacritics) so the interesting branches are reached, not just the early exits.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from de06metrics.dates import find_periods, parse_period
from de06metrics.errors import De06Error
from de06metrics.numbers import (
    QUALIFIERS,
    REJECTION_REASONS,
    find_quantities,
    parse_quantity,
)
from de06metrics.schema import REPORTED_COLUMNS

try:
    from de06metrics import extract
except ImportError:  # written concurrently by its owner
    extract = None

REFERENCE = date(2024, 5, 1)
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=False,
)

FRAGMENTS = (
    "hơn", "gần", "khoảng", "xấp xỉ", "trên", "dưới", "ít nhất", "tối đa", "trở lên", "đạt",
    "từ", "đến", "–", "-", "tăng", "giảm", "thêm", "so với",
    "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "chục", "trăm", "rưỡi",
    "hai mươi mốt", "mười lăm", "một trăm linh năm", "lăm", "tư", "một nửa", "hai phần ba",
    "đồng", "VNĐ", "USD", "%", "phần trăm", "điểm phần trăm", "lần", "ha", "km", "tấn",
    "tài khoản", "thẻ CCCD", "hồ sơ", "ngày", "tháng", "năm", "quý I/", "quý IV năm",
    "6 tháng đầu năm", "9 tháng năm", "cuối năm", "đến hết tháng", "tính đến ngày", "từ ngày",
    "Đề án 06", "Quyết định 06/QĐ-TTg", "Nghị định 59/2022/NĐ-CP", "mức 2", "hàng triệu",
    "hotline 1900", "/", ".", ",", " ", "\n", "\u00a0", "(", ")", ":",
    "phẩy", "không trăm", "âm", "−", "trong số", "trong tổng số", "tr", "k", "\u2009", "\u202f",
)  # fmt: skip
grouped = st.builds(
    lambda head, groups, sep, tail: head + "".join(sep + g for g in groups) + tail,
    st.integers(0, 999).map(str) | st.text("0", min_size=1, max_size=6),
    st.lists(st.integers(0, 999).map(lambda n: f"{n:03d}"), max_size=6),
    st.sampled_from([".", ","]),
    st.sampled_from(["", "/", "%", ",5", ".5", "/53", " - ", " đến ", "-"]),
)
token = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.integers(0, 10**30).map(str),
    grouped,
    st.text("0123456789.,/-% ", max_size=14),
    st.text(max_size=4),
)
vietnamese_ish = st.lists(token, max_size=24).map(" ".join)
any_text = st.one_of(
    st.text(),
    vietnamese_ish,
    vietnamese_ish.map(lambda s: unicodedata.normalize("NFD", s)),
    vietnamese_ish.map(str.upper),
)


def check_quantities(text: str) -> None:
    for q in find_quantities(text):
        start, end = q.span
        assert 0 <= start <= end <= len(text), q
        assert q.qualifier in QUALIFIERS, q
        assert math.isfinite(q.value), q  # never a silent inf/NaN figure
        assert q.lower is None or q.lower <= q.value, q
        assert q.upper is None or q.value <= q.upper, q
        assert q.denominator is None or q.denominator > 0, q


def check_periods(text: str, reference: date | None) -> None:
    for p in find_periods(text, reference):
        start, end = p.span
        assert 0 <= start <= end <= len(text), p
        assert p.start is None or p.end is None or p.start <= p.end, p


# Inputs that broke the parser once (found by this test or bench/fuzz.py): always tried.
REGRESSIONS = (
    "0/00000.000.000",
    "1/47557.724.012",
    "9" * 400,
    "1" + ".000" * 120,
    "0/0",
    "5–" + "9" * 400,  # a huge second end of a range
    "1 đến 2 " + "5" * 400,  # a huge token inside the second end of a range
)


def with_regressions(test):
    for text in REGRESSIONS:
        test = example(text)(test)
    return test


@FUZZ
@with_regressions
@given(any_text)
def test_find_quantities_never_raises_and_returns_valid_figures(text: str) -> None:
    check_quantities(text)


@FUZZ
@with_regressions
@given(any_text)
def test_rejections_are_well_formed(text: str) -> None:
    """Every rejected number has a known reason, a span that indexes the input, and lies
    outside every figure; the figures are the same as without rejections."""
    for separators in ("vi", "en"):
        _check_rejections(text, separators)


def _check_rejections(text: str, separators: str) -> None:
    found = find_quantities(text, separators=separators, rejections=True)
    assert found.quantities == find_quantities(text, separators=separators)
    for r in found.rejected:
        start, end = r.span
        assert 0 <= start < end <= len(text) and text[start:end] == r.text, r
        assert r.reason in REJECTION_REASONS, r
        assert not any(q.span[0] <= start and end <= q.span[1] for q in found.quantities), r


@FUZZ
@with_regressions
@given(any_text)
def test_parse_quantity_never_raises(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or (q.qualifier in QUALIFIERS and math.isfinite(q.value))


@FUZZ
@given(any_text, st.sampled_from([REFERENCE, None, date(2000, 1, 1), date(2099, 12, 31)]))
def test_find_periods_never_raises_and_returns_ordered_periods(
    text: str, reference: date | None
) -> None:
    check_periods(text, reference)


@FUZZ
@given(any_text)
def test_parse_period_never_raises(text: str) -> None:
    p = parse_period(text, REFERENCE)
    assert p is None or p.start is None or p.end is None or p.start <= p.end


@pytest.mark.skipif(extract is None, reason="de06metrics.extract is not written yet")
@FUZZ
@with_regressions
@given(any_text)
def test_extract_text_never_raises(text: str) -> None:
    extract.extract_text(text, published=REFERENCE, source_id="fuzz")


def _csv_like() -> st.SearchStrategy[bytes]:
    header = ",".join(REPORTED_COLUMNS)
    cell = st.one_of(st.sampled_from(["", '"', '""', ",", "x", "1", "2024-02-30"]), st.text())
    row = st.lists(cell, max_size=20).map(",".join)
    body = st.lists(row, max_size=4).map("\n".join)
    text = st.builds(lambda b, h: (header + "\n" + b) if h else b, body, st.booleans())
    encoded = st.builds(
        lambda t, enc: t.encode(enc, errors="replace"),
        text,
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]),
    )
    return st.one_of(encoded, st.binary(max_size=300))


@FUZZ
@example(",".join(REPORTED_COLUMNS).encode() + b"\n")  # a header and no rows
@given(_csv_like())
def test_the_reported_csv_reader_raises_only_de06error(tmp_path_factory, data: bytes) -> None:
    from de06metrics.reported import read_reported_file

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.csv"
    path.write_bytes(data)
    try:
        read_reported_file(path)
    except De06Error as exc:
        assert "fuzz.csv" in str(exc)
