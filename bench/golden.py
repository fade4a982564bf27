"""Behaviour-regression snapshots: what each reading layer returns on ~6,600 fixed inputs.

A change to the readers should change only the outputs it means to change. This tool gathers a
fixed set of inputs, runs each layer on every one, writes one JSONL file per layer, and compares
two such snapshots input by input.

Inputs (all generated at fixed seeds, so two runs on the same code give identical files):
- 430 articles from bench/bench_extract.py's generator (seed 6);
- the fixture articles in tests/fixtures/articles (read as `de06 extract` reads files);
- the seed articles in ../shared/seeds when that directory exists (its absence is recorded in
  `meta.json`, so two snapshots taken with and without it are not compared blindly);
- 1,200 strings from bench/fuzz.py's generator (seed 0);
- each of these also in NFD, upper case, and with its diacritics stripped (`lexicon.fold`).

Layers:
- `quantities`: `numbers.find_quantities(text)`;
- `rejections`: `numbers.find_quantities(text, rejections=True)`'s rejected numbers, when the
  installed `numbers` has that keyword;
- `periods`: `dates.find_periods(text, REFERENCE)`;
- `rows`: `extract.extract_text(text, published=PUBLISHED, source_id="golden")`, observation and
  unmapped rows.
An exception is recorded as the layer's output for that input (`{"error": "..."}`), never raised.

Usage:
    .venv/bin/python bench/golden.py snapshot --out DIR [--layer quantities ...] [--inputs BASE]
`--inputs BASE` reads the inputs stored in an earlier snapshot (e.g. /work/coord/golden_base)
instead of generating them: always use it to compare with that snapshot, since the generators
(bench_extract.py, fuzz.py) may change.
    .venv/bin/python bench/golden.py compare OLD NEW [--layer quantities] [--show 20]
`compare` prints, per layer, how many inputs are identical, changed, or missing on one side,
then the first N changed inputs with the items only in OLD (-) and only in NEW (+), each with
the text around its span; `--ignore FIELD` leaves a new field (periods' `rule`) out.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import json
import os
import random
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REFERENCE = date(2024, 5, 1)
PUBLISHED = date(2024, 12, 31)
ARTICLES = 430
FUZZ = 1200
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
LAYERS = ("quantities", "rejections", "periods", "rows")


# --------------------------------------------------------------------------------------------
# Inputs


def _base_inputs() -> Iterator[tuple[str, str]]:
    import bench_extract
    import fuzz

    from de06metrics.text import read_document

    for i, text in enumerate(bench_extract.corpus(0, 6, ARTICLES)):
        yield f"bench/{i:04d}", text
    for p in sorted(FIXTURES.iterdir()):
        if p.suffix != ".csv":
            yield f"fixture/{p.name}", read_document(p).text
    if SEEDS.is_dir():
        for p in sorted(SEEDS.iterdir()):
            if p.is_file():
                yield f"seed/{p.name}", read_document(p).text
    rng = random.Random(0)
    for i in range(FUZZ):
        yield f"fuzz/{i:04d}", fuzz.random_string(rng)


def inputs() -> list[tuple[str, str]]:
    """(id, text) of every input: each base input as is, in NFD, upper-cased and folded."""
    from de06metrics.lexicon import fold

    out: list[tuple[str, str]] = []
    for key, text in _base_inputs():
        nfc = unicodedata.normalize("NFC", text)
        out.append((key, text))
        out.append((f"{key}/nfd", unicodedata.normalize("NFD", text)))
        out.append((f"{key}/upper", text.upper()))
        out.append((f"{key}/folded", fold(nfc)))
    return out


# --------------------------------------------------------------------------------------------
# Layers


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return "nan"
    return value


def _layer_functions(wanted: tuple[str, ...]) -> dict[str, Callable[[str], list]]:
    numbers = importlib.import_module("de06metrics.numbers")
    fns: dict[str, Callable[[str], list]] = {}
    if "quantities" in wanted:
        fns["quantities"] = lambda t: [_plain(q) for q in numbers.find_quantities(t)]
    if "rejections" in wanted:
        params = inspect.signature(numbers.find_quantities).parameters
        if "rejections" in params:

            def rejected(t: str) -> list:
                found = numbers.find_quantities(t, rejections=True)
                return [_plain(r) for r in getattr(found, "rejected", ())]

            fns["rejections"] = rejected
    if "periods" in wanted:
        dates = importlib.import_module("de06metrics.dates")
        fns["periods"] = lambda t: [_plain(p) for p in dates.find_periods(t, REFERENCE)]
    if "rows" in wanted:
        extract = importlib.import_module("de06metrics.extract")
        from de06metrics.registry import load_registry

        registry = load_registry()

        def rows(t: str) -> list:
            x = extract.extract_text(t, published=PUBLISHED, source_id="golden", registry=registry)
            out = [{"kind": "observation", **_plain(r)} for r in x.observations.to_dicts()]
            return out + [{"kind": "unmapped", **_plain(r)} for r in x.unmapped.to_dicts()]

        fns["rows"] = rows
    return fns


def snapshot(out: Path, wanted: tuple[str, ...], from_inputs: Path | None = None) -> None:
    """Write `inputs.jsonl`, `meta.json` and one `<layer>.jsonl` per layer into `out`.

    `from_inputs` (an earlier snapshot's inputs.jsonl) reads the very same inputs again, so a
    change to the generators (bench_extract.py, fuzz.py) cannot pass for a change of behaviour.
    """
    out.mkdir(parents=True, exist_ok=True)
    if from_inputs is not None:
        if from_inputs.is_dir():
            from_inputs = from_inputs / "inputs.jsonl"
        items = list(_read_jsonl(from_inputs).items())
    else:
        items = inputs()
    _write_jsonl(out / "inputs.jsonl", ({"id": k, "text": t} for k, t in items))
    fns = _layer_functions(wanted)
    meta = {
        "inputs": len(items),
        "inputs_from": str(from_inputs) if from_inputs else "generated",
        "seeds_present": SEEDS.is_dir(),
        "reference": REFERENCE.isoformat(),
        "published": PUBLISHED.isoformat(),
        "layers": sorted(fns),
        "skipped_layers": sorted(set(wanted) - set(fns)),
        **_git_state(),
    }
    for name, fn in fns.items():
        t0 = time.perf_counter()
        errors = 0

        def records(fn=fn) -> Iterator[dict]:
            nonlocal errors
            for key, text in items:
                try:
                    got: Any = fn(text)
                except Exception as exc:  # recorded: a new exception is a behaviour change
                    errors += 1
                    got = {"error": f"{type(exc).__name__}: {exc}"}
                yield {"id": key, "out": got}

        _write_jsonl(out / f"{name}.jsonl", records())
        print(f"{name:11s}: {len(items)} inputs, {errors} errors, {time.perf_counter() - t0:.1f} s")
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    if meta["skipped_layers"]:
        print(f"skipped (not supported by this code): {', '.join(meta['skipped_layers'])}")


def _git_state() -> dict[str, Any]:
    """The commit and the uncommitted files the snapshot was taken on (others edit the tree)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.rstrip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    dirty = [ln[3:] for ln in git("status", "--porcelain").splitlines() if ln.strip()]
    return {"commit": git("rev-parse", "HEAD").strip(), "uncommitted": dirty}


def _write_jsonl(path: Path, records) -> None:
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    os.replace(tmp, path)


# --------------------------------------------------------------------------------------------
# Compare


def _read_jsonl(path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out[r["id"]] = r.get("out", r.get("text"))
    return out


_IGNORED: set[str] = set()


def _canon(item: Any) -> str:
    if _IGNORED and isinstance(item, dict):
        item = {k: v for k, v in item.items() if k not in _IGNORED}
    elif _IGNORED and isinstance(item, list):
        item = [
            {k: v for k, v in x.items() if k not in _IGNORED} if isinstance(x, dict) else x
            for x in item
        ]
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _context(texts: dict[str, str], key: str, item: Any) -> str:
    text = texts.get(key, "")
    span = item.get("span") if isinstance(item, dict) else None
    if not span or not text:
        return ""
    s, e = span
    return repr(text[max(0, s - 40) : s] + "⟦" + text[s:e] + "⟧" + text[e : e + 40])


def _short(item: Any) -> str:
    if not isinstance(item, dict):
        return _canon(item)
    keep = {k: v for k, v in item.items() if v not in (None, False, (), [], "") or k == "value"}
    return _canon(keep)


def compare(
    old: Path, new: Path, layers: tuple[str, ...], show: int, only: str = "", skip: str = ""
) -> int:
    """Print per-layer counts and the first `show` differing inputs (those whose id contains
    `only` and not `skip`, when given); return the number changed."""
    texts = _read_jsonl(new / "inputs.jsonl") if (new / "inputs.jsonl").exists() else {}
    if (old / "inputs.jsonl").exists() and texts:
        old_texts = _read_jsonl(old / "inputs.jsonl")
        differ = sum(1 for k, t in texts.items() if old_texts.get(k) != t)
        if differ:
            print(
                f"WARNING: {differ} inputs differ between the snapshots (the generators changed):"
                " take the new one with --inputs OLD to compare behaviour on the same texts"
            )
    changed_total = 0
    for name in layers:
        a, b = old / f"{name}.jsonl", new / f"{name}.jsonl"
        if not (a.exists() and b.exists()):
            print(f"{name}: not in both snapshots ({'old' if not a.exists() else 'new'} lacks it)")
            continue
        ra, rb = _read_jsonl(a), _read_jsonl(b)
        only_a = sorted(set(ra) - set(rb))
        only_b = sorted(set(rb) - set(ra))
        changed = [k for k in ra if k in rb and _canon(ra[k]) != _canon(rb[k])]
        shown = [k for k in changed if only in k and not (skip and skip in k)]
        n_items_a = sum(len(v) for v in ra.values() if isinstance(v, list))
        n_items_b = sum(len(v) for v in rb.values() if isinstance(v, list))
        print(
            f"{name}: {len(ra)} / {len(rb)} inputs, {len(changed)} changed, "
            f"{len(only_a)} only in old, {len(only_b)} only in new; "
            f"items {n_items_a} → {n_items_b}"
        )
        changed_total += len(changed) + len(only_a) + len(only_b)
        if only or skip:
            print(f"  {len(shown)} of them with ids matching --only/--skip")
        for key in shown[:show]:
            va, vb = ra[key], rb[key]
            print(f"  {key}")
            if not (isinstance(va, list) and isinstance(vb, list)):
                print(f"    - {_short(va)}\n    + {_short(vb)}")
                continue
            ca, cb = [_canon(x) for x in va], [_canon(x) for x in vb]
            for x, c in zip(va, ca, strict=True):
                if c not in cb:
                    print(f"    - {_short(x)}  {_context(texts, key, x)}")
            for x, c in zip(vb, cb, strict=True):
                if c not in ca:
                    print(f"    + {_short(x)}  {_context(texts, key, x)}")
        if len(shown) > show:
            print(f"  … and {len(shown) - show} more")
    return changed_total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="run the layers on every input and write DIR")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--layer", action="append", choices=LAYERS, help="default: every layer")
    s.add_argument(
        "--inputs",
        type=Path,
        help="read the inputs of this earlier snapshot (DIR or DIR/inputs.jsonl) instead of "
        "generating them (recommended: the generators may change)",
    )
    c = sub.add_parser("compare", help="compare two snapshot directories")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--layer", action="append", choices=LAYERS, help="default: every layer")
    c.add_argument("--show", type=int, default=20, help="differing inputs to print per layer")
    c.add_argument("--only", default="", help="print only inputs whose id contains this")
    c.add_argument("--skip", default="", help="print no input whose id contains this")
    c.add_argument(
        "--ignore",
        action="append",
        default=[],
        help="a field left out of the comparison (a new field such as periods' 'rule')",
    )
    args = ap.parse_args(argv)
    layers = tuple(args.layer or LAYERS)
    if args.cmd == "snapshot":
        snapshot(args.out, layers, args.inputs)
        return 0
    _IGNORED.update(args.ignore)
    compare(args.old, args.new, layers, args.show, args.only, args.skip)
    return 0


if __name__ == "__main__":
    sys.exit(main())
