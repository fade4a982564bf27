"""A `Doc`: one document scanned once — its text, views, blocks and sentences, and span layers.

Why: every later stage is cheap logic on positions. The scan is done once per document here: the
NFC text (normalised by the caller), its lower-cased view (same length, so positions agree), the
blocks and sentences (`text.segment`), and the span layers each found in one pass of compiled
regular expressions — quantities and every rejected number with its reason (`numbers`), dates and
periods (`dates`), province names (one diacritic-insensitive alternation from the registry).
Lookups by position (bisect over each layer's starts) give what lies in a sentence; the folded
view and the cue positions are computed per sentence, lazily, only where a figure stands.

A letterhead naming a province's body ("UBND TỈNH QUẢNG NAM") makes the document that province's
own report (`issuer`): the locality of figures that name none.

A province name at the start of a line followed by a date or an outlet in brackets and a dash is
a dateline ("Hà Nội, ngày 10/1/2025 - …", "HÀ NỘI (TTXVN) – …"): where the story was filed, not
a locality of the figures, so it is not an area span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date

from de06metrics.dates import Period, find_periods
from de06metrics.extract.patterns import (
    CENTRAL_MEETING,
    DATELINE_AFTER,
    DOC_BEFORE,
    EN_ONLY,
    ESTIMATE_CUE,
    ISSUER_LINE,
    MUST,
    NATIONAL,
    NATIONAL_RANKED,
    TARGET_CUE,
    VI_ONLY,
    fast_fold,
    lower_same_length,
    match_key,
    words_of,
)
from de06metrics.extract.vocabulary import Vocabulary
from de06metrics.numbers import find_quantities
from de06metrics.published import is_letter_number
from de06metrics.text import Sentence, segment

COLUMN_GAP = re.compile(r"\s{3,}|\t")  # between a letterhead's two columns
ISSUER_LINES = 8  # a letterhead's lines: the first non-empty lines of a document
QUOTE_MAX_WORDS = 25
RANKED_SPAN = 24  # characters before a national cue that may rank a province in the country
TITLE_MAX = 200  # characters: a longer first line is a paragraph, not a headline

Area = tuple[int, int, str]  # (start, end, area key)


class Doc:
    """One document, scanned once: text, lower-cased view, blocks, sentences and span layers."""

    def __init__(
        self,
        text: str,
        published: date,
        source_id: str,
        vocab: Vocabulary,
        *,
        home: str | None = None,
    ) -> None:
        self.text = text
        plain = text.lower()
        self.low = plain if len(plain) == len(text) else lower_same_length(text)
        self.published = published
        self.source_id = source_id
        self.blocks, self.sentences = segment(text)
        self.sent_starts = [s.start for s in self.sentences]
        reading = find_quantities(text, separators=separators(text), rejections=True)
        self.quantities = reading.quantities
        self.rejected = reading.rejected
        self.q_ends = {q.span[1] for q in self.quantities}
        self.q_starts = [q.span[0] for q in self.quantities]
        self.periods = find_periods(text, published)
        self.period_starts = [p.span[0] for p in self.periods]
        self.areas = _find_areas(text, self.low, vocab)
        self.area_starts = [a[0] for a in self.areas]
        # the document's own province (its letterhead's or dateline's place), if it is one
        home_key = match_key(lower_same_length(home)) if home else None
        self.home = home_key if home_key in vocab.area_codes else None
        self.issuer = self._issuer()
        # folded (diacritic-free) text is needed only around figures: folded per sentence, lazily
        self._fold_sent: Sentence | None = None
        self._fold_text = ""
        self._cue_sent: Sentence | None = None
        self._title: frozenset[str] | None = None
        self._title_text: str | None = None
        self._title_is_heading = False
        self._alias_spans: list[tuple[int, str]] | None = None
        self._cue_pos: tuple[int, int, int, int] = (0, 0, 0, 0)

    def _issuer(self) -> str | None:
        """The province whose body issues the document, named in its letterhead ("UBND TỈNH
        QUẢNG NAM", or "ỦY BAN NHÂN DÂN" over "TỈNH THÁI NGUYÊN" in the letterhead's left
        column) in capitals above a letter number ("Số: 215/BC-UBND"): its figures are that
        province's unless they say otherwise. A ministry's letter ("BỘ CÔNG AN"), a province's
        relay of a national meeting (its title names a central body or the country: "Nội dung
        Phiên họp … của Ủy ban Quốc gia"), a dateline or a news page has none."""
        text, low = self.text, self.low
        body_at, body, numbered = -1, None, False
        for seen, b in enumerate(self.blocks[:ISSUER_LINES]):
            if b.kind not in ("heading", "table"):
                break  # the first paragraph, lead-in or list: the letterhead and title are above
            line = text[b.start : b.end]
            # the left column of a two-column letterhead ("TỈNH X      Độc lập - …")
            left = COLUMN_GAP.split(line, maxsplit=1)[0]
            # in capitals, as a letterhead is (a headline "Công an tỉnh X …" is not one)
            if body_at < 0 and left.isupper() and ISSUER_LINE.match(low, b.start):
                body_at = seen
            if body is None and body_at >= 0 and seen - body_at <= 2 and left.isupper():
                named = self.areas_in(b.start, b.start + len(left))
                if named:
                    body = named[-1][2]  # "PHƯỜNG TÂN AN / THÀNH PHỐ CẦN THƠ": the city
            # the title under the letter number: not a relay of a national meeting ("Nội dung
            # Phiên họp … của Ủy ban Quốc gia …") nor the country's figures
            title = (low, b.start, b.end)
            if numbered and body and (NATIONAL.search(*title) or CENTRAL_MEETING.search(*title)):
                return None
            numbered = numbered or is_letter_number(line)
        return body if numbered else None

    # -- lookups by position ---------------------------------------------------------------
    def areas_in(self, s: int, e: int) -> list[Area]:
        i = bisect_left(self.area_starts, s)
        j = bisect_left(self.area_starts, e)
        return self.areas[i:j]

    def last_area_before(self, pos: int) -> str | None:
        """The province named last before `pos`, else the document's own: what "tỉnh"/"thành
        phố"/"trên địa bàn" alone refer back to."""
        if self.issuer is not None:  # in a province's own report, "toàn tỉnh" is the province
            return self.issuer
        i = bisect_left(self.area_starts, pos)
        for s, e, key in reversed(self.areas[:i]):
            # a province in a bracketed aside ("Gia Lai (mới, sau hợp nhất với Bình Định), …
            # toàn tỉnh") is not what "tỉnh" refers back to
            opened = self.text.rfind("(", 0, s) > self.text.rfind(")", 0, s)
            if not (opened and ")" in self.text[e:pos]):
                return key
        return self.areas[i - 1][2] if i else self.home

    def clause_start(self, sent: Sentence, pos: int) -> int:
        """Where the clause holding `pos` starts: after the last ";" before it in `sent`."""
        return max(self.low.rfind(";", sent.start, pos) + 1, sent.start)

    def clause_end(self, sent: Sentence, pos: int) -> int:
        """Where the clause holding `pos` ends: the next ";" in `sent`, or the sentence's end."""
        end = self.low.find(";", pos, sent.end)
        return sent.end if end < 0 else end

    def stretch_end(self, sent: Sentence, pos: int) -> int:
        """Where the words after a figure ending at `pos` stop being its own: the end of its
        clause (a ";" or the sentence's end) or the next figure, whichever comes first."""
        end = self.clause_end(sent, pos)
        i = bisect_left(self.q_starts, pos)
        return min(end, self.q_starts[i]) if i < len(self.q_starts) else end

    def periods_in(self, s: int, e: int) -> list[Period]:
        i = bisect_left(self.period_starts, s)
        j = bisect_left(self.period_starts, e)
        return self.periods[i:j]

    def is_doc_date(self, p: Period) -> bool:
        """Is `p` a document's own number or signing date ("số 06/QĐ-TTg ngày …")?"""
        before = self.text[max(0, p.span[0] - 25) : p.span[0]]
        before = before[before.rfind("\n") + 1 :]  # a line above ends no document number
        return bool(DOC_BEFORE.search(before))

    def title_words(self) -> frozenset[str]:
        """The folded words of the document's headline (`title_folded`)."""
        if self._title is None:
            self._title = words_of(self.title_folded())
        return self._title

    def title_folded(self) -> str:
        """The document's headline, lower-cased and folded: of the short lines before its first
        paragraph, the longest that is neither page furniture (a "|" menu, a line of numbers
        such as a byline or a hotline) nor a list."""
        if self._title_text is None:
            best = None
            for b in self.blocks[:-1]:  # a title has text after it
                line = self.text[b.start : b.end]
                if b.end - b.start >= TITLE_MAX or b.kind == "paragraph":
                    break  # the first paragraph: the headline is above it
                digits = sum(c.isdigit() for c in line)
                if b.kind in ("table", "bullet") or digits * 5 > len(line):
                    continue
                if best is None or b.end - b.start > best.end - best.start:
                    best = b
            self._title_text = fast_fold(self.low[best.start : best.end]) if best else ""
            self._title_is_heading = best is not None and best.kind == "heading"
        return self._title_text

    def heading_title_folded(self) -> str:
        """`title_folded` when the headline is a line of its own (a heading block), not a short
        opening paragraph; else ""."""
        title = self.title_folded()
        return title if self._title_is_heading else ""

    def alias_words(self, vocab: Vocabulary, sent: Sentence) -> frozenset[str]:
        """The folded words of every metric alias the document names outside `sent`: what it
        is about ("thẻ căn cước công dân gắn chip" in one bullet makes "hồ sơ" elsewhere likely
        the card's applications). The figure's own sentence is left out: there, the clause
        rules decide what names what."""
        if self._alias_spans is None:
            self._alias_spans = [
                (m.start(), match_key(m.group())) for m in vocab.metric_re.finditer(self.low)
            ]
        return frozenset(
            w
            for at, key in self._alias_spans
            if not sent.start <= at < sent.end
            for w in key.replace(",", "").split()
        )

    def folded(self, sent: Sentence) -> str:
        """`fold` of the lower-cased sentence (cached for the sentence being read)."""
        if self._fold_sent is not sent:
            self._fold_sent = sent
            self._fold_text = fast_fold(self.low[sent.start : sent.end])
        return self._fold_text

    def cues(self, sent: Sentence) -> tuple[int, int, int, int]:
        """First positions of target, "phải", estimate and national cues in the sentence
        (`sent.end + 1` when absent); a country a province is ranked in ("dẫn đầu cả nước") is
        no national cue."""
        if self._cue_sent is not sent:
            low, a, b = self.low, sent.start, sent.end
            found = []
            for pat in (TARGET_CUE, MUST, ESTIMATE_CUE):
                m = pat.search(low, a, b)
                found.append(m.start() if m else b + 1)
            national = next(self.national_cues(a, b), None)
            found.append(national[0] if national else b + 1)
            self._cue_sent, self._cue_pos = sent, tuple(found)
        return self._cue_pos  # type: ignore[return-value]

    def national_cues(self, s: int, e: int) -> Iterator[tuple[int, int]]:
        """The spans of the national cues in [s, e) ("cả nước", "toàn quốc"), in order, leaving
        out the country a province is ranked in ("dẫn đầu cả nước")."""
        low = self.low
        for m in NATIONAL.finditer(low, s, e):
            if not NATIONAL_RANKED.search(low, max(s, m.start() - RANKED_SPAN), m.start()):
                yield m.span()

    def quote_at(self, s: int, e: int) -> str:
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


def _find_areas(text: str, low: str, vocab: Vocabulary) -> list[Area]:
    """Province names written with a capital letter, datelines left out."""
    out = []
    for m in vocab.area_re.finditer(low):
        s, e = m.span()
        if not any(c.isupper() for c in text[s:e]):
            continue
        if not low[low.rfind("\n", 0, s) + 1 : s].strip() and DATELINE_AFTER.match(low, e):
            continue
        key = match_key(m.group())
        written = " ".join(low[s:e].split())
        if written != key and written not in vocab.area_written.get(key, (written,)):
            continue  # written with other diacritics: another word ("Diễn biến")
        out.append((s, e, key))
    return out


def separators(text: str) -> str:
    """The digit grouping a document uses: "en" when it writes only English-style figures
    ("617,000,000", "92.6 triệu", "41.6%") and no Vietnamese-only one ("1.234.567", "12,5%"),
    else "vi". A page keeps one convention; a lone ambiguous figure ("29,807 tỷ") follows it."""
    if "," not in text and "." not in text:
        return "vi"
    first = EN_ONLY.search(text)  # most pages have none: one scan, and done
    if first is None or EN_ONLY.search(text, first.end()) is None:
        return "vi"
    return "vi" if VI_ONLY.search(text) else "en"
