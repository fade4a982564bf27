"""Property tests (hypothesis) of the Vietnamese quantity and date parsers.

- they never raise on any string;
- spans always index the string the caller passed;
- NFC and NFD forms of a text give the same quantities;
- formatting a number the Vietnamese way and parsing it back is the identity;
- the scanner's fast path and the general reader agree on generated phrases.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from de06metrics import numbers
from de06metrics.dates import find_periods, parse_period
from de06metrics.lexicon import fold, has_diacritics, section
from de06metrics.numbers import find_quantities, format_vi, parse_quantity

# Vietnamese-looking text: words of the domain, digits, separators, and arbitrary characters.
WORDS = [
    "hơn",
    "gần",
    "khoảng",
    "trên",
    "dưới",
    "triệu",
    "tỷ",
    "nghìn",
    "đồng",
    "%",
    "phần trăm",
    "tăng",
    "ngày",
    "tháng",
    "năm",
    "quý",
    "I",
    "đến",
    "từ",
    "tính đến",
    "hai",
    "mươi",
    "mốt",
    "rưỡi",
    "trăm",
    "linh",
    "Đề án",
    "06/QĐ-TTg",
    "/",
    "-",
    ",",
    ".",
    "–",
    "tài khoản",
    "thẻ",
    "\n",
    "1.",
    "cuối năm",
    "6 tháng đầu năm",
]
token = st.one_of(
    st.sampled_from(WORDS),
    st.from_regex(r"\d{1,4}([.,]\d{1,3}){0,3}", fullmatch=True),
    st.text(max_size=3),
)
vi_text = st.lists(token, max_size=12).map(" ".join)
any_text = st.one_of(st.text(max_size=60), vi_text)
REF = date(2024, 5, 2)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_text)
def test_quantities_never_raise_and_spans_index_input(text: str) -> None:
    found = find_quantities(text)
    last = -1
    for q in found:
        s, e = q.span
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == q.text
        assert s >= last  # in order
        last = s
    first = parse_quantity(text)
    assert (first is None) == (not found)


@FAST
@given(any_text)
def test_periods_never_raise_and_spans_index_input(text: str) -> None:
    for ref in (REF, None):
        for p in find_periods(text, reference=ref):
            s, e = p.span
            assert 0 <= s <= e <= len(text)
            assert text[s:e] == p.text
            if p.start is not None and p.end is not None:
                assert p.start <= p.end
        parse_period(text, reference=ref)


@FAST
@given(vi_text)
def test_nfc_and_nfd_give_the_same_quantities(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)

    def key(t: str) -> list:
        return [(q.value, q.qualifier, q.unit, q.high, q.denominator) for q in find_quantities(t)]

    assert key(nfc) == key(nfd)
    for q in find_quantities(nfd):
        assert nfd[q.span[0] : q.span[1]] == q.text


@FAST
@given(vi_text)
def test_nfc_and_nfd_give_the_same_periods(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)

    def key(t: str) -> list:
        return [(p.start, p.end, p.grain, p.role) for p in find_periods(t, REF)]

    assert key(nfc) == key(nfd)


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_integer_is_identity(n: int) -> None:
    q = parse_quantity(format_vi(float(n)))
    assert q is not None and q.value == float(n)


@FAST
@given(
    st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_format_then_parse_decimal_is_identity(x: float, decimals: int) -> None:
    text = format_vi(x, decimals)
    expected = float(text.replace(".", "").replace(",", "."))
    q = parse_quantity(text)
    assert q is not None and q.value == expected


@FAST
@given(st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_format_full_precision_roundtrip(x: float) -> None:
    q = parse_quantity(format_vi(x))
    assert q is not None and q.value == x


@FAST
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("nghìn", 1e3), ("triệu", 1e6), ("tỷ", 1e9), ("nghìn tỷ", 1e12)]),
    st.sampled_from([("hơn", "more_than"), ("gần", "nearly"), ("khoảng", "approx"), ("", "exact")]),
)
def test_qualifier_scale_grammar(n: int, scale: tuple[str, float], qual: tuple[str, str]) -> None:
    text = f"{qual[0]} {n} {scale[0]} tài khoản".strip()
    q = parse_quantity(text)
    assert q is not None
    assert q.value == n * scale[1]
    assert q.qualifier == qual[1]


@FAST
@given(
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([("triệu", 6), ("tỷ", 9), ("nghìn tỷ", 12), ("%", -2)]),
)
def test_scaled_decimals_are_exact(whole: int, frac: int, scale: tuple[str, int]) -> None:
    """ "14,02%" is 0.1402 and "12,9 nghìn tỷ" is 12900000000000.0 exactly, as an analyst types
    them into the CSV (the build compares with ==)."""
    text = f"{whole},{frac:02d}" + (scale[0] if scale[0] == "%" else " " + scale[0])
    expected = float(Decimal(f"{whole}.{frac:02d}") * Decimal(10) ** scale[1])
    q = parse_quantity(text)
    assert q is not None and q.value == expected


# --------------------------------------------------------------------------------------------
# Differential: the scanner's fast path and the general reader give the same figure.

_NV = section("numbers")
_QUALS = ["", *(w for ws in _NV["qualifiers"].values() for w in ws), *_NV["change_words"]]
_SCALE_WORDS = ["", *_NV["scales"], *_NV["scale_abbreviations"], "nghìn tỷ", "triệu tỷ"]
_UNIT_WORDS = [
    "",
    *(w for ws in _NV["units"].values() for w in ws),
    *_NV["scaled_unit_abbreviations"],
]
_number = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.integers(min_value=1, max_value=10**12).map(lambda n: format_vi(float(n))),
    st.tuples(st.integers(0, 99_999), st.integers(0, 999)).map(lambda t: f"{t[0]},{t[1]}"),
)


def _general(text: str):
    """The general reader (`numbers._at`) on the first number phrase of `text`."""
    low = text.lower()
    ctx = numbers._CTX_STRICT if has_diacritics(low) else numbers._CTX_ASCII
    m = ctx.phrase.search(low)
    if m is None:
        return None
    got = numbers._at(low, m.start(), m.group(), ctx, text, None, text)
    return got[0] if isinstance(got, tuple) else None


def _fast(text: str):
    """The scanner's fast path on the first number of `text`, or None where it hands over."""
    low = text.lower()
    ctx = numbers._CTX_STRICT if has_diacritics(low) else numbers._CTX_ASCII
    m = ctx.scan.search(low)
    if m is None or m.lastindex is None:
        return "general"
    got = numbers._fast(low, m.start(), m, ctx, text, None)
    if got is None:
        return "general"
    return None if isinstance(got, int) else got  # an int: not a figure, go on from there


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_QUALS),
    _number,
    st.sampled_from(_SCALE_WORDS),
    st.sampled_from(_UNIT_WORDS),
    st.sampled_from(["", "hồ sơ", "người dân", "trở lên", "tài khoản trở xuống", "."]),
    st.booleans(),
)
@example("", "1,100", "", "trđ", "", False)  # the other reading of "1,100" is scaled too
def test_fast_path_and_general_reader_agree(
    qual: str, num: str, scale: str, unit: str, tail: str, folded: bool
) -> None:
    text = " ".join(p for p in (qual, num, scale, unit, tail) if p)
    if folded:
        text = fold(text)
    fast = _fast(text)
    assume(fast != "general")
    assert fast == _general(text), text


# The words that may stand before a number in `_left`'s pattern, and a few that may not.
_LEFT_WORDS = [
    *(w for ws in _NV["skip_before"].values() for w in ws),
    *_NV["document_words_before_so"],
    *(w for ws in _NV["qualifiers"].values() for w in ws),
    *_NV["level_words"],
    *_NV["change_words"],
    "số",
    "có",
    "người dân",
    "hồ sơ",
    "đạt được",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_LEFT_WORDS), min_size=1, max_size=3),
    st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0"]),
    st.sampled_from(["2024", "2.025", "06", "0243", "1900", "2025 đồng", "2020 năm", "2021 %"]),
    st.sampled_from(["", "tài khoản", "hồ sơ", "trở lên", "."]),
    st.booleans(),
)
def test_fast_path_and_general_reader_agree_after_left_words(
    words: list[str], blank: str, num: str, tail: str, folded: bool
) -> None:
    """Years ("2024", which the fast path now turns away itself when no unit follows), phone
    prefixes and document numbers after the words `_left` reads: the fast path's answer is the
    general reader's."""
    text = blank.join(words) + blank + " ".join(p for p in (num, tail) if p)
    if folded:
        text = fold(text)
    fast = _fast(text)
    assume(fast != "general")
    assert fast == _general(text), text


class _Everything:
    def __contains__(self, _: object) -> bool:
        return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(_LEFT_WORDS), st.text(max_size=3)), max_size=4),
    st.sampled_from([" ", "  ", "\t", "\u00a0", "\n", ""]),
    st.booleans(),
)
def test_left_reader_shortcut_changes_nothing(words: list[str], blank: str, folded: bool) -> None:
    """`_left` turns a position away when the two letters before the blank end none of its
    words; with that shortcut off (every pair let through), every answer is the same."""
    low = (blank.join(words) + blank + "5").lower()
    if folded:
        low = fold(low)
    start = len(low) - 1
    ctx = numbers._CTX_STRICT if has_diacritics(low) else numbers._CTX_ASCII
    got = numbers._left(low, start, ctx)
    saved = numbers._LEFT_TAILS
    numbers._LEFT_TAILS = {False: _Everything(), True: _Everything()}
    try:
        want = numbers._left(low, start, ctx)
    finally:
        numbers._LEFT_TAILS = saved
    assert got == want, low


_WORD_NUMBERS = ["hai mươi mốt", "ba triệu hai", "hai triệu rưỡi", "mười lăm", "một trăm linh năm"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "từ ", "tăng từ ", "hơn ", "khoảng "]),
            st.sampled_from(_WORD_NUMBERS),
            st.sampled_from(["", " lên ba mươi triệu", " đến bốn mươi nghìn", " người", " %"]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_number_words_read_once_give_what_a_fresh_reading_gives(
    phrases: list[tuple[str, str, str]], folded: bool
) -> None:
    """Number-word phrases are read once and kept (`_WORDS_READ`); a reader that changes what
    it got ("từ hai mươi lên ba mươi triệu" gives the first end the scale of the second) must
    not change what the next text gets."""
    texts = ["".join(p) for p in phrases]
    if folded:
        texts = [fold(t) for t in texts]
    kept = [find_quantities(t) for t in texts]
    fresh = []
    for t in texts:
        for memo in numbers._WORDS_READ.values():
            memo.clear()
        fresh.append(find_quantities(t))
    assert kept == fresh


@FAST
@given(
    st.lists(
        st.sampled_from(
            ["hàng", "vài", "mấy", "dăm", "chục", "triệu", "nghìn", "tỷ", "ngân", "khang", "5", "%"]
        ),
        max_size=10,
    ),
    st.sampled_from([" ", "  ", "\u00a0", ""]),
    st.booleans(),
)
def test_vague_magnitudes_are_those_a_scan_of_the_text_finds(
    words: list[str], blank: str, folded: bool
) -> None:
    """The rejection layer looks for vague magnitudes ("hàng triệu") only where one of their
    first words occurs: it reports every match a scan of the whole text finds outside the
    figures, and nothing else."""
    text = blank.join(words)
    if folded:
        text = fold(text)
    low = text.lower()
    vague = numbers._VAGUE_STRICT if has_diacritics(low) else numbers._VAGUE_ASCII
    reading = find_quantities(text, rejections=True)
    covered = [q.span for q in reading.quantities]
    want = [
        m.span()
        for m in vague.finditer(low)
        if not any(a <= m.start() and m.end() <= b for a, b in covered)
    ]
    assert [r.span for r in reading.rejected if r.reason == "vague_magnitude"] == want


@FAST
@given(
    st.text(alphabet="0123456789.,", min_size=1, max_size=40).filter(lambda s: s[0].isdigit()),
    st.sampled_from(_SCALE_WORDS),
    st.sampled_from(_UNIT_WORDS),
    st.booleans(),
)
def test_the_common_shape_never_holds_a_too_long_number(
    digits: str, scale: str, unit: str, folded: bool
) -> None:
    """The scanner skips its too-long-number check on a match of the common shape (at most 15
    whole digits and 12 decimals, then scale and unit words without digits): wherever that
    shape matches, the check would have found nothing, and a too-long run is still skipped."""
    text = " ".join(p for p in (digits, scale, unit, "hồ sơ") if p)
    if folded:
        text = fold(text)
    low = text.lower()
    ctx = numbers._CTX_STRICT if has_diacritics(low) else numbers._CTX_ASCII
    pos = 0
    while (m := ctx.scan.search(low, pos)) is not None:
        if m.lastindex is not None:
            assert numbers._LONG_NUMBER.search(low, m.start(), m.end()) is None, text
        pos = m.end()
    run = numbers._LONG_NUMBER.search(low)
    if run is not None:  # no figure is read from a too-long run
        whole = "".join(c for c in run.group() if c.isdigit())
        for q in find_quantities(text):
            assert whole not in "".join(c for c in q.text if c.isdigit()), text
