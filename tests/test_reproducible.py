"""Reproducibility: the same inputs give the same data hashes and the same parquet bytes.

Two `de06 build` runs in two separate project trees (different paths, different times), and a
build with polars limited to one thread, must write byte-identical data/clean/ files — so a
data hash in a report footer identifies the data, whoever built it and wherever.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from clitools import run

from de06metrics import raw

FIXTURES = Path(__file__).parent / "fixtures"
METRICS = ("cccd_chip_issued", "vneid_accounts_issued", "vneid_accounts_activated")
AREAS = ("VN", "ha_noi", "ho_chi_minh", "binh_duong")


def daily_figures(days: int = 400) -> str:
    """A valid reported file with metrics × areas × daily dates (a few thousand rows).

    Rows are written in a shuffled-looking order (by date descending, then area) so the build's
    sort, not the input order, decides the output order.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        (FIXTURES / "reported" / "mini.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    )
    start = date(2023, 1, 1)
    for d in range(days - 1, -1, -1):
        day = (start + timedelta(days=d)).isoformat()
        for a, area in enumerate(AREAS):
            for m, metric in enumerate(METRICS):
                n = 1_000_000 + 7919 * d + 104_729 * a + 13 * m
                written = f"{n:,}".replace(",", ".")
                if (d + a + m) % 3 == 0:
                    row = (f"hơn {written}", n, n, "", "more_than")
                elif (d + a + m) % 3 == 1:
                    row = (f"gần {written}", n, "", n, "nearly")
                else:
                    row = (written, n, "", "", "exact")
                w.writerow(
                    [
                        "press_2024",
                        metric,
                        area,
                        *row,
                        "count",
                        "",
                        "",
                        day,
                        "stated",
                        "observation",
                        f"{row[0]} (ngày {day})",
                        "",
                    ]
                )
    return buf.getvalue()


def make_project(root: Path) -> Path:
    reported = root / "data" / "raw" / "reported"
    reported.mkdir(parents=True)
    shutil.copy(FIXTURES / "reported" / "mini.csv", reported / "mini.csv")
    (reported / "daily.csv").write_text(daily_figures(), encoding="utf-8")
    for name in ("mini.csv", "daily.csv"):
        raw.add(reported / name, root=root)
    return root


def clean_files(root: Path) -> dict[str, bytes]:
    clean = root / "data" / "clean"
    return {p.name: p.read_bytes() for p in sorted(clean.iterdir()) if p.is_file()}


def test_two_builds_in_two_trees_write_identical_bytes(
    tmp_path: Path,
    fixture_registry: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outputs = []
    for name in ("first", "second"):
        root = make_project(tmp_path / name)
        monkeypatch.setenv("DE06_ROOT", str(root))
        code, _, err = run(capsys, "build", "--quiet")
        assert code == 0, err
        outputs.append(clean_files(root))
    first, second = outputs
    assert set(first) == {
        "build.json",
        "observations.csv",
        "observations.parquet",
        "targets.parquet",
    }
    assert first == second
    meta = json.loads(first["build.json"])
    assert meta["rows"]["observations"] == 7 + 400 * len(AREAS) * len(METRICS)


def test_a_single_threaded_build_writes_the_same_bytes(
    tmp_path: Path,
    fixture_registry: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    here = make_project(tmp_path / "here")
    monkeypatch.setenv("DE06_ROOT", str(here))
    assert run(capsys, "build", "--quiet")[0] == 0
    there = make_project(tmp_path / "there")
    env = dict(os.environ, DE06_ROOT=str(there), POLARS_MAX_THREADS="1")
    script = "from de06metrics.cli import main; main(['build', '--quiet'])"
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert clean_files(here) == clean_files(there)


def test_reports_planned_in_two_trees_name_the_same_data(
    tmp_path: Path,
    fixture_registry: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The data hash a report is filed under depends on the data, not on where it was built."""
    runner = pytest.importorskip("de06metrics.reports.runner")
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    plans = []
    for name in ("first", "second"):
        root = make_project(tmp_path / name)
        shutil.copytree(notebooks, root / "notebooks")
        monkeypatch.setenv("DE06_ROOT", str(root))
        assert run(capsys, "build", "--quiet")[0] == 0
        plans.append(runner.plan_report("trend", as_of="2024-05-02", root=root))
    first, second = plans
    assert first.data_fingerprint == second.data_fingerprint
    assert first.run_key == second.run_key
    assert first.stem == second.stem
    assert first.out_dir.relative_to(tmp_path / "first") == second.out_dir.relative_to(
        tmp_path / "second"
    )
