"""Words and numbers on charts, in Vietnamese or English.

Pure functions: no frames, no plotly. Every string leaving here is NFC-normalized, numbers use the
Vietnamese separators (1.234.567,8) in `vi` and the English ones in `en`, and dates are written the
way a reader of that language expects (30/06/2024, 30 Jun 2024).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from de06metrics.errors import De06Error
from de06metrics.numbers import format_vi

LANGS = ("vi", "en")

#: Fixed words used on charts and in reports.
WORDS: dict[str, dict[str, str]] = {
    "source": {"vi": "Nguồn", "en": "Source"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "vintage": {"vi": "Số liệu công bố đến {date}", "en": "Figures published up to {date}"},
    "build": {"vi": "dữ liệu {hash}", "en": "data {hash}"},
    "and_more": {"vi": "và {n} nguồn khác", "en": "and {n} more"},
    "conflict": {"vi": "{n} nguồn lệch nhau", "en": "{n} sources disagree"},
    "other_figure": {"vi": "Số liệu khác cùng ngày", "en": "Other figure, same date"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "required_path": {"vi": "Lộ trình cần đạt", "en": "Required path"},
    "projection": {"vi": "Dự báo theo xu hướng", "en": "Trend projection"},
    "latest": {"vi": "Mới nhất", "en": "Latest"},
    "of_target": {"vi": "% mục tiêu", "en": "% of target"},
    "projected": {"vi": "Dự báo tại hạn", "en": "Projected at deadline"},
    "pace": {"vi": "nhịp", "en": "pace"},
    "deadline": {"vi": "hạn", "en": "due"},
    "no_data": {"vi": "Chưa có số liệu", "en": "No figures yet"},
    "lower_bound": {"vi": "cận dưới (hơn/trên)", "en": "lower bound (over)"},
    "upper_bound": {"vi": "cận trên (gần/dưới)", "en": "upper bound (nearly/under)"},
}

STATUS_WORDS: dict[str, dict[str, str]] = {
    "achieved": {"vi": "Đã đạt", "en": "Achieved"},
    "missed": {"vi": "Không đạt", "en": "Missed"},
    "on_track": {"vi": "Đúng tiến độ", "en": "On track"},
    "moderate": {"vi": "Chậm vừa", "en": "Moderate progress"},
    "insufficient": {"vi": "Chậm, chưa đủ", "en": "Insufficient progress"},
    "moving_away": {"vi": "Đi ngược mục tiêu", "en": "Moving away"},
    "insufficient_data": {"vi": "Chưa đủ số liệu", "en": "Insufficient data"},
    "uncertain": {"vi": "Chưa chắc chắn", "en": "Uncertain"},
}

_QUALIFIER_PREFIX = {
    "more_than": {"vi": "hơn ", "en": "over "},
    "at_least": {"vi": "ít nhất ", "en": "at least "},
    "nearly": {"vi": "gần ", "en": "nearly "},
    "approx": {"vi": "khoảng ", "en": "about "},
    "at_most": {"vi": "tối đa ", "en": "at most "},
    "less_than": {"vi": "dưới ", "en": "under "},
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Scale:
    """How a unit's values are shown: divide by `factor`, call the result `word`."""

    factor: float
    word: str


def nfc(text: str) -> str:
    """NFC form, so precomposed and decomposed Vietnamese letters render and compare alike."""
    return unicodedata.normalize("NFC", text)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise De06Error(f"'{lang}' is not a report language; use vi or en", field="lang")
    return lang


def word(key: str, lang: str, **fmt: object) -> str:
    return nfc(WORDS[key][check_lang(lang)].format(**fmt))


def status_word(status: str, lang: str) -> str:
    """The status in words (colours on charts are always paired with these)."""
    return STATUS_WORDS.get(status, {"vi": status, "en": status})[check_lang(lang)]


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number with the language's separators (vi: 1.234,5; en: 1,234.5)."""
    if lang == "vi":
        return format_vi(value, decimals)
    if decimals is None:
        return f"{value:,.10f}".rstrip("0").rstrip(".")
    return f"{value:,.{decimals}f}"


def scale_for(unit: str, magnitude: float, lang: str) -> Scale:
    """Pick a readable scale for values of this unit around `magnitude` (counts → triệu, …)."""
    m = abs(magnitude)
    if unit == "percent":
        return Scale(0.01, "%")
    if unit == "percentage_point":
        return Scale(0.01, "điểm %" if lang == "vi" else "pp")
    money = {"vnd": ("đồng", "VND"), "usd": ("USD", "USD")}.get(unit)
    steps = (
        [(1e12, "nghìn tỷ", "trillion"), (1e9, "tỷ", "billion"), (1e6, "triệu", "million")]
        if money
        else [(1e9, "tỷ", "billion"), (1e6, "triệu", "million"), (1e3, "nghìn", "thousand")]
    )
    for factor, vi, en in steps:
        if m >= factor:
            name = vi if lang == "vi" else en
            if money:
                name = f"{name} {money[0] if lang == 'vi' else money[1]}"
            return Scale(factor, name)
    if money:
        return Scale(1.0, money[0] if lang == "vi" else money[1])
    return Scale(1.0, "")


def decimals_for(scaled: float) -> int:
    """Few decimals: one below 100 (86,3 triệu), none above (254 triệu)."""
    return 0 if abs(scaled) >= 100 or float(scaled).is_integer() else 1


def value_text(
    value: float,
    unit: str,
    lang: str,
    *,
    qualifier: str = "exact",
    upper: float | None = None,
    scale: Scale | None = None,
) -> str:
    """A figure as a reader says it: 'hơn 86,3 triệu', 'about 45 million', '38–40 triệu', '95%'."""
    sc = scale or scale_for(unit, value, lang)
    shown = value / sc.factor
    text = number(shown, lang, decimals_for(shown))
    if qualifier == "range" and upper is not None:
        hi = upper / sc.factor
        text = f"{text}–{number(hi, lang, decimals_for(hi))}"
    prefix = _QUALIFIER_PREFIX.get(qualifier, {}).get(lang, "")
    if sc.word == "%":
        return nfc(f"{prefix}{text}%")
    return nfc(f"{prefix}{text} {sc.word}".rstrip())


def date_text(d: date, lang: str) -> str:
    """30/06/2024 in Vietnamese, 30 Jun 2024 in English."""
    if lang == "vi":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def period_text(first: date, last: date, lang: str) -> str:
    """A period as shown in a subtitle: 01/2021–06/2024 or Jan 2021–Jun 2024."""
    if lang == "vi":
        a, b = f"{first.month:02d}/{first.year}", f"{last.month:02d}/{last.year}"
    else:
        a = f"{_MONTHS_EN[first.month - 1]} {first.year}"
        b = f"{_MONTHS_EN[last.month - 1]} {last.year}"
    return a if a == b else f"{a}–{b}"


def source_line(
    sources: list[tuple[str, date]], lang: str, vintage: date, data_hash: str, *, limit: int = 4
) -> str:
    """'Nguồn: Tiền Phong (21/12/2023); … · Số liệu công bố đến 30/06/2024 · dữ liệu ab12cd34'.

    `sources` are (publisher, published) pairs of the plotted rows, newest first; beyond `limit`
    the rest are counted, so the footer stays on one or two lines of a slide.
    """
    unique: list[tuple[str, date]] = []
    for pub, when in sources:
        if all(pub != p for p, _ in unique):
            unique.append((pub, when))
    shown = [f"{p} ({date_text(d, lang)})" for p, d in unique[:limit]]
    if len(unique) > limit:
        shown.append(word("and_more", lang, n=len(unique) - limit))
    head = word("sources" if len(unique) > 1 else "source", lang)
    parts = [f"{head}: {'; '.join(shown) if shown else '—'}"]
    parts.append(word("vintage", lang, date=date_text(vintage, lang)))
    parts.append(word("build", lang, hash=data_hash))
    return nfc(" · ".join(parts))
