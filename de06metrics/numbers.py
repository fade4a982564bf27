"""Vietnamese quantities: read every figure in a text the way an analyst reads it.

`find_quantities(text)` returns every reported figure in order, with its qualifier ("hơn", "gần",
"khoảng" …), its bounds, its unit and its character span in the caller's string;
`parse_quantity(text)` returns the first one (the one reported measure of a short phrase) or None.
`format_vi(value)` writes a number the Vietnamese way (1.234.567,8).
`find_quantities(text, rejections=True)` also returns every number that is not a figure, with
its span and a reason code (REJECTION_REASONS: date, year, document_number, phone, …).

The words are data: lexicon/vi/numbers.yaml lists them with their diacritics (qualifiers and
their bounds, scale words, units, skip words by reason, the words that fold alike …); the forms
without diacritics are generated, and every pattern is built from the lists once, at import.

Why hand-written: the general extractors measured on Vietnamese progress figures fell short
(GUIDE.md §3, §8). Duckling read 58% of figures right: it misses "nghìn tỷ", "3 triệu 2", "rưỡi",
"lăm/mốt/tư", swaps dot/comma conventions silently, and drops the qualifier that turns "hơn 86
triệu" into a lower bound. dateparser read 61% of dates ("9 tháng năm 2023" became 9 May). Both are
slow (about 0.15 MB/s for the whole pipeline) because they try many grammars per token. Here one
compiled regular expression finds number phrases in NFC, lower-cased text, and cheap Python logic
reads the two or three words on either side (qualifier, scale, unit, document number, date).

Decisions worth knowing (the test tables in tests/test_numbers.py spell out each case):
- Dot groups thousands, comma is the decimal mark. "1,500" (comma + exactly three digits) could be
  an English-format slip for 1500: the Vietnamese reading (1.5) is kept, `ambiguous` is set and 1500
  is in `alternatives`. "1.5" (dot + one or two digits) and "1,234.56" can only be English format
  and are read so. "2,000,000" can only be grouping.
- Qualifiers: hơn/trên/vượt → more_than; ít nhất/tối thiểu/không dưới/… trở lên → at_least;
  gần/gần như → nearly; khoảng/xấp xỉ/trên dưới/chừng/ước/ước tính/ước đạt → approx;
  dưới/chưa đến/chưa tới/chưa đầy → less_than; tối đa/không quá/… trở xuống → at_most;
  đạt/lên tới/lên đến/no word → exact; "từ X đến Y", "X–Y" → range (a scale or unit on one end
  applies to both).
- Units: counts raw; money with đồng/VNĐ/VND/đ → "vnd", USD/đô la → "usd"; "tỷ" without a currency
  word stays a count (no guessing money); % and "phần trăm" → "percent" stored as a fraction;
  "điểm phần trăm" → "percentage_point" (also a fraction); "lần" → "times"; ha, km, tấn.
- "38/53", "38 trên 53", "38 trong (tổng) số 53", "một nửa", "hai phần ba" → value =
  numerator, `denominator` set, unit count; a scaled or dot-grouped whole is read as such
  ("2.345.678/2.410.000", "86 triệu trên 100 triệu").
- Number words: "linh"/"lẻ" ("một trăm lẻ năm" = 105), "không trăm" ("chín nghìn không trăm
  linh hai" = 9.002), "phẩy" then one word per digit ("mười hai phẩy tám" = 12,8).
- Negative values: a minus glued to the figure ("-3,1%", "(−2)") or "âm" before it; not a hyphen
  after a digit, letter or "%" ("2021-2025", "COVID-19", "5%-8%") nor a bullet opening a line.
- Abbreviated scales: "tr" (triệu: "37,1 tr"), "k" glued to digits (nghìn: "120k").
- Thin spaces (U+2009, U+202F, U+2007) group thousands like a space or a no-break space.
- `separators="en"` reads a document written with English marks ("617,000,000", "41.6%"):
  the two marks are swapped between digits and the text is read the Vietnamese way.
- Not quantities: dates, bare years, document numbers ("06/QĐ-TTg"), "Đề án 06", levels ("mức 2"),
  list numbering, durations ("2 năm", "6 tháng"), phone numbers, pages ("trang 12"), vague
  magnitudes ("hàng triệu", "vài trăm") and the lone word "một"/"năm" (article / year, not a
  figure). With `rejections=True` each of these numbers is returned with its reason.
- `is_change` is set when tăng/giảm/thêm/tăng thêm/giảm bớt precede the figure ("tăng 72.944
  người"); "tăng lên X"/"giảm xuống còn X" are levels.
- Text without diacritics ("hon 86 trieu") is read with ASCII forms of every word; in text with
  diacritics, digit words must carry them ("sau" is "after", not "sáu"). Where two words fold
  alike, the lexicon's `collisions` say which one the folded form is ("co" is "có", not "cỡ").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from itertools import takewhile
from typing import Any, Literal, overload
from unicodedata import is_normalized as _is_normalized

from de06metrics.lexicon import DIACRITIC, alternation, fold, has_diacritics, section

__all__ = [
    "QUALIFIERS",
    "REASON_LABELS",
    "REJECTION_REASONS",
    "Quantity",
    "Reading",
    "Rejection",
    "find_quantities",
    "fold",
    "format_vi",
    "has_diacritics",
    "normalize",
    "parse_quantity",
]

QUALIFIERS = (
    "exact",
    "more_than",
    "at_least",
    "nearly",
    "approx",
    "at_most",
    "less_than",
    "range",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure read from text.

    `value` is the stated number in base units (the low end of a range; a fraction for percent);
    `lower`/`upper` are the bounds implied by the qualifier (None where open); `span` indexes the
    string the caller passed (even if it was NFD).
    """

    value: float
    high: float | None = None
    qualifier: str = "exact"
    lower: float | None = None
    upper: float | None = None
    unit: str = "count"
    denominator: float | None = None
    ambiguous: bool = False
    alternatives: tuple[float, ...] = ()
    text: str = ""
    span: tuple[int, int] = (0, 0)
    is_change: bool = False
    scale_word: str | None = None


class _QuantityBuilder:
    """Builds a `Quantity` about twice as fast as its frozen __init__ (which pays one
    object.__setattr__ per field): the same slots are filled with plain attribute stores on this
    mutable twin, then the object becomes a Quantity. CPython allows the __class__ change because
    both classes have the same base and the same __slots__ (checked below at import); the result
    is an ordinary Quantity: frozen, equal, hashable and picklable like one built by its __init__.
    """

    __slots__ = Quantity.__slots__  # type: ignore[attr-defined]

    def __init__(
        self,
        value: float,
        high: float | None,
        qualifier: str,
        lower: float | None,
        upper: float | None,
        unit: str,
        denominator: float | None,
        ambiguous: bool,
        alternatives: tuple[float, ...],
        text: str,
        span: tuple[int, int],
        is_change: bool,
        scale_word: str | None,
    ) -> None:
        self.value = value
        self.high = high
        self.qualifier = qualifier
        self.lower = lower
        self.upper = upper
        self.unit = unit
        self.denominator = denominator
        self.ambiguous = ambiguous
        self.alternatives = alternatives
        self.text = text
        self.span = span
        self.is_change = is_change
        self.scale_word = scale_word
        self.__class__ = Quantity  # type: ignore[assignment]


_new_quantity: Callable[..., Quantity] = _QuantityBuilder  # type: ignore[assignment]
_new_object = object.__new__
assert type(_new_quantity(0.0, *(None,) * 12)) is Quantity


# --------------------------------------------------------------------------------------------
# Text preparation: NFC with an offset map back to the caller's string, and diacritic folding.


def normalize(text: str) -> tuple[str, list[int] | None]:
    """NFC form of `text` and, when it differs, a map from NFC offsets to offsets in `text`.

    The map has one entry per NFC character plus one for the end, so `span` values found in the
    NFC string can be returned valid for the caller's string.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    combining = unicodedata.combining
    while i < n:
        j = i + 1
        while j < n and combining(text[j]):
            j += 1
        seg = unicodedata.normalize("NFC", text[i:j])
        out.append(seg)
        offsets.extend([i] * len(seg))
        i = j
    offsets.append(n)
    return "".join(out), offsets


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters (İ) lower to two; keep offsets aligned
        low = "".join(c.lower()[:1] for c in text)
    return low


# --------------------------------------------------------------------------------------------
# Vocabulary: lexicon/vi/numbers.yaml, read once at import. Words are written there with their
# diacritics; the forms without them are generated here with `fold`, minus the folded forms the
# lexicon's `collisions` give to another word. Patterns are built from the words once.

VOCAB: dict[str, Any] = section("numbers")


def _collisions(entries: list[dict]) -> dict[str, tuple[str, ...]]:
    """Folded form → the words it means (lexicon `collisions`)."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        forms = {fold(w) for w in entry["words"]}
        if len(forms) != 1:
            raise ValueError(f"numbers.yaml collisions: {entry['words']} do not fold alike")
        out[forms.pop()] = tuple(entry["means"])
    return out


_COLLISIONS = _collisions(VOCAB["collisions"])


def _folds(word: str) -> bool:
    """Is `word` read from its folded form in text without diacritics?"""
    means = _COLLISIONS.get(fold(word))
    return means is None or word in means


def _folded(words) -> list[str]:
    """The folded forms of `words` that mean them (see `collisions`), sorted, without repeats."""
    return sorted({fold(w) for w in words if _folds(w)})


def _with_folded(words) -> list[str]:
    return sorted({*words, *_folded(words)})


_UNIT_DIGITS: dict[str, int] = dict(VOCAB["digits"])
_SCALES: dict[str, float] = {
    **{w: float(v) for w, v in VOCAB["scales"].items()},
    **{w: float(v) for w, v in VOCAB["scale_abbreviations"].items()},
}
# scale abbreviations written glued to the digits: "120k" (120 nghìn)
_GLUED_SCALES: dict[str, float] = {
    w: float(v) for w, v in VOCAB["glued_scale_abbreviations"].items()
}
_NUMBER_WORD_KINDS = {
    "teen": ("teen", 10),
    "tens": ("tens", 0),
    "hundred": ("hundred", 100),
    "linh": ("linh", 0),
    "dozen": ("chuc", 10),
    "half": ("half", 0),
    "decimal_mark": ("comma", 0),
    "zero": ("zero", 0),
}

_CANON: dict[str, tuple[str, float]] = {}
for _w, _v in _UNIT_DIGITS.items():
    _CANON[_w] = ("u", _v)
for _w, _v in _SCALES.items():
    _CANON[_w] = ("s", _v)
for _kind, _words in VOCAB["number_words"].items():
    for _w in _words:
        _CANON[_w] = _NUMBER_WORD_KINDS[_kind]
_CANON_ASCII: dict[str, tuple[str, float]] = {}
for _w, _k in _CANON.items():
    if _folds(_w):
        _CANON_ASCII.setdefault(fold(_w), _k)
# "muoi" is mười or mươi (both, says `collisions`): decided by position in _read_tokens
assert set(_COLLISIONS["muoi"]) == {"mười", "mươi"}
_CANON_ASCII["muoi"] = ("muoi", 0)
for _w in VOCAB["also_folded_in_accented_text"]:
    _CANON[fold(_w)] = _CANON_ASCII[fold(_w)]

_SCALE_MULT = {w: k[1] for w, k in {**_CANON_ASCII, **_CANON}.items() if k[0] == "s"}
_AFTER_TENS_ONLY = frozenset(VOCAB["digits_after_tens_only"]) | {
    # a folded form only when every digit word folding to it is said after tens only ("mot" is
    # also "một")
    fold(w)
    for w in VOCAB["digits_after_tens_only"]
    if all(d in VOCAB["digits_after_tens_only"] for d in _UNIT_DIGITS if fold(d) == fold(w))
}
_PART_WORDS: dict[str, int] = dict(VOCAB["fraction_denominators"])
_PART_WORDS.update({fold(k): v for k, v in list(_PART_WORDS.items()) if _folds(k)})


def _trie(words, end: Callable[[str], str] | None = None, space: str = r"[ \t\u00a0]+") -> str:
    """`lexicon.alternation` of `words` where a space matches one or more blanks."""
    return alternation(words, space=space, end=end)


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return _trie(words)


_START_WORDS: list[str] = list(VOCAB["start_words"])
_LEAD_WORDS: list[str] = list(VOCAB["lead_words"])
_CONT_WORDS = [*_CANON.keys()]

_SP = r"[ \t\u00a0]+"
_DIGITS = r"\d+(?:[.,]\d+)*"
_WEND = r"(?!\w)"
# Between the tokens of a number phrase: blanks, and the thin spaces that group thousands
# ("86\u2009000\u2009000": THIN SPACE, NARROW NO-BREAK SPACE, FIGURE SPACE).
_GAP_CHARS = " \t\u00a0\u2009\u202f\u2007"
_GAP = "[" + _GAP_CHARS + "]+"
_GLUED = "(?:(?:" + _trie(sorted(_GLUED_SCALES)) + ")" + _WEND + ")?"
_GLUED_END = re.compile("(?:" + _trie(sorted(_GLUED_SCALES)) + ")$")
_GLUED_LAST = frozenset(w[-1] for w in _GLUED_SCALES)


def _not_after_scale(rules: dict[str, list[str]]) -> str:
    """ "tỷ lệ" is a rate, never 10^9: a lookahead refusing a scale word followed by one of its
    `scale_not_before` words (with and without diacritics). The scale words must be of one
    length (a lookbehind of fixed width)."""
    heads = _with_folded(rules)
    if len({len(h) for h in heads}) != 1:
        raise ValueError("numbers.yaml scale_not_before: scale words of one length only")
    tails = _with_folded({t for ts in rules.values() for t in ts})
    return "(?!(?<=" + "|".join(heads) + ")" + _SP + "(?:" + _alt(tails) + ")" + _WEND + ")"


_TYLE = _not_after_scale(VOCAB["scale_not_before"])


def _not_phrases() -> str:
    """Phrases without diacritics that start with a number word but mean something else ("ngan
    hang" is "ngân hàng", a bank, not "ngàn" + "hàng"): from `collisions`."""
    phrases = [
        fold(e["words"][0])
        for e in VOCAB["collisions"]
        if " " in e["words"][0] and fold(e["words"][0]).split()[0] in _CANON_ASCII
    ]
    return "(?!" + _alt(phrases) + _WEND + ")" if phrases else ""


_BANK = _not_phrases()


def _phrase_src(start_words: list[str], cont_words: list[str], lead_words: list[str]) -> str:
    """Number phrase: a digit token or number word, then more of either. `lead_words` ("một",
    "năm": mostly "a" and "year" in prose) may start a phrase only before another number word,
    which keeps the scan from stopping at every "năm" of an article."""
    cont = "(?:" + _DIGITS + "|" + _BANK + "(?:" + _alt(cont_words) + ")" + _WEND + _TYLE + ")"
    lead = (
        "(?:"
        + _alt(lead_words)
        + ")(?="
        + _SP
        + "(?:"
        + _alt(cont_words)
        + "|phần|phan|lần|lan)"
        + _WEND
        + ")"
    )
    start = "(?:" + _DIGITS + _GLUED + "|(?:" + _alt(start_words) + ")" + _WEND + "|" + lead + ")"
    return r"(?<!\w)" + start + "(?:" + _GAP + cont + ")*"


_PHRASE_STRICT = re.compile(_phrase_src(_START_WORDS, _CONT_WORDS, _LEAD_WORDS))
_ASCII_CONT_WORDS = sorted({*_folded(_CONT_WORDS), "muoi"})
_PHRASE_ASCII = re.compile(
    _phrase_src(_folded(_START_WORDS), _ASCII_CONT_WORDS, _folded(_LEAD_WORDS))
)


def _unit_src(ascii_mode: bool, prefix: str) -> tuple[str, dict[str, str | None]]:
    """The unit after a figure: one prefix tree over every unit word of `units`, each word ending
    in an empty named group that says its unit (`lastgroup`), so the engine drops a unit after
    one character. A word ending in a letter must end a word; `unit_not_before` guards follow.
    Returns the pattern and group name → unit (None for a duration)."""
    groups: dict[str, str | None] = {}
    word_unit: dict[str, str] = {}
    guards: dict[str, list[str]] = {}
    for unit, words in VOCAB["units"].items():
        for w in words:
            if ascii_mode:
                if not _folds(w):
                    continue
                w = fold(w)
            word_unit.setdefault(w, unit)
    scaled: dict[str, tuple[float, str]] = {}
    for w, spec in VOCAB["scaled_unit_abbreviations"].items():
        if ascii_mode:
            if not _folds(w):
                continue
            w = fold(w)
        word_unit.setdefault(w, spec["unit"])
        scaled[w] = (float(spec["scale"]), w)
    for w, nots in VOCAB["unit_not_before"].items():
        guards[fold(w) if ascii_mode else w] = _with_folded(nots) if ascii_mode else nots

    def end(word: str) -> str:
        name = f"{prefix}{len(groups)}"
        unit = word_unit[word]
        groups[name] = None if unit == "duration" else unit
        if word in scaled:
            _UNIT_SCALE[name] = scaled[word]
        guard = _WEND if word[-1].isalnum() else ""
        if word in guards:
            guard += "(?!" + _SP + "(?:" + _alt(guards[word]) + "))"
        return guard + f"(?P<{name}>)"

    # a blank inside a unit word is one space ("phần trăm"), as the units were always read
    body = _trie(sorted(word_unit), end, space="[ ]")
    return r"[ \t\u00a0]*+" + body, groups


#: Unit groups of a word that also carries a scale ("trđ": triệu đồng) → (multiplier, word).
_UNIT_SCALE: dict[str | None, tuple[float, str]] = {}
_UNIT_SRC_STRICT, _UNIT_GROUPS_STRICT = _unit_src(False, "u")
_UNIT_SRC_ASCII, _UNIT_GROUPS_ASCII = _unit_src(True, "a")
_UNIT_OF: dict[str | None, str | None] = {**_UNIT_GROUPS_STRICT, **_UNIT_GROUPS_ASCII}
_UNIT_STRICT = re.compile(_UNIT_SRC_STRICT)
_UNIT_ASCII = re.compile(_UNIT_SRC_ASCII)

_SCALE_ALT = _alt(sorted(_SCALES))
_BIG_SCALE_ALT = _alt(sorted(w for w, v in _SCALES.items() if v >= 1e9))
_RATIO_LINKS = _alt(_with_folded(VOCAB["ratio_links"]))

# Right after the number: dates, document numbers, fractions.
_SLASH_SRC = (
    r"(?:"
    r"(?P<dmy>(?P<sp>[/.\-])\d{1,2}(?P=sp)\d{2,4}(?!\d))"
    r"|(?P<doc>(?:/\d{1,4})*/[ ]?[^\W\d_])"
    r"|(?P<my>[/\-]\d{4}(?!\d))"
    r"|/[ ]?(?P<den>\d+(?:\.\d{3})*(?:[ ](?:" + _SCALE_ALT + r")(?!\w))?)(?![\d/]|,\d)"
    r"|[ \t\u00a0]+(?:" + _RATIO_LINKS + r")[ \t\u00a0]+(?:"
    r"(?P<denw>\d+(?:\.\d{3})*)(?!\d|[.,]\d|[ ](?:" + _SCALE_ALT + ")" + _WEND + ")"
    r"|(?P<denws>\d+(?:[.,]\d+)*[ ](?:"
    + _SCALE_ALT
    + ")(?:[ ](?:"
    + _BIG_SCALE_ALT
    + "))?)"
    + _WEND
    + r")"
    r"|[ \t\u00a0]+phần[ \t\u00a0]+(?P<denp>"
    + _alt(sorted(VOCAB["fraction_denominators"]))
    + r"|\d+)"
    + _WEND
    + r"(?![ ]trăm)"
    r")"
)
_SLASH_STRICT = re.compile(_SLASH_SRC)
_SLASH_ASCII = re.compile(fold(_SLASH_SRC))

_SPACE_GROUP = re.compile(r"\d{1,3}(?:[ \u00a0\u2009\u202f\u2007]\d{3})+(?![\d.,])")
_DIGIT_RUN = re.compile(r"\d+(?:[ \u00a0\u2009\u202f\u2007.,]\d+)*")
_GROUP_MARKS = str.maketrans(dict.fromkeys(" \u00a0\u2009\u202f\u2007", "."))

_RANGE_WORDS = _alt(_with_folded(VOCAB["range_links"]))
_RANGE_SRC = r"[ \t\u00a0]*(?:[-–—~][ \t\u00a0]*|(?:" + _RANGE_WORDS + r")[ \t\u00a0]+)(?=\d|\w)"
_RANGE_RE = re.compile(_RANGE_SRC)
_SPACES = frozenset(" \t\u00a0")
_SLASH_FIRST = frozenset("/.-")
_SLASH_SECOND = frozenset({w[0] for w in _with_folded(VOCAB["ratio_links"])} | {"p"})  # "phần"
_RANGE_FIRST = frozenset("-–—~")
_RANGE_SECOND = frozenset("-–—~" + "".join(w[0] for w in _with_folded(VOCAB["range_links"])))

_SUFFIX_WORDS = {w: kind for kind, ws in VOCAB["qualifier_suffixes"].items() for w in ws}
_SUFFIX_WORDS.update({fold(w): k for w, k in list(_SUFFIX_WORDS.items()) if _folds(w)})
# what every suffix word starts with: a figure without it nearby is not looked at ("tr")
_SUFFIX_HINT = "".join(
    c[0] for c in takewhile(lambda c: len(set(c)) == 1, zip(*_SUFFIX_WORDS, strict=False))
)
_SUFFIX_SRC = r"(?:[ \t\u00a0]+[^\s,.;:()\d]+){0,3}?[ \t\u00a0]+(?P<suf>"
_SUFFIX_STRICT = re.compile(
    _SUFFIX_SRC + _alt([w for w in _SUFFIX_WORDS if not w.isascii()]) + ")" + _WEND
)
_SUFFIX_ASCII = re.compile(
    _SUFFIX_SRC + _alt([w for w in _SUFFIX_WORDS if w.isascii()]) + ")" + _WEND
)

_MULTIPLES: dict[str, float] = {w: float(v) for w, v in VOCAB["multiples"].items()}
_MULTIPLES.update({fold(w): v for w, v in list(_MULTIPLES.items()) if _folds(w)})
_HALVES = frozenset(VOCAB["halves"])
_NUA_SRC = (
    r"(?<!\w)(?:(?P<half>"
    + _alt(VOCAB["halves"])
    + ")|(?P<gap>"
    + _alt(VOCAB["multiples"])
    + "))"
    + _WEND
)
_NUA_STRICT = re.compile(_NUA_SRC)
_NUA_ASCII = re.compile(
    r"(?<!\w)(?:(?P<half>"
    + _alt(_folded(VOCAB["halves"]))
    + ")|(?P<gap>"
    + _alt(_folded(VOCAB["multiples"]))
    + "))"
    + _WEND
)
_NUA_FIRST_WORDS = tuple(
    sorted({w.split()[-1] for w in _HALVES} | {w.split()[0] for w in _MULTIPLES})
)
_HALF_NOT_BEFORE = tuple(_folded(VOCAB["half_not_before"]))
_HALF_LEAD = tuple(_with_folded({w.split()[0] for w in _HALVES if " " in w}))

# The scanner's regex: the number phrase above, tried after a first alternative that reads the
# common shape in the same pass: digits (plain, dot-grouped, comma decimal), up to two scale
# words, then the unit or anything but a letter. Its lookaheads make it end exactly where the
# number phrase would end (the same digit token, the same scale words, then no further number
# word), so it matches only where the phrase does and covers the same text; and they rule out,
# generously, everything the general reader looks at on the right (a slash, a dot, a fraction
# "trên 53"/"phần ba", a range, a closing parenthesis). `_fast` reads what it matched; every
# other number phrase goes to `_at`. A lookahead that refuses more than it must only sends a
# phrase to the general reader, never changes a result.
_NOT_AFTER = r"[ \t\u00a0]*+(?:[-–—~]|(?:" + _RANGE_WORDS + ")" + _WEND
_NOT_AFTER_NUMBER = (
    r"(?![/.)]|"
    + _NOT_AFTER
    + r"|(?:"
    + _alt(_with_folded([*VOCAB["ratio_links"], "phần"]))
    + ")"
    + _WEND
    + "))"
)
_NOT_AFTER_UNIT = r"(?!" + _NOT_AFTER + "))"


def _scan_src(phrase_src: str, cont_words: list[str], unit_src: str) -> str:
    scales = [w for w in cont_words if w in _SCALE_MULT]
    scale = _BANK + "(?:" + _alt(scales) + ")" + _WEND + _TYLE
    cont = "(?:" + _DIGITS + "|" + _BANK + "(?:" + _alt(cont_words) + ")" + _WEND + _TYLE + ")"
    fast = (
        r"(?P<n>(?>[0-9]{1,3}(?:\.[0-9]{3}){1,4}|[0-9]{1,15}))(?:,(?P<f>[0-9]{1,12}+))?"
        r"(?!\d|[.,]\d)(?:[ ](?P<s>" + scale + "(?:[ ]" + scale + r")?))?(?P<ns>)"
        r"(?!"
        + _GAP
        + "+"
        + cont
        + ")"
        + _NOT_AFTER_NUMBER
        + r"(?>"
        + unit_src
        + r"|(?!\w))"
        + _NOT_AFTER_UNIT
    )
    lookbehind = r"(?<!\w)"
    assert phrase_src.startswith(lookbehind)
    # A number phrase starts with a digit or a start word's first letter: one class test turns
    # away every other position before the lookbehind and the alternation are tried.
    firsts = sorted(
        {w[0] for w in (*_START_WORDS, *_LEAD_WORDS)} | {fold(w)[0] for w in _LEAD_WORDS}
    )
    first = "(?=[\\d" + "".join(firsts) + "])"
    return first + lookbehind + "(?:" + fast + "|" + phrase_src[len(lookbehind) :] + ")"


_SCAN_STRICT = re.compile(_scan_src(_PHRASE_STRICT.pattern, _CONT_WORDS, _UNIT_SRC_STRICT))
_SCAN_ASCII = re.compile(_scan_src(_PHRASE_ASCII.pattern, _ASCII_CONT_WORDS, _UNIT_SRC_ASCII))


# Words on the left of a number. Keys are NFC lower-case word sequences.
_QUAL_WORDS: dict[str, str] = {w: kind for kind, ws in VOCAB["qualifiers"].items() for w in ws}
# A number right after these is not a figure; the value is the reason reported for it.
_SKIP_REASON: dict[str, str] = {w: why for why, ws in VOCAB["skip_before"].items() for w in ws}
_SKIP_BEFORE = frozenset(_SKIP_REASON)
# "Quyết định số 36" etc.: the word before "số" names a document.
_DOC_BEFORE_SO = frozenset(VOCAB["document_words_before_so"])
_QUAL_ASCII = {fold(k): v for k, v in _QUAL_WORDS.items() if _folds(k)}
_SKIP_ASCII = frozenset(_folded(_SKIP_BEFORE))
_DOC_SO_ASCII = frozenset(_folded(_DOC_BEFORE_SO))
for _w, _why in list(_SKIP_REASON.items()):
    if _folds(_w):
        _SKIP_REASON.setdefault(fold(_w), _why)
for _f, _means in _COLLISIONS.items():  # a folded form both words skip: the first one's reason
    if _means[0] in _SKIP_REASON:
        _SKIP_REASON[_f] = _SKIP_REASON[_means[0]]
_LEVEL_KEYS: tuple[str, ...] = tuple(VOCAB["level_words"])
_CHANGE_TRUE: tuple[str, ...] = tuple(VOCAB["change_words"])
_SYMBOL_QUALS: dict[str, str] = dict(VOCAB["qualifier_symbols"])
_NEGATIVE_WORDS = {False: frozenset(VOCAB["negative_words"])}
_NEGATIVE_WORDS[True] = frozenset(_folded(VOCAB["negative_words"]))
_DOC_CODES = frozenset(_with_folded(VOCAB["document_codes"]))
_VAGUE_SRC = (
    r"(?<!\w)(?:"
    + _alt(VOCAB["vague_before_scale"])
    + ")"
    + _SP
    + "(?:"
    + _alt(sorted(_SCALES))
    + ")"
    + _WEND
)
_VAGUE_STRICT = re.compile(_VAGUE_SRC)
_VAGUE_ASCII = re.compile(
    r"(?<!\w)(?:"
    + _alt(_folded(VOCAB["vague_before_scale"]))
    + ")"
    + _SP
    + "(?:"
    + _alt(_folded(_SCALES))
    + ")"
    + _WEND
)

_BOUNDS = {
    "exact": (False, False),
    "more_than": (True, False),
    "at_least": (True, False),
    "nearly": (False, True),
    "at_most": (False, True),
    "less_than": (False, True),
    "approx": (False, False),
}
_PUNCT_STRIP = "()[]{}\"'“”‘’«»,;:"


# --------------------------------------------------------------------------------------------
# Reading digits and number words.


def _digits(tok: str) -> tuple[float, float | None] | None:
    """Value of a digit token and, when an English reading is also plausible, that reading;
    None when it reads as no number, or as one of 19 or more whole digits (see _LONG_NUMBER)."""
    d = _digits_read(tok)
    return None if d is None or not d[0] < _TOO_LONG else d


#: Whole parts of 19 digits or more are skipped (see _LONG_NUMBER), wherever they occur.
_TOO_LONG = 1e18


def _digits_read(tok: str) -> tuple[float, float | None] | None:
    if tok.isdigit():
        return float(tok), None
    dot = "." in tok
    comma = "," in tok
    if dot and not comma:
        parts = tok.split(".")
        if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts)), None
        if len(parts) == 2:  # "1.5": only an English decimal fits
            return float(tok), None
        return None
    if comma and not dot:
        parts = tok.split(",")
        if len(parts) == 2:
            head, tail = parts
            value = float(head + "." + tail)
            if len(tail) == 3 and head != "0" and len(head) <= 3:
                return value, float(head + tail)
            return value, None
        if len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            return float("".join(parts)), None
        return None
    # both separators: the last one is the decimal mark
    if tok.rfind(",") > tok.rfind("."):
        head, _, tail = tok.rpartition(",")
        groups = head.split(".")
        sep_ok = "," not in head
    else:
        head, _, tail = tok.rpartition(".")
        groups = head.split(",")
        sep_ok = "." not in head
    if not sep_ok or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        return None
    return float("".join(groups) + "." + tail), None


class _Num:
    """Result of reading the tokens of a number phrase (class attributes are the defaults, so
    the hot path sets only what differs)."""

    value = 0.0
    n = 0
    ambiguous = False
    alt: float | None = None
    scale: str | None = None
    trailing = False
    words_only = True
    digits = False


def _read_tokens(toks: list[str], canon: dict[str, tuple[str, float]], ascii_mode: bool) -> _Num:
    """Read a run of digit tokens and number words; stops at the first token that does not fit."""
    res = _Num()
    total = 0.0
    max_scale = 0.0
    sec = 0.0
    pend: float | None = None
    last: str | None = None  # None, dig, unit, done, tens, teen, hundred, linh, scale
    lscale = 0.0
    trail_mult = 0.0
    alt_mult = None
    ntok = len(toks)
    scale_words: list[str] = []
    skip_to = 0
    for i, t in enumerate(toks):
        if i < skip_to:
            continue
        nxt = canon.get(toks[i + 1]) if i + 1 < ntok else None
        nxt_kind = nxt[0] if nxt else None
        if t[0].isdigit():
            d = _digits(t)
            if d is None:
                break
            v, alt = d
            if last is None:
                pend = v
                last = "dig"
                if alt is not None:
                    res.ambiguous = True
                    res.alt = alt
                    alt_mult = v
            elif last in ("scale", "hundred") and (
                (nxt_kind == "s" and canon[toks[i + 1]][1] < lscale)
                or (last == "scale" and nxt_kind in ("hundred", "tens", "chuc") and v < 10)
            ):
                pend = v  # "2 triệu 300 nghìn", "1 triệu 2 trăm nghìn"
                last = "unit" if nxt_kind != "s" else "dig"
            elif last == "scale" and t.isdigit() and len(t) <= 3:
                # "3 triệu 2" (3,2 triệu), "3 triệu 25", "2 nghìn 500": the digits continue the
                # figure below its scale word, as if after a decimal comma
                trail_mult = lscale / 10 ** len(t)
                pend = v
                last = "trail"
            else:
                break
            res.words_only = False
            res.digits = True
            res.n = i + 1
            continue
        k = canon.get(t)
        if k is None:
            break
        kind, v = k
        if kind == "muoi":  # ASCII "muoi": mươi after a digit word, mười otherwise
            kind = "tens" if last == "unit" else "teen"
            v = 0 if kind == "tens" else 10
        if kind == "u":
            if t in _AFTER_TENS_ONLY:
                bad = last not in ("tens", "teen") or (t == "mốt" and last == "teen")
            elif t in ("năm", "nam"):
                bad = last not in (None, "linh") and nxt_kind not in (
                    "tens",
                    "muoi",
                    "hundred",
                    "s",
                    "chuc",
                )
            else:
                bad = t in ("tư", "tu") and last not in ("tens", "scale", "hundred")
            if bad:
                break
            if last in ("tens", "teen", "linh"):
                sec += v
                last = "done"
            elif last in (None, "scale", "hundred"):
                if last is not None and nxt_kind not in ("tens", "muoi", "hundred", "s", "chuc"):
                    trail_mult = lscale / 10 if last == "scale" else 10.0
                    pend = v
                    last = "trail"
                else:
                    pend = v
                    last = "unit"
            else:
                break
        elif kind == "tens":
            if last != "unit" or pend is None:
                break
            sec += pend * 10
            pend = None
            last = "tens"
        elif kind == "teen":
            if last not in (None, "scale", "hundred", "linh"):
                break
            sec += 10
            last = "teen"
        elif kind == "chuc":
            if last not in ("unit", "dig") or pend is None:
                break
            sec += pend * 10
            pend = None
            last = "tens"
        elif kind == "hundred":
            if last not in ("unit", "dig") or pend is None:
                break
            sec += pend * 100
            pend = None
            last = "hundred"
        elif kind == "linh":
            if last != "hundred" or nxt_kind not in ("u",):
                break
            last = "linh"
        elif kind == "s":
            if t in ("ty", "ti") and ascii_mode and i + 1 < ntok and toks[i + 1] == "le":
                break
            grp = sec + (pend or 0.0)
            if grp == 0.0:
                if last == "scale" and v > lscale:  # "nghìn tỷ", "triệu tỷ"
                    total *= v
                    max_scale = max(max_scale, v)
                else:
                    break
            elif v > max_scale:
                total = (total + grp) * v
                max_scale = v
            elif v < lscale:
                total += grp * v
            else:
                break
            sec = 0.0
            pend = None
            lscale = v
            last = "scale"
            scale_words.append(t)
        elif kind == "zero":  # "chín nghìn không trăm linh hai" = 9.002
            if last != "scale" or nxt_kind != "hundred":
                break
            pend = 0.0
            last = "unit"
        elif kind == "comma":  # "mười hai phẩy tám" = 12,8: digits said one by one after it
            if last not in ("unit", "dig", "done", "tens", "teen", "hundred"):
                break
            frac, j = _decimal_digits(toks, i + 1, canon)
            if j == i + 1:
                break
            pend = sec + (pend or 0.0) + frac
            sec = 0.0
            last = "dec"
            res.n = j
            skip_to = j
            continue
        elif kind == "half":
            if last == "scale":
                total += lscale / 2
            elif last == "hundred":
                sec += 50
            else:
                break
            res.n = i + 1
            last = "done"
            break
        else:
            break
        res.n = i + 1
    if last == "trail" and pend is not None:
        total += pend * trail_mult
        res.trailing = True
        pend = None
    sec += pend or 0.0
    if sec >= 100 and lscale >= 1e6 and last in ("hundred", "done", "tens", "unit", "dig"):
        sec *= lscale / 1000  # "hai triệu ba trăm" = 2.3 million (the "nghìn" is left out)
    res.value = total + sec
    if res.alt is not None and alt_mult:
        res.alt = res.alt * (res.value / alt_mult)
    if scale_words:
        res.scale = " ".join(scale_words)
    return res


def _decimal_digits(toks: list[str], i: int, canon: dict) -> tuple[float, int]:
    """The decimal part said after "phẩy": one digit word or digit token per digit ("tám" →
    0.8, "không năm" → 0.05, "ba lăm" → 0.35); and the index of the first token after it."""
    digits = ""
    j = i
    while j < len(toks):
        t = toks[j]
        if t.isdigit():
            if digits:
                break
            digits = t
            j += 1
            break
        k = canon.get(t)
        if k is None or k[0] not in ("u", "zero") or (t in _AFTER_TENS_ONLY and not digits):
            break
        digits += str(int(k[1]))
        j += 1
    return (float("0." + digits) if digits else 0.0), j


#: `_read_tokens` of number-word phrases ("hai mươi mốt", "ba triệu rưỡi"), by ascii_mode then
#: phrase: a pure function of a phrase drawn from a small vocabulary, so each is read once. The
#: callers change the `_Num` they get, so each gets a copy. Cleared when it grows past 4,096.
_WORDS_READ: dict[bool, dict[str, _Num]] = {False: {}, True: {}}


def _read_phrase(text: str, ascii_mode: bool, toks: list[str] | None = None) -> _Num:
    """`toks`, when given, is `text.split()`."""
    if toks is None:
        toks = text.split()
    t0 = toks[0]
    if not t0[0].isdigit():  # number words
        memo = _WORDS_READ[ascii_mode]
        got = memo.get(text)
        if got is None:
            if len(memo) >= 4096:
                memo.clear()
            canon = _CANON_ASCII if ascii_mode else _CANON
            got = memo[text] = _read_tokens(toks, canon, ascii_mode)
        res = _Num()
        res.__dict__.update(got.__dict__)
        return res
    n = len(toks)
    glued = _GLUED_END.search(t0) if t0[-1] in _GLUED_LAST else None
    if glued is not None and t0[0].isdigit():  # "120k", "3tr"
        res = _Num()
        d = _digits(t0[: glued.start()])
        if d is None:
            return res
        res.value = d[0] * _GLUED_SCALES[glued.group()]
        res.scale = glued.group()
        res.n = 1
        res.words_only = False
        res.digits = True
        return res
    if t0.isdigit() and (n == 1 or (n == 2 and toks[1] in _SCALE_MULT)):
        res = _Num()
        if len(t0) > 18:
            return res  # too long to be a figure (see _LONG_NUMBER)
        if n == 1:
            res.value = float(t0)
        else:
            res.value = float(t0) * _SCALE_MULT[toks[1]]
            res.scale = toks[1]
        res.n = n
        res.words_only = False
        res.digits = True
        return res
    # fast path: digits, then only rising scale words ("86 triệu", "12,9 nghìn tỷ")
    if t0[0].isdigit() and (n == 1 or (n <= 3 and all(t in _SCALE_MULT for t in toks[1:]))):
        d = _digits(t0)
        res = _Num()
        if d is None:
            return res
        mult = 1.0
        prev = 0.0
        for t in toks[1:]:
            v = _SCALE_MULT[t]
            if v <= prev:
                return _read_tokens(toks, _CANON_ASCII if ascii_mode else _CANON, ascii_mode)
            mult *= v
            prev = v
        res.value = d[0] * mult
        if d[1] is not None:
            res.alt = d[1] * mult
            res.ambiguous = True
        res.n = n
        res.words_only = False
        res.digits = True
        if n > 1:
            res.scale = " ".join(toks[1:])
        return res
    return _read_tokens(toks, _CANON_ASCII if ascii_mode else _CANON, ascii_mode)


def _tok_end(phrase: str, n: int) -> int:
    """Offset in `phrase` just after its n-th whitespace-separated token."""
    pos = 0
    for _ in range(n):
        while phrase[pos].isspace():
            pos += 1
        while pos < len(phrase) and not phrase[pos].isspace():
            pos += 1
    return pos


# --------------------------------------------------------------------------------------------
# Scanning.


class _Ctx:
    __slots__ = (
        "ascii",
        "left",
        "nua",
        "phrase",
        "prefix",
        "scan",
        "slash",
        "suffix",
        "unit",
    )

    def __init__(self, ascii_mode: bool) -> None:
        self.ascii = ascii_mode
        if ascii_mode:
            self.phrase = _PHRASE_ASCII
            self.unit = _UNIT_ASCII
            self.slash = _SLASH_ASCII
            self.suffix = _SUFFIX_ASCII
            self.nua = _NUA_ASCII
            self.left = _LEFT_ASCII
            self.scan = _SCAN_ASCII
        else:
            self.phrase = _PHRASE_STRICT
            self.unit = _UNIT_STRICT
            self.slash = _SLASH_STRICT
            self.suffix = _SUFFIX_STRICT
            self.nua = _NUA_STRICT
            self.left = _LEFT_STRICT
            self.scan = _SCAN_STRICT
        self.prefix: dict[str, tuple[str | None, int, bool, bool, None]] = {}


def _rev_alt(keys) -> str:
    """Alternation of the keys written backwards (words reversed, letters reversed)."""
    return _trie({" ".join(w[::-1] for w in reversed(k.split())) for k in keys})


def _left_src(skip, doc_so, quals, changes, so: str) -> str:
    return (
        _SP
        + r"(?:(?P<skip>"
        + _rev_alt(skip)
        + r")(?!\w)|"
        + so
        + _SP
        + r"(?P<doc>"
        + _rev_alt(doc_so)
        + r")(?!\w)|(?P<q>"
        + _rev_alt(quals)
        + r")(?!\w)(?:"
        + _SP
        + r"(?P<c>"
        + _rev_alt(changes)
        + r")(?!\w))?|(?P<c2>"
        + _rev_alt(changes)
        + r")(?!\w))"
    )


_LEFT_STRICT = re.compile(
    _left_src(_SKIP_BEFORE, _DOC_BEFORE_SO, [*_QUAL_WORDS, *_LEVEL_KEYS], _CHANGE_TRUE, "ốs")
)
_LEFT_ASCII = re.compile(
    _left_src(
        _SKIP_ASCII,
        _DOC_SO_ASCII,
        [*_QUAL_ASCII, *(fold(k) for k in _LEVEL_KEYS)],
        [fold(k) for k in _CHANGE_TRUE],
        "os",
    )
)
_LEFT_Q_STRICT = re.compile(
    _SP
    + "(?P<q>"
    + _rev_alt(_QUAL_WORDS)
    + r")(?!\w)(?:"
    + _SP
    + "(?P<c>"
    + _rev_alt(_CHANGE_TRUE)
    + r")(?!\w))?"
)
_LEFT_Q_ASCII = re.compile(
    _SP
    + "(?P<q>"
    + _rev_alt(_QUAL_ASCII)
    + r")(?!\w)(?:"
    + _SP
    + "(?P<c>"
    + _rev_alt(_folded(_CHANGE_TRUE))
    + r")(?!\w))?"
)
_QUAL_ALL = {**_QUAL_WORDS, **_QUAL_ASCII}
for _k in _LEVEL_KEYS:
    _QUAL_ALL[_k] = _QUAL_ALL[fold(_k)] = "level"
_QUAL_REV = {k[::-1]: v for k, v in _QUAL_ALL.items()}


_CTX_STRICT = _Ctx(False)
_CTX_ASCII = _Ctx(True)


def _left_tails(ascii_mode: bool) -> frozenset[str]:
    """The last two letters of every word or phrase `_left`'s pattern reads before a number
    (skip words, "… số", qualifiers, levels, change words): the text before the blank ahead of a
    number ends with one of them, or the pattern cannot match there."""
    if ascii_mode:
        keys = [*_SKIP_ASCII, "so", *_QUAL_ASCII, *(fold(k) for k in (*_LEVEL_KEYS, *_CHANGE_TRUE))]
    else:
        keys = [*_SKIP_BEFORE, "số", *_QUAL_WORDS, *_LEVEL_KEYS, *_CHANGE_TRUE]
    tails = frozenset(k[-2:] for k in keys)
    # a blank in a key's last two letters could be written as several blanks in the text
    if any(len(t) < 2 or t[0] in _BLANKS or t[1] in _BLANKS for t in tails):
        raise ValueError("numbers.yaml: a word read before numbers ends in a one-letter word")
    return tails


_BLANKS = frozenset(" \t\u00a0")
_LEFT_TAILS = {False: _left_tails(False), True: _left_tails(True)}


def _left(low: str, start: int, ctx: _Ctx) -> tuple[str | None, int, bool, bool, None]:
    """Qualifier, qualifier start, is_change, skip? — read backwards from the number with one
    anchored match of a reversed pattern over the reversed text."""
    if start == 0:
        return None, start, False, False, None
    last_char = low[start - 1]
    sym = last_char if last_char in _SYMBOL_QUALS else None
    if sym is None and start >= 2 and last_char == " " and low[start - 2] in _SYMBOL_QUALS:
        sym = low[start - 2]
    if sym is not None:  # "~5 triệu", "> 90%", "≥ 80%"
        return _SYMBOL_QUALS[sym], start - (1 if last_char == sym else 2), False, False, None
    if not last_char.isspace():
        if last_char in "-/.," and start >= 2 and low[start - 2].isalnum():
            return None, start, False, True, None  # COVID-19, 06/…, part of a code
        if last_char == "$":
            return "usd", start - 1, False, False, None
        if last_char.isalpha():
            return None, start, False, True, None
        return None, start, False, False, None
    if low[start - 3 : start - 1] not in _LEFT_TAILS[ctx.ascii] and low[start - 2] not in _BLANKS:
        return None, start, False, False, None  # no word of the pattern ends right there
    rev = low[start - 1 :: -1] if start <= 48 else low[start - 1 : start - 49 : -1]
    m = ctx.left.match(rev)
    if m is None:
        return None, start, False, False, None
    kind = m.lastgroup
    if kind == "skip":  # unless a longer qualifier ends with the skip word ("vượt mức 20%")
        mq = (_LEFT_Q_ASCII if ctx.ascii else _LEFT_Q_STRICT).match(rev)
        if mq is not None and mq.end() > m.end():
            m, kind = mq, "q"
    if kind in ("skip", "doc"):
        return None, start, False, True, None
    if kind == "c2":
        return None, start, True, False, None
    qtxt = m.group("q")
    qual = _QUAL_REV.get(qtxt)
    if qual is None:  # blanks other than one space between the words
        qual = _QUAL_ALL.get(" ".join(qtxt[::-1].split()))
    qstart = start - m.end("q")
    if qual == "level":
        return "exact", qstart, False, False, None
    return qual, qstart, m.group("c") is not None, False, None


def _fill_prefixes(ctx: _Ctx) -> None:
    """What `_left` says about each short text that is only a qualifier and/or a change word
    ("hơn ", "tăng hơn ", "gần như "): the usual start of a short phrase. `_fast` looks the text
    before the number up here instead of matching backwards; the entries are `_left`'s own
    answers, so the result is the same."""
    quals = [*_QUAL_WORDS, *_LEVEL_KEYS]
    words = [*quals, *_CHANGE_TRUE, *(c + " " + q for c in _CHANGE_TRUE for q in quals)]
    if ctx.ascii:
        words = [fold(w) for w in words]
    ctx.prefix[""] = _left("1", 0, ctx)
    for w in words:
        ctx.prefix[w + " "] = _left(w + " 1", len(w) + 1, ctx)


_fill_prefixes(_CTX_STRICT)
_fill_prefixes(_CTX_ASCII)


def _before_word(low: str, start: int) -> str | None:
    words = low[max(0, start - 16) : start].split()
    return words[-1].strip(_PUNCT_STRIP) if words else None


def _is_list_number(low: str, start: int, end: int) -> bool:
    """ "1." / "2)" at the start of a line, or "(1)" anywhere."""
    nxt = low[end : end + 2]
    if nxt[:1] == ")" and (start == 0 or low[start - 1] in "(\n \t"):
        return True
    if nxt[:1] == "." and (len(nxt) < 2 or nxt[1] in " \t\n"):
        line_start = low.rfind("\n", 0, start) + 1
        return not low[line_start:start].strip()
    return False


def _is_date_pair(a: float, b: float) -> bool:
    return 1 <= a <= 31 and 1 <= b <= 12 and a == int(a) and b == int(b)


#: Words right before "d/m" that make it a date, not a ratio ("ngày 10/5", "đến 21/12").
#: `dates` reads the same list, give or take the words noted there.
DATE_CUES = frozenset(VOCAB["date_cues"])
_DATE_CUES = DATE_CUES
_DATE_CUES_ASCII = frozenset(_folded(DATE_CUES))


#: An integer part of 19 or more digits (plain, dot- or comma-grouped): no reported figure is that
#: long, and it is past what a float holds exactly (or at all), so such a run is skipped whole.
#: Long decimal parts ("0,000000000000000000227") are not affected.
#: A time of day ("10:15", "08:30:05") and a zone offset glued to letters ("GMT+7", "UTC+07:00"):
#: a byline's, never a figure.
_CLOCK = re.compile(r"(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?(?!\d|[.,:]\d)")
_OFFSET = re.compile(r"\d{1,2}(?::\d{2})?(?!\d)")


def _clock_or_offset(low: str, start: int) -> int:
    """Where a time of day or a zone offset starting at `start` ends, else 0."""
    if start >= 2 and low[start - 1] == "+" and low[start - 2].isalpha():
        m = _OFFSET.match(low, start)
    elif not (start and low[start - 1] in ":,." and low[start - 2 : start - 1].isdigit()):
        m = _CLOCK.match(low, start)
    else:
        m = None
    return m.end() if m is not None else 0


_LONG_NUMBER = re.compile(r"(?<![\d,])\d(?:\.?\d){18,}|(?<![\d,.])\d{1,3}(?:,\d{3}){6,}")


def _scan(
    text: str, limit: int = 0, english: bool = False, keep: list | None = None
) -> list[Quantity]:
    """The figures of `text` (the first `limit` of them, or all); `keep`, when given, receives
    the prepared text (nfc, offsets, low, ctx) for `_rejected`."""
    if text.isascii():  # the usual cases of normalize() and _lower(), inlined
        nfc, offsets, low = text, None, text.lower()
        ctx = _CTX_ASCII
    else:
        if _is_normalized("NFC", text):
            nfc, offsets = text, None
        else:
            nfc, offsets = normalize(text)
        low = nfc.lower()
        if len(low) != len(nfc):
            low = _lower(nfc)
        ctx = _CTX_STRICT if DIACRITIC.search(low) is not None else _CTX_ASCII  # has_diacritics
    if english:  # "617,000,000", "41.6%": swap the marks, then read the Vietnamese way
        low = _EN_MARK.sub(_swap_mark, low)
    if keep is not None:
        keep += (nfc, offsets, low, ctx)
    out: list[Quantity] = []
    pos = 0
    search = ctx.scan.search
    while (m := search(low, pos)) is not None:
        start, end = m.span()
        if low[end : end + 1] == ":" or (start and low[start - 1] == "+"):
            skip = _clock_or_offset(low, start)
            if skip:
                pos = skip
                continue
        if end - start > 18 and (m.lastindex is None or not _FAST_SHORT):
            # only a long match can hold a too-long number (and the common shape cannot)
            run = _LONG_NUMBER.search(low, start, end)
            if run is not None:
                whole = _LONG_NUMBER.match(low, run.start())
                pos = max(whole.end() if whole else run.end(), start + 1)
                continue
        if m.lastindex is not None:  # the common shape (see _scan_src)
            q = _fast(low, start, m, ctx, text, offsets)
            if q is not None:
                if q.__class__ is int:  # not a figure: go on from there
                    pos = q  # type: ignore[assignment]
                    continue
                if start and (
                    low[start - 1] in _SIGN
                    or (low[start - 1] == " " and start >= 2 and low[start - 2] == "m")
                ):
                    q = _signed(q, low, start, ctx, text, offsets)  # type: ignore[arg-type]
                out.append(q)  # type: ignore[arg-type]
                if len(out) == limit:
                    return out
                pos = end
                continue
            end = m.end(4)
            q = _at(low, start, low[start:end], ctx, text, offsets, nfc)
        else:  # a number phrase for the general reader
            if low[end : end + 1] in _SLASH_FIRST and low[start:end].isdigit():
                # "5/3/2024", "06/QĐ-TTg": a date or a document number, whatever precedes it
                # (what _at decides for a lone digit token, without reading the token)
                sm = ctx.slash.match(low, end)
                if sm is not None and (
                    sm.lastgroup in ("dmy", "my")
                    or (sm.lastgroup == "doc" and _is_doc_suffix(nfc, low, sm))
                ):
                    pos = sm.end()
                    continue
            q = _at(low, start, m.group(), ctx, text, offsets, nfc)
        if q.__class__ is int:
            pos = q if q > start else end  # type: ignore[operator]
            continue
        quant, pos = q  # type: ignore[misc]
        if quant is not None:
            # a minus glued to the figure, or "âm " before it (see _signed)
            if start and (low[start - 1] in _SIGN or low[start - 2 : start] == "m "):
                quant = _signed(quant, low, start, ctx, text, offsets)
            out.append(quant)
            if len(out) == limit:
                return out
    if limit == 0 or len(out) < limit:
        _scan_nua(low, ctx, text, offsets, out)
    return out


#: The common shape (see `_scan_src`) holds at most 15 whole digits and 12 decimals, split by a
#: comma, and its scale and unit words no digit: never a too-long number (see `_LONG_NUMBER`).
_FAST_SHORT = not any(
    c.isdigit()
    for w in (
        *(w for ws in VOCAB["units"].values() for w in ws),
        *VOCAB["scaled_unit_abbreviations"],
        *_SCALES,
    )
    for c in w
)

_EN_MARK = re.compile(r"(?<=\d)[.,](?=\d)")


def _swap_mark(m: re.Match) -> str:
    return "," if m.group() == "." else "."


#: A minus sign glued to a figure ("-3,1%", "−2"); "âm 2,5%" is looked for after "m ".
_SIGN = frozenset(("-", "\u2212"))


def _signed(
    q: Quantity, low: str, start: int, ctx: _Ctx, text: str, offsets: list[int] | None
) -> Quantity:
    """`q` read as negative when a minus sign is glued to it ("-3,1%", "(−2)"; not "2020-2025",
    "COVID-19", nor a "-" bullet opening a line of a longer text) or the word "âm" precedes it
    ("tăng trưởng âm 2,5%"); the qualifier and change word before the sign still count."""
    if q.high is not None or q.qualifier != "exact" or q.value == 0:
        return q
    c = low[start - 1]
    if c == " ":
        if start < 3:
            return q
        w = low[max(0, start - 4) : start - 1]
        word = w[-2:] if len(w) < 3 or not w[0].isalnum() else ""
        if word not in _NEGATIVE_WORDS[ctx.ascii]:
            return q
        sign = start - 3
    else:
        sign = start - 1
        if sign and low[sign - 1] not in _BEFORE_SIGN:
            return q  # "2020-2025", "COVID-19", "5%-6": a range or a code, not a sign
        line = low.rfind("\n", 0, sign) + 1
        if c == "-" and "\n" in low and not low[line:sign].strip():
            return q  # a list bullet
    s0 = offsets[start] if offsets is not None else start
    if q.span[0] != s0:
        return q
    qual, qstart, change, skip, _ = _left(low, sign, ctx)
    if skip:
        return q
    if qual in (None, "from", "usd"):
        qual = "exact"
    value = -q.value
    lo, up = _BOUNDS[qual]
    s = qstart if qual != "exact" else sign
    if offsets is not None:
        s = offsets[s]
    e = q.span[1]
    return _new_quantity(
        value,
        None,
        qual,
        value if lo else None,
        value if up else None,
        q.unit,
        q.denominator,
        q.ambiguous,
        tuple(-a for a in q.alternatives),
        text[s:e],
        (s, e),
        q.is_change or change,
        q.scale_word,
    )


_BEFORE_SIGN = frozenset(" \t\u00a0\n([:;=")


def _finish(q: Quantity, text: str, s: int, e: int) -> Quantity:
    return Quantity(
        value=q.value,
        high=q.high,
        qualifier=q.qualifier,
        lower=q.lower,
        upper=q.upper,
        unit=q.unit,
        denominator=q.denominator,
        ambiguous=q.ambiguous,
        alternatives=q.alternatives,
        text=text[s:e],
        span=(s, e),
        is_change=q.is_change,
        scale_word=q.scale_word,
    )


def _scan_nua(low: str, ctx: _Ctx, text: str, offsets: list[int] | None, out: list) -> None:
    """ "một nửa" / "nửa" (1 of 2; not a period like "nửa đầu năm"); "gấp đôi"/"gấp rưỡi"
    (2 and 1.5 times)."""
    if not any(w in low for w in _NUA_FIRST_WORDS) and not (
        ctx.ascii and any(fold(w) in low for w in _NUA_FIRST_WORDS)
    ):
        return
    for m in ctx.nua.finditer(low):
        gap = m.group("gap")
        qual, qstart, change, skip, _ = _left(low, m.start(), ctx)
        if skip:
            continue
        if gap is None:
            tail = fold(low[m.end() : m.end() + 12]).lstrip()
            if tail.startswith(_HALF_NOT_BEFORE):
                continue
            if not low.startswith(_HALF_LEAD, m.start()) and qual is None:
                continue
        if qual in (None, "from", "usd"):
            qual = "exact"
        value = 1.0 if gap is None else _MULTIPLES[" ".join(gap.split())]
        lo, up = _BOUNDS.get(qual, (False, False))
        q = Quantity(
            value=value,
            qualifier=qual,
            lower=value if lo else None,
            upper=value if up else None,
            unit="count" if gap is None else "times",
            denominator=2.0 if gap is None else None,
            is_change=change,
        )
        s, e = (qstart if qual != "exact" else m.start()), m.end()
        if offsets is not None:
            s, e = offsets[s], offsets[e]
        out.append(_finish(q, text, s, e))
        out.sort(key=lambda x: x.span)


def _is_doc_suffix(nfc: str, low: str, sm: re.Match) -> bool:
    """Is "/…" after a number a document code ("/QĐ-TTg", "/2022/NĐ-CP") rather than "/ngày"?"""
    i = sm.end() - 1
    if nfc[i].isupper():
        return True
    word = low[i : i + 12].split(None, 1)[0] if low[i : i + 12].strip() else ""
    return "-" in word or word.rstrip(".,;:)") in _DOC_CODES


_SCALE_SEQ = {w: v for w, v in _SCALE_MULT.items()}  # scale words → multiplier, as _read_phrase
_SCALE_SEQ.update(
    {
        w1 + " " + w2: 1.0 * v1 * v2
        for w1, v1 in _SCALE_MULT.items()
        for w2, v2 in _SCALE_MULT.items()
        if v2 > v1
    }
)
_FAST_UNIT: dict[str | None, str | None] = {**_UNIT_OF, "ns": "count"}
_PERCENT_UNITS = frozenset(("percent", "percentage_point"))


def _recipe(qual: str | None, group: str) -> tuple | None:
    """What `_fast` does after the value for a qualifier read on the left (`_left`'s answer,
    "usd" and "from" included) and the scanner's unit group: (unit, unit scale or None, percent?,
    qualifier, lower?, upper?, span from the qualifier?, "from"?); None for a duration. The
    answers depend on these two only, so each pair is worked out once (`_RECIPES`)."""
    unit = _FAST_UNIT[group]
    if unit is None:
        return None  # a duration: "2 năm", "6 tháng"
    usd_prefix = is_from = False
    if qual == "usd":  # "$5"
        unit = "usd"
        qual = None
        usd_prefix = True
    elif qual == "from":
        is_from = True  # "từ 10 lên 15 triệu" goes to the general reader (see `_fast`)
        qual = None
    if qual is None:
        qualifier, lo, up = "exact", False, False
    else:
        qualifier = qual
        lo, up = _BOUNDS[qual]
    return (
        unit,
        _UNIT_SCALE.get(group),
        unit in _PERCENT_UNITS,
        qualifier,
        lo,
        up,
        qual is not None or usd_prefix,
        is_from,
    )


#: `_recipe` of each (qualifier, unit group) pair met so far (a few hundred at most).
_RECIPES: dict[tuple[str | None, str], tuple | None] = {}


def _fast(
    low: str, start: int, m: re.Match, ctx: _Ctx, text: str, offsets: list[int] | None
) -> Quantity | int | None:
    """`_at` for the common shape read by the scanner's first alternative (see `_scan_src`),
    with the same result, in fewer steps: the figure (which ends where the match ends), or the
    position to go on from when the match is no figure; None when the general reader must
    decide after all (a bare year followed by a unit, falling scale words)."""
    nt, fr, sc = m.group(1, 2, 3)
    if sc is not None:
        mult = _SCALE_SEQ.get(sc)
        if mult is None:
            return None
    # the value, as _read_phrase and _digits compute it (at most 15 digits: exact in a float)
    alt = None
    if fr is None:
        if "." in nt:
            value = float(nt.replace(".", ""))
        else:
            value = float(nt)
            if len(nt) >= 4:
                if sc is None and len(nt) == 4 and 1900 <= value <= 2100:
                    # A bare year. With no unit after it (or a duration), `_at` turns it away
                    # whatever precedes it: the scanner's lookaheads have ruled out everything
                    # `_at` reads on the right before that (a slash, a fraction, a range), so
                    # its answer is known here. A year with a unit ("2025 đồng") goes to `_at`.
                    if m.lastgroup == "ns" or _FAST_UNIT[m.lastgroup] is None:
                        return m.end(4)
                    return None
                if nt[0] == "0" or (len(nt) >= 8 and nt.startswith(("1900", "1800"))):
                    return m.end(4)  # a phone number (also what a skip word gives)
    elif "." in nt:
        value = float(nt.replace(".", "") + "." + fr)
    else:
        value = float(nt + "." + fr)
        if len(fr) == 3 and len(nt) <= 3 and nt != "0":
            alt = float(int(nt + fr))  # "1,500": 1.5, or 1500 in English format
    if sc is not None:
        value *= mult
        if alt is not None:
            alt *= mult
    if start:
        left = ctx.prefix.get(low[:start]) if start < 24 else None  # "hơn ", "gần "…
        qual, qstart, change, skip, _ = left if left is not None else _left(low, start, ctx)
        if skip:
            return m.end(4)
    else:
        qual, qstart, change = None, 0, False
    end = m.end()
    group = m.lastgroup
    key = (qual, group)
    recipe = _RECIPES.get(key, _RECIPES)
    if recipe is _RECIPES:
        recipe = _RECIPES[key] = _recipe(qual, group)
    if recipe is None:
        return end  # a duration: "2 năm", "6 tháng"
    unit, unit_scale, percent, qualifier, lo, up, s_at_q, is_from = recipe
    if unit_scale is not None:  # "35 trđ": a scale inside the unit word
        if sc is not None:
            return None
        mult, sc = unit_scale
        value *= mult
        if alt is not None:
            alt *= mult
    if is_from and _TO_LEVEL.match(low, end):
        return None  # "từ 10 lên 15 triệu": the general reader carries the scale back
    if percent:
        value = round(value / 100.0, 12)  # 14,02% → 0.1402 without float noise
        if alt is not None:
            alt = alt / 100.0
    elif fr is not None and sc is not None and value >= 1000.0 and value != int(value):
        value = _tidy(value)  # 12,9 × 10^12 → 12900000000000.0 exactly (whole × scale is whole)
    if low.find(_SUFFIX_HINT, end, end + 48) >= 0:  # "… trở lên", "… trở xuống"
        sfx = ctx.suffix.match(low, end)
        if sfx is not None:
            qualifier = _SUFFIX_WORDS[" ".join(sfx.group("suf").split())]
            lo, up = _BOUNDS[qualifier]
            s_at_q = True
    s = qstart if s_at_q else start
    e = end
    if offsets is not None:
        s, e = offsets[s], offsets[e]
    # `_new_quantity`'s stores written out: no call of its __init__ on this path
    q = _new_object(_QuantityBuilder)
    q.value = value
    q.high = None
    q.qualifier = qualifier
    q.lower = value if lo else None
    q.upper = value if up else None
    q.unit = unit
    q.denominator = None
    if alt is None:
        q.ambiguous = False
        q.alternatives = ()
    else:
        q.ambiguous = True
        q.alternatives = (alt,)
    q.text = text[s:e]
    q.span = (s, e)
    q.is_change = change
    q.scale_word = sc
    q.__class__ = Quantity
    return q  # type: ignore[return-value]


def _at(
    low: str, start: int, phrase: str, ctx: _Ctx, text: str, offsets: list[int] | None, nfc: str
) -> tuple[Quantity | None, int] | int:
    """Read the number `phrase` found at `start` with its context. Returns (quantity|None, next
    position) or, when nothing was read, the position to resume the scan from."""
    toks = phrase.split()
    if len(toks) > 1 and toks[1][0].isdigit() and toks[0][0].isdigit():
        # "86 000 000" (space-grouped thousands) or a phone number "0243 123 4567"
        sg = _SPACE_GROUP.match(phrase)
        if sg is None or phrase[0] == "0":
            run = _DIGIT_RUN.match(low, start)
            return None, run.end() if run else start + len(toks[0])
        phrase = sg.group().translate(_GROUP_MARKS) + phrase[sg.end() :]
        toks = phrase.split()
    num = _read_phrase(phrase, ctx.ascii, toks)
    if num.n == 0:
        return start + len(toks[0])
    end = start + (len(phrase) if num.n == len(toks) else _tok_end(phrase, num.n))
    # a lone word that is mostly not a number: "một" (a/one), "năm" (year), "ba"/"sáu" in ASCII
    if num.words_only and num.n == 1:
        w = toks[0]
        sm = ctx.slash.match(low, end)
        if (ctx.ascii or w in ("một", "tư", "năm", "mốt", "lăm", "nhăm")) and (
            sm is None or sm.lastgroup != "denp"
        ):
            um = ctx.unit.match(low, end)  # "năm phần trăm", "năm lần" are still figures
            ok = um is not None and (
                _UNIT_OF[um.lastgroup] in _PERCENT_UNITS
                or (_UNIT_OF[um.lastgroup] == "times" and w in ("năm", "nam"))
            )
            if not ok or w in ("tư", "mốt"):
                return end  # but "năm phần trăm", "năm lần" are figures ("một lần nữa" is not)
    left = ctx.prefix.get(low[:start]) if start < 24 else None  # "hơn ", "gần "…
    qual, qstart, change, skip, _ = left if left is not None else _left(low, start, ctx)
    # right context: dates, documents, fractions (only looked at when the next char allows it)
    nxt = low[end : end + 2]
    c1 = nxt[:1]
    sm = None
    if c1 in _SLASH_FIRST or (c1 in _SPACES and nxt[1:2] in _SLASH_SECOND):
        sm = ctx.slash.match(low, end)
    denominator = None
    if sm is not None:
        kind = sm.lastgroup
        if kind == "doc" and not _is_doc_suffix(nfc, low, sm):
            sm = None  # "12 triệu/ngày", "5 tỷ đồng/năm": a rate, not a document number
        elif kind in ("dmy", "doc", "my"):
            return None, sm.end()
        elif (kind == "denws" or (kind == "den" and " " in sm.group(kind))) and not (
            num.scale is not None and 0 < num.value <= _read_phrase(sm.group(kind), ctx.ascii).value
        ):
            sm = None  # "trên 100 triệu" is a whole of a figure with a scale ("86 triệu trên …")
    if sm is not None:
        kind = sm.lastgroup
        den_txt = sm.group(kind)
        if kind == "denp":
            den = float(_PART_WORDS.get(den_txt) or int(den_txt))
        elif kind == "denws" or " " in den_txt:  # "… trên 100 triệu", "86 triệu/100 triệu"
            den = _read_phrase(den_txt, ctx.ascii).value
        else:
            parsed_den = _digits(den_txt)
            if parsed_den is None or parsed_den[0] == 0:
                return None, sm.end()  # "0/0", "1/99999999999999999999": not a ratio
            den = parsed_den[0]
        if kind == "den" and not num.words_only:
            a = num.value
            date_like = _is_date_pair(a, den) and num.scale is None
            if date_like:
                nxt = low[sm.end() : sm.end() + 2]
                cue = _before_word(low, start) in (_DATE_CUES_ASCII if ctx.ascii else _DATE_CUES)
                wordy = nxt[:1] == " " and nxt[1:2].isalpha()
                alone = len(low) < 48 and not low[:start].strip() and not low[sm.end() :].strip()
                if cue or a > den or (not wordy and not alone and qual in (None, "from", "exact")):
                    return None, sm.end()  # a date: "ngày 10/5", "21/12", "hạn 1/7."
            if a > den:
                return None, sm.end()
        if kind == "denw" and num.value > den:
            sm = None  # "50 trên 40 tỉnh": no part is larger than its whole
    if sm is not None:
        if skip:
            return None, sm.end()
        denominator = den
        end = sm.end()
    if skip:
        return None, end
    # bare years and year ranges; phone numbers; list numbering
    tok0 = toks[0]
    plain = tok0.isdigit()
    if plain and (
        (len(tok0) >= 4 and tok0[0] == "0")
        or (len(tok0) >= 8 and tok0.startswith(("1900", "1800")))
    ):
        return None, end
    if num.n == 1 and plain and c1 in ".)" and _is_list_number(low, start, end):
        return None, end + 1
    value = num.value
    high = None
    rng = None
    if denominator is None and (
        c1 in _RANGE_FIRST or (c1 in _SPACES and nxt[1:2] in _RANGE_SECOND)
    ):
        rng = _RANGE_RE.match(low, end)
    if rng is not None:
        m2 = ctx.phrase.match(low, rng.end())
        if m2 is not None:
            num2 = _read_phrase(m2.group(), ctx.ascii)
            if num2.n:
                ph2 = m2.group()
                end2 = rng.end() + (
                    len(ph2) if num2.n == len(ph2.split()) else _tok_end(ph2, num2.n)
                )
                sep = low[end : rng.end()].strip()
                v1, v2 = value, num2.value
                if num.scale is None and num2.scale is not None and num2.value:
                    mult = _scale_value(num2.scale)
                    v1 = value * mult
                plain2 = ph2.split(None, 1)[0].isdigit()
                is_year = plain and plain2 and 1900 <= value <= 2100 and 1900 <= v2 <= 2100
                if is_year:
                    return None, end2
                date_like = (
                    sep in ("-", "–", "—")
                    and " " not in low[end : rng.end()]
                    and plain
                    and plain2
                    and _is_date_pair(value, v2)
                    and num2.n == 1
                )
                if date_like:
                    cue = _before_word(low, start) in (
                        _DATE_CUES_ASCII if ctx.ascii else _DATE_CUES
                    )
                    nm = ctx.unit.match(low, end2)
                    wordy = low[end2 : end2 + 1] == " " and low[end2 + 1 : end2 + 2].isalpha()
                    if cue or (nm is None and qual is None and (value > v2 or not wordy)):
                        return None, end2
                    date_like = False
                if v2 >= v1 and not date_like:
                    value, high = v1, v2
                    end = end2
                    if num2.ambiguous:
                        num.ambiguous = True
                    num = _merge_scale(num, num2)
    if qual == "from" and high is None and denominator is None:
        to = _level_after(low, end, ctx)  # "(tăng) từ 10 lên 15 triệu": 10 triệu, the old level
        if to is not None:
            change = False  # where it rose from, not by how much
            if num.scale is None and to.scale is not None:
                value *= _scale_value(to.scale)
                num.scale = to.scale
    bare_year = len(tok0) == 4 and plain and num.n == 1 and 1900 <= value <= 2100
    if bare_year and high is None and denominator is None:
        um = ctx.unit.match(low, end)
        if um is None or _UNIT_OF[um.lastgroup] is None:
            return None, end
    # unit
    unit = "count"
    unit_mult = 1.0  # a unit that carries a scale ("trđ" = triệu đồng)
    um = ctx.unit.match(low, end)
    if um is not None:
        g = _UNIT_OF[um.lastgroup]
        if g is None:
            return None, um.end()  # a duration: "2 năm", "6 tháng"
        unit = g
        end = um.end()
        if um.lastgroup in _UNIT_SCALE and num.scale is None:  # "35 trđ"
            mult, num.scale = _UNIT_SCALE[um.lastgroup]
            unit_mult = mult
            value *= mult
            if high is not None:
                high *= mult
        c2 = low[end : end + 2]
        if (
            high is None
            and denominator is None
            and (c2[:1] in _RANGE_FIRST or (c2[:1] in _SPACES and c2[1:] in _RANGE_SECOND))
        ):
            # "20% đến 30%", "5 triệu USD - 7 triệu USD": the range separator follows the unit
            r2 = _range_after_unit(low, end, ctx, value, unit)
            if r2 is not None:
                high, end = r2
    elif num.trailing:
        # "3 triệu 2" only when nothing but punctuation follows the trailing digit
        after = low[end : end + 2].lstrip()
        if after[:1].isalnum():
            num = _read_tokens(phrase.split()[: num.n - 1], _canon(ctx), ctx.ascii)
            end = start + _tok_end(phrase, num.n)
            value = num.value
            um = ctx.unit.match(low, end)
            if um is not None and _UNIT_OF[um.lastgroup] is not None:
                unit = _UNIT_OF[um.lastgroup]  # type: ignore[assignment]
                end = um.end()
    elif low[end : end + 1].isalpha():
        return None, end  # glued letters: 5G, 3D, 19h…
    usd_prefix = qual == "usd"
    if usd_prefix:
        unit = "usd"
        qual = None
    if unit in ("percent", "percentage_point"):
        value = round(value / 100.0, 12)  # 14,02% → 0.1402 without float noise
        if high is not None:
            high = round(high / 100.0, 12)
    elif num.scale is not None and value >= 1000.0 and value != int(value):
        value = _tidy(value)  # 12,9 × 10^12 → 12900000000000.0 exactly
        if high is not None:
            high = _tidy(high)
    if qual == "from":
        qual = "range" if high is not None else None
    alternatives: tuple[float, ...] = ()
    if num.ambiguous and num.alt is not None:  # the other reading, scaled alike ("1,100 trđ")
        alt = num.alt / 100.0 if unit in ("percent", "percentage_point") else num.alt * unit_mult
        alternatives = (alt,)
    # "… trở lên" / "trở xuống"
    sfx = None
    if high is None and low.find(_SUFFIX_HINT, end, end + 48) >= 0:
        sfx = ctx.suffix.match(low, end)
    if sfx is not None:
        qual = _SUFFIX_WORDS[" ".join(sfx.group("suf").split())]
    if high is not None:
        qualifier = "range"
        lower, upper = value, high
    else:
        qualifier = qual or "exact"
        if qualifier == "range":
            qualifier = "exact"
        lo, up = _BOUNDS[qualifier]
        lower = value if lo else None
        upper = value if up else None
    s = qstart if qual is not None or usd_prefix else start
    e = end
    if offsets is not None:
        s, e = offsets[s], offsets[e]
    q = _new_quantity(
        value,
        high,
        qualifier,
        lower,
        upper,
        unit,
        denominator,
        num.ambiguous,
        alternatives,
        text[s:e],
        (s, e),
        bool(change),
        num.scale,
    )
    return q, end


_TO_LEVEL = re.compile(  # "… lên", "… (tháng 1) lên", "… xuống còn"
    r"(?:[ \t\u00a0]*\([^()\n]{1,40}\))?[ \t\u00a0]+(?:"
    + _alt(_with_folded(VOCAB["level_links"]))
    + r")[ \t\u00a0]+(?=\d|\w)"
)


def _number_after(low: str, end: int, ctx: _Ctx, link: re.Pattern) -> tuple[_Num, int] | None:
    """The number read after `link` (a range or change word) at `end`, and where it ends."""
    lk = link.match(low, end)
    if lk is None:
        return None
    m2 = ctx.phrase.match(low, lk.end())
    if m2 is None:
        return None
    ph2 = m2.group()
    num2 = _read_phrase(ph2, ctx.ascii)
    if not num2.n:
        return None
    return num2, lk.end() + (len(ph2) if num2.n == len(ph2.split()) else _tok_end(ph2, num2.n))


def _level_after(low: str, end: int, ctx: _Ctx) -> _Num | None:
    """The figure after "lên"/"xuống (còn)"/"còn" that ends a "từ X …" change, if any."""
    found = _number_after(low, end, ctx, _TO_LEVEL)
    return found[0] if found else None


def _range_after_unit(
    low: str, end: int, ctx: _Ctx, value: float, unit: str
) -> tuple[float, int] | None:
    """ "20% đến 30%": the top of a range whose separator follows the unit, and where it ends."""
    found = _number_after(low, end, ctx, _RANGE_RE)
    if found is None:
        return None
    num2, end2 = found
    um2 = ctx.unit.match(low, end2)
    if um2 is None or _UNIT_OF.get(um2.lastgroup) != unit:
        return None
    if num2.value < value:
        return None
    return num2.value, um2.end()


def _tidy(v: float) -> float:
    """Drop the float noise a scale multiplication leaves on a whole number."""
    r = round(v)
    return float(r) if abs(v - r) <= 1e-9 * v else v


def _canon(ctx: _Ctx) -> dict[str, tuple[str, float]]:
    return _CANON_ASCII if ctx.ascii else _CANON


def _scale_value(scale: str) -> float:
    mult = 1.0
    for w in scale.split():
        k = _CANON.get(w) or _CANON_ASCII.get(w)
        if k:
            mult *= k[1]
        elif w in _GLUED_SCALES:
            mult *= _GLUED_SCALES[w]
    return mult


def _merge_scale(a: _Num, b: _Num) -> _Num:
    if a.scale is None and b.scale is not None:
        a.scale = b.scale
    return a


# --------------------------------------------------------------------------------------------
# Numbers that are not figures, with the reason (find_quantities(..., rejections=True)).

#: Why a number is not a figure. The extractor reports them with REASON_LABELS' wording.
REJECTION_REASONS = (
    "date",  # a date or a part of one: "5/1/2024", "ngày 15", "tháng 6", "1-2"
    "year",  # "2024", "2021-2025"
    "document_number",  # "06/QĐ-TTg", "Quyết định số 36", "Nghị định 59"
    "programme_name",  # "Đề án 06"
    "phone",  # "1900 1234", "0243 123 4567", "hotline 113"
    "time",  # a time of day, "10:15", "08:30"
    "page",  # "trang 12"
    "legal_article",  # "Điều 5", "khoản 2"
    "ordinal",  # "lần thứ 3", "đợt 2", "giai đoạn 2"
    "level",  # "mức 2", "cấp độ 4"
    "version",  # "phiên bản 2"
    "duration",  # "2 năm", "6 tháng"
    "list_index",  # "1." or "2)" opening a line, "(3)"
    "name_or_code",  # "COVID-19", "5G", "v3", "hội nghị 10"
    "vague_magnitude",  # "hàng triệu", "vài trăm"
    "too_long",  # an integer part of 19 digits or more
    "not_a_figure",  # none of the above (a lone token the reader could not read)
)

#: The wording extract.py has used for each reason in its unmapped rows.
REASON_LABELS = {
    "date": "date or period",
    "year": "year",
    "document_number": "document number",
    "programme_name": "programme name (Đề án 06)",
    "phone": "phone number",
    "time": "time of day",
    "page": "page",
    "legal_article": "legal article or clause",
    "ordinal": "ordinal (session, round)",
    "level": "level (mức)",
    "version": "version or code",
    "duration": "duration or date part",
    "list_index": "list index",
    "name_or_code": "name or code (COVID-19, 5G, v3.0)",
    "vague_magnitude": "vague magnitude",
    "too_long": "not read as a figure",
    "not_a_figure": "not read as a figure",
}


@dataclass(frozen=True, slots=True)
class Rejection:
    """A number in the text that is not a figure: its text, its span in the caller's string and
    the reason (one of REJECTION_REASONS)."""

    text: str
    span: tuple[int, int]
    reason: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What `find_quantities(..., rejections=True)` found: the figures and the numbers that are
    not figures, each list in text order."""

    quantities: list[Quantity]
    rejected: list[Rejection]


# Number tokens as the extractor counts them: digits with their separators ("5/1/2024",
# "2021-2025", "1.234,5"); the look-behind after the first digit lets the scan skip to digits.
_TOKEN = re.compile(r"\d(?<!\w\d)\d*(?:[.,/\-–]\d+)*")
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}(?:[-–/](?:19|20)\d{2})?")
_DATE_TOKEN = re.compile(
    r"\d{1,2}[/\-.]\d{1,2}(?:[/\-.]\d{2,4})?|(?:19|20)\d{2}-\d{1,2}(?:-\d{1,2})?"
)
_DOC_TOKEN_AFTER = re.compile(r"(?:/\d+)*/[ ]?[^\W\d_]")


def _rejected(
    text: str, found: list[Quantity], nfc: str, offsets: list[int] | None, low: str, ctx: _Ctx
) -> list[Rejection]:
    """Every number token and vague magnitude of `text` outside the figures `found`, with why
    (`nfc`, `offsets`, `low`, `ctx`: the text as `_scan` prepared it)."""
    covered = [q.span for q in found]
    spans = [(m.start(), m.end(), "") for m in _TOKEN.finditer(low)]
    # Vague magnitudes ("hàng triệu") start with one of a few words: each is looked for with
    # str.find and the pattern is tried only there (the same matches as a scan of every
    # position, which cost as much as the number tokens' scan).
    vague = (_VAGUE_ASCII if ctx.ascii else _VAGUE_STRICT).match
    for w in _VAGUE_FIRST[ctx.ascii]:
        i = low.find(w)
        while i >= 0:
            m = vague(low, i)
            if m is not None:
                spans.append((i, m.end(), "vague_magnitude"))
            i = low.find(w, i + 1)
    spans.sort()
    out: list[Rejection] = []
    k = 0
    for s, e, why in spans:
        cs, ce = (offsets[s], offsets[e]) if offsets is not None else (s, e)
        while k < len(covered) and covered[k][1] <= cs:
            k += 1
        if k < len(covered) and covered[k][0] <= cs and ce <= covered[k][1]:
            continue
        if not why:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.reason == "phone"
                and not text[prev.span[1] : cs].strip(" .-")
            ):
                why = "phone"  # "0243 123 4567": the rest of a phone number
            else:
                why = _why_not_figure(low, s, e, ctx, nfc)
        out.append(Rejection(text[cs:ce], (cs, ce), why))
    return out


#: The first word of every vague magnitude ("hàng", "vài" …; folded for the ASCII reader).
_VAGUE_FIRST = {
    False: tuple(sorted({w.split()[0] for w in VOCAB["vague_before_scale"]})),
    True: tuple(sorted({w.split()[0] for w in _folded(VOCAB["vague_before_scale"])})),
}


def _why_not_figure(low: str, s: int, e: int, ctx: _Ctx, nfc: str) -> str:
    """The reason the number token low[s:e] is not a figure (see REJECTION_REASONS)."""
    tok = low[s:e]
    if _LONG_NUMBER.match(low, s):
        return "too_long"
    if (s and low[s - 1] == ":" and low[s - 2 : s - 1].isdigit()) or (
        low[e : e + 1] == ":" and _CLOCK.match(low, s)
    ):
        return "time"
    # the words on the left: a skip word, "… số", a glued letter or code
    left = None
    if s:
        last = low[s - 1]
        if last.isalpha() or (last in "-/.,+" and s >= 2 and low[s - 2].isalnum()):
            return "name_or_code"  # "COVID-19", "GMT+7"
        if last.isspace():
            rev = low[s - 1 :: -1] if s <= 48 else low[s - 1 : s - 49 : -1]
            m = ctx.left.match(rev)
            if m is not None and m.lastgroup == "skip":
                left = _SKIP_REASON.get(" ".join(m.group("skip")[::-1].split()), "not_a_figure")
            elif m is not None and m.lastgroup == "doc":
                left = "document_number"
    doc = _DOC_TOKEN_AFTER.match(low, e)
    if _YEAR_TOKEN.fullmatch(tok) and doc is None:
        # "năm 2024" is a date; "giai đoạn 2021-2025", "2030" a year; "hotline 1900 …" a phone
        return left if left in ("date", "phone", "document_number", "programme_name") else "year"
    if left is not None:
        return left
    nxt = low[e : e + 2]
    if nxt[:1] in ".)" and "/" not in tok and _is_list_number(low, s, e):
        return "list_index"
    if doc is not None and _is_doc_suffix(nfc, low, doc):
        return "document_number"
    digits = tok.replace(".", "")
    if digits.isdigit() and (
        (len(digits) >= 4 and digits[0] == "0")
        or (len(digits) >= 8 and digits.startswith(("1900", "1800")))
    ):
        return "phone"
    if _DATE_TOKEN.fullmatch(tok):
        return "date"
    um = ctx.unit.match(low, e)
    if um is not None and _UNIT_OF[um.lastgroup] is None:
        return "duration"
    if low[e : e + 1].isalpha():
        return "name_or_code"
    return "not_a_figure"


# --------------------------------------------------------------------------------------------
# Public API.


SEPARATORS = ("vi", "en")


def _english(separators: str) -> bool:
    if separators not in SEPARATORS:
        raise ValueError(f"separators must be one of {SEPARATORS}, not {separators!r}")
    return separators == "en"


@overload
def find_quantities(
    text: str, *, separators: str = "vi", rejections: Literal[False] = False
) -> list[Quantity]: ...
@overload
def find_quantities(text: str, *, separators: str = "vi", rejections: Literal[True]) -> Reading: ...
def find_quantities(
    text: str, *, separators: str = "vi", rejections: bool = False
) -> list[Quantity] | Reading:
    """Every figure in `text`, in order, with spans indexing `text` itself.

    `separators="en"` reads a document written with English marks ("617,000,000", "41.6%");
    the default reads dot as the thousands group and comma as the decimal mark.
    With `rejections=True` the result is a `Reading`: the figures, and every number token (and
    vague magnitude) of the text that is not inside one, with the reason it is not a figure.
    Never raises on a string; returns [] (an empty Reading) when there is no figure.
    """
    english = separators != "vi" and _english(separators)
    if not isinstance(text, str) or not text:
        return Reading([], []) if rejections else []
    if not rejections:
        return _scan(text, 0, english)
    prepared: list = []
    found = _scan(text, 0, english, prepared)
    return Reading(found, _rejected(text, found, *prepared))


def parse_quantity(text: str, *, separators: str = "vi") -> Quantity | None:
    """The one reported figure of a short text ("gần 54 triệu tài khoản"), or None."""
    english = separators != "vi" and _english(separators)
    if not isinstance(text, str) or not text:
        return None
    found = _scan(text, 1, english)
    return found[0] if found else None


def format_vi(value: float, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: dots group thousands, comma is the decimal mark.

    `decimals=None` writes as many decimals as the float needs to be read back exactly
    (1234567.8 → "1.234.567,8"; 86000000.0 → "86.000.000").
    """
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    dec = Decimal(repr(float(value)))
    if decimals is None:
        decimals = max(0, -int(dec.normalize().as_tuple().exponent))
    s = format(dec, f",.{decimals}f")
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
