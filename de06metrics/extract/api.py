"""Article text → candidate observations with evidence, and every other number with a reason.

`extract_text(text, published=…, source_id=…)` returns an `Extraction`: `observations` (the
reported-figure columns of `schema.REPORTED_COLUMNS` plus `span_start`/`span_end` — the figure's
span in `Extraction.text` — and `confidence`) and `unmapped` (every number mention that did not
become an observation, with its span and a reason). Together they account for every mention.
Each observation's `note` names the rule that chose its metric, date, status and area
("metric: noun-after; date: in-sentence; status: no-cue; geo: default-vn"); `explain` shows each
stage's decision for every number of a text (`de06 extract FILE --explain`).

Many articles: `extract_texts` gives the same rows as `extract_text` one by one, with the frames
built once per batch (what `de06 extract` uses).

How the package reads (GUIDE.md §8 lists what went wrong with a keyword-window extractor):
`doc` scans the text once (figures, periods, areas, sentences); `carry` holds what one sentence
hands to the next; the pure rules in `resolve` decide a figure's metric, period, status and
area; `steps` pair and reclassify figures of one sentence and account for the whole document;
`reader` runs them. `vocabulary` and `patterns` are built once from the registry and the
lexicon. Each module's docstring states its rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

import polars as pl

from de06metrics.errors import De06Error
from de06metrics.extract.doc import Doc
from de06metrics.extract.reader import FigureTrace, read
from de06metrics.extract.vocabulary import Vocabulary, vocabulary
from de06metrics.registry import Registry, load_registry
from de06metrics.schema import REPORTED_COLUMNS
from de06metrics.text import Document, normalize_text

OBSERVATION_COLUMNS = (*REPORTED_COLUMNS, "span_start", "span_end", "confidence")
UNMAPPED_COLUMNS = (
    "source_id",
    "text",
    "span_start",
    "span_end",
    "reason",
    "metric",
    "value",
    "unit",
    "quote",
)
_NUMERIC = ("value", "lower", "upper", "denominator")
OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    c: (
        pl.Float64()
        if c in _NUMERIC or c == "confidence"
        else pl.Date()
        if c in ("period_start", "period_end")
        else pl.Int64()
        if c in ("span_start", "span_end")
        else pl.String()
    )
    for c in OBSERVATION_COLUMNS
}
UNMAPPED_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),
    "text": pl.String(),
    "span_start": pl.Int64(),
    "span_end": pl.Int64(),
    "reason": pl.String(),
    "metric": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "quote": pl.String(),
}
QUOTE_MAX_WORDS = 25


@dataclass(frozen=True)
class Extraction:
    """What one article gave: candidate observations, the unmapped mentions, the text they index."""

    observations: pl.DataFrame
    unmapped: pl.DataFrame
    text: str
    source_id: str
    published: date


def extract_text(
    text: str,
    *,
    published: date,
    source_id: str,
    registry: Registry | None = None,
    place: str | None = None,
) -> Extraction:
    """Candidate observations and unmapped mentions of one article (see the module docstring).

    `text` is normalized first (NFC, plain spaces); spans index `Extraction.text`. `place` is the
    document's own locality as its letterhead or dateline writes it ("Hà Tĩnh"): what "toàn
    tỉnh", "trên địa bàn" refer to when the text names no province before them.
    """
    vocab = vocabulary(registry or load_registry())
    text, obs, um = _extract_rows(text, published, source_id, vocab, place=place)
    return Extraction(
        _frame(obs, OBSERVATION_SCHEMA), _frame(um, UNMAPPED_SCHEMA), text, source_id, published
    )


def explain(
    text: str,
    *,
    published: date,
    source_id: str = "explain",
    registry: Registry | None = None,
    place: str | None = None,
) -> list[FigureTrace]:
    """Each number of `text`, in order, with every stage's decision and the rule that made it
    (number, metric, sentence steps, status, date, geo) and its outcome: a row, or unmapped with
    the reason. The rows are those `extract_text` gives; this only shows why."""
    vocab = vocabulary(registry or load_registry())
    trace: list[FigureTrace] = []
    _extract_rows(text, published, source_id, vocab, trace, place=place)
    return trace


def _extract_rows(
    text: str,
    published: date,
    source_id: str,
    vocab: Vocabulary,
    trace: list[FigureTrace] | None = None,
    place: str | None = None,
) -> tuple[str, list[dict], list[dict]]:
    """(normalized text, observation rows, unmapped rows) of one article."""
    if not isinstance(published, date):
        raise De06Error("a publication date is required", field="published")
    if not source_id:
        raise De06Error("a source id is required", field="source_id")
    text = normalize_text(text)
    obs, um = read(Doc(text, published, source_id, vocab, home=place), vocab, trace)
    return text, obs, um


@dataclass(frozen=True)
class Extractions:
    """What many articles gave: one frame of observations and one of unmapped mentions for all of
    them (each article's rows together, in input order); `x[i]` is article i's `Extraction`.

    Why: building two polars frames costs about as much as reading a short article, so a batch
    builds them once per `_BATCH` articles instead of once per article.
    """

    observations: pl.DataFrame
    unmapped: pl.DataFrame
    texts: tuple[str, ...]
    source_ids: tuple[str, ...]
    published: tuple[date, ...]
    observation_bounds: tuple[int, ...]  # article i's rows: [bounds[i], bounds[i + 1])
    unmapped_bounds: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Extraction:
        ob, ub = self.observation_bounds, self.unmapped_bounds
        return Extraction(
            self.observations.slice(ob[i], ob[i + 1] - ob[i]),
            self.unmapped.slice(ub[i], ub[i + 1] - ub[i]),
            self.texts[i],
            self.source_ids[i],
            self.published[i],
        )

    def __iter__(self) -> Iterator[Extraction]:
        return (self[i] for i in range(len(self)))


_BATCH = 1000  # articles per frame chunk: bounds the rows held as dicts, not the result


def extract_texts(
    articles: Iterable[tuple[str, date, str] | tuple[str, date, str, str | None]],
    *,
    registry: Registry | None = None,
) -> Extractions:
    """`extract_text` on many articles, given as (text, published, source_id[, place]): the same
    rows, with the frames built once per batch instead of once per article."""
    vocab = vocabulary(registry or load_registry())
    texts: list[str] = []
    sids: list[str] = []
    dates: list[date] = []
    obs_bounds, um_bounds = [0], [0]
    obs_frames: list[pl.DataFrame] = []
    um_frames: list[pl.DataFrame] = []
    obs_rows: list[dict] = []
    um_rows: list[dict] = []
    for text, published, source_id, *place in articles:
        norm, obs, um = _extract_rows(
            text, published, source_id, vocab, place=place[0] if place else None
        )
        texts.append(norm)
        sids.append(source_id)
        dates.append(published)
        obs_rows += obs
        um_rows += um
        obs_bounds.append(obs_bounds[-1] + len(obs))
        um_bounds.append(um_bounds[-1] + len(um))
        if len(texts) % _BATCH == 0:
            obs_frames.append(_frame(obs_rows, OBSERVATION_SCHEMA))
            um_frames.append(_frame(um_rows, UNMAPPED_SCHEMA))
            obs_rows, um_rows = [], []
    obs_frames.append(_frame(obs_rows, OBSERVATION_SCHEMA))
    um_frames.append(_frame(um_rows, UNMAPPED_SCHEMA))
    return Extractions(
        pl.concat(obs_frames, rechunk=False),
        pl.concat(um_frames, rechunk=False),
        tuple(texts),
        tuple(sids),
        tuple(dates),
        tuple(obs_bounds),
        tuple(um_bounds),
    )


def extract_document(
    doc: Document,
    *,
    published: date | None = None,
    source_id: str,
    registry: Registry | None = None,
) -> Extraction:
    """`extract_text` on a read document; the date comes from the argument or the document."""
    when = publication_date(doc, published)
    return extract_text(
        doc.text, published=when, source_id=source_id, registry=registry, place=doc.place
    )


def publication_date(doc: Document, published: date | None = None) -> date:
    """The date to extract `doc` with: `published` if given, else the document's own; a document
    without one is an error (never "today")."""
    return doc.require_published(published)


@cache
def _empty_frame(schema_id: int) -> pl.DataFrame:
    schema = OBSERVATION_SCHEMA if schema_id == 0 else UNMAPPED_SCHEMA
    return pl.DataFrame({c: [] for c in schema}, schema=schema)


def _frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows → a frame of `schema` (polars' row constructor is slow for no rows: a cached empty
    frame is cleared instead)."""
    if not rows:
        return _empty_frame(0 if schema is OBSERVATION_SCHEMA else 1).clear()
    return pl.from_dicts(rows, schema=schema)
