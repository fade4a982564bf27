"""The reference period of a figure: `pick` chooses the period, `dates` turns it into the row's
period_start/period_end/date_basis. Each returns the name of the rule that decided.

Rules, in order (`pick`):
- `deadline`: a target is dated by the period nearest to it in its sentence, its own clause's
  first (not across a ";"; not a comparison, start or document date); `no-deadline` when there
  is none (the publication date, basis "publication").
- `in-sentence`: a reference phrase in the figure's own sentence ("tính đến …", "đến nay",
  "quý I/2024", "6 tháng đầu năm"), the nearest one, before the figure preferred; a date in
  brackets right after the figure ("52 triệu (tháng 6/2024)") is its own. Comparison dates
  ("so với …", "cùng kỳ"), deadlines, start dates and document dates never count; a day late in
  a long sentence (unless it is the day of the event that reported the figure: "tại hội nghị
  ngày 3/5, …") or a day/year after the figure counts only as an explicit reference. An
  observation after "trước ngày X" in its sentence is as of the day before X.
- `now-at-lead-event`: "đến nay"/"hiện nay" in the figure's sentence or carried to it, in an
  article whose lead opens with the day of an event (a meeting) at most `NOW_LAG` days before
  publication, is that day: what the meeting reported.
- `goal-beside-result`: a goal with no deadline of its own written beside the result measured
  against it ("63,47% (mục tiêu 70%)", "…, so với mục tiêu tương ứng là 70% và 30%") is the
  goal of the result's period.
- `column-header`: in a table whose columns are dates ("Chỉ tiêu | 2023 | 2024"), the date
  heading the figure's column.
- `carried-block` / `carried-section`: a period that governs from an earlier sentence of the
  same paragraph, or from the heading or lead-in line of the section (see `carry`); `now`: not
  when the figure's sentence says "now" before it ("Hiện ứng dụng có …", "hiện có", "đến nay"),
  which dates it by the lead's date or the publication date.
- A date past a later figure of the sentence is that figure's ("trên 48 triệu, cao hơn chỉ tiêu
  40 triệu … cho 6 tháng đầu năm").
- `lead-date`: the date the article's lead opens with.
- `publication`: otherwise the publication date, marked `date_basis = publication`.

Then (`dates`):
- `lead-event-day`: results of a year, half or quarter reported at a meeting held within
  `MEETING_LAG` days after it ends (the lead's event day) are as of that day.
- `relative-now`: "đến nay"/"hiện nay" resolved to the publication date is basis "publication".
- `year-before`: an achieved figure's period whose year was not written and that lies ahead of
  publication ("Hết quý II, … đạt 42%" in a January article) is last year's.
- `future-clamped`: an achieved figure cannot be dated after publication: the publication date.
- A flow metric keeps the period's start; a stock metric only its end. A change since a stated
  base date starts at that date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from de06metrics import lexicon
from de06metrics.dates import Period
from de06metrics.extract.figure import Decision
from de06metrics.extract.patterns import CLAUSE_TURN, WINDOW_WORD, cue_alt, cue_re
from de06metrics.lexicon import fold
from de06metrics.numbers import Quantity
from de06metrics.text import Sentence

if TYPE_CHECKING:
    from de06metrics.extract.carry import Carry
    from de06metrics.extract.doc import Doc
    from de06metrics.extract.vocabulary import Vocabulary

MEETING_LAG = 92  # days: a period's results reported at a meeting this soon after it ends
NOW_LAG = 31  # days: "đến nay" in a report published this soon after the lead's event is its day
SENT_START_WINDOW = 40  # characters: a date this near a sentence's start opens it
_NOT_REFERENCE = ("comparison", "deadline", "start")
_CUES_STATUS = lexicon.section("cues")["status"]
NOW = cue_re("reference.now")
EVENT_BEFORE = cue_re("reference.event_before")
SAME_BASE = cue_re("change.same_base")
EVENT_GAP = 30  # characters between an event word and its day ("hội nghị sơ kết … ngày 3/5")
NOW_OPENING = cue_re("reference.now_opening")


class Dated(NamedTuple):
    """A row's dates: what `dates` decided and the rule that decided it."""

    start: date | None
    end: date
    basis: str  # "stated" or "publication"
    period: Period | None  # the period finally used (None: the publication date)
    rule: str


def pick(
    doc: Doc, sent: Sentence, q: Quantity, carry: Carry, *, target: bool
) -> Decision[Period | None]:
    """The period a figure is dated by, before `dates` settles it (rules: module docstring)."""
    if target:
        p = deadline(doc, sent, q)
        if p is None and _goal_beside_result(doc, q):
            # "Khối bộ, ngành: 63,47% (mục tiêu 70%)": the goal of the result's own period
            p = local_period(doc, sent, q) or carry.period_for(sent)[0]
            if p is not None:
                return Decision(p, "goal-beside-result")
        return Decision(p, "deadline" if p is not None else "no-deadline")
    p = local_period(doc, sent, q)
    if p is not None:
        if _now_at_event(doc, carry, sent, p):
            return Decision(carry.lead_day, "now-at-lead-event")
        return Decision(p, "in-sentence")
    header = carry.column_header(doc, sent, q.span[0])
    if header is not None:  # a table whose columns are dates: "Chỉ tiêu | 2023 | 2024"
        p = header_period(doc, header)
        if p is not None:
            return Decision(p, "column-header")
    p, rule = carry.period_for(sent)
    if p is not None and rule.startswith("carried") and says_now(doc, sent, q.span[0]):
        # "Hiện ứng dụng có hơn 65 triệu tài khoản": now, not the bullet before's date
        p, rule = carry.lead_for(sent)
        rule = rule or "now"
    if p is not None:
        if _now_at_event(doc, carry, sent, p):
            return Decision(carry.lead_day, "now-at-lead-event")
        return Decision(p, rule)
    return Decision(None, "publication" if rule != "now" else rule)


def _now_at_event(doc: Doc, carry: Carry, sent: Sentence, p: Period) -> bool:
    """Is `p` a "now" ("đến nay") said in what an event of the lead reported, at most `NOW_LAG`
    days before publication ("Ngày 21/12/2023, Thủ tướng chủ trì Hội nghị …" in a notice of
    4/1/2024)? Then it is the event's day."""
    day = carry.lead_day
    return (
        day is not None
        and day.end is not None
        and sent.start > carry.lead_start
        and p.end == doc.published
        and NOW.search(p.text.lower()) is not None
        and 0 < (doc.published - day.end).days <= NOW_LAG
    )


def dates(
    doc: Doc,
    vocab: Vocabulary,
    metric: str,
    picked: Decision[Period | None],
    status: str,
    carry: Carry,
    base: date | None = None,
) -> Dated:
    """period_start/period_end/date_basis of a row from the picked period (module docstring)."""
    period, rule = picked.value, picked.rule
    published = doc.published
    if (
        status == "observation"
        and period is not None
        and period.grain in ("year", "half", "quarter")
        and not is_window(period)
        and carry.lead_day is not None
        and period.end is not None
        and 0 < (carry.lead_day.end - period.end).days <= MEETING_LAG
    ):
        period, rule = carry.lead_day, "lead-event-day"  # results reported at a dated meeting
    basis = "stated"
    start: date | None = None
    end: date
    if period is None or period.end is None:
        end, basis = published, "publication"
    else:
        end = period.end
        start = period.start if vocab.kind[metric] == "flow" else None
        low = period.text.lower()
        if ("nay" in low or "hiện" in low) and end == published:
            basis, rule = "publication", "relative-now"
        if status != "target" and end > published and period.year_inferred:
            # a yearless period ahead of an achieved figure ("Hết quý II, … đạt 42%" in a January
            # article) is last year's
            earlier = _year_before(period)
            if earlier is not None and earlier.end is not None and earlier.end <= published:
                period, end, rule = earlier, earlier.end, "year-before"
                start = earlier.start if vocab.kind[metric] == "flow" else None
        if status != "target" and end > published:
            end, basis, rule = published, "publication", "future-clamped"
            if start is not None and start > end:
                start = None
    if status == "target" and period is None:
        basis = "publication"
    if base is not None and base < end:
        start = base
    return Dated(start, end, basis, period, rule)


def _year_before(p: Period) -> Period | None:
    """The same calendar period one year earlier (None for a 29 February)."""
    try:
        start = p.start.replace(year=p.start.year - 1) if p.start else None
        end = p.end.replace(year=p.end.year - 1) if p.end else None
    except ValueError:
        return None
    return replace(p, start=start, end=end)


def governing(doc: Doc, sent: Sentence) -> Period | None:
    """The last period in `sent` that governs later sentences, if any."""
    best = None
    for p in doc.periods_in(sent.start, sent.end):
        if p.end is None or p.role in _NOT_REFERENCE:
            continue
        if p.role == "reference" or (
            p.span[0] - sent.start <= SENT_START_WINDOW and not doc.is_doc_date(p)
        ):
            best = p
    return best


def event_day(doc: Doc, sent: Sentence) -> Period | None:
    """The day the lead's event took place ("Hội nghị sơ kết 6 tháng … diễn ra ngày 12/7"):
    what is reported there is as of that day, not of the period it reviews."""
    for p in doc.periods_in(sent.start, sent.end):
        if p.end is None or p.grain != "day" or p.role in _NOT_REFERENCE:
            continue
        opens = p.span[0] - sent.start <= SENT_START_WINDOW  # "Chiều 30/12, …"
        closes = sent.end - p.span[1] <= 2  # "… diễn ra ngày 12/7."
        if (opens or closes) and not doc.is_doc_date(p):
            return p
    return None


def last_stated(doc: Doc, sent: Sentence) -> Period | None:
    """The last date or window `sent` states of what it reports ("trong đợt cao điểm 50 ngày
    từ ngày 1/7 đến ngày 19/8/2025"): not a comparison, deadline, start or document date."""
    best = None
    for p in doc.periods_in(sent.start, sent.end):
        if p.end is None or p.role in _NOT_REFERENCE:
            continue
        if p.grain in ("day", "month", "range") and not doc.is_doc_date(p):
            best = p
    return best


def local_period(doc: Doc, sent: Sentence, q: Quantity) -> Period | None:
    """The reference period for a figure from its own sentence (nearest, before preferred)."""
    qs, qe = q.span
    best, best_d = None, None
    for p in doc.periods_in(sent.start, sent.end):
        if p.role == "deadline" and p.end is not None and p.span[1] <= qs and _is_day(p):
            # "Tại thời điểm trước ngày 7/1/2024, … mới có 73.748 người": as of the day before
            p = replace(p, end=p.end - timedelta(days=1), grain="as_of", role="reference")
        if p.end is None or p.role in _NOT_REFERENCE:
            continue
        ps, pe = p.span
        if ps < qe and pe > qs:
            continue
        late_day = (
            p.grain == "day"
            and ps - sent.start > SENT_START_WINDOW
            and EVENT_BEFORE.search(doc.low, max(sent.start, ps - EVENT_GAP), ps) is None
        )
        if p.role != "reference" and (doc.is_doc_date(p) or late_day):
            continue
        if p.role != "reference" and ps > qe and p.grain in ("day", "year"):
            continue
        if ps >= qe and CLAUSE_TURN.search(doc.low, qe, ps):
            continue  # "… 42%, trong khi cuối năm 2023 …": the next statement's date
        if ps >= qe and bisect_left(doc.q_starts, ps) > bisect_left(doc.q_starts, qe):
            continue  # "trên 48 triệu, cao hơn chỉ tiêu 40 triệu … cho 6 tháng đầu năm": past
            # another figure, a date is that figure's
        d = qs - pe if pe <= qs else (ps - qe) * 2 + 5
        if ps >= qe and doc.low[qe:ps].strip() == "(":
            d = -1  # "52 triệu (tháng 6/2024)": the figure's own date, in brackets
        if best_d is None or d < best_d:
            best, best_d = p, d
    return best


YEAR_CELL = re.compile(r"\s*(?:năm\s+)?((?:19|20)\d\d)\s*$")


def header_period(doc: Doc, header: tuple[int, int]) -> Period | None:
    """The date a table's column header names: a date or period read in it, or a year standing
    alone ("| 2023 |", "| Năm 2024 |") as of its last day."""
    dated = [p for p in doc.periods_in(*header) if p.end is not None]
    if dated:
        return dated[-1]
    m = YEAR_CELL.match(doc.low, header[0], header[1])
    if m is None:  # the pattern runs to the cell's end: the year is all the cell says
        return None
    year = int(m.group(1))
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Period(start, end, "year", m.group(1), m.span(1), role="reference", rule="year-cell")


def says_now(doc: Doc, sent: Sentence, pos: int) -> bool:
    """Does `sent` say "now" before `pos` ("hiện nay", "đến nay", or "Hiện" opening it)?"""
    head = doc.low[sent.start : pos]
    first_word = sent.start + len(head) - len(head.lstrip(" -*•+\t"))  # past a bullet's mark
    if NOW_OPENING.match(doc.low, first_word) is not None:
        return True
    return NOW.search(doc.low, sent.start, pos) is not None


def _is_day(p: Period) -> bool:
    """Does a deadline name a day ("trước ngày 7/1/2024"), not a month or year?"""
    return p.rule.startswith(("dmy", "dm"))


def deadline(doc: Doc, sent: Sentence, q: Quantity) -> Period | None:
    """The period nearest a target figure in its sentence: its deadline."""
    qs = q.span[0]
    best, best_d = None, None
    prev: Period | None = None
    for p in doc.periods_in(sent.start, sent.end):
        if future_start(doc, p):  # "Từ năm 2030, 100% người dân …": the goal holds from then
            p = replace(p, end=p.start, grain="day", role="deadline")
        elif p.end is None or p.role in ("comparison", "start") or doc.is_doc_date(p):
            continue
        d = abs(qs - p.span[0])
        a, b = sorted((qs, p.span[0]))
        if ";" in doc.low[a:b]:
            d += len(doc.low)  # "Phấn đấu đến 30/6, … 50%; đến hết năm 2025 …": its own clause's
        if prev is not None and ALTERNATIVE_GAP.fullmatch(doc.low, prev.span[1], p.span[0]):
            p = prev  # "đến cuối năm 2022, đầu năm 2023": the first is the deadline
        if best_d is None or d < best_d:
            best, best_d = p, d
        prev = p
    return best


#: Between a deadline and a later one offered as its alternative ("cuối năm 2022, đầu năm 2023").
ALTERNATIVE_GAP = re.compile(r"\s*(?:,|hoặc|hoac|-|–)\s*")


GOAL_BESIDE = re.compile(
    r"(?:\(\s*|(?<!\w)(?:"
    + cue_alt("status.goal_beside_before")
    + r")\s+)(?:"
    + cue_alt("status.goal_beside_result")
    + r")"
    + "".join(
        r"(?:\s+(?:" + "|".join(dict.fromkeys(re.escape(f) for f in (w, fold(w)))) + r"))?"
        for w in _CUES_STATUS["goal_beside_tail"]
    )
    + r"[\s:]*$"
)


def _goal_beside_result(doc: Doc, q: Quantity) -> bool:
    """Is the goal written beside the result it is measured against ("63,47% (mục tiêu 70%)",
    "… 18,54%, so với mục tiêu tương ứng là 70% và 30%")?"""
    i = bisect_left(doc.q_starts, q.span[0])
    if i == 0:
        return False
    before = doc.quantities[i - 1].span[1]
    gap = doc.low[before : q.span[0]]
    return len(gap) <= GOAL_GAP and GOAL_BESIDE.search(gap) is not None


GOAL_GAP = 60  # characters between a result and the goal written beside it


def future_start(doc: Doc, p: Period) -> bool:
    """Is `p` a start ahead of publication ("Từ năm 2030"): a goal's, since nothing reported can
    have started after the report?"""
    return p.role == "start" and p.start is not None and p.start > doc.published


def base_date(doc: Doc, sent: Sentence) -> date | None:
    """The day a change in `sent` is counted from, if stated: a compared day ("so với ngày
    5/1/2024") or day a level stood at ("so với cuối năm 2024"), else the first day of a stated
    stretch ("từ cuối năm 2024 đến hết tháng 8/2025, … tăng thêm hơn 200 triệu lượt"), or the
    compared day of an earlier sentence of the paragraph when this one says "so với cùng mốc
    này"."""
    periods = doc.periods_in(sent.start, sent.end)
    for p in periods:
        if p.role == "comparison" and p.grain == "day" and p.start is not None:
            return p.start
        if p.role == "comparison" and p.grain == "as_of" and p.end is not None:
            return p.end
    for p in periods:
        if p.grain == "range" and p.role != "comparison" and p.start is not None:
            return p.start
    if SAME_BASE.search(doc.low, sent.start, sent.end):
        # "… so với cùng mốc này": the base day an earlier sentence of the paragraph gave
        block = doc.blocks[sent.block]
        for p in reversed(doc.periods_in(block.start, sent.start)):
            if p.role == "comparison" and p.grain == "day" and p.start is not None:
                return p.start
    return None


def is_window(p: Period) -> bool:
    """Does `p` name a stretch of time a total is counted over ("6 tháng đầu năm", "từ 1/7 đến
    19/8", "trong năm 2025"), rather than a day the count stands at ("tính đến hết tháng 6")?"""
    if p.start is None or p.role == "reference":
        return False
    if p.grain in ("range", "half", "quarter"):
        return True
    return p.grain == "year" and WINDOW_WORD.match(p.text.lower()) is not None
