"""`Carry`: what one sentence hands to the next — the reference period and locality in force per
block and per section, the lead's date, the lead-in line and table header, the last metric read.

Why a record of its own: the rules that read a figure are pure functions of the figure's sentence
and this record; the record is updated by one pass over the sentences (`enter` at each block's
first sentence, `after` at the end of every sentence).

What carries (from the extractor's rules):
- A reference phrase ("tính đến …", "đến nay", "quý I/2024", "6 tháng đầu năm") that governs a
  sentence also governs the later sentences of its paragraph; in a heading or a lead-in line it
  governs the section below, until the next heading. A lead-in under a heading keeps the
  heading's date. Bullets and table rows keep their paragraph's.
- A sentence naming one locality (not a list) sets it for the rest of its block (and section, for
  headings and lead-ins).
- The lead (the first paragraph of at least `LEAD_MIN` characters, or the next one when the first
  states no date: a background) dates what the article reports
  when it opens with a date ("Chiều 30/12, … tổ chức hội nghị", "Tính đến ngày 10/1, …"), for
  the figures from the lead on that state no date of their own, before the publication date. The
  lead's event day is kept apart: results of a period reported at a dated meeting take that day.
- A lead-in line ("Các địa phương … kích hoạt tài khoản …:") names the metric of the bullets
  that follow it; the first row of a table names its columns, and a short line right above it
  is its caption.
- "Con số này" refers back to the metric of the last figure read.
- The section's heading, with the document's title, is the topic that completes a generic noun
  ("Hồ sơ đã thu nhận" under "… cấp căn cước gắn chip").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from de06metrics.dates import Period
from de06metrics.extract.doc import Doc
from de06metrics.extract.patterns import cells
from de06metrics.extract.resolve.geo import block_geo
from de06metrics.extract.resolve.period import event_day, governing, is_window, last_stated
from de06metrics.lexicon import fold, section
from de06metrics.text import Sentence

LEAD_TRIES = 2  # paragraphs: a first one with no date (a background) may precede the dated one
LEAD_MIN = 150  # characters: a shorter first line is a headline, a byline or a caption
_DATES = section("dates")
#: the words a byline has besides its date ("Thứ Năm", "Cập nhật", "lúc")
_BYLINE_WORDS = frozenset(
    w
    for phrase in (*_DATES["weekdays"], *(p for ps in _DATES["byline_cues"].values() for p in ps))
    for form in (phrase, fold(phrase))
    for w in form.split()
) | {"ngày", "ngay", "lúc", "luc", "giờ", "gio", "h"}
_LETTERS = re.compile(r"[^\W\d_]+")


def is_dated_line(low: str, date_text: str) -> bool:
    """Is a line its date and nothing else a reader would call content, a byline ("thứ năm,
    14/11/2024 - 08:30")? Such a date is when the page was written, not what it reports."""
    rest = low.replace(date_text.lower(), " ", 1)
    return all(w in _BYLINE_WORDS for w in _LETTERS.findall(rest))


@dataclass
class Carry:
    """The state in force at the sentence being read (see the module docstring)."""

    lead_start: int  # where the lead starts (len(text) when no lead dates the article)
    lead_period: Period | None = None  # the date the lead opens with
    lead_day: Period | None = None  # the lead's date when it is a day (the event's day)
    block: int = -1  # index of the block being read
    section_period: Period | None = None
    section_geo: str | None = None
    block_period: Period | None = None
    block_period_rule: str = "carried-block"  # or "carried-section" (inherited)
    block_geo: str | None = None
    block_geo_rule: str = "carried-block"
    leadin: tuple[int, int] = (0, 0)  # span of the lead-in line the bullets/rows follow
    heading: tuple[int, int] = (0, 0)  # span of the heading of the section being read
    header: list[tuple[int, int]] = field(default_factory=list)  # cells of a table's first row
    caption: tuple[int, int] = (0, 0)  # the short line right above a table
    last_metric: str | None = None  # what "con số này" refers back to
    # per unit, the last metric read and its block: what a repeated noun refers back to
    recent: dict[str, tuple[str, int]] = field(default_factory=dict)
    here_period: Period | None = None  # the period the sentence being read sets for what follows
    here_geo: str | None = None  # the one locality the sentence being read names
    dated_line: bool = False  # the sentence being read is a date and little else (a byline)

    def begin(self, doc: Doc, sent: Sentence) -> None:
        """Update before reading `sent`: a new block's carry, what `sent` itself sets."""
        if sent.block != self.block:
            self._enter(doc, sent)
        self.here_period = governing(doc, sent)
        # a line that is little more than its date is a byline or dateline ("Thứ Năm,
        # 14/11/2024 - 08:30"): when the page was written, not what its sections report
        p = self.here_period
        self.dated_line = p is not None and is_dated_line(doc.low[sent.start : sent.end], p.text)
        self.here_geo = block_geo(doc, sent)

    def end(self, kind: str) -> None:
        """Update after reading a sentence of a block of `kind`: what it set carries on."""
        self.after(kind, self.here_period, self.here_geo)

    def _enter(self, doc: Doc, sent: Sentence) -> None:
        """Update for `sent`, which opens a new block."""
        self.block = sent.block
        block = doc.blocks[sent.block]
        kind = block.kind
        if kind == "heading":  # a lead-in under a heading keeps the heading's date
            self.section_period, self.section_geo = None, None
            self.heading = (block.start, block.end)
        if kind not in ("bullet", "table"):
            self.block_period, self.block_geo = self.section_period, self.section_geo
            self.block_period_rule = self.block_geo_rule = "carried-section"
            self.leadin = (sent.start, sent.end) if kind == "leadin" else (0, 0)
        if kind != "table":
            self.header, self.caption = [], (0, 0)
        elif not self.header:  # the first row of a table names its columns
            self.header = cells(doc.low, block.start, block.end)
            above = doc.blocks[sent.block - 1] if sent.block else None
            if above is not None and above.kind != "table" and above.end - above.start < 200:
                self.caption = (above.start, above.end)

    def after(self, kind: str, governs: Period | None, geo_here: str | None) -> None:
        """Update at the end of a sentence of a block of `kind` that states `governs` (a period
        for what follows) and `geo_here` (one locality)."""
        if governs is not None:
            self.block_period, self.block_period_rule = governs, "carried-block"
            if kind in ("heading", "leadin") and not self.dated_line:
                self.section_period = governs
        if geo_here is not None:
            self.block_geo, self.block_geo_rule = geo_here, "carried-block"
            if kind in ("heading", "leadin"):
                self.section_geo = geo_here

    def period_for(self, sent: Sentence) -> tuple[Period | None, str]:
        """The period carried to `sent` and the rule that carried it."""
        if self.block_period is not None:
            return self.block_period, self.block_period_rule
        return self.lead_for(sent)

    def lead_for(self, sent: Sentence) -> tuple[Period | None, str]:
        """The lead's date for `sent` (from the lead on), if the article opens with one."""
        if self.lead_period is not None and sent.start >= self.lead_start:
            return self.lead_period, "lead-date"
        return None, ""

    def column_header(self, doc: Doc, sent: Sentence, pos: int) -> tuple[int, int] | None:
        """The span of the header cell above `pos` in a table row ("Hà Nội | 6.512.000 | …"), or
        None outside a table, in its first row, or past the header's last column."""
        block = doc.blocks[sent.block]
        if block.kind != "table" or not self.header or block.start == self.header[0][0]:
            return None
        column = doc.low.count("|", block.start, pos)
        return self.header[column] if column < len(self.header) else None

    def geo_for(self) -> tuple[str | None, str]:
        """The locality carried to the sentence being read (none when it names its own)."""
        if self.here_geo is None and self.block_geo is not None:
            return self.block_geo, self.block_geo_rule
        return None, ""


def start(doc: Doc) -> Carry:
    """The Carry before the first sentence: the lead's date found once."""
    lead_start, lead_period = lead(doc)
    day = lead_period if lead_period is not None and lead_period.grain == "day" else None
    return Carry(lead_start, lead_period, day)


def lead(doc: Doc) -> tuple[int, Period | None]:
    """(where the lead starts, the date it opens with): "Chiều 30/12, … tổ chức hội nghị",
    "Tính đến ngày 10/1, …" date what the article reports, for the figures from the lead on
    that state no date of their own, before falling back to the publication date."""
    tries = LEAD_TRIES
    for block in doc.blocks:
        if block.kind not in ("paragraph", "leadin") or block.end - block.start < LEAD_MIN:
            continue
        i = bisect_left(doc.sent_starts, block.start)
        if i >= len(doc.sentences):
            break
        first = doc.sentences[i]
        p = event_day(doc, first) or governing(doc, first) or last_stated(doc, first)
        later = tries < LEAD_TRIES  # past an undated opening, only a day the count stands at
        stated = p is not None and p.end is not None and p.end <= doc.published
        if stated and not (later and is_window(p)):
            return block.start, p
        tries -= 1
        if p is not None or not tries:
            break
    return len(doc.text), None
