"""The generated sentences of a report: one summary per metric, one line per target, and the
figure lines of speaker notes. Words from the message tables, numbers from the formatter."""

from __future__ import annotations

from datetime import date

from de06metrics.charts import text as t
from de06metrics.charts.facts import latest_text
from de06metrics.present import formatter, msg
from de06metrics.series import TrendFacts


def metric_summary(facts: TrendFacts | None, label: str, unit: str, lang: str, source: str) -> str:
    """Latest value, change over the last period, and the monthly run rate, in one sentence."""
    if facts is None:
        return msg("narrative.no_data", lang, label=label)
    fmt = formatter(lang)
    scale = fmt.scale_for(unit, facts.latest_value)
    head = msg(
        "narrative.latest",
        lang,
        label=label,
        value=latest_text(facts, unit, lang, scale),
        date=facts.latest_date,
        source=source,
    )
    change = facts.change
    if change is None or facts.previous_date is None or facts.months is None:
        return t.nfc(f"{head}; {msg('narrative.no_previous', lang)}.")
    months = fmt.number(facts.months, 0 if facts.months >= 3 else 1)
    since = facts.previous_date
    if change == 0:
        tail = msg("narrative.unchanged", lang, since=since, months=months)
    else:
        tail = msg(
            "narrative.up" if change > 0 else "narrative.down",
            lang,
            change=fmt.change(abs(change), unit, scale),
            since=since,
            months=months,
            rate=fmt.change(abs(facts.monthly_rate or 0.0), unit, scale),
        )
    return t.nfc(f"{head}; {tail}.")


def target_line(row: dict, label: str, unit: str, lang: str) -> str:
    """One target's verdict in words, for the progress table's first column."""
    goal = t.value_text(row["target_value"], unit, lang)
    due = t.date_text(row["deadline"], lang)
    sign = "≤" if row.get("target_qualifier") == "at_most" else "≥"
    return t.nfc(f"{label} {sign} {goal} ({due})")


def figure_line(
    row: dict, unit: str, lang: str, publisher: str, published: date | None, quote: str | None
) -> str:
    """One plotted figure for speaker notes: date · figure · source (published): “quote”."""
    value = t.value_text(
        row["value"], unit, lang, qualifier=row["qualifier"], upper=row.get("upper")
    )
    params = {
        "date": row["period_end"],
        "value": value,
        "source": publisher,
        "published": published if published is not None else "—",
    }
    if quote:
        return msg("narrative.quote", lang, quote=" ".join(quote.split()), **params)
    return msg("narrative.figure", lang, **params)
