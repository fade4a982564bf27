"""Extraction throughput (MB/s) beside a bare regex scan of the same text, in the same run.

Usage: .venv/bin/python bench/bench_extract.py [--mb 4 | --articles 100000] [--jobs N] [--seed 6]
       [--per-article]

The corpus is generated: the hand-written fixture articles (tests/fixtures/articles) plus
articles assembled from prose sentences and templates with random figures, dates, provinces,
document numbers, changes and targets — about one number token per 175 bytes, as in the seed
articles (real progress reports). A fixture article reused in a generated one gets new figures,
years and provinces each time, so no two articles are the same (nothing can be memoized).

Printed:
- bare scan: one compiled regex (`\\d+(?:[.,]\\d+)*`) over every article, collecting each match's
  span — the least any extractor must do to see every number;
- extract, 1 core: `extract_texts` on every article, the batch entry point `de06 extract` uses
  (registry and lexicon loaded before timing); with --per-article also `extract_text` called once
  per article (the same rows; two polars frames built per article);
- the ratio of the two (target ≥ 25%), and issue 12's target as a share of the same bare scan
  (twice its baseline: 1.93 MB/s beside a 66.6 MB/s bare scan, so ≥ 5.8%);
- the parts on their own over the same articles, so the cost of each is visible: text
  normalization + segmentation, `find_quantities` (also with rejections, as the extractor runs
  it), `find_periods`, and the whole document scan (`Doc`: all of these and the province
  names, before any figure is resolved): extraction can be no faster than that line;
- the load average when the run started and ended (the machine may be shared: ratios measured in
  the same run stay comparable, absolute MB/s do not). Every single-process figure is CPU time of
  this process, and the bare scan the faster of one pass before the extraction and one after
  it (each as cold as the baseline's single pass; one wall-clock pass moved the ratio by 2× at
  load 4);
- with --jobs N: `de06 extract`'s process pool over the articles written as files, against the
  same work on one process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from de06metrics.dates import find_periods  # noqa: E402
from de06metrics.extract import extract_document, extract_text, extract_texts  # noqa: E402
from de06metrics.extract.doc import Doc  # noqa: E402
from de06metrics.extract.vocabulary import vocabulary  # noqa: E402
from de06metrics.numbers import find_quantities  # noqa: E402
from de06metrics.registry import load_registry  # noqa: E402
from de06metrics.text import normalize_text, read_document, segment  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
PROVINCES = ["Hà Nội", "TP.HCM", "Đà Nẵng", "Cần Thơ", "Nghệ An", "Thanh Hóa", "Bắc Ninh"]
BARE = re.compile(r"\d+(?:[.,]\d+)*")
# Issue 12's baseline: session 2's single-core extraction and the bare scan of the same run.
BASELINE_MBS, BASELINE_BARE_MBS = 1.93, 66.6

TEMPLATES = [
    "Tính đến ngày {d}/{m}/{y}, Bộ Công an đã cấp {big} thẻ căn cước công dân gắn chip.",
    "Cổng Dịch vụ công quốc gia đã có gần {a},{b} triệu tài khoản và hơn {c},{b} triệu hồ sơ "
    "được nộp.",
    "Gần {a},{b} triệu giao dịch thanh toán trực tuyến đã được thực hiện với số tiền hơn "
    "{c},{b} nghìn tỷ đồng.",
    "Tại {prov}, đã kích hoạt {small} tài khoản định danh điện tử, tăng {tiny} tài khoản "
    "({pct}%) so với tháng {m}/{y}.",
    "Theo Quyết định số {doc}/QĐ-TTg ngày {d}/{m}/{y}, các địa phương triển khai {tiny2} nhóm "
    "nhiệm vụ của Đề án 06 giai đoạn 2022-2025.",
    "Phấn đấu đến cuối năm {y2}, có trên {a} triệu người dân sử dụng Sổ sức khỏe điện tử và "
    "100% cơ sở y tế tham gia.",
    "Người dân cần hỗ trợ có thể gọi đường dây nóng 1900 {tiny3} hoặc liên hệ công an nơi cư trú.",
    "Các bộ, ngành, địa phương tiếp tục đẩy mạnh cải cách thủ tục hành chính, số hóa hồ sơ và "
    "nâng cao chất lượng phục vụ người dân, doanh nghiệp trên môi trường điện tử.",
    "Thủ tướng yêu cầu người đứng đầu các cơ quan, đơn vị quyết liệt hơn nữa, bảo đảm tiến độ, "
    "chất lượng và hiệu quả thực chất của các nhiệm vụ được giao.",
    "Hơn {a},{b} tỷ yêu cầu xác thực thông tin đã được tiếp nhận; {small} hồ sơ trực tuyến được "
    "hướng dẫn tại {tiny2} điểm bưu điện.",
    "6 tháng đầu năm {y}, hàng triệu lượt người dân đã sử dụng các tiện ích trên ứng dụng VNeID.",
]
PROSE = [
    "Các bộ, ngành, địa phương tiếp tục đẩy mạnh cải cách thủ tục hành chính, số hóa hồ sơ và "
    "nâng cao chất lượng phục vụ người dân, doanh nghiệp trên môi trường điện tử.",
    "Thủ tướng yêu cầu người đứng đầu các cơ quan, đơn vị quyết liệt hơn nữa, bảo đảm tiến độ, "
    "chất lượng và hiệu quả thực chất của các nhiệm vụ được giao.",
    "Việc kết nối, chia sẻ dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với các cơ sở dữ liệu "
    "chuyên ngành giúp giảm giấy tờ, tiết kiệm thời gian và chi phí cho người dân.",
    "Đại diện Bộ Công an cho biết sẽ tiếp tục phối hợp chặt chẽ với các bộ, ngành để tháo gỡ khó "
    "khăn, vướng mắc về thể chế, hạ tầng và nguồn nhân lực trong thời gian tới.",
    "Người dân có thể sử dụng ứng dụng VNeID để khai báo lưu trú, tố giác tội phạm, đăng ký tạm "
    "trú và nhận thông báo từ cơ quan chức năng mà không phải đến trực tiếp trụ sở.",
    "Nhiều địa phương đã chủ động tổ chức tổ công tác cộng đồng, đến từng khu dân cư để hướng "
    "dẫn người cao tuổi cài đặt, kích hoạt và sử dụng các tiện ích số.",
]


def _fill(rng: random.Random, t: str) -> str:
    return t.format(
        d=rng.randint(1, 28),
        m=rng.randint(1, 12),
        y=rng.choice([2022, 2023, 2024]),
        y2=rng.choice([2025, 2026]),
        big=f"{rng.randint(50, 99)}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d}",
        small=f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}",
        tiny=f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}",
        tiny2=rng.randint(2, 60),
        tiny3=f"{rng.randint(1000, 9999)}",
        pct=f"{rng.randint(1, 40)},{rng.randint(0, 99):02d}",
        a=rng.randint(2, 90),
        b=rng.randint(1, 9),
        c=rng.randint(2, 90),
        doc=rng.randint(1, 2000),
        prov=rng.choice(PROVINCES),
    )


_FIGURE = re.compile(r"\d{3,}(?:[.,]\d+)*|\d+(?:[.,]\d+)+")
_YEAR = re.compile(r"(?<!\d)20[12]\d(?!\d)")
_DOT_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.20\d\d")
_PROVINCE = re.compile("|".join(re.escape(p) for p in PROVINCES))


def _vary(rng: random.Random, text: str) -> str:
    """A fixture article with new figures (same shape), years and provinces: reused text must
    not repeat verbatim, or a cache could fake speed."""

    def figure(m: re.Match) -> str:
        tok = m.group()
        if _YEAR.fullmatch(tok) or _DOT_DATE.fullmatch(tok):  # a year, or a date "1.7.2024"
            return _YEAR.sub(lambda _: str(rng.randint(2021, 2025)), tok)
        return "".join(
            str(rng.randint(1 if i == 0 else 0, 9)) if c.isdigit() else c for i, c in enumerate(tok)
        )

    text = _FIGURE.sub(figure, text)
    return _PROVINCE.sub(lambda m: rng.choice(PROVINCES), text)


def corpus(mb: float, seed: int, articles: int = 0) -> list[str]:
    """Articles of 1–4 KB: `articles` of them, or else until about `mb` megabytes (UTF-8)."""
    rng = random.Random(seed)
    base = [read_document(p).text for p in sorted(FIXTURES.iterdir()) if p.suffix != ".csv"]
    out: list[str] = []
    size = 0
    while (len(out) < articles) if articles else (size < mb * 1e6):
        paras = []
        if rng.random() < 0.3:
            paras.append(_vary(rng, rng.choice(base)))
        for _ in range(rng.randint(2, 6)):
            sents = [
                _fill(rng, rng.choice(TEMPLATES)) if rng.random() < 0.35 else rng.choice(PROSE)
                for _ in range(rng.randint(2, 6))
            ]
            paras.append(" ".join(sents))
        art = "\n\n".join(paras)
        out.append(art)
        size += len(art.encode("utf-8"))
    return out


def bare_scan(texts: list[str]) -> int:
    n = 0
    for t in texts:
        spans = [m.span() for m in BARE.finditer(t)]
        n += len(spans)
    return n


def extract_all(texts: list[str], registry) -> int:
    """`extract_texts` over every article (the batch entry point `de06 extract` uses)."""
    x = extract_texts(((t, date(2024, 12, 31), "bench") for t in texts), registry=registry)
    return x.observations.height + x.unmapped.height


def extract_each(texts: list[str], registry) -> int:
    """`extract_text` on each article on its own (two frames built per article)."""
    n = 0
    for t in texts:
        x = extract_text(t, published=date(2024, 12, 31), source_id="bench", registry=registry)
        n += x.observations.height + x.unmapped.height
    return n


def _extract_file(path: str) -> int:
    doc = read_document(path)
    x = extract_document(doc, published=date(2024, 12, 31), source_id="bench")
    return x.observations.height


def _warm() -> None:
    extract_text("Có 5 thẻ CCCD.", published=date(2024, 1, 1), source_id="w")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="corpus size in MB")
    ap.add_argument(
        "--articles", type=int, default=0, help="corpus size in articles (overrides --mb)"
    )
    ap.add_argument("--jobs", type=int, default=0, help="also time a process pool of N workers")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument(
        "--per-article",
        action="store_true",
        help="also time `extract_text` called once per article (frames built per article)",
    )
    args = ap.parse_args()

    registry = load_registry()
    texts = corpus(args.mb, args.seed, args.articles)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extract_all(texts[:3], registry)  # build the lexicon before timing

    load0 = os.getloadavg()[0]
    t_bare, mentions = _cpu(lambda: bare_scan(texts))
    t_ext, rows = _cpu(lambda: extract_all(texts, registry))
    t_bare = min(t_bare, _cpu(lambda: bare_scan(texts))[0])  # once before, once after
    bare_rate, ext_rate = mb / t_bare, mb / t_ext
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB, {mentions} number tokens")
    print(f"        one number token per {mb * 1e6 / max(mentions, 1):.0f} bytes")
    print(f"bare regex scan : {bare_rate:8.2f} MB/s")
    print(f"extract, 1 core : {ext_rate:8.2f} MB/s  ({rows} observations + unmapped rows)")
    print(f"ratio           : {ext_rate / bare_rate:8.1%} of the bare scan (target ≥ 25%)")
    # issue 12: twice the single-core MB/s of its baseline (1.93 MB/s beside a 66.6 MB/s bare
    # scan, session 2): as a share of the bare scan measured in this run, ≥ 2 × 2.9%
    issue12 = 2 * BASELINE_MBS / BASELINE_BARE_MBS
    verdict = "met" if ext_rate / bare_rate >= issue12 else "MISSED"
    print(
        f"issue 12        : {ext_rate / bare_rate:8.1%} of the bare scan, target ≥ {issue12:.1%} "
        f"(2 × {BASELINE_MBS} MB/s beside {BASELINE_BARE_MBS} MB/s) … {verdict}"
    )
    if args.per_article:
        rate = mb / _cpu(lambda: extract_each(texts, registry))[0]
        print(f"  extract_text each: {rate:7.2f} MB/s  ({rate / bare_rate:6.1%} of the bare scan)")
    ref = date(2024, 12, 31)
    vocab = vocabulary(registry)
    for label, fn in (
        ("normalize+segment", lambda t: segment(normalize_text(t))),
        ("find_quantities", find_quantities),
        ("  with rejections", lambda t: find_quantities(t, rejections=True)),
        ("find_periods", lambda t: find_periods(t, ref)),
        ("Doc: the scan", lambda t: Doc(t, ref, "bench", vocab)),
    ):
        rate = mb / _cpu(lambda fn=fn: [fn(t) for t in texts])[0]
        print(f"  {label:18s}: {rate:8.2f} MB/s  ({rate / bare_rate:6.1%} of the bare scan)")
    print(f"load average    : {load0:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")

    if args.jobs > 1:
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for i, t in enumerate(texts):
                p = Path(tmp) / f"a{i:05d}.txt"
                p.write_text(t, encoding="utf-8")
                files.append(str(p))
            t0 = time.perf_counter()
            for f in files:
                _extract_file(f)
            t_one = time.perf_counter() - t0
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=args.jobs, mp_context=ctx) as pool:
                list(pool.map(_warm_then, range(args.jobs)))
                t0 = time.perf_counter()
                list(pool.map(_extract_file, files, chunksize=16))
                t_pool = time.perf_counter() - t0
            print(f"files, 1 process: {mb / t_one:8.2f} MB/s")
            print(
                f"files, {args.jobs} workers: {mb / t_pool:8.2f} MB/s "
                f"({t_one / t_pool:.2f}x; workers warmed before timing)"
            )


def _cpu(fn, repeat: int = 1):
    """Best CPU time of this process over `repeat` calls of fn() (threads included: polars
    builds the frames), and the last result. CPU time, not wall time: other jobs on a shared
    machine then disturb the figures less (the process pool below is timed by the clock)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t0)
    return best, result


def _warm_then(_: int) -> None:
    _warm()


if __name__ == "__main__":
    main()
