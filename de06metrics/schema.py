"""The pandera models: one per table that crosses a module boundary.

The field descriptions double as the data dictionary (`de06 schema`). Checks that need the
registries (is this metric known? is the unit the metric's unit?) live in `validate.py`, which runs
these models and the registry checks together and turns every failure into one readable row.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

SCHEMA_VERSION = "1"

QUALIFIERS = ("exact", "more_than", "at_least", "nearly", "approx", "at_most", "less_than", "range")
LOWER_BOUND_QUALIFIERS = ("more_than", "at_least")
UPPER_BOUND_QUALIFIERS = ("nearly", "at_most", "less_than")
UNITS = (
    "count",
    "vnd",
    "usd",
    "percent",
    "percentage_point",
    "ha",
    "km",
    "tonne",
    "times",
    "none",
)
STATUSES = ("observation", "estimate", "target")
DATE_BASES = ("stated", "publication")
METRIC_KINDS = ("stock", "flow", "share")
SOURCE_KINDS = ("official_report", "government_portal", "press_quoting_officials", "other_press")
TARGET_QUALIFIERS = ("at_least", "at_most", "exact")
PROGRESS_STATUSES = (
    "achieved",
    "missed",
    "on_track",
    "moderate",
    "insufficient",
    "moving_away",
    "insufficient_data",
    "uncertain",
)

#: The columns of data/raw/reported/*.csv, in file order.
REPORTED_COLUMNS = (
    "source_id",
    "metric",
    "geo",
    "as_written",
    "value",
    "lower",
    "upper",
    "qualifier",
    "unit",
    "denominator",
    "period_start",
    "period_end",
    "date_basis",
    "status",
    "quote",
    "note",
)
REPORTED_REQUIRED = (
    "source_id",
    "metric",
    "geo",
    "as_written",
    "value",
    "qualifier",
    "unit",
    "period_end",
    "date_basis",
    "status",
    "quote",
)
#: The natural key of an observation: one figure per source for one metric, area and period.
NATURAL_KEY = ("metric", "geo", "period_start", "period_end", "status", "source_id")


def _bounds_follow_qualifier(lf: pl.LazyFrame) -> pl.LazyFrame:
    q, v, lo, up = pl.col("qualifier"), pl.col("value"), pl.col("lower"), pl.col("upper")
    ok = (
        pl.when(q.is_in(LOWER_BOUND_QUALIFIERS))
        .then((lo == v) & up.is_null())
        .when(q.is_in(UPPER_BOUND_QUALIFIERS))
        .then((up == v) & lo.is_null())
        .when(q == "range")
        .then((lo == v) & (up > v))
        .otherwise(lo.is_null() & up.is_null())
    )
    return lf.select(ok.fill_null(False).alias("bounds_follow_qualifier"))


class Observations(pa.DataFrameModel):
    """The long table: one reported figure for one metric, area and period, from one source."""

    metric: str = pa.Field(description="Metric key from the metrics registry.")
    geo: str = pa.Field(description="`VN` or an area code from the areas registry.")
    period_start: pl.Date = pa.Field(
        nullable=True, description="First day of the period for flows; empty for stocks."
    )
    period_end: pl.Date = pa.Field(
        description="Reference date: the day the figure describes (not the publication date)."
    )
    value: float = pa.Field(description="The stated number in base units (percent as a fraction).")
    lower: float = pa.Field(nullable=True, description="Lower bound implied by the qualifier.")
    upper: float = pa.Field(nullable=True, description="Upper bound implied by the qualifier.")
    qualifier: str = pa.Field(isin=QUALIFIERS, description="How the source bounds the figure.")
    unit: str = pa.Field(isin=UNITS, description="Unit of value/lower/upper; the metric's unit.")
    denominator: float = pa.Field(
        nullable=True, gt=0, description="Denominator of a reported ratio such as 38/53."
    )
    date_basis: str = pa.Field(
        isin=DATE_BASES,
        description="`stated` when the text gives the date; `publication` when it was inferred.",
    )
    status: str = pa.Field(isin=STATUSES, description="observation, estimate or target.")
    source_id: str = pa.Field(description="Source key from the sources registry.")
    published: pl.Date = pa.Field(description="Publication date of the source (its vintage).")
    as_written: str = pa.Field(str_length={"min_value": 1}, description="The figure as written.")
    quote: str = pa.Field(str_length={"min_value": 1}, description="Short phrase locating it.")
    note: str = pa.Field(nullable=True, description="Analyst's note.")
    source_file: str = pa.Field(description="Raw file the row came from.")
    source_row: pl.Int64 = pa.Field(ge=1, description="1-based data row in that file.")

    class Config:
        strict = True
        unique = list(NATURAL_KEY)

    @pa.dataframe_check(error="lower <= value <= upper where bounds exist")
    def bounds_contain_value(cls, data: pa.PolarsData) -> pl.LazyFrame:
        v, lo, up = pl.col("value"), pl.col("lower"), pl.col("upper")
        ok = (lo.is_null() | (lo <= v)) & (up.is_null() | (v <= up))
        return data.lazyframe.select(ok.alias("bounds_contain_value"))

    @pa.dataframe_check(error="bounds follow the qualifier (see docs/contract.md)")
    def bounds_follow_qualifier(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _bounds_follow_qualifier(data.lazyframe)

    @pa.dataframe_check(error="period_start <= period_end")
    def period_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        s, e = pl.col("period_start"), pl.col("period_end")
        return data.lazyframe.select((s.is_null() | (s <= e)).alias("period_ordered"))

    @pa.dataframe_check(error="an observation's reference date is not after its publication")
    def not_after_publication(cls, data: pa.PolarsData) -> pl.LazyFrame:
        ok = (pl.col("status") == "target") | (pl.col("period_end") <= pl.col("published"))
        return data.lazyframe.select(ok.alias("not_after_publication"))

    @pa.dataframe_check(error="percent values are fractions within [0, 1]")
    def percent_is_fraction(cls, data: pa.PolarsData) -> pl.LazyFrame:
        v = pl.col("value")
        ok = (pl.col("unit") != "percent") | ((v >= 0) & (v <= 1))
        return data.lazyframe.select(ok.alias("percent_is_fraction"))

    @pa.dataframe_check(error="levels are not negative (only percentage points may be)")
    def not_negative(cls, data: pa.PolarsData) -> pl.LazyFrame:
        ok = (pl.col("unit") == "percentage_point") | (pl.col("value") >= 0)
        return data.lazyframe.select(ok.alias("not_negative"))

    @pa.dataframe_check(error="a ratio's value is not above its denominator")
    def within_denominator(cls, data: pa.PolarsData) -> pl.LazyFrame:
        d = pl.col("denominator")
        return data.lazyframe.select((d.is_null() | (pl.col("value") <= d)).alias("ok"))


class Targets(pa.DataFrameModel):
    """Targets from the registry: what the programme committed to, by when. Never observations."""

    id: str = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$", description="Target key.")
    metric: str = pa.Field(description="Metric key from the metrics registry.")
    geo: str = pa.Field(description="`VN` or an area code.")
    value: float = pa.Field(ge=0, description="Target value in the metric's base unit.")
    qualifier: str = pa.Field(isin=TARGET_QUALIFIERS, description="at_least, at_most or exact.")
    unit: str = pa.Field(isin=UNITS, description="The metric's unit.")
    deadline: pl.Date = pa.Field(description="Date by which the target is to be met.")
    baseline_date: pl.Date = pa.Field(
        nullable=True, description="Start of the target period, when the document gives one."
    )
    source_id: str = pa.Field(description="Source key of the document setting the target.")
    citation: str = pa.Field(description="Document number and date.")
    quote: str = pa.Field(description="The phrase setting the target.")

    @pa.dataframe_check(error="percent targets are fractions within [0, 1]")
    def percent_is_fraction(cls, data: pa.PolarsData) -> pl.LazyFrame:
        v = pl.col("value")
        ok = (pl.col("unit") != "percent") | ((v >= 0) & (v <= 1))
        return data.lazyframe.select(ok.alias("percent_is_fraction"))

    class Config:
        strict = True


class Sources(pa.DataFrameModel):
    """Where figures come from, and how much to trust each."""

    id: str = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$", description="Source key.")
    publisher: str = pa.Field(description="Who published it.")
    title: str = pa.Field(description="Title of the document or article.")
    url: str = pa.Field(nullable=True, description="Where it can be read, when known.")
    published: pl.Date = pa.Field(description="Publication date.")
    published_basis: str = pa.Field(
        isin=("stated", "inferred"), description="Whether the date is stated or inferred."
    )
    kind: str = pa.Field(isin=SOURCE_KINDS, description="Kind of source; sets its default rank.")
    rank: pl.Int64 = pa.Field(ge=1, le=4, description="1 = official report … 4 = other press.")
    language: str = pa.Field(isin=("vi", "en"), description="Language of the source.")

    class Config:
        strict = True


class Metrics(pa.DataFrameModel):
    """The metrics registry: what each figure measures, and what it must not be merged with."""

    key: str = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$", description="Metric key.")
    label_vi: str = pa.Field(description="Vietnamese label.")
    label_en: str = pa.Field(description="English label.")
    unit: str = pa.Field(isin=UNITS, description="Unit of its values.")
    kind: str = pa.Field(isin=METRIC_KINDS, description="stock, flow or share.")
    definition: str = pa.Field(description="What exactly is counted.")
    aliases: pl.List(pl.String) = pa.Field(description="Phrases that name it in Vietnamese text.")
    do_not_merge: pl.List(pl.String) = pa.Field(description="Look-alike metric keys.")
    headline: bool = pa.Field(description="Shown in summaries and the trend report by default.")
    share_of: str = pa.Field(
        nullable=True,
        description="For a share: the count metric whose figure it usually sits beside "
        "('512.300 tài khoản (61%)'), so the share is read as this metric.",
    )
    amount_of: str = pa.Field(
        nullable=True,
        description="For money: the count metric whose total value it is ('432.000 lượt "
        "thanh toán trực tuyến, tổng giá trị trên 500 tỷ đồng'), so the amount is read as this "
        "metric.",
    )
    part_of: str = pa.Field(
        nullable=True,
        description="For a count that is part of another ('29,4 triệu hồ sơ, trong đó 24 "
        "triệu hồ sơ được nộp trực tuyến'): the whole's metric, so the total beside the part "
        "is read as it.",
    )
    local_variant: str = pa.Field(
        nullable=True,
        description="For a metric of the national portal or the country ('hồ sơ nộp trực "
        "tuyến' on the National Public Service Portal): the metric a province's figure of the "
        "same words reports (its own online dossiers), so a figure placed on a province is read "
        "as it.",
    )
    change_of: str = pa.Field(
        nullable=True,
        description="For a change: the metric whose change since a base date it records "
        "('tăng 72.944 người so với ngày 5/1/2024'); period_start is that base date.",
    )
    cumulative_from: pl.Date = pa.Field(
        nullable=True,
        description="For a stock: the day its count starts from; a total over a shorter window "
        "('từ đầu năm đến nay') is a flow of it, not a level.",
    )
    exists_from: pl.Date = pa.Field(
        nullable=True,
        description="The first day the thing counted exists (the new căn cước card from "
        "1/7/2024): a document published before it does not report this metric.",
    )

    class Config:
        strict = True


class Areas(pa.DataFrameModel):
    """The country and its provinces, with validity dates across the 2025 merger (63 → 34)."""

    code: str = pa.Field(unique=True, str_matches=r"^(VN|[a-z][a-z0-9_]*)$", description="Key.")
    name: str = pa.Field(description="Common Vietnamese name.")
    official_name: str = pa.Field(description="Official Vietnamese name.")
    name_en: str = pa.Field(description="English name.")
    level: str = pa.Field(isin=("country", "province"), description="country or province.")
    gso_code: str = pa.Field(nullable=True, description="Statistics office code.")
    valid_from: pl.Date = pa.Field(nullable=True, description="First day it existed.")
    valid_to: pl.Date = pa.Field(nullable=True, description="Last day it existed.")
    successor: str = pa.Field(nullable=True, description="Area it merged into.")
    aliases: pl.List(pl.String) = pa.Field(description="Names used in text.")

    class Config:
        strict = True


class CanonicalSeries(pa.DataFrameModel):
    """One chosen figure per (metric, geo, reference date), with why it was chosen."""

    metric: str
    geo: str
    period_start: pl.Date = pa.Field(nullable=True)
    period_end: pl.Date
    value: float
    lower: float = pa.Field(nullable=True)
    upper: float = pa.Field(nullable=True)
    qualifier: str = pa.Field(isin=QUALIFIERS)
    unit: str = pa.Field(isin=UNITS)
    denominator: float = pa.Field(nullable=True)
    status: str = pa.Field(isin=STATUSES, description="observation (or estimate when asked).")
    as_written: str = pa.Field(description="The chosen figure as its source writes it.")
    source_id: str
    published: pl.Date
    source_rank: pl.Int64 = pa.Field(ge=1, le=4)
    n_candidates: pl.Int64 = pa.Field(ge=1, description="Figures for the same key before choice.")
    conflict: bool = pa.Field(description="Some candidates disagree beyond their bounds.")
    reason: str = pa.Field(description="Why this candidate was chosen.")

    class Config:
        strict = True
        unique = ["metric", "geo", "period_start", "period_end"]


class Progress(pa.DataFrameModel):
    """One row per target: where the metric stands against it as of a date, and by what method.

    Rates are per month (30.4375 days); ratios are fractions (gap_closed 0.5 = half the gap).
    """

    target_id: str = pa.Field(unique=True)
    metric: str
    geo: str
    unit: str = pa.Field(nullable=True, description="The metric's unit.")
    target_qualifier: str = pa.Field(nullable=True, isin=TARGET_QUALIFIERS)
    target_value: float
    deadline: pl.Date
    baseline_date: pl.Date = pa.Field(nullable=True, description="Date of the baseline figure.")
    baseline_value: float = pa.Field(nullable=True)
    latest_date: pl.Date = pa.Field(nullable=True)
    latest_value: float = pa.Field(nullable=True)
    latest_lower: float = pa.Field(nullable=True, description="Stated lower bound, if any.")
    latest_upper: float = pa.Field(nullable=True, description="Stated upper bound, if any.")
    latest_as_written: str = pa.Field(nullable=True)
    latest_source_id: str = pa.Field(nullable=True)
    n_points: pl.Int64 = pa.Field(nullable=True, ge=0, description="Figures up to as_of.")
    gap_closed: float = pa.Field(nullable=True, description="(y_t − y_0) / (target − y_0).")
    time_elapsed: float = pa.Field(nullable=True, description="(t − t_0) / (deadline − t_0).")
    pace_ratio: float = pa.Field(nullable=True, description="gap_closed / time_elapsed.")
    cagr_ratio: float = pa.Field(nullable=True, description="Actual ÷ required annual growth.")
    required_run_rate: float = pa.Field(nullable=True, description="Per month, to the deadline.")
    recent_run_rate: float = pa.Field(nullable=True, description="Per month, last two figures.")
    projected_value: float = pa.Field(nullable=True, description="Fitted value at the deadline.")
    projected_date: pl.Date = pa.Field(nullable=True, description="When the fit reaches it.")
    status: str = pa.Field(isin=PROGRESS_STATUSES)
    achieved_on: pl.Date = pa.Field(nullable=True, description="First date at the target.")
    method: str = pa.Field(
        isin=("linear", "cagr", "first_date_at_target", "deadline_check", "none")
    )
    note: str = pa.Field(description="The verdict's notes in English (rendered from note_codes).")
    note_codes: str = pa.Field(
        nullable=True,
        required=False,
        description="The notes as JSON [{code, parameters}], translated when shown (present).",
    )
    as_of: pl.Date = pa.Field(nullable=True, description="Data vintage the row was computed at.")

    class Config:
        strict = False


class DerivedSeries(pa.DataFrameModel):
    """Series computed from observed figures (ratios, shares, increments, run rates). Never an
    observation: every row is marked derived and carries its formula and inputs."""

    name: str = pa.Field(description="Derived series key, e.g. vneid_activation_rate.")
    metric: str = pa.Field(description="The metric it is computed from (numerator for ratios).")
    geo: str
    period_start: pl.Date = pa.Field(nullable=True, description="Start of an interval measure.")
    period_end: pl.Date = pa.Field(description="Reference date (end of the interval).")
    value: float
    lower: float = pa.Field(nullable=True)
    upper: float = pa.Field(nullable=True)
    unit: str = pa.Field(description="percent for ratios/shares; <unit>/month for run rates.")
    formula: str = pa.Field(description="How it was computed.")
    inputs: str = pa.Field(description="Source ids of the figures used.")
    derived: bool = pa.Field(isin=[True], description="Always true.")

    class Config:
        strict = True


def frame_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """The polars column types of a model, in its column order: for building an (empty) frame
    that the model will accept, without writing the columns out a second time."""
    return {name: column.dtype.type for name, column in model.to_schema().columns.items()}
