"""Patterns the extractor matches with: diacritic-insensitive phrase and cue regexes, helpers.

Why one module: every regular expression the reader uses is compiled here once, at import, from
data — metric and province phrases from the registries (`vocabulary` builds those with
`phrase_regex`), cue words from `lexicon/vi/cues.yaml` (each word read with and without its
diacritics, `cue_words`). Matching is done on lower-cased text, so "hoà"/"hòa" and text typed
without diacritics match the same phrase. The small string helpers (words around a figure, table
cells, the noun after a figure) are pure functions of the lower-cased text.
"""

from __future__ import annotations

import re

from de06metrics import lexicon
from de06metrics.numbers import Quantity, fold

# --------------------------------------------------------------------------------------------
# Diacritic-insensitive patterns built from registry phrases


_VARIANTS: dict[str, set[str]] = {}
for _cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
    _ch = chr(_cp).lower()
    if len(_ch) == 1:
        _base = fold(_ch)
        if _base != _ch and _base.isascii() and _base.isalpha():
            _VARIANTS.setdefault(_base, {_base}).add(_ch)
_VARIANTS.setdefault("d", {"d"}).add("đ")


# `numbers.fold` as a tuple indexed by code point: str.translate looks a tuple up about twice as
# fast as a dict; code points past the table raise IndexError, which translate leaves unchanged.
_FOLD_TABLE = tuple(fold(chr(_cp)) for _cp in range(0x1F00))


def fast_fold(text: str) -> str:
    """`numbers.fold` (same result), faster."""
    return text.translate(_FOLD_TABLE)


def _char_re(c: str) -> str:
    if c == " ":
        return " +"
    if c in _VARIANTS:
        return "[" + "".join(sorted(_VARIANTS[c])) + "]"
    return re.escape(c)


def phrase_key(phrase: str) -> str:
    """Folded, lower-cased, single-spaced form of a phrase (the alias dictionary key)."""
    low = fast_fold(phrase.lower())
    low = _COMMA_SPACES.sub(", ", low)
    return _SPACES.sub(" ", low).strip()


_COMMA_SPACES = re.compile(r"\s*,\s*")
_SPACES = re.compile(r"\s+")
HEAD_END = re.compile(r"[,;:.()|]")


def match_key(matched: str) -> str:
    """`phrase_key` for text matched by a phrase regex (already lower-case, words single-spaced)."""
    f = fast_fold(matched)
    return phrase_key(f) if "  " in f or "\n" in f or " ," in f else f


def trie_regex(keys: list[str]) -> str:
    """One alternation for many phrases, factored by common prefixes (fast to match); a letter
    matches its diacritic variants, a space one or more spaces."""
    return lexicon.alternation(keys, char=_char_re)


def phrase_regex(keys: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + trie_regex(keys) + r")(?!\w)")


def words_re(
    words: tuple[str, ...], not_before: dict[str, tuple[str, ...]] | None = None
) -> re.Pattern[str]:
    """Whole words or phrases, "(?<!\\w)(?:w1|w2…)(?!\\w)", with each look-behind after its word so
    that a scan skips straight to the possible first letters; a word of `not_before` does not
    match when one of its words follows it."""
    alts = []
    for w in words:
        alt = re.escape(w) + r"(?<!\w" + re.escape(w) + ")"
        after = (not_before or {}).get(w)
        if after:
            alt += r"(?!\w|\s+(?:" + "|".join(re.escape(a) for a in after) + r")(?!\w))"
        alts.append(alt)
    return re.compile("(?:" + "|".join(alts) + r")(?!\w)")


# --------------------------------------------------------------------------------------------
# Cues (lexicon/vi/cues.yaml)

_CUES = lexicon.section("cues")


def cue_words(path: str) -> tuple[str, ...]:
    """The words of one cue list of the lexicon ("status.target"), accented and folded, longest
    first (so a regex alternation prefers "tăng thêm" to "tăng")."""
    node = _CUES
    for part in path.split("."):
        node = node[part]
    forms = dict.fromkeys(w for word in node for w in (word, fold(word)))
    return tuple(sorted(forms, key=len, reverse=True))


def cue_alt(path: str) -> str:
    return "|".join(re.escape(w) for w in cue_words(path))


def cue_re(path: str) -> re.Pattern[str]:
    return words_re(cue_words(path))


_TARGET_NOT_BEFORE = {
    form: tuple(dict.fromkeys(x for a in after for x in (a, fold(a))))
    for word, after in _CUES["status"]["target_not_before"].items()
    for form in (word, fold(word))
}
TARGET_CUE = words_re(cue_words("status.target"), _TARGET_NOT_BEFORE)
MUST = cue_re("status.must")
# after a target cue, these turn to what has been achieved
ACHIEVED = cue_re("status.achieved")
ESTIMATE_CUE = cue_re("status.estimate")
NATIONAL = cue_re("area.national")
# "dẫn đầu cả nước", "đứng thứ 3 toàn quốc": the country as a ranking's field, not as a scope
NATIONAL_RANKED = re.compile(
    r"(?<!\w)(?:" + cue_alt("area.national_ranked_after") + r")(?:\s+\d+)?\s+$"
)
CHANGE_OPEN = re.compile(r"\(\s*(?:" + cue_alt("change.open") + r")(?!\w)")
CHANGE_LINK = re.compile(
    r"(?:(?:" + cue_alt("change.link") + r")[ ,]*)?\(\s*$|(?:" + cue_alt("change.link") + r")[ ,]*$"
)
CHANGE_BEFORE = re.compile(r"(?<!\w)(?:" + cue_alt("change.before") + r")\s*$")
COORD = re.compile(r"\s*(?:,|(?<!\w)(?:" + cue_alt("link.coordination") + r")(?!\w))\s*")
# a turn between two clauses ("trong khi", "khi đó"), and the same or a ";"
CLAUSE_TURN_WORD = re.compile(r"(?<!\w)(?:" + cue_alt("link.clause_turn") + r")(?!\w)")
CLAUSE_TURN = re.compile(r";|" + CLAUSE_TURN_WORD.pattern)
RESPECTIVELY = cue_re("link.respectively")
COMPARE_BEFORE = re.compile(r"(?<!\w)(?:" + cue_alt("change.compare_before") + r") $")
SO_VOI_IN = cue_re("change.compare")
SO_VOI = re.compile(r"[\s)]*(?:" + cue_alt("change.compare") + r")(?!\w)")
GAP_OK = re.compile(r"^[\s:|=–—-]*(?:(?:" + cue_alt("link.label_gap") + r")(?:\s+|$))?[\s:|=–—-]*$")
# a share right after its count ("512.300 tài khoản (61%)", "…, chiếm 25,37%")
SHARE_LINK = re.compile(r"^\s*(?:(?:" + cue_alt("share.link") + r")[\s:]+)?$")
# a percent of a plan or target ("bằng 67,8% mục tiêu") is progress, not a share metric
OF_PLAN = re.compile(r"[\s)]*(?:" + cue_alt("share.of_plan") + r")(?!\w)")
# A dateline ("Hà Nội, ngày 10/1/2025 - …", "HÀ NỘI (TTXVN) – …") says where the story was filed,
# not where its figures belong: a place at the start of a line followed by a date or an outlet in
# brackets and a dash is not a locality of the figures.
DATELINE_AFTER = re.compile(
    r"[ \t]*(?:,[ \t]*(?:ngày|ngay)?[ \t]*\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?[ \t]*"
    r"(?:\([^()\n]{1,40}\)[ \t]*)?|\([^()\n]{1,40}\)[ \t]*)[-–—]"
    # a place and a date alone on their line: "Hà Nội, ngày 30 tháng 11 năm 2021"
    r"|,[ \t]*(?:ngày|ngay)[ \t]*\d{1,2}(?:[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
    r"|[ \t]+(?:tháng|thang)[ \t]+\d{1,2}(?:[ \t]+(?:năm|nam)[ \t]+\d{4})?)[ \t]*\.?[ \t]*$",
    re.MULTILINE,
)
# a letterhead line opening with a province's body: "UBND TỈNH QUẢNG NAM", "SỞ Y TẾ TỈNH X"
ISSUER_LINE = re.compile(r"[ \t]*(?:" + cue_alt("area.issuer_body") + r")(?!\w)")
# "this figure": the metric of the last figure read before it
THIS_FIGURE = re.compile(
    r"(?<!\w)(?:"
    + cue_alt("link.this_figure_head")
    + ") (?:"
    + cue_alt("link.this_figure_tail")
    + r")(?!\w)"
)
# "tỉnh"/"thành phố" with no name after it refers back to the province named before
OWN_PROVINCE = re.compile(
    r"(?<!\w)(?:(?:"
    + cue_alt("area.own_province_before")
    + ") (?:"
    + cue_alt("area.own_province_word")
    + ")|"
    + cue_alt("area.own_province_alone")
    + r")(?!\w)"
)
# "công an tỉnh, thành phố", "các tỉnh/thành phố": every province, not one's own
OWN_PROVINCE_PLURAL = re.compile(
    r"[ \t]*(?:[,/-]|(?:"
    + cue_alt("link.coordination")
    + r")(?!\w))[ \t]*(?:"
    + cue_alt("area.own_province_word")
    + r")(?!\w)"
)
COMMA_COMPOUNDS = cue_words("link.comma_compounds")
CENTRAL_ACTOR = re.compile(
    r"(?:[^\w\n]*(?:các|cac|theo|đồng thời|dong thoi)\s+)?(?:"
    + cue_alt("area.central_actor")
    + r")(?!\w)"
)
# "Bộ phận Một cửa phường", "Công an xã", "của phường": a body or a share below the province,
# unless a province or the country follows ("của tỉnh", "phường, xã trên cả nước" read apart)
BELOW_PROVINCE = re.compile(
    r"(?<!\w)(?:"
    + cue_alt("area.below_province_body")
    + r")\s+(?:"
    + cue_alt("area.below_province_unit")
    + r")(?!\w)(?![\s,]+(?:"
    + cue_alt("area.below_province_unit")
    + r")(?!\w))"
)
CENTRAL_MEETING = cue_re("area.central_meeting")  # a national body named in a notice's title
SUBJECT_SPAN = 40  # characters at the start of a sentence that hold its subject
LOCATIVE = re.compile(r"(?:" + cue_alt("area.locative") + r")\s*$")
# what may stand between the provinces of a list ("Hà Nội, Hải Phòng, Đà Nẵng và Cần Thơ")
LIST_GAP = re.compile(r"^\s*(?:,\s*)?(?:(?:" + cue_alt("link.coordination") + r")\s+)?$")
TOGETHER = re.compile(r"(?<!\w)(?:" + cue_alt("area.list_together") + r")(?!\w)")
DOC_BEFORE = re.compile(r"(?:\d+/[A-ZĐa-zđ]|\d{4}/|số \d|[A-ZĐ]{2,}\s*$|ngày ký)")

# figures only one convention can have written: "1,234,567" / "92.6 triệu" (English) and
# "1.234.567" / "12,5%" / "3,2 triệu" (Vietnamese); dates and versions are not figures
# (each starts "\d(?<!…\d)": the look-behind after the first digit lets the scan skip to digits)
EN_ONLY = re.compile(
    r"\d(?<![\d.,/]\d)(?:\d{0,2}(?:,\d{3}){2,}(?![\d,])"
    r"|\d*\.\d{1,2}(?=\s*(?:%|triệu|tỷ|nghìn|ngàn|million|billion)(?!\w)))"
)
VI_ONLY = re.compile(
    r"\d(?<![\d.,/]\d)(?:\d{0,2}(?:\.\d{3}){2,}(?![\d.])"
    r"|\d*,\d{1,2}(?=\s*(?:%|triệu|tỷ|nghìn|ngàn)(?!\w)))"
)
WINDOW_WORD = re.compile(r"(?:trong|cả|ca|suốt|suot)\s")


# --------------------------------------------------------------------------------------------
# Number mentions: the accounting unit (why each is not a figure comes from `numbers`)


# "(?<!\w)\d+…" with the look-behind after the first digit, so the scan skips to digits fast
_MENTION = re.compile(r"\d(?<!\w\d)\d*(?:[.,/\-–]\d+)*")
_VAGUE_WORDS = ("hàng", "vài", "mấy", "dăm", "hang", "vai", "may")
# "(?<!\w)(?:hàng|…)" with each look-behind after its word, so the scan skips to h, v, m, d fast
_VAGUE = re.compile(
    "(?:"
    + "|".join(f"{w}(?<!\\w{w})" for w in _VAGUE_WORDS)
    + r")\s+(?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ|chuc|tram|nghin|ngan|van|trieu|ty|ti)(?!\w)"
)


def mention_spans(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Every number-looking token (digits, with their separators) and vague magnitude in `text`.

    `low`, when given, must be `text.lower()` (the caller has it already).
    """
    spans = [m.span() for m in _MENTION.finditer(text)]
    if low is None:
        low = text.lower()
    spans += [m.span() for m in _VAGUE.finditer(low)]
    return sorted(spans)


# --------------------------------------------------------------------------------------------
# Small text helpers (pure functions of the lower-cased text)


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower()[:1] for c in text)
    return low


def unit_of(q: Quantity) -> str:
    return "count" if q.unit == "none" else q.unit


_WORD_SPAN = 400  # characters looked at first for n words (more only when they hold fewer)


def word_back(low: str, pos: int, n: int) -> int:
    """Start of the n-th word before the one ending at `pos` (0 when there are fewer)."""
    if pos <= 1:
        return 0
    start = max(0, pos - 1 - _WORD_SPAN)
    parts = low[start : pos - 1].rsplit(" ", n)
    if len(parts) == n + 1:
        return start + len(parts[0]) + 1
    if start == 0:
        return 0
    return _word_back_slow(low, pos, n)


def _word_back_slow(low: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = low.rfind(" ", 0, max(0, i - 1))
        if j < 0:
            return 0
        i = j + 1
    return i


def word_fwd(low: str, pos: int, n: int) -> int:
    """Position of the n-th space after `pos` (len(low) when there are fewer)."""
    end = pos + 1 + _WORD_SPAN
    tail = low[pos + 1 : end]
    parts = tail.split(" ", n)
    if len(parts) == n + 1:
        return pos + len(tail) - len(parts[-1])
    if end >= len(low):
        return len(low)
    return _word_fwd_slow(low, pos, n)


def _word_fwd_slow(low: str, pos: int, n: int) -> int:
    i = pos
    for _ in range(n):
        j = low.find(" ", i + 1)
        if j < 0:
            return len(low)
        i = j
    return i


def has_phrase(hay: str, phrase: str) -> bool:
    """`phrase` occurs in `hay` as whole words (both folded with `phrase_key`)."""
    i = hay.find(phrase)
    while i >= 0:
        j = i + len(phrase)
        if (i == 0 or not hay[i - 1].isalnum()) and (j == len(hay) or not hay[j].isalnum()):
            return True
        i = hay.find(phrase, i + 1)
    return False


# words that can follow a figure without being what it counts (lower case, with diacritics)
_NOT_NOUNS = frozenset(
    (
        *("và", "với", "trong", "trên", "của", "so", "được", "đã", "đang", "là", "thì"),
        *("nhưng", "còn", "tại", "ở", "cho", "từ", "đến", "tới", "trở", "hơn", "gần"),
        *("khoảng", "tăng", "giảm", "va", "voi", "cua", "duoc", "da", "la", "o"),
    )
)


def counted_noun(right: str) -> str | None:
    """The first word after a figure, folded, when it is a noun the figure counts ("tài khoản"
    → "tai"); None when a function word or punctuation follows."""
    words = right.split(None, 1)
    word = words[0].strip(",.;:()") if words else ""
    if not word[:1].isalpha() or word in _NOT_NOUNS:
        return None
    return fast_fold(word)


_WORD = re.compile(r"[a-z0-9]+")


def words_of(low: str) -> frozenset[str]:
    """The folded words of a lower-cased text ("Hồ sơ đã thu nhận" → {ho, so, da, thu, nhan})."""
    return frozenset(_WORD.findall(fast_fold(low)))


def cells(low: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the cells of a table row "a | b | c"."""
    out, s = [], start
    while True:
        bar = low.find("|", s, end)
        out.append((s, end if bar < 0 else bar))
        if bar < 0:
            return out
        s = bar + 1


def head_stretch(right: str) -> str:
    """The words right after a figure up to the first punctuation that ends its noun; a comma
    inside a compound noun ("bộ, ngành") does not."""
    for m in HEAD_END.finditer(right):
        at = m.start()
        if m.group() == "," and any(
            at >= c.index(",") and right.startswith(c, at - c.index(",")) for c in COMMA_COMPOUNDS
        ):
            continue
        return right[:at]
    return right


def has_boundary(gap: str) -> bool:
    return any(c in gap for c in ",;:()") or bool(re.search(r"\d", gap))


def claimed(low: str, start: int, q_ends: set[int]) -> bool:
    """Is the phrase at `start` the noun of the figure right before it?"""
    i = start
    while i > 0 and low[i - 1] == " ":
        i -= 1
    return i in q_ends
