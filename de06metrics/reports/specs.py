"""The reports, their notebooks, and the checks every parameter value must pass.

A report is a jupytext notebook in `notebooks/` with a `parameters` cell of literals. The runner
passes only names that cell declares (papermill would only warn) and only values that pass the
checks here: an ISO date, metric keys and target ids from the registry, a known area code, vi|en.
No value may carry quotes, backslashes, line breaks or a path outside the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from de06metrics.errors import De06Error
from de06metrics.registry import Registry


@dataclass(frozen=True)
class ReportSpec:
    """One report: its key, its notebook and its title in each language."""

    name: str
    notebook: str
    title: dict[str, str]
    in_all: bool = True


REPORTS: dict[str, ReportSpec] = {
    "trend": ReportSpec(
        "trend",
        "trend_report.py",
        {"vi": "Đề án 06: xu hướng các chỉ tiêu", "en": "Đề án 06: indicator trends"},
    ),
    "progress": ReportSpec(
        "progress",
        "progress_report.py",
        {"vi": "Đề án 06: tiến độ so với mục tiêu", "en": "Đề án 06: progress against targets"},
    ),
    "provinces": ReportSpec(
        "provinces",
        "province_report.py",
        {"vi": "Đề án 06: so sánh các tỉnh, thành", "en": "Đề án 06: provinces compared"},
    ),
    "explore": ReportSpec(
        "explore",
        "explore.py",
        {"vi": "Đề án 06: khám phá số liệu", "en": "Đề án 06: data exploration"},
        in_all=False,
    ),
}

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
#: Letters (any script), digits, and a few separators; no quotes, backslashes, brackets or newlines.
SAFE_TEXT = re.compile(r"^[\w .,:+\-]{0,200}$")


def spec_for(report: str) -> ReportSpec:
    try:
        return REPORTS[report]
    except KeyError:
        known = ", ".join(REPORTS)
        raise De06Error(
            f"unknown report '{report}'; known reports: {known}", field="report"
        ) from None


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise De06Error(f"expected text, got {type(value).__name__}", field=name)
    if not SAFE_TEXT.fullmatch(value) or ".." in value or value.startswith(("/", "~")):
        raise De06Error(
            f"value {value!r} has characters that are not allowed "
            "(quotes, backslashes, brackets, line breaks, paths)",
            field=name,
        )
    return value


def _as_of(value: Any, registry: Registry) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise De06Error(f"{value!r} is not a date; use YYYY-MM-DD", field="as_of")


def _keys(name: str, value: Any, known: set[str], what: str) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise De06Error(f"expected a list of {what} keys", field=name)
    out = []
    for item in items:
        key = _text(name, item).strip()
        if not key:
            continue
        if key not in known:
            raise De06Error(f"unknown {what} '{key}' (not in the registry)", field=name)
        out.append(key)
    return list(dict.fromkeys(out))


def _metrics(value: Any, registry: Registry) -> list[str]:
    return _keys("metrics", value, set(registry.metrics["key"]), "metric")


def _targets(value: Any, registry: Registry) -> list[str]:
    return _keys("targets", value, set(registry.targets["id"]), "target")


def _geo(value: Any, registry: Registry) -> str:
    code = _text("geo", value)
    if code not in set(registry.areas["code"]):
        raise De06Error(f"unknown area '{code}' (not in areas.csv)", field="geo")
    return code


def _lang(value: Any, registry: Registry) -> str:
    if value not in ("vi", "en"):
        raise De06Error(f"'{value}' is not a report language; use vi or en", field="lang")
    return value


def _flag(value: Any, registry: Registry) -> bool:
    if not isinstance(value, bool):
        raise De06Error(f"expected true or false, got {value!r}", field="flag")
    return value


CHECKS: dict[str, Callable[[Any, Registry], Any]] = {
    "as_of": _as_of,
    "metrics": _metrics,
    "targets": _targets,
    "geo": _geo,
    "lang": _lang,
    "export": _flag,
    "successors": _flag,
}


def with_defaults(given: dict[str, Any], declared: dict[str, dict]) -> dict[str, Any]:
    """`given` plus the notebook's own defaults for the rest, so that asking for a default
    explicitly and leaving it out are the same run (same run key, same output)."""
    import ast

    out = {}
    for name, info in declared.items():
        try:
            out[name] = ast.literal_eval(info.get("default", ""))
        except (ValueError, SyntaxError):
            continue
    out.update(given)
    return out


def validate_parameters(
    report: str, given: dict[str, Any], declared: dict[str, dict], registry: Registry
) -> dict[str, Any]:
    """Checked parameters for a notebook, or a De06Error naming the first bad name or value.

    `declared` is `papermill.inspect_notebook(...)`: a name the notebook does not declare is
    refused (papermill itself would only warn and carry on).
    """
    out: dict[str, Any] = {}
    for name, value in given.items():
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise De06Error(f"{name!r} is not a parameter name", field="parameters")
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise De06Error(
                f"unknown parameter '{name}' for the {report} report; it accepts: {known}",
                field=name,
            )
        check = CHECKS.get(name)
        if check is not None:
            out[name] = check(value, registry)
        elif isinstance(value, bool | int | float):
            out[name] = value
        else:
            out[name] = _text(name, value)
    return out
