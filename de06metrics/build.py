"""raw → validated long table: `data/clean/observations.parquet` (+ .csv), `targets.parquet`.

A build is all or nothing. Every failure in every file is found in one pass (typing, registry
references, the pandera model, and agreement between each figure's as-written text and its numeric
columns) and reported at once; failing rows go to `data/clean/_quarantine/`; the previous good
outputs stay untouched. Outputs are written atomically and deterministically (sorted rows, no
timestamps), so the same inputs give the same bytes and an unchanged input is a no-op.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from de06metrics import __version__, paths, raw
from de06metrics.buildstate import METADATA, checked_input_hash, output_paths, recorded
from de06metrics.errors import De06Error
from de06metrics.io import (
    FileSet,
    atomic_write_bytes,
    csv_bytes,
    sha256_file,
)
from de06metrics.lexicon import in_vietnamese
from de06metrics.lock import project_lock
from de06metrics.numbers import parse_quantity
from de06metrics.registry import Registry, load_registry
from de06metrics.reported import ReportedRows, read_reported, read_reported_file
from de06metrics.schema import (
    NATURAL_KEY,
    REPORTED_COLUMNS,
    SCHEMA_VERSION,
    STATUSES,
    Observations,
)
from de06metrics.validate import (
    De06ValidationError,
    failures_frame,
    run_model,
    without_uniqueness,
)

if TYPE_CHECKING:
    import pandera.polars as pa

SORT_KEY = ("metric", "geo", "period_end", "period_start", "status", "source_id", "source_row")


#: Rows checked at once. The build holds its input, a sort order (4 bytes a row) and one slice of
#: this many rows, never a second copy of the whole table. The writer's slices (and the parquet
#: file's row groups) are a quarter as long: it holds two at once, as texts (2M rows: peak 858 ->
#: 638 MiB against 500,000-row slices).
SLICE_ROWS = 500_000


@dataclass
class BuildResult:
    status: str  # "built" | "up_to_date"
    outputs: dict[str, Path]
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    @cached_property
    def observations(self) -> pl.DataFrame:
        """The long table as data/clean/ holds it, read on first use (the build writes it slice
        by slice and never holds it whole)."""
        return pl.read_parquet(self.outputs["observations.parquet"])


@dataclass(frozen=True)
class Assembled:
    """Checked rows: the typed input, the order to write it in, and every failure found."""

    rows: pl.DataFrame  # typed reported rows, in input order
    order: pl.Series  # positions in `rows`, in SORT_KEY order (for writing when no failures)
    failures: pl.DataFrame  # file, row, column, rule, value


def assemble(frame: pl.DataFrame, registry: Registry, *, today: date) -> Assembled:
    """Typed reported rows → their output order and every failure, without copying the table.

    Row-wise checks (the pandera model, registries, as-written) run slice by slice on the rows as
    observations; the natural key's uniqueness, the one check that spans rows, is read off the
    sort that orders the output anyway: equal keys end up side by side.
    """
    keys = _sorted_keys(frame, registry)
    parts = [_duplicate_key_failures(frame, keys)]
    order = keys["_row"]
    del keys  # only the order is kept from here on
    model = _on_codes(without_uniqueness(Observations), frame)
    parts += [
        _slice_failures(_observed(part, registry), model, registry, today=today)
        for part in _slices(frame)
    ]
    return Assembled(frame, order, pl.concat(parts))


def observations(rows: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Typed reported rows → observations: the model's columns, with each source's `published`."""
    return _observed(rows, registry).with_columns(pl.col(pl.Categorical).cast(pl.String))


def _observed(rows: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """`observations` with the reader's categorical codes kept as codes (what the checks read:
    turning them into texts costs more than the checks themselves)."""
    sources = registry.sources
    published = pl.col("source_id").replace_strict(
        sources["id"], sources["published"], default=None, return_dtype=pl.Date
    )
    return rows.with_columns(published.alias("published")).select(
        list(Observations.to_schema().columns)
    )


def _on_codes(model: pa.DataFrameSchema, frame: pl.DataFrame) -> pa.DataFrameSchema:
    """`model` checking the columns `frame` holds as categorical codes as such: every check is
    the same (membership, nulls, the row checks compare the codes' texts), and so is every
    failure it reports."""
    codes = [c for c, t in frame.schema.items() if t == pl.Categorical and c in model.columns]
    return model.update_columns({c: {"dtype": pl.Categorical} for c in codes})


def _slices(rows: pl.DataFrame | pl.Series, size: int | None = None) -> Iterator:
    """Zero-copy slices of `size` (`SLICE_ROWS`) rows (one empty slice when there are none)."""
    size = size or SLICE_ROWS
    for start in range(0, max(len(rows), 1), size):
        yield rows.slice(start, size)


def _write_rows() -> int:
    """Rows the writer gathers, turns into texts and writes at once (a parquet row group)."""
    return max(1, SLICE_ROWS // 4)


def _slice_failures(
    obs: pl.DataFrame, model: pa.DataFrameSchema, registry: Registry, *, today: date
) -> pl.DataFrame:
    """Every failure of the row-wise checks in a slice of observations."""
    return pl.concat(
        [
            run_model(model, obs, files=obs["source_file"], rows=obs["source_row"]),
            registry_failures(obs, registry, today=today),
            as_written_failures(obs, english_sources(registry)),
        ]
    )


def english_sources(registry: Registry) -> frozenset[str]:
    """The sources written in English: their figures are read the English way."""
    return frozenset(registry.sources.filter(pl.col("language") == "en")["id"])


def _sorted_keys(frame: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Each row's position (`_row`) in SORT_KEY order, beside its natural key as codes, and
    whether the registries know its key texts (`_known`; the others already fail).

    The key is one 64-bit number when its parts fit in one (registry-sized codes and the dates'
    range: any real table), which sorts in a fraction of the time and memory of the four
    columns of `_sort_keys` (10M rows: the checks' peak 340 -> 244 MiB above the rows); else
    those columns.
    """
    packed = _packed_key(frame, registry)
    if packed is None:
        return _sort_keys(frame, registry).sort(list(_SORT_CODES), nulls_last=False)
    # Computed slice by slice (its 64-bit intermediates never span the table) and sorted by
    # numpy: a stable sort of the bare numbers, ~200 MB less than polars' at 10M rows.
    key = np.empty(frame.height, dtype=np.uint64)
    for start, part in zip(range(0, frame.height, SLICE_ROWS), _slices(frame), strict=False):
        key[start : start + part.height] = part.select((packed + 1).fill_null(0)).to_series()
    order = np.argsort(key, kind="stable")
    key = pl.Series("key", key[order])  # 0: a key text the registries do not know
    order = pl.Series("_row", order, dtype=pl.UInt32)
    return pl.DataFrame({"_row": order, "key": key, "_known": key != 0})


#: Bits a packed natural key may use (an unsigned 64-bit integer).
_PACKED_BITS = 64


def _packed_key(frame: pl.DataFrame, registry: Registry) -> pl.Expr | None:
    """The natural key as one number whose order is `_SORT_CODES`' order (mixed radix: metric
    and geo, period_end, period_start, status and source; a missing date below any date), null
    where the registries do not know a key text; None when it does not fit in `_PACKED_BITS`."""
    cats = {column: sorted(set(values)) for column, values in _key_categories(registry).items()}
    code = {
        column: pl.col(column).cast(pl.Enum(values), strict=False).to_physical().cast(pl.UInt64)
        for column, values in cats.items()
    }
    spans = frame.select(
        *(pl.col(c).cast(pl.Int64).min().alias(f"{c}_min") for c in ("period_end", "period_start")),
        *(pl.col(c).cast(pl.Int64).max().alias(f"{c}_max") for c in ("period_end", "period_start")),
    ).row(0, named=True)
    digits = []  # (expression, radix): each date as 0 when missing, else 1 + days from the first
    for c in ("period_end", "period_start"):
        first, last = spans[f"{c}_min"], spans[f"{c}_max"]
        first = 0 if first is None else first
        radix = 1 if last is None else last - first + 2
        day = (pl.col(c).cast(pl.Int64) - first + 1).fill_null(0).cast(pl.UInt64)
        digits.append((day, radix))
    (end, n_end), (start, n_start) = digits
    n_metric_geo = len(cats["metric"]) * len(cats["geo"])
    n_status_source = len(cats["status"]) * len(cats["source_id"])
    if n_metric_geo * n_end * n_start * n_status_source >= 2**_PACKED_BITS:  # (+1: not known)
        return None
    metric_geo = code["metric"] * len(cats["geo"]) + code["geo"]
    status_source = code["status"] * len(cats["source_id"]) + code["source_id"]
    return ((metric_geo * n_end + end) * n_start + start) * n_status_source + status_source


def _sort_keys(frame: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """The natural key as narrow integer columns (`_SORT_CODES`), with each row's position.

    Each key text becomes its rank among the registry's values in text order, and the pairs
    (metric, geo) and (status, source_id) are packed into one number each, so sorting the codes
    sorts the texts, at a fraction of the cost and memory. A row with a text the registry does
    not know (it already fails the registry checks) gets null codes and `_known` false.
    """
    cats = {column: sorted(set(values)) for column, values in _key_categories(registry).items()}
    code = {
        column: pl.col(column).cast(pl.Enum(values), strict=False).to_physical().cast(pl.UInt32)
        for column, values in cats.items()
    }
    return frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
        (code["metric"] * len(cats["geo"]) + code["geo"]).alias("metric_geo"),
        "period_end",
        "period_start",
        (code["status"] * len(cats["source_id"]) + code["source_id"]).alias("status_source"),
        pl.all_horizontal([c.is_not_null() for c in code.values()]).alias("_known"),
    )


#: SORT_KEY as `_sort_keys` encodes it: the natural key. SORT_KEY's last column, `source_row`,
#: never decides the order of a table that is written: its natural keys are unique.
_SORT_CODES = ("metric_geo", "period_end", "period_start", "status_source")


def _key_categories(registry: Registry) -> dict[str, list[str]]:
    return {
        "metric": registry.metrics["key"].to_list(),
        "geo": registry.areas["code"].to_list(),
        "status": list(STATUSES),
        "source_id": registry.sources["id"].to_list(),
    }


def _duplicate_key_failures(frame: pl.DataFrame, sorted_keys: pl.DataFrame) -> pl.DataFrame:
    """Every row whose natural key another row shares (both rows are named).

    Among rows whose key texts the registries know, equal keys are adjacent in `sorted_keys`;
    the few other rows (already failing) are compared by their texts.
    """
    codes = [c for c in sorted_keys.columns if c not in ("_row", "_known")]
    same = pl.all_horizontal([pl.col(c).eq_missing(pl.col(c).shift(1)) for c in codes])
    # (rows whose texts the registries do not know never sit between two equal known keys)
    known = pl.col("_known") & pl.col("_known").shift(1, fill_value=False)
    same = same & (pl.int_range(pl.len()) > 0) & known
    repeated = sorted_keys.select("_row", same.alias("same"))
    rows = repeated.filter(pl.col("same") | pl.col("same").shift(-1, fill_value=False))["_row"]
    unknown = sorted_keys.filter(~pl.col("_known"))["_row"]
    key = list(NATURAL_KEY)
    if unknown.len():
        twins = frame[unknown].select(key).is_duplicated()
        rows = pl.concat([rows, unknown.filter(twins)])
    value = pl.struct(key).struct.json_encode()
    return _failure_rows(frame[rows.sort()], "(row)", "multiple_fields_uniqueness", value)


def registry_failures(obs: pl.DataFrame, registry: Registry, *, today: date) -> pl.DataFrame:
    """Rows naming things the registries do not know, or in the future."""
    units = registry.metric_units
    codes = set(registry.areas["code"])
    sources = set(registry.sources["id"])
    checks = [
        ("metric", ~pl.col("metric").is_in(list(units)), "metric is in the metrics registry"),
        ("geo", ~pl.col("geo").is_in(list(codes)), "area is in the areas registry"),
        ("source_id", ~pl.col("source_id").is_in(list(sources)), "source is in sources.yaml"),
        (
            "unit",
            pl.col("metric").is_in(list(units))
            & (
                pl.col("unit").cast(pl.String)
                != pl.col("metric").cast(pl.String).replace_strict(units, default=None)
            ),
            "unit is the metric's unit",
        ),
        (
            "period_end",
            (pl.col("status") != "target") & (pl.col("period_end") > pl.lit(today)),
            "reference date is not in the future",
        ),
        ("published", pl.col("published") > pl.lit(today), "source is not published in the future"),
    ]
    parts = [
        _failure_rows(obs.filter(bad.fill_null(False)), column, rule)
        for column, bad, rule in checks
    ]
    return pl.concat(parts)


def as_written_failures(obs: pl.DataFrame, english: frozenset[str] = frozenset()) -> pl.DataFrame:
    """Rows whose numeric columns disagree with what their as-written figure says.

    Plain texts are read vectorized and the rest once per distinct text; the comparison itself
    is vectorized. The build calls this on slices of the table, so the intermediate columns of
    the check never hold more than a slice. Figures of the sources in `english` are written the
    English way ("over 62 million", "538,563"): their words are put in Vietnamese
    (`lexicon.in_vietnamese`) and read with English digit grouping.
    """
    rows = obs.select("source_file", "source_row", "source_id", "as_written", *_COMPARED).filter(
        pl.col("as_written").is_not_null()
    )
    rows = rows.with_columns(pl.col("qualifier", "unit", "source_id").cast(pl.String))
    parsed = _parsed_figures(rows["as_written"]).drop("as_written")
    in_english = rows["source_id"].is_in(list(english)) if english else None
    if in_english is not None and in_english.any():
        texts = rows.filter(in_english)["as_written"].unique()
        read = _parse_each(texts, separators="en")
        parsed = parsed.with_columns(
            pl.when(in_english)
            .then(
                rows["as_written"].replace_strict(
                    read["as_written"], read[name], default=None, return_dtype=dtype
                )
            )
            .otherwise(pl.col(name))
            .alias(name)
            for name, dtype in _PARSED_SCHEMA.items()
            if name != "as_written"
        )
    rows = pl.concat([rows.drop("source_id"), parsed], how="horizontal")
    differs = {column: _differs(column) for column in _COMPARED}
    # Nearly every row agrees: find the few that do not with one pass, then say why.
    rows = rows.filter(~pl.col("readable") | pl.any_horizontal(list(differs.values())))
    unreadable = rows.filter(pl.col("readable").not_())
    parts = [_failure_rows(unreadable, "as_written", "as_written is a readable figure")]
    rows = rows.filter(pl.col("readable"))
    for column, differ in differs.items():
        rule = pl.format(
            "{} agrees with as_written (parsed: {})",
            pl.lit(column),
            pl.col(f"parsed_{column}").cast(pl.String).fill_null("empty"),
        )
        parts.append(_failure_rows(rows.filter(differ), column, rule))
    return pl.concat(parts)


def _differs(column: str) -> pl.Expr:
    """`column` disagrees with its reading `parsed_<column>` (figures: beyond rounding)."""
    a, b = pl.col(column), pl.col(f"parsed_{column}")
    if column in ("qualifier", "unit"):
        return a.ne_missing(b)
    close = (a - b).abs() <= 1e-9 * pl.max_horizontal(a.abs(), b.abs()) + 1e-12
    return (a.is_null() != b.is_null()) | (a.is_not_null() & ~close.fill_null(True))


_COMPARED = ("value", "lower", "upper", "qualifier", "unit", "denominator")


# The as-written check parses every distinct figure text, and a large table has about as many
# distinct texts as rows. Most are a few plain shapes ("hơn 1.234.567", "gần 54 triệu",
# "12,9 nghìn tỷ đồng", "14,02%"), so those are recognised by one vectorized regex match and read
# with plain string operations (no capture groups: capturing costs more than the rest of the
# check); every other text goes through `numbers.parse_quantity`. A property test checks that both
# readings agree on the plain shapes, so this is a fast path, not a second parser with its own
# rules.
_PLAIN_QUALIFIERS = {
    "hơn": "more_than",
    "trên": "more_than",
    "gần": "nearly",
    "khoảng": "approx",
    "đạt": "exact",
}
_PLAIN_SCALES = {"nghìn tỷ": 1e12, "nghìn": 1e3, "triệu": 1e6, "tỷ": 1e9}


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_PLAIN_FIGURE = (
    rf"^(?:(?:{_alternation(_PLAIN_QUALIFIERS)}) )?"
    r"(?:[1-9]\d{0,2}(?:\.\d{3})*"  # 86 | 1.234.567
    rf"|[1-9]\d{{0,2}}(?:,\d{{1,2}})? (?:{_alternation(_PLAIN_SCALES)})"  # 12,9 tỷ
    r"|\d{1,2}(?:,\d{1,2})?%)"  # 14,02%
    r"(?: đồng)?$"
)
#: Every character that can follow the digits of a plain figure (scale words, " ", "%").
_FIGURE_TAIL = "".join(sorted({*" %", *"".join(_PLAIN_SCALES)}))
_PARSED_SCHEMA = {
    "as_written": pl.String,
    "readable": pl.Boolean,
    "parsed_value": pl.Float64,
    "parsed_lower": pl.Float64,
    "parsed_upper": pl.Float64,
    "parsed_qualifier": pl.String,
    "parsed_unit": pl.String,
    "parsed_denominator": pl.Float64,
}


def _parsed_figures(texts: pl.Series) -> pl.DataFrame:
    """What each as-written text means (columns `parsed_*`), row-aligned with `texts`."""
    text = pl.col("as_written")
    qualifier = pl.lit("exact")
    for word, meaning in _PLAIN_QUALIFIERS.items():
        qualifier = (
            pl.when(text.str.starts_with(f"{word} ")).then(pl.lit(meaning)).otherwise(qualifier)
        )
    # Each step is a column, computed once: the expressions below read them several times.
    df = pl.DataFrame({"as_written": texts}, schema={"as_written": pl.String}).with_columns(
        text.str.contains(_PLAIN_FIGURE).alias("plain"),
        qualifier.alias("qualifier"),
        text.str.ends_with(" đồng").alias("dong"),
        # without its qualifier and "đồng": "1.234.567", "12,9 nghìn tỷ" or "14,02%"
        text.str.replace(rf"^(?:{_alternation(_PLAIN_QUALIFIERS)}) ", "")
        .str.strip_suffix(" đồng")
        .alias("figure"),
    )
    figure = pl.col("figure")
    scale = pl.lit(1.0)
    for word, factor in sorted(_PLAIN_SCALES.items(), key=lambda kv: len(kv[0])):
        scale = pl.when(figure.str.ends_with(f" {word}")).then(factor).otherwise(scale)
    number = (  # the digits before the scale word or "%": "1.234.567" → 1234567, "12,9" → 12.9
        figure.str.strip_chars_end(_FIGURE_TAIL)
        .str.replace_all(".", "", literal=True)
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )
    df = df.with_columns(figure.str.ends_with("%").alias("percent"), number.alias("number"))
    percent, number = pl.col("percent"), pl.col("number")
    df = df.with_columns(
        pl.when(percent).then(number / 100).otherwise(number * scale).alias("value")
    )
    plain, qualifier, value = pl.col("plain"), pl.col("qualifier"), pl.col("value")
    unit = (
        pl.when(percent)
        .then(pl.lit("percent"))
        .when(pl.col("dong"))
        .then(pl.lit("vnd"))
        .otherwise(pl.lit("count"))
    )
    fast = {
        "readable": pl.lit(True),
        "parsed_value": value,
        "parsed_lower": pl.when(qualifier == "more_than").then(value),
        "parsed_upper": pl.when(qualifier == "nearly").then(value),
        "parsed_qualifier": qualifier,
        "parsed_unit": unit,
        "parsed_denominator": pl.lit(None, pl.Float64),
    }
    others = df.filter(~plain)["as_written"].unique()
    if others.is_empty():
        columns = fast
    else:  # texts of other shapes: the parser's reading, looked up by text
        slow = _parse_each(others)
        columns = {
            name: pl.when(plain)
            .then(expr)
            .otherwise(
                pl.col("as_written").replace_strict(
                    slow["as_written"], slow[name], default=None, return_dtype=_PARSED_SCHEMA[name]
                )
            )
            for name, expr in fast.items()
        }
    return df.select(
        "as_written",
        *(expr.cast(_PARSED_SCHEMA[name]).alias(name) for name, expr in columns.items()),
    )


def _parse_each(texts: pl.Series, separators: str = "vi") -> pl.DataFrame:
    """`numbers.parse_quantity` on each text: the reference reading (an English text's words
    put in Vietnamese first)."""
    cols: dict[str, list] = {name: [] for name in _PARSED_SCHEMA}
    for text in texts:
        q = parse_quantity(
            text if separators == "vi" else in_vietnamese(text), separators=separators
        )
        cols["as_written"].append(text)
        cols["readable"].append(q is not None)
        cols["parsed_value"].append(q.value if q else None)
        cols["parsed_lower"].append(q.lower if q else None)
        cols["parsed_upper"].append(q.upper if q else None)
        cols["parsed_qualifier"].append(q.qualifier if q else None)
        cols["parsed_unit"].append(("count" if q.unit == "none" else q.unit) if q else None)
        cols["parsed_denominator"].append(q.denominator if q else None)
    return pl.DataFrame(cols, schema=_PARSED_SCHEMA)


def _failure_rows(
    bad: pl.DataFrame, column: str, rule: str | pl.Expr, value: pl.Expr | None = None
) -> pl.DataFrame:
    """One failure per row of `bad`: its file and row, `column`, `rule` and the value shown
    (by default the row's value in `column`)."""
    rule_expr = pl.lit(rule) if isinstance(rule, str) else rule
    return bad.select(
        pl.col("source_file").alias("file"),
        pl.col("source_row").alias("row"),
        pl.lit(column).alias("column"),
        rule_expr.alias("rule"),
        (pl.col(column) if value is None else value).cast(pl.String).alias("value"),
    ).cast(failures_frame([]).schema)


def validate_rows(rows: ReportedRows, registry: Registry, *, today: date) -> Assembled:
    """Read rows → their output order and every failure (typing, registries, model, as-written).

    Rows that could not even be typed are reported once, for their typing problem, and kept out
    of the later checks so one bad cell does not cascade into a page of failures.
    """
    typed_ok = rows.frame
    if rows.failures.height:  # (an anti-join copies the whole table: only when needed)
        file_type = typed_ok.schema["source_file"]
        typed_ok = typed_ok.join(
            rows.failures.select(
                pl.col("file").cast(file_type).alias("source_file"),
                pl.col("row").alias("source_row"),
            ),
            on=["source_file", "source_row"],
            how="anti",
        )
    checked = assemble(typed_ok, registry, today=today)
    failures = pl.concat([rows.failures, checked.failures]).unique(maintain_order=True)
    return Assembled(checked.rows, checked.order, failures)


def validate_addition(
    path: Path,
    *,
    today: date,
    root: Path | None = None,
    registry: Registry | None = None,
    label: str | None = None,
) -> ReportedRows:
    """Validate a reported file about to enter data/raw/reported/, together with the files already
    there (a figure recorded twice across files is a failure), and return its rows.

    A file of the same name already in data/raw/reported/ is the one being replaced, so it is left
    out. Raises `De06ValidationError` listing every failure.
    """
    name = label or f"reported/{path.name}"
    new = read_reported_file(path, label=name)
    others = [p for p in sorted(paths.reported_dir(root).glob("*.csv")) if p.name != path.name]
    existing = read_reported(others, root=paths.raw_dir(root))
    both = ReportedRows(
        pl.concat([existing.frame, new.frame], how="vertical_relaxed"),
        None,
        pl.concat([existing.failures, new.failures]),
        new.warnings,
        {**existing.files, **new.files},
    )
    failures = validate_rows(both, registry or load_registry(), today=today).failures
    if failures.height:
        raise De06ValidationError(f"{name} was not added", failures.sort("file", "row"))
    return new


def build(
    root: Path | None = None,
    *,
    today: date,
    force: bool = False,
    registry_dir: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Rebuild data/clean/ from data/raw/ (no-op when nothing changed, unless `force`).

    Holds the project lock throughout: a concurrent `raw add`, `accept` or build waits.
    """
    with project_lock("build", root):
        return _build(root, today=today, force=force, registry_dir=registry_dir, on_step=on_step)


def _build(
    root: Path | None,
    *,
    today: date,
    force: bool,
    registry_dir: Path | None,
    on_step: Callable[[str], None] | None,
) -> BuildResult:
    step = on_step or (lambda _msg: None)
    clean = paths.clean_dir(root)
    step("verifying data/raw against its manifest")
    digest = checked_input_hash(root, registry_dir)
    meta = None if force else recorded(clean, digest)
    if meta is not None:
        return BuildResult("up_to_date", output_paths(clean), [], meta)
    step("loading the registries")
    registry = load_registry(registry_dir)
    step("reading reported figures")
    files = sorted(paths.reported_dir(root).glob("*.csv"))
    if not files:
        raise De06Error("no reported figures found", file=str(paths.reported_dir(root)))
    rows = read_reported(files, root=paths.raw_dir(root))
    meta = {
        "schema_version": SCHEMA_VERSION,
        "package_version": __version__,
        "input_hash": digest,
        "inputs": raw.read_manifest(root),
    }
    meta = build_rows(rows, registry, today=today, root=root, meta=meta, on_step=step)
    warnings = list(rows.warnings)
    n = meta["rows"]["observations"]
    if n > SPREADSHEET_ROWS:
        warnings.append(
            f"observations.csv not written: {n:,} rows exceed a spreadsheet's "
            f"{SPREADSHEET_ROWS + 1:,}-row limit (use observations.parquet)"
        )
    return BuildResult("built", output_paths(clean), warnings, meta)


def build_rows(
    rows: ReportedRows,
    registry: Registry,
    *,
    today: date,
    root: Path | None = None,
    meta: dict,
    on_step: Callable[[str], None] | None = None,
) -> dict:
    """What a build does once the raw files are read: check every row, then either write
    data/clean/ (all of it, atomically) and return its build.json, or quarantine the failing
    rows, leave data/clean/ as it was, and raise `De06ValidationError`."""
    step = on_step or (lambda _msg: None)
    step("validating")
    checked = validate_rows(rows, registry, today=today)
    if checked.failures.height:
        _quarantine(rows, checked.failures, paths.quarantine_dir(root))
        raise De06ValidationError(
            "the build found invalid rows", checked.failures.sort("file", "row")
        )
    step("writing data/clean")
    counts = {"observations": checked.rows.height, "targets": registry.targets.height}
    meta = _write_outputs(paths.clean_dir(root), checked, registry, {**meta, "rows": counts})
    _clear_quarantine(paths.quarantine_dir(root))
    return meta


#: observations.csv is for opening in a spreadsheet; past a spreadsheet's row limit nobody can,
#: and writing it would cost more than the rest of the build, so only parquet is written then.
SPREADSHEET_ROWS = 1_048_575


def _write_outputs(clean: Path, checked: Assembled, registry: Registry, meta: dict) -> dict:
    """Write the outputs and build.json as one set (all old or all new, even after SIGKILL).

    Files are written straight to disk, the observations slice by slice in SORT_KEY order, and
    hashed from disk; the writers are deterministic for the same rows.
    """
    with FileSet(clean) as files:
        _write_observations(files, checked, registry)
        registry.targets.sort("id").write_parquet(
            files.new("targets.parquet"), compression="zstd", statistics=True
        )
        meta = {**meta, "outputs": {name: sha256_file(p) for name, p in files.temps.items()}}
        text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
        files.new(METADATA).write_text(text, encoding="utf-8")
        files.commit()
    if "observations.csv" not in meta["outputs"]:
        (clean / "observations.csv").unlink(missing_ok=True)  # never a stale CSV beside new data
    return meta


#: Columns whose values repeat (registry keys, the model's vocabularies, dates, file names): stored
#: as dictionaries. The others (figures, free texts, row numbers) hardly repeat, and trying a
#: dictionary on them costs time for nothing.
_REPEATING = (
    "metric",
    "geo",
    "period_start",
    "period_end",
    "qualifier",
    "unit",
    "date_basis",
    "status",
    "source_id",
    "published",
    "source_file",
)
#: Free-text columns: min/max statistics on them would help no reader filter anything.
_FREE_TEXT = ("as_written", "quote", "note")


def _write_observations(files: FileSet, checked: Assembled, registry: Registry) -> None:
    """Write the observations in SORT_KEY order, one gathered slice at a time.

    Writing a slice (compression, in pyarrow, which frees the GIL) overlaps with gathering the
    next one; at most one slice waits, so memory stays at two slices (of `_write_rows()`).
    """
    out = _ObservationFiles(files, with_csv=checked.rows.height <= SPREADSHEET_ROWS)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:  # one writer: slices stay in order
            written = None
            for order in _slices(checked.order, _write_rows()):
                part = observations(checked.rows[order], registry)
                if written is not None:
                    written.result()
                written = pool.submit(out.write, part)
            written.result()
    finally:
        out.close()


class _ObservationFiles:
    """observations.parquet (one row group per written slice) and, below a spreadsheet's row limit,
    observations.csv, written slice after slice.

    The parquet file carries no arrow schema (`store_schema=False`): its plain parquet types read
    back as the contract's dtypes in any reader, and the slices are handed to pyarrow as string
    views, without a copy.
    """

    def __init__(self, files: FileSet, *, with_csv: bool) -> None:
        self.parquet_path = files.new("observations.parquet")
        self.csv = open(files.new("observations.csv"), "wb") if with_csv else None  # noqa: SIM115
        self.parquet: pq.ParquetWriter | None = None

    def write(self, part: pl.DataFrame) -> None:
        table = part.to_arrow(compat_level=pl.CompatLevel.newest())
        first = self.parquet is None
        if self.parquet is None:
            self.parquet = pq.ParquetWriter(
                self.parquet_path,
                table.schema,
                compression="zstd",
                use_dictionary=list(_REPEATING),
                write_statistics=[c for c in table.column_names if c not in _FREE_TEXT],
                store_schema=False,
            )
        self.parquet.write_table(table, row_group_size=_write_rows())
        if self.csv is not None:
            part.write_csv(self.csv, include_header=first)

    def close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
        if self.csv is not None:
            self.csv.close()


def _quarantine(rows: ReportedRows, failures: pl.DataFrame, directory: Path) -> None:
    """Write each failing row, as its file holds it, with its reasons, to the quarantine."""
    reasons = (
        failures.filter(pl.col("row").is_not_null())
        .group_by("file", "row")
        .agg(pl.format("{}: {}", "column", "rule").str.join("; ").alias("reason"))
    )
    keys = reasons.select(pl.col("file").alias("source_file"), pl.col("row").alias("source_row"))
    bad = (
        rows.text_of(keys)
        .join(reasons, left_on=["source_file", "source_row"], right_on=["file", "row"], how="inner")
        .sort("source_file", "source_row")
    )
    for (file,), part in bad.group_by("source_file", maintain_order=True):
        name = Path(str(file)).name
        out = part.select(*REPORTED_COLUMNS, "source_row", "reason")
        atomic_write_bytes(directory / name, csv_bytes(out))


def _clear_quarantine(directory: Path) -> None:
    if directory.exists():
        for p in directory.glob("*.csv"):
            p.unlink()
