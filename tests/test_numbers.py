"""Table-driven tests of de06metrics.numbers: one table per category of Vietnamese figures.

Each case is (text, expected) where expected is None (no figure) or a dict of the Quantity
fields that must hold; fields not named are not checked, except that `qualifier` defaults to
"exact" and `unit` to "count". Phrasings are written for these tests from the vocabulary of the
programme's reports; edge decisions are noted next to the case.
"""

from __future__ import annotations

import math
import unicodedata

import pytest

from de06metrics.numbers import Quantity, find_quantities, format_vi, parse_quantity


def E(value: float, qualifier: str = "exact", unit: str = "count", **kw: object) -> dict:
    return {"value": value, "qualifier": qualifier, "unit": unit, **kw}


M = 1e6
B = 1e9

CASES: dict[str, list[tuple[str, dict | None]]] = {
    "digits_vi": [
        ("67.910.130 người", E(67_910_130)),
        ("chi trả cho 585.975 người", E(585_975)),
        ("5.412 điểm bưu điện", E(5_412)),
        ("đã xác lập 2.398 cơ sở dữ liệu dùng chung", E(2_398)),
        ("hướng dẫn 23.042 lượt người dân", E(23_042)),
        ("với 16.486 hồ sơ trực tuyến", E(16_486)),
        ("1.234.567,8", E(1_234_567.8)),
        ("gần 14,6 triệu tài khoản", E(14.6 * M, "nearly", upper=14.6 * M)),
        ("46,2 triệu hồ sơ", E(46.2 * M)),
        ("0,5 triệu lượt truy cập", E(500_000)),
        ("09 thủ tục hành chính", E(9)),  # leading zero: still a count
        ("UBND 07 địa phương", E(7)),
        ("558 thủ tục hành chính", E(558)),
        ("1.000 điểm giao dịch", E(1_000)),
        ("18 bộ, ngành", E(18)),
        ("đã cấp 1.123.456 tài khoản", E(1_123_456)),
        ("2,2 triệu dữ liệu đăng ký phương tiện", E(2.2 * M)),
        ("10,2 triệu dữ liệu giấy phép lái xe", E(10.2 * M)),
        ("16,8 triệu dữ liệu bảo hiểm y tế", E(16.8 * M)),
        ("35,4 triệu hồ sơ nộp", E(35.4 * M)),
        ("chỉ số đạt 0,85", E(0.85)),
        ("3,14159", E(3.14159)),
        ("1.000.000.000 lượt", E(1e9)),
        ("4 doanh nghiệp Nhà nước", E(4)),
        ("1 tổ chức tín dụng", E(1)),
        ("63 tỉnh, thành phố", E(63)),
        ("0,3", E(0.3)),
        ("12.345,67", E(12_345.67)),
        ("86 000 000 người", E(86_000_000)),  # blanks grouping thousands
        ("12 triệu lượt/ngày", E(12 * M)),  # a rate: "/ngày" is not a document code
        ("5 tỷ đồng/năm", E(5 * B, unit="vnd")),
        ("12 triệu/ngày", E(12 * M)),
    ],
    "digits_en_slip": [
        ("1.5 triệu tài khoản", E(1.5 * M, ambiguous=False)),  # dot + 1 digit: only a decimal
        ("2,000,000 người", E(2_000_000, ambiguous=False)),  # several comma groups: grouping
        ("1,234.56", E(1_234.56)),
        ("86.5 triệu thẻ", E(86.5 * M)),
        ("12.9 nghìn tỷ đồng", E(12.9e12, unit="vnd")),
        ("1,234,567 hồ sơ", E(1_234_567)),
        ("0.5%", E(0.005, unit="percent")),
        ("99.5%", E(0.995, unit="percent")),
        ("3.25 triệu", E(3.25 * M)),
    ],
    "ambiguous": [
        # comma + exactly three digits: Vietnamese reading kept, English reading offered
        ("1,500 tấn", E(1.5, unit="tonne", ambiguous=True, alternatives=(1500.0,))),
        ("3,000 tỷ", E(3 * B, ambiguous=True, alternatives=(3e12,))),
        ("2,500 tỉ đồng", E(2.5 * B, unit="vnd", ambiguous=True, alternatives=(2.5e12,))),
        ("1,234 người", E(1.234, ambiguous=True, alternatives=(1234.0,))),
        ("0,500", E(0.5, ambiguous=False)),  # "0,500" cannot be English grouping
        ("1,5", E(1.5, ambiguous=False)),
        ("1.500", E(1500, ambiguous=False)),  # dot + 3 digits: the Vietnamese grouping
        ("14,025%", E(0.14025, unit="percent", ambiguous=True)),
    ],
    "scale_words": [
        ("86 triệu", E(86 * M, scale_word="triệu")),
        ("1,5 tỷ yêu cầu xác thực", E(1.5 * B)),
        ("1,5 tỉ lượt", E(1.5 * B)),
        ("12,9 nghìn tỷ", E(12.9e12, scale_word="nghìn tỷ")),
        ("12,9 ngàn tỷ đồng", E(12.9e12, unit="vnd")),
        ("5 vạn người", E(50_000)),
        ("3 nghìn hồ sơ", E(3_000)),
        ("3 ngàn hồ sơ", E(3_000)),
        ("2 chục tỉnh", E(20)),
        ("5 trăm người", E(500)),
        ("5 trăm nghìn lượt", E(500_000)),
        ("2 triệu 300 nghìn", E(2.3 * M)),
        ("3 triệu 2", E(3.2 * M)),  # colloquial: 3.2 million
        ("3 triệu 25", E(3.25 * M)),  # the digits continue below the scale word
        ("2 nghìn 500", E(2500)),
        ("gần 1 tỷ 200.", E(1.2 * B, "nearly")),
        ("2 triệu rưỡi", E(2.5 * M)),
        ("1 tỷ rưỡi", E(1.5 * B)),
        ("1,7 nghìn tỷ đồng", E(1.7e12, unit="vnd")),
        ("147 tỷ đồng", E(147 * B, unit="vnd")),
        ("300 triệu USD", E(300 * M, unit="usd")),
        ("2 chục nghìn", E(20_000)),
        ("70 triệu tài khoản định danh điện tử", E(70 * M)),
        ("40 triệu người dân", E(40 * M)),
        ("8 nghìn tỷ", E(8e12)),
        ("2 triệu 5", E(2.5 * M)),
        ("11,2 triệu tài khoản", E(11.2 * M)),
    ],
    "words": [
        ("hai mươi mốt", E(21)),
        ("mười lăm", E(15)),
        ("một trăm linh năm", E(105)),
        ("một trăm lẻ năm", E(105)),
        ("ba mươi tư", E(34)),
        ("hai mươi lăm", E(25)),
        ("hai mươi nhăm", E(25)),
        ("bốn mươi tỉnh", E(40)),
        ("mười bộ", E(10)),
        ("chín nhóm chỉ tiêu", E(9)),
        ("hai triệu rưỡi", E(2.5 * M)),
        ("ba triệu hai", E(3.2 * M)),
        ("một nghìn hồ sơ", E(1_000)),
        ("năm trăm nghìn", E(500_000)),
        ("năm mươi", E(50)),
        ("năm triệu người", E(5 * M)),
        ("bảy trăm", E(700)),
        ("một trăm hai mươi", E(120)),
        ("ba nghìn tư", E(3_400)),
        ("hai trăm rưỡi", E(250)),
        ("mười hai", E(12)),
        ("sáu mươi ba tỉnh, thành phố", E(63)),
        ("một tỷ", E(1 * B)),
        ("bốn mươi triệu người", E(40 * M)),
        ("hai mươi mốt nghìn", E(21_000)),
        ("chín mươi chín phần trăm", E(0.99, unit="percent")),
        ("mười phần trăm", E(0.1, unit="percent")),
        ("năm phần trăm", E(0.05, unit="percent")),
        ("tăng năm lần", E(5, unit="times", is_change=True)),
        ("một triệu hai trăm nghìn", E(1.2 * M)),
        ("ba mươi lăm triệu", E(35 * M)),
        ("bẩy tỉnh", E(7)),
        ("hai nghìn tỷ đồng", E(2e12, unit="vnd")),
        ("bốn mươi lăm nghìn", E(45_000)),
        ("một trăm linh một", E(101)),
        ("ba trăm sáu mươi lăm", E(365)),
        ("bảy mươi triệu", E(70 * M)),
        ("hai trăm nghìn tỷ", E(2e14)),
        ("hai triệu ba trăm", E(2.3 * M)),  # elliptical: "ba trăm (nghìn)"
        ("1 triệu 2 trăm nghìn", E(1.2 * M)),
        ("ba tỷ năm trăm", E(3.5 * B)),
        ("một nghìn hai trăm", E(1_200)),
        ("tăng gấp 3 lần", E(3, unit="times", is_change=True)),
    ],
    "percent": [
        ("14,02%", E(0.1402, unit="percent")),
        ("100%", E(1.0, unit="percent")),
        ("100 %", E(1.0, unit="percent")),
        ("95 phần trăm", E(0.95, unit="percent")),
        ("tỷ lệ 95%", E(0.95, unit="percent")),  # "tỷ lệ" is a rate, never 10^9
        ("tỉ lệ hồ sơ trực tuyến đạt 45%", E(0.45, unit="percent")),
        ("đạt 98,5%", E(0.985, unit="percent")),
        ("trên 90%", E(0.9, "more_than", "percent", lower=0.9)),
        ("gần 100%", E(1.0, "nearly", "percent", upper=1.0)),
        ("5% trở lên", E(0.05, "at_least", "percent", lower=0.05)),
        ("bằng 14,02% so với ngày 5/1/2024", E(0.1402, unit="percent")),
        ("0,5%", E(0.005, unit="percent")),
        ("12,5 %", E(0.125, unit="percent")),
        ("tăng 2 điểm phần trăm", E(0.02, unit="percentage_point", is_change=True)),
        ("giảm 1,5 điểm %", E(0.015, unit="percentage_point", is_change=True)),
        ("80% hồ sơ", E(0.8, unit="percent")),
        ("hơn 70 phần trăm", E(0.7, "more_than", "percent")),
        ("cấp CCCD gắn chip cho 100% người dân", E(1.0, unit="percent")),
        ("33,33%", E(0.3333, unit="percent")),
    ],
    "fractions": [
        ("38/53 dịch vụ công thiết yếu", E(38, denominator=53)),
        ("40/63 địa phương", E(40, denominator=63)),
        ("38 trên 53", E(38, denominator=53)),
        ("63/63 tỉnh, thành phố", E(63, denominator=63)),
        ("một nửa", E(1, denominator=2)),
        ("hơn một nửa số tỉnh", E(1, "more_than", denominator=2, lower=1)),
        ("gần một nửa dân số", E(1, "nearly", denominator=2)),
        ("hai phần ba số bộ", E(2, denominator=3)),
        ("một phần tư", E(1, denominator=4)),
        ("3/4 số tỉnh", E(3, denominator=4)),  # d ≤ m and a noun follows: a share, not 3 April
        ("12/12 bộ, ngành", E(12, denominator=12)),
        ("18/18 bộ, ngành", E(18, denominator=18)),
        ("1.234/2.000 hồ sơ", E(1234, denominator=2000)),
        ("triển khai 25/25 dịch vụ", E(25, denominator=25)),
        ("khoảng 1/3 dân số", E(1, "approx", denominator=3)),
        ("hơn 1/2", E(1, "more_than", denominator=2)),  # a qualifier makes 1/2 a share
        ("5/12", E(5, denominator=12)),  # a bare "a/b" (a ≤ b) alone is a share (as_written)
        ("xếp hạng 71/193", E(71, denominator=193)),
        # a scaled whole beside a scaled figure is the denominator, not "more than 100 triệu"
        ("86 triệu trên 100 triệu người", E(86 * M, denominator=100 * M)),
        ("đạt 86 triệu trên tổng số 100 triệu dân", E(86 * M, denominator=100 * M)),
        ("38 trên tổng số 53 dịch vụ", E(38, denominator=53)),
        ("dat 1,2 trieu tren 3 trieu ho so", E(1.2 * M, denominator=3 * M)),
        ("120 triệu trên 100 triệu", E(120 * M, denominator=None)),  # more than the whole
        ("trên 86 triệu/100 triệu dân", E(86 * M, "more_than", denominator=100 * M)),
        ("5 triệu/ngày", E(5 * M, denominator=None)),  # a rate, not a share
    ],
    "ranges": [
        ("từ 10 đến 15 triệu", E(10 * M, "range", high=15 * M, lower=10 * M, upper=15 * M)),
        ("10–15 triệu", E(10 * M, "range", high=15 * M)),  # the scale applies to both ends
        ("10-15 triệu", E(10 * M, "range", high=15 * M)),
        ("10 - 15 triệu người", E(10 * M, "range", high=15 * M)),
        ("khoảng 10-15%", E(0.10, "range", "percent", high=0.15)),
        ("từ 5 đến 7 nghìn tỷ đồng", E(5e12, "range", "vnd", high=7e12)),
        ("2-3 lần", E(2, "range", "times", high=3)),
        ("từ 20% đến 30%", E(0.2, "range", "percent", high=0.3)),
        ("từ 1 đến 2 tỷ USD", E(1 * B, "range", "usd", high=2 * B)),
        ("5 đến 10 tỉnh", E(5, "range", high=10)),
        ("10 triệu đến 15 triệu", E(10 * M, "range", high=15 * M)),
        ("1,2–1,5 triệu", E(1.2 * M, "range", high=1.5 * M)),
        ("từ 30 tới 40 nghìn hồ sơ", E(30_000, "range", high=40_000)),
        ("5 triệu USD - 7 triệu USD", E(5 * M, "range", "usd", high=7 * M)),
    ],
    "qualifiers": [
        ("hơn 86 triệu thẻ", E(86 * M, "more_than", lower=86 * M, upper=None)),
        ("Trên 86 triệu thẻ căn cước công dân", E(86 * M, "more_than", lower=86 * M)),
        ("gần 54 triệu tài khoản", E(54 * M, "nearly", lower=None, upper=54 * M)),
        ("khoảng 2 triệu", E(2 * M, "approx", lower=None, upper=None)),
        ("xấp xỉ 3 triệu", E(3 * M, "approx")),
        ("trên dưới 100 người", E(100, "approx")),  # not "trên" = more_than
        ("gần như 100%", E(1.0, "nearly", "percent")),
        ("ít nhất 5 bậc", E(5, "at_least", lower=5)),
        ("tối thiểu 80%", E(0.8, "at_least", "percent", lower=0.8)),
        ("dưới 10% dân số", E(0.1, "less_than", "percent", upper=0.1)),
        ("chưa đến 1 triệu", E(1 * M, "less_than", upper=1 * M)),
        ("chưa tới 500 hồ sơ", E(500, "less_than")),
        ("tối đa 5 tỷ đồng", E(5 * B, "at_most", "vnd", upper=5 * B)),
        ("không quá 3 lần", E(3, "at_most", "times")),
        ("lên tới 12 triệu", E(12 * M, "exact", lower=None, upper=None)),
        ("lên đến 15 triệu", E(15 * M)),
        ("đạt 70 triệu", E(70 * M)),
        ("chừng 50 người", E(50, "approx")),
        ("ước tính 1,2 triệu", E(1.2 * M, "approx")),
        ("ước đạt 5 triệu", E(5 * M, "approx")),
        ("vượt 40 triệu", E(40 * M, "more_than")),
        ("40 triệu người trở lên", E(40 * M, "at_least", lower=40 * M)),
        ("không dưới 95%", E(0.95, "at_least", "percent")),
        ("chưa đầy 2 triệu", E(2 * M, "less_than")),
        ("Hơn 1,5 tỷ yêu cầu xác thực", E(1.5 * B, "more_than")),
        ("khoảng chừng 300", E(300, "approx")),
        ("Gần 26,8 triệu giao dịch", E(26.8 * M, "nearly")),
        ("không vượt quá 10%", E(0.1, "at_most", "percent")),
        ("hơn 147 tỷ đồng", E(147 * B, "more_than", "vnd")),
        ("trên 40 triệu người dân", E(40 * M, "more_than")),
        ("~5 triệu", E(5 * M, "approx")),
        ("> 90%", E(0.9, "more_than", "percent")),
        ("≥ 80%", E(0.8, "at_least", "percent")),
        ("<1%", E(0.01, "less_than", "percent")),
        ("ít nhất là 95%", E(0.95, "at_least", "percent")),
        ("lên tới gần 90%", E(0.9, "nearly", "percent")),
    ],
    "changes": [
        ("tăng 72.944 người", E(72_944, is_change=True)),
        ("tăng hơn 147 tỷ đồng", E(147 * B, "more_than", "vnd", is_change=True)),
        ("thêm 5 tỉnh", E(5, is_change=True)),
        ("giảm 3%", E(0.03, unit="percent", is_change=True)),
        ("tăng thêm gần 2 triệu", E(2 * M, "nearly", is_change=True)),
        ("tăng lên 86 triệu", E(86 * M, is_change=False)),  # "tăng lên X": the new level
        # "(tăng) từ X lên Y triệu": X is the old level, in Y's scale, and not a change
        ("tăng từ 10 lên 15 triệu tài khoản", E(10 * M, is_change=False, scale_word="triệu")),
        ("từ 10 lên 15 triệu", E(10 * M, scale_word="triệu")),
        ("giảm từ 8 xuống còn 5,5 triệu hồ sơ", E(8 * M, is_change=False)),
        ("tăng từ 10 lên 15 người", E(10, is_change=False)),
        ("tu 10 len 15 trieu", E(10 * M)),
        ("giảm xuống còn 5%", E(0.05, unit="percent", is_change=False)),
        ("đạt 86 triệu", E(86 * M, is_change=False)),
        ("86 triệu thẻ", E(86 * M, is_change=False)),
    ],
    "currency": [
        ("12,9 nghìn tỷ đồng", E(12.9e12, unit="vnd")),
        ("500.000 đồng", E(500_000, unit="vnd")),
        ("500.000đ", E(500_000, unit="vnd")),
        ("2 tỷ VNĐ", E(2 * B, unit="vnd")),
        ("2 tỷ VND", E(2 * B, unit="vnd")),
        ("5 triệu USD", E(5 * M, unit="usd")),
        ("5 triệu đô la", E(5 * M, unit="usd")),
        ("$5 triệu", E(5 * M, unit="usd")),
        ("147 tỷ", E(147 * B, unit="count")),  # no currency word: not guessed as money
        ("3 tỷ USD", E(3 * B, unit="usd")),
        ("2 đồng chí", E(2, unit="count")),  # "đồng chí" (comrade) is not the currency
        ("5 đô thị", E(5, unit="count")),  # "đô thị" (city) is not the dollar
        ("5 triệu đô", E(5 * M, unit="usd")),
        ("100 nghìn đồng", E(100_000, unit="vnd")),
        ("tiết kiệm hằng năm trên 2.500 tỉ đồng", E(2.5e12, "more_than", "vnd")),
        ("1 triệu Việt Nam đồng", E(1 * M, unit="vnd")),
        ("số tiền hơn 12,9 nghìn tỷ đồng", E(12.9e12, "more_than", "vnd")),
        ("tổng số tiền chi trả trên 1,7 nghìn tỷ đồng", E(1.7e12, "more_than", "vnd")),
    ],
    "units": [
        ("1.000 ha", E(1_000, unit="ha")),
        ("50 km cáp quang", E(50, unit="km")),
        ("3 tấn", E(3, unit="tonne")),
        ("gấp 3 lần", E(3, unit="times")),
        ("2,5 lần", E(2.5, unit="times")),
        ("tăng gấp đôi", E(2, unit="times", is_change=True)),
        ("gấp rưỡi", E(1.5, unit="times")),
    ],
    "no_diacritics": [
        ("hon 86 trieu the", E(86 * M, "more_than")),
        ("gan 54 trieu tai khoan", E(54 * M, "nearly")),
        ("tren 2.500 ti dong", E(2.5e12, "more_than", "vnd")),
        ("khoang 3 trieu", E(3 * M, "approx")),
        ("12,9 nghin ty dong", E(12.9e12, unit="vnd")),
        ("it nhat 5%", E(0.05, "at_least", "percent")),
        ("chua den 1 trieu", E(1 * M, "less_than")),
        ("hai muoi mot", E(21)),
        ("muoi lam", E(15)),
        ("mot tram linh nam", E(105)),
        ("38/53 dich vu cong", E(38, denominator=53)),
        ("toi da 5 ty dong", E(5 * B, "at_most", "vnd")),
        ("duoi 10%", E(0.1, "less_than", "percent")),
        ("tang 72.944 nguoi", E(72_944, is_change=True)),
        ("hien co 156 diem", E(156)),  # "có" (has), not "cỡ" (about), without diacritics
        ("55 ngan hang", E(55)),  # "ngân hàng" (banks), not 55 "ngàn" (thousand)
        ("5 ngan nguoi", E(5000)),
        ("… co tren 40 trieu nguoi – ", E(40 * M, "more_than")),  # not ASCII, yet no diacritics
        ("trong do 890.000 tai khoan", E(890_000)),  # "đó" (that), not "độ" (about)
        ("95 phan tram", E(0.95, unit="percent")),
        ("xap xi 3 trieu", E(3 * M, "approx")),
        ("tren duoi 100", E(100, "approx")),
        ("hai trieu ruoi", E(2.5 * M)),
        ("ty le 95%", E(0.95, unit="percent")),
        ("Tren 86 trieu the can cuoc", E(86 * M, "more_than")),
    ],
    "distractors_docnumbers": [
        ("Quyết định số 06/QĐ-TTg", None),
        ("Nghị định 59/2022/NĐ-CP", None),
        ("Công điện 133/CĐ-TTg", None),
        ("Công điện số 133/CĐ-TTg", None),
        ("Đề án 06", None),
        ("theo Đề án 06 của Chính phủ", None),
        ("Quyết định số 2568/QĐ-BTTTT", None),
        ("Công văn số 8871/VPCP-KSTT", None),
        ("Thông tư số 105/2020/TT-BTC", None),
        ("Nghị quyết số 44/NQ-CP", None),
        ("Chỉ thị số 04/CT-TTg", None),
        ("Nghị định số 138/2024/NĐ-CP", None),
        ("khoản 7, Điều 35", None),
        ("phiên bản 3.0", None),
        ("phiên họp lần thứ 8", None),
        ("phiên họp lần thứ tư", None),
        ("vaccine phòng chống COVID-19", None),
        ("mạng 5G", None),
        ("cách mạng công nghiệp 4.0", None),
        ("tài khoản định danh điện tử mức 2", None),
        ("dịch vụ công mức độ 4", None),
        ("đường dây nóng 1900 0368", None),
        ("theo Quyết định 422/QĐ-TTg ngày 4/4/2022", None),
        ("Công điện số 133", None),
        ("Quyet dinh so 06/QD-TTg", None),
        ("de an 06", None),
        ("gọi số 0243 123 4567", None),
    ],
    "distractors_dates": [
        ("ngày 21/12/2023", None),
        ("21/12/2023", None),
        ("Chiều 21-12", None),
        ("tháng 5/2024", None),
        ("quý I/2024", None),
        ("quý 2 năm 2025", None),
        ("năm 2024", None),
        ("trong năm 2024", None),
        ("giai đoạn 2022-2025", None),
        ("2022 - 2025", None),
        ("6 tháng đầu năm", None),
        ("9 tháng năm 2023", None),
        ("trước ngày 10/5", None),
        ("21/12", None),  # a > b: only a date
        ("hạn chót 1/7, các bộ", None),
        ("từ ngày 1/7/2024", None),
        ("sau 2 năm triển khai", None),  # a duration, not a figure
        ("hai năm qua", None),
        ("trong 30 ngày", None),
        ("từ 1/7", None),
        ("ngày 1.7.2024", None),
        ("tầm nhìn đến năm 2030", None),
        ("thời kỳ 2021-2030", None),
        ("trẻ dưới 6 tuổi", None),
        ("lúc 14 giờ", None),
        ("nam 2024", None),
        ("sau 2 nam trien khai", None),
    ],
    "figures_among_distractors": [
        ("Theo Quyết định 06/QĐ-TTg, đã cấp hơn 86 triệu thẻ", E(86 * M, "more_than")),
        ("Tính đến ngày 21/12/2023, có 70 triệu tài khoản", E(70 * M)),
        ("Đề án 06 giúp tiết kiệm trên 2.500 tỉ đồng", E(2.5e12, "more_than", "vnd")),
        ("Năm 2024, cấp 12 triệu tài khoản", E(12 * M)),
        ("Trong quý I/2024, 40/63 địa phương", E(40, denominator=63)),
        ("sau 2 năm triển khai Đề án 06, có gần 54 triệu tài khoản", E(54 * M, "nearly")),
        ("tài khoản mức 2 đạt 40 triệu", E(40 * M)),
        ("Công điện 133/CĐ-TTg yêu cầu 07 địa phương", E(7)),
        ("ngày 11/1/2024 phê duyệt 19 mô hình", E(19)),
        ("1. Cấp 5 triệu thẻ", E(5 * M)),
        ("hotline 1900 1234, 5 triệu lượt gọi", E(5 * M)),
        ("Chiều 21-12, Bộ Công an cho biết 70 triệu tài khoản", E(70 * M)),
        ("Nghị định 59/2022/NĐ-CP: hơn 1,5 tỷ yêu cầu", E(1.5 * B, "more_than")),
        ("Từ ngày 1/7/2024, 100% dịch vụ công", E(1.0, unit="percent")),
        ("giai đoạn 2022-2025 có 558 thủ tục", E(558)),
        ("Quyết định số 36/QĐ-TTg, ngày 11/1/2024 có 9 nội dung", E(9)),
        ("COVID-19: 16,8 triệu dữ liệu", E(16.8 * M)),
    ],
    "vague": [
        ("hàng triệu người dân", None),
        ("vài trăm hồ sơ", None),
        ("hàng nghìn tỷ đồng", None),
        ("hàng chục nghìn lượt", None),
        ("vài tài khoản dịch vụ công", None),
        ("hàng trăm nghìn lượt", None),
        ("mấy chục tỉnh", None),
        ("hàng tỷ đồng", None),
        ("hàng vạn người", None),
        ("một số địa phương", None),
        ("một tài khoản duy nhất", None),  # lone "một" is an article
        ("Thủ tướng một lần nữa nhấn mạnh", None),
        ("hàng loạt thủ tục", None),
        ("nhiều triệu người", None),
        ("hang trieu nguoi", None),
        ("", None),
        ("Không có số liệu", None),
    ],
    "list_numbering": [
        ("1. Kết quả nổi bật", None),
        ("2) Nhiệm vụ trọng tâm", None),
        ("(3) giải pháp", None),
        ("Mục tiêu:\n2. Đạt 40 triệu tài khoản", E(40 * M)),
        ("a) 5 triệu thẻ", E(5 * M)),
        ("Thứ nhất, hoàn thiện thể chế", None),
    ],
    "words_linh_le_phay": [
        ("bốn mươi hai nghìn bảy trăm linh ba hộ", E(42_703)),
        ("một trăm lẻ tám xã", E(108)),
        ("hai trăm linh năm điểm", E(205)),
        ("chín nghìn không trăm linh hai", E(9_002)),  # "không trăm": no hundreds
        ("một triệu không trăm năm mươi nghìn", E(1_050_000)),
        ("sáu mươi tư phẩy năm phần trăm", E(0.645, unit="percent")),
        ("ba phẩy tư triệu lượt", E(3.4 * M)),
        ("mười bảy phẩy không năm phần trăm", E(0.1705, unit="percent")),
        ("khoảng hai phẩy năm tỷ đồng", E(2.5 * B, "approx", "vnd")),
        ("4 phẩy 2 triệu hồ sơ", E(4.2 * M)),
        ("năm mươi phẩy", E(50)),  # nothing said after the mark: the whole number only
        ("bon muoi hai nghin bay tram linh ba ho", E(42_703)),
        ("mot tram le tam xa", E(108)),  # without diacritics "le" after "tram" is "lẻ"
        ("sau muoi tu phay nam phan tram", E(0.645, unit="percent")),
    ],
    "negative": [
        ("tăng trưởng âm 1,8%", E(-0.018, unit="percent")),
        ("chỉ số đạt -0,7 điểm", E(-0.7)),
        ("mức thay đổi (-4,2%) so với quý trước", E(-0.042, unit="percent")),
        ("khoảng -12 nghìn hồ sơ", E(-12_000, "approx")),
        ("biến động −2,6%", E(-0.026, unit="percent")),  # U+2212 MINUS SIGN
        ("tang truong am 3,5%", E(-0.035, unit="percent")),
        ("giai đoạn 2021-2025 có 7 đề án", E(7)),  # a year range: not a sign
        ("biến thể COVID-19 và 12 ca", E(12)),  # a code: not a sign
        ("tỷ lệ 5%-8% số hộ", E(0.05, "range", "percent", high=0.08)),  # a range: not a sign
    ],
    "ratios": [
        ("27 trên 40 xã đã hoàn thành", E(27, denominator=40)),
        ("hoàn thành 3.105 trong số 4.872 hồ sơ", E(3_105, denominator=4_872)),
        ("611 trong tổng số 702 trường học", E(611, denominator=702)),
        ("đạt 1.075.432/1.180.000 người", E(1_075_432, denominator=1_180_000)),
        ("954 trên tổng số 1.318 thôn", E(954, denominator=1_318)),
        ("2,1 triệu trong số 3,4 triệu hộ", E(2.1 * M, denominator=3.4 * M)),
        ("hon 450 trong so 600 xa", E(450, "more_than", denominator=600)),
        ("14 trên 15 tỉnh", E(14, denominator=15)),  # "tỉnh" is not the scale word "tỉ"
        ("8 trong số đó là doanh nghiệp", E(8, denominator=None)),  # no whole: no ratio
        ("52 trên 40 tỉnh", E(52, denominator=None)),  # a part is never larger than its whole
    ],
    "abbreviations": [
        ("41,7 tr lượt truy cập", E(41.7 * M, scale_word="tr")),
        ("gần 9 tr tài khoản", E(9 * M, "nearly")),
        ("hơn 2,25 tr giao dịch", E(2.25 * M, "more_than")),
        ("35k lượt tải", E(35_000)),
        ("khoảng 4,5K người dùng", E(4_500, "approx")),
        ("7 tr đồng", E(7 * M, unit="vnd")),
        ("xem tr. 12 của báo cáo", E(12)),  # "tr." before a figure is a page, not a scale
        ("tăng thêm 6,4tr lượt", E(6.4 * M, is_change=True, scale_word="tr")),  # glued "tr"
        ("500k đồng", E(500_000, unit="vnd")),
        ("chi phí bình quân 4,2 trđ/hồ sơ", E(4.2 * M, unit="vnd", scale_word="trđ")),
        ("từ 10-15 trđ", E(10 * M, "range", "vnd", high=15 * M)),
    ],
    "thin_spaces": [
        ("73\u2009412\u2009905 lượt", E(73_412_905)),  # THIN SPACE
        ("5\u202f830 điểm", E(5_830)),  # NARROW NO-BREAK SPACE
        ("hơn 2\u00a0614\u00a0000 hồ sơ", E(2_614_000, "more_than")),
        ("12\u2009000 đồng", E(12_000, unit="vnd")),
    ],
}

ALL = [(cat, text, exp) for cat, rows in CASES.items() for text, exp in rows]

#: Documents written with English marks, read with `separators="en"` (default stays Vietnamese).
ENGLISH_CASES = [
    ("528,400,000 transactions", E(528_400_000)),
    ("đạt 71.3 triệu tài khoản", E(71.3 * M)),
    ("tỷ lệ 38.9%", E(0.389, unit="percent")),
    ("2,750 hồ sơ", E(2_750, ambiguous=False)),
    ("1,234,567.5 USD", E(1_234_567.5, unit="usd")),
    ("gần 3.25 tỷ đồng", E(3.25 * B, "nearly", "vnd")),
    ("7.125 người", E(7.125, ambiguous=True, alternatives=(7125.0,))),  # a slip the other way
]


def _check(q: Quantity | None, exp: dict | None, text: str) -> None:
    if exp is None:
        assert q is None, f"{text!r}: expected no figure, got {q}"
        return
    assert q is not None, f"{text!r}: expected {exp}, got None"
    for key, want in exp.items():
        got = getattr(q, key)
        if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{text!r}.{key}: {got}"
        elif isinstance(want, tuple):
            assert len(got) == len(want) and all(
                math.isclose(a, b, rel_tol=1e-9) for a, b in zip(got, want, strict=True)
            ), f"{text!r}.{key}: {got}"
        else:
            assert got == want, f"{text!r}.{key}: {got!r} != {want!r}"
    # bounds always follow the qualifier (docs/contract.md)
    if q.qualifier in ("more_than", "at_least"):
        assert q.lower == q.value and q.upper is None
    elif q.qualifier in ("nearly", "at_most", "less_than"):
        assert q.upper == q.value and q.lower is None
    elif q.qualifier == "range":
        assert q.lower == q.value and q.upper == q.high
    else:
        assert q.lower is None and q.upper is None
    s, e = q.span
    assert text[s:e] == q.text


@pytest.mark.parametrize(("category", "text", "expected"), ALL, ids=[f"{c}:{t}" for c, t, _ in ALL])
def test_parse_quantity_table(category: str, text: str, expected: dict | None) -> None:
    _check(parse_quantity(text), expected, text)


NFD_TEXTS = [
    t
    for cat in (
        "qualifiers",
        "currency",
        "words",
        "percent",
        "words_linh_le_phay",
        "negative",
        "ratios",
        "abbreviations",
        "thin_spaces",
    )
    for t, _ in CASES[cat]
]


@pytest.mark.parametrize("text", NFD_TEXTS)
def test_unicode_nfd_same_as_nfc(text: str) -> None:
    """NFD input gives the same figure, and the span indexes the NFD string itself."""
    nfd = unicodedata.normalize("NFD", text)
    a, b = parse_quantity(text), parse_quantity(nfd)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert (a.value, a.qualifier, a.unit, a.high) == (b.value, b.qualifier, b.unit, b.high)
        s, e = b.span
        assert unicodedata.normalize("NFC", nfd[s:e]) == a.text


def test_find_quantities_in_a_paragraph() -> None:
    text = (
        "Đến nay đã có trên 86 triệu thẻ căn cước được cấp, kích hoạt gần 54 triệu tài khoản; "
        "hơn 1,5 tỷ yêu cầu xác thực theo Đề án 06 và Quyết định 06/QĐ-TTg. Ngày 5/1/2024 "
        "có 38/53 dịch vụ, tổng số tiền trên 1,7 nghìn tỷ đồng (tăng hơn 147 tỷ đồng)."
    )
    found = find_quantities(text)
    assert [q.value for q in found] == [86e6, 54e6, 1.5e9, 38, 1.7e12, 147e9]
    assert [q.qualifier for q in found] == [
        "more_than",
        "nearly",
        "more_than",
        "exact",
        "more_than",
        "more_than",
    ]
    assert found[3].denominator == 53
    assert [q.is_change for q in found] == [False] * 5 + [True]
    for q in found:
        assert text[q.span[0] : q.span[1]] == q.text
    assert [q.span for q in found] == sorted(q.span for q in found)


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES, ids=[t for t, _ in ENGLISH_CASES])
def test_english_separators_when_declared(text: str, expected: dict) -> None:
    _check(parse_quantity(text, separators="en"), expected, text)
    assert find_quantities(text, separators="en")[0] == parse_quantity(text, separators="en")


def test_default_separators_stay_vietnamese() -> None:
    q = parse_quantity("2,750 hồ sơ")
    assert q is not None and q.value == 2.75 and q.alternatives == (2750.0,)
    with pytest.raises(ValueError, match="separators"):
        find_quantities("5 người", separators="fr")


def test_parse_quantity_is_first_of_find() -> None:
    text = "Gần 26,8 triệu giao dịch với số tiền hơn 12,9 nghìn tỷ đồng"
    assert parse_quantity(text) == find_quantities(text)[0]
    assert len(find_quantities(text)) == 2


def test_from_to_levels_read_both_levels() -> None:
    """ "từ 10 lên 15 triệu": both figures are levels (the old one takes the new one's scale)."""
    found = find_quantities("Số tài khoản tăng từ 10 lên 15,5 triệu, gấp rưỡi.")
    assert [(q.value, q.is_change) for q in found[:2]] == [(10e6, False), (15.5e6, False)]


@pytest.mark.parametrize("offset", range(40, 60))
def test_the_words_before_a_figure_count_wherever_it_stands(offset: int) -> None:
    """A qualifier or a skip word is read at any offset in a long text (once, a figure at
    exactly the 48th character lost its left context)."""
    pad = "x" * (offset - 4) + " "
    q = find_quantities(pad + "hơn 5 triệu")[0]
    assert (q.qualifier, q.text) == ("more_than", "hơn 5 triệu")
    assert find_quantities("x" * (offset - 7) + " Đề án 06.") == []


def test_mixed_case_and_nbsp() -> None:
    q = parse_quantity("HƠN 86\u00a0TRIỆU THẺ")
    assert q is not None and q.value == 86e6 and q.qualifier == "more_than"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567.8, None, "1.234.567,8"),
        (86_000_000.0, None, "86.000.000"),
        (0.1402, None, "0,1402"),
        (14.02, 2, "14,02"),
        (1500.0, 0, "1.500"),
        (2.5, 3, "2,500"),
        (999.0, None, "999"),
    ],
)
def test_format_vi(value: float, decimals: int | None, text: str) -> None:
    assert format_vi(value, decimals) == text


def test_case_count() -> None:
    """The suite keeps its promise of a broad table (≥ 300 cases with the date tables)."""
    assert len(ALL) >= 300


def test_rejections_name_why_each_number_is_not_a_figure() -> None:
    """Every number token outside a figure is reported once, with its reason and a span that
    indexes the caller's string (here NFD)."""
    text = unicodedata.normalize(
        "NFD",
        "Theo Kế hoạch số 17/KH-UBND, giai đoạn 2022-2025, trang 4: hơn 1,2 triệu hồ sơ; "
        "liên hệ 0236 3822 110; hàng nghìn người; Đề án 06; sau 3 tháng.",
    )
    found = find_quantities(text, rejections=True)
    assert [q.value for q in found.quantities] == [1.2e6]
    got = [(r.text, r.reason) for r in found.rejected]
    assert got == [
        ("17", "document_number"),
        ("2022-2025", "year"),
        ("4", "page"),
        ("0236", "phone"),
        ("3822", "phone"),
        ("110", "phone"),
        (unicodedata.normalize("NFD", "hàng nghìn"), "vague_magnitude"),
        ("06", "programme_name"),
        ("3", "duration"),
    ]
    for r in found.rejected:
        assert text[r.span[0] : r.span[1]] == r.text
    assert find_quantities(text) == found.quantities


@pytest.mark.parametrize(
    ("text", "figures", "rejected"),
    [
        # a byline's time and zone are no figures, and are reported as what they are
        (
            "Thứ Tư, 12/06/2024 - 10:15",
            [],
            [("12/06/2024", "date"), ("10", "time"), ("15", "time")],
        ),
        ("08:30 (GMT+7)", [], [("08", "time"), ("30", "time"), ("7", "name_or_code")]),
        ("Cập nhật 23:59:05, có 5 người", [5], [("23", "time"), ("59", "time"), ("05", "time")]),
        # a label's colon and a decimal comma are not a time
        ("Tài khoản định danh: 70 triệu", [70e6], []),
        ("Kết quả:12 triệu", [12e6], []),
        ("đạt 10,15 triệu", [10.15e6], []),
    ],
)
def test_time_of_day_is_not_a_figure(text: str, figures: list, rejected: list) -> None:
    found = find_quantities(text, rejections=True)
    assert [q.value for q in found.quantities] == figures
    assert [(r.text, r.reason) for r in found.rejected] == rejected
