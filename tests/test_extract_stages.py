"""The extractor's stages one at a time: each resolver (a pure function of the scanned document,
the vocabulary, the sentence, the figure and the Carry), the Carry's updates, the rule names in
each row's note, and `explain`'s trace."""

from __future__ import annotations

from datetime import date

import pytest

from de06metrics.extract import carry as carrying
from de06metrics.extract import explain, extract_text
from de06metrics.extract.doc import Doc
from de06metrics.extract.resolve import geo, metric, period, status
from de06metrics.extract.vocabulary import Vocabulary, vocabulary
from de06metrics.numbers import Quantity
from de06metrics.registry import load_registry
from de06metrics.text import Sentence

PUBLISHED = date(2024, 7, 10)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return vocabulary(load_registry())


def _scan(text: str, vocab: Vocabulary, figure: str) -> tuple[Doc, Sentence, Quantity, object]:
    """The document, the sentence holding `figure`, the figure, and the Carry in force there."""
    doc = Doc(text, PUBLISHED, "t", vocab)
    carry = carrying.start(doc)
    for sent in doc.sentences:
        carry.begin(doc, sent)
        for q in doc.quantities:
            if q.text.endswith(figure) and sent.start <= q.span[0] < sent.end:
                return doc, sent, q, carry
        carry.end(doc.blocks[sent.block].kind)
    raise AssertionError(f"{figure!r} not read in {text!r}")


def _metric(text: str, figure: str, vocab: Vocabulary) -> tuple[str | None, str]:
    doc, sent, q, carry = _scan(text, vocab, figure)
    c = metric.metric(doc, vocab, sent, q, carry, sent.start, sent.end)
    return c.metric, c.rule


def test_metric_names_the_rule_that_chose_it(vocab) -> None:
    text = "Cả nước đã cấp 80 triệu thẻ Căn cước công dân gắn chip."
    assert _metric(text, "80 triệu", vocab) == ("cccd_chip_issued", "noun-after")
    text = "Tổng số tài khoản định danh điện tử đã kích hoạt: 52 triệu"
    assert _metric(text, "52 triệu", vocab) == ("vneid_accounts_activated", "earlier-in-clause")
    text = "Tỉnh đã kích hoạt 512.300 tài khoản định danh điện tử."
    assert _metric(text, "512.300", vocab) == ("vneid_accounts_activated", "noun-after+context")
    assert _metric("Trường có 300 giáo viên.", "300", vocab) == (None, "unknown")


def test_status_cue_then_settle_by_the_period(vocab) -> None:
    text = "Mục tiêu đến năm 2025 có 40 triệu tài khoản định danh điện tử được kích hoạt."
    doc, sent, q, _ = _scan(text, vocab, "40 triệu")
    assert status.cue(doc, sent, q) == status.Decision("target", "target-cue")
    text = "Chỉ tiêu 80%; hiện mới đạt 45% tài khoản định danh điện tử được kích hoạt."
    doc, sent, q, _ = _scan(text, vocab, "45%")
    assert status.cue(doc, sent, q).rule == "no-cue"  # 'hiện' turns to what is achieved
    text = "Dự kiến năm 2025 ước đạt 60 triệu tài khoản định danh điện tử được kích hoạt."
    doc, sent, q, carry = _scan(text, vocab, "ước đạt 60 triệu")
    by_cue = status.cue(doc, sent, q)
    assert by_cue.rule == "estimate-cue"
    picked = period.pick(doc, sent, q, carry, target=False)
    assert status.settle(by_cue, picked.value, PUBLISHED) == status.Decision(
        "target", "forecast-future"
    )
    assert status.settle(by_cue, None, PUBLISHED) == by_cue


def test_period_pick_and_dates_name_their_rules(vocab) -> None:
    text = "Tính đến ngày 30/6/2024, cả nước đã kích hoạt 52 triệu tài khoản định danh điện tử."
    doc, sent, q, carry = _scan(text, vocab, "52 triệu")
    picked = period.pick(doc, sent, q, carry, target=False)
    assert (picked.rule, picked.value.end) == ("in-sentence", date(2024, 6, 30))
    dated = period.dates(doc, vocab, "vneid_accounts_activated", picked, "observation", carry)
    assert (dated.end, dated.basis, dated.rule) == (date(2024, 6, 30), "stated", "in-sentence")

    text = "Cả nước đã kích hoạt 52 triệu tài khoản định danh điện tử."
    doc, sent, q, carry = _scan(text, vocab, "52 triệu")
    picked = period.pick(doc, sent, q, carry, target=False)
    assert picked == period.Decision(None, "publication")
    dated = period.dates(doc, vocab, "vneid_accounts_activated", picked, "observation", carry)
    assert (dated.end, dated.basis) == (PUBLISHED, "publication")

    text = "Phấn đấu có 40 triệu tài khoản định danh điện tử được kích hoạt."
    doc, sent, q, carry = _scan(text, vocab, "40 triệu")
    assert period.pick(doc, sent, q, carry, target=True) == period.Decision(None, "no-deadline")


def test_geo_names_the_rule_that_placed_the_figure(vocab) -> None:
    def where(text: str, figure: str) -> tuple[str, str]:
        doc, sent, q, carry = _scan(text, vocab, figure)
        d = geo.geo(doc, vocab, sent, q, carry, paired=None, when=PUBLISHED)
        return d.value, d.rule

    assert where("Hà Nội đạt 95% người dân.", "95%") == ("ha_noi", "named-before-figure")
    text = "Tại Hà Nội, đã kích hoạt 6,2 triệu tài khoản định danh điện tử."
    assert where(text, "6,2 triệu") == ("ha_noi", "named-in-sentence")
    text = "Hà Nội có 8 triệu dân. Toàn tỉnh đã kích hoạt 512.300 tài khoản định danh điện tử."
    assert where(text, "512.300") == ("ha_noi", "own-province")
    text = "Cả nước đã cấp 80 triệu thẻ Căn cước công dân gắn chip."
    assert where(text, "80 triệu") == ("VN", "national-cue")
    text = "Hà Nội triển khai Đề án 06. Bộ Công an đã cấp 80 triệu thẻ Căn cước công dân."
    assert where(text, "80 triệu") == ("VN", "central-subject")
    text = "Hà Nội triển khai Đề án 06. Đã cấp 5 triệu thẻ Căn cước công dân gắn chip."
    assert where(text, "5 triệu") == ("ha_noi", "carried-block")
    assert where("Đã cấp 5 triệu thẻ Căn cước công dân gắn chip.", "5 triệu") == (
        "VN",
        "default-vn",
    )
    doc, sent, q, carry = _scan("Hai nơi có 5 triệu thẻ Căn cước công dân.", vocab, "5 triệu")
    paired = geo.geo(doc, vocab, sent, q, carry, paired="ha noi", when=PUBLISHED)
    assert (paired.value, paired.rule) == ("ha_noi", "respectively")


def test_carry_hands_block_and_section_state_to_later_sentences(vocab) -> None:
    text = (
        "# Kết quả đến ngày 30/6/2024 tại Hà Nội\n\n"
        "Đã kích hoạt 6 triệu tài khoản định danh điện tử.\n\n"
        "Đến ngày 15/6/2024, đã cấp 7 triệu thẻ Căn cước công dân. Đã thu nhận 8 triệu hồ sơ.\n\n"
        "# Phần khác\n\n"
        "Có 9 triệu tài khoản định danh điện tử."
    )
    doc = Doc(text, PUBLISHED, "t", vocab)
    carry = carrying.start(doc)
    seen = []
    for sent in doc.sentences:
        carry.begin(doc, sent)
        p, rule = carry.period_for(sent)
        seen.append((p.end if p else None, rule, carry.geo_for()))
        carry.end(doc.blocks[sent.block].kind)
    heading, first, own_date, after_own, other_heading, other = seen
    assert heading == (None, "", (None, ""))  # nothing carried into the first heading
    assert first == (date(2024, 6, 30), "carried-section", ("ha noi", "carried-section"))
    assert own_date[:2] == (date(2024, 6, 30), "carried-section")
    assert after_own[:2] == (date(2024, 6, 15), "carried-block")  # the paragraph's own date
    assert other_heading == (None, "", (None, "")) and other == (None, "", (None, ""))
    carry.last_metric = "x"
    carry.begin(doc, doc.sentences[0])
    assert carry.last_metric == "x"  # only the reader sets what 'con số này' refers to


def test_a_lead_that_opens_with_a_day_dates_the_article(vocab) -> None:
    lead = (
        "Chiều 28/6, Bộ Công an tổ chức hội nghị sơ kết việc triển khai Đề án 06 với sự tham "
        "dự của đại diện các bộ, ngành và địa phương trên cả nước, cùng nhiều cơ quan báo chí."
    )
    doc = Doc(lead + "\n\nĐã kích hoạt 52 triệu tài khoản.", PUBLISHED, "t", vocab)
    carry = carrying.start(doc)
    assert carry.lead_start == 0 and carry.lead_day.end == date(2024, 6, 28)
    assert carry.period_for(doc.sentences[-1]) == (carry.lead_period, "lead-date")


def test_each_rows_note_names_the_rule_of_each_stage() -> None:
    text = (
        "Tính đến ngày 30/6/2024, cả nước đã kích hoạt 52 triệu tài khoản định danh điện tử (61%)."
    )
    x = extract_text(text, published=PUBLISHED, source_id="t")
    assert x.observations["note"].to_list() == [
        "metric: noun-after+context; date: in-sentence; status: no-cue; geo: national-cue",
        "metric: share-beside-count; date: in-sentence; status: no-cue; geo: national-cue",
    ]


def test_explain_traces_every_number_with_the_rows_outcome() -> None:
    text = (
        "Tính đến ngày 30/6/2024, cả nước đã kích hoạt 52 triệu tài khoản định danh điện tử. "
        "Trường có 300 giáo viên."
    )
    trace = explain(text, published=PUBLISHED)
    x = extract_text(text, published=PUBLISHED, source_id="t")
    assert [t.text for t in trace] == ["30/6/2024", "52 triệu", "300"]
    date_, figure, unknown = trace
    assert date_.outcome == "unmapped: date or period"
    assert figure.outcome == "row" and x.observations["as_written"].to_list() == ["52 triệu"]
    assert [s[0] for s in figure.stages] == ["number", "metric", "status", "date", "geo"]
    assert figure.stages[-1] == ("geo", "VN", "national-cue")
    assert unknown.outcome.startswith("unmapped: unknown metric")


def test_a_year_alone_heading_a_column_is_that_years_last_day(vocab) -> None:
    text = (
        "Bảng số liệu\n\n| Chỉ tiêu | 2023 |\n|---|---|\n| Tài khoản đã kích hoạt | 49,7 triệu |\n"
    )
    doc, sent, q, carry = _scan(text, vocab, "49,7 triệu")
    header = carry.column_header(doc, sent, q.span[0])
    p = period.header_period(doc, header)
    assert (p.start, p.end, p.rule) == (date(2023, 1, 1), date(2023, 12, 31), "year-cell")
    assert doc.text[p.span[0] : p.span[1]] == "2023"  # where the year is written
