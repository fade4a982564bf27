"""The presentation layer: message tables, formatters, and progress notes rendered per language."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from de06metrics.errors import De06Error
from de06metrics.present import formatter, message_keys, msg, template
from de06metrics.present.messages import placeholders
from de06metrics.present.notes import render_notes
from de06metrics.progress import encode_notes


def test_both_tables_have_the_same_keys_and_placeholders():
    assert message_keys("vi") == message_keys("en")
    for key in message_keys("vi"):
        assert placeholders(key, "vi") == placeholders(key, "en"), key


def test_english_table_has_no_vietnamese_letters_except_the_programme_name():
    viet = re.compile(r"[À-ỹĐđ]")
    for key in message_keys("en"):
        text = template(key, "en").replace("Đề án 06", "")
        assert not viet.search(text), (key, text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", ("1.234.567,8", "30/06/2024", "06/2024", "hơn 86,3 triệu", "38–40 triệu", "95%")),
        ("en", ("1,234,567.8", "30 Jun 2024", "Jun 2024", "over 86.3 million", "38–40 million",
                "95%")),
    ],
)  # fmt: skip
def test_one_formatter_per_language(lang, expected):
    f = formatter(lang)
    got = (
        f.number(1234567.8),
        f.date(date(2024, 6, 30)),
        f.month(date(2024, 6, 30)),
        f.value(86.3e6, "count", qualifier="more_than"),
        f.value(38e6, "count", qualifier="range", upper=40e6),
        f.value(0.95, "percent"),
    )
    assert got == expected


def test_money_scales_and_separators_follow_the_language():
    assert formatter("vi").value(12.9e12, "vnd", qualifier="approx") == "khoảng 12,9 nghìn tỷ đồng"
    assert formatter("en").value(12.9e12, "vnd") == "12.9 trillion VND"
    assert formatter("vi").separators == ",." and formatter("en").separators == ".,"


def test_msg_formats_dates_and_numbers_and_names_what_is_missing():
    assert msg("conflict", "vi", n=3) == "3 nguồn lệch nhau"
    assert msg("vintage", "en", date=date(2024, 6, 30)) == "Figures published up to 30 Jun 2024"
    with pytest.raises(De06Error, match="needs the parameter 'date'"):
        msg("vintage", "vi")
    with pytest.raises(De06Error, match="no message 'nope'"):
        msg("nope", "vi")
    with pytest.raises(De06Error, match="'fr' is not a report language"):
        msg("source", "fr")


def test_progress_notes_are_codes_rendered_in_each_language():
    codes = encode_notes(
        [
            {"code": "reached_on", "date": date(2023, 7, 31), "written": "trên 48 triệu",
             "source": "Báo Nhân Dân"},
            {"code": "bounds_split", "low": "insufficient", "high": "on_track"},
        ]
    )  # fmt: skip
    assert json.loads(codes)[0]["date"] == "2023-07-31"
    vi, en = render_notes(codes, "vi"), render_notes(codes, "en")
    assert vi.startswith("đạt ngày 31/07/2023 (“trên 48 triệu”, Báo Nhân Dân)")
    assert "chậm, chưa đủ" in vi and "đúng tiến độ" in vi
    assert "reached" not in vi and "2023-07-31" not in vi
    assert en.startswith("reached on 31 Jul 2023 ('trên 48 triệu', Báo Nhân Dân)")
    assert "insufficient progress and on track" in en
    assert render_notes(None, "vi") == "" and render_notes("", "en") == ""


def test_build_summary_writes_figures_with_the_vietnamese_formatter():
    from de06metrics.summary import figure_text

    assert figure_text(86e6, "count") == "86.000.000"
    assert figure_text(0.62, "percent") == "62%"  # a share was printed as "1" before
    assert figure_text(0.625, "percent") == "62,5%"
    assert figure_text(12.9e12, "vnd") == "12.900.000.000.000 đồng"


def test_small_scaled_figures_keep_a_second_decimal_only_when_it_matters():
    f = formatter("vi")
    million = f.scale_for("count", 2e6)
    assert f.value(60_000, "count", qualifier="more_than", scale=million) == "hơn 0,06 triệu"
    assert f.value(900_000, "count", scale=million) == "0,9 triệu"
    assert f.value(1_450_000, "count", scale=million) == "1,4 triệu"
