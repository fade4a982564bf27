"""Benchmark of the Vietnamese quantity and date parsers (not a test: it prints, never asserts).

Builds a large list of distinct short phrases (qualifiers × numbers × scales × units × nouns,
numbers in words, dates, document numbers and other distractors), then measures in the same run:
- a bare `re` scan of the same phrases (one compiled digit regex, findall) — the baseline;
- the floor of any reader built on the parser's scanner: one scanner search and one result
  object per phrase, with no reading of the match (what pure Python costs before any logic);
- parse_quantity, find_quantities, parse_period;
- Duckling (`pyduckling-native-phihos`, a bench-only dependency, never imported by the library)
  with its Vietnamese locale (VI_XX) and the dimensions parse_quantity covers (number,
  amount-of-money, quantity, distance), on the first `--duckling` phrases of the same list, and
  parse_quantity and the floor on those same phrases in the same run: the ratio parse_quantity /
  Duckling (target ≥ 30×, issue #12) is printed with the floor's ratio beside it (the most any
  reader on this scanner could reach);
and prints phrases per second and each parser's time relative to the bare scan. Each timed run of
a row follows an untimed run of the same row over the same phrases (`--cold`: without), so no
row pays for the CPU caches the row before it left cold (after Duckling's runtime, a cold
parse_quantity ran 4–8% slower than a warm one in the same process).

Usage: .venv/bin/python bench/bench_parse.py [n_phrases] [rounds] [--duckling N] [--duck-rounds R]
       [--cold]
       (default 100000 3, Duckling on 2000 phrases, best of 9 rounds; --duckling 0 skips it)
Targets: ≥ 200,000 short phrases/s on one core for parse_quantity (issue #4); parse_quantity ≥
30× Duckling's phrases/s on the same phrases (issue #12).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time
from datetime import date

from de06metrics.dates import parse_period
from de06metrics.numbers import (
    _CTX_STRICT,
    Quantity,
    _new_quantity,
    find_quantities,
    format_vi,
    parse_quantity,
)

QUALS = ["", "hơn ", "gần ", "khoảng ", "trên ", "đạt ", "ít nhất ", "dưới ", "tăng ", "tăng hơn "]
SCALES = ["", " nghìn", " triệu", " tỷ", " nghìn tỷ"]
UNITS = ["", " đồng", "%", " USD"]
NOUNS = ["tài khoản", "thẻ CCCD", "hồ sơ", "giao dịch", "người dân", "địa phương", "lượt"]
WORDS = [
    "hai mươi mốt",
    "mười lăm",
    "một trăm linh năm",
    "ba triệu hai",
    "hai triệu rưỡi",
    "bốn mươi lăm nghìn",
]
DATES = [
    "tính đến ngày {d}/{m}/{y}",
    "quý {q}/{y}",
    "tháng {m}/{y}",
    "6 tháng đầu năm {y}",
    "9 tháng năm {y}",
    "trước ngày {d}/{m}",
    "cuối năm {y}",
    "từ ngày {d}/{m}/{y}",
]
DISTRACTORS = [
    "Quyết định số {n}/QĐ-TTg",
    "Nghị định {n}/{y}/NĐ-CP",
    "Đề án 06 của Chính phủ",
    "tài khoản mức 2",
    "hàng triệu người dân",
    "năm {y}",
]


def build(n: int, seed: int = 6) -> list[str]:
    """`n` distinct short phrases, about 70% figures, 15% dates, 15% distractors."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        r = rng.random()
        if r < 0.6:
            v = rng.choice([rng.randint(1, 999), rng.randint(1, 99_999_999), rng.random() * 100])
            num = format_vi(round(v, rng.choice([0, 1, 2])))
            unit = rng.choice(UNITS)
            scale = "" if unit == "%" else rng.choice(SCALES)
            phrase = f"{rng.choice(QUALS)}{num}{scale}{unit} {rng.choice(NOUNS)}"
        elif r < 0.7:
            phrase = f"{rng.choice(QUALS)}{rng.choice(WORDS)} {rng.choice(NOUNS)} {len(out)}"
        elif r < 0.85:
            phrase = rng.choice(DATES).format(
                d=rng.randint(1, 28),
                m=rng.randint(1, 12),
                y=rng.randint(2019, 2026),
                q=rng.choice(["I", "II", "III", "IV"]),
            )
            phrase += f" có {rng.randint(1, 999)} {rng.choice(NOUNS)}"
        else:
            template = rng.choice(DISTRACTORS)
            phrase = template.format(n=rng.randint(1, 3000), y=rng.randint(2019, 2026))
            phrase += f" {rng.choice(NOUNS)} {rng.randint(1, 999)}"
        out.add(phrase)
    return sorted(out, key=lambda _: rng.random())


def timed(fn, phrases: list[str], warm: bool = True) -> float:
    """CPU time of this process for one run of fn over all phrases (CPU time, not wall time, so
    other jobs on a shared machine disturb the figures less). With `warm`, an untimed run over
    the same phrases comes first: each row is timed in the state its own work leaves the CPU
    caches in, not the state the row before it left (Duckling's runtime, before parse_quantity,
    cost parse_quantity 4–8% when timed cold; `--cold` times that way)."""
    if warm:
        for p in phrases:
            fn(p)
    t0 = time.process_time()
    for p in phrases:
        fn(p)
    return time.process_time() - t0


def duckling_parser():
    """Duckling's parse of one phrase, with the Vietnamese locale; None when not installed."""
    try:
        import duckling
    except ImportError:
        return None
    tz = duckling.load_time_zones("/usr/share/zoneinfo")
    ref = duckling.parse_ref_time(tz, "Asia/Ho_Chi_Minh", 1714521600)  # 2024-05-01
    locale = duckling.default_locale_lang(duckling.parse_lang("VI"))
    context = duckling.Context(ref, locale)
    dims = duckling.parse_dimensions(["number", "amount-of-money", "quantity", "distance"])

    def parse(p: str) -> list:
        return duckling.parse(p, context, dims)

    return parse, locale.name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000, help="distinct phrases")
    ap.add_argument("rounds", nargs="?", type=int, default=3, help="timed rounds (best kept)")
    ap.add_argument("--duckling", type=int, default=2_000, help="phrases for Duckling (0: skip)")
    ap.add_argument(
        "--duck-rounds",
        type=int,
        default=9,
        help="timed rounds of the Duckling comparison (best kept; each of our rows takes a few "
        "ms on 2,000 phrases, so a single preemption on a busy machine skews one round)",
    )
    ap.add_argument(
        "--cold",
        action="store_true",
        help="time each row without an untimed run of the same row just before it (the protocol "
        "before session 5: a row then pays for the caches the row before it left)",
    )
    opts = ap.parse_args()
    warm = not opts.cold
    n, rounds, n_duck = opts.n, opts.rounds, opts.duckling
    phrases = build(n)
    digits = re.compile(r"\d+(?:[.,]\d+)*")

    def bare(p: str) -> list:
        return digits.findall(p)

    scan = _CTX_STRICT.scan

    def floor(p: str) -> Quantity | None:
        """The least any reader must do: lower-case, run the parser's own scanner once and
        build one result, with no reading of what was matched."""
        m = scan.search(p.lower())
        if m is None:
            return None
        return _new_quantity(
            0.0,
            None,
            "exact",
            None,
            None,
            "count",
            None,
            False,
            (),
            m.group(),
            m.span(),
            False,
            None,
        )

    ref = date(2024, 5, 2)
    rows = [
        ("bare re scan (findall)", bare),
        ("floor: scanner + result", floor),
        ("parse_quantity", parse_quantity),
        ("find_quantities", find_quantities),
        ("parse_period", lambda p: parse_period(p, reference=ref)),
    ]
    mean = sum(map(len, phrases)) / len(phrases)
    load0 = os.getloadavg()[0]
    print(f"{len(phrases):,} distinct phrases, mean {mean:.0f} chars; CPU time of this process,")
    print(f"best of {rounds} rounds, each round timing every row in turn (a load change hits all)")
    how = "cold (--cold)" if opts.cold else "after an untimed run of the same row"
    print(f"each timed run {how}")
    best = {name: float("inf") for name, _ in rows}
    for _ in range(rounds):
        for name, fn in rows:
            best[name] = min(best[name], timed(fn, phrases, warm))
    base = best[rows[0][0]]
    for name, _ in rows:
        t = best[name]
        print(f"{name:24s} {len(phrases) / t:12,.0f} phrases/s   {t / base:6.1f}× the bare re scan")
    duck = duckling_parser() if n_duck else None
    if duck is not None:
        parse_duck, locale = duck
        subset = phrases[:n_duck]
        parse_duck(subset[0])  # load the runtime before timing
        same = {"parse_quantity": parse_quantity, "floor": floor, "duckling": parse_duck}
        sub = {name: float("inf") for name in same}
        for _ in range(opts.duck_rounds):
            for name, fn in same.items():
                sub[name] = min(sub[name], timed(fn, subset, warm))
        rate = {name: len(subset) / t for name, t in sub.items()}
        print(f"on the first {len(subset):,} phrases, Duckling with locale {locale}:")
        for name in same:
            print(f"  {name:22s} {rate[name]:12,.0f} phrases/s")
        ratio = rate["parse_quantity"] / rate["duckling"]
        verdict = "met" if ratio >= 30 else "MISSED"
        print(f"  parse_quantity / Duckling: {ratio:8.1f}×  (target ≥ 30× … {verdict})")
        ceiling = rate["floor"] / rate["duckling"]
        print(f"  floor / Duckling:          {ceiling:8.1f}×  (the ceiling on this scanner)")
    elif n_duck:
        print("Duckling not installed (pip install '.[bench]'): no comparison")
    load1 = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    print(f"load average {load0:.2f} → {load1:.2f} on {cores} cores", end="")
    print(" (busy machine: compare the ratios, not phrases/s)" if max(load0, load1) > 1 else "")


if __name__ == "__main__":
    main()
