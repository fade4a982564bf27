"""`de06 extract` (articles → review files, or `--explain`: each number's stages and rules) and
`de06 accept` (reviewed rows → data/raw)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import typer

from de06metrics import paths
from de06metrics.cli._app import app, console, err_console, parse_date
from de06metrics.errors import De06Error


@dataclass(frozen=True)
class _Done:
    path: str
    source_id: str
    published: date
    published_from: str
    observations: int
    unmapped: int
    review: str
    rows: list[tuple[str, ...]]
    warnings: tuple[str, ...]


def _source_id_for(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"article_{slug or 'x'}"


_CHUNK = 64  # files per extract_texts call (and per task for --jobs)


def _chunk(
    paths_: list[str], published: date | None, source_id: str | None, out_dir: str
) -> list[_Done | tuple[str, str]]:
    """Extract a few files with one `extract_texts` call and write each one's review files
    (runs in a worker process for --jobs); a file that fails gives (path, message)."""
    from de06metrics.extract import extract_texts, publication_date
    from de06metrics.review import write_review
    from de06metrics.text import read_document

    results: list[_Done | tuple[str, str] | None] = []
    docs, articles = [], []
    for path in paths_:
        p = Path(path)
        try:
            doc = read_document(p)
            when = publication_date(doc, published)
        except De06Error as exc:
            results.append((path, exc.describe()))
            continue
        results.append(None)
        docs.append((len(results) - 1, p, doc))
        articles.append((doc.text, when, source_id or _source_id_for(p), doc.place))
    batch = extract_texts(articles)
    for (slot, p, doc), x in zip(docs, batch, strict=True):
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", p.stem)
        try:
            review, _ = write_review(x, Path(out_dir), stem)
        except De06Error as exc:
            results[slot] = (str(p), exc.describe())
            continue
        rows = [
            (
                r["metric"],
                r["geo"],
                r["as_written"],
                str(r["period_end"]),
                r["status"],
                f"{r['confidence']:.2f}",
            )
            for r in x.observations.iter_rows(named=True)
        ]
        where = "--published" if published else (doc.published_from or "")
        results[slot] = _Done(
            str(p),
            x.source_id,
            x.published,
            where,
            x.observations.height,
            x.unmapped.height,
            str(review),
            rows,
            doc.warnings,
        )
    return [r for r in results if r is not None]


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Articles: .txt, .md or .html files."),
    published: str | None = typer.Option(
        None,
        "--published",
        help="Publication date (YYYY-MM-DD); else the document's own: HTML meta, front matter, "
        "letterhead, dateline or byline.",
    ),
    source_id: str | None = typer.Option(
        None, "--source-id", help="Source key for the rows (one file only); default: file name."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Directory for the review files (default: the current directory)."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for many files."),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Print each number's stages (metric, status, date, geo) and the rule of each; "
        "review files are written only with --out.",
    ),
) -> None:
    """Extract candidate figures from articles into review files for an analyst.

    For each FILE, writes `<name>.review.csv` (the format of data/raw/reported/*.csv plus a
    confidence column) and `<name>.review.unmapped.csv` (every number not used, with a reason).
    The publication date comes from --published, else the document: HTML metadata (never a
    modified time), front matter, a letterhead, dateline or byline near the top; a file without
    one is an error listing what was looked at (never "today"). A file that cannot be read is
    reported and the others go on; the exit code is 1 if any failed.
    Review, then `de06 accept FILE.review.csv`.
    With --explain, prints for every number of each FILE what each stage decided and the rule
    that decided it (a table on a terminal, tab-separated lines in a pipe).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    when = parse_date(published, "--published")
    if source_id is not None and len(files) > 1:
        raise De06Error("applies to one file only", field="--source-id")
    if explain:
        _explain(files, when, source_id)
        if out is None:
            return
    out = out or Path(".")
    done: list[_Done] = []
    failed: list[tuple[str, str]] = []
    names = [str(f) for f in files]
    chunks = [names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK)]
    show_bar = len(files) > 1
    with Progress(
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=not show_bar,
        transient=True,
    ) as progress:
        task = progress.add_task("extract", total=len(files))
        if jobs > 1 and len(files) > 1:
            # spawn, not fork: forking a process that has polars' thread pool can deadlock
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futures = {pool.submit(_chunk, c, when, source_id, str(out)): c for c in chunks}
                for fut in as_completed(futures):
                    _collect(fut.result, done, failed)
                    progress.advance(task, len(futures[fut]))
        else:
            for c in chunks:
                _collect(lambda c=c: _chunk(c, when, source_id, str(out)), done, failed)
                progress.advance(task, len(c))
    done.sort(key=lambda d: d.path)
    _summary(done)
    for _path, message in failed:
        err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    if failed:
        raise De06Error(
            f"{len(failed)} of {len(files)} file(s) could not be extracted: "
            + ", ".join(p for p, _ in failed)
        )


def _explain(files: list[Path], published: date | None, source_id: str | None) -> None:
    """Print each file's trace: a rich table on a terminal, tab-separated lines otherwise."""
    from de06metrics.extract import explain
    from de06metrics.text import read_document

    for path in files:
        doc = read_document(path)
        when = _publication_date(doc, published)
        trace = explain(
            doc.text,
            published=when,
            source_id=source_id or _source_id_for(path),
            place=doc.place,
        )
        if console.is_terminal:
            _explain_table(path, when, trace)
            continue
        for t in trace:
            where = f"{t.span[0]}-{t.span[1]}"
            for stage, decision, rule in [*t.stages, ("outcome", t.outcome, "")]:
                cells = (path.name, where, t.text, stage, decision, rule)
                typer.echo("\t".join(" ".join(c.split()) for c in cells))  # one line each


def _explain_table(path: Path, when: date, trace: list) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table("figure", "stage", "decision", "rule", title=f"{path.name} (published {when})")
    for t in trace:
        for i, (stage, decision, rule) in enumerate([*t.stages, ("outcome", t.outcome, "")]):
            figure = f"{t.text}\n@{t.span[0]}" if i == 0 else ""
            cells = (Text(figure), Text(stage), Text(decision), Text(rule))  # no markup
            table.add_row(*cells, end_section=stage == "outcome")
    console.print(table)


def _publication_date(doc, published: date | None) -> date:
    from de06metrics.extract import publication_date

    return publication_date(doc, published)


def _collect(call, done: list[_Done], failed: list[tuple[str, str]]) -> None:
    for r in call():
        if isinstance(r, _Done):
            done.append(r)
        else:
            failed.append(r)


def _summary(done: list[_Done]) -> None:
    from rich.table import Table

    if not done:
        return
    table = Table(
        "file",
        "source_id",
        "published",
        "candidates",
        "unmapped",
        "review file",
        title="Extraction",
    )
    for d in done:
        table.add_row(
            Path(d.path).name,
            d.source_id,
            f"{d.published} ({d.published_from})" if d.published_from else str(d.published),
            str(d.observations),
            str(d.unmapped),
            d.review,
        )
    console.print(table)
    for w in (w for d in done for w in d.warnings):
        err_console.print(f"[yellow]warning:[/] {w}")
    if len(done) <= 5:
        for d in done:
            if not d.rows:
                continue
            t = Table(
                "metric",
                "geo",
                "as written",
                "period end",
                "status",
                "conf.",
                title=f"Candidates: {Path(d.path).name}",
            )
            for r in d.rows:
                t.add_row(*r)
            console.print(t)


@app.command()
def accept(
    review_file: Path = typer.Argument(..., help="A reviewed `*.review.csv` file."),
    name: str | None = typer.Option(
        None, "--name", help="File name in data/raw/reported/ (default: extracted_<name>.csv)."
    ),
) -> None:
    """Validate reviewed rows and add them to data/raw/reported/ (manifest updated).

    Rows are checked as `de06 build` checks them (types, registries, pandera model, as-written
    figure vs numbers); any failure, or any row whose key (metric, geo, period, status, source)
    is already recorded, refuses the whole file. Nothing is written then.
    """
    from de06metrics.review import accept as accept_rows

    result = accept_rows(review_file, today=date.today(), name=name)
    rel = result.dest.relative_to(paths.raw_dir().parent.parent)
    console.print(f"accepted {result.rows} row(s) → {rel} (manifest updated)")
