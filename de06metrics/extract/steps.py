"""Steps over the figures of one sentence, then over the whole document.

Sentence steps (after each figure's metric is resolved):
- `restatements`: a figure restated right after it in brackets ("85.000.000 (tám mươi lăm
  triệu)") is one figure; the restatement is unmapped.
- `pair_respectively`: "Hà Nội và TP.HCM lần lượt có 6,5 triệu và 7,8 triệu tài khoản …": the
  figures after "lần lượt" take the localities named before it, in order, and the metric the
  group names; coordinated phrases ("… đã cấp và đã kích hoạt lần lượt là 80 và 55 triệu") give
  one metric each.
- `pair_bases`: a count introduced as a total ("trong tổng số 290.651 đối tượng …, mới có
  73.748 người …") is the denominator of the next, smaller count, not a row.
- `pair_shares`: a percent right after a count is the count's share ("512.300 tài khoản (61%)",
  "…, chiếm 25,37%", "tương đương 39%"), the share metric the registry pairs with the count's; a
  percent of a plan ("bằng 67,8% mục tiêu") or the margin a goal was passed by ("vượt xa mục
  tiêu 40 triệu … (vượt 62,5%)") is progress, not a share. The words after a share
  set off in brackets or commas are the count's ("1,2 triệu người, tương đương 35%, nhận …").
- `pair_amounts`: money right after a count ("…, tổng giá trị hơn 29.807 tỷ đồng") is what
  the count is worth, the amount metric the registry pairs with the count's.
- `whole_of_part`: a count right before a part of it ("29,4 triệu hồ sơ, trong đó 24 triệu hồ
  sơ được nộp trực tuyến") counts the whole the registry names for the part (`part_of`).
- `mark_remainders`: a figure its own words call what is left or still waiting ("năm triệu
  thẻ còn lại") is the complement of a level, not a level.
- `part_of_whole`: a part listed right after a total counts the registry's part of that whole
  when its own words fit it ("152.440 hồ sơ thủ tục hành chính, trong đó 61.200 hồ sơ trực
  tuyến" are the locality's online dossiers, not the portal's).
- `mark_breakdowns`: the parts listed after a total ("…, gồm 1,55 triệu người có công … và 4,33
  triệu đối tượng bảo trợ xã hội") whose metric came only from the total's words are a
  breakdown, not rows; a part naming its own metric, or a province's part, stays a row.
- `mark_changes`: changes ("tăng 72.944 người (14,02%) so với …", "cao hơn 1,1 triệu … so với
  cùng kỳ") are never levels: they go to `unmapped` as changes, with the metric they change when
  known — or, when the registry records that metric's change and the sentence states its base
  date ("so với ngày 5/1/2024"), become a row of the change metric from that date.
Document steps:
- `stock_window`: a stock metric's figure over a window ("6 tháng đầu năm", "từ 1/7 đến 19/8",
  "trong năm 2025") is a flow of the stock, never its level (unmapped), unless the window starts
  at the metric's own cumulative start ("từ 9/12/2019", the portal's launch), or only the lead's
  or the section heading's window dates it (then it is the level at the window's end).
- repeats: a later figure with the same (metric, geo, period end, status) repeats an earlier one.
- `restates_earlier`: a figure named as one ("con số khoảng 30 triệu …") with the value of a row
  already read is discussed again, not reported again.
- `drop_headline_repeats`: a title that restates a body figure, by its metric or by its count
  or amount under looser words ("gần 68 triệu" over
  "67.910.130") is not a row.
- `account`: every number `numbers` did not read is accounted with its own reason, so that
  observations and unmapped rows together cover every mention.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace

from de06metrics.extract.doc import Doc
from de06metrics.extract.figure import Cand
from de06metrics.extract.patterns import (
    CHANGE_BEFORE,
    CHANGE_LINK,
    CHANGE_OPEN,
    CLAUSE_TURN_WORD,
    COMPARE_BEFORE,
    COORD,
    OF_PLAN,
    RESPECTIVELY,
    SHARE_LINK,
    SO_VOI,
    SO_VOI_IN,
    TARGET_CUE,
    cue_alt,
    cue_re,
    head_stretch,
    match_key,
    phrase_key,
    unit_of,
    words_of,
)
from de06metrics.extract.resolve.period import Dated, base_date, is_window
from de06metrics.extract.vocabulary import FUNCTION_WORDS, Vocabulary
from de06metrics.numbers import REASON_LABELS, Quantity
from de06metrics.text import Sentence

SHARE_GAP = 90  # characters between a count and its share, at most
LEVEL = REASON_LABELS["level"]
# a share set off by commas after a count and its one-word noun: ", tương đương 40,26%,"
SET_OFF = re.compile(r"[ \t]*(?:[^\W\d_]+[ \t]*)?(,[ \t]*(?:" + cue_alt("share.link") + r")[ \t]+)")


def _bracketed(low: str, a: Quantity, b: Quantity, words: int = 0) -> tuple[int, int] | None:
    """The span of "(b)" when figure `b` stands alone in brackets after figure `a`, with at most
    `words` words between them; else None."""
    gap = low[a.span[1] : b.span[0]].rstrip()
    close = low.find(")", b.span[1])
    if not gap.endswith("(") or len(gap[:-1].split()) > words or close < 0:
        return None
    if low[b.span[1] : close].strip():
        return None
    return a.span[1] + len(gap) - 1, close + 1


LIST_LINK = re.compile(r"\s*(?:,|(?:" + cue_alt("link.coordination") + r")(?!\w))\s*")


def level_lists(doc: Doc, cands: list[Cand]) -> None:
    """A bare number listed right after a level ("mức độ 3, 4", "mức 3 và 4") is a level too,
    not a figure."""
    ends = [r.span[1] for r in doc.rejected if r.reason == "level"]
    for cand in cands:
        q = cand.q
        if q.unit != "count" or q.qualifier != "exact" or q.scale_word or q.value >= 10:
            continue
        if any(e <= q.span[0] and LIST_LINK.fullmatch(doc.low, e, q.span[0]) for e in ends):
            cand.metric, cand.reason = None, LEVEL
            ends.append(q.span[1])  # "mức 2, 3 và 4"


def restatements(low: str, qs: list[Quantity]) -> dict[int, int]:
    """Figures restated right after them in brackets ("85.000.000 (tám mươi lăm triệu)"): the
    figure's index → the end of the brackets."""
    out = {}
    for k, (a, b) in enumerate(itertools.pairwise(qs)):
        span = _bracketed(low, a, b)
        same = a.unit == b.unit and abs(a.value - b.value) <= 1e-9 * max(abs(a.value), 1.0)
        if span is not None and same:
            out[k] = span[1]
    return out


def _set_off(low: str, a: Quantity, b: Quantity) -> tuple[int, int] | None:
    """The span of ", <link> b," when percent `b` is set off by commas after figure `a` and at
    most one word ("2,36 triệu người, tương đương 40,26%, nhận quà …"); else None."""
    m = SET_OFF.match(low, a.span[1], b.span[0])
    if m is None or m.end() != b.span[0]:
        return None
    close = re.match(r"\s*,", low[b.span[1] : b.span[1] + 4])
    if close is None:
        return None
    return m.start(1), b.span[1] + close.end()


def bracketed_shares(low: str, qs: list[Quantity]) -> dict[int, tuple[int, int]]:
    """Counts with their share in brackets, or set off by commas, right after them or after a
    one-word noun ("gần 4.500 (70,8%) thủ tục …", "98.940 người (1,68%) nhận qua …", "2,36
    triệu người, tương đương 40,26%, nhận quà …"): the count's index → the span of the aside,
    which its words are read past."""
    out = {}
    for k, (a, b) in enumerate(itertools.pairwise(qs)):
        if a.unit == "percent" or b.unit != "percent":
            continue
        span = _bracketed(low, a, b, words=1) or _set_off(low, a, b)
        if span is not None:
            out[k] = span
    return out


def pair_respectively(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """ "Hà Nội và TP.HCM lần lượt có 6,5 triệu và 7,8 triệu tài khoản …": the figures after
    "lần lượt" take the localities named before it, in order, and share the metric the
    group names. The metrics may be named in order instead ("khối bộ, ngành và khối địa
    phương … lần lượt đạt 61% và 17%"), and a later "lần lượt" of the sentence with none of its
    own ("; cuối năm 2023 lần lượt là 38% và 9%") pairs as the one before it."""
    before: list[str] = []
    for m in RESPECTIVELY.finditer(doc.low, sent.start, sent.end):
        start = doc.clause_start(sent, m.start())
        group = _listed_after(doc, [c for c in cands if m.end() <= c.q.span[0] < sent.end])
        if len(group) < 2:
            continue
        keys = list(dict.fromkeys(k for _, _, k in doc.areas_in(start, m.start())))
        if not keys:  # "… lần lượt là Bạc Liêu, Sơn La và Nghệ An, với tỷ lệ 7,4%; 8,3%; 8,6%"
            keys = list(dict.fromkeys(k for _, _, k in doc.areas_in(m.end(), group[0].q.span[0])))
        metrics = coordinated_metrics(doc, vocab, start, m.start())
        if len(metrics) != len(group):
            metrics = _named_in_order(doc, vocab, start, m.start()) or before
        if len(metrics) == len(group):  # "… đã cấp và đã kích hoạt lần lượt là 80 và 55 triệu"
            for c, metric in zip(group, metrics, strict=True):
                if vocab.unit[metric] == unit_of(c.q):
                    c.metric, c.score, c.rule, c.reason = metric, 90, "respectively", None
            before = metrics
        named = [c.metric for c in group if c.metric is not None]
        for i, c in enumerate(group):
            if len(keys) == len(group):
                c.area = keys[i]
            if c.metric is None and named and unit_of(c.q) == vocab.unit[named[-1]]:
                c.metric, c.score, c.rule, c.reason = named[-1], 60, "respectively", None


def _listed_after(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """The figures listed together from the first of `cands` on ("63,47% và 18,54%", "6,5
    triệu tài khoản và 7,8 triệu tài khoản", "7,4%; 8,3%; 8,6%"): a comparison, a goal, a turn
    or a new statement after a ";" between two figures ("…, so với mục tiêu tương ứng là 70%
    và 30%") starts another list."""
    out: list[Cand] = []
    for c in cands:
        if c.q.is_change:
            continue
        if out:
            s, e = out[-1].q.span[1], c.q.span[0]
            between = doc.low[s:e]
            if ";" in between and any(ch.isalpha() for ch in between):
                break  # "…; cuối năm 2023 lần lượt là …": another statement
            if any(p.search(doc.low, s, e) for p in (SO_VOI_IN, CLAUSE_TURN_WORD, TARGET_CUE)):
                break
        out.append(c)
    return out


def _named_in_order(doc: Doc, vocab: Vocabulary, s: int, e: int) -> list[str]:
    """The metrics named in [s, e), in order, when each phrase names exactly one: what figures
    after "lần lượt" pair with. [] when a phrase is ambiguous."""
    out: list[str] = []
    for m in vocab.metric_re.finditer(doc.low, s, e):
        owners = vocab.alias_metrics.get(match_key(m.group()), ())
        if len(owners) != 1:
            return []
        if owners[0] not in out:
            out.append(owners[0])
    return out


def coordinated_metrics(doc: Doc, vocab: Vocabulary, s: int, e: int) -> list[str]:
    """The metrics of coordinated phrases ("tài khoản … đã cấp và đã kích hoạt"): the first
    names one; each later one completes the first's head noun. [] unless each names one."""
    items = [i for i in COORD.split(doc.low[s:e]) if i.strip()]
    first = [match_key(m.group()) for m in vocab.metric_re.finditer(items[0])] if items else []
    if len(items) < 2 or not first:
        return []
    longest = phrase_key(max(first, key=len))
    head = longest.split(" ")
    out = [vocab.alias_metrics[longest][0]]
    for item in items[1:]:
        rest = phrase_key(item)
        found = next(
            (
                vocab.alias_metrics[k][0]
                for cut in range(len(head), 0, -1)
                if (k := " ".join(head[:cut]) + " " + rest) in vocab.alias_metrics
            ),
            None,
        )
        if found is None:
            return []
        out.append(found)
    return out


def compared(doc: Doc, q: Quantity, sent: Sentence) -> bool:
    """ "cao hơn 1,1 triệu giao dịch so với cùng kỳ": a difference, not a level."""
    qs, qe = q.span
    if q.qualifier not in ("more_than", "less_than") or not COMPARE_BEFORE.search(
        doc.low, max(sent.start, qs - 8), qs
    ):
        return False
    end = min(sent.end, qe + 60)
    semi = doc.low.find(";", qe, end)
    return SO_VOI_IN.search(doc.low, qe, end if semi < 0 else semi) is not None


BASE_BEFORE = re.compile(r"(?<!\w)(?:" + cue_alt("share.base_before") + r")\s*$")


def pair_bases(doc: Doc, sent: Sentence, cands: list[Cand]) -> None:
    """A count introduced as a total ("trong tổng số 290.651 đối tượng …, mới có 73.748 người
    có tài khoản") is the base of the next, smaller count of its unit in the sentence: that
    count's denominator, not a row of its own."""
    low = doc.low
    for i, base in enumerate(cands):
        q = base.q
        if q.unit != "count" or q.denominator is not None:
            continue
        if not BASE_BEFORE.search(low, max(sent.start, q.span[0] - 20), q.span[0]):
            continue
        part = next((c for c in cands[i + 1 :] if c.q.unit == q.unit), None)
        if part is None or part.q.denominator is not None or not part.q.value < q.value:
            continue
        part.q = replace(part.q, denominator=q.value)
        base.reason = f"the total the figure after it ({part.q.text}) is counted out of"


def pair_shares(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """A percent right after a count is the count's share ("512.300 tài khoản (61%)",
    "…, chiếm 25,37%", "tương đương 39%"): the share metric the registry pairs with the
    count's metric; when the count's metric has none, the percent is no other metric's share and
    stays out with that reason. A percent of a plan ("bằng 67,8% mục tiêu") is progress, not a
    share."""
    low = doc.low
    for prev, cand in itertools.pairwise(cands):
        q = cand.q
        if q.unit != "percent" or q.is_change or prev.metric is None:
            continue
        if prev.reason and not prev.reason.startswith("repeats"):
            continue
        if OF_PLAN.match(low, q.span[1]) or _margin(low, sent, q, prev):
            cand.metric, cand.reason = None, "progress against a plan or target (not a share)"
            continue
        share = vocab.share.get(prev.metric)
        gap = low[prev.q.span[1] : q.span[0]]
        if len(gap) > SHARE_GAP or ";" in gap:
            continue  # too far from its count to be its share
        cut = max(gap.rfind(","), gap.rfind("("))
        if not SHARE_LINK.match(gap[cut + 1 :] if cut >= 0 else gap):
            continue
        if cand.reason and not cand.unread():
            continue
        if share is None:  # the share of a count the registry has no share metric for
            if cand.score < 100:  # is not another metric's share ("… mức 2, đạt 78,6% số …")
                cand.metric, cand.rule = None, "share-beside-count"
                cand.reason = f"share of {prev.metric} (no share metric)"
            continue
        if cand.metric != share and (cand.metric is None or cand.score < 100):
            cand.metric, cand.score, cand.rule = share, 90, "share-beside-count"
            cand.reason = None


#: rules that complete a figure's metric from words that are not its own phrase
LOOSE_RULES = frozenset(
    ("head-noun+clause", "head-noun+words", "earlier-in-clause", "earlier-in-sentence")
)
BREAKDOWN = re.compile(r",?\s*(?:" + cue_alt("link.breakdown") + r")(?:\s|:)")


MARGIN = cue_re("share.margin_before")


def _margin(low: str, sent: Sentence, q: Quantity, before: Cand) -> bool:
    """Is percent `q` by how much a goal named before it in `sent` was passed ("vượt xa mục
    tiêu 40 triệu tài khoản … (vượt 62,5%)")? Its opening word says so ("vượt" is read as the
    percent's own qualifier, or stands right before it)."""
    near = max(before.q.span[1], q.span[0] - 10)
    opened = MARGIN.search(low, near, q.span[0] + len("vượt mức ")) is not None
    return opened and TARGET_CUE.search(low, sent.start, q.span[0]) is not None


def whole_of_part(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """A count right before a part of it ("29,4 triệu hồ sơ, trong đó 24 triệu hồ sơ được nộp
    trực tuyến") counts the whole the registry names for the part (`part_of`), unless it named
    a metric of its own: the same noun twice, the first loosely read, is the total."""
    low = doc.low
    for total, part in itertools.pairwise(cands):
        whole = vocab.whole.get(part.metric or "")
        if whole is None or total.q.unit != part.q.unit or part.reason:
            continue
        if total.reason and not total.unread():
            continue
        if total.metric not in (None, part.metric) and total.rule not in LOOSE_RULES:
            continue
        if ";" in low[total.q.span[1] : part.q.span[0]]:
            continue
        said = BREAKDOWN.search(low, total.q.span[1], doc.stretch_end(sent, part.q.span[1]))
        if said is not None and total.q.value > part.q.value:
            total.metric, total.score, total.rule = whole, 80, "whole-of-part"
            total.reason = None


REMAINDER = cue_re("link.remainder")
REMAINDER_REACH = 40  # characters of a figure's own words looked at


def mark_remainders(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """A figure its own words call what is left or still waiting ("năm triệu thẻ còn lại",
    "10.325 tài khoản còn lại đang chờ kích hoạt") is the complement of a level, not a level
    — unless its metric is itself a backlog named so ("thủ tục chưa được cắt giảm")."""
    for cand in cands:
        if cand.metric is None or cand.reason:
            continue
        end = cand.q.span[1]
        stop = min(doc.stretch_end(sent, end), end + REMAINDER_REACH)
        m = REMAINDER.search(doc.low, end, stop)
        if m is not None and not set(phrase_key(m.group()).split()) <= vocab.words[cand.metric]:
            cand.reason = "what is left or still waiting (a complement), not a level"


FIGURE_HEAD = re.compile(r"(?<!\w)(?:" + cue_alt("link.this_figure_head") + r")\s*$")


def restates_earlier(doc: Doc, q: Quantity, rows: list[dict]) -> bool:
    """Is `q` named as a figure ("con số khoảng 30 triệu sổ được nêu tại cuộc họp …") with the
    value of a row already read? Then it is discussed again, not reported again."""
    if not FIGURE_HEAD.search(doc.low, max(0, q.span[0] - 12), q.span[0]):
        return False
    return any(r["value"] == q.value and r["unit"] == q.unit for r in rows)


def part_of_whole(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """A part listed right after a total ("152.440 hồ sơ thủ tục hành chính, trong đó 61.200 hồ
    sơ trực tuyến") counts the registry's part of that whole (`part_of`) when the part's own
    words fit it, though they also fit a metric of its own ("hồ sơ trực tuyến" alone is the
    portal's)."""
    low = doc.low
    for total, part in itertools.pairwise(cands):
        if total.metric is None or total.reason or part.metric is None or part.reason:
            continue
        parts = [m for m, w in vocab.whole.items() if w == total.metric and m != part.metric]
        if vocab.whole.get(part.metric) == total.metric or len(parts) != 1:
            continue
        if not BREAKDOWN.search(low, total.q.span[1], part.q.span[0]):
            continue
        stop = doc.stretch_end(sent, part.q.span[1])
        own = words_of(head_stretch(low[part.q.span[1] : stop])) - FUNCTION_WORDS
        if own and own <= vocab.words[parts[0]] and vocab.unit[parts[0]] == part.q.unit:
            part.metric, part.rule = parts[0], "part-of-whole"


def mark_breakdowns(doc: Doc, cands: list[Cand]) -> None:
    """The parts listed after a total ("5,88 triệu người đã nhận quà, gồm 1,55 triệu người có
    công … và 4,33 triệu đối tượng bảo trợ xã hội") are a breakdown, not rows, unless a part
    names its own metric right at it; what they were completed with is the total's words. The
    parts of a total no rule could name are all a breakdown. A breakdown by province ("trong đó
    Hà Nội 6,2 triệu, TP.HCM 7,9 triệu") is each one's figure."""
    low = doc.low
    for i, total in enumerate(cands):
        unread = total.unread()
        if (total.metric is None and not unread) or total.q.unit == "percent":
            continue
        if total.reason and not unread:
            continue
        m = None
        for later in cands[i + 1 :]:
            if later.q.unit == "percent":
                continue
            if m is None:
                m = BREAKDOWN.search(low, total.q.span[1], later.q.span[0])
                if m is None or ";" in low[total.q.span[1] : m.start()]:
                    break
            if ";" in low[total.q.span[1] : later.q.span[0]]:
                break
            if doc.areas_in(m.end(), later.q.span[0]):
                continue  # a breakdown by province is each province's figure
            loose = later.rule in LOOSE_RULES or unread  # parts of an unread total: all
            if later.metric is not None and later.reason is None and loose:
                whole = total.metric or "unnamed"
                later.reason = f"a part of the {whole} total before it (a breakdown)"
        if m is not None:
            return


AMOUNT_LINK = re.compile(r"^[\s,;:–-]*(?:" + cue_alt("share.amount_link") + r")[\s:]+(?:là\s+)?$")


def pair_amounts(doc: Doc, vocab: Vocabulary, cands: list[Cand]) -> None:
    """Money right after a count, joined by "tổng giá trị", "với số tiền" and the like ("38,7
    triệu giao dịch …, tổng giá trị hơn 29.807 tỷ đồng"), is what the count is worth: the
    amount metric the registry pairs with the count's (`amount_of`), when the money names no
    metric of its own."""
    low = doc.low
    for prev, cand in itertools.pairwise(cands):
        if cand.q.unit != "vnd" or prev.metric is None or cand.metric is not None:
            continue
        amount = vocab.amount.get(prev.metric)
        gap = low[prev.q.span[1] : cand.q.span[0]]
        if amount is None or len(gap) > SHARE_GAP or ";" in gap:
            continue
        cut = gap.rfind(",")
        if AMOUNT_LINK.match(gap[cut:] if cut >= 0 else gap):
            cand.metric, cand.score, cand.rule = amount, 90, "amount-beside-count"
            cand.reason = None


GOAL_OF_BEFORE = re.compile(
    r"(?<!\w)(?:" + cue_alt("share.goal_of_figure_before") + r")[\s:]+(?:là\s+)?$"
)


def goal_of_figure_before(vocab: Vocabulary, doc: Doc, cands: list[Cand]) -> None:
    """A goal named right after the figure measured against it ("hơn 55,25 triệu tài khoản
    VNeID đã được kích hoạt, vượt chỉ tiêu 40 triệu tài khoản định danh điện tử") counts what
    that figure counts, even when its own words are looser."""
    low = doc.low
    for prev, cand in itertools.pairwise(cands):
        if prev.metric is None or cand.metric == prev.metric or cand.q.is_change:
            continue
        if vocab.unit[prev.metric] != unit_of(cand.q):
            continue
        gap = low[prev.q.span[1] : cand.q.span[0]]
        if ";" not in gap and GOAL_OF_BEFORE.search(gap):
            cand.metric, cand.score, cand.rule = prev.metric, 90, "goal-of-figure-before"
            cand.reason = None


def mark_changes(doc: Doc, vocab: Vocabulary, sent: Sentence, cands: list[Cand]) -> None:
    """A change beside a level is a change: "tăng 72.944 người (14,02%) so với …"; a change of
    the same unit after a level in its clause is that level's ("đã kích hoạt 887.897 tài khoản
    …, tăng 90.534 tài khoản")."""
    low = doc.low
    prev_change = False
    level_metric: str | None = None
    level_end = 0
    for cand in cands:
        q = cand.q
        qs, qe = q.span
        open_paren = low.rfind("(", sent.start, qs)
        in_change_paren = (
            open_paren >= 0
            and low.find(")", open_paren, qs) < 0
            and CHANGE_OPEN.match(low, open_paren)
        )
        before = low[max(sent.start, qs - 30) : qs]
        change = (
            q.is_change
            or bool(in_change_paren)
            or bool(CHANGE_BEFORE.search(before))
            or (prev_change and bool(CHANGE_LINK.search(before)))
            or (q.unit in ("percent", "times") and bool(SO_VOI.match(low, qe)))
            or compared(doc, q, sent)
        )
        if change:
            same_clause = level_metric is not None and ";" not in low[level_end:qs]
            if in_change_paren or prev_change:
                cand.metric = level_metric or cand.metric
            elif same_clause and vocab.unit.get(level_metric or "") == unit_of(q):
                # "đã kích hoạt 887.897 tài khoản …, tăng 90.534 tài khoản": the level's change
                cand.metric = level_metric
            base = base_date(doc, sent)
            of = vocab.change.get((cand.metric or "", unit_of(q)))
            if of is not None and base is not None:
                # a change since a stated base date, of a metric the registry records
                cand.metric, cand.score, cand.base = of, 90, base
                cand.rule, cand.reason = "change-since-base", None
            else:
                what = f"change of {cand.metric}" if cand.metric else "change"
                cand.reason = f"{what} (a change is not a level)"
        elif cand.metric:
            level_metric, level_end = cand.metric, qe
        prev_change = change


def stock_window(vocab: Vocabulary, row: dict, dated: Dated, cand: Cand) -> str | None:
    """The window ("6 tháng đầu năm", "từ 1/7 đến 19/8", "trong năm 2025") a stock metric's
    figure totals, when it is one: such a figure is a flow of the stock, never its level. A
    window from the metric's own start ("từ 9/12/2019", the portal's launch) is cumulative, and
    "x/y" ("6 tháng đầu năm, 63/63 địa phương đã ban hành …") is a level at the window's end.
    So is a figure dated only by the window of the article's lead or of its section's heading
    ("… sau 10 ngày (từ 1/7 đến 10/7) …" and, paragraphs later, "Hà Nội có 5,6 triệu tài
    khoản"): the window says when the report stands, not what the figure totals."""
    p = dated.period
    if dated.rule in LEVEL_AT_WINDOW_END:
        return None
    if p is None or row["status"] != "observation" or cand.base is not None:
        return None
    if row["denominator"] is not None:
        return None
    if vocab.kind[row["metric"]] != "stock" or not is_window(p):
        return None
    since = vocab.cumulative_from.get(row["metric"])
    if since is not None and p.start is not None and p.start <= since:
        return None
    return f"'{p.text}'"


#: Date rules whose window dates a stock figure as its level at the window's end (`stock_window`).
LEVEL_AT_WINDOW_END = frozenset(("lead-date", "carried-section"))


def drop_headline_repeats(
    doc: Doc, rows: list[dict], in_heading: list[bool], unmapped: list[dict]
) -> list[dict]:
    """A title that restates a body figure ("gần 68 triệu" over "67.910.130") is not a row; nor
    is one whose count or amount the body gives under its own words ("Hơn 2,9 triệu người dân
    đã có căn cước mới" over "thu nhận hơn 2,9 triệu hồ sơ cấp thẻ căn cước": a headline's
    looser words, not another metric). A percent is too common a value to match on."""
    body_rows = [r for r, h in zip(rows, in_heading, strict=True) if not h]
    body = {(r["metric"], r["geo"], r["status"]) for r in body_rows}
    amounts = {(r["value"], r["unit"], r["status"]) for r in body_rows if r["unit"] != "percent"}
    kept = []
    for r, h in zip(rows, in_heading, strict=True):
        if h and (
            (r["metric"], r["geo"], r["status"]) in body
            or (r["value"], r["unit"], r["status"]) in amounts
        ):
            unmapped.append(
                {
                    "source_id": doc.source_id,
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


def account(doc: Doc, covered: list[tuple[int, int]], unmapped: list[dict]) -> None:
    """Add every mention not inside a figure already handled, with the reason it is not one."""
    starts = [s for s, _ in covered]
    for r in doc.rejected:  # numbers' own reason for each number it did not read
        s, e = r.span
        i = bisect_right(starts, s) - 1
        if i >= 0 and covered[i][0] <= s and e <= covered[i][1]:
            continue
        if i + 1 < len(covered) and covered[i + 1][0] <= s and e <= covered[i + 1][1]:
            continue
        # a number inside a date the date reader found is that date's ("Quý III/2025")
        in_date = any(p.span[0] <= s and e <= p.span[1] for p in doc.periods_in(s - 40, e))
        reason = "date" if in_date and r.reason == "name_or_code" else r.reason
        unmapped.append(
            {
                "source_id": doc.source_id,
                "text": r.text,
                "span_start": s,
                "span_end": e,
                "reason": REASON_LABELS[reason],
                "metric": None,
                "value": None,
                "unit": None,
                "quote": doc.quote_at(s, e),
            }
        )
