"""Article text → candidate observations with evidence, and every other number with a reason.

`extract_text(text, published=…, source_id=…)` returns an `Extraction`: `observations` (the
reported-figure columns of `schema.REPORTED_COLUMNS` plus `span_start`/`span_end` — the figure's
span in `Extraction.text` — and `confidence`) and `unmapped` (every number mention that did not
become an observation, with its span and a reason). Together they account for every mention.

How (GUIDE.md §8 lists what went wrong with a keyword-window extractor):
- One pass each of compiled regular expressions over the NFC text: figures (`numbers`), dates and
  periods (`dates`), sentences and lines (`text`), province names and metric aliases (one
  diacritic-insensitive alternation built from the registries, matched on lower-cased text, so
  "hoà"/"hòa" and text without diacritics match too). Everything after that is cheap logic on the
  clause around each figure.
- Metric: the noun phrase right after the figure decides ("… triệu thẻ CCCD gắn chip"); then a
  phrase that straddles the figure ("kích hoạt gần 54 triệu tài khoản"), a label right before it
  ("tổng số tiền chi trả trên 1,7 nghìn tỷ đồng", "Tài khoản định danh: 70 triệu"), a generic
  head noun completed by a phrase elsewhere in the sentence ("11,2 triệu tài khoản … trên Cổng Dịch
  vụ công quốc gia"), and last a phrase earlier in the same clause. Context after the figure stops
  at a ";" (the next statement); context before it does not (it often only shares the subject).
  The metric's unit must agree with the figure's. Figures about things the registry does not know
  go to `unmapped`. In a table, the first row's cell above a figure names its metric.
- Changes ("tăng 72.944 người (14,02%) so với …") are never levels: they go to `unmapped` as
  changes, with the metric they change when known.
- Reference date: a reference phrase ("tính đến …", "đến nay", "quý I/2024", "6 tháng đầu năm")
  in the sentence, else one that governs from an earlier sentence of the same paragraph, heading or
  lead-in line; comparison dates ("so với …", "cùng kỳ") never count. Otherwise the publication
  date, marked `date_basis = publication`.
- Status: a target cue (phấn đấu, mục tiêu, chỉ tiêu, kế hoạch đề ra …) before the figure in its
  sentence makes it a `target` dated by its deadline, unless a word between them turns to what is
  achieved ("hiện", "đến nay", "mới đạt"); so does "phải" in the figure's own clause; a forecast
  ("dự kiến … ước đạt") for a period not yet over is a target too. Targets are never achievements.
- Geography: a province named in the sentence (not a list of several), or in the paragraph's
  opening/lead-in/heading, valid on the reference date (pre- and post-2025 units share names);
  "toàn tỉnh"/"người dân tỉnh" refer back to the province named before; a national cue ("cả
  nước") wins unless a locality stands between it and the figure; a dateline ("Hà Nội, ngày … -")
  is where the story was filed, not a locality. `VN` otherwise.
- Many articles: `extract_texts` gives the same rows as `extract_text` one by one, with the frames
  built once per batch (what `de06 extract` uses).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from de06metrics import lexicon
from de06metrics.dates import Period, find_periods
from de06metrics.errors import De06Error
from de06metrics.numbers import REASON_LABELS, Quantity, find_quantities, fold
from de06metrics.registry import Registry, load_registry
from de06metrics.schema import REPORTED_COLUMNS
from de06metrics.text import Document, Sentence, normalize_text, segment

__all__ = [
    "OBSERVATION_COLUMNS",
    "UNMAPPED_COLUMNS",
    "Extraction",
    "Extractions",
    "extract_document",
    "extract_text",
    "extract_texts",
    "mention_spans",
    "publication_date",
]

OBSERVATION_COLUMNS = (*REPORTED_COLUMNS, "span_start", "span_end", "confidence")
UNMAPPED_COLUMNS = (
    "source_id",
    "text",
    "span_start",
    "span_end",
    "reason",
    "metric",
    "value",
    "unit",
    "quote",
)
_NUMERIC = ("value", "lower", "upper", "denominator")
OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    c: (
        pl.Float64()
        if c in _NUMERIC or c == "confidence"
        else pl.Date()
        if c in ("period_start", "period_end")
        else pl.Int64()
        if c in ("span_start", "span_end")
        else pl.String()
    )
    for c in OBSERVATION_COLUMNS
}
UNMAPPED_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),
    "text": pl.String(),
    "span_start": pl.Int64(),
    "span_end": pl.Int64(),
    "reason": pl.String(),
    "metric": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "quote": pl.String(),
}
QUOTE_MAX_WORDS = 25


@dataclass(frozen=True)
class Extraction:
    """What one article gave: candidate observations, the unmapped mentions, the text they index."""

    observations: pl.DataFrame
    unmapped: pl.DataFrame
    text: str
    source_id: str
    published: date


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


def _fold(text: str) -> str:
    """`numbers.fold` (same result), faster."""
    return text.translate(_FOLD_TABLE)


def _char_re(c: str) -> str:
    if c == " ":
        return " +"
    if c in _VARIANTS:
        return "[" + "".join(sorted(_VARIANTS[c])) + "]"
    return re.escape(c)


def _key(phrase: str) -> str:
    """Folded, lower-cased, single-spaced form of a phrase (the alias dictionary key)."""
    low = _fold(phrase.lower())
    low = _COMMA_SPACES.sub(", ", low)
    return _SPACES.sub(" ", low).strip()


_COMMA_SPACES = re.compile(r"\s*,\s*")
_SPACES = re.compile(r"\s+")
_HEAD_END = re.compile(r"[,;:.()]")


def _mkey(matched: str) -> str:
    """`_key` for text matched by a phrase regex (already lower-case, words single-spaced)."""
    f = _fold(matched)
    return _key(f) if "  " in f or "\n" in f or " ," in f else f


def _trie_regex(keys: list[str]) -> str:
    """One alternation for many phrases, factored by common prefixes (fast to match)."""
    trie: dict = {}
    for k in keys:
        node = trie
        for c in k:
            node = node.setdefault(c, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [_char_re(c) + build(child) for c, child in sorted(node.items()) if c != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _phrase_regex(keys: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + _trie_regex(keys) + r")(?!\w)")


def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words or phrases, "(?<!\\w)(?:w1|w2…)(?!\\w)", with each look-behind after its word so
    that a scan skips straight to the possible first letters."""
    alts = [re.escape(w) + r"(?<!\w" + re.escape(w) + ")" for w in words]
    return re.compile("(?:" + "|".join(alts) + r")(?!\w)")


_PREPOSITIONS = {
    "tren",
    "tai",
    "qua",
    "tu",
    "cua",
    "o",
    "cho",
    "voi",
    "ve",
    "thuoc",
    "trong",
    "duoc",
    "da",
    "dang",
}
_NUM_IN_ALIAS = re.compile(r"\s*\d+(?:[.,]\d+)?\s*%\s*")


@dataclass(frozen=True)
class _Lexicon:
    metric_re: re.Pattern[str]
    metric_at_re: re.Pattern[str]  # the same phrases at every word start, overlapping (group 1)
    alias_metrics: dict[str, tuple[str, ...]]
    extensions: dict[str, tuple[tuple[str, str], ...]]  # head key → (alias, rest of the alias)
    unit: dict[str, str]
    kind: dict[str, str]
    cumulative_from: dict[str, date]  # stock metric → the day its count starts from
    share: dict[str, str]  # count metric → the share metric read beside it ("(61%)")
    change: dict[tuple[str, str], str]  # (metric, unit of the change) → its change metric
    words: dict[str, frozenset[str]]  # metric → every word of its aliases (folded)
    area_re: re.Pattern[str]
    area_codes: dict[str, tuple[tuple[str, date | None, date | None], ...]]


@cache
def _lexicon_for(directory: Path) -> _Lexicon:
    return _build_lexicon(load_registry(directory))


def _lexicon(registry: Registry) -> _Lexicon:
    return _lexicon_for(registry.directory)


def _build_lexicon(registry: Registry) -> _Lexicon:
    alias_metrics: dict[str, list[str]] = {}
    for key, aliases in zip(registry.metrics["key"], registry.metrics["aliases"], strict=True):
        for alias in aliases:
            k = _key(_NUM_IN_ALIAS.sub(" ", alias))
            if k and key not in alias_metrics.setdefault(k, []):
                alias_metrics[k].append(key)
    keys = sorted(alias_metrics)
    extensions: dict[str, list[tuple[str, str]]] = {}
    for k in keys:
        words = k.split(" ")
        for i in range(1, len(words)):
            head = " ".join(words[:i])
            rest = [w for w in words[i:]]
            while rest and rest[0] in _PREPOSITIONS:
                rest = rest[1:]
            if rest:
                extensions.setdefault(head, []).append((k, " ".join(rest)))
    area_codes: dict[str, list[tuple[str, date | None, date | None]]] = {}
    for r in registry.areas.iter_rows(named=True):
        if r["level"] != "province":
            continue
        for alias in r["aliases"]:
            k = _key(alias)
            if len(k) < 3:
                continue
            entry = (r["code"], r["valid_from"], r["valid_to"])
            if entry not in area_codes.setdefault(k, []):
                area_codes[k].append(entry)
    return _Lexicon(
        metric_re=_phrase_regex(keys),
        metric_at_re=re.compile(r"(?<!\w)(?=\w)(?=(" + _trie_regex(keys) + r")(?!\w))"),
        alias_metrics={k: tuple(v) for k, v in alias_metrics.items()},
        extensions={k: tuple(v) for k, v in extensions.items()},
        unit=dict(zip(registry.metrics["key"], registry.metrics["unit"], strict=True)),
        kind=dict(zip(registry.metrics["key"], registry.metrics["kind"], strict=True)),
        cumulative_from={
            r["key"]: r["cumulative_from"]
            for r in registry.metrics.iter_rows(named=True)
            if r["cumulative_from"] is not None
        },
        share={
            r["share_of"]: r["key"]
            for r in registry.metrics.iter_rows(named=True)
            if r["share_of"] is not None
        },
        change={
            (r["change_of"], r["unit"]): r["key"]
            for r in registry.metrics.iter_rows(named=True)
            if r.get("change_of") is not None
        },
        words={
            metric: frozenset(
                w for k, ms in alias_metrics.items() if metric in ms for w in k.split()
            )
            for metric in registry.metrics["key"]
        },
        area_re=_phrase_regex(sorted(area_codes)),
        area_codes={k: tuple(v) for k, v in area_codes.items()},
    )


# --------------------------------------------------------------------------------------------
# Cues


_CUES = lexicon.section("cues")


def _cue_words(path: str) -> tuple[str, ...]:
    """The words of one cue list of the lexicon ("status.target"), accented and folded, longest
    first (so a regex alternation prefers "tăng thêm" to "tăng")."""
    node = _CUES
    for part in path.split("."):
        node = node[part]
    forms = dict.fromkeys(w for word in node for w in (word, fold(word)))
    return tuple(sorted(forms, key=len, reverse=True))


def _cue_alt(path: str) -> str:
    return "|".join(re.escape(w) for w in _cue_words(path))


def _cue_re(path: str) -> re.Pattern[str]:
    return _words_re(_cue_words(path))


_TARGET_CUE = _cue_re("status.target")
_MUST = _cue_re("status.must")
# after a target cue, these turn to what has been achieved
_ACHIEVED = _cue_re("status.achieved")
_ESTIMATE_CUE = _cue_re("status.estimate")
_NATIONAL = _cue_re("area.national")
_CHANGE_OPEN = re.compile(r"\(\s*(?:" + _cue_alt("change.open") + r")(?!\w)")
_CHANGE_LINK = re.compile(
    r"(?:(?:"
    + _cue_alt("change.link")
    + r")[ ,]*)?\(\s*$|(?:"
    + _cue_alt("change.link")
    + r")[ ,]*$"
)
_CHANGE_BEFORE = re.compile(r"(?<!\w)(?:" + _cue_alt("change.before") + r")\s*$")
_COORD = re.compile(r"\s*(?:,|(?<!\w)(?:" + _cue_alt("link.coordination") + r")(?!\w))\s*")
_RESPECTIVELY = _cue_re("link.respectively")
_COMPARE_BEFORE = re.compile(r"(?<!\w)(?:" + _cue_alt("change.compare_before") + r") $")
_SO_VOI_IN = _cue_re("change.compare")
_SO_VOI = re.compile(r"[\s)]*(?:" + _cue_alt("change.compare") + r")(?!\w)")
_GAP_OK = re.compile(
    r"^[\s:|=–—-]*(?:(?:" + _cue_alt("link.label_gap") + r")(?:\s+|$))?[\s:|=–—-]*$"
)
# a share right after its count ("512.300 tài khoản (61%)", "…, chiếm 25,37%")
_SHARE_LINK = re.compile(r"^\s*(?:(?:" + _cue_alt("share.link") + r")[\s:]+)?$")
# a percent of a plan or target ("bằng 67,8% mục tiêu") is progress, not a share metric
_OF_PLAN = re.compile(r"[\s)]*(?:" + _cue_alt("share.of_plan") + r")(?!\w)")
# A dateline ("Hà Nội, ngày 10/1/2025 - …", "HÀ NỘI (TTXVN) – …") says where the story was filed,
# not where its figures belong: a place at the start of a line followed by a date or an outlet in
# brackets and a dash is not a locality of the figures.
_DATELINE_AFTER = re.compile(
    r"[ \t]*(?:,[ \t]*(?:ngày|ngay)?[ \t]*\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?[ \t]*"
    r"(?:\([^()\n]{1,40}\)[ \t]*)?|\([^()\n]{1,40}\)[ \t]*)[-–—]"
)
# "this figure": the metric of the last figure read before it
_THIS_FIGURE = re.compile(
    r"(?<!\w)(?:"
    + _cue_alt("link.this_figure_head")
    + ") (?:"
    + _cue_alt("link.this_figure_tail")
    + r")(?!\w)"
)
# "tỉnh"/"thành phố" with no name after it refers back to the province named before
_OWN_PROVINCE = re.compile(
    r"(?<!\w)(?:"
    + _cue_alt("area.own_province_before")
    + ") (?:"
    + _cue_alt("area.own_province_word")
    + r")(?!\w)"
)
_COMMA_COMPOUNDS = _cue_words("link.comma_compounds")
_CENTRAL_ACTOR = re.compile(
    r"(?:[^\w\n]*(?:các|cac|theo|đồng thời|dong thoi)\s+)?(?:"
    + _cue_alt("area.central_actor")
    + r")(?!\w)"
)
_SUBJECT_SPAN = 40  # characters at the start of a sentence that hold its subject
_LOCATIVE = re.compile(r"(?:" + _cue_alt("area.locative") + r")\s*$")
_DOC_BEFORE = re.compile(r"(?:\d+/[A-ZĐa-zđ]|\d{4}/|số \d|[A-ZĐ]{2,}\s*$|ngày ký)")

# figures only one convention can have written: "1,234,567" / "92.6 triệu" (English) and
# "1.234.567" / "12,5%" / "3,2 triệu" (Vietnamese); dates and versions are not figures
_EN_ONLY = re.compile(
    r"(?<![\d.,/])\d{1,3}(?:,\d{3}){2,}(?![\d,])"
    r"|(?<![\d.,/])\d+\.\d{1,2}(?=\s*(?:%|triệu|tỷ|nghìn|ngàn|million|billion)(?!\w))"
)
_VI_ONLY = re.compile(
    r"(?<![\d.,/])\d{1,3}(?:\.\d{3}){2,}(?![\d.])"
    r"|(?<![\d.,/])\d+,\d{1,2}(?=\s*(?:%|triệu|tỷ|nghìn|ngàn)(?!\w))"
)
_MEETING_LAG = 92  # days: a period's results reported at a meeting this soon after it ends
_WINDOW_WORD = re.compile(r"(?:trong|cả|ca|suốt|suot)\s")
_CUE_OVERLAP = 12  # characters a cue may reach into the figure's qualifier
_SHARE_GAP = 90  # characters between a count and its share, at most
_LEAD_MIN = 150  # characters: a shorter first line is a headline, a byline or a caption
_SENT_START_WINDOW = 30


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
# Extraction


@dataclass
class _Cand:
    q: Quantity
    metric: str | None
    score: float
    cue: str
    reason: str | None = None
    area: str | None = None  # a locality paired with the figure ("lần lượt")
    base: date | None = None  # a change's base date ("so với ngày 5/1/2024")


def extract_text(
    text: str,
    *,
    published: date,
    source_id: str,
    registry: Registry | None = None,
) -> Extraction:
    """Candidate observations and unmapped mentions of one article (see the module docstring).

    `text` is normalized first (NFC, plain spaces); spans index `Extraction.text`.
    """
    lex = _lexicon(registry or load_registry())
    text, obs, um = _extract_rows(text, published, source_id, lex)
    return Extraction(
        _frame(obs, OBSERVATION_SCHEMA), _frame(um, UNMAPPED_SCHEMA), text, source_id, published
    )


def _extract_rows(
    text: str, published: date, source_id: str, lex: _Lexicon
) -> tuple[str, list[dict], list[dict]]:
    """(normalized text, observation rows, unmapped rows) of one article."""
    if not isinstance(published, date):
        raise De06Error("a publication date is required", field="published")
    if not source_id:
        raise De06Error("a source id is required", field="source_id")
    text = normalize_text(text)
    obs, um = _Context(text, published, source_id, lex).run()
    return text, obs, um


@dataclass(frozen=True)
class Extractions:
    """What many articles gave: one frame of observations and one of unmapped mentions for all of
    them (each article's rows together, in input order); `x[i]` is article i's `Extraction`.

    Why: building two polars frames costs about as much as reading a short article, so a batch
    builds them once per `_BATCH` articles instead of once per article.
    """

    observations: pl.DataFrame
    unmapped: pl.DataFrame
    texts: tuple[str, ...]
    source_ids: tuple[str, ...]
    published: tuple[date, ...]
    observation_bounds: tuple[int, ...]  # article i's rows: [bounds[i], bounds[i + 1])
    unmapped_bounds: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Extraction:
        ob, ub = self.observation_bounds, self.unmapped_bounds
        return Extraction(
            self.observations.slice(ob[i], ob[i + 1] - ob[i]),
            self.unmapped.slice(ub[i], ub[i + 1] - ub[i]),
            self.texts[i],
            self.source_ids[i],
            self.published[i],
        )

    def __iter__(self) -> Iterator[Extraction]:
        return (self[i] for i in range(len(self)))


_BATCH = 1000  # articles per frame chunk: bounds the rows held as dicts, not the result


def extract_texts(
    articles: Iterable[tuple[str, date, str]], *, registry: Registry | None = None
) -> Extractions:
    """`extract_text` on many articles, given as (text, published, source_id): the same rows,
    with the frames built once per batch instead of once per article."""
    lex = _lexicon(registry or load_registry())
    texts: list[str] = []
    sids: list[str] = []
    dates: list[date] = []
    obs_bounds, um_bounds = [0], [0]
    obs_frames: list[pl.DataFrame] = []
    um_frames: list[pl.DataFrame] = []
    obs_rows: list[dict] = []
    um_rows: list[dict] = []
    for text, published, source_id in articles:
        norm, obs, um = _extract_rows(text, published, source_id, lex)
        texts.append(norm)
        sids.append(source_id)
        dates.append(published)
        obs_rows += obs
        um_rows += um
        obs_bounds.append(obs_bounds[-1] + len(obs))
        um_bounds.append(um_bounds[-1] + len(um))
        if len(texts) % _BATCH == 0:
            obs_frames.append(_frame(obs_rows, OBSERVATION_SCHEMA))
            um_frames.append(_frame(um_rows, UNMAPPED_SCHEMA))
            obs_rows, um_rows = [], []
    obs_frames.append(_frame(obs_rows, OBSERVATION_SCHEMA))
    um_frames.append(_frame(um_rows, UNMAPPED_SCHEMA))
    return Extractions(
        pl.concat(obs_frames, rechunk=False),
        pl.concat(um_frames, rechunk=False),
        tuple(texts),
        tuple(sids),
        tuple(dates),
        tuple(obs_bounds),
        tuple(um_bounds),
    )


def extract_document(
    doc: Document,
    *,
    published: date | None = None,
    source_id: str,
    registry: Registry | None = None,
) -> Extraction:
    """`extract_text` on a read document; the date comes from the argument or the document."""
    when = publication_date(doc, published)
    return extract_text(doc.text, published=when, source_id=source_id, registry=registry)


def publication_date(doc: Document, published: date | None = None) -> date:
    """The date to extract `doc` with: `published` if given, else the document's own; a document
    without one is an error (never "today")."""
    when = published or doc.published
    if when is None:
        raise De06Error(
            "has no publication date",
            file=doc.name,
            hint="pass --published YYYY-MM-DD, or add 'published: YYYY-MM-DD' front matter "
            '(HTML: <meta property="article:published_time">)',
        )
    return when


class _Context:
    """State of one extraction run over one text."""

    def __init__(self, text: str, published: date, source_id: str, lex: _Lexicon) -> None:
        self.text = text
        plain = text.lower()
        self._plain_low = plain
        self.low = plain if len(plain) == len(text) else _lower(text)
        # folded (diacritic-free) text is needed only around figures: folded per sentence, lazily
        self._fold_sent: Sentence | None = None
        self._fold_text = ""
        self.published = published
        self.source_id = source_id
        self.lex = lex
        self.blocks, self.sentences = segment(text)
        self.sent_starts = [s.start for s in self.sentences]
        reading = find_quantities(text, separators=_separators(text), rejections=True)
        self.quantities = reading.quantities
        self.rejected = reading.rejected
        self.periods = find_periods(text, published)
        self.period_starts = [p.span[0] for p in self.periods]
        self.areas = self._find_areas()
        self.area_starts = [a[0] for a in self.areas]
        self._cue_sent: Sentence | None = None
        self._cue_pos: tuple[int, int, int, int] = (0, 0, 0, 0)

    # -- geography ------------------------------------------------------------------------
    def _find_areas(self) -> list[tuple[int, int, str]]:
        out = []
        text = self.text
        for m in self.lex.area_re.finditer(self.low):
            s, e = m.span()
            if not any(c.isupper() for c in text[s:e]):
                continue
            if not self.low[self.low.rfind("\n", 0, s) + 1 : s].strip() and _DATELINE_AFTER.match(
                self.low, e
            ):
                continue
            out.append((s, e, _mkey(m.group())))
        return out

    def _area_code(self, key: str, when: date) -> str | None:
        entries = self.lex.area_codes.get(key, ())
        for code, start, end in entries:
            if (start is None or start <= when) and (end is None or when <= end):
                return code
        return entries[0][0] if entries else None

    def _areas_in(self, s: int, e: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self.area_starts, s)
        j = bisect_left(self.area_starts, e)
        return self.areas[i:j]

    def _sentence_geo(self, sent: Sentence, q: Quantity) -> tuple[str | None, bool]:
        """(area key, explicit national) for a figure from its own sentence."""
        qs = q.span[0]
        nat = self._cues(sent)[3]
        found = self._areas_in(sent.start, sent.end)
        for _, a_end, key in found:  # "(trong đó) Hà Nội 6,2 triệu, TP.HCM: 7,9 triệu"
            if a_end <= qs and qs - a_end <= 12 and _GAP_OK.match(self.low[a_end:qs]):
                return key, False  # also "… là Lai Châu với 18,3%", "Hà Nội đạt 95%"
        # "cả nước …, riêng Bình Dương/toàn tỉnh …": a locality nearer the figure than the
        # national cue is the figure's own
        national = nat < qs and not any(nat < a < qs for a, _, _ in found)
        own = self._own_province(nat if national else sent.start, qs)
        if own is not None:
            return self._last_area_before(own), False
        names = {k for _, _, k in found}
        if len(names) == 1:
            return next(iter(names)), national
        if len(names) >= 2:
            before = [a for a in found if a[1] <= qs]
            clause_start = max(self.low.rfind(";", sent.start, qs), sent.start)
            local = [
                a
                for a in before
                if a[0] >= clause_start
                and _LOCATIVE.search(self.low[max(sent.start, a[0] - 12) : a[0]])
            ]
            if len({k for _, _, k in local}) == 1:
                return local[-1][2], national
        return None, national

    def _central_subject(self, sent: Sentence) -> bool:
        """Does `sent` open with a central body as its subject ("Bộ Tư pháp đề xuất …",
        "Thủ tướng yêu cầu …")? Its figures are national unless it names a province itself."""
        head = self.text[sent.start : sent.start + _SUBJECT_SPAN]
        m = _CENTRAL_ACTOR.match(head.lower())
        return m is not None and (m.end() >= len(head) or not head[m.end()].isalpha())

    def _own_province(self, s: int, e: int) -> int | None:
        """Where "toàn tỉnh", "người dân tỉnh"… (no name after it) first occurs in [s, e)."""
        for m in _OWN_PROVINCE.finditer(self.low, s, e):
            nxt = self.text[m.end() : m.end() + 2].lstrip()
            if not nxt[:1].isupper() and self._last_area_before(m.start()) is not None:
                return m.start()
        return None

    def _last_area_before(self, pos: int) -> str | None:
        """The province named last before `pos`: what "tỉnh"/"thành phố" alone refers back to."""
        i = bisect_left(self.area_starts, pos)
        return self.areas[i - 1][2] if i else None

    def _block_geo(self, sent: Sentence) -> str | None:
        """Area key set by a sentence for what follows it (one locality, not a list)."""
        found = self._areas_in(sent.start, sent.end)
        if len({k for _, _, k in found}) == 1 and len(found) <= 2:
            return found[0][2]
        return None

    # -- periods -----------------------------------------------------------------------------
    def _periods_in(self, s: int, e: int) -> list[Period]:
        i = bisect_left(self.period_starts, s)
        j = bisect_left(self.period_starts, e)
        return self.periods[i:j]

    def _is_doc_date(self, p: Period) -> bool:
        before = self.text[max(0, p.span[0] - 25) : p.span[0]]
        return bool(_DOC_BEFORE.search(before))

    def _governing(self, sent: Sentence) -> Period | None:
        """The last period in `sent` that governs later sentences, if any."""
        best = None
        for p in self._periods_in(sent.start, sent.end):
            if p.end is None or p.role in ("comparison", "deadline", "start"):
                continue
            if p.role == "reference" or (
                p.span[0] - sent.start <= _SENT_START_WINDOW and not self._is_doc_date(p)
            ):
                best = p
        return best

    def _lead_period(self) -> tuple[int, Period | None]:
        """(where the lead starts, the date it opens with): "Chiều 30/12, … tổ chức hội nghị",
        "Tính đến ngày 10/1, …" date what the article reports, for the figures from the lead on
        that state no date of their own, before falling back to the publication date."""
        for block in self.blocks:
            if block.kind not in ("paragraph", "leadin") or block.end - block.start < _LEAD_MIN:
                continue
            i = bisect_left(self.sent_starts, block.start)
            if i >= len(self.sentences):
                break
            first = self.sentences[i]
            p = self._event_day(first) or self._governing(first) or self._last_stated(first)
            if p is None or p.end is None or p.end > self.published:
                break
            return block.start, p
        return len(self.text), None

    def _stock_window(self, row: dict, cand: _Cand) -> str | None:
        """The window ("6 tháng đầu năm", "từ 1/7 đến 19/8", "trong năm 2025") a stock metric's
        figure totals, when it is one: such a figure is a flow of the stock, never its level. A
        window from the metric's own start ("từ 9/12/2019", the portal's launch) is cumulative."""
        p = row.pop("_period")
        if p is None or row["status"] != "observation" or cand.base is not None:
            return None
        if self.lex.kind[row["metric"]] != "stock" or not _is_window(p):
            return None
        since = self.lex.cumulative_from.get(row["metric"])
        if since is not None and p.start is not None and p.start <= since:
            return None
        return f"'{p.text}'"

    def _event_day(self, sent: Sentence) -> Period | None:
        """The day the lead's event took place ("Hội nghị sơ kết 6 tháng … diễn ra ngày 12/7"):
        what is reported there is as of that day, not of the period it reviews."""
        for p in self._periods_in(sent.start, sent.end):
            if p.end is None or p.grain != "day" or p.role in ("comparison", "deadline", "start"):
                continue
            opens = p.span[0] - sent.start <= _SENT_START_WINDOW  # "Chiều 30/12, …"
            closes = sent.end - p.span[1] <= 2  # "… diễn ra ngày 12/7."
            if (opens or closes) and not self._is_doc_date(p):
                return p
        return None

    def _last_stated(self, sent: Sentence) -> Period | None:
        """The last date or window `sent` states of what it reports ("trong đợt cao điểm 50 ngày
        từ ngày 1/7 đến ngày 19/8/2025"): not a comparison, deadline, start or document date."""
        best = None
        for p in self._periods_in(sent.start, sent.end):
            if p.end is None or p.role in ("comparison", "deadline", "start"):
                continue
            if p.grain in ("day", "month", "range") and not self._is_doc_date(p):
                best = p
        return best

    def _local_period(self, sent: Sentence, q: Quantity) -> Period | None:
        """The reference period for a figure from its own sentence (nearest, before preferred)."""
        qs, qe = q.span
        best, best_d = None, None
        for p in self._periods_in(sent.start, sent.end):
            if p.end is None or p.role in ("comparison", "deadline", "start"):
                continue
            ps, pe = p.span
            if ps < qe and pe > qs:
                continue
            late_day = p.grain == "day" and ps - sent.start > _SENT_START_WINDOW
            if p.role != "reference" and (self._is_doc_date(p) or late_day):
                continue
            if p.role != "reference" and ps > qe and p.grain in ("day", "year"):
                continue
            d = qs - pe if pe <= qs else (ps - qe) * 2 + 5
            if ps >= qe and self.low[qe:ps].strip() == "(":
                d = -1  # "52 triệu (tháng 6/2024)": the figure's own date, in brackets
            if best_d is None or d < best_d:
                best, best_d = p, d
        return best

    def _target_reaches(self, sent: Sentence, qs: int) -> bool:
        """Does the last target cue before the figure still govern it? Not past a word that
        turns to what is achieved ("Chỉ tiêu 80%; hiện mới đạt 45%")."""
        last = None
        # a cue may end inside the figure's own qualifier ("cần đạt 40 triệu": "đạt 40 triệu")
        for m in _TARGET_CUE.finditer(self.low, sent.start, min(sent.end, qs + _CUE_OVERLAP)):
            if m.start() < qs:
                last = m
        return last is not None and _ACHIEVED.search(self.low, last.end(), qs) is None

    def _must(self, sent: Sentence, q: Quantity) -> bool:
        """Is the figure required ("phải") in its own clause (not "đã phải", had to)?"""
        low, qs, qe = self.low, q.span[0], q.span[1]
        cs = max(low.rfind(";", sent.start, qs) + 1, sent.start)
        ce = low.find(";", qe, sent.end)
        for m in _MUST.finditer(low, cs, sent.end if ce < 0 else ce):
            if not low[max(cs, m.start() - 4) : m.start()].rstrip().endswith(("đã", "da")):
                return True
        return False

    def _deadline(self, sent: Sentence, q: Quantity) -> Period | None:
        qs = q.span[0]
        best, best_d = None, None
        for p in self._periods_in(sent.start, sent.end):
            if p.end is None or p.role in ("comparison", "start") or self._is_doc_date(p):
                continue
            d = abs(qs - p.span[0])
            if best_d is None or d < best_d:
                best, best_d = p, d
        return best

    # -- metrics -----------------------------------------------------------------------------
    def _folded(self, sent: Sentence) -> str:
        """`fold` of the lower-cased sentence (cached for the sentence being read)."""
        if self._fold_sent is not sent:
            self._fold_sent = sent
            self._fold_text = _fold(self.low[sent.start : sent.end])
        return self._fold_text

    def _metric(
        self, sent: Sentence, q: Quantity, prev_end: int, next_start: int, end: int | None = None
    ) -> _Cand:
        """The metric a figure reports; `end` is where its words end when a restatement in
        brackets follows it ("85.000.000 (tám mươi lăm triệu) thẻ …")."""
        low = self.low
        lex = self.lex
        qs, qe = q.span[0], end or q.span[1]
        want = _unit_of(q)
        best: _Cand | None = None

        def offer(alias: str, score: float, cue: str) -> None:
            nonlocal best
            for metric in lex.alias_metrics.get(alias, ()):
                if lex.unit[metric] != want:
                    continue
                s = score + len(alias) / 100
                if best is None or s > best.score:
                    best = _Cand(q, metric, s, cue)

        def offer_specific(alias: str, score: float, cue: str) -> None:
            """The alias, or a longer one whose rest is in the figure's own stretch (or before)."""
            offer(alias, score, cue)
            for longer, rest in lex.extensions.get(alias, ()):
                if rest in seg_low and _has_phrase(seg_low, rest):
                    offer(longer, score + 1, cue + " + its context")
                elif rest in before_low and _has_phrase(before_low, rest):
                    offer(longer, score + 0.5, cue + " + earlier context")

        ss = sent.start
        sent_low = self._folded(sent)
        # context for the figure: its sentence up to the end of its clause (a ";" after it starts
        # another statement; one before it often only shares the subject), and its own stretch
        # there (between its neighbours)
        c_e = sent_low.find(";", qe - ss)
        clause_low = sent_low if c_e < 0 else sent_low[:c_e]
        seg_low = clause_low[prev_end - ss : next_start - ss]
        before_low = sent_low[: qs - ss]

        # a short string: up to 6 words before the figure, a junction, up to 8 words after
        ws = max(sent.start, prev_end, _word_back(low, qs, 6))
        we = min(sent.end, next_start, _word_fwd(low, qe, 12))
        left = low[ws:qs].rstrip()
        right = low[qe:we].lstrip()
        short = left + " " + right if left else right
        junction = len(left)
        after_pos = junction + 1 if left else 0
        direct: str | None = None
        for m in lex.metric_at_re.finditer(short):
            ms, me = m.span(1)
            alias = _mkey(m.group(1))
            if ms == after_pos:
                offer_specific(alias, 100, "noun phrase after the figure")
                direct = direct or alias
            elif ms < junction < me:
                offer_specific(alias, 95, "phrase around the figure")
            elif me <= junction and _GAP_OK.match(short[me:junction]):
                offer_specific(alias, 93, "label before the figure")
            elif ms > after_pos and me <= len(short):
                gap = short[after_pos:ms]
                if not _has_boundary(gap):
                    offer_specific(alias, 55 - gap.count(" "), "phrase after the figure")
        # a generic head noun made specific elsewhere ("tài khoản … Cổng …"), up to its clause end
        if direct is None:
            head_words = _head_stretch(right).split()[:8]
            # `_key` of each leading run of words: whitespace-free words without commas, so the
            # key is the folded lower-case words joined by single spaces
            folded_words = _fold(" ".join(head_words).lower()).split(" ")
            for k in range(len(head_words), 0, -1):
                head = " ".join(folded_words[:k])
                for alias, rest in lex.extensions.get(head, ()):
                    if rest in clause_low and _has_phrase(clause_low, rest):
                        offer(alias, 85, "head noun + context")
            if best is None and head_words:  # "Các địa phương … kích hoạt tài khoản …:" then
                noun = _fold(head_words[0].lower())  # "1. Hà Nội: 6.901.234 tài khoản"
                for m in lex.metric_re.finditer(low, *self.leadin):
                    alias = _mkey(m.group())
                    if _names(lex, alias, noun):
                        offer(alias, 80, "head noun + the lead-in line")
        block = self.blocks[sent.block]
        if (
            best is None
            and self.header
            and block.kind == "table"
            and block.start != self.header[0][0]
        ):
            column = low.count("|", block.start, qs)  # "Hà Nội | 6.512.000 | 4.100.000"
            if column < len(self.header):
                for m in lex.metric_re.finditer(low, *self.header[column]):
                    offer(_mkey(m.group()), 92, "column header")
        if best is None or best.score < 90:
            clause_start = max(low.rfind(";", sent.start, qs) + 1, sent.start, prev_end)
            # a count followed by its own noun counts that noun: "Ngân hàng X có 10 triệu tài
            # khoản" counts accounts, not banks, so an earlier phrase must be of a metric whose
            # aliases use that noun (or a label right before it: "chi trả … cho 2,1 triệu người")
            noun = _counted_noun(right) if want == "count" else None
            for m in lex.metric_re.finditer(low, clause_start, qs):
                if _claimed(low, m.start(), self.q_ends):
                    continue
                alias = _mkey(m.group())
                label = _GAP_OK.match(low[m.end() : qs])  # right before it: a label
                if not (noun is None or label or _names(lex, alias, noun)):
                    continue
                offer(alias, 60 - (qs - m.end()) / 100, "phrase earlier in the clause")
        if best is None and not any(c.isalnum() for c in _HEAD_END.split(right, maxsplit=1)[0]):
            # nothing named after the figure and nothing in its clause: an ellipsis ("…; mục
            # tiêu năm 2025 là 40 triệu", "… tài khoản (trong đó Hà Nội 6,2 triệu)") names the
            # metric named last before it in the sentence, even as another figure's noun
            for m in lex.metric_re.finditer(low, sent.start, qs):  # the named one included
                score = 40 - (qs - m.end()) / 1000
                offer(_mkey(m.group()), score, "phrase earlier in the sentence")
        last = self.last_metric
        if (
            best is None
            and last is not None
            and lex.unit[last] == want
            and _THIS_FIGURE.search(low, sent.start, qs)  # "Năm 2023, con số này là 1.500"
        ):
            best = _Cand(q, last, 50, "'con số này' (the metric of the figure before)")
        if best is None:
            noun = " ".join(right.split(" ")[:4]).strip(" ,.;:()")
            return _Cand(q, None, 0, "", f"unknown metric ('{noun}')" if noun else "unknown metric")
        return best

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> tuple[list[dict], list[dict]]:
        """(observation rows, unmapped rows) of the text, as dicts keyed by column name."""
        qs_list = self.quantities
        self.q_ends = {q.span[1] for q in qs_list}
        self.last_metric: str | None = None  # what "con số này" refers back to
        self.leadin = (0, 0)  # span of the lead-in line the bullets or rows being read follow
        self.header: list[tuple[int, int]] = []  # cells of the table's first row
        obs_rows: list[dict] = []
        unmapped: list[dict] = []
        used_spans: list[tuple[int, int]] = []
        in_heading: list[bool] = []
        seen_keys: dict[tuple, int] = {}
        # carries across sentences: governing period and locality per block and per section
        section_period: Period | None = None
        section_geo: str | None = None
        block_period: Period | None = None
        block_geo: str | None = None
        cur_block = -1
        qi = 0
        nq = len(qs_list)
        lead_start, lead_period = self._lead_period()
        self.lead_day = (
            lead_period if lead_period is not None and lead_period.grain == "day" else None
        )
        for sent in self.sentences:
            if sent.block != cur_block:
                cur_block = sent.block
                kind = self.blocks[cur_block].kind
                if kind == "heading":  # a lead-in under a heading keeps the heading's date
                    section_period, section_geo = None, None
                if kind not in ("bullet", "table"):
                    block_period, block_geo = section_period, section_geo
                    self.leadin = (sent.start, sent.end) if kind == "leadin" else (0, 0)
                if kind != "table":
                    self.header = []
                elif not self.header:  # the first row of a table names its columns
                    block = self.blocks[cur_block]
                    self.header = _cells(self.low, block.start, block.end)
            start_q = qi
            while qi < nq and qs_list[qi].span[0] < sent.end:
                qi += 1
            sent_qs = [q for q in qs_list[start_q:qi] if q.span[0] >= sent.start]
            kind = self.blocks[sent.block].kind
            governing = self._governing(sent)
            geo_here = self._block_geo(sent)
            if sent_qs:
                cands = []
                prev_end = sent.start
                restated = _restatements(self.low, sent_qs)  # figure → end of "(…)"
                for k, q in enumerate(sent_qs):
                    if k - 1 in restated:
                        why = "restates the figure before it"
                        cands.append(_Cand(q, None, 0, "", why))
                        continue
                    j = k + 2 if k in restated else k + 1
                    nxt = sent_qs[j].span[0] if j < len(sent_qs) else sent.end
                    cands.append(self._metric(sent, q, prev_end, nxt, restated.get(k)))
                    prev_end = q.span[1]
                self._pair_respectively(sent, cands)
                self._pair_shares(cands)
                self._mark_changes(sent, sent_qs, cands)
                for cand in cands:
                    q = cand.q
                    if cand.metric is None or cand.reason:
                        unmapped.append(self._unmapped_row(q, cand.reason or "", cand.metric))
                        continue
                    row = self._observation(
                        sent,
                        q,
                        cand,
                        block_period or (lead_period if sent.start >= lead_start else None),
                        block_geo if geo_here is None else None,
                    )
                    window = self._stock_window(row, cand)
                    if window is not None:
                        why = f"a total over {window} of a stock metric (a flow, not a level)"
                        unmapped.append(self._unmapped_row(q, why, cand.metric))
                        continue
                    key = (row["metric"], row["geo"], row["period_end"], row["status"])
                    if key in seen_keys:
                        unmapped.append(
                            self._unmapped_row(
                                q,
                                f"repeats an earlier figure ({row['as_written']})",
                                cand.metric,
                            )
                        )
                        continue
                    seen_keys[key] = len(obs_rows)
                    obs_rows.append(row)
                    self.last_metric = cand.metric
                    in_heading.append(kind == "heading")
                    used_spans.append(q.span)
            if governing is not None:
                block_period = governing
                if kind in ("heading", "leadin"):
                    section_period = governing
            if geo_here is not None:
                block_geo = geo_here
                if kind in ("heading", "leadin"):
                    section_geo = geo_here
        obs_rows = self._drop_headline_repeats(obs_rows, in_heading, unmapped)
        covered = sorted(
            [(r["span_start"], r["span_end"]) for r in obs_rows] + self._unmapped_spans(unmapped)
        )
        self._account(covered, unmapped)
        unmapped.sort(key=lambda r: r["span_start"])
        return obs_rows, unmapped

    def _drop_headline_repeats(
        self, rows: list[dict], in_heading: list[bool], unmapped: list[dict]
    ) -> list[dict]:
        """A title that restates a body figure ("gần 68 triệu" over "67.910.130") is not a row."""
        body = {
            (r["metric"], r["geo"], r["status"])
            for r, h in zip(rows, in_heading, strict=True)
            if not h
        }
        kept = []
        for r, h in zip(rows, in_heading, strict=True):
            if h and (r["metric"], r["geo"], r["status"]) in body:
                unmapped.append(
                    {
                        "source_id": self.source_id,
                        "text": r["as_written"],
                        "span_start": r["span_start"],
                        "span_end": r["span_end"],
                        "reason": "headline restating a figure given in the body",
                        "metric": r["metric"],
                        "value": r["value"],
                        "unit": r["unit"],
                        "quote": r["quote"],
                    }
                )
            else:
                kept.append(r)
        return kept

    @staticmethod
    def _unmapped_spans(rows: list[dict]) -> list[tuple[int, int]]:
        return [(r["span_start"], r["span_end"]) for r in rows]

    def _account(self, covered: list[tuple[int, int]], unmapped: list[dict]) -> None:
        """Add every mention not inside a figure already handled, with the reason it is not one."""
        starts = [s for s, _ in covered]
        for r in self.rejected:  # numbers' own reason for each number it did not read
            s, e = r.span
            i = bisect_right(starts, s) - 1
            if i >= 0 and covered[i][0] <= s and e <= covered[i][1]:
                continue
            if i + 1 < len(covered) and covered[i + 1][0] <= s and e <= covered[i + 1][1]:
                continue
            unmapped.append(
                {
                    "source_id": self.source_id,
                    "text": r.text,
                    "span_start": s,
                    "span_end": e,
                    "reason": REASON_LABELS[r.reason],
                    "metric": None,
                    "value": None,
                    "unit": None,
                    "quote": self._quote_at(s, e),
                }
            )

    def _mark_changes(self, sent: Sentence, sent_qs: list[Quantity], cands: list[_Cand]) -> None:
        """A change beside a level is a change: "tăng 72.944 người (14,02%) so với …"."""
        low = self.low
        prev_change = False
        level_metric: str | None = None
        for cand in cands:
            q = cand.q
            qs, qe = q.span
            open_paren = low.rfind("(", sent.start, qs)
            in_change_paren = (
                open_paren >= 0
                and low.find(")", open_paren, qs) < 0
                and _CHANGE_OPEN.match(low, open_paren)
            )
            before = low[max(sent.start, qs - 30) : qs]
            change = (
                q.is_change
                or bool(in_change_paren)
                or bool(_CHANGE_BEFORE.search(before))
                or (prev_change and bool(_CHANGE_LINK.search(before)))
                or (q.unit in ("percent", "times") and bool(_SO_VOI.match(low, qe)))
                or self._compared(q, sent)
            )
            if change:
                if in_change_paren or prev_change:
                    cand.metric = level_metric or cand.metric
                base = self._base_date(sent)
                of = self.lex.change.get((cand.metric or "", _unit_of(q)))
                if of is not None and base is not None:
                    # a change since a stated base date, of a metric the registry records
                    cand.metric, cand.score, cand.base = of, 90, base
                    cand.cue, cand.reason = "a change since its base date", None
                else:
                    what = f"change of {cand.metric}" if cand.metric else "change"
                    cand.reason = f"{what} (a change is not a level)"
            elif cand.metric:
                level_metric = cand.metric
            prev_change = change

    def _pair_shares(self, cands: list[_Cand]) -> None:
        """A percent right after a count is the count's share ("512.300 tài khoản (61%)",
        "…, chiếm 25,37%", "tương đương 39%"): the share metric the registry pairs with the
        count's metric. A percent of a plan ("bằng 67,8% mục tiêu") is progress, not a share."""
        low = self.low
        for prev, cand in itertools.pairwise(cands):
            q = cand.q
            if q.unit != "percent" or q.is_change or prev.metric is None:
                continue
            if prev.reason and not prev.reason.startswith("repeats"):
                continue
            if _OF_PLAN.match(low, q.span[1]):
                cand.metric, cand.reason = None, "progress against a plan or target (not a share)"
                continue
            share = self.lex.share.get(prev.metric)
            gap = low[prev.q.span[1] : q.span[0]]
            if share is None or len(gap) > _SHARE_GAP or ";" in gap:
                continue  # too far from its count to be its share
            cut = max(gap.rfind(","), gap.rfind("("))
            if not _SHARE_LINK.match(gap[cut + 1 :] if cut >= 0 else gap):
                continue
            if cand.reason and not cand.reason.startswith("unknown metric"):
                continue
            if cand.metric != share and (cand.metric is None or cand.score < 100):
                cand.metric, cand.score, cand.cue = share, 90, "share beside its count"
                cand.reason = None

    def _base_date(self, sent: Sentence) -> date | None:
        """The day a change in `sent` is counted from ("so với ngày 5/1/2024"), if stated."""
        for p in self._periods_in(sent.start, sent.end):
            if p.role == "comparison" and p.grain == "day" and p.start is not None:
                return p.start
        return None

    def _pair_respectively(self, sent: Sentence, cands: list[_Cand]) -> None:
        """ "Hà Nội và TP.HCM lần lượt có 6,5 triệu và 7,8 triệu tài khoản …": the figures after
        "lần lượt" take the localities named before it, in order, and share the metric the
        group names."""
        m = _RESPECTIVELY.search(self.low, sent.start, sent.end)
        if m is None:
            return
        start = max(self.low.rfind(";", sent.start, m.start()) + 1, sent.start)
        end = self.low.find(";", m.end(), sent.end)
        end = sent.end if end < 0 else end
        group = [c for c in cands if m.end() <= c.q.span[0] < end and not c.q.is_change]
        if len(group) < 2:
            return
        keys = list(dict.fromkeys(k for _, _, k in self._areas_in(start, m.start())))
        metrics = self._coordinated_metrics(start, m.start())
        if len(metrics) == len(group):  # "… đã cấp và đã kích hoạt lần lượt là 80 và 55 triệu"
            for c, metric in zip(group, metrics, strict=True):
                if self.lex.unit[metric] == _unit_of(c.q):
                    c.metric, c.score, c.cue, c.reason = metric, 90, "'lần lượt'", None
        named = [c.metric for c in group if c.metric is not None]
        for i, c in enumerate(group):
            if len(keys) == len(group):
                c.area = keys[i]
            if c.metric is None and named and _unit_of(c.q) == self.lex.unit[named[-1]]:
                c.metric, c.score, c.cue, c.reason = named[-1], 60, "'lần lượt'", None

    def _coordinated_metrics(self, s: int, e: int) -> list[str]:
        """The metrics of coordinated phrases ("tài khoản … đã cấp và đã kích hoạt"): the first
        names one; each later one completes the first's head noun. [] unless each names one."""
        items = [i for i in _COORD.split(self.low[s:e]) if i.strip()]
        first = [_mkey(m.group()) for m in self.lex.metric_re.finditer(items[0])] if items else []
        if len(items) < 2 or not first:
            return []
        longest = _key(max(first, key=len))
        head = longest.split(" ")
        out = [self.lex.alias_metrics[longest][0]]
        for item in items[1:]:
            rest = _key(item)
            found = next(
                (
                    self.lex.alias_metrics[k][0]
                    for cut in range(len(head), 0, -1)
                    if (k := " ".join(head[:cut]) + " " + rest) in self.lex.alias_metrics
                ),
                None,
            )
            if found is None:
                return []
            out.append(found)
        return out

    def _compared(self, q: Quantity, sent: Sentence) -> bool:
        """ "cao hơn 1,1 triệu giao dịch so với cùng kỳ": a difference, not a level."""
        qs, qe = q.span
        if q.qualifier not in ("more_than", "less_than") or not _COMPARE_BEFORE.search(
            self.low, max(sent.start, qs - 8), qs
        ):
            return False
        end = min(sent.end, qe + 60)
        semi = self.low.find(";", qe, end)
        return _SO_VOI_IN.search(self.low, qe, end if semi < 0 else semi) is not None

    def _observation(
        self,
        sent: Sentence,
        q: Quantity,
        cand: _Cand,
        carried_period: Period | None,
        carried_geo: str | None,
    ) -> dict:
        qs = q.span[0]
        metric = cand.metric
        assert metric is not None
        cues = self._cues(sent)
        status = "observation"
        period: Period | None = None
        target_cue = cues[0] < qs and self._target_reaches(sent, qs)
        local = self._local_period(sent, q)
        if not target_cue and cues[1] <= sent.end:  # a "phải" somewhere in the sentence
            target_cue = self._must(sent, q)
        if target_cue:
            status = "target"
            period = self._deadline(sent, q)
        else:
            period = local or carried_period
            if cues[2] < qs:
                status = "estimate"
                if period is not None and period.end is not None and period.end > self.published:
                    status = "target"  # "dự kiến năm 2025 ước đạt …": a forecast, a plan
        if (
            status == "observation"
            and period is not None
            and period.grain in ("year", "half", "quarter")
            and not _is_window(period)
            and self.lead_day is not None
            and period.end is not None
            and 0 < (self.lead_day.end - period.end).days <= _MEETING_LAG
        ):
            period = self.lead_day  # results of a period, reported at a dated meeting
        basis = "stated"
        start: date | None = None
        end: date | None
        if period is None or period.end is None:
            end, basis = self.published, "publication"
        else:
            end = period.end
            start = period.start if self.lex.kind[metric] == "flow" else None
            relative = ("nay" in period.text.lower() or "hiện" in period.text.lower()) and (
                end == self.published
            )
            if relative:
                basis = "publication"
            if status != "target" and end > self.published:
                end, basis = self.published, "publication"
                if start is not None and start > end:
                    start = None
        if status == "target" and period is None:
            basis = "publication"
        if cand.base is not None and cand.base < end:
            start = cand.base
        geo = "VN"
        area_key, national = self._sentence_geo(sent, q)
        if cand.area is not None:
            area_key, national = cand.area, False
        if area_key is None and not national and not self._central_subject(sent):
            area_key = carried_geo
        if area_key is not None and not national:
            geo = self._area_code(area_key, end) or "VN"
        conf = _confidence(cand.score, q, basis)
        note = f"metric from {cand.cue}"
        if q.ambiguous and q.alternatives:
            note += f"; number format ambiguous (alternative {q.alternatives[0]:g})"
        if basis == "publication" and status != "target":
            note += "; no date in the text: publication date used"
        return {
            "source_id": self.source_id,
            "metric": metric,
            "geo": geo,
            "as_written": q.text,
            "value": q.value,
            "lower": q.lower,
            "upper": q.upper if q.qualifier != "range" else q.high,
            "qualifier": q.qualifier,
            "unit": q.unit if q.unit != "none" else "count",
            "denominator": q.denominator,
            "period_start": start,
            "period_end": end,
            "date_basis": basis,
            "status": status,
            "quote": self._quote_at(*q.span),
            "note": note,
            "span_start": q.span[0],
            "span_end": q.span[1],
            "confidence": conf,
            "_period": period,
        }

    def _cues(self, sent: Sentence) -> tuple[int, int, int, int]:
        """First positions of target, "phải", estimate and national cues in the sentence."""
        if self._cue_sent is not sent:
            low, a, b = self.low, sent.start, sent.end
            found = []
            for pat in (_TARGET_CUE, _MUST, _ESTIMATE_CUE, _NATIONAL):
                m = pat.search(low, a, b)
                found.append(m.start() if m else b + 1)
            self._cue_sent, self._cue_pos = sent, tuple(found)
        return self._cue_pos  # type: ignore[return-value]

    def _unmapped_row(self, q: Quantity, reason: str, metric: str | None) -> dict:
        return {
            "source_id": self.source_id,
            "text": q.text,
            "span_start": q.span[0],
            "span_end": q.span[1],
            "reason": reason,
            "metric": metric,
            "value": q.value,
            "unit": q.unit,
            "quote": self._quote_at(*q.span),
        }

    def _quote_at(self, s: int, e: int) -> str:
        """The clause around [s, e): sentence cut at ';', at most QUOTE_MAX_WORDS words."""
        i = bisect_right(self.sent_starts, s) - 1
        if i >= 0 and self.sentences[i].end >= e:
            ss, se = self.sentences[i].start, self.sentences[i].end
        else:
            ss = self.text.rfind("\n", 0, s) + 1
            se = self.text.find("\n", e)
            se = len(self.text) if se < 0 else se
        text = self.text
        cs = text.rfind(";", ss, s)
        cs = ss if cs < 0 else cs + 1
        ce = text.find(";", e, se)
        ce = se if ce < 0 else ce
        nfig = text.count(" ", s, e) + 1
        room = max(0, QUOTE_MAX_WORDS - nfig)
        n_before = text.count(" ", cs, s)
        n_after = text.count(" ", e, ce)
        nb = min(n_before, max(room // 3, room - n_after))
        na = min(n_after, room - nb)
        # start after the nb-th space before the word before the figure, end at the na-th space
        # after the figure (the clause's ends when there are fewer)
        qs = s
        if nb:
            parts = text[cs : s - 1].rsplit(" ", nb) if s - 1 > cs else [""]
            qs = cs + len(parts[0]) + 1 if len(parts) == nb + 1 and n_before > nb else cs
        qe = e
        if na:
            tail = text[e + 1 : ce]
            parts = tail.split(" ", na)
            qe = e + len(tail) - len(parts[-1]) if len(parts) == na + 1 else ce
        while qs < s and text[qs] in " ,;:-–(":
            qs += 1
        while qe > e and text[qe - 1] in " ,;:-–.(":
            qe -= 1
        return text[qs:qe]


# --------------------------------------------------------------------------------------------
# Small helpers


@cache
def _empty_frame(schema_id: int) -> pl.DataFrame:
    schema = OBSERVATION_SCHEMA if schema_id == 0 else UNMAPPED_SCHEMA
    return pl.DataFrame({c: [] for c in schema}, schema=schema)


def _frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows → a frame of `schema` (polars' row constructor is slow for no rows: a cached empty
    frame is cleared instead)."""
    if not rows:
        return _empty_frame(0 if schema is OBSERVATION_SCHEMA else 1).clear()
    return pl.from_dicts(rows, schema=schema)


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower()[:1] for c in text)
    return low


def _unit_of(q: Quantity) -> str:
    return "count" if q.unit == "none" else q.unit


_WORD_SPAN = 400  # characters looked at first for n words (more only when they hold fewer)


def _word_back(low: str, pos: int, n: int) -> int:
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


def _word_fwd(low: str, pos: int, n: int) -> int:
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


_NONSPACE = re.compile(r"\S+")


def _has_phrase(hay: str, phrase: str) -> bool:
    """`phrase` occurs in `hay` as whole words (both folded with `_key`)."""
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


def _counted_noun(right: str) -> str | None:
    """The first word after a figure, folded, when it is a noun the figure counts ("tài khoản"
    → "tai"); None when a function word or punctuation follows."""
    words = right.split(None, 1)
    word = words[0].strip(",.;:()") if words else ""
    if not word[:1].isalpha() or word in _NOT_NOUNS:
        return None
    return _fold(word)


def _names(lex: _Lexicon, alias: str, noun: str) -> bool:
    """Does a metric of `alias` use the word `noun` in any of its aliases?"""
    return any(noun in lex.words[metric] for metric in lex.alias_metrics.get(alias, ()))


def _cells(low: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the cells of a table row "a | b | c"."""
    out, s = [], start
    while True:
        bar = low.find("|", s, end)
        out.append((s, end if bar < 0 else bar))
        if bar < 0:
            return out
        s = bar + 1


def _restatements(low: str, qs: list[Quantity]) -> dict[int, int]:
    """Figures restated right after them in brackets ("85.000.000 (tám mươi lăm triệu)"): the
    figure's index → the end of the brackets."""
    out = {}
    for k in range(len(qs) - 1):
        a, b = qs[k], qs[k + 1]
        close = low.find(")", b.span[1])
        if (
            low[a.span[1] : b.span[0]].strip() == "("
            and close >= 0
            and not low[b.span[1] : close].strip()
            and a.unit == b.unit
            and abs(a.value - b.value) <= 1e-9 * max(abs(a.value), 1.0)
        ):
            out[k] = close + 1
    return out


def _separators(text: str) -> str:
    """The digit grouping a document uses: "en" when it writes only English-style figures
    ("617,000,000", "92.6 triệu", "41.6%") and no Vietnamese-only one ("1.234.567", "12,5%"),
    else "vi". A page keeps one convention; a lone ambiguous figure ("29,807 tỷ") follows it."""
    en = len(_EN_ONLY.findall(text))
    vi = len(_VI_ONLY.findall(text))
    return "en" if en >= 2 and vi == 0 else "vi"


def _is_window(p: Period) -> bool:
    """Does `p` name a stretch of time a total is counted over ("6 tháng đầu năm", "từ 1/7 đến
    19/8", "trong năm 2025"), rather than a day the count stands at ("tính đến hết tháng 6")?"""
    if p.start is None or p.role == "reference":
        return False
    if p.grain in ("range", "half", "quarter"):
        return True
    return p.grain == "year" and _WINDOW_WORD.match(p.text.lower()) is not None


def _head_stretch(right: str) -> str:
    """The words right after a figure up to the first punctuation that ends its noun; a comma
    inside a compound noun ("bộ, ngành") does not."""
    for m in _HEAD_END.finditer(right):
        at = m.start()
        if m.group() == "," and any(
            at >= c.index(",") and right.startswith(c, at - c.index(",")) for c in _COMMA_COMPOUNDS
        ):
            continue
        return right[:at]
    return right


def _has_boundary(gap: str) -> bool:
    return any(c in gap for c in ",;:()") or bool(re.search(r"\d", gap))


def _claimed(low: str, start: int, q_ends: set[int]) -> bool:
    """Is the phrase at `start` the noun of the figure right before it?"""
    i = start
    while i > 0 and low[i - 1] == " ":
        i -= 1
    return i in q_ends


def _confidence(score: float, q: Quantity, basis: str) -> float:
    if score >= 100:
        c = 0.95
    elif score >= 93:
        c = 0.9
    elif score >= 85:
        c = 0.8
    elif score >= 60:
        c = 0.65
    else:
        c = 0.5
    if q.ambiguous:
        c -= 0.15
    if basis == "publication":
        c -= 0.05
    return round(max(c, 0.05), 2)
