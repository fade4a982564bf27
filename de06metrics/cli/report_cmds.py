"""`de06 report trend|progress|all|explore`: render the parameterized report notebooks."""

from __future__ import annotations

import json

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from de06metrics.cli._app import app, console, err_console
from de06metrics.errors import De06Error

report_app = typer.Typer(
    help=(
        "Render reports into `reports/<report>/<as_of>/`: executed notebook, offline HTML (no "
        "code), figures/*.png|svg, manifest.json. Same parameters and data → no-op (--force "
        "re-renders). A failed run keeps its notebook in reports/_failed/ and exits 1."
    ),
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

AS_OF = typer.Option(
    None, "--as-of", help="Data as published up to this date (default: newest publication)."
)
METRIC = typer.Option(None, "--metric", "-m", help="Metric key (repeatable; default: headline).")
TARGET = typer.Option(None, "--target", "-t", help="Target id (repeatable; default: all).")
GEO = typer.Option("VN", "--geo", help="Area code from areas.csv.")
LANG = typer.Option("vi", "--lang", help="vi or en.")
JOBS = typer.Option(1, "--jobs", "-j", help="Reports rendered at the same time.")
FORCE = typer.Option(False, "--force", help="Render even if an identical report exists.")
TIMEOUT = typer.Option(600.0, "--timeout", help="Seconds per report before it is stopped.")
SET = typer.Option(
    None, "--set", help="Extra notebook parameter NAME=VALUE (JSON value or text; repeatable)."
)
NO_FIGURES = typer.Option(False, "--no-figures", help="Skip the PNG/SVG export.")


def _extra(pairs: list[str] | None) -> dict:
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise De06Error(f"'{pair}' is not NAME=VALUE", field="--set")
        try:
            out[name.strip()] = json.loads(value)
        except ValueError:
            out[name.strip()] = value
    return out


def _render(requests: list[tuple[str, dict]], *, as_of, jobs, force, timeout) -> None:
    from de06metrics.reports.runner import plan_report, run_plans

    plans = [plan_report(name, as_of=as_of, parameters=params) for name, params in requests]
    if len(plans) > 1:
        columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err_console, transient=True) as bar:
            task = bar.add_task("rendering reports", total=len(plans))
            results = run_plans(
                plans, jobs=jobs, force=force, timeout=timeout,
                on_done=lambda r: bar.advance(task),
            )  # fmt: skip
    else:
        with console.status(f"rendering {plans[0].spec.name} for {plans[0].as_of}…"):
            results = run_plans(plans, jobs=jobs, force=force, timeout=timeout)
    table = Table("report", "as of", "status", "seconds", "figures")
    for r in results:
        status = {"rendered": "[green]rendered[/]", "up_to_date": "up to date (no-op)"}.get(
            r.status, "[red]failed[/]"
        )
        table.add_row(r.report, r.as_of, status,
                      f"{r.seconds:.1f}", str(len(r.figures)))  # fmt: skip
    console.print(table, soft_wrap=True)
    for r in results:
        if r.html:
            console.print(f"HTML of {r.report}: {r.html}", soft_wrap=True)
        if r.figures:
            console.print(f"PNG/SVG of {r.report}: {r.figures[0].parent}/", soft_wrap=True)
        for e in r.export_errors:
            err_console.print(f"[yellow]warning:[/] {e['figure']}: {e['error']}", soft_wrap=True)
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        err_console.print(f"[red]✗ {r.report} {r.as_of}:[/] {r.message}", soft_wrap=True)
        if r.failed_notebook:
            err_console.print(f"  executed notebook kept in {r.failed_notebook}", soft_wrap=True)
    if failed:
        raise De06Error(
            f"{len(failed)} report(s) failed; the last good reports were left untouched",
            hint="open the notebook in reports/_failed/ to see the failing cell",
        )


def _params(geo: str, lang: str, no_figures: bool, extra: list[str] | None, **lists) -> dict:
    params = {"geo": geo, "lang": lang, **{k: v for k, v in lists.items() if v}}
    if no_figures:
        params["export"] = False
    params.update(_extra(extra))
    return params


@report_app.command("trend")
def trend(
    as_of: str = AS_OF,
    metric: list[str] = METRIC,
    geo: str = GEO,
    lang: str = LANG,
    jobs: int = JOBS,
    force: bool = FORCE,
    timeout: float = TIMEOUT,
    no_figures: bool = NO_FIGURES,
    set_: list[str] = SET,
) -> None:
    """Trend report: each metric's series, bounds, conflicts, latest value, sources."""
    params = _params(geo, lang, no_figures, set_, metrics=metric)
    _render([("trend", params)], as_of=as_of, jobs=jobs, force=force, timeout=timeout)


@report_app.command("progress")
def progress(
    as_of: str = AS_OF,
    target: list[str] = TARGET,
    geo: str = GEO,
    lang: str = LANG,
    jobs: int = JOBS,
    force: bool = FORCE,
    timeout: float = TIMEOUT,
    no_figures: bool = NO_FIGURES,
    set_: list[str] = SET,
) -> None:
    """Progress report: all targets at a glance, the table with status words, one chart each."""
    params = _params(geo, lang, no_figures, set_, targets=target)
    _render([("progress", params)], as_of=as_of, jobs=jobs, force=force, timeout=timeout)


@report_app.command("explore")
def explore(
    as_of: str = AS_OF,
    metric: list[str] = METRIC,
    geo: str = GEO,
    lang: str = LANG,
    force: bool = FORCE,
    timeout: float = TIMEOUT,
    set_: list[str] = SET,
) -> None:
    """Render the explore notebook (the analyst's starting point) like a report."""
    params = _params(geo, lang, True, set_, metrics=metric)
    _render([("explore", params)], as_of=as_of, jobs=1, force=force, timeout=timeout)


@report_app.command("all")
def all_reports(
    as_of: str = AS_OF,
    metric: list[str] = METRIC,
    target: list[str] = TARGET,
    geo: str = GEO,
    lang: str = LANG,
    jobs: int = JOBS,
    force: bool = FORCE,
    timeout: float = TIMEOUT,
    no_figures: bool = NO_FIGURES,
) -> None:
    """Trend and progress reports for one date (the scheduled job)."""
    requests = [
        ("trend", _params(geo, lang, no_figures, None, metrics=metric)),
        ("progress", _params(geo, lang, no_figures, None, targets=target)),
    ]
    _render(requests, as_of=as_of, jobs=jobs, force=force, timeout=timeout)
