"""Score `de06 extract` on a corpus of documents with gold rows (e.g. ../shared/corpus).

    python bench/score_corpus.py [CORPUS_DIR] [--errors N] [--doc NAME]

Runs the extractor as a user would — `de06 extract FILE…` with no --published, so each
document's own publication date is found — then prints, per document and in total, figure and
full precision/recall/F1 and the unpaired rows counted by class (de06metrics.evaluate).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(corpus: Path, out: Path, docs: list[str]) -> str:
    """Run `de06 extract` on `docs` as a user would; its error output, if it failed."""
    exe = str(Path(sys.executable).with_name("de06"))
    cmd = [exe, "extract", *[str(corpus / d) for d in docs], "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    return proc.stderr if proc.returncode else ""


def run_given(corpus: Path, docs: list[str], given: dict[str, str]):
    """The extractor in this process, each document with its publication date given."""
    from datetime import date

    import polars as pl

    from de06metrics.evaluate import extracted_rows
    from de06metrics.extract import extract_document
    from de06metrics.text import read_document

    frames = []
    for d in docs:
        x = extract_document(
            read_document(corpus / d), published=date.fromisoformat(given[d]), source_id=d
        )
        frames.append(extracted_rows(x.observations, d))
    return pl.concat(frames)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--errors", type=int, default=0, help="print this many unpaired rows")
    ap.add_argument("--doc", default=None, help="only documents whose name contains this")
    ap.add_argument(
        "--given-dates",
        action="store_true",
        help="pass each document's publication date from docs.jsonl (scores the reading alone)",
    )
    args = ap.parse_args()
    import polars as pl

    from de06metrics.evaluate import load_extracted, load_gold, score
    from de06metrics.registry.load import load_registry

    corpus = Path(args.corpus)
    meta = [json.loads(line) for line in (corpus / "docs.jsonl").read_text().splitlines()]
    docs = [m["doc"] for m in meta]
    given = {m["doc"]: m["published"] for m in meta} if args.given_dates else None
    if args.doc:
        docs = [d for d in docs if args.doc in d]
    gold = load_gold(corpus / "gold.jsonl").filter(pl.col("doc").is_in(docs))
    if given:
        pred = run_given(corpus, docs, given)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            errors = run(corpus, Path(tmp), docs)
            if errors:
                print(errors[-3000:])
            pred = load_extracted(tmp, docs)
    reg = load_registry()
    stocks = set(reg.metrics.filter(pl.col("kind") == "stock")["key"].to_list())
    result = score(pred, gold, stocks)
    with pl.Config(tbl_rows=100, tbl_width_chars=120, float_precision=2):
        print(result.per_doc)
    t = result.totals()
    print(
        f"figure P/R/F1 {t['figure_precision']:.3f}/{t['figure_recall']:.3f}/"
        f"{t['figure_f1']:.3f}   full P/R/F1 {t['full_precision']:.3f}/"
        f"{t['full_recall']:.3f}/{t['full_f1']:.3f}   gold {t['gold']} extracted {t['extracted']}"
    )
    print("errors:", result.error_counts())
    if args.errors:
        with pl.Config(tbl_rows=args.errors, fmt_str_lengths=70, tbl_width_chars=200):
            print(result.errors.head(args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
