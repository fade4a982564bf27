"""`de06 report trend|progress|provinces|deck|all|explore`: render the reports and the deck."""

from __future__ import annotations

import json

import typer

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


def _render(requests: list[tuple[str, dict]], **options) -> None:
    """Render under the project lock: a second identical run waits, then finds it rendered."""
    from de06metrics.lock import project_lock

    with project_lock("report"):
        _render_unlocked(requests, **options)


def _render_unlocked(requests: list[tuple[str, dict]], *, as_of, jobs, force, timeout) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

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


@report_app.command("provinces")
def provinces(
    as_of: str = AS_OF,
    metric: list[str] = METRIC,
    lang: str = LANG,
    successors: bool = typer.Option(
        False, "--successors", help="Before 1/7/2025: compare the 34 successors (summed)."
    ),
    force: bool = FORCE,
    timeout: float = TIMEOUT,
    no_figures: bool = NO_FIGURES,
    set_: list[str] = SET,
) -> None:
    """Provinces compared: ranked latest figures, national reference, top/bottom trends."""
    params = _province_params(lang, no_figures, set_, metric, successors)
    _render([("provinces", params)], as_of=as_of, jobs=1, force=force, timeout=timeout)


def _province_params(lang, no_figures, extra, metric, successors=False) -> dict:
    params = {"lang": lang, **({"metrics": metric} if metric else {})}
    if successors:
        params["successors"] = True
    if no_figures:
        params["export"] = False
    params.update(_extra(extra))
    return params


@report_app.command("deck")
def deck(
    as_of: str = AS_OF,
    metric: list[str] = METRIC,
    lang: str = LANG,
    jobs: int = JOBS,
    force: bool = FORCE,
    timeout: float = TIMEOUT,
) -> None:
    """Briefing deck (.pptx): title, progress overview, one slide per chart with speaker notes.

    Renders the progress, trend and provinces reports first when they are not up to date, and
    reuses their PNGs. Writes reports/deck/<as_of>/deck-<as_of>-<lang>-<hash>.pptx.
    """
    _deck(as_of=as_of, lang=lang, metric=metric, jobs=jobs, force=force, timeout=timeout)


def _deck(*, as_of, lang, metric, jobs, force, timeout) -> None:
    from de06metrics.lock import project_lock
    from de06metrics.reports.deck import plan_deck, render_deck

    plan = plan_deck(as_of=as_of, lang=lang, metrics=metric)
    with project_lock("report deck"), console.status(f"building the {lang} deck for {plan.as_of}…"):
        result = render_deck(plan, force=force, jobs=jobs, timeout=timeout)
    if result.status == "failed":
        raise De06Error(
            f"the deck failed: {result.message}; the last good deck was left untouched",
            hint="see reports/_failed/",
        )
    word = {"rendered": "[green]rendered[/]", "up_to_date": "up to date (no-op)"}[result.status]
    console.print(
        f"deck {plan.as_of} ({lang}): {word}, {result.slides} slides, "
        f"{result.seconds:.1f} s → {result.pptx}",
        soft_wrap=True,
    )


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
    """Trend, progress and provinces reports, then the deck, for one date (the scheduled job).

    The deck reuses the reports' PNGs; with --no-figures there are none, so no deck is built.
    """
    requests = [
        ("trend", _params(geo, lang, no_figures, None, metrics=metric)),
        ("progress", _params(geo, lang, no_figures, None, targets=target)),
        ("provinces", _province_params(lang, no_figures, None, metric)),
    ]
    _render(requests, as_of=as_of, jobs=jobs, force=force, timeout=timeout)
    if not no_figures:
        _deck(as_of=as_of, lang=lang, metric=metric, jobs=jobs, force=force, timeout=timeout)
