"""The locality of a figure (a province code valid on the figure's date, or `VN`) and the rule.

Rules, in order:
- `respectively`: a locality paired with the figure by "lần lượt" (see `steps`).
- `area-list`: a percent whose clause opens with a list of provinces ("Hà Nội, Hải Phòng, Đà
  Nẵng và Cần Thơ hoàn thành cấp thẻ cho 100% công dân") is each one's: one row per province
  (`area_list`), unless the list is taken together ("chiếm tổng cộng 40%").
- `named-before-figure`: a province named right before the figure ("(trong đó) Hà Nội 6,2
  triệu", "TP.HCM: 7,9 triệu", "… là Lai Châu với 18,3%", "Hà Nội đạt 95%").
- `own-province`: "toàn tỉnh", "người dân tỉnh" (no name after it) before the figure, or after
  it in its clause before the next figure ("20/25 dịch vụ công thiết yếu của tỉnh"), refer back
  to the province named before (or the document's own).
- `named-in-sentence`: one province named in the sentence (not a list of several);
  `named-in-clause`: of several, the one named in the figure's clause (between ";"s: "TP.HCM …
  hơn 645.000 hồ sơ; Điện Biên thấp nhất, chưa đến 15.000 hồ sơ"); `named-since-last-figure`:
  the one named between the figure before and this one ("Hà Nội dẫn đầu với 7,9 triệu …, tiếp
  theo là TP.HCM với 7,5 triệu"); `locative-in-clause`: of several, the one introduced by a
  locative ("tại", "ở" …) in the figure's clause.
- `national-cue`: a national cue ("cả nước") before the figure wins unless a locality stands
  between it and the figure ("cả nước …, riêng Bình Dương/toàn tỉnh …").
- `central-subject`: a sentence whose subject is a central body ("Bộ Tư pháp đề xuất …", "Thủ
  tướng yêu cầu …") reports national figures unless it names a province itself.
- `carried-block` / `carried-section`: the locality set by an earlier sentence of the paragraph,
  or by the section's heading or lead-in line (see `carry`).
- `national-section`: under a heading that names the country ("KẾT QUẢ CỦA CẢ NƯỚC"), the
  country.
- `national-paragraph`: an earlier sentence of the paragraph spoke of the country ("Trên phạm
  vi cả nước, …"), and no province was named since.
- `issuer-province`: in a province's own report (its letterhead names the province's body:
  "UBND TỈNH QUẢNG NAM"), the province.
- `default-vn`: otherwise the country.
A province name maps to the unit valid on the reference date (pre- and post-2025 units share
names); a dateline is not a locality (`doc`).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import TYPE_CHECKING

from de06metrics.extract.figure import Decision
from de06metrics.extract.patterns import (
    BELOW_PROVINCE,
    CENTRAL_ACTOR,
    GAP_OK,
    LIST_GAP,
    LOCATIVE,
    NATIONAL,
    OWN_PROVINCE,
    OWN_PROVINCE_PLURAL,
    SUBJECT_SPAN,
    TOGETHER,
)
from de06metrics.numbers import Quantity
from de06metrics.text import Sentence

if TYPE_CHECKING:
    from de06metrics.extract.carry import Carry
    from de06metrics.extract.doc import Doc
    from de06metrics.extract.vocabulary import Vocabulary


def geo(
    doc: Doc,
    vocab: Vocabulary,
    sent: Sentence,
    q: Quantity,
    carry: Carry,
    *,
    paired: str | None,
    when: date,
) -> Decision[str]:
    """The figure's area code on `when` (rules: module docstring); `paired` is a locality the
    'lần lượt' step gave it."""
    if paired is not None:
        area_key, national, rule = paired, False, "respectively"
    else:
        area_key, national, rule = sentence_geo(doc, sent, q)
    if area_key is None and not national:
        if central_subject(doc, sent):
            return Decision("VN", "central-subject")
        area_key, rule = carry.geo_for()
    if area_key is None and not national and _national_heading(doc, carry):
        return Decision("VN", "national-section")  # "I. KẾT QUẢ CỦA CẢ NƯỚC …"
    if area_key is None and not national and _national_paragraph(doc, sent, q):
        return Decision("VN", "national-paragraph")  # "Trên phạm vi cả nước, … . Đến 17/5, …"
    if area_key is None and not national and doc.issuer is not None:
        area_key, rule = doc.issuer, "issuer-province"
    if area_key is not None and not national:
        return Decision(area_code(vocab, area_key, when) or "VN", rule)
    return Decision("VN", "national-cue" if national else "default-vn")


def below_province(doc: Doc, sent: Sentence, q: Quantity) -> bool:
    """Is the figure a ward's, commune's or district's — its clause, before it or in its own
    words after it, names a body or share of one ("Bộ phận Một cửa phường tiếp nhận 1.284 hồ
    sơ", "tỷ lệ hồ sơ trực tuyến của phường đạt 85,4%") with no province named nearer?"""
    s = doc.clause_start(sent, q.span[0])
    e = doc.stretch_end(sent, q.span[1])
    ends = [m.end() for m in BELOW_PROVINCE.finditer(doc.low, s, e)]
    if not ends:
        return False
    return ends[-1] > q.span[0] or not doc.areas_in(ends[-1], q.span[0])


def _national_paragraph(doc: Doc, sent: Sentence, q: Quantity) -> bool:
    """Did an earlier sentence of the figure's paragraph say it speaks of the country ("Trên
    phạm vi cả nước, … . Tính đến cuối tháng trước, …"), with no province named since?"""
    ends = [e for _, e in doc.national_cues(doc.blocks[sent.block].start, sent.start)]
    return bool(ends) and not doc.areas_in(ends[-1], q.span[0])


def _national_heading(doc: Doc, carry: Carry) -> bool:
    """Does the section's heading say its figures are the country's ("III. TÌNH HÌNH CHUNG CỦA
    CẢ NƯỚC", "… TẠI HỘI NGHỊ TOÀN QUỐC")?"""
    s, e = carry.heading
    return e > s and NATIONAL.search(doc.low, s, e) is not None


def areas(
    doc: Doc,
    vocab: Vocabulary,
    sent: Sentence,
    q: Quantity,
    carry: Carry,
    *,
    paired: str | None,
    when: date,
) -> Decision[tuple[str, ...]]:
    """The area codes of the figure's rows: each province of a list the percent is each one's
    (`area_list`), else the one area `geo` decides."""
    listed = [] if paired is not None else area_list(doc, sent, q)
    if listed:
        return Decision(tuple(area_code(vocab, k, when) or "VN" for k in listed), "area-list")
    one = geo(doc, vocab, sent, q, carry, paired=paired, when=when)
    return Decision((one.value,), one.rule)


def sentence_geo(doc: Doc, sent: Sentence, q: Quantity) -> tuple[str | None, bool, str]:
    """(area key, explicit national, rule) for a figure from its own sentence."""
    qs = q.span[0]
    low = doc.low
    nat = doc.cues(sent)[3]
    found = doc.areas_in(sent.start, sent.end)
    for _, a_end, key in found:  # "(trong đó) Hà Nội 6,2 triệu, TP.HCM: 7,9 triệu"
        if a_end <= qs and qs - a_end <= 12 and GAP_OK.match(low[a_end:qs]):
            return key, False, "named-before-figure"  # also "… là Lai Châu với 18,3%"
    # "cả nước …, riêng Bình Dương/toàn tỉnh …": a locality nearer the figure than the
    # national cue is the figure's own
    national = nat < qs and not any(nat < a < qs for a, _, _ in found)
    own = own_province(doc, nat if national else sent.start, qs)
    if own is None and not national:  # "… 20/25 dịch vụ công thiết yếu của tỉnh"
        own = own_province(doc, q.span[1], doc.stretch_end(sent, q.span[1]))
    if own is not None:
        return doc.last_area_before(own), False, "own-province"
    names = {k for _, _, k in found}
    if len(names) == 1:
        return next(iter(names)), national, "named-in-sentence"
    if len(names) >= 2:
        before = [a for a in found if a[1] <= qs]
        clause_start = doc.clause_start(sent, qs)
        clause_end = doc.clause_end(sent, q.span[1])
        in_clause = {k for a, _, k in found if clause_start <= a < clause_end}
        if len(in_clause) == 1:  # "TP.HCM … hơn 645.000 hồ sơ; Điện Biên thấp nhất, …"
            return next(iter(in_clause)), national, "named-in-clause"
        # the one named since the figure before it: "Hà Nội dẫn đầu với 7,9 triệu …, tiếp theo
        # là TP.HCM với 7,5 triệu …"
        i = bisect_left(doc.q_starts, qs)
        since = doc.quantities[i - 1].span[1] if i else sent.start
        since_names = {k for a, _, k in found if max(since, sent.start) <= a < qs}
        if len(since_names) == 1:
            return next(iter(since_names)), national, "named-since-last-figure"
        local = [
            a
            for a in before
            if a[0] >= clause_start and LOCATIVE.search(low[max(sent.start, a[0] - 12) : a[0]])
        ]
        if len({k for _, _, k in local}) == 1:
            return local[-1][2], national, "locative-in-clause"
    return None, national, ""


def area_list(doc: Doc, sent: Sentence, q: Quantity) -> list[str]:
    """The provinces of a list that opens a percent's clause, in order ("Hà Nội, Hải Phòng và
    Cần Thơ hoàn thành … cho 100% công dân"): the percent is each one's. Empty when the figure
    is not a percent, the list has one name, another figure stands between, or the list is
    taken together ("tổng cộng")."""
    qs = q.span[0]
    if q.unit != "percent":
        return []
    low = doc.low
    found = doc.areas_in(doc.clause_start(sent, qs), qs)
    if len(found) < 2:
        return []
    run = [found[-1]]
    for prev in reversed(found[:-1]):
        if not LIST_GAP.match(low[prev[1] : run[0][0]]):
            break
        run.insert(0, prev)
    keys = list(dict.fromkeys(k for _, _, k in run))
    between = low[run[-1][1] : qs]
    later_figure = bisect_left(doc.q_starts, qs) > bisect_left(doc.q_starts, run[-1][1])
    if len(keys) < 2 or later_figure or TOGETHER.search(between):
        return []
    return keys


def central_subject(doc: Doc, sent: Sentence) -> bool:
    """Does `sent` open with a central body as its subject ("Bộ Tư pháp đề xuất …",
    "Thủ tướng yêu cầu …")? Its figures are national unless it names a province itself."""
    head = doc.text[sent.start : sent.start + SUBJECT_SPAN]
    m = CENTRAL_ACTOR.match(head.lower())
    return m is not None and (m.end() >= len(head) or not head[m.end()].isalpha())


def own_province(doc: Doc, s: int, e: int) -> int | None:
    """Where "toàn tỉnh", "người dân tỉnh"… (no name after it) first occurs in [s, e)."""
    for m in OWN_PROVINCE.finditer(doc.low, s, e):
        if OWN_PROVINCE_PLURAL.match(doc.low, m.end()):
            continue  # "63/63 công an tỉnh, thành phố": every province's
        nxt = doc.text[m.end() : m.end() + 40].lstrip()
        named = nxt[:1].isupper() and not nxt.isupper()  # in capitals throughout, a name shows
        named = named or bool(doc.areas_in(m.end(), m.end() + 3))  # only as a province's
        if not named and doc.last_area_before(m.start()) is not None:
            return m.start()
    return None


def block_geo(doc: Doc, sent: Sentence) -> str | None:
    """Area key set by a sentence for what follows it (one locality, not a list)."""
    found = doc.areas_in(sent.start, sent.end)
    if len({k for _, _, k in found}) == 1 and len(found) <= 2:
        return found[0][2]
    if not found and not central_subject(doc, sent):  # "Tính đến …, trong toàn tỉnh …"
        own = own_province(doc, sent.start, sent.end)
        if own is not None:
            return doc.last_area_before(own)
    return None


def area_code(vocab: Vocabulary, key: str, when: date) -> str | None:
    """The code of the province called `key` on `when` (else its first unit)."""
    entries = vocab.area_codes.get(key, ())
    for code, start, end in entries:
        if (start is None or start <= when) and (end is None or when <= end):
            return code
    return entries[0][0] if entries else None
