"""One test per section of lexicon/vi/numbers.yaml: every word listed there is read the way the
file says, with its diacritics and (unless `collisions` gives its folded form to another word)
without them. Editing the file is enough to change the reader; these tests keep the two honest.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from de06metrics.lexicon import fold, section
from de06metrics.numbers import (
    REASON_LABELS,
    REJECTION_REASONS,
    Reading,
    find_quantities,
    parse_quantity,
)

VOCAB = section("numbers")
MEANS = {
    fold(entry["words"][0]): set(entry["means"]) for entry in VOCAB["collisions"]
}  # folded form → words it means
VOCAB_MEANS = {fold(e["words"][0]): e["means"] for e in VOCAB["collisions"]}  # in file order
SKIP_REASON = {w: r for r, ws in VOCAB["skip_before"].items() for w in ws}


def _folds(word: str) -> bool:
    means = MEANS.get(fold(word))
    return means is None or word in means


def _both(words) -> list[tuple[str, str]]:
    """(word, form) for each word as written and, when it is read so, folded."""
    out = []
    for w in words:
        out.append((w, w))
        if fold(w) != w and _folds(w):
            out.append((w, fold(w)))
    return out


def _say(sentence: str, word: str, form: str) -> str:
    """`sentence` as written, or wholly without diacritics when the word is tested folded (a
    text is read without diacritics only when it has none)."""
    return fold(sentence) if form != word else sentence


# --------------------------------------------------------------------------------------------
# Number words

AFTER_TENS = set(VOCAB["digits_after_tens_only"]) | {"tư"}


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["digits"]))
def test_digit_words(word: str, form: str) -> None:
    value = VOCAB["digits"][word]
    if word in AFTER_TENS:  # "ba mươi lăm", "ba mươi tư"
        text, want = _say(f"ba mươi {word} hồ sơ", word, form), 30 + value
    else:  # "năm trăm", "bảy trăm"
        text, want = _say(f"{word} trăm hồ sơ", word, form), 100 * value
    q = parse_quantity(text)
    assert q is not None and q.value == want, text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hai mươi", 20),
        ("mười bảy", 17),
        ("một trăm linh tám", 108),
        ("một trăm lẻ tám", 108),
        ("hai chục", 20),
        ("ba triệu rưỡi", 3.5e6),
        ("bảy phẩy năm", 7.5),
        ("tám nghìn không trăm linh một", 8001),
    ],
)
def test_number_words(text: str, value: float) -> None:
    """Each kind of `number_words` (teen, tens, hundred, linh, dozen, half, decimal mark, zero),
    with and without diacritics."""
    words = {w for ws in VOCAB["number_words"].values() for w in ws}
    assert any(w in text.split() for w in words)
    for form in (text + " người", fold(text + " người")):
        q = parse_quantity(form)
        assert q is not None and math.isclose(q.value, value), form


@pytest.mark.parametrize(
    ("word", "form"),
    _both({**VOCAB["scales"], **VOCAB["scale_abbreviations"]}),
)
def test_scale_words(word: str, form: str) -> None:
    mult = {**VOCAB["scales"], **VOCAB["scale_abbreviations"]}[word]
    q = parse_quantity(_say(f"hơn 7 {word} hồ sơ", word, form))
    assert q is not None and q.value == 7 * mult and q.scale_word == form


@pytest.mark.parametrize("word", VOCAB["glued_scale_abbreviations"])
def test_glued_scale_abbreviations(word: str) -> None:
    q = parse_quantity(f"đạt 45{word} lượt")
    assert q is not None and q.value == 45 * VOCAB["glued_scale_abbreviations"][word]


@pytest.mark.parametrize("word", VOCAB["also_folded_in_accented_text"])
def test_folded_number_words_in_accented_text(word: str) -> None:
    """ "5 trieu" inside an accented article is still read."""
    q = parse_quantity(f"Tại tỉnh có 5 {fold(word)} người dân")
    assert q is not None and q.value >= 5


@pytest.mark.parametrize(("scale", "after"), VOCAB["scale_not_before"].items())
def test_scale_not_before(scale: str, after: list[str]) -> None:
    for word in after:
        for text in (f"{scale} {word} đạt 95%", fold(f"{scale} {word} đạt 95%")):
            assert [q.unit for q in find_quantities(text)] == ["percent"], text


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["fraction_denominators"]))
def test_fraction_denominators(word: str, form: str) -> None:
    q = parse_quantity(_say(f"1 phần {word} hồ sơ", word, form))
    assert q is not None and q.denominator == VOCAB["fraction_denominators"][word]


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["vague_before_scale"]))
def test_vague_magnitudes(word: str, form: str) -> None:
    found = find_quantities(_say(f"có {word} triệu người", word, form), rejections=True)
    assert found.quantities == []
    assert [r.reason for r in found.rejected] == ["vague_magnitude"]


# --------------------------------------------------------------------------------------------
# Words on the left


@pytest.mark.parametrize(
    ("word", "form", "kind"),
    [(w, f, k) for k, ws in VOCAB["qualifiers"].items() for w, f in _both(ws)],
)
def test_qualifiers(word: str, form: str, kind: str) -> None:
    q = parse_quantity(_say(f"{word} 25 hồ sơ", word, form))
    assert q is not None and q.value == 25
    assert q.qualifier == ("exact" if kind == "from" else kind), form
    assert q.text.startswith(form) or kind in ("exact", "from")


@pytest.mark.parametrize(("symbol", "kind"), VOCAB["qualifier_symbols"].items())
def test_qualifier_symbols(symbol: str, kind: str) -> None:
    q = parse_quantity(f"{symbol} 25%")
    assert q is not None and q.qualifier == kind


@pytest.mark.parametrize(
    ("word", "form", "kind"),
    [(w, f, k) for k, ws in VOCAB["qualifier_suffixes"].items() for w, f in _both(ws)],
)
def test_qualifier_suffixes(word: str, form: str, kind: str) -> None:
    q = parse_quantity(_say(f"25 hồ sơ {word}", word, form))
    assert q is not None and q.qualifier == kind


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["change_words"]))
def test_change_words(word: str, form: str) -> None:
    q = parse_quantity(_say(f"{word} 25 hồ sơ", word, form))
    assert q is not None and q.is_change


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["level_words"]))
def test_level_words(word: str, form: str) -> None:
    q = parse_quantity(_say(f"{word} 25 hồ sơ", word, form))
    assert q is not None and not q.is_change and q.qualifier == "exact"


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["level_links"]))
def test_level_links(word: str, form: str) -> None:
    """ "từ 10 lên 15 triệu": the first figure is the old level, in the second's scale."""
    found = find_quantities(_say(f"tăng từ 10 {word} 15 triệu", word, form))
    assert [q.value for q in found[:2]] == [10e6, 15e6]


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["range_links"]))
def test_range_links(word: str, form: str) -> None:
    q = parse_quantity(_say(f"10 {word} 15 triệu", word, form))
    assert q is not None and (q.qualifier, q.value, q.high) == ("range", 10e6, 15e6)


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["ratio_links"]))
def test_ratio_links(word: str, form: str) -> None:
    q = parse_quantity(_say(f"45 {word} 60 hồ sơ", word, form))
    assert q is not None and (q.value, q.denominator) == (45, 60)


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["negative_words"]))
def test_negative_words(word: str, form: str) -> None:
    q = parse_quantity(_say(f"tăng trưởng {word} 1,5%", word, form))
    assert q is not None and q.value == -0.015


@pytest.mark.parametrize(
    ("word", "form", "reason"),
    [(w, f, r) for r, ws in VOCAB["skip_before"].items() for w, f in _both(ws)],
)
def test_skip_words_by_reason(word: str, form: str, reason: str) -> None:
    """A number after a skip word is no figure, and is reported with the word's reason."""
    text = _say(f"{word}27 và" if word.endswith("-") else f"{word} 27 và", word, form)
    found = find_quantities(text, rejections=True)
    assert isinstance(found, Reading)
    assert found.quantities == [], text
    if form != word and fold(word) in MEANS:  # "muc": "mức" or "mục", reported as the first
        reason = SKIP_REASON[next(iter(VOCAB_MEANS[fold(word)]))]
    assert [(r.text, r.reason) for r in found.rejected] == [("27", reason)], text
    assert reason in REJECTION_REASONS


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["document_words_before_so"]))
def test_document_words_before_so(word: str, form: str) -> None:
    found = find_quantities(_say(f"Theo văn {word} số 36 về", word, form), rejections=True)
    assert found.quantities == []
    assert [r.reason for r in found.rejected] == ["document_number"]


@pytest.mark.parametrize("code", VOCAB["document_codes"])
def test_document_codes(code: str) -> None:
    found = find_quantities(f"theo văn bản 17/{code} ngày", rejections=True)
    assert found.quantities == []
    assert [r.reason for r in found.rejected] == ["document_number"]


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["date_cues"]))
def test_date_cues(word: str, form: str) -> None:
    """ "ngày 10/5", "đến 21/12": a day and month, not a share of 10 out of 5."""
    assert find_quantities(_say(f"{word} 10/11 có", word, form)) == []


# --------------------------------------------------------------------------------------------
# Units

UNIT_OF = {w: unit for unit, ws in VOCAB["units"].items() for w in ws}


@pytest.mark.parametrize(("word", "form"), _both(UNIT_OF))
def test_unit_words(word: str, form: str) -> None:
    unit = UNIT_OF[word]
    q = parse_quantity(_say(f"đạt 25 {word} trong kỳ", word, form))
    if unit == "duration":
        assert q is None, form
        return
    assert q is not None and q.unit == unit, form
    want = 0.25 if unit in ("percent", "percentage_point") else 25
    assert math.isclose(q.value, want)


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["scaled_unit_abbreviations"]))
def test_scaled_unit_abbreviations(word: str, form: str) -> None:
    spec = VOCAB["scaled_unit_abbreviations"][word]
    for text in (f"đạt 12,5 {word} mỗi tháng", f"đạt 12,5{word} mỗi tháng"):
        q = parse_quantity(_say(text, word, form))
        assert q is not None and (q.value, q.unit) == (12.5 * spec["scale"], spec["unit"])


@pytest.mark.parametrize(
    ("word", "after"), [(w, a) for w, ws in VOCAB["unit_not_before"].items() for a in ws]
)
def test_unit_not_before(word: str, after: str) -> None:
    q = parse_quantity(f"có 25 {word} {after}")
    assert q is not None and q.unit == "count"


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["halves"]))
def test_halves(word: str, form: str) -> None:
    q = parse_quantity(_say(f"hơn {word} hồ sơ", word, form))
    assert q is not None and (q.value, q.denominator) == (1, 2)


@pytest.mark.parametrize(("word", "form"), _both(VOCAB["multiples"]))
def test_multiples(word: str, form: str) -> None:
    q = parse_quantity(_say(f"tăng {word}", word, form))
    assert q is not None and (q.value, q.unit) == (VOCAB["multiples"][word], "times")


# --------------------------------------------------------------------------------------------
# Collisions

# Lists whose words are looked up in one table: two entries of one table that fold alike and
# mean different things must be settled by `collisions`.
TABLES = {
    "number words": lambda v: {
        **{w: ("digit", n) for w, n in v["digits"].items()},
        **{w: ("word", k) for k, ws in v["number_words"].items() for w in ws},
        **{w: ("scale", n) for w, n in v["scales"].items()},
        **{w: ("scale", n) for w, n in v["scale_abbreviations"].items()},
    },
    "words on the left": lambda v: {
        **{w: ("qualifier", k) for k, ws in v["qualifiers"].items() for w in ws},
        **{w: ("change", "") for w in v["change_words"]},
        **{w: ("level", "") for w in v["level_words"]},
        **{w: ("skip", r) for r, ws in v["skip_before"].items() for w in ws},
        **{w: ("document", "") for w in v["document_words_before_so"]},
        **{w: ("negative", "") for w in v["negative_words"]},
    },
    "units": lambda v: {w: ("unit", u) for u, ws in v["units"].items() for w in ws},
}


def unsettled_collisions(vocab: dict) -> list[tuple[str, str, list[str]]]:
    """(table, folded form, words) for each pair of entries that fold alike, mean different
    things and are not in `collisions`."""
    settled = {fold(e["words"][0]) for e in vocab.get("collisions", [])}
    out = []
    for name, table in TABLES.items():
        by_form: dict[str, dict[str, tuple]] = defaultdict(dict)
        for word, meaning in table(vocab).items():
            by_form[fold(word)][word] = meaning
        for form, words in by_form.items():
            if len(set(words.values())) > 1 and form not in settled:
                out.append((name, form, sorted(words)))
    return out


def test_no_unsettled_collision_in_the_lexicon() -> None:
    assert unsettled_collisions(VOCAB) == []


def test_a_new_colliding_entry_is_caught() -> None:
    """The check above can fail: "mức" (level) and "mục" (section) fold to "muc"; without their
    collisions entry they are reported."""
    vocab = {**VOCAB, "collisions": [e for e in VOCAB["collisions"] if "mức" not in e["words"]]}
    assert ("words on the left", "muc", ["mục", "mức"]) in unsettled_collisions(vocab)
    # a new qualifier "gân" (a slip for "gần") listed as "approx" would clash with "gần" (nearly)
    vocab["qualifiers"] = {**VOCAB["qualifiers"], "approx": [*VOCAB["qualifiers"]["approx"], "gân"]}
    assert ("words on the left", "gan", ["gân", "gần"]) in unsettled_collisions(vocab)


@pytest.mark.parametrize("entry", VOCAB["collisions"], ids=lambda e: "/".join(e["words"]))
def test_collision_entries(entry: dict) -> None:
    """Each entry lists words that do fold alike, and means some of them."""
    assert len({fold(w) for w in entry["words"]}) == 1
    assert set(entry["means"]) <= set(entry["words"])


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("hien co 156 diem", "exact"), ("trong do 890.000 tai khoan", "exact"), ("co 5%", "exact")],
)
def test_collisions_are_applied(text: str, qualifier: str) -> None:
    """Without diacritics "co"/"do" are "có"/"đó", not the qualifiers "cỡ"/"độ"."""
    q = parse_quantity(text)
    assert q is not None and q.qualifier == qualifier


def test_every_reason_has_a_label() -> None:
    assert set(REASON_LABELS) == set(REJECTION_REASONS)
    assert set(VOCAB["skip_before"]) <= set(REJECTION_REASONS)
