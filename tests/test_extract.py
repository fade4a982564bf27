"""The extractor on hand-written articles: expected rows, distractors, and full accounting."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.extract import (
    OBSERVATION_COLUMNS,
    extract_document,
    extract_text,
    extract_texts,
    mention_spans,
    publication_date,
)
from de06metrics.numbers import parse_quantity
from de06metrics.registry import load_registry
from de06metrics.text import read_document

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
# files without front matter or HTML metadata: the date an analyst would pass with --published
PUBLISHED = {
    "cccd_2022_08_nfd.txt": date(2022, 8, 10),
    "health_2024_10_cp1258.txt": date(2024, 10, 31),
}
FILES = sorted(p.name for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html"))


@pytest.fixture(scope="module")
def registry():
    return load_registry(paths.REGISTRY_DIR)


def _run(name: str, registry):
    doc = read_document(ARTICLES / name)
    return extract_document(doc, published=PUBLISHED.get(name), source_id="t", registry=registry)


def _expected(name: str) -> set[tuple]:
    with (ARTICLES / "expected.csv").open(encoding="utf-8", newline="") as fh:
        return {
            (
                r["metric"],
                r["geo"],
                r["as_written"],
                float(r["value"]),
                r["period_end"],
                r["date_basis"],
                r["status"],
            )
            for r in csv.DictReader(fh)
            if r["file"] == name
        }


@pytest.mark.parametrize("name", FILES)
def test_fixture_articles_give_the_expected_rows(name: str, registry) -> None:
    x = _run(name, registry)
    got = {
        (
            r["metric"],
            r["geo"],
            r["as_written"],
            r["value"],
            str(r["period_end"]),
            r["date_basis"],
            r["status"],
        )
        for r in x.observations.iter_rows(named=True)
    }
    assert got == _expected(name)


@pytest.mark.parametrize("name", FILES)
def test_every_number_mention_is_accounted_for(name: str, registry) -> None:
    x = _run(name, registry)
    spans = [(r["span_start"], r["span_end"]) for r in x.observations.iter_rows(named=True)]
    spans += [(r["span_start"], r["span_end"]) for r in x.unmapped.iter_rows(named=True)]
    for s, e in mention_spans(x.text):
        assert any(a <= s and e <= b for a, b in spans), x.text[s:e]
    assert x.unmapped["reason"].null_count() == 0
    # each figure is used once: as an observation or as an unmapped mention, never both
    obs = set(spans[: x.observations.height])
    assert not obs & {(r["span_start"], r["span_end"]) for r in x.unmapped.iter_rows(named=True)}


@pytest.mark.parametrize("name", FILES)
def test_rows_agree_with_their_as_written_text_and_quote(name: str, registry) -> None:
    x = _run(name, registry)
    assert tuple(x.observations.columns) == OBSERVATION_COLUMNS
    for r in x.observations.iter_rows(named=True):
        assert x.text[r["span_start"] : r["span_end"]] == r["as_written"]
        assert r["as_written"] in r["quote"] and r["quote"] in x.text
        assert len(r["quote"].split()) <= 25
        q = parse_quantity(r["as_written"])
        assert (q.value, q.qualifier, q.lower, q.denominator) == (
            r["value"],
            r["qualifier"],
            r["lower"],
            r["denominator"],
        )
        assert r["unit"] == registry.metric_units[r["metric"]]
        assert 0 < r["confidence"] <= 1


def _obs(text: str, published: date, registry) -> pl.DataFrame:
    return extract_text(text, published=published, source_id="t", registry=registry).observations


def _reasons(x) -> dict[str, str]:
    """Each unmapped mention's text → the reason it is not a row."""
    return dict(zip(x.unmapped["text"], x.unmapped["reason"], strict=True))


def test_several_metrics_in_one_sentence(registry) -> None:
    text = (
        "Đến nay đã có gần 26,8 triệu giao dịch thanh toán trực tuyến với số tiền "
        "hơn 12,9 nghìn tỷ đồng."
    )
    obs = _obs(text, date(2024, 5, 9), registry)
    assert obs.select("metric", "value", "unit").rows() == [
        ("online_payment_transactions", 26_800_000.0, "count"),
        ("online_payment_amount", 12_900_000_000_000.0, "vnd"),
    ]


def test_a_change_beside_a_level_is_never_the_level(registry) -> None:
    text = (
        "Đã chi trả qua tài khoản cho 585.975 người đã có tài khoản và mong muốn chi trả qua "
        "tài khoản (tăng 72.944 người bằng 14,02% so với ngày 5/1/2024)."
    )
    x = extract_text(text, published=date(2024, 2, 5), source_id="t", registry=registry)
    rows = {r["metric"]: r for r in x.observations.iter_rows(named=True)}
    assert rows["social_welfare_cashless_recipients"]["value"] == 585_975.0
    # the changes are recorded as changes, counted from their stated base date, never as levels
    change = rows["social_welfare_cashless_recipients_change"]
    rate = rows["social_welfare_cashless_recipients_change_rate"]
    assert (change["value"], rate["value"]) == (72_944.0, 0.1402)
    assert change["period_start"] == rate["period_start"] == date(2024, 1, 5)


def test_a_change_without_a_base_date_stays_out_of_the_table(registry) -> None:
    text = "Đã chi trả qua tài khoản cho 585.975 người (tăng 72.944 người so với cùng kỳ)."
    x = extract_text(text, published=date(2024, 2, 5), source_id="t", registry=registry)
    assert x.observations["value"].to_list() == [585_975.0]
    changes = x.unmapped.filter(pl.col("reason").str.contains("change"))
    assert changes["text"].to_list() == ["72.944"]


def test_targets_are_never_achievements(registry) -> None:
    text = (
        "Năm nay đã có 32,1 triệu Sổ sức khỏe điện tử. Phấn đấu đến cuối năm 2025 có trên "
        "40 triệu người dân sử dụng Sổ sức khỏe điện tử."
    )
    obs = _obs(text, date(2024, 10, 31), registry)
    by_status = {r["status"]: r for r in obs.iter_rows(named=True)}
    assert by_status["observation"]["value"] == 32_100_000
    assert by_status["target"]["value"] == 40_000_000
    assert by_status["target"]["period_end"] == date(2025, 12, 31)


def test_comparison_dates_are_not_reference_dates(registry) -> None:
    text = (
        "Cổng Dịch vụ công quốc gia có hơn 2,1 triệu tài khoản đăng ký, tăng hơn 2,8 lần "
        "so với cùng kỳ năm 2021."
    )
    obs = _obs(text, date(2022, 7, 31), registry)
    assert obs.select("metric", "period_end", "date_basis").rows() == [
        ("dvc_portal_accounts", date(2022, 7, 31), "publication")
    ]


def test_reference_date_governs_later_sentences_of_its_paragraph(registry) -> None:
    text = (
        "Tính đến ngày 5/8/2022, Bộ Công an đã cấp 67.910.130 thẻ căn cước công dân gắn chip. "
        "Cổng Dịch vụ công quốc gia có hơn 2,1 triệu tài khoản đăng ký.\n\n"
        "Đã có hơn 4,1 triệu hồ sơ trực tuyến thực hiện từ Cổng."
    )
    obs = _obs(text, date(2022, 8, 20), registry)
    assert obs.select("period_end", "date_basis").rows() == [
        (date(2022, 8, 5), "stated"),
        (date(2022, 8, 5), "stated"),
        (date(2022, 8, 20), "publication"),
    ]


@pytest.mark.parametrize(
    ("published", "code"),
    [(date(2023, 3, 6), "ho_chi_minh"), (date(2025, 8, 5), "ho_chi_minh_2025")],
)
def test_province_is_the_unit_valid_on_the_reference_date(published, code, registry) -> None:
    obs = _obs("TP.HCM đã cấp 1.497.360 tài khoản định danh điện tử.", published, registry)
    assert obs["geo"].to_list() == [code]


def test_a_list_of_localities_does_not_localize_a_figure(registry) -> None:
    text = (
        "UBND 7 tỉnh gồm An Giang, Kiên Giang, Sóc Trăng và Cần Thơ đã hoàn thành; cả nước "
        "đã cấp trên 70 triệu tài khoản định danh điện tử."
    )
    x = extract_text(text, published=date(2023, 12, 21), source_id="t", registry=registry)
    assert x.observations.select("metric", "geo").rows() == [("vneid_accounts_issued", "VN")]
    assert x.unmapped.filter(pl.col("text") == "7")["reason"][0].startswith("unknown metric")


@pytest.mark.parametrize(
    ("lead", "geo"),
    [
        ("Hà Nội, ngày 10/1/2025 - Theo Bộ Công an,", "VN"),  # a dateline: where it was filed
        ("HÀ NỘI (TTXVN) – Theo Bộ Công an,", "VN"),
        ("Tại Hà Nội,", "ha_noi"),  # a locality of the figure
    ],
)
def test_a_dateline_does_not_localize_the_figures(lead: str, geo: str, registry) -> None:
    text = f"{lead} đã cấp trên 87,5 triệu thẻ căn cước công dân gắn chip."
    assert _obs(text, date(2025, 1, 10), registry)["geo"].to_list() == [geo]


@pytest.mark.parametrize(
    ("text", "geos"),
    [
        (  # a province named after the national cue is the nearer one
            "Cả nước có 1.500 điểm bưu điện cung cấp dịch vụ công trực tuyến; riêng Bình Dương "
            "có 45 điểm bưu điện cung cấp dịch vụ công trực tuyến.",
            ["VN", "binh_duong"],
        ),
        (  # "toàn tỉnh" refers back to the province named before it
            "Công an tỉnh Bắc Ninh họp. Cả nước có 50 triệu tài khoản định danh điện tử, toàn "
            "tỉnh có 1 triệu tài khoản định danh điện tử.",
            ["VN", "bac_ninh"],
        ),
        (  # "người dân tỉnh" with no province named anywhere: nothing to refer back to
            "Người dân tỉnh đã kích hoạt 5 triệu tài khoản định danh điện tử.",
            ["VN"],
        ),
    ],
)
def test_the_locality_nearest_the_figure_wins(text: str, geos: list[str], registry) -> None:
    assert _obs(text, date(2024, 10, 8), registry)["geo"].to_list() == geos


def test_a_metric_named_in_the_next_clause_does_not_name_this_figure(registry) -> None:
    text = (
        "Phấn đấu đến ngày 31/12/2024, 100% hồ sơ được số hóa; tỷ lệ hồ sơ trực tuyến toàn "
        "trình đạt ít nhất 50%."
    )
    x = extract_text(text, published=date(2024, 7, 5), source_id="t", registry=registry)
    assert x.observations.select("metric", "as_written", "status").rows() == [
        ("dvc_fully_online_dossier_share", "ít nhất 50%", "target")
    ]
    assert x.unmapped.filter(pl.col("text") == "100%")["reason"][0].startswith("unknown metric")


def test_a_figure_with_nothing_named_after_it_takes_the_sentence_metric(registry) -> None:
    text = (
        "Khoảng 20 triệu người đã dùng Sổ sức khỏe điện tử; mục tiêu năm 2025 là 40 triệu. "
        "Tổng cộng 52/53 dịch vụ công thiết yếu đã cung cấp toàn trình, đạt 98,1%."
    )
    obs = _obs(text, date(2025, 4, 10), registry)
    assert obs.select("metric", "as_written", "status").rows() == [
        ("health_book_users", "Khoảng 20 triệu", "observation"),
        ("health_book_users", "là 40 triệu", "target"),
        ("essential_public_services_deployed", "52/53", "observation"),
    ]  # 98,1% is a share: no count metric takes it


def test_a_breakdown_by_province_gives_one_row_per_province(registry) -> None:
    text = (
        "Hiện đã có 79.654.321 tài khoản định danh điện tử được cấp (trong đó Hà Nội 6,2 triệu, "
        "TP.HCM 7,9 triệu)."
    )
    obs = _obs(text, date(2024, 10, 16), registry)
    assert obs.select("metric", "geo", "value").rows() == [
        ("vneid_accounts_issued", "VN", 79_654_321),
        ("vneid_accounts_issued", "ha_noi", 6_200_000),
        ("vneid_accounts_issued", "ho_chi_minh", 7_900_000),
    ]


def test_a_count_with_its_own_noun_is_not_named_by_an_earlier_phrase(registry) -> None:
    text = (
        "Ngân hàng đánh giá khả tín lớn nhất có 10 triệu tài khoản thanh toán cá nhân. 55 ngân "
        "hàng đã triển khai chấm điểm khả tín dựa trên dữ liệu dân cư."
    )
    obs = _obs(text, date(2024, 10, 16), registry)
    assert obs.select("metric", "as_written").rows() == [("credit_scoring_banks", "55")]


def test_this_figure_refers_back_to_the_metric_before(registry) -> None:
    text = (
        "Đến nay đã có 3.000 điểm bưu điện cung cấp dịch vụ công trực tuyến. Năm 2023, con số "
        "này chỉ khoảng 1.500 điểm."
    )
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("metric", "as_written", "period_end").rows() == [
        ("post_offices_providing_dvc", "3.000", date(2024, 7, 2)),
        ("post_offices_providing_dvc", "khoảng 1.500", date(2023, 12, 31)),
    ]


def test_each_level_of_a_rise_keeps_its_own_bracketed_date(registry) -> None:
    text = (
        "Số tài khoản định danh điện tử đã kích hoạt tăng từ 45 triệu (tháng 1) lên 52 triệu "
        "(tháng 6/2024)."
    )
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("as_written", "period_end").rows() == [
        ("45 triệu", date(2024, 1, 31)),  # the old level: a level, not a change
        ("lên 52 triệu", date(2024, 6, 30)),
    ]


def test_a_forecast_for_a_period_not_yet_over_is_never_an_achievement(registry) -> None:
    text = "Dự kiến trong năm 2025, số giao dịch thanh toán trực tuyến ước đạt 10 triệu giao dịch."
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("status", "period_end").rows() == [("target", date(2025, 12, 31))]


def test_a_numbered_list_takes_metric_from_its_lead_in_and_date_from_its_heading(
    registry,
) -> None:
    text = (
        "## Kết quả tại một số địa phương (tính đến 28/2/2025)\n\n"
        "Các địa phương dẫn đầu về kích hoạt tài khoản định danh điện tử:\n"
        "1. TP. Hồ Chí Minh: 7.812.456 tài khoản\n"
        "2. Hà Nội: 6.901.234 tài khoản\n\n"
        "Tỷ lệ hồ sơ trực tuyến toàn trình của Bắc Ninh đạt 72,5%, cao nhất cả nước; thấp nhất "
        "là Lai Châu với 18,3%.\n"
    )
    x = extract_text(text, published=date(2025, 3, 5), source_id="t", registry=registry)
    assert x.observations.select("metric", "geo", "period_end").rows() == [
        ("vneid_accounts_activated", "ho_chi_minh", date(2025, 2, 28)),
        ("vneid_accounts_activated", "ha_noi", date(2025, 2, 28)),
        ("dvc_fully_online_dossier_share", "bac_ninh", date(2025, 2, 28)),
        ("dvc_fully_online_dossier_share", "lai_chau", date(2025, 2, 28)),
    ]
    assert x.unmapped.filter(pl.col("text") == "2")["reason"].to_list() == ["list index"]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (  # "phải" with no deadline word, before the figure
            "Thủ tướng yêu cầu trong năm 2024 phải cấp xong căn cước cho 100% công dân đủ "
            "điều kiện.",
            ["target"],
        ),
        (  # "phải" after the figure, in its clause; the next clause says what is achieved
            "Đến hết quý II/2024, 100% cơ sở y tế phải tham gia Sổ sức khỏe điện tử; hiện đã "
            "có 68% cơ sở y tế tham gia.",
            ["target", "observation"],
        ),
        (  # a target cue stops at "hiện mới đạt"
            "Kế hoạch năm 2025 đề ra chỉ tiêu 80% hồ sơ trực tuyến toàn trình; hiện mới đạt 45%.",
            ["target", "observation"],
        ),
        (  # "thực hiện" is a verb, not "hiện" (now): the goal still governs
            "Kế hoạch năm 2025 đề ra chỉ tiêu thực hiện 80% hồ sơ trực tuyến toàn trình.",
            ["target"],
        ),
    ],
)
def test_requirements_are_targets_and_what_is_achieved_is_not(
    text: str, statuses: list[str], registry
) -> None:
    assert _obs(text, date(2024, 3, 2), registry)["status"].to_list() == statuses


def test_a_difference_against_an_earlier_period_is_a_change(registry) -> None:
    text = (
        "Số giao dịch thanh toán trực tuyến đạt 3,4 triệu, cao hơn 1,1 triệu giao dịch so với "
        "cùng kỳ."
    )
    x = extract_text(text, published=date(2024, 7, 2), source_id="t", registry=registry)
    assert x.observations["as_written"].to_list() == ["đạt 3,4 triệu"]
    reason = x.unmapped.filter(pl.col("text") == "hơn 1,1 triệu")["reason"][0]
    assert reason.startswith("change of online_payment_transactions")


def test_a_figure_restated_in_brackets_is_one_figure(registry) -> None:
    text = "Đã cấp 85.000.000 (tám mươi lăm triệu) thẻ căn cước công dân gắn chip."
    x = extract_text(text, published=date(2024, 6, 1), source_id="t", registry=registry)
    assert x.observations.select("metric", "value").rows() == [("cccd_chip_issued", 85e6)]
    assert x.unmapped.select("text", "reason").rows() == [
        ("tám mươi lăm triệu", "restates the figure before it")
    ]


def test_a_table_takes_each_column_metric_from_its_header(registry) -> None:
    text = (
        "Tài khoản định danh điện tử tại một số địa phương (tính đến 30/6/2024):\n\n"
        "Địa phương | Tài khoản đã cấp | Tài khoản đã kích hoạt\n"
        "Hà Nội | 6.512.000 | 4.100.000\n"
        "Đà Nẵng | 980.000 | 700.000\n"
    )
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("metric", "geo", "value", "period_end").rows() == [
        ("vneid_accounts_issued", "ha_noi", 6_512_000, date(2024, 6, 30)),
        ("vneid_accounts_activated", "ha_noi", 4_100_000, date(2024, 6, 30)),
        ("vneid_accounts_issued", "da_nang", 980_000, date(2024, 6, 30)),
        ("vneid_accounts_activated", "da_nang", 700_000, date(2024, 6, 30)),
    ]


def test_localities_pair_with_figures_respectively(registry) -> None:
    text = "Hà Nội và TP.HCM lần lượt có 6,5 triệu và 7,8 triệu tài khoản định danh điện tử."
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("metric", "geo", "value").rows() == [
        ("vneid_accounts_issued", "ha_noi", 6_500_000),
        ("vneid_accounts_issued", "ho_chi_minh", 7_800_000),
    ]


def test_metrics_pair_with_figures_respectively(registry) -> None:
    text = "Số tài khoản định danh điện tử đã cấp và đã kích hoạt lần lượt là 80 triệu và 55 triệu."
    obs = _obs(text, date(2024, 7, 2), registry)
    assert obs.select("metric", "value").rows() == [
        ("vneid_accounts_issued", 80_000_000),
        ("vneid_accounts_activated", 55_000_000),
    ]


def test_a_clause_before_the_figure_still_gives_its_subject(registry) -> None:
    text = (
        "Cổng Dịch vụ công quốc gia đã kết nối với 11 bộ, ngành; cung cấp 4.474 dịch vụ công "
        "trực tuyến."
    )
    obs = _obs(text, date(2024, 5, 22), registry)
    assert obs.select("metric", "as_written").rows() == [("dvc_portal_online_services", "4.474")]


def test_bullets_inherit_the_lead_in_locality_and_date(registry) -> None:
    text = (
        "Tính đến ngày 1/3/2023, tại TP.HCM:\n"
        "- 1.497.360 tài khoản định danh điện tử đã cấp;\n"
        "- Tài khoản được kích hoạt: 304.191.\n"
    )
    obs = _obs(text, date(2023, 3, 6), registry)
    assert obs.select("metric", "geo", "period_end").rows() == [
        ("vneid_accounts_issued", "ho_chi_minh", date(2023, 3, 1)),
        ("vneid_accounts_activated", "ho_chi_minh", date(2023, 3, 1)),
    ]


def test_distractors_go_to_unmapped_with_a_reason(registry) -> None:
    text = (
        "Theo Quyết định số 06/QĐ-TTg ngày 6/1/2022, Đề án 06 giai đoạn 2022-2025 gồm "
        "7 nhóm nhiệm vụ; hotline 1900 0368; hàng triệu người dân đã dùng VNeID."
    )
    x = extract_text(text, published=date(2024, 1, 1), source_id="t", registry=registry)
    assert x.observations.is_empty()
    reasons = _reasons(x)
    pairs = set(zip(x.unmapped["text"], x.unmapped["reason"], strict=True))
    assert {("06", "document number"), ("06", "programme name (Đề án 06)")} <= pairs
    assert reasons["6/1/2022"] == "date or period"
    assert reasons["2022-2025"] == "year"  # a span of years
    assert reasons["7"].startswith("unknown metric")
    assert reasons["hàng triệu"] == "vague magnitude"
    assert reasons["1900"] == "phone number"


def test_html_scripts_styles_and_comments_are_never_read(registry) -> None:
    x = _run("portal_2021_11.html", registry)
    for hidden in ("999", "777", "555", "888", "12345"):
        assert hidden not in x.text


def test_a_missing_publication_date_is_an_error_not_today(registry) -> None:
    doc = read_document(ARTICLES / "cccd_2022_08_nfd.txt")
    with pytest.raises(De06Error, match="publication date"):
        extract_document(doc, source_id="t", registry=registry)


def test_a_batch_gives_each_article_the_rows_it_gets_alone(registry) -> None:
    docs = [read_document(ARTICLES / name) for name in FILES]
    articles = [
        (d.text, publication_date(d, PUBLISHED.get(name)), f"s{i}")
        for i, (name, d) in enumerate(zip(FILES, docs, strict=True))
    ]
    empty = ("Không có số liệu nào ở đây.", date(2024, 1, 1), "empty")
    batch = extract_texts([empty, *articles, empty], registry=registry)
    assert len(batch) == len(articles) + 2
    assert batch[0].observations.is_empty() and batch[0].unmapped.is_empty()
    for i, (text, published, sid) in enumerate(articles, start=1):
        alone = extract_text(text, published=published, source_id=sid, registry=registry)
        assert not alone.observations.is_empty()
        assert batch[i].observations.equals(alone.observations)
        assert batch[i].unmapped.equals(alone.unmapped)
        assert (batch[i].text, batch[i].source_id, batch[i].published) == (text, sid, published)
    assert batch.observations.height == sum(x.observations.height for x in batch)


def test_a_batch_refuses_an_article_without_a_date(registry) -> None:
    with pytest.raises(De06Error, match="publication date"):
        extract_texts([("Có 5 thẻ CCCD.", None, "t")], registry=registry)


def test_the_leads_date_dates_later_figures_that_state_none(registry) -> None:
    text = (
        "Tiêu đề: Cổng dịch vụ công sau một năm\n\n"
        "Chiều 30/12, Văn phòng Chính phủ tổ chức hội nghị tổng kết một năm vận hành Cổng Dịch vụ "
        "công quốc gia với sự tham dự của lãnh đạo các bộ, ngành và địa phương.\n\n"
        "Báo cáo tại hội nghị cho biết Cổng có hơn 412.000 tài khoản đăng ký."
    )
    obs = _obs(text, date(2021, 1, 5), registry)
    assert obs.select("value", "period_end").rows() == [(412_000.0, date(2020, 12, 30))]


def test_an_as_of_date_after_a_background_paragraph_dates_what_follows(registry) -> None:
    background = (
        "Thực hiện Quyết định số 12/QĐ-UBND ngày 2/1/2024 của Ủy ban nhân dân tỉnh về chuyển đổi "
        "số, các sở, ngành và địa phương tiếp tục tuyên truyền, hướng dẫn người dân sử dụng ứng "
        "dụng định danh điện tử trong giao dịch hằng ngày.\n\n"
    )
    dated = (
        "Theo báo cáo nhanh của các đơn vị, tính đến hết ngày 31/3/2024, cả nước đã kích hoạt hơn "
        "50 triệu tài khoản định danh điện tử, tăng mạnh so với cuối năm trước.\n\n"
    )
    later = "Về dịch vụ công, Cổng Dịch vụ công quốc gia có 12,3 triệu tài khoản đăng ký."
    obs = _obs(background + dated + later, date(2024, 4, 10), registry)
    assert obs.select("value", "period_end").rows() == [
        (50_000_000.0, date(2024, 3, 31)),
        (12_300_000.0, date(2024, 3, 31)),  # the report's day, not the publication's
    ]
    # a window opening the second paragraph is what that paragraph counts, not the article's day
    window = dated.replace("tính đến hết ngày 31/3/2024", "trong quý I/2024")
    obs = _obs(background + window + later, date(2024, 4, 10), registry)
    assert (12_300_000.0, date(2024, 4, 10)) in obs.select("value", "period_end").rows()


def test_a_date_past_a_later_figure_is_that_figures(registry) -> None:
    text = (
        "Số tài khoản định danh điện tử đã cấp: trên 52 triệu, cao hơn chỉ tiêu 45 triệu tài "
        "khoản đặt ra cho 6 tháng đầu năm 2024."
    )
    x = extract_text(text, published=date(2024, 7, 15), source_id="t", registry=registry)
    rows = x.observations.select("value", "status", "period_end").rows()
    assert (52_000_000.0, "observation", date(2024, 7, 15)) in rows  # a level, not a window
    assert (45_000_000.0, "target", date(2024, 6, 30)) in rows


def test_now_in_a_bullet_is_not_the_bullet_befores_date(registry) -> None:
    text = (
        "## Tài khoản\n\n"
        "- Số tài khoản định danh điện tử đã cấp: hơn 80 triệu (cập nhật đến giữa năm 2025).\n"
        "- Hiện ứng dụng có hơn 62 triệu tài khoản đã kích hoạt.\n"
        "- Số hồ sơ trực tuyến thực hiện từ Cổng đạt hơn 9 triệu.\n"
    )
    obs = _obs(text, date(2025, 12, 20), registry)
    assert obs.select("value", "period_end").rows() == [
        (80_000_000.0, date(2025, 6, 30)),
        (62_000_000.0, date(2025, 12, 20)),  # "Hiện": now
        (9_000_000.0, date(2025, 6, 30)),  # "thực hiện" is no "now"
    ]


def test_a_total_over_a_window_is_never_a_stock_level(registry) -> None:
    text = (
        "Tính đến ngày 22/6/2021, Cổng có 1,4 triệu hồ sơ trực tuyến. Riêng 6 tháng đầu năm 2021, "
        "có 754.000 hồ sơ trực tuyến; từ 9/12/2019 tới 23/11/2021 có hơn 2,3 triệu hồ sơ "
        "trực tuyến."
    )
    x = extract_text(text, published=date(2021, 11, 30), source_id="t", registry=registry)
    assert x.observations.select("value", "period_end").rows() == [
        (1_400_000.0, date(2021, 6, 22)),
        (2_300_000.0, date(2021, 11, 23)),  # counted from the portal's launch: cumulative
    ]
    why = x.unmapped.filter(pl.col("text") == "754.000")["reason"].to_list()
    assert why and "flow, not a level" in why[0]


def test_a_periods_results_reported_at_a_meeting_take_the_meeting_day(registry) -> None:
    text = (
        "Hội nghị tổng kết năm 2022 triển khai Đề án 06 diễn ra ngày 12/1. Bản tin tóm tắt các "
        "số liệu được báo cáo tại hội nghị, phản ánh kết quả tính đến thời điểm hội nghị.\n\n"
        "Năm 2022, số tài khoản trên Cổng Dịch vụ công quốc gia là gần 8 triệu."
    )
    obs = _obs(text, date(2023, 1, 20), registry)
    assert obs.select("value", "period_end").rows() == [(8_000_000.0, date(2023, 1, 12))]


def test_a_percent_a_list_of_provinces_shares_is_each_ones(registry) -> None:
    text = (
        "Bộ Công an yêu cầu Quảng Ninh, Bắc Ninh và Hải Dương hoàn thành kích hoạt tài khoản "
        "định danh điện tử cho 80% công dân đủ điều kiện trên địa bàn trước ngày 30/9/2023."
    )
    obs = _obs(text, date(2023, 6, 1), registry)
    assert sorted(obs["geo"]) == ["bac_ninh", "hai_duong", "quang_ninh"]
    assert set(obs["value"]) == {0.8} and set(obs["status"]) == {"target"}
    together = (
        "Tính đến ngày 30/9/2023, Quảng Ninh, Bắc Ninh và Hải Dương chiếm tổng cộng 12% số tài "
        "khoản định danh điện tử đã kích hoạt của cả nước."
    )
    assert "quang_ninh" not in set(_obs(together, date(2023, 10, 2), registry)["geo"])


def test_a_repeated_noun_counts_what_the_paragraph_counted_in_the_clauses_province(
    registry,
) -> None:
    text = (
        "# Hồ sơ trên Cổng Dịch vụ công quốc gia sau một tháng\n\n"  # a topic of other dossiers
        "Từ ngày 1/7 đến ngày 31/7/2025, cả nước tiếp nhận 2,1 triệu hồ sơ thủ tục hành chính. "
        "Hà Nội tiếp nhận nhiều nhất với hơn 310.000 hồ sơ; Lai Châu ít nhất, khoảng 9.800 hồ sơ."
    )
    obs = _obs(text, date(2025, 8, 5), registry)
    assert obs.select("metric", "geo", "value").rows() == [
        ("local_dossiers_received", "VN", 2_100_000.0),
        ("local_dossiers_received", "ha_noi", 310_000.0),
        ("local_dossiers_received", "lai_chau", 9_800.0),
    ]
    assert set(obs["period_end"]) == {date(2025, 7, 31)}  # the paragraph's window


def test_toan_tinh_refers_to_the_documents_own_province(registry) -> None:
    text = (
        "BÁO CÁO\nKết quả cấp căn cước công dân\n\n"
        "Tính đến ngày 10/5/2023, trong toàn tỉnh đã cấp 1.128.438 thẻ căn cước công dân gắn chip. "
        "Cũng trong đợt này, số thẻ CCCD được trả cho người dân là 1.100.000 thẻ căn cước công dân."
    )
    x = extract_text(
        text, published=date(2023, 5, 15), source_id="t", registry=registry, place="Hà Tĩnh"
    )
    assert set(x.observations["geo"]) == {"ha_tinh"}
    # without the document's place, "toàn tỉnh" names no province: the figures stay national
    y = extract_text(text, published=date(2023, 5, 15), source_id="t", registry=registry)
    assert set(y.observations["geo"]) == {"VN"}


def test_respectively_pairs_metrics_named_in_order_and_again_after_a_semicolon(registry) -> None:
    text = (
        "Sáu tháng đầu năm 2024, ở khối bộ, ngành và khối địa phương, tỷ lệ này lần lượt đạt 60% "
        "và 20%; cuối năm 2023 lần lượt là 40% và 10%."
    )
    obs = _obs(text, date(2024, 7, 11), registry)
    got = set(obs.select("metric", "value", "period_end").rows())
    ministries, localities = (
        "dvc_fully_online_dossier_share_ministries",
        "dvc_fully_online_dossier_share_localities",
    )
    assert got == {
        (ministries, 0.6, date(2024, 6, 30)),
        (localities, 0.2, date(2024, 6, 30)),
        (ministries, 0.4, date(2023, 12, 31)),  # a date after the ';' is the next clause's
        (localities, 0.1, date(2023, 12, 31)),
    }


_REPORT_BODY = (
    "Đã kích hoạt 702.334 tài khoản định danh điện tử. Tỷ lệ hồ sơ trực tuyến toàn "
    "trình đạt 46,2%. Có 96.400 người hưởng chính sách an sinh xã hội được chi trả không dùng "
    "tiền mặt. Cả nước đã có 38 triệu giao dịch thanh toán trực tuyến."
)


@pytest.mark.parametrize(
    ("head", "geos"),
    [
        (  # a province's body in the letterhead: figures that name no place are the province's
            "UBND TỈNH QUẢNG NAM\nSố: 215/BC-UBND\n",
            ["quang_nam", "quang_nam", "quang_nam", "VN"],
        ),
        ("CÔNG AN TỈNH QUẢNG NAM\nSố: 88/BC-CAT\n", ["quang_nam", "quang_nam", "quang_nam", "VN"]),
        # a ministry's letter, or a headline that only names a province's body, is no letterhead
        ("BỘ CÔNG AN\nSố: 215/BC-BCA\n", ["VN", "VN", "VN", "VN"]),
        ("Công an tỉnh Quảng Nam đẩy mạnh Đề án 06\n", ["VN", "VN", "VN", "VN"]),
        # a two-column letterhead: the body over the province in the left column
        (
            "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TỈNH QUẢNG NAM           Độc lập - Tự do - Hạnh phúc\nSố:    /BC-UBND\n",
            ["quang_nam", "quang_nam", "quang_nam", "VN"],
        ),
    ],
)
def test_a_provinces_own_report_localizes_figures_that_name_no_place(
    head: str, geos: list[str], registry
) -> None:
    title = "\nBÁO CÁO\nKết quả triển khai Đề án 06 trên địa bàn tỉnh\n\n"
    obs = _obs(head + title + _REPORT_BODY, date(2024, 9, 18), registry)
    assert obs["geo"].to_list() == geos
    # a province's notice relaying a national meeting's results reports the country's
    relay = "\nTHÔNG BÁO\nNội dung Phiên họp của Ủy ban Quốc gia về chuyển đổi số\n\n"
    assert set(_obs(head + relay + _REPORT_BODY, date(2024, 9, 18), registry)["geo"]) == {"VN"}


def test_the_lead_window_dates_later_levels_at_its_end(registry) -> None:
    """A window in the article's lead ("từ 1/7 đến 10/7") says when the report stands: a stock
    figure paragraphs later is its level at the window's end, while a figure of the window's
    own sentence is still a total over it."""
    text = (
        "Theo Cục Cảnh sát quản lý hành chính về trật tự xã hội, sau 10 ngày thực hiện Luật Căn "
        "cước (từ 1/7 đến 10/7), lực lượng công an đã thu nhận hơn 2,9 triệu hồ sơ cấp thẻ căn "
        "cước.\n\n"
        "Hà Nội có 5,6 triệu tài khoản định danh điện tử đã kích hoạt."
    )
    x = extract_text(text, published=date(2024, 7, 11), source_id="t", registry=registry)
    got = set(x.observations.select("metric", "geo", "period_end").rows())
    assert ("vneid_accounts_activated", "ha_noi", date(2024, 7, 10)) in got
    assert "a total over" not in " ".join(x.unmapped["reason"].to_list())


def test_a_province_ranked_in_the_country_keeps_its_own_figures(registry) -> None:
    """ "dẫn đầu cả nước" ranks Hà Nội in the country: its figures are not the country's."""
    text = (
        "Hà Nội dẫn đầu cả nước với 5,6 triệu tài khoản định danh điện tử đã kích hoạt, "
        "chiếm 78% dân số từ 14 tuổi trở lên."
    )
    obs = _obs(text, date(2024, 7, 11), registry)
    assert set(obs["geo"]) == {"ha_noi"}
    nat = _obs(
        "Cả nước có 5,6 triệu tài khoản định danh điện tử đã kích hoạt.",
        date(2024, 7, 11),
        registry,
    )
    assert nat["geo"].to_list() == ["VN"]


def test_page_counters_and_a_loose_headline_restatement_are_no_rows(registry) -> None:
    text = (
        "Hơn 2,9 triệu người dân đã có căn cước mới\n\n"
        "Lực lượng công an đã thu nhận hơn 2,9 triệu hồ sơ cấp thẻ căn cước. "
        "Bài viết có 1.234 lượt xem và 15 bình luận."
    )
    x = extract_text(text, published=date(2024, 7, 11), source_id="t", registry=registry)
    assert x.observations["value"].to_list() == [2_900_000]
    reasons = _reasons(x)
    assert reasons["1.234"] == reasons["15"] == "page counter (views, comments)"
    assert reasons["Hơn 2,9 triệu"] == "headline restating a figure given in the body"


def test_the_words_after_a_coordinator_belong_to_the_next_figure(registry) -> None:
    """ "… 84,7 triệu thẻ CCCD … và kích hoạt trên 49,7 triệu tài khoản …": the verb after "và"
    is the second figure's, not a word of the first one's stretch."""
    text = (
        "Bộ Công an đã cấp trên 84,7 triệu thẻ CCCD gắn chíp cho công dân và kích hoạt trên "
        "49,7 triệu tài khoản định danh điện tử."
    )
    obs = _obs(text, date(2024, 2, 6), registry)
    assert obs.select("metric", "value").rows() == [
        ("cccd_chip_issued", 84.7e6),
        ("vneid_accounts_activated", 49.7e6),
    ]


def test_every_provinces_police_is_not_the_documents_own_province(registry) -> None:
    """ "63/63 công an tỉnh, thành phố" are all of them: a Hà Nội dateline does not make the
    national figures after it Hà Nội's."""
    text = (
        "Hà Nội, ngày 06 tháng 02 năm 2024\n\n"
        "Ngày 5/2/2024, Tổ công tác họp trực tuyến với 63/63 công an tỉnh, thành phố để đánh giá "
        "kết quả tháng 01/2024 và thông báo một số kết quả nổi bật của các địa phương:\n\n"
        "Đến nay, các địa phương đã chi trả qua tài khoản cho 585.975 người hưởng chính sách an "
        "sinh xã hội."
    )
    x = extract_text(
        text, published=date(2024, 2, 6), source_id="t", registry=registry, place="Hà Nội"
    )
    row = x.observations.row(0, named=True)
    assert (row["metric"], row["geo"]) == ("social_welfare_cashless_recipients", "VN")
    # "đến nay" in what the meeting of 5/2 reported is the meeting's day, not the release's
    assert row["period_end"] == date(2024, 2, 5)


def test_a_bulletin_about_one_share_reads_its_bare_percents_as_that_share(registry) -> None:
    """Under a title naming one share, "Cả nước: 45,8%" is that share; a heading that measures
    progress against a goal ("CÒN XA MỤC TIÊU 80%") heads observations, not targets; a numbered
    line "2. Nhìn lại năm 2024" is a section's title."""
    text = (
        "CHỦ ĐỀ: HỒ SƠ TRỰC TUYẾN TOÀN TRÌNH - CÒN XA MỤC TIÊU 80%\n\n"
        "1. Số liệu mới nhất\n"
        "• Tính đến ngày 26/10, tỷ lệ hồ sơ trực tuyến toàn trình của cả nước đạt 39,98%.\n"
        "2. Nhìn lại năm 2024\n"
        "• Cả nước: 45,8%, thấp hơn mục tiêu đề ra.\n"
        "• Nhiều xã hoàn thành cấp thẻ cho 100% người dân trong độ tuổi.\n"
    )
    obs = _obs(text, date(2025, 11, 10), registry)
    got = set(obs.select("metric", "value", "status").rows())
    share = "dvc_fully_online_dossier_share"
    assert (share, 0.3998, "observation") in got
    assert (share, 0.458, "observation") in got
    # a percent of people named after it is not the title's share
    assert 1.0 not in obs.filter(pl.col("status") == "observation")["value"].to_list()


def test_respectively_lists_end_at_a_comparison_and_may_follow_their_places(registry) -> None:
    """ "… lần lượt đạt 63,47% và 18,54%, so với mục tiêu tương ứng là 70% và 30%": two lists of
    two; provinces may come after "lần lượt là" and their figures after "tương ứng", with ";"."""
    text = (
        "Khối bộ, ngành và khối tỉnh, thành lần lượt đạt 63,47% và 18,54%, so với mục tiêu "
        "tương ứng là 70% và 30%. Năm địa phương có tỷ lệ hồ sơ trực tuyến thấp nhất lần lượt "
        "là Bạc Liêu, Sơn La và Nghệ An, với tỷ lệ tương ứng 7,4%; 8,3%; 8,6%."
    )
    obs = _obs(text, date(2025, 1, 24), registry)
    got = set(obs.select("metric", "geo", "value", "status").rows())
    ministries, localities = (
        "dvc_fully_online_dossier_share_ministries",
        "dvc_fully_online_dossier_share_localities",
    )
    assert {
        (ministries, "VN", 0.6347, "observation"),
        (localities, "VN", 0.1854, "observation"),
        (ministries, "VN", 0.7, "target"),
        (localities, "VN", 0.3, "target"),
    } <= got
    share = "local_dossiers_online_share"
    assert {(share, "bac_lieu", 0.074), (share, "son_la", 0.083), (share, "nghe_an", 0.086)} <= {
        r[:3] for r in got
    }


def test_a_bare_percent_after_a_share_is_that_share_and_a_yearless_past_period_is_last_years(
    registry,
) -> None:
    text = (
        "Hết quý II, tỷ lệ hồ sơ trực tuyến toàn trình cả nước đạt 42%. Riêng Đà Nẵng khi đó "
        "đã đạt 66%."
    )
    obs = _obs(text, date(2025, 1, 24), registry)
    assert set(obs.select("metric", "geo", "value", "period_end").rows()) == {
        ("dvc_fully_online_dossier_share", "VN", 0.42, date(2024, 6, 30)),
        ("dvc_fully_online_dossier_share", "da_nang", 0.66, date(2024, 6, 30)),
    }


def test_the_day_of_the_event_that_reported_a_figure_dates_it(registry) -> None:
    """ "tại hội nghị ngày 3/5, Bộ Công an đã cấp …": the meeting's day, even late in the
    sentence; "đến nay" carried through a paragraph of a notice about a dated conference is the
    conference's day; a byline's code on the line above a window is no document number."""
    text = (
        "Cập nhật | Cục C06\n\n"
        "Từ ngày 1/7 đến ngày 7/10, công an các địa phương trên cả nước đã cấp hơn 9,58 triệu "
        "thẻ căn cước theo mẫu mới.\n\n"
        "Nhắc lại kết quả sơ kết ba năm thực hiện Đề án 06 tại hội nghị ngày 3/5, Bộ Công an đã "
        "cấp trên 86 triệu thẻ căn cước công dân gắn chíp."
    )
    obs = _obs(text, date(2024, 10, 9), registry)
    ends = dict(zip(obs["value"], obs["period_end"], strict=True))
    assert ends[9.58e6] == date(2024, 10, 7) and ends[86e6] == date(2024, 5, 3)
    notice = (
        "Ngày 21 tháng 12 năm 2023, Thủ tướng Chính phủ chủ trì Hội nghị trực tuyến với các bộ, "
        "ngành và 63 tỉnh, thành phố. Sau khi nghe báo cáo của Bộ Công an, Thủ tướng kết luận:\n\n"
        "Cổng Dịch vụ công quốc gia đến nay có hơn 11,2 triệu tài khoản. Các bộ, ngành, địa "
        "phương đã triển khai 38/53 dịch vụ công thiết yếu."
    )
    obs = _obs(notice, date(2024, 1, 4), registry)
    assert set(obs["period_end"]) == {date(2023, 12, 21)}


def test_figures_for_a_period_ahead_are_targets(registry) -> None:
    """ "Từ năm 2030, 100% người dân có sổ sức khỏe điện tử" and "Năm 2026, đạt tối thiểu 95%
    …" (in January 2026) are goals; a yearless period ahead is last year's, not a goal."""
    text = (
        "Khung 5 – Mục tiêu (tính đến ngày 18/1/2026)\n\n"
        "Năm 2026, đạt tối thiểu 95% người dân đánh giá hài lòng khi sử dụng dịch vụ công trực "
        "tuyến. Từ năm 2030, 100% người dân có sổ sức khỏe điện tử. Hết quý II, tỷ lệ hồ sơ trực "
        "tuyến toàn trình cả nước đạt 42%."
    )
    obs = _obs(text, date(2026, 1, 18), registry)
    status = dict(zip(obs["value"], obs["status"], strict=True))
    assert status == {0.95: "target", 1.0: "target", 0.42: "observation"}


def test_toan_tinh_in_a_provinces_own_report_is_that_province(registry) -> None:
    """Gia Lai's report names the two provinces it merged; "toàn tỉnh" is still Gia Lai."""
    text = (
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH GIA LAI             Độc lập - Tự do - Hạnh phúc\n"
        "Số: 286/BC-UBND          Gia Lai, ngày 28 tháng 8 năm 2025\n\n"
        "BÁO CÁO\nKết quả giải quyết thủ tục hành chính sau hai tháng vận hành\n\n"
        "Từ ngày 1/7/2025, tỉnh Gia Lai mới được thành lập trên cơ sở hợp nhất tỉnh Gia Lai và "
        "tỉnh Bình Định.\n\n"
        "Từ ngày 1/7/2025 đến ngày 24/8/2025, toàn tỉnh tiếp nhận 227.748 hồ sơ thủ tục hành "
        "chính."
    )
    obs = _obs(text, date(2025, 8, 28), registry)
    assert obs.select("metric", "geo").rows() == [("local_dossiers_received", "gia_lai_2025")]


def test_a_length_or_a_count_of_another_noun_is_no_labelled_figure(registry) -> None:
    text = (
        "Số định danh cá nhân gồm 12 chữ số. Đó là tổng số hồ sơ thủ tục hành chính 34 địa "
        "phương tiếp nhận."
    )
    x = extract_text(text, published=date(2025, 10, 28), source_id="t", registry=registry)
    assert x.observations.height == 0
    reasons = _reasons(x)
    assert reasons["12"] == "a length (digits, characters)"


def test_a_goal_a_figure_is_measured_against_counts_what_the_figure_counts(registry) -> None:
    text = (
        "Tính đến cuối năm 2024, cả nước có hơn 55,25 triệu tài khoản VNeID đã được kích hoạt, "
        "vượt chỉ tiêu 40 triệu tài khoản định danh điện tử mà Đề án 06 đặt ra cho năm 2025."
    )
    obs = _obs(text, date(2025, 1, 24), registry)
    assert set(obs.select("metric", "value", "status").rows()) == {
        ("vneid_accounts_activated", 55.25e6, "observation"),
        ("vneid_accounts_activated", 40e6, "target"),
    }


def test_a_change_over_a_stated_stretch_is_a_change_row_from_its_start(registry) -> None:
    """ "Riêng từ cuối năm 2024 đến hết tháng 8/2025, số yêu cầu xác thực tăng thêm hơn 200
    triệu lượt": the registry's change of authentication requests, from 31/12/2024 to
    31/8/2025 — and "yêu cầu xác thực" is the metric's noun, no goal ("yêu cầu" = require)."""
    text = (
        "Riêng từ cuối năm 2024 đến hết tháng 8/2025, số yêu cầu xác thực tăng thêm hơn 200 "
        "triệu lượt.\n\nSo với cuối năm 2024, số yêu cầu xác thực tăng thêm 150 triệu lượt."
    )
    obs = _obs(text, date(2025, 9, 8), registry)
    rows = obs.select("metric", "value", "period_start", "period_end", "status").rows()
    change = "authentication_requests_change"
    assert (change, 200e6, date(2024, 12, 31), date(2025, 8, 31), "observation") in rows
    assert (change, 150e6, date(2024, 12, 31), date(2025, 9, 8), "observation") in rows


def test_a_wards_figure_is_no_row_and_its_citys_is(registry) -> None:
    text = (
        "Trong tháng 8, Bộ phận Một cửa phường tiếp nhận 1.284 hồ sơ thủ tục hành chính. "
        "Phấn đấu tỷ lệ hồ sơ trực tuyến của phường đạt trên 90%.\n\n"
        "Trong tháng 8, thành phố Cần Thơ tiếp nhận 47.816 hồ sơ thủ tục hành chính."
    )
    x = extract_text(text, published=date(2025, 9, 8), source_id="t", registry=registry)
    assert x.observations.select("geo", "value").rows() == [("can_tho_2025", 47_816.0)]
    reasons = _reasons(x)
    assert "below the province" in reasons["1.284"] and "below the province" in reasons["trên 90%"]


def test_a_change_since_the_same_milestone_takes_the_base_day_given_before(registry) -> None:
    text = (
        "Đến nay, các địa phương đã chi trả qua tài khoản cho 585.975 người, tăng 72.944 người "
        "so với ngày 5/1/2024. Tổng số tiền chi trả trên 1,7 nghìn tỷ đồng, tăng hơn 147 tỷ đồng "
        "so với cùng mốc này."
    )
    obs = _obs(text, date(2024, 2, 6), registry)
    row = obs.filter(pl.col("metric") == "social_welfare_cashless_amount_change").row(0, named=True)
    assert (row["value"], row["period_start"]) == (147e9, date(2024, 1, 5))


def test_a_national_paragraph_or_section_in_a_provinces_report_stays_national(registry) -> None:
    text = (
        "CÔNG AN THÀNH PHỐ HÀ NỘI          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số:      /BC-PC06                  Hà Nội, ngày 15 tháng 5 năm 2023\n\n"
        "BÁO CÁO NHANH\nTiến độ kích hoạt tài khoản định danh điện tử\n\n"
        "I. KẾT QUẢ TRÊN ĐỊA BÀN THÀNH PHỐ\n"
        "Công an Thành phố đã thu nhận hơn 4,2 triệu hồ sơ đề nghị cấp tài khoản định danh điện "
        "tử.\n\n"
        "II. TÌNH HÌNH CHUNG CẢ NƯỚC (theo thông báo của Cục C06)\n"
        "Có gần 9 triệu tài khoản định danh điện tử kích hoạt.\n\n"
        "III. KIẾN NGHỊ\n"
        "Trên phạm vi cả nước, theo Bộ Công an, đã cấp hơn 80 triệu thẻ CCCD gắn chip. Đến "
        "ngày 17/5, các bộ, ngành đã cung cấp 58/76 dịch vụ công thiết yếu."
    )
    obs = _obs(text, date(2023, 5, 15), registry)
    assert dict(zip(obs["value"], obs["geo"], strict=True)) == {
        4.2e6: "ha_noi",
        9e6: "VN",
        80e6: "VN",
        58.0: "VN",
    }


def test_toan_tinh_does_not_refer_to_a_province_in_a_bracketed_aside(registry) -> None:
    text = (
        "Tại Gia Lai (mới, sau hợp nhất với Bình Định), từ ngày 1/7/2025 đến ngày 24/8/2025, toàn "
        "tỉnh đã tiếp nhận 227.748 hồ sơ thủ tục hành chính."
    )
    assert _obs(text, date(2025, 11, 3), registry)["geo"].to_list() == ["gia_lai_2025"]


def test_a_goal_beside_its_result_is_the_goal_of_the_results_period(registry) -> None:
    text = (
        "Nhìn lại năm 2024, tỷ lệ hồ sơ trực tuyến toàn trình của khối bộ, ngành đạt 63,47% "
        "(mục tiêu 70%)."
    )
    obs = _obs(text, date(2025, 11, 10), registry)
    assert set(obs.select("value", "status", "period_end").rows()) == {
        (0.6347, "observation", date(2024, 12, 31)),
        (0.7, "target", date(2024, 12, 31)),
    }


def test_a_deadline_offered_with_an_alternative_is_the_first(registry) -> None:
    text = (
        "Theo Đề án 06, mục tiêu đặt ra là đến cuối năm 2022, đầu năm 2023 có từ 3 đến 5 triệu "
        "người dùng VNeID."
    )
    obs = _obs(text, date(2022, 11, 8), registry)
    assert obs.select("status", "period_end").rows() == [("target", date(2022, 12, 31))]
