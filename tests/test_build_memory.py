"""`de06 build` makes polars return freed memory at once (jemalloc's decay set to 0 before polars
is loaded), without overriding a setting the user gave, and without touching other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from de06metrics.buildstate import JEMALLOC_CONF, JEMALLOC_ENV

SCRIPT = """
import os, sys
from de06metrics.cli import main
try:
    main(['build', '--quiet', '--force'])
finally:
    print('SETTING', os.environ.get('{env}'), 'polars' in sys.modules)
""".replace("{env}", JEMALLOC_ENV)


def _build_setting(project: Path, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if k != JEMALLOC_ENV}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env={**base, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_build_process_returns_freed_memory_at_once(project: Path) -> None:
    setting = _build_setting(project)  # polars puts its own defaults first; the last one wins
    assert setting.startswith("SETTING ") and setting.endswith(f",{JEMALLOC_CONF} True")
    assert (project / "data/clean/observations.parquet").exists()


def test_a_setting_the_user_gave_is_kept(project: Path) -> None:
    mine = "dirty_decay_ms:5000"
    setting = _build_setting(project, **{JEMALLOC_ENV: mine})
    assert setting.endswith(f",{mine} True") and JEMALLOC_CONF not in setting


def test_importing_the_library_changes_no_allocator_setting() -> None:
    script = f"import os, de06metrics.build; print(os.environ.get('{JEMALLOC_ENV}'))"
    base = {k: v for k, v in os.environ.items() if k != JEMALLOC_ENV}
    done = subprocess.run([sys.executable, "-c", script], env=base, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert JEMALLOC_CONF not in done.stdout
