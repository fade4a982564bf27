"""Article text → candidate observations with evidence, and every other number with a reason.

The public functions and frames live in `api` (its docstring says what they return); this
package splits the reader into one job per module: `patterns` (regexes and text helpers),
`vocabulary` (what is built once from the registry), `doc` (one scan per document), `carry`
(state handed from sentence to sentence), `resolve` (metric, period, status, geo rules),
`steps` (sentence and document steps), `reader` (the loop that runs them).
"""

from de06metrics.extract.api import (
    OBSERVATION_COLUMNS,
    OBSERVATION_SCHEMA,
    UNMAPPED_COLUMNS,
    UNMAPPED_SCHEMA,
    Extraction,
    Extractions,
    explain,
    extract_document,
    extract_text,
    extract_texts,
    publication_date,
)
from de06metrics.extract.patterns import mention_spans
from de06metrics.extract.reader import FigureTrace

__all__ = [
    "OBSERVATION_COLUMNS",
    "OBSERVATION_SCHEMA",
    "UNMAPPED_COLUMNS",
    "UNMAPPED_SCHEMA",
    "Extraction",
    "Extractions",
    "FigureTrace",
    "explain",
    "extract_document",
    "extract_text",
    "extract_texts",
    "mention_spans",
    "publication_date",
]
