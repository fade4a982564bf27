"""The targets an analyst tracks: each cited, quoted, dated and on a metric of its own unit.

`_problems` is the rule set; it is checked on the shipped targets.yaml and, to show it can fail,
on broken copies of one target (a missing deadline, quote or citation; a metric of another unit).
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from de06metrics import paths
from de06metrics.registry import load_registry

MAX_QUOTE_WORDS = 30
LIVE_FROM = date(2025, 12, 31)


@pytest.fixture(scope="module")
def shipped():
    registry = load_registry(paths.REGISTRY_DIR)
    raw = yaml.safe_load((paths.REGISTRY_DIR / "targets.yaml").read_text(encoding="utf-8"))
    return raw, registry


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _problems(target: dict, registry) -> list[str]:
    """What is wrong with one raw targets.yaml entry (empty list: nothing)."""
    out = []
    tid = target.get("id", "?")
    units = registry.metric_units
    sources = {r["id"]: r for r in registry.sources.iter_rows(named=True)}
    if _date(target.get("deadline")) is None:
        out.append(f"{tid}: no deadline (ISO date)")
    quote = str(target.get("quote") or "").strip()
    if not quote:
        out.append(f"{tid}: no quote")
    elif len(quote.split()) > MAX_QUOTE_WORDS:
        out.append(f"{tid}: quote longer than {MAX_QUOTE_WORDS} words")
    for field in ("citation", "document"):
        if not str(target.get(field) or "").strip():
            out.append(f"{tid}: no {field}")
    source = sources.get(target.get("source_id"))
    if source is None:
        out.append(f"{tid}: source {target.get('source_id')!r} not in sources.yaml")
    elif not (source["url"] and source["publisher"] and source["title"] and source["published"]):
        out.append(f"{tid}: source {source['id']} lacks publisher, title, url or date")
    metric = target.get("metric")
    if metric not in units:
        out.append(f"{tid}: metric {metric!r} not in metrics.yaml")
    elif target.get("unit") != units[metric]:
        out.append(
            f"{tid}: the wording measures {target.get('unit')!r} but metric {metric} is in "
            f"{units[metric]!r}"
        )
    return out


def test_every_shipped_target_is_cited_quoted_dated_and_on_its_unit(shipped) -> None:
    raw, registry = shipped
    problems = [p for t in raw for p in _problems(t, registry)]
    assert not problems, "\n".join(problems)


def test_enough_targets_and_enough_still_to_track(shipped) -> None:
    raw, _ = shipped
    live = [t["id"] for t in raw if _date(t["deadline"]) >= LIVE_FROM]
    assert len(raw) >= 15
    assert len(live) >= 8, live


def test_the_40_million_goal_counts_activated_accounts(shipped) -> None:
    raw, _ = shipped
    goal = next(t for t in raw if t["id"] == "vneid_accounts_40m_2025")
    assert goal["metric"] == "vneid_accounts_activated"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"deadline": None}, "no deadline"),
        ({"deadline": "end of 2025"}, "no deadline"),
        ({"quote": ""}, "no quote"),
        ({"citation": None}, "no citation"),
        ({"document": " "}, "no document"),
        ({"source_id": "nowhere"}, "not in sources.yaml"),
        ({"metric": "vneid_accounts_activated"}, "the wording measures 'percent'"),
        ({"unit": "count"}, "the wording measures 'count'"),
    ],
)
def test_a_broken_target_is_named(shipped, change: dict, expected: str) -> None:
    raw, registry = shipped
    target = copy.deepcopy(next(t for t in raw if t["id"] == "dvc_fully_online_80pct_2025"))
    assert _problems(target, registry) == []
    target.update(change)
    assert any(expected in p for p in _problems(target, registry)), _problems(target, registry)
