"""Start-up stays light: `de06 --help`, `de06 <cmd> --help` and a no-op build import none of the
heavy libraries (the times themselves are measured by bench/bench_cli.py, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from de06metrics import build

HEAVY = ("polars", "pandera", "pandas", "pyarrow", "papermill", "plotly", "pydantic")

PROBE = """
import json, sys
from de06metrics.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


def _loaded(argv: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["build", "--help"], ["raw", "add", "--help"], ["report", "trend", "--help"]],
)
def test_help_imports_no_heavy_library(argv: list[str], project: Path) -> None:
    assert _loaded(argv, project, dict(os.environ)) == []


def test_a_no_op_build_imports_no_heavy_library(project: Path) -> None:
    build.build(project, today=date.today())
    assert _loaded(["build"], project, dict(os.environ)) == []
    assert _loaded(["raw", "verify"], project, dict(os.environ)) == []


def test_import_de06metrics_is_light() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, de06metrics; print([m for m in {HEAVY} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "[]"
