"""Vietnamese dates and reference periods: "quý I/2024", "6 tháng đầu năm", "tính đến ngày …".

`find_periods(text, reference)` returns every date or period mention in order, each a `Period` with
`start`/`end` (either may be None for open periods), a `grain`, its `span` in the caller's string
and a `role`; `parse_period(text, reference)` returns the first one or None.

Why hand-written: dateparser, the best general library measured (GUIDE.md §3, §8), read only 61% of
Vietnamese dates right. It reads "9 tháng năm 2023" as 9 May, has no notion of quarters in Roman
numerals ("quý I-2024"), of "6 tháng đầu năm" or of "cùng kỳ", and it parses one date per call with
dozens of candidate grammars, which made it the slowest part of the pipeline. Here one compiled
regular expression scans NFC, lower-cased text and cheap logic turns each match into a period.

How it is built: the words (month names, "nay/trước/tới", quarter numerals, cue words before a
date, deadline and comparison words …) are data in `lexicon/vi/dates.yaml`; forms without
diacritics are generated. The patterns are a list of named rules (`RULES`), each a pattern beside
the function that reads its match; they are joined into one alternation, so one scan finds a
match, and the last group the match closed (`Match.lastindex`) names the rule that reads it.

Decisions (the test tables in tests/test_dates.py spell out each case):
- A date without a year takes the year (reference year ±1) that puts the period nearest the
  reference (publication) date: an article of 3 Jan about "21-12" means last December. A deadline
  ("trước 31/12", "chậm nhất 30/4") takes the nearest year that is not already past; a count's
  cut-off ("tính đến 15/3") and a look back ("hồi tháng 4") the nearest year that does not start
  after it; a year named after the day ("ngày 21/3 năm nay", "23/11 năm ngoái") is that
  year's. Without a reference such mentions are skipped (no wall-clock "today");
  `year_inferred` marks them.
- Grains: day, month, quarter, half, year for calendar periods; "N tháng đầu năm"/"9 tháng năm X"
  → the first N months (grain "quarter"/"half"/"year" for 3/6/12 months, "range" otherwise);
  "từ X đến Y", "giai đoạn 2022-2025" → "range"; "từ (ngày) X" alone → "open_range" (end None);
  "tính đến X", "đến (hết) X", "đến nay", "hiện nay", "cuối/đầu/giữa năm|quý|tháng X" → "as_of"
  (start None; end = the last day of X, the reference date for "nay", or the day named:
  31/12, 1/1, 30/6 for a year, the 15th for "giữa tháng"); "từ đầu năm đến nay" → "range";
  "trước X", "chậm nhất X" → "deadline" (start None; end = the stated day for a day, the day
  before X starts for a month, quarter or year: "trước tháng 6/2024" → 31/5/2024).
- Roles: "reference" (tính đến, đến hết, đến nay, hiện nay), "comparison" (so với …, cùng kỳ),
  "deadline" (trước, chậm nhất, hạn; hoàn thành/phấn đấu/mục tiêu … before the date; an as_of
  period with a deadline role becomes grain "deadline"), "start" (từ, kể từ), "mention" otherwise.
- "ngày 3-4/5/2024", "ngày 1 và 2/12", "(từ) ngày 1 đến 5/12" → "range" of days of one month
  (without a year only after "ngày").
- "ngày d.m" (a dot, no year: "Ngày 6.10,") is a day; "d.m" without "ngày" is left to the number
  parser (a decimal).
- "d/m" without a year is a date after a date word (ngày, từ, đến, trước, chiều …) or when d > m;
  "5/12 tỉnh" (d ≤ m, a noun follows) is a fraction and left to the number parser.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from de06metrics.lexicon import alternation, fold, section
from de06metrics.numbers import DATE_CUES, has_diacritics, normalize

__all__ = ["GRAINS", "ROLES", "RULES", "Period", "Rule", "find_periods", "parse_period"]

GRAINS = (
    "day",
    "month",
    "quarter",
    "half",
    "year",
    "range",
    "deadline",
    "open_range",
    "as_of",
)
ROLES = ("reference", "comparison", "deadline", "start", "mention")


@dataclass(frozen=True, slots=True)
class Period:
    """A date or period read from text; `span` indexes the string the caller passed."""

    start: date | None
    end: date | None
    grain: str
    text: str = ""
    span: tuple[int, int] = (0, 0)
    role: str = "mention"
    year_inferred: bool = False
    rule: str = ""  # the `RULES` name that read it ("dmy", "month" …; "dmy-dmy" for a range)


# --------------------------------------------------------------------------------------------
# Vocabulary (lexicon/vi/dates.yaml), with the forms without diacritics generated

VOCAB: dict[str, Any] = section("dates")


def _with_folded(words: dict[str, Any]) -> dict[str, Any]:
    """`words` plus each word's form without diacritics (the accented word wins a collision)."""
    out = dict(words)
    for k, v in words.items():
        out.setdefault(fold(k), v)
    return out


def _alt(words) -> str:
    """`lexicon.alternation` of `words`; a space stays a space (`_t` makes it blanks)."""
    return alternation(words, space=" ")


_MONTH_WORDS = _with_folded(
    {k: v for k, v in VOCAB["month_words"].items() if k not in VOCAB["month_words_not_in_text"]}
)
_MONTH_COUNTS = _with_folded(VOCAB["month_counts"])
_REL_YEAR = _with_folded(VOCAB["relative_years"])
_REL_MONTH = _with_folded(VOCAB["relative_months"])
_REL_DAY = _with_folded(VOCAB["relative_days"])
_QUARTERS = _with_folded({**VOCAB["quarter_numbers"], **VOCAB["quarter_position_numbers"]})
_POSITIONS = _with_folded(VOCAB["positions"])  # đầu → start, giữa → middle, cuối → end
_HALVES = _with_folded(VOCAB["half_positions"])  # đầu/trước → first, cuối/sau → second
_PRE_KIND = _with_folded(VOCAB["prefix_cues"])

_S = r"[ \t\u00a0]+"
_O = r"[ \t\u00a0]*"
_TOKENS = {
    "%Y4%": r"(?:19|20)\d{2}",
    "%REL%": _alt(VOCAB["relative_years"]),
    "%QW%": _alt(VOCAB["quarter_numbers"]),
    "%QPOS%": _alt(VOCAB["quarter_position_numbers"]),
    "%QUY%": _alt(VOCAB["quarter_words"]),
    "%NW%": r"\d{1,2}|" + _alt(VOCAB["month_counts"]),
    "%MW%": _alt(k for k in VOCAB["month_words"] if k not in VOCAB["month_words_not_in_text"]),
    "%SEP%": r"~[/\-.]~",
    "%POS%": _alt(VOCAB["positions"]),
    "%HPOS%": _alt(VOCAB["half_positions"]),
    "%RELM%": _alt(VOCAB["relative_months"]),
    "%RELD%": _alt(VOCAB["relative_days"]),
    "%CK%": _alt(VOCAB["same_period_words"]),
    "%SPAN%": _alt(VOCAB["span_words"]),
    "%RANGE%": _alt(VOCAB["range_words"]),
    "%PAIR%": _alt(VOCAB["day_pair_words"]),
    "%NOW%": "(?:"
    + _alt(VOCAB["now_cues"])
    + ") (?:"
    + _alt(VOCAB["now_after_cue"])
    + ")|"
    + _alt(VOCAB["now_alone"]),
    "%PRE%": _alt(VOCAB["prefix_cues"]),
    "%HOUR%": _alt(VOCAB["hour_words"]),
    "%MIN%": _alt(VOCAB["minute_words"]),
    "%SCALE%": _alt(VOCAB["scale_words"]),
}


def _t(src: str) -> str:
    """Pattern template: a space is one or more blanks, "~" zero or more, %NAME% a sub-pattern."""
    for k, v in _TOKENS.items():
        src = src.replace(k, v)
    return src.replace(" ", _S).replace("~", _O)


# --------------------------------------------------------------------------------------------
# Named rules: a pattern and the function that reads its match


class _Core:
    """Calendar reading of a core match: start, end, grain, whether the year was inferred."""

    __slots__ = ("end", "grain", "inferred", "pos", "rule", "start")

    def __init__(self, start, end, grain, inferred=False, pos=None):
        self.start = start
        self.end = end
        self.grain = grain
        self.inferred = inferred
        self.pos = pos  # "as_of" position (start, middle, end) of đầu/giữa/cuối năm|quý|tháng
        self.rule = ""  # the name of the rule that read it


# A reader gets the match's groups, the reference date, the side a cue puts the period on
# ("future" for a deadline, "past" for a count's cut-off, None), the match and the lower-cased
# text it was found in, and whether that text has no diacritics; it returns the period or None.
Reader = Callable[[dict, "date | None", "str | None", re.Match, str, bool], "_Core | None"]


class Rule(NamedTuple):
    """One kind of date phrase: its `pattern` (a `_t` template) and the function that reads it."""

    name: str
    pattern: str
    read: Reader


def _day(y: int, mo: int, d: int) -> tuple[date, date]:
    day = date(y, mo, d)
    return day, day


def _read_day_pair(g, ref, side, m, low, ascii_mode):
    """ "ngày 3-4/5/2024", "ngày 1 và 2/12": the range of two days of one month. Without a year it
    needs "ngày" ("3-4/5" alone could be other things)."""
    a, b, mo = int(g["da"]), int(g["d7"]), int(g["m7"])
    if not (1 <= a < b <= 31 and 1 <= mo <= 12) or not (g.get("dday") or g.get("y7")):
        return None
    if g.get("y7"):
        y = int(g["y7"])
        return _Core(date(y, mo, a), date(y, mo, b), "range")
    r = _resolve(lambda y: (date(y, mo, a), date(y, mo, b)), ref, side)
    return _Core(r[0], r[1], "range", True) if r else None


def _read_dmy(g, ref, side, m, low, ascii_mode):
    """ "21/12/2023", "ngày 21-12-2023", "1.7.2024", "21/12/23"."""
    s, e = _day(_year(g["y1"]), int(g["m1"]), int(g["d1"]))  # type: ignore[arg-type]
    return _Core(s, e, "day")


def _yearless_day(d: int, mo: int, ref: date | None, side: str | None) -> _Core | None:
    """Day `d` of month `mo` in the year that puts it nearest the reference (year inferred)."""
    r = _resolve(lambda y: _day(y, mo, d), ref, side)
    return _Core(r[0], r[1], "day", True) if r else None


def _read_dmy_words(g, ref, side, m, low, ascii_mode):
    """ "ngày 21 tháng 12 năm 2023", "ngày 5 tháng 1" (year from the reference)."""
    d, mo = int(g["d2"]), int(g["m2"])
    y = _stated_year(g.get("y2"), g.get("rel2"), ref.year if ref else None)
    if y is not None:
        s, e = _day(y, mo, d)
        return _Core(s, e, "day")
    return _yearless_day(d, mo, ref, side)


def _read_dm(g, ref, side, m, low, ascii_mode):
    """ "21/12", "ngày 10-5", "Chiều 25/2": a day without a year, when it is not a fraction."""
    d, mo = int(g["d3"]), int(g["m3"])
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    if not _d3_is_date(g, low, m, d, mo, ascii_mode):
        return None
    y = _stated_year(g.get("y3"), g.get("rel3"), ref.year if ref else None)
    if y is not None:  # "ngày 21/3 năm nay", "23/11 năm ngoái", "21/3 năm 2024"
        s, e = _day(y, mo, d)
        return _Core(s, e, "day")
    return _yearless_day(d, mo, ref, side)


def _read_dm_dot(g, ref, side, m, low, ascii_mode):
    """ "ngày 6.10": a day with a dot, only after "ngày" ("6.10" alone is a decimal)."""
    d, mo = int(g["d6"]), int(g["m6"])
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return _yearless_day(d, mo, ref, side)


def _read_first_months(g, ref, side, m, low, ascii_mode):
    """ "6 tháng đầu năm (nay)", "9 tháng năm 2023", "3 tháng cuối năm": the first (last) N
    months of a year; the grain is quarter/half/year for 3/6/12 months, else range."""
    nm_txt = g["nm"]
    n = int(nm_txt) if nm_txt.isdigit() else _MONTH_COUNTS.get(" ".join(nm_txt.split()), 0)
    if not 1 <= n <= 12:
        return None
    last = _POSITIONS.get(g.get("npos") or "") == "end"
    y = _stated_year(g.get("yn"), g.get("reln"), ref.year if ref else None)
    inferred = y is None
    if y is None:
        if ref is None:
            return None
        y = ref.year
    if last:
        s, e = date(y, 13 - n, 1), date(y, 12, 31)
    else:
        s, e = date(y, 1, 1), _last_day(y, n)
    grain = {3: "quarter", 6: "half", 12: "year"}.get(n, "range")
    return _Core(s, e, grain, inferred)


def _read_half(g, ref, side, m, low, ascii_mode):
    """ "nửa đầu năm 2024", "nửa cuối năm nay"."""
    first = _HALVES[g["hpos"]] == "first"
    y = _stated_year(g.get("yh"), g.get("relh"), ref.year if ref else None)
    inferred = y is None
    if y is None:
        if ref is None:
            return None
        y = ref.year
    s, e = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
    return _Core(s, e, "half", inferred)


def _read_month(g, ref, side, m, low, ascii_mode):
    """ "tháng 5/2024", "tháng 5 năm nay", "tháng mười hai", "cuối tháng 6", "giữa tháng 10"."""
    m4 = g["m4"]
    mo = int(m4) if m4.isdigit() else _MONTH_WORDS.get(" ".join(m4.split()), 0)
    if not 1 <= mo <= 12:
        return None
    y = _stated_year(g.get("y4") or g.get("y4b"), g.get("rel4"), ref.year if ref else None)
    inferred = y is None
    if y is None:
        r = _resolve(lambda y: (date(y, mo, 1), _last_day(y, mo)), ref, side)
        if r is None:
            return None
        y = r[0].year
    if g.get("mpos"):  # "cuối tháng 6": the day it names, like "cuối năm"
        p = _POSITIONS[g["mpos"]]
        day = {"start": date(y, mo, 1), "end": _last_day(y, mo), "middle": date(y, mo, 15)}[p]
        return _Core(None, day, "as_of", inferred, pos=p)
    return _Core(date(y, mo, 1), _last_day(y, mo), "month", inferred)


def _read_relative_month(g, ref, side, m, low, ascii_mode):
    """ "tháng này", "tháng trước", "tháng tới": counted from the reference month."""
    if ref is None:
        return None
    y, mo = divmod(ref.year * 12 + ref.month - 1 + _REL_MONTH[g["relm"]], 12)
    return _Core(date(y, mo + 1, 1), _last_day(y, mo + 1), "month")


def _read_relative_day(g, ref, side, m, low, ascii_mode):
    """ "hôm nay", "sáng nay", "hôm qua"."""
    if ref is None:
        return None
    day = ref + timedelta(days=_REL_DAY[" ".join(g["hom"].split())])
    return _Core(day, day, "day")


def _read_bare_year(g, ref, side, m, low, ascii_mode):
    """ "trong 2024", "đến cuối 2025": a bare year, only after a cue or a position word."""
    if not (g.get("pre") or g.get("ypos3")):
        return None
    y = int(g["ybare"])
    if g.get("ypos3"):
        return _pos_core(g["ypos3"], y)
    return _Core(date(y, 1, 1), date(y, 12, 31), "year")


def _read_quarter(g, ref, side, m, low, ascii_mode):
    """ "quý I/2024", "quý 2 năm 2025", "Q1/2024", "quý đầu năm", "cuối quý II"."""
    qn = _QUARTERS.get(g.get("q") or g["q2"])
    if qn is None:
        return None
    y = _stated_year(g.get("yq") or g.get("yq2"), g.get("relq"), ref.year if ref else None)

    def qb(y: int, qn: int = qn) -> tuple[date, date]:
        return date(y, 3 * qn - 2, 1), _last_day(y, 3 * qn)

    inferred = y is None
    if y is None:
        r = _resolve(qb, ref, side)
        if r is None:
            return None
        y = r[0].year
    s, e = qb(y)
    if g.get("qpos"):  # "cuối quý II": the day it names
        p = _POSITIONS[g["qpos"]]
        day = {"start": s, "end": e, "middle": s + (e - s) / 2}[p]
        return _Core(None, day, "as_of", inferred, pos=p)
    return _Core(s, e, "quarter", inferred)


def _read_year_span(g, ref, side, m, low, ascii_mode):
    """ "giai đoạn 2022-2025", "từ năm 2022 đến năm 2025"."""
    ya, yb = int(g["ya"]), int(g["yb"])
    if yb < ya:
        return None
    return _Core(date(ya, 1, 1), date(yb, 12, 31), "range")


def _read_month_year(g, ref, side, m, low, ascii_mode):
    """ "5/2024": a month and year without "tháng"."""
    mo, y = int(g["m5"]), int(g["y5"])
    if not 1 <= mo <= 12:
        return None
    return _Core(date(y, mo, 1), _last_day(y, mo), "month")


def _read_year(g, ref, side, m, low, ascii_mode):
    """ "năm 2024", "năm nay", "cuối năm 2022", "giữa năm 2025"."""
    y = _stated_year(g.get("yy"), g.get("rely"), ref.year if ref else None)
    if y is None:
        return None
    if g.get("ypos"):
        return _pos_core(g["ypos"], y)
    return _Core(date(y, 1, 1), date(y, 12, 31), "year")


def _read_year_position(g, ref, side, m, low, ascii_mode):
    """ "cuối năm", "đầu năm" (no year): the reference year's."""
    if ref is None:
        return None
    return _pos_core(g["ypos2"], ref.year, inferred=True)


def _read_same_period(g, ref, side, m, low, ascii_mode):
    """ "cùng kỳ (năm trước)", "cùng kỳ năm 2023": the year compared with."""
    if g.get("yck"):
        return _Core(date(int(g["yck"]), 1, 1), date(int(g["yck"]), 12, 31), "year")
    if ref is None:
        return None
    y = ref.year + (_REL_YEAR[g["relck"]] if g.get("relck") else -1)
    return _Core(date(y, 1, 1), date(y, 12, 31), "year", True)


def _read_now(g, ref, side, m, low, ascii_mode):
    """ "đến nay", "hiện nay", "tính đến thời điểm hiện tại": the reference date."""
    if ref is None:
        return None
    return _Core(None, ref, "as_of")


# The order is the order of the alternation: where two rules could match at one position, the
# first wins ("ngày 3-4/5/2024" is a pair of days before "3-4" could be read as a day and month).
RULES: tuple[Rule, ...] = (
    Rule(
        "day_pair",  # ngày 3-4/5/2024, ngày 1 và 2/12, (từ) ngày 1 đến 5/12
        r"(?P<dday>ngày )?(?P<da>\d{1,2})~(?:[-–]|%PAIR%|,)~(?P<d7>\d{1,2})%SEP%(?P<m7>\d{1,2})"
        r"(?:%SEP%(?P<y7>\d{4}))?(?![\d/])",
        _read_day_pair,
    ),
    Rule(
        "dmy",  # 21/12/2023, ngày 21-12-2023, 1.7.2024
        r"(?:ngày )?(?P<d1>\d{1,2})%SEP%(?P<m1>\d{1,2})%SEP%(?P<y1>\d{4}|\d{2})(?![\d/])",
        _read_dmy,
    ),
    Rule(
        "dmy_words",  # ngày 21 tháng 12 năm 2023
        r"(?:ngày )?(?P<d2>\d{1,2}) tháng (?P<m2>\d{1,2})(?!\d)"
        r"(?: năm (?P<y2>\d{4})| năm (?P<rel2>%REL%)(?!\w))?",
        _read_dmy_words,
    ),
    Rule(
        "dm",  # 21/12, 21-12
        r"(?P<dd>ngày )?(?P<d3>\d{1,2})~(?P<s3>[/\-])~(?P<m3>\d{1,2})(?![\d]|[/\-.]\d|/[^\W\d_])"
        r"(?: năm (?P<y3>%Y4%)(?!\d)| năm (?P<rel3>%REL%)(?!\w))?",
        _read_dm,
    ),
    Rule(
        "dm_dot",  # ngày 6.10 (a dot only after "ngày": "6.10" alone is a decimal)
        r"ngày (?P<d6>\d{1,2})\.(?P<m6>\d{1,2})(?![\d]|[/\-.]\d)",
        _read_dm_dot,
    ),
    Rule(
        "first_months",  # 9 tháng năm 2023, 6 tháng đầu năm (nay)
        r"(?P<nm>%NW%) tháng (?:(?P<npos>đầu|cuối) )?năm(?: (?P<yn>\d{4})| (?P<reln>%REL%)(?!\w))?",
        _read_first_months,
    ),
    Rule(
        "half",  # nửa đầu năm 2024
        r"nửa (?P<hpos>%HPOS%) năm(?: (?P<yh>\d{4})| (?P<relh>%REL%)(?!\w))?",
        _read_half,
    ),
    Rule(
        "month",  # tháng 5/2024, tháng 5 năm 2024, tháng 5, tháng mười hai, cuối tháng 6
        r"(?:(?P<mpos>%POS%) )?tháng (?P<m4>\d{1,2}(?!\d)|(?:%MW%)(?!\w))"
        r"(?:%SEP%(?P<y4>\d{4})| năm (?P<y4b>\d{4})| năm (?P<rel4>%REL%)(?!\w))?",
        _read_month,
    ),
    Rule(
        "quarter",  # quý I/2024, quý 2 năm 2025, Q1/2024, quý đầu năm
        r"(?:(?P<qpos>%POS%) )?(?:(?:%QUY%) (?P<q>%QW%|(?:%QPOS%)(?= năm))(?!\w)"
        r"|q(?P<q2>[1-4])(?=~[/\-]~\d{4}))"
        r"(?:%SEP%(?P<yq>\d{4})| năm (?P<yq2>\d{4})| năm (?P<relq>%REL%)(?!\w)| năm(?!\w))?",
        _read_quarter,
    ),
    Rule(
        "year_span",  # giai đoạn 2022-2025, từ năm 2022 đến năm 2025
        r"(?:(?:%SPAN%) |năm )?(?P<ya>%Y4%)~(?:[-–—]|%RANGE%)~(?:năm )?(?P<yb>%Y4%)(?!\d)",
        _read_year_span,
    ),
    Rule("month_year", r"(?P<m5>\d{1,2})/(?P<y5>%Y4%)(?![\d/])", _read_month_year),  # 5/2024
    Rule(
        "year",  # (cuối) năm 2024, năm nay
        r"(?:(?P<ypos>%POS%) )?năm (?:(?P<yy>%Y4%)(?!\d)|(?P<rely>%REL%)(?!\w))",
        _read_year,
    ),
    Rule("year_position", r"(?P<ypos2>%POS%) năm(?!\w)", _read_year_position),  # cuối năm
    Rule(
        "bare_year",  # trong 2024, đến cuối 2025: a bare year needs a cue word (see the reader)
        r"(?:(?P<ypos3>%POS%) )?(?P<ybare>%Y4%)(?![\d/\-.,%]| (?:%SCALE%)(?!\w))",
        _read_bare_year,
    ),
    Rule("relative_month", r"tháng (?P<relm>%RELM%)", _read_relative_month),  # tháng này
    Rule("relative_day", r"(?P<hom>%RELD%)", _read_relative_day),  # hôm nay, sáng nay
    Rule(
        "same_period",  # cùng kỳ (năm trước)
        r"(?P<ck>%CK%)(?: năm (?:(?P<yck>%Y4%)|(?P<relck>%REL%)))?(?!\w)",
        _read_same_period,
    ),
    Rule("now", r"(?P<now>%NOW%)", _read_now),  # đến nay, hiện nay
)

_PRE = _t(
    r"(?P<pre>%PRE%) "
    r"(?:\d{1,2}~(?:%HOUR%)(?:~\d{1,2}(?: (?:%MIN%))?)?,? )?"  # "tính đến 17h ngày 15/3"
)
_CORE = "(?:" + "|".join(_t(r.pattern) for r in RULES) + r")(?!\w)"

# the side of the reference date a cue puts an undated period on (see `_resolve`)
DEADLINE_RECALL_DAYS = 183  # a yearless deadline this far past is recalled, not next year's
_SIDE = {"before": "future", "before_incl": "future", "asof_past": "past", "in_past": "past"}
# The words a match can start with (a cue, or the first word of a rule's pattern): the big
# pattern is tried only where one of them (or a digit, or "q" of "Q1/2024") starts a word.
_STRUCTURAL_WORDS = ("ngày", "tháng", "năm", "nửa")
_FIRST_WORD_SET = {
    w.split()[0]
    for group in (
        _STRUCTURAL_WORDS,
        VOCAB["prefix_cues"],
        VOCAB["now_cues"],
        VOCAB["now_alone"],
        VOCAB["relative_days"],
        VOCAB["span_words"],
        VOCAB["same_period_words"],
        VOCAB["quarter_words"],
        VOCAB["positions"],
        VOCAB["month_counts"],
    )
    for w in group
}
_FIRST_WORDS = _alt(_FIRST_WORD_SET)
_FIRST_LETTERS = "".join(
    sorted({w[0] for w in _FIRST_WORD_SET} | {fold(w)[0] for w in _FIRST_WORD_SET} | {"q"})
)
# the lookahead lists every letter a match can start with: it lets the engine skip most positions
_MAIN_SRC = r"(?=[\d" + _FIRST_LETTERS + r"])(?<!\w)(?:" + _PRE + r")?" + _CORE
_MAIN_STRICT = re.compile(_MAIN_SRC)
_MAIN_ASCII = re.compile(fold(_MAIN_SRC))
_CORE_STRICT = re.compile(r"(?:ngày" + _S + r")?" + _CORE)
_CORE_ASCII = re.compile(fold(r"(?:ngày" + _S + r")?" + _CORE))


def _readers(pattern: re.Pattern) -> dict[int, Rule]:
    """The reader of the rule each group of `pattern` belongs to, by group number. The last
    group a match closes (`Match.lastindex`) is always one of the rule's own (every rule has a
    group it always fills, and no group follows the rules), so it names the rule that matched.
    A wrapper group per rule would say the same, but makes the scan a third slower."""
    out: dict[int, Rule] = {}
    for r in RULES:
        for name in re.compile(_t(r.pattern)).groupindex:
            if pattern.groupindex[name] in out:
                raise ValueError(f"dates rule {r.name!r}: group {name!r} is used twice")
            out[pattern.groupindex[name]] = r
    return out


# keyed by the pattern's id: hashing a compiled pattern hashes its whole program each time
_READERS = {id(p): _readers(p) for p in (_MAIN_STRICT, _MAIN_ASCII, _CORE_STRICT, _CORE_ASCII)}

# Anchors: every match of _MAIN holds, within _WINDOW non-blank characters of its start, a digit
# run or one of these words (the first one in the match); the big pattern is tried only at the
# word starts just before an anchor, so text without dates costs one cheap scan. A phrase made of
# words only (now_*, relative_days, same_period_words …) must hold one of them; the lexicon tests
# read every such phrase.
_ANCHOR_WORDS = ("tháng", "năm", "nay", "hiện", "quý", "quí", "qúy", "nửa", "hôm", "cùng", "thời")
_ANCHOR_WORDS_ASCII = tuple(dict.fromkeys(fold(w) for w in _ANCHOR_WORDS))
_ANCHOR_WORDS_RE = re.compile("|".join(_ANCHOR_WORDS))
_ANCHOR_WORDS_RE_ASCII = re.compile("|".join(_ANCHOR_WORDS_ASCII))
_FIND_MIN = 2000  # longer texts: str.find per word scans faster than one alternation
# a digit run (first digit: a fast scan skips to digits) of 1–2 digits before a separator, "h" or
# "giờ" (after blanks), or of exactly 4 digits
_DIGIT_ANCHOR = re.compile(r"\d(?<!\d\d)(?:\d?[ \t\u00a0]*[/\-.hg]|\d{3}(?!\d))")
_WORD_START = re.compile(r"(?<!\w)(?:\d|q\d|(?:" + _FIRST_WORDS + r")(?!\w))")
_WORD_START_ASCII = re.compile(r"(?<!\w)(?:\d|q\d|(?:" + fold(_FIRST_WORDS) + r")(?!\w))")
_WINDOW = 48  # > the longest cue + prefix before an anchor ("tính đến hết 17 giờ 30 phút, ngày ")
_RANGE_SRC = _O + r"(?:[-–—]|" + _alt(VOCAB["range_words"]) + ")" + _O + r"(?:hết" + _S + r")?"
_RANGE_STRICT = re.compile(_RANGE_SRC)
_RANGE_ASCII = re.compile(fold(_RANGE_SRC))
_NOW_END_SRC = _t(r"(?:" + _alt(VOCAB["now_words"]) + r")(?!\w)")
_NOW_END_STRICT = re.compile(_NOW_END_SRC)
_NOW_END_ASCII = re.compile(fold(_NOW_END_SRC))

# "Chiều 25/2", "vào 1/7", "là 30/9": the quantity parser's date cues, give or take the
# lexicon's extra and excluded words ("tính đến …" is a cue phrase of its own).
_DATE_CUES = (DATE_CUES - set(VOCAB["not_date_cues"])) | {
    *VOCAB["extra_date_cues"],
    *VOCAB["times_of_day"],
}
_DATE_CUES_ASCII = {fold(x) for x in _DATE_CUES}
_DEADLINE_WORDS = tuple(VOCAB["deadline_words"])
_DEADLINE_ASCII = tuple(fold(x) for x in _DEADLINE_WORDS)
_CMP_WORDS = tuple(VOCAB["comparison_words"])
_CMP_ASCII = tuple(fold(x) for x in _CMP_WORDS)
_CK_PREFIXES = tuple(
    dict.fromkeys([*VOCAB["same_period_words"], *map(fold, VOCAB["same_period_words"])])
)
_NOT_DATE_WORDS = list(
    dict.fromkeys([*VOCAB["not_date_after"], *map(fold, VOCAB["not_date_after"])])
)
_NOT_DATE_AFTER = re.compile(r"[ \t\u00a0]*(?:" + _alt(_NOT_DATE_WORDS) + r")(?!\w)")


def _last_day(y: int, m: int) -> date:
    if m == 12:
        return date(y, 12, 31)
    return date(y, m + 1, 1) - timedelta(days=1)


def _dist(ref: date, s: date, e: date) -> int:
    if ref < s:
        return (s - ref).days
    if ref > e:
        return (ref - e).days
    return 0


def _resolve(build, ref: date | None, side: str | None = None) -> tuple[date, date] | None:
    """Pick the year (reference year ±1) whose period is nearest the reference date; a
    deadline ("trước 31/12", side "future") is in the reference year unless that day is more
    than `DEADLINE_RECALL_DAYS` before the reference (then the next year's): an article of
    October recalls "trước ngày 31/8" of its own year, one of December means next March's
    "trước ngày 31/3"; for a report's own cut-off ("tính đến 15/3", side "past") only periods that
    start on or before it: a figure cannot be counted up to a day after it was published."""
    if ref is None:
        return None
    if side == "future":  # the reference year's, unless that passed long ago: then the next
        for y in (ref.year, ref.year + 1):
            try:
                s, e = build(y)
            except ValueError:
                continue
            if (ref - e).days <= DEADLINE_RECALL_DAYS:
                return s, e
        return None
    best = None
    for y in (ref.year, ref.year - 1, ref.year + 1):
        try:
            s, e = build(y)
        except ValueError:
            continue
        if (side == "future" and e < ref) or (side == "past" and s > ref):
            continue
        d = _dist(ref, s, e)
        if best is None or d < best[0]:
            best = (d, s, e)
    return (best[1], best[2]) if best else None


def _year(txt: str | None) -> int | None:
    if not txt:
        return None
    y = int(txt)
    if len(txt) == 2:
        y += 2000
    return y


def _stated_year(year: str | None, rel: str | None, ref_year: int | None) -> int | None:
    """The year a match states ("năm 2024", "/24") or names from the reference year ("năm
    nay", "năm ngoái"); None when it does neither (or names one with no reference)."""
    y = _year(year)
    if y is None and rel and ref_year is not None:
        y = ref_year + _REL_YEAR[rel]
    return y


def _read_core(
    g: dict,
    ref: date | None,
    low: str,
    m: re.Match,
    ascii_mode: bool,
    readers: dict[int, Rule],
) -> _Core | None:
    """Turn a core match into a calendar period with the reader of the rule that matched (None if
    the match is not a valid date)."""
    pre = g.get("pre")
    kind = _PRE_KIND.get(" ".join(pre.split())) if pre is not None else None
    side = _SIDE.get(kind or "")
    try:
        rule = readers[m.lastindex]  # type: ignore[index]
        core = rule.read(g, ref, side, m, low, ascii_mode)
    except ValueError:
        return None
    if core is not None:
        core.rule = rule.name
    return core


def _pos_core(pos: str, y: int, inferred: bool = False) -> _Core:
    p = _POSITIONS[pos]
    day = {"start": date(y, 1, 1), "end": date(y, 12, 31), "middle": date(y, 6, 30)}[p]
    return _Core(None, day, "as_of", inferred, pos=p)


def _d3_is_date(g: dict, low: str, m: re.Match, d: int, mo: int, ascii_mode: bool) -> bool:
    """Is "a/b" (no year) a date rather than a fraction or a range of counts?"""
    if g.get("dd") or g.get("pre"):
        return True
    start = m.start("d3")
    before = low[max(0, start - 12) : start].split()
    cues = _DATE_CUES_ASCII if ascii_mode else _DATE_CUES
    if before and before[-1].strip("(,") in cues:
        return True
    end = m.end()
    if _NOT_DATE_AFTER.match(low, end):
        return False
    if g.get("s3") == "-":
        # "10-15 tỉnh" is a range of counts; a hyphen date needs a date word or d > m
        return d > mo and not low[end : end + 2].strip()[:1].isalpha()
    if d > mo:
        return True
    nxt = low[end : end + 2]
    return not (nxt[:1] == " " and nxt[1:2].isalpha())


def _role(
    pre_kind: str | None, low: str, start: int, ascii_mode: bool, core: _Core, grain: str
) -> str:
    clause_start = max(
        low.rfind(".", 0, start), low.rfind(";", 0, start), low.rfind("\n", 0, start)
    )
    window = low[max(clause_start + 1, start - 60) : start]
    if pre_kind == "cmp" or (core.grain == "year" and core.start and _is_ck(low, start)):
        return "comparison"
    cmp_words = _CMP_ASCII if ascii_mode else _CMP_WORDS
    tail = window[-12:]
    if any(w in tail for w in cmp_words):
        return "comparison"
    if pre_kind in ("before", "before_incl"):
        return "deadline"
    # a deadline word close before the date and in the same clause ("hoàn thành trong tháng 1",
    # "phấn đấu đến cuối năm"), not "hoàn thành cấp thẻ cho …, tính đến ngày …"
    near = window[-32:]
    near = near[near.rfind(",") + 1 :]
    dl = _DEADLINE_ASCII if ascii_mode else _DEADLINE_WORDS
    if any(w in near for w in dl) and pre_kind in ("in", "asof", None):
        return "deadline"
    if pre_kind == "asof":
        return "reference"
    if pre_kind == "from" and grain != "range":
        return "start"
    if core.grain == "as_of" and core.pos is None:
        return "reference"
    return "mention"


def _is_ck(low: str, start: int) -> bool:
    return low.startswith(_CK_PREFIXES, start)


def _scan(text: str, reference: date | None, limit: int = 0) -> list[Period]:
    nfc, offsets = normalize(text)
    low = nfc.lower()
    if len(low) != len(nfc):
        low = "".join(c.lower()[:1] for c in nfc)
    ascii_mode = not has_diacritics(low)
    main = _MAIN_ASCII if ascii_mode else _MAIN_STRICT
    core_re = _CORE_ASCII if ascii_mode else _CORE_STRICT
    main_rules, core_rules = _READERS[id(main)], _READERS[id(core_re)]
    range_re = _RANGE_ASCII if ascii_mode else _RANGE_STRICT
    out: list[Period] = []
    anchors = _anchors(low, ascii_mode)
    if not anchors:
        return out
    search = _Search(low, anchors, main, _WORD_START_ASCII if ascii_mode else _WORD_START)
    pos, n = 0, len(low)
    while pos < n:
        m = search(pos)
        if m is None:
            break
        g = m.groupdict()
        core = _read_core(g, reference, low, m, ascii_mode, main_rules)
        if core is None:
            # retry without the cue word (it may belong to an unreadable core)
            pos = m.start("pre") + 1 if g.get("pre") else m.end()
            if not g.get("pre"):
                # an unreadable day keeps the year after it ("53/1 năm nay": this year)
                month = "m3" if g.get("m3") else "m2" if g.get("m2") else None
                pos = max(pos, m.start() + 1)
                if month and any(g.get(k) for k in ("y3", "rel3", "y2", "rel2")):
                    pos = m.end(month)
            continue
        pre = g.get("pre")
        pre_kind = _PRE_KIND.get(" ".join(pre.split())) if pre else None
        if pre_kind == "asof_past":  # read as any "đến …" once its year is resolved
            pre_kind = "asof"
        elif pre_kind == "in_past":  # … and "hồi …" as any "trong …"
            pre_kind = "in"
        if g.get("ck"):
            pre_kind = "cmp"
        start_i, end_i = m.start(), m.end()
        s, e, grain, inferred = core.start, core.end, core.grain, core.inferred
        rule = core.rule
        # ranges: "từ X đến Y", "X - Y"
        rm = range_re.match(low, end_i) if grain not in ("as_of", "range") or core.pos else None
        if rm is not None and pre_kind in ("from", None, "in", "asof"):
            if s is None and core.pos:
                s = e  # "từ đầu năm …": the range starts on the day named
            m2 = core_re.match(low, rm.end())
            now_end = _NOW_END_ASCII if ascii_mode else _NOW_END_STRICT
            nm = now_end.match(low, rm.end()) if m2 is None else None
            if nm is not None and reference is not None and s is not None and s <= reference:
                e, grain, end_i = reference, "range", nm.end()
                rule += "-now"
                if pre_kind == "asof":
                    pre_kind = None
            elif m2 is not None:
                core2 = _read_core(m2.groupdict(), reference, low, m2, ascii_mode, core_rules)
                if core2 is not None and core2.end is not None and s is not None:
                    if inferred and not core2.inferred and core2.end is not None:
                        s = _with_year(s, core2.end.year)
                    if s is not None and s <= core2.end:
                        e = core2.end
                        grain = "range"
                        end_i = m2.end()
                        rule += "-" + core2.rule
                        inferred = inferred and core2.inferred
                        if pre_kind == "asof":
                            pre_kind = None
        if grain != "range":
            if pre_kind == "from":
                if s is None:
                    s = e  # "từ đầu năm": from the day it names
                e = None
                grain = "open_range"
            elif pre_kind == "asof":
                s = None
                grain = "as_of"
            elif pre_kind == "before":
                if s is not None and core.grain != "day":
                    e = s - timedelta(days=1)
                elif core.grain == "day":
                    e = s
                s = None
                grain = "deadline"
            elif pre_kind == "before_incl":
                s = None
                grain = "deadline"
        role = _role(pre_kind, low, start_i, ascii_mode, core, grain)
        if role == "deadline" and grain == "as_of":
            grain = "deadline"
        a, b = start_i, end_i
        if offsets is not None:
            a, b = offsets[a], offsets[b]
        out.append(Period(s, e, grain, text[a:b], (a, b), role, inferred, rule))
        if limit and len(out) >= limit:
            break
        pos = end_i
    return out


def _anchors(low: str, ascii_mode: bool) -> list[int]:
    """Sorted positions a date match must have within `_WINDOW` of its start (see `_Search`).

    Digit runs count when they can start a date ("21/12", "17h", "2024"): 1–2 digits followed
    (after blanks) by a separator, "h" or "giờ", or 4 digits; a run of 3 or 5+ digits can only
    sit inside a match after an earlier anchor.
    """
    out = [m.start() for m in _DIGIT_ANCHOR.finditer(low)]
    if len(low) < _FIND_MIN:
        # one regex call is cheaper on a phrase; it skips a word overlapping an earlier one
        # ("hiện" in "hiệnay" hides "nay"), which is mid-word and so never starts a match
        words_re = _ANCHOR_WORDS_RE_ASCII if ascii_mode else _ANCHOR_WORDS_RE
        out += [m.start() for m in words_re.finditer(low)]
        out.sort()
        return out
    words = _ANCHOR_WORDS_ASCII if ascii_mode else _ANCHOR_WORDS
    find = low.find
    for w in words:
        i = find(w)
        while i >= 0:
            out.append(i)
            i = find(w, i + 1)
    out.sort()
    return out


class _Search:
    """`main.search(low, pos)` with the same result, trying the pattern only near anchors.

    Every match holds an anchor at most `_WINDOW` non-blank characters after its start; so the
    leftmost match at or after `pos` starts in [a - window, a] for the first anchor a ≥ pos that
    has a match near it, and the positions in between need not be tried.
    """

    __slots__ = ("anchors", "low", "main", "multi", "starts")

    def __init__(self, low: str, anchors: list[int], main: re.Pattern, starts: re.Pattern):
        self.low = low
        self.anchors = anchors
        self.main = main
        self.starts = starts
        # runs of several blanks make a window longer than _WINDOW characters
        self.multi = "  " in low or "\t" in low or "\u00a0" in low

    def _window_start(self, a: int) -> int:
        if not self.multi:
            return a - _WINDOW
        low, s = self.low, max(0, a - _WINDOW)
        while s > 0:
            blanks = low.count(" ", s, a) + low.count("\t", s, a) + low.count("\u00a0", s, a)
            s2 = max(0, a - _WINDOW - blanks)
            if s2 >= s:
                break
            s = s2
        return s

    def __call__(self, pos: int) -> re.Match | None:
        anchors = self.anchors
        i = bisect_left(anchors, pos)
        n = len(anchors)
        low, match, starts = self.low, self.main.match, self.starts.finditer
        lo = pos
        while i < n:
            a = anchors[i]
            s0 = self._window_start(a)
            if s0 < lo:
                s0 = lo
            # endpos past the longest first word, so that its (?!\w) sees the real text
            for w in starts(low, s0, a + 8):
                p = w.start()
                if p > a:
                    break
                m = match(low, p)
                if m is not None:
                    return m
            lo = a + 1
            i += 1
            while i < n and anchors[i] < lo:
                i += 1
        return None


def _with_year(d: date, y: int) -> date | None:
    try:
        return d.replace(year=y)
    except ValueError:
        return None


def find_periods(text: str, reference: date | None = None) -> list[Period]:
    """Every date or period mention in `text`, in order, spans indexing `text` itself.

    `reference` is the publication date: it fixes missing years and "nay"/"hiện nay".
    Never raises on a string.
    """
    if not isinstance(text, str) or not text:
        return []
    return _scan(text, reference)


def parse_period(text: str, reference: date | None = None) -> Period | None:
    """The first date or period in a short text ("quý I/2024", "tính đến ngày 21/12"), or None."""
    if not isinstance(text, str) or not text:
        return None
    found = _scan(text, reference, limit=1)
    return found[0] if found else None
