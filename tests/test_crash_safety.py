"""Crash safety: `de06 build` killed with SIGKILL mid-write loses nothing.

A real `de06 build` runs in a subprocess. A small hook (installed before the CLI starts) pauses it
at a chosen point of the write — while the first output's bytes are being flushed, or just after
the first output has been moved into place — and the test then kills it with SIGKILL. Whatever
the moment, data/clean/ must still hold one consistent, loadable build, and the next
`de06 build` must succeed and leave no debris behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from clitools import run

from de06metrics import load_observations, raw

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").exists(), reason="needs POSIX signals and /proc (Linux)"
)

CORPUS = Path(__file__).parent / "bad_inputs"
NEW_FIGURE = (
    "press_2024,vneid_accounts_issued,ha_noi,3 triệu,3000000,,,exact,count,,,2024-04-30,stated,"
    "observation,Hà Nội đã cấp 3 triệu tài khoản,\n"
)

# Runs `de06 build` with a pause at the chosen point: it touches MARKER, then sleeps until killed.
HOOKED_BUILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    point, marker = sys.argv[1], Path(sys.argv[2])
    clean = (Path(os.environ["DE06_ROOT"]) / "data" / "clean").resolve()

    def pause():
        marker.write_text(str(os.getpid()))
        time.sleep(120)

    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if point == "flush" and path.parent == clean and ".observations.parquet" in path.name:
            pause()  # the new bytes are written to a temporary file, not yet flushed or moved
        return real_fsync(fd)

    def replace(src, dst, **kw):
        real_replace(src, dst, **kw)
        dst = Path(dst).resolve()
        if point == "rename" and dst == clean / "observations.parquet":
            pause()  # one output is new, the others (and build.json) not yet

    os.fsync, os.replace = fsync, replace
    from de06metrics.cli import main
    main(["build"])
    """
)


def visible(clean: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file() and p.name[0] != "."}


def kill_build_at(point: str, tmp_path: Path) -> None:
    """Start the hooked build, wait until it pauses at `point`, then SIGKILL it."""
    marker = tmp_path / f"paused-{point}"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOOKED_BUILD, point, str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"build ended (exit {proc.returncode}) before reaching {point!r}:\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"build did not reach {point!r} within 60 s")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def changed_inputs(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project with a good build, then one more valid figure registered (so a rebuild writes)."""
    assert run(capsys, "build", "--quiet")[0] == 0
    extra = project / "data" / "raw" / "reported" / "extra.csv"
    header = (CORPUS / "unknown_area.csv").read_text(encoding="utf-8").splitlines()[0]
    extra.write_text(header + "\n" + NEW_FIGURE, encoding="utf-8")
    raw.add(extra, root=project)
    return project


def test_killed_while_flushing_the_first_output(
    changed_inputs: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clean = changed_inputs / "data" / "clean"
    before = visible(clean)
    kill_build_at("flush", tmp_path)
    assert visible(clean) == before  # the previous outputs, byte for byte
    assert load_observations(root=changed_inputs).height == 7  # loads: matches build.json
    code, _, err = run(capsys, "build", "--quiet")
    assert code == 0, err
    assert load_observations(root=changed_inputs).height == 8
    leftovers = sorted(p.name for p in clean.iterdir() if p.name.startswith("."))
    assert leftovers == [], "the next build should sweep temporary files of a killed build"


def test_killed_between_moving_outputs_into_place(
    changed_inputs: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clean = changed_inputs / "data" / "clean"
    kill_build_at("rename", tmp_path)
    # Either the previous build or the new one, but whole: never a mix that refuses to load.
    assert load_observations(root=changed_inputs).height in (7, 8)
    code, _, err = run(capsys, "build", "--quiet")
    assert code == 0, err
    assert load_observations(root=changed_inputs).height == 8
    leftovers = sorted(p.name for p in clean.iterdir() if p.name.startswith("."))
    assert leftovers == []
