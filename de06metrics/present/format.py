"""One number/date/value formatter per language.

vi: 1.234.567,8 · 30/06/2024 · 06/2024 · "hơn 86,3 triệu"; en: 1,234,567.8 · 30 Jun 2024 ·
Jun 2024 · "over 86.3 million". The words (scales, qualifiers, month names) come from the
message tables, so the formatter holds no sentence of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

from de06metrics.present.messages import check_lang, nfc, template


@dataclass(frozen=True)
class Scale:
    """How a unit's values are shown: divide by `factor`, call the result `word`."""

    factor: float
    word: str


#: Group and decimal marks per language (also plotly's `layout.separators`, decimal first).
MARKS = {"vi": (".", ","), "en": (",", ".")}


@dataclass(frozen=True)
class Formatter:
    """How one language writes numbers, dates, periods and figures."""

    lang: str

    def _w(self, key: str) -> str:
        return template(key, self.lang)

    @property
    def separators(self) -> str:
        """plotly `layout.separators`: decimal mark, then the thousands mark."""
        group, decimal = MARKS[self.lang]
        return decimal + group

    @property
    def axis_month(self) -> str:
        """plotly tick format of a month axis: 04/2023 (vi; plotly has no Vietnamese month
        names) or Apr 2023 (en)."""
        return "%m/%Y" if self.lang == "vi" else "%b %Y"

    # ------------------------------------------------------------ numbers

    def number(self, value: float, decimals: int | None = None) -> str:
        """A number with the language's marks; `decimals=None` keeps what the float needs."""
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        dec = Decimal(repr(float(value)))
        if decimals is None:
            decimals = max(0, -int(dec.normalize().as_tuple().exponent))
        text = format(dec, f",.{decimals}f")
        group, decimal = MARKS[self.lang]
        return text.replace(",", "\x00").replace(".", decimal).replace("\x00", group)

    def short_number(self, value: float | None) -> str:
        """A number in a check message: whole from 10 up, four significant digits below."""
        if value is None:
            return "—"
        if abs(value) >= 10 or float(value).is_integer():
            return self.number(round(value), 0)
        return self.number(float(f"{value:.4g}"))

    def percent(self, share: float, decimals: int = 0) -> str:
        """A fraction as a percentage: 0.4 → '40%'."""
        return f"{self.number(100 * share, decimals)}%"

    # ------------------------------------------------------------ dates

    def date(self, d: date) -> str:
        """30/06/2024 (vi) or 30 Jun 2024 (en)."""
        if self.lang == "vi":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        return f"{d.day} {self._w(f'month.{d.month}')} {d.year}"

    def month(self, d: date) -> str:
        """06/2024 (vi) or Jun 2024 (en)."""
        if self.lang == "vi":
            return f"{d.month:02d}/{d.year}"
        return f"{self._w(f'month.{d.month}')} {d.year}"

    def period(self, first: date, last: date) -> str:
        """01/2021–06/2024 or Jan 2021–Jun 2024 (one month once)."""
        a, b = self.month(first), self.month(last)
        return a if a == b else f"{a}–{b}"

    # ------------------------------------------------------------ figures

    def scale_for(self, unit: str, magnitude: float) -> Scale:
        """A readable scale for values of `unit` around `magnitude` (counts → triệu, …)."""
        m = abs(magnitude)
        if unit == "percent":
            return Scale(0.01, "%")
        if unit == "percentage_point":
            return Scale(0.01, self._w("unit.points"))
        money = unit in ("vnd", "usd")
        steps = (
            ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
            if money
            else ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
        )
        currency = self._w(f"unit.{unit}") if money else ""
        for factor, name in steps:
            if m >= factor:
                return Scale(factor, f"{self._w(f'scale.{name}')} {currency}".strip())
        return Scale(1.0, currency)

    @staticmethod
    def decimals_for(scaled: float) -> int:
        """Few decimals: none from 100 (254 triệu), one below (86,3 triệu), and below 1 two when
        one would misstate it (0,06 triệu, not 0,1; but 0,9 triệu)."""
        x = abs(scaled)
        if x >= 100 or float(scaled).is_integer():
            return 0
        if x >= 1 or round(x, 1) == round(x, 2):
            return 1
        return 2

    def value(
        self,
        value: float,
        unit: str,
        *,
        qualifier: str = "exact",
        upper: float | None = None,
        scale: Scale | None = None,
    ) -> str:
        """A figure as a reader says it: 'hơn 86,3 triệu', 'about 45 million', '38–40 triệu'."""
        sc = scale or self.scale_for(unit, value)
        shown = value / sc.factor
        text = self.number(shown, self.decimals_for(shown))
        if qualifier == "range" and upper is not None:
            hi = upper / sc.factor
            text = f"{text}–{self.number(hi, self.decimals_for(hi))}"
        key = f"qualifier.{qualifier}"
        prefix = self._w(key) + " " if key in _qualifier_keys(self.lang) else ""
        if sc.word == "%":
            return nfc(f"{prefix}{text}%")
        return nfc(f"{prefix}{text} {sc.word}".rstrip())

    def change(self, delta: float, unit: str, scale: Scale) -> str:
        """The size of a change: percentage points for shares, else the figure's scale."""
        if unit == "percent":
            pts = delta * 100
            return f"{self.number(pts, self.decimals_for(pts))} {self._w('unit.points')}"
        shown = delta / scale.factor
        dec = 2 if 0 < abs(shown) < 1 else self.decimals_for(shown)
        return nfc(f"{self.number(shown, dec)} {scale.word}".rstrip())

    def rate(self, rate: float, unit: str, scale: Scale) -> str:
        """A monthly rate's size: '0,7 triệu', '2,5 điểm %' (two decimals below one unit)."""
        shown = rate / scale.factor
        dec = 0 if shown >= 100 else 1 if shown >= 1 else 2
        num = self.number(round(shown, dec), dec)
        if unit == "percent":
            return f"{num} {self._w('unit.points')}"
        return nfc(f"{num} {scale.word}".rstrip())


@cache
def _qualifier_keys(lang: str) -> frozenset[str]:
    from de06metrics.present.messages import message_keys

    return frozenset(k for k in message_keys(lang) if k.startswith("qualifier."))


@cache
def formatter(lang: str) -> Formatter:
    """The formatter of a report language (vi or en); a clear error for any other."""
    return Formatter(check_lang(lang))
