"""A generic noun completed by the words around it and the document's topic (`head-noun+words`),
metrics that did not exist yet, and place names told apart by their diacritics."""

from __future__ import annotations

from datetime import date

import pytest

from de06metrics import paths
from de06metrics.extract import extract_text
from de06metrics.registry import load_registry

TABLE = """\
| Ngày | Nội dung | Số liệu |
|---|---|---|
| 15/3/2021 | Hồ sơ đã thu nhận | hơn 2,1 triệu |
| 15/3/2021 | Thẻ đã in, trả về công an tỉnh | 640.000 |
"""


@pytest.fixture(scope="module")
def registry():
    return load_registry(paths.REGISTRY_DIR)


def _rows(text: str, published: date, registry) -> list[tuple]:
    x = extract_text(text, published=published, source_id="t", registry=registry)
    return x.observations.select("metric", "value", "geo").rows()


def test_generic_row_labels_take_the_metric_the_title_completes(registry) -> None:
    text = "# Cấp căn cước công dân gắn chip: các mốc quý I\n\n" + TABLE
    assert _rows(text, date(2021, 4, 2), registry) == [
        ("cccd_applications_collected", 2_100_000.0, "VN"),
        ("cccd_chip_issued", 640_000.0, "VN"),
    ]


def test_without_a_topic_a_generic_label_names_no_metric(registry) -> None:
    text = "# Bản tin tuần\n\n" + TABLE
    x = extract_text(text, published=date(2021, 4, 2), source_id="t", registry=registry)
    assert x.observations.is_empty()
    reasons = x.unmapped.filter(x.unmapped["value"] == 2_100_000.0)["reason"].to_list()
    assert reasons and reasons[0].startswith("unknown metric")


def test_words_of_the_clause_complete_a_noun_that_no_alias_spells_out(registry) -> None:
    text = (
        "Theo báo cáo, hơn 1,2 tỷ lượt tra cứu, khai thác thông tin công dân đã được thực hiện "
        "trong năm."
    )
    assert _rows(text, date(2023, 7, 12), registry) == [
        ("authentication_requests", 1_200_000_000.0, "VN")
    ]


def test_a_metric_is_not_read_before_its_thing_existed(registry) -> None:
    title = "# Cấp thẻ căn cước: số liệu mới\n\n"
    early = _rows(title + TABLE, date(2021, 4, 2), registry)
    late = _rows(title + TABLE.replace("2021", "2024"), date(2024, 9, 2), registry)
    assert "can_cuoc_applications_collected" not in {m for m, _, _ in early}
    assert ("can_cuoc_applications_collected", 2_100_000.0, "VN") in late


def test_a_word_written_with_other_diacritics_is_not_a_province(registry) -> None:
    text = (
        "## Diễn biến theo tháng\n\n"
        "Tính đến ngày 30/6/2023, cả nước có hơn 60 triệu tài khoản định danh điện tử được cấp."
    )
    assert _rows(text, date(2023, 7, 1), registry) == [
        ("vneid_accounts_issued", 60_000_000.0, "VN")
    ]
    named = text.replace("Diễn biến theo tháng", "Điện Biên").replace("cả nước", "tỉnh")
    assert _rows(named, date(2023, 7, 1), registry)[0][2] == "dien_bien"
