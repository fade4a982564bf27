"""The generated sentences of a report: one summary per metric, one line per target."""

from __future__ import annotations

from de06metrics.charts import text as t
from de06metrics.charts.facts import TrendFacts


def metric_summary(facts: TrendFacts | None, label: str, unit: str, lang: str, source: str) -> str:
    """Latest value, change over the last period, and the monthly run rate, in one sentence."""
    if facts is None:
        return f"{label}: {t.word('no_data', lang).lower()}."
    scale = t.scale_for(unit, facts.latest_value, lang)
    latest = facts.latest_text(unit, lang, scale)
    when = t.date_text(facts.latest_date, lang)
    head = (
        f"{label}: {latest} tính đến {when} ({source})"
        if lang == "vi"
        else f"{label}: {latest} as of {when} ({source})"
    )
    change = facts.change
    if change is None or facts.previous_date is None or facts.months is None:
        tail = "chưa có số liệu kỳ trước để so sánh" if lang == "vi" else "no earlier figure yet"
        return t.nfc(f"{head}; {tail}.")
    prev = t.date_text(facts.previous_date, lang)
    months = t.number(facts.months, lang, 0 if facts.months >= 3 else 1)
    size = _amount(abs(change), unit, lang, scale)
    rate = _amount(abs(facts.monthly_rate or 0.0), unit, lang, scale)
    if lang == "vi":
        verb = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
        moved = f"{verb} {size}" if change else verb
        tail = f"{moved} so với {prev} ({months} tháng), bình quân {rate}/tháng"
    else:
        verb = "up" if change > 0 else "down" if change < 0 else "unchanged"
        moved = f"{verb} {size}" if change else verb
        tail = f"{moved} since {prev} ({months} months), about {rate} a month"
    return t.nfc(f"{head}; {tail}.")


def _amount(delta: float, unit: str, lang: str, scale: t.Scale) -> str:
    if unit == "percent":
        pts = delta * 100
        return f"{t.number(pts, lang, 1)} {'điểm %' if lang == 'vi' else 'points'}"
    shown = delta / scale.factor
    return t.nfc(f"{t.number(shown, lang, 2 if shown < 1 else 1)} {scale.word}".rstrip())


def target_line(row: dict, label: str, unit: str, lang: str) -> str:
    """One target's verdict in words, for the progress table's first column."""
    goal = t.value_text(row["target_value"], unit, lang)
    due = t.date_text(row["deadline"], lang)
    sign = "≤" if row.get("target_qualifier") == "at_most" else "≥"
    return t.nfc(f"{label} {sign} {goal} ({due})")
