"""Report rendering time, beside an empty notebook's papermill time measured in the same run.

Builds the test fixture project in a temporary folder (so it runs on any checkout), then prints:
1. wall time of an empty notebook through the same child-process path (papermill floor),
   and of the trend and progress reports (with PNG/SVG export), as multiples of that floor;
2. the deck's share of `de06 report all`: the three reports of `all` (trend, progress, provinces;
   --jobs 2, forced) and then the deck built from their PNGs (forced; the reports are up to
   date), with the deck's time as a percentage of the reports' (the target is ≤ 20 %);
3. 8 reports (trend/progress × vi/en × two as-of dates) serially vs `--jobs 2`, and the ratio.
Usage: python bench/bench_reports.py [--skip-jobs] [--deck-only]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from report_fixtures import make_project

EMPTY = '# %% tags=["parameters"]\nx = 1\n\n# %%\nx\n'


def empty_notebook_seconds(root: Path) -> float:
    nb = root / "notebooks" / "_empty.py"
    nb.write_text(EMPTY, encoding="utf-8")
    out = Path(tempfile.mkdtemp(dir=root))
    job = {"notebook": str(nb), "parameters": {"x": 2}, "out_dir": str(out), "stem": "empty",
           "title": "empty", "cell_timeout": 120}  # fmt: skip
    (out / "job.json").write_text(json.dumps(job), encoding="utf-8")
    t = time.perf_counter()
    cmd = [sys.executable, "-m", "de06metrics.reports.execute", str(out / "job.json")]
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="de06-bench-"))
    os.environ.update(make_project(root))
    from de06metrics.reports.runner import plan_report, run_plans

    deck_share()
    if "--deck-only" in sys.argv:
        return
    floor = empty_notebook_seconds(root)
    print(f"empty notebook (child process + papermill): {floor:6.1f} s   1.0×")
    for name in ("trend", "progress"):
        plan = plan_report(name, parameters={"lang": "vi"})
        t = time.perf_counter()
        [r] = run_plans([plan], force=True)
        s = time.perf_counter() - t
        print(f"{name:8s} report ({len(r.figures):2d} PNG/SVG files):     {s:6.1f} s  "
              f"{s / floor:4.1f}×  [{r.status}]")  # fmt: skip
    if "--skip-jobs" in sys.argv:
        return
    plans = [
        plan_report(n, as_of=d, parameters={"lang": lang})
        for n in ("trend", "progress")
        for lang in ("vi", "en")
        for d in ("2024-03-02", "2024-06-30")
    ]
    timing = {}
    for jobs in (1, 2):
        t = time.perf_counter()
        results = run_plans(plans, jobs=jobs, force=True)
        timing[jobs] = time.perf_counter() - t
        bad = [r for r in results if r.status != "rendered"]
        print(
            f"8 reports, --jobs {jobs}: {timing[jobs]:6.1f} s" + (f"  FAILED {bad}" if bad else "")
        )
    print(f"--jobs 2 / serial: {timing[2] / timing[1]:.2f} (cpus: {os.cpu_count()})")


def deck_share(repeats: int = 2) -> None:
    """Time `report all`'s three reports, then the deck on top of them; best of `repeats`."""
    from de06metrics.reports.deck import plan_deck, render_deck
    from de06metrics.reports.runner import plan_report, run_plans

    best_all, best_deck, slides = float("inf"), float("inf"), 0
    for _ in range(repeats):
        plans = [plan_report(n, parameters={"lang": "vi"}) for n in ("trend", "progress",
                                                                    "provinces")]  # fmt: skip
        t = time.perf_counter()
        results = run_plans(plans, jobs=2, force=True)
        best_all = min(best_all, time.perf_counter() - t)
        assert all(r.status == "rendered" for r in results), [r.message for r in results]
        t = time.perf_counter()
        deck = render_deck(plan_deck(lang="vi"), force=True, jobs=2)
        best_deck = min(best_deck, time.perf_counter() - t)
        assert deck.status == "rendered", deck.message
        slides = deck.slides
    print(f"report all, 3 reports (--jobs 2): {best_all:6.1f} s")
    print(
        f"deck on top ({slides} slides):      {best_deck:6.1f} s  "
        f"= {100 * best_deck / best_all:4.1f}% of report all (target ≤ 20%)"
    )


if __name__ == "__main__":
    main()
