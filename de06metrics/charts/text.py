"""Words and numbers on charts: thin names over the presentation layer (`de06metrics.present`).

Kept so chart and report code reads `t.value_text(...)`, `t.date_text(...)`; every word comes
from the message tables and every number from the language's formatter, so a chart, a narrative
sentence and the deck write the same figure the same way.
"""

from __future__ import annotations

from datetime import date

from de06metrics.errors import De06Error
from de06metrics.present import LANGS, Scale, check_lang, formatter, msg, nfc

__all__ = [
    "LANGS",
    "Scale",
    "check_lang",
    "date_text",
    "decimals_for",
    "nfc",
    "number",
    "period_text",
    "scale_for",
    "source_line",
    "status_word",
    "value_text",
    "word",
]


def word(key: str, lang: str, **fmt: object) -> str:
    """A message of the table (`present.msg`)."""
    return msg(key, lang, **fmt)


def status_word(status: str, lang: str) -> str:
    """The status in words (colours on charts are always paired with these)."""
    check_lang(lang)
    try:
        return msg(f"status.{status}", lang)
    except De06Error:  # an unknown status shows as its code rather than hiding the row
        return status


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number with the language's separators (vi: 1.234,5; en: 1,234.5)."""
    return formatter(lang).number(value, decimals)


def scale_for(unit: str, magnitude: float, lang: str) -> Scale:
    """A readable scale for values of this unit around `magnitude` (counts → triệu, …)."""
    return formatter(lang).scale_for(unit, magnitude)


def decimals_for(scaled: float) -> int:
    """Few decimals: one below 100 (86,3 triệu), none above (254 triệu)."""
    return formatter("vi").decimals_for(scaled)


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
    return formatter(lang).value(value, unit, qualifier=qualifier, upper=upper, scale=scale)


def date_text(d: date, lang: str) -> str:
    """30/06/2024 in Vietnamese, 30 Jun 2024 in English."""
    return formatter(lang).date(d)


def period_text(first: date, last: date, lang: str) -> str:
    """A period as shown in a subtitle: 01/2021–06/2024 or Jan 2021–Jun 2024."""
    return formatter(lang).period(first, last)


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
    parts.append(word("vintage", lang, date=vintage))
    parts.append(word("build", lang, hash=data_hash))
    return nfc(" · ".join(parts))
