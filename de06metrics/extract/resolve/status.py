"""The status of a figure — observation, estimate or target — and the rule that decided it.

Rules (`cue`, then `settle` once the figure's period is known):
- `target-cue`: a target cue (phấn đấu, mục tiêu, chỉ tiêu, kế hoạch đề ra …) before the figure
  in its sentence makes it a target, unless a word between them turns to what is achieved
  ("hiện", "đến nay", "mới đạt": "Chỉ tiêu 80%; hiện mới đạt 45%"), or the figure's clause
  after a ";" says it is done ("đã"). A cue may reach a few
  characters into the figure's own qualifier ("cần đạt 40 triệu").
- `must-cue`: "phải" in the figure's own clause, before the next figure (not "đã phải", had to).
- `deadline-after`: a deadline after the figure in its clause, with no comma between ("cấp xong
  50 triệu thẻ trước ngày 1/7/2021"; after a comma it is another act's: "đề xuất … đối với 558
  thủ tục …, hoàn thành trong tháng 1/2024"), with nothing achieved said before it ("đã").
- `section-target`: a bullet or table row under a heading that names goals ("## Mục tiêu đặt ra").
- `future-start`: a figure of a clause that starts after publication ("Từ năm 2030, 100% …").
Then (`settle`), once the period is picked: `forecast-future` (an estimate for a period not
over), `future-period` (a period that starts after publication, its year written) and
`minimum-for-period-ahead` ("Năm 2026, đạt tối thiểu 95% …" in January 2026) are targets.
- `estimate-cue`: an estimate cue ("ước đạt", "dự kiến") before the figure.
- `forecast-future`: an estimate for a period not yet over at publication ("dự kiến năm 2025
  ước đạt …") is a plan: a target. Targets are never achievements.
- `no-cue`: an observation.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from de06metrics.dates import Period
from de06metrics.extract.figure import Decision
from de06metrics.extract.patterns import ACHIEVED, MUST, TARGET_CUE, cue_alt
from de06metrics.extract.resolve.period import future_start
from de06metrics.numbers import Quantity
from de06metrics.text import Sentence

if TYPE_CHECKING:
    from de06metrics.extract.doc import Doc

CUE_OVERLAP = 12  # characters a cue may reach into the figure's qualifier
TARGET_RULES = ("target-cue", "must-cue", "deadline-after", "section-target")
_DONE = re.compile(r"(?<!\w)(?:đã|da)(?!\w)")


def cue(doc: Doc, sent: Sentence, q: Quantity, heading: tuple[int, int] = (0, 0)) -> Decision[str]:
    """The status the cues of the figure's sentence give it (rules: module docstring); `heading`
    is the span of its section's heading."""
    qs = q.span[0]
    target, must, estimate, _ = doc.cues(sent)
    if target < qs and target_reaches(doc, sent, qs):
        return Decision("target", "target-cue")
    if must <= sent.end and must_applies(doc, sent, q):  # a "phải" somewhere in the sentence
        return Decision("target", "must-cue")
    if deadline_after(doc, sent, q):
        return Decision("target", "deadline-after")
    if (
        doc.blocks[sent.block].kind in ("bullet", "table")
        and heading[1] > heading[0]
        and goal_heading(doc.low, heading)
    ):
        return Decision("target", "section-target")
    if any(future_start(doc, p) for p in doc.periods_in(doc.clause_start(sent, qs), qs)):
        return Decision("target", "future-start")  # "Từ năm 2030, 100% người dân …"
    if estimate < qs:
        return Decision("estimate", "estimate-cue")
    return Decision("observation", "no-cue")


INDICATORS_BEFORE = re.compile(r"(?<!\w)(?:" + cue_alt("status.indicators_before") + r")\s+$")


def goal_heading(low: str, heading: tuple[int, int]) -> bool:
    """Does the heading name goals ("Mục tiêu năm 2025", "Chỉ tiêu được giao"), not a list of
    indicators ("Một số chỉ tiêu … qua các năm")?"""
    for m in TARGET_CUE.finditer(low, *heading):
        if not INDICATORS_BEFORE.search(low, max(heading[0], m.start() - 12), m.start()):
            return True
    return False


def settle(
    by_cue: Decision[str],
    period: Period | None,
    published: date,
    qualifier: str = "exact",
    own_clause: bool = False,
) -> Decision[str]:
    """The final status once the period is picked: a forecast for a period not over is a target;
    so is a figure whose own clause names a period that starts after publication ("Năm 2027, …")
    or a minimum for a period not over ("Năm 2026, đạt tối thiểu 95% …" in January 2026)."""
    if period is None or period.end is None or period.end <= published:
        return by_cue
    if by_cue.value == "estimate":
        return Decision("target", "forecast-future")
    # a yearless period is last year's (see `period.dates`), and a period carried from another
    # clause or sentence ("…; hiện mới đạt 45%") says nothing of this figure's plan
    if by_cue.value == "observation" and own_clause and not period.year_inferred:
        start = period.start or period.end
        if start > published:
            return Decision("target", "future-period")
        if qualifier == "at_least":
            return Decision("target", "minimum-for-period-ahead")
    return by_cue


def target_reaches(doc: Doc, sent: Sentence, qs: int) -> bool:
    """Does the last target cue before the figure still govern it? Not past a word that
    turns to what is achieved ("Chỉ tiêu 80%; hiện mới đạt 45%")."""
    last = None
    # a cue may end inside the figure's own qualifier ("cần đạt 40 triệu": "đạt 40 triệu")
    for m in TARGET_CUE.finditer(doc.low, sent.start, min(sent.end, qs + CUE_OVERLAP)):
        if m.start() < qs:
            last = m
    if last is None or ACHIEVED.search(doc.low, last.end(), qs) is not None:
        return False
    # past a ";", a clause saying what is done is not the goal's: "… cao hơn chỉ tiêu …; số tài
    # khoản đã kích hoạt là hơn 49,7 triệu"
    turn = doc.low.rfind(";", last.end(), qs)
    return turn < 0 or _DONE.search(doc.low, turn, qs) is None


def must_applies(doc: Doc, sent: Sentence, q: Quantity) -> bool:
    """Is the figure required ("phải") in its own clause (not "đã phải", had to), before the
    next figure ("… 33,9 triệu hồ sơ, bằng 67,8% mục tiêu 50 triệu thẻ phải hoàn thành …": the
    "phải" is the goal's)?"""
    low, qs, qe = doc.low, q.span[0], q.span[1]
    cs = doc.clause_start(sent, qs)
    for m in MUST.finditer(low, cs, doc.stretch_end(sent, qe)):
        if not low[max(cs, m.start() - 4) : m.start()].rstrip().endswith(("đã", "da")):
            return True
    return False


def deadline_after(doc: Doc, sent: Sentence, q: Quantity) -> bool:
    """Is the figure followed in its clause by a deadline ("… trước ngày 1/7/2021"), with no
    "đã" (done) before it in the clause?"""
    low, qs, qe = doc.low, q.span[0], q.span[1]
    cs = doc.clause_start(sent, qs)
    for p in doc.periods_in(qe, doc.clause_end(sent, qe)):
        if "," in low[qe : p.span[0]]:
            return False  # "…, hoàn thành trong tháng 1/2024": the deadline of another act
        if p.role == "deadline" and not doc.is_doc_date(p):
            return _DONE.search(low, cs, qs) is None
    return False
