"""Table-driven tests of de06metrics.dates, one table per kind of Vietnamese date phrase.

Each case is (text, reference, expected): expected is None (no date) or
(start, end, grain) or (start, end, grain, role). Dates are ISO strings ("" = None). The reference
(publication) date defaults to 2 May 2024. Decisions are noted beside the cases.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from de06metrics.dates import RULES, Period, find_periods, parse_period
from de06metrics.lexicon import fold

R = date(2024, 5, 2)


def P(start: str, end: str, grain: str, role: str | None = None) -> tuple:
    return (start, end, grain, role)


CASES: dict[str, list[tuple[str, date | None, tuple | None]]] = {
    "dates_dmy": [
        ("21/12/2023", R, P("2023-12-21", "2023-12-21", "day")),
        ("ngày 21/12/2023", R, P("2023-12-21", "2023-12-21", "day")),
        ("ngày 11/1/2024", R, P("2024-01-11", "2024-01-11", "day")),
        ("21-12-2023", R, P("2023-12-21", "2023-12-21", "day")),
        ("ngày 1.7.2024", R, P("2024-07-01", "2024-07-01", "day")),
        ("ngày 4/4/2022", R, P("2022-04-04", "2022-04-04", "day")),
        ("28/2/2024", R, P("2024-02-28", "2024-02-28", "day")),
        ("29/2/2024", R, P("2024-02-29", "2024-02-29", "day")),
        ("ngày 2/12/2024", R, P("2024-12-02", "2024-12-02", "day")),
        ("05/01/2024", R, P("2024-01-05", "2024-01-05", "day")),
        ("21/12/23", R, P("2023-12-21", "2023-12-21", "day")),
        ("30/2/2024", R, None),  # not a calendar day
    ],
    "dates_words": [
        ("ngày 21 tháng 12 năm 2023", R, P("2023-12-21", "2023-12-21", "day")),
        ("ngày 1 tháng 7 năm 2024", R, P("2024-07-01", "2024-07-01", "day")),
        ("ngày 5 tháng 1", R, P("2024-01-05", "2024-01-05", "day")),
        ("Ngày 30 tháng 9 năm 2022", R, P("2022-09-30", "2022-09-30", "day")),
    ],
    "dates_dm_noyear": [
        # the year that puts the date nearest the reference date
        ("Chiều 21-12, Thủ tướng chủ trì", date(2024, 1, 3), P("2023-12-21", "2023-12-21", "day")),
        ("Chiều 21/12", date(2023, 12, 22), P("2023-12-21", "2023-12-21", "day")),
        ("ngày 10/5", R, P("2024-05-10", "2024-05-10", "day")),
        ("sáng 5/1", date(2023, 12, 28), P("2024-01-05", "2024-01-05", "day")),
        ("ngày 21/12", date(2024, 1, 3), P("2023-12-21", "2023-12-21", "day")),
        ("hôm 2/5", R, P("2024-05-02", "2024-05-02", "day")),
        ("21/12 vừa qua", date(2024, 2, 1), P("2023-12-21", "2023-12-21", "day")),
        ("ngày 21-12", None, None),  # no year and no reference: not guessed
        # a year named from the reference: this year's, not the nearest one
        ("Đến ngày 21/3 năm nay", date(2024, 12, 5), P("", "2024-03-21", "as_of")),
        ("ngày 23/11 năm ngoái", date(2024, 12, 5), P("2023-11-23", "2023-11-23", "day")),
        ("ngày 5 tháng 2 năm nay", date(2024, 12, 5), P("2024-02-05", "2024-02-05", "day")),
        ("21/3 năm 2024", date(2024, 12, 5), P("2024-03-21", "2024-03-21", "day")),
        # "hồi" looks back: April of this year in a December article, not next April
        ("hồi tháng 4", date(2024, 12, 5), P("2024-04-01", "2024-04-30", "month")),
    ],
    "dates_month": [
        ("tháng 5/2024", R, P("2024-05-01", "2024-05-31", "month")),
        ("tháng 11/2023", R, P("2023-11-01", "2023-11-30", "month")),
        ("tháng 1-2024", R, P("2024-01-01", "2024-01-31", "month")),
        ("tháng 2/2024", R, P("2024-02-01", "2024-02-29", "month")),
        ("tháng 12 năm 2024", R, P("2024-12-01", "2024-12-31", "month")),
        ("tháng 6", R, P("2024-06-01", "2024-06-30", "month")),
        ("tháng 12", date(2024, 1, 10), P("2023-12-01", "2023-12-31", "month")),
        ("tháng 2", R, P("2024-02-01", "2024-02-29", "month")),
        ("tháng 5 năm nay", R, P("2024-05-01", "2024-05-31", "month")),
        ("tháng 12 năm trước", R, P("2023-12-01", "2023-12-31", "month")),
        ("trong 12/2024", R, P("2024-12-01", "2024-12-31", "month")),
        ("tháng 13/2024", R, None),
        ("tháng mười hai năm 2023", R, P("2023-12-01", "2023-12-31", "month")),
        ("tháng Giêng năm 2024", R, P("2024-01-01", "2024-01-31", "month")),
        ("tháng trước", R, P("2024-04-01", "2024-04-30", "month")),
        ("tháng này", R, P("2024-05-01", "2024-05-31", "month")),
        # start / end of a month: the day it names, as an as-of date (like cuối năm)
        ("cuối tháng 6/2024", R, P("", "2024-06-30", "as_of")),
        ("đầu tháng 3", R, P("", "2024-03-01", "as_of")),
    ],
    "dates_quarter": [
        ("quý I/2024", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quý I-2024", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quý II-2024", R, P("2024-04-01", "2024-06-30", "quarter")),
        ("quý III/2023", R, P("2023-07-01", "2023-09-30", "quarter")),
        ("quý IV/2023", R, P("2023-10-01", "2023-12-31", "quarter")),
        ("quý 2 năm 2025", R, P("2025-04-01", "2025-06-30", "quarter")),
        ("quý 1 năm 2025", R, P("2025-01-01", "2025-03-31", "quarter")),
        ("Quý I", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quý IV", R, P("2023-10-01", "2023-12-31", "quarter")),  # nearest to 2 May 2024
        ("quý 3", R, P("2024-07-01", "2024-09-30", "quarter")),
        ("quý I năm nay", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quý 4/2024", R, P("2024-10-01", "2024-12-31", "quarter")),
        ("quý hai năm 2024", R, P("2024-04-01", "2024-06-30", "quarter")),
        ("quí 3/2023", R, P("2023-07-01", "2023-09-30", "quarter")),  # old spelling
    ],
    "dates_first_months": [
        ("6 tháng đầu năm", R, P("2024-01-01", "2024-06-30", "half")),
        ("6 tháng đầu năm 2024", R, P("2024-01-01", "2024-06-30", "half")),
        ("9 tháng năm 2023", R, P("2023-01-01", "2023-09-30", "range")),  # not 9 May
        ("9 tháng đầu năm 2023", R, P("2023-01-01", "2023-09-30", "range")),
        ("9 tháng đầu năm nay", R, P("2024-01-01", "2024-09-30", "range")),
        ("3 tháng đầu năm 2024", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("6 tháng cuối năm 2023", R, P("2023-07-01", "2023-12-31", "half")),
        ("11 tháng năm 2023", R, P("2023-01-01", "2023-11-30", "range")),
        ("nửa đầu năm 2024", R, P("2024-01-01", "2024-06-30", "half")),
        ("nửa cuối năm 2024", R, P("2024-07-01", "2024-12-31", "half")),
        ("sáu tháng đầu năm 2024", R, P("2024-01-01", "2024-06-30", "half")),
        ("12 tháng năm 2023", R, P("2023-01-01", "2023-12-31", "year")),
        ("trong 4 tháng đầu năm 2024", R, P("2024-01-01", "2024-04-30", "range")),
        ("5 tháng đầu năm", R, P("2024-01-01", "2024-05-31", "range")),
    ],
    "dates_year": [
        ("năm 2024", R, P("2024-01-01", "2024-12-31", "year")),
        ("trong năm 2024", R, P("2024-01-01", "2024-12-31", "year")),
        ("Năm 2023", R, P("2023-01-01", "2023-12-31", "year")),
        ("năm nay", R, P("2024-01-01", "2024-12-31", "year")),
        ("năm ngoái", R, P("2023-01-01", "2023-12-31", "year")),
        ("năm trước", R, P("2023-01-01", "2023-12-31", "year")),
        ("năm tới", R, P("2025-01-01", "2025-12-31", "year")),
        # end / start / middle of a year: the day it names, as an as-of date
        ("cuối năm 2025", R, P("", "2025-12-31", "as_of")),
        ("đầu năm 2024", R, P("", "2024-01-01", "as_of")),
        ("giữa năm 2024", R, P("", "2024-06-30", "as_of")),
        ("cuối năm nay", R, P("", "2024-12-31", "as_of")),
        ("cuối năm", R, P("", "2024-12-31", "as_of")),
        ("trong 2024", R, P("2024-01-01", "2024-12-31", "year")),  # a bare year after a cue
        ("cuối 2025", R, P("", "2025-12-31", "as_of")),
        ("hôm nay", R, P("2024-05-02", "2024-05-02", "day")),
        ("hôm qua", R, P("2024-05-01", "2024-05-01", "day")),
    ],
    "dates_ranges": [
        ("giai đoạn 2022-2025", R, P("2022-01-01", "2025-12-31", "range")),
        ("giai đoạn 2022 - 2025", R, P("2022-01-01", "2025-12-31", "range")),
        ("thời kỳ 2021-2030", R, P("2021-01-01", "2030-12-31", "range")),
        ("từ năm 2022 đến năm 2025", R, P("2022-01-01", "2025-12-31", "range")),
        ("từ tháng 1 đến tháng 6/2024", R, P("2024-01-01", "2024-06-30", "range")),
        ("từ ngày 1/7 đến ngày 31/12/2024", R, P("2024-07-01", "2024-12-31", "range")),
        ("từ 1/1/2024 đến 30/4/2024", R, P("2024-01-01", "2024-04-30", "range")),
        ("quý I/2024 - quý II/2024", R, P("2024-01-01", "2024-06-30", "range")),
        ("2023 - 2025", R, P("2023-01-01", "2025-12-31", "range")),
        ("từ tháng 3 đến hết tháng 5/2024", R, P("2024-03-01", "2024-05-31", "range")),
        ("từ đầu năm đến nay", R, P("2024-01-01", "2024-05-02", "range")),
        ("từ đầu năm 2023 đến nay", R, P("2023-01-01", "2024-05-02", "range")),
        ("từ 2022 đến 2025", R, P("2022-01-01", "2025-12-31", "range")),
        ("từ 1/1 - 30/4/2024", R, P("2024-01-01", "2024-04-30", "range")),
        ("từ tháng 1 - tháng 4/2024", R, P("2024-01-01", "2024-04-30", "range")),
    ],
    "dates_asof": [
        ("tính đến ngày 5/1/2024", R, P("", "2024-01-05", "as_of", "reference")),
        ("Tính đến tháng 11/2023, đã có 40/63", R, P("", "2023-11-30", "as_of", "reference")),
        ("đến hết tháng 6", R, P("", "2024-06-30", "as_of", "reference")),
        ("đến hết năm 2023", R, P("", "2023-12-31", "as_of", "reference")),
        ("tính đến hết quý I/2024", R, P("", "2024-03-31", "as_of", "reference")),
        ("đến nay", R, P("", "2024-05-02", "as_of", "reference")),
        ("hiện nay", R, P("", "2024-05-02", "as_of", "reference")),
        ("tính đến nay", R, P("", "2024-05-02", "as_of", "reference")),
        ("đến thời điểm này", R, P("", "2024-05-02", "as_of", "reference")),
        ("đến cuối năm 2023", R, P("", "2023-12-31", "as_of", "reference")),
        ("tính đến 21/12/2023", R, P("", "2023-12-21", "as_of", "reference")),
        ("Tính đến ngày 21/12", date(2024, 1, 3), P("", "2023-12-21", "as_of", "reference")),
        ("đến năm 2025", R, P("", "2025-12-31", "as_of", "reference")),
        ("hiện tại", R, P("", "2024-05-02", "as_of", "reference")),
        ("tính đến 17h ngày 15/3/2024", R, P("", "2024-03-15", "as_of", "reference")),
        ("Tính đến hết ngày 30/4/2024", R, P("", "2024-04-30", "as_of", "reference")),
        ("cuối quý II/2024", R, P("", "2024-06-30", "as_of")),
        ("đến nay", None, None),  # "nay" needs the publication date
    ],
    "dates_deadline": [
        ("trước ngày 10/5", R, P("", "2024-05-10", "deadline", "deadline")),
        ("trước tháng 6/2024", R, P("", "2024-05-31", "deadline", "deadline")),  # day before
        ("hoàn thành trước tháng 6/2024", R, P("", "2024-05-31", "deadline", "deadline")),
        ("trước năm 2025", R, P("", "2024-12-31", "deadline", "deadline")),
        ("chậm nhất ngày 30/6/2024", R, P("", "2024-06-30", "deadline", "deadline")),
        ("hoàn thành trong tháng 1/2024", R, P("2024-01-01", "2024-01-31", "month", "deadline")),
        ("hoàn thành trong quý I-2024", R, P("2024-01-01", "2024-03-31", "quarter", "deadline")),
        ("Phấn đấu đến cuối năm 2025", R, P("", "2025-12-31", "deadline", "deadline")),
        ("mục tiêu đến năm 2025", R, P("", "2025-12-31", "deadline", "deadline")),
        ("trước 30/9/2022", R, P("", "2022-09-30", "deadline", "deadline")),
        ("tầm nhìn đến năm 2030", R, P("", "2030-12-31", "deadline", "deadline")),
        # a deadline without a year is in the publication's year, unless that day passed more
        # than half a year before (then it is next year's)
        ("trước 31/12", R, P("", "2024-12-31", "deadline", "deadline")),
        ("chậm nhất 30/4", R, P("", "2024-04-30", "deadline", "deadline")),
        ("chậm nhất 30/4", date(2024, 12, 2), P("", "2025-04-30", "deadline", "deadline")),
        ("cố gắng hoàn thành trong năm 2024", R, P("2024-01-01", "2024-12-31", "year", "deadline")),
        # "hoàn thành" in another clause does not make a reference date a deadline
        (
            "Hoàn thành cấp thẻ cho công dân, tính đến ngày 21/12/2023",
            R,
            P("", "2023-12-21", "as_of", "reference"),
        ),
    ],
    "dates_open": [
        ("từ ngày 1/7/2024", R, P("2024-07-01", "", "open_range", "start")),
        ("từ ngày 1/7", R, P("2024-07-01", "", "open_range", "start")),
        ("kể từ ngày 1/1/2021", R, P("2021-01-01", "", "open_range", "start")),
        ("từ tháng 7/2024", R, P("2024-07-01", "", "open_range", "start")),
        ("từ năm 2022", R, P("2022-01-01", "", "open_range", "start")),
        ("bắt đầu từ quý III/2024", R, P("2024-07-01", "", "open_range", "start")),
        ("từ đầu năm", R, P("2024-01-01", "", "open_range", "start")),
    ],
    "dates_comparison": [
        ("so với ngày 5/1/2024", R, P("2024-01-05", "2024-01-05", "day", "comparison")),
        ("cùng kỳ năm trước", R, P("2023-01-01", "2023-12-31", "year", "comparison")),
        ("cùng kỳ năm 2023", R, P("2023-01-01", "2023-12-31", "year", "comparison")),
        ("so với tháng 12/2023", R, P("2023-12-01", "2023-12-31", "month", "comparison")),
        ("so với cùng kỳ năm 2023", R, P("2023-01-01", "2023-12-31", "year", "comparison")),
        ("so với năm 2023", R, P("2023-01-01", "2023-12-31", "year", "comparison")),
    ],
    "dates_no_diacritics": [
        ("quy I/2024", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("tinh den ngay 21/12/2023", R, P("", "2023-12-21", "as_of", "reference")),
        ("thang 5/2024", R, P("2024-05-01", "2024-05-31", "month")),
        ("6 thang dau nam 2024", R, P("2024-01-01", "2024-06-30", "half")),
        ("9 thang nam 2023", R, P("2023-01-01", "2023-09-30", "range")),
        ("cuoi nam 2025", R, P("", "2025-12-31", "as_of")),
        ("truoc ngay 10/5", R, P("", "2024-05-10", "deadline", "deadline")),
        ("tu ngay 1/7/2024", R, P("2024-07-01", "", "open_range", "start")),
        ("den nay", R, P("", "2024-05-02", "as_of", "reference")),
        ("nam 2024", R, P("2024-01-01", "2024-12-31", "year")),
        ("ngay 21 thang 12 nam 2023", R, P("2023-12-21", "2023-12-21", "day")),
        ("giai doan 2022-2025", R, P("2022-01-01", "2025-12-31", "range")),
    ],
    "dates_distractors": [
        ("38/53 dịch vụ công", R, None),
        ("40/63 địa phương", R, None),
        ("5/12 tỉnh", R, None),  # a share, not 5 December
        ("10-15 triệu", R, None),
        ("Nghị định 59/2022/NĐ-CP", R, None),
        ("Quyết định số 06/QĐ-TTg", R, None),
        ("Đề án 06", R, None),
        ("hơn 86 triệu thẻ", R, None),
        ("14,02%", R, None),
        ("trong 2 năm qua", R, None),
        ("sau 2 năm triển khai", R, None),
        ("Công điện 133/CĐ-TTg", R, None),
        ("12/12 bộ, ngành", R, None),
        ("", R, None),
        ("mức 2", R, None),
        ("2024", R, None),  # a bare year without a cue word is not read as a period
        ("đạt 2025 hồ sơ", R, None),
        ("đến 2025 tỷ đồng", R, None),
        ("những năm qua", R, None),
        ("đạt 3-4/5 tỉnh", R, None),  # two days need "ngày" or a year: this is not a date
    ],
    "dates_day_pairs": [
        ("ngày 3-4/5/2024", R, P("2024-05-03", "2024-05-04", "range")),
        ("3–4/5/2024", R, P("2024-05-03", "2024-05-04", "range")),
        ("ngày 1 và 2/12", date(2024, 12, 5), P("2024-12-01", "2024-12-02", "range")),
        ("ngày 1, 2/4", R, P("2024-04-01", "2024-04-02", "range")),
        ("từ ngày 1 đến 5/12/2024", R, P("2024-12-01", "2024-12-05", "range")),
        ("ngay 3-4/5/2024", R, P("2024-05-03", "2024-05-04", "range")),  # no diacritics
        ("ngày 30-31/2/2024", R, None),  # not calendar days
    ],
    "dates_quarter_and_day_words": [
        ("quý đầu năm 2024", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quý cuối năm 2023", R, P("2023-10-01", "2023-12-31", "quarter")),
        ("trong quý đầu năm", R, P("2024-01-01", "2024-03-31", "quarter")),
        ("quy dau nam 2024", R, P("2024-01-01", "2024-03-31", "quarter")),  # no diacritics
        ("… den cuoi nam 2025 –", R, P("", "2025-12-31", "as_of")),  # "…" is not a diacritic
        ("sáng nay", R, P("2024-05-02", "2024-05-02", "day")),
        ("trong Q3/2023", R, P("2023-07-01", "2023-09-30", "quarter")),  # English shorthand
        ("Q5/2024", R, None),
        ("chiều nay, Bộ Công an họp", R, P("2024-05-02", "2024-05-02", "day")),
    ],
    "dates_cutoff_not_after_publication": [
        # "tính đến" counts up to a day on or before the publication date: never the next year
        ("tính đến ngày 15/3", date(2024, 12, 5), P("", "2024-03-15", "as_of", "reference")),
        ("tính đến ngày 20/12", date(2024, 12, 5), P("", "2023-12-20", "as_of", "reference")),
        ("tính đến hết tháng 3", date(2024, 12, 5), P("", "2024-03-31", "as_of", "reference")),
        ("tinh den ngay 15/3", date(2024, 12, 5), P("", "2024-03-15", "as_of", "reference")),
        ("đến 31/12", date(2024, 5, 2), P("", "2023-12-31", "as_of")),  # plain "đến": nearest
    ],
    "dates_reporting_phrases": [
        # phrases of progress reports (issue 12): the day each names
        ("Tính đến hết tháng 6/2022, cả nước", R, P("", "2022-06-30", "as_of", "reference")),
        ("hết tháng 6/2022", R, P("", "2022-06-30", "as_of", "reference")),
        ("cập nhật đến giữa năm 2025", R, P("", "2025-06-30", "as_of", "reference")),
        ("giữa năm 2025", R, P("", "2025-06-30", "as_of")),
        ("khoảng giữa tháng 10 sẽ xong", date(2021, 10, 8), P("", "2021-10-15", "as_of")),
        ("cuối năm 2022, đầu năm 2023", R, P("", "2022-12-31", "as_of")),  # the first: 31/12
        ("trước ngày 31/8", date(2022, 7, 20), P("", "2022-08-31", "deadline", "deadline")),
        ("trước ngày 31/8", date(2022, 10, 31), P("", "2022-08-31", "deadline", "deadline")),
        ("6 tháng đầu năm", date(2021, 7, 19), P("2021-01-01", "2021-06-30", "half")),
        ("9 tháng năm 2023", R, P("2023-01-01", "2023-09-30", "range")),
        # a count in words starting with "m" (the scan used to skip words starting with "m")
        ("mười hai tháng đầu năm 2023", R, P("2023-01-01", "2023-12-31", "year")),
        (
            "từ ngày 1/7/2025 đến ngày 7/1/2026",
            date(2026, 2, 26),
            P("2025-07-01", "2026-01-07", "range"),
        ),
        # a day without a year: the nearest to the publication, never after it for a statement
        ("Chiều 25/2, Thủ tướng chủ trì", date(2026, 3, 2), P("2026-02-25", "2026-02-25", "day")),
        (
            "Chiều 30/12, Văn phòng Chính phủ",
            date(2021, 1, 5),
            P("2020-12-30", "2020-12-30", "day"),
        ),
    ],
}

ALL = [(cat, t, ref, exp) for cat, rows in CASES.items() for t, ref, exp in rows]


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _check(p: Period | None, exp: tuple | None, text: str) -> None:
    if exp is None:
        assert p is None, f"{text!r}: expected no date, got {p}"
        return
    assert p is not None, f"{text!r}: expected {exp}, got None"
    start, end, grain, role = exp
    assert (_iso(p.start), _iso(p.end), p.grain) == (start, end, grain), f"{text!r}: {p}"
    if role is not None:
        assert p.role == role, f"{text!r}: role {p.role}"
    s, e = p.span
    assert text[s:e] == p.text


@pytest.mark.parametrize(
    ("category", "text", "reference", "expected"), ALL, ids=[f"{c}:{t}" for c, t, _, _ in ALL]
)
def test_parse_period_table(category: str, text: str, reference: date | None, expected) -> None:
    _check(parse_period(text, reference=reference), expected, text)


NFD_TEXTS = [(t, ref) for cat in ("dates_asof", "dates_first_months") for t, ref, _ in CASES[cat]]


@pytest.mark.parametrize(("text", "reference"), NFD_TEXTS)
def test_unicode_nfd_same_as_nfc(text: str, reference: date | None) -> None:
    nfd = unicodedata.normalize("NFD", text)
    a, b = parse_period(text, reference), parse_period(nfd, reference)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert (a.start, a.end, a.grain, a.role) == (b.start, b.end, b.grain, b.role)
        assert unicodedata.normalize("NFC", nfd[b.span[0] : b.span[1]]) == a.text


def test_find_periods_in_a_paragraph() -> None:
    text = (
        "Tính đến ngày 21/12/2023, đã cấp 70 triệu tài khoản (tăng 5 triệu so với ngày 5/1/2023). "
        "Bộ Y tế hoàn thành trong tháng 1/2024; từ ngày 1/7/2024 dùng VNeID. "
        "Theo Quyết định 06/QĐ-TTg, giai đoạn 2022-2025."
    )
    found = find_periods(text, reference=date(2024, 1, 3))
    assert [(p.grain, p.role) for p in found] == [
        ("as_of", "reference"),
        ("day", "comparison"),
        ("month", "deadline"),
        ("open_range", "start"),
        ("range", "mention"),
    ]
    assert [p.end for p in found[:3]] == [date(2023, 12, 21), date(2023, 1, 5), date(2024, 1, 31)]
    for p in found:
        assert text[p.span[0] : p.span[1]] == p.text


def test_year_nearest_reference_across_new_year() -> None:
    # an article of 3 January about "21-12" means last December; in November, next month
    assert parse_period("ngày 21-12", date(2024, 1, 3)).start == date(2023, 12, 21)
    assert parse_period("ngày 21-12", date(2023, 11, 20)).start == date(2023, 12, 21)
    p = parse_period("tháng 1", date(2023, 12, 20))
    assert p.start == date(2024, 1, 1) and p.year_inferred


def test_case_count() -> None:
    assert len(ALL) >= 100


# "ngày d.m": a day with a dot and no year, read only after "ngày" (elsewhere "6.10" is a decimal)
DOT_DAY_CASES = [
    (
        "Ngày 6.10, Bộ Công an tổ chức hội nghị",
        date(2024, 10, 20),
        P("2024-10-06", "2024-10-06", "day"),
    ),
    ("ngày 6.10", date(2025, 1, 5), P("2024-10-06", "2024-10-06", "day")),  # nearest: last October
    ("ngày 30.12", date(2024, 1, 3), P("2023-12-30", "2023-12-30", "day")),
    ("ngay 6.10, bo", date(2024, 10, 20), P("2024-10-06", "2024-10-06", "day")),  # no diacritics
    ("tính đến ngày 6.10", date(2024, 10, 20), P("", "2024-10-06", "as_of", "reference")),
    ("trước ngày 6.10", date(2024, 10, 1), P("", "2024-10-06", "deadline", "deadline")),
    ("ngày 6.10.2024", R, P("2024-10-06", "2024-10-06", "day")),  # with a year: unchanged
    ("đạt 6.10 triệu", date(2024, 10, 20), None),  # no "ngày": a decimal, not a date
    ("ngày 1.234 người", date(2024, 10, 20), None),  # a thousands group, not a month
    ("ngày 32.10", date(2024, 10, 20), None),  # not a calendar day
    ("ngày 6.13", date(2024, 10, 20), None),
    ("ngày 6.10", None, None),  # no year and no reference: not guessed
]


@pytest.mark.parametrize(("text", "reference", "expected"), DOT_DAY_CASES)
def test_day_month_with_a_dot_after_ngay(text: str, reference: date | None, expected) -> None:
    _check(parse_period(text, reference=reference), expected, text)


def test_dot_day_in_a_paragraph_governs_range() -> None:
    text = "Từ ngày 1.10 đến ngày 6.10, đã cấp 80 triệu thẻ."
    found = find_periods(text, reference=date(2024, 10, 20))
    assert [(p.start, p.end, p.grain) for p in found] == [
        (date(2024, 10, 1), date(2024, 10, 6), "range")
    ]


def test_two_positions_of_one_deadline() -> None:
    found = find_periods("cuối năm 2022, đầu năm 2023", R)
    assert [(p.end, p.grain) for p in found] == [
        (date(2022, 12, 31), "as_of"),
        (date(2023, 1, 1), "as_of"),
    ]


# One case per named rule (dates.RULES): the rule that reads it, and what it reads.
RULE_CASES = {
    "day_pair": ("ngày 3-4/5/2024", R, P("2024-05-03", "2024-05-04", "range")),
    "dmy": ("ngày 21/12/2023", R, P("2023-12-21", "2023-12-21", "day")),
    "dmy_words": ("ngày 21 tháng 12 năm 2023", R, P("2023-12-21", "2023-12-21", "day")),
    "dm": ("Chiều 21/12", date(2024, 1, 3), P("2023-12-21", "2023-12-21", "day")),
    "dm_dot": ("ngày 6.10", date(2024, 10, 20), P("2024-10-06", "2024-10-06", "day")),
    "first_months": ("9 tháng năm 2023", R, P("2023-01-01", "2023-09-30", "range")),
    "half": ("nửa cuối năm 2024", R, P("2024-07-01", "2024-12-31", "half")),
    "month": ("tháng 5/2024", R, P("2024-05-01", "2024-05-31", "month")),
    "quarter": ("quý III/2023", R, P("2023-07-01", "2023-09-30", "quarter")),
    "year_span": ("giai đoạn 2022-2025", R, P("2022-01-01", "2025-12-31", "range")),
    "month_year": ("trong 12/2024", R, P("2024-12-01", "2024-12-31", "month")),
    "year": ("năm ngoái", R, P("2023-01-01", "2023-12-31", "year")),
    "year_position": ("đến cuối năm", R, P("", "2024-12-31", "as_of")),
    "bare_year": ("trong 2025", R, P("2025-01-01", "2025-12-31", "year")),
    "relative_month": ("tháng trước", R, P("2024-04-01", "2024-04-30", "month")),
    "relative_day": ("hôm qua", R, P("2024-05-01", "2024-05-01", "day")),
    "same_period": ("cùng kỳ năm 2023", R, P("2023-01-01", "2023-12-31", "year", "comparison")),
    "now": ("hiện nay", R, P("", "2024-05-02", "as_of", "reference")),
}


def test_every_rule_has_a_case() -> None:
    assert set(RULE_CASES) == {r.name for r in RULES}


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_each_rule_reads_its_phrase(rule: str) -> None:
    text, reference, expected = RULE_CASES[rule]
    p = parse_period(text, reference)
    _check(p, expected, text)
    assert p.rule == rule
    # the same without diacritics
    folded = fold(text)
    q = parse_period(folded, reference)
    assert q is not None and (q.start, q.end, q.grain, q.rule) == (p.start, p.end, p.grain, rule)


def test_a_joined_range_names_both_rules() -> None:
    (p,) = find_periods("từ ngày 1/7 đến ngày 19/8/2025", date(2025, 9, 9))
    assert (p.grain, p.rule) == ("range", "dm-dmy")
    (p,) = find_periods("từ đầu năm đến nay", R)
    assert (p.start, p.end, p.rule) == (date(2024, 1, 1), R, "year_position-now")
