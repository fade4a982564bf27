"""The long fuzz run (`make fuzz`): ≥ 1M random strings through the parsers and the extractor.

tests/test_fuzz.py runs a few hundred hypothesis examples per property in the normal test run;
this script runs far more, in worker processes, with a reproducible seed. Each string is a mix of
random Unicode (any plane, no lone surrogates) and Vietnamese-looking fragments (qualifiers, scale
words, grouped digits, dates, document numbers; some in NFD, some upper-cased). Every string goes
through `numbers.find_quantities` (also with rejections and with English marks),
`numbers.parse_quantity`, `dates.find_periods`,
`dates.parse_period` and, when it exists, `extract.extract_text`. On the first exception it prints
the function, the input's repr and the traceback, and exits 1; otherwise it prints the throughput.

Usage: `.venv/bin/python bench/fuzz.py [--n 1000000] [--seed 0] [--jobs 2] [--keep-going]
[--no-extract]`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import traceback
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date

REFERENCE = date(2024, 5, 1)
CHUNK = 5_000
FRAGMENTS = (
    "hơn", "gần", "khoảng", "xấp xỉ", "trên", "dưới", "ít nhất", "tối đa", "trở lên", "đạt",
    "từ", "đến", "–", "-", "tăng", "giảm", "thêm", "so với", "cùng kỳ",
    "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "chục", "trăm", "rưỡi",
    "hai mươi mốt", "mười lăm", "một trăm linh năm", "lăm", "tư", "một nửa", "hai phần ba",
    "đồng", "VNĐ", "USD", "%", "phần trăm", "điểm phần trăm", "lần", "ha", "km", "tấn",
    "tài khoản định danh điện tử", "thẻ CCCD gắn chip", "hồ sơ", "sổ sức khỏe điện tử",
    "ngày", "tháng", "năm", "quý I/", "quý IV năm", "6 tháng đầu năm", "9 tháng năm",
    "cuối năm", "đến hết tháng", "tính đến ngày", "từ ngày", "năm nay", "năm ngoái",
    "Đề án 06", "Quyết định 06/QĐ-TTg", "Nghị định 59/2022/NĐ-CP", "mức 2", "hàng triệu",
    "TP.HCM", "Hà Nội", "tỉnh Bình Dương", "Tại tỉnh", "hotline 1900", "\n\n", "# ", "- ",
    "/", ".", ",", " ", "\n", "\u00a0", "(", ")", ":",
    "phẩy", "không trăm", "âm", "−", "trong số", "trong tổng số", "tr", "k", "\u2009",
    "\u202f", ";",
)  # fmt: skip


def random_string(rng: random.Random) -> str:
    """One fuzz input: fragments, numbers in every format, and arbitrary code points."""
    parts: list[str] = []
    for _ in range(rng.randint(0, 16)):
        r = rng.random()
        if r < 0.35:
            parts.append(rng.choice(FRAGMENTS))
        elif r < 0.5:
            digits = rng.randint(1, 30) if rng.random() < 0.98 else rng.randint(300, 1000)
            parts.append(str(rng.randint(0, 10**digits)))
        elif r < 0.7:
            head = str(rng.randint(0, 999)).zfill(rng.randint(1, 4))
            groups = "".join(
                rng.choice(".,") + f"{rng.randint(0, 999):03d}"
                for _ in range(rng.randint(0, 5) if rng.random() < 0.98 else rng.randint(100, 200))
            )
            parts.append(head + groups + rng.choice(("", "/", "%", ",5", "/53", "-", " đến ")))
        elif r < 0.85:
            parts.append("".join(rng.choice("0123456789.,/-% ") for _ in range(rng.randint(1, 12))))
        else:
            parts.append("".join(_code_point(rng) for _ in range(rng.randint(1, 8))))
        parts.append(rng.choice((" ", "", " ", "\n")))
    text = "".join(parts)
    r = rng.random()
    if r < 0.15:
        text = unicodedata.normalize("NFD", text)
    elif r < 0.2:
        text = text.upper()
    return text


def _code_point(rng: random.Random) -> str:
    while True:
        cp = rng.choice((rng.randint(0, 0x2FF), rng.randint(0, 0xFFFF), rng.randint(0, 0x10FFFF)))
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def _targets(with_extract: bool = True):
    from de06metrics.dates import find_periods, parse_period
    from de06metrics.numbers import find_quantities, parse_quantity

    targets = [
        ("numbers.find_quantities", find_quantities),
        ("numbers.parse_quantity", parse_quantity),
        ("numbers.find_quantities(rejections)", lambda t: find_quantities(t, rejections=True)),
        ("numbers.find_quantities(en)", lambda t: find_quantities(t, separators="en")),
        ("dates.find_periods", lambda t: find_periods(t, REFERENCE)),
        ("dates.parse_period", lambda t: parse_period(t, REFERENCE)),
    ]
    if not with_extract:
        return targets
    try:
        from de06metrics.extract import extract_text
    except ImportError:
        return targets
    targets.append(
        ("extract.extract_text", lambda t: extract_text(t, published=REFERENCE, source_id="fuzz"))
    )
    return targets


def run_chunk(
    seed: int, index: int, count: int, keep_going: bool = False, with_extract: bool = True
) -> tuple[int, int, list[dict]]:
    """Fuzz `count` strings of chunk `index`; return (strings, characters, failures).

    Without `keep_going` it stops at the first failure; with it, it keeps one (shrunk) input per
    distinct failure (function, exception type, raising line).
    """
    rng = random.Random(seed * 1_000_003 + index)
    targets = _targets(with_extract)
    chars = 0
    failures: dict[tuple, dict] = {}
    for i in range(count):
        text = random_string(rng)
        chars += len(text)
        for name, fn in targets:
            try:
                fn(text)
                continue
            except Exception as exc:
                error = exc
            where = traceback.extract_tb(error.__traceback__)[-1]
            key = (name, type(error).__name__, where.filename, where.lineno)
            if key not in failures:
                small = shrink(fn, text, type(error))
                failures[key] = {
                    "function": name,
                    "input": small,
                    "original": text,
                    "error": f"{type(error).__name__}: {error}",
                    "where": f"{where.filename}:{where.lineno}",
                    "traceback": _traceback_of(fn, small),
                }
            if not keep_going:
                return i, chars, list(failures.values())
    return count, chars, list(failures.values())


def shrink(fn, text: str, error: type[BaseException]) -> str:
    """A shorter input that still raises `error` (greedy removal of ever smaller slices)."""
    size = max(1, len(text) // 2)
    while size >= 1:
        i = 0
        while i < len(text):
            candidate = text[:i] + text[i + size :]
            try:
                fn(candidate)
            except error:
                text = candidate
                continue
            except Exception:
                pass
            i += size
        size //= 2
    return text


def _traceback_of(fn, text: str) -> str:
    try:
        fn(text)
    except Exception as exc:
        error = exc
    else:
        return "(no longer raises)"
    return "".join(traceback.format_exception(error))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="strings (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument(
        "--keep-going", action="store_true", help="collect every distinct failure, then exit 1"
    )
    parser.add_argument("--no-extract", action="store_true", help="fuzz the parsers only")
    args = parser.parse_args(argv)

    names = ", ".join(name for name, _ in _targets(not args.no_extract))
    print(f"fuzzing {args.n:,} strings (seed {args.seed}, {args.jobs} processes): {names}")
    chunks = [(i, min(CHUNK, args.n - i * CHUNK)) for i in range((args.n + CHUNK - 1) // CHUNK)]
    done = chars = 0
    found: dict[tuple, dict] = {}
    start = time.perf_counter()
    next_report = 100_000
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [
            pool.submit(run_chunk, args.seed, i, n, args.keep_going, not args.no_extract)
            for i, n in chunks
        ]
        for fut in as_completed(futures):
            n, c, failures = fut.result()
            done += n
            chars += c
            for f in failures:
                found.setdefault((f["function"], f["where"], f["error"].split(":")[0]), f)
            if failures and not args.keep_going:
                for f in futures:
                    f.cancel()
                _print_failures(list(found.values()), done)
                return 1
            if done >= next_report or done == args.n:
                elapsed = time.perf_counter() - start
                print(f"  {done:>10,} strings  {done / elapsed:>8,.0f}/s  {elapsed:>7.1f} s")
                next_report += 100_000
    elapsed = time.perf_counter() - start
    if found:
        _print_failures(list(found.values()), done)
        print(f"({done:,} strings in {elapsed:.1f} s: {done / elapsed:,.0f} strings/s)")
        return 1
    print(
        f"OK: {done:,} strings ({chars / 1e6:,.1f} M characters) in {elapsed:.1f} s: "
        f"{done / elapsed:,.0f} strings/s, {chars / elapsed / 1e6:.2f} M chars/s; no exception"
    )
    return 0


def _print_failures(failures: list[dict], done: int) -> None:
    print(f"\nFAILED: {len(failures)} distinct exception(s) after {done:,} strings")
    for f in failures:
        print(f"\n{f['function']} raised {f['error']} at {f['where']} on (shrunk)")
        print(f"  {f['input']!r}")
        print(f["traceback"].rstrip())


if __name__ == "__main__":
    sys.exit(main())
