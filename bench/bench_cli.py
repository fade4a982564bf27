"""Command-line start-up benchmark: `de06 --help`, `de06 <cmd> --help` and a no-op `de06 build`.

Each command runs as a fresh process, as a user runs it, beside `python -c pass` (the
interpreter's own start) in the same run. Every figure is the best of `--repeat` runs after one
warm-up run (which writes the bytecode caches any installed package has), wall-clock time.
Targets: each `--help` ≤ 0.3 s; a `de06 build` whose inputs did not change ≤ 1.0 s (it decides
"nothing changed" from hashes and never imports polars or pandera).

The no-op build runs in a throw-away copy of the project's committed data/raw/, built once first.
Usage: `.venv/bin/python bench/bench_cli.py [--repeat N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import header, row, seconds

REPO = Path(__file__).resolve().parents[1]
DE06 = str(Path(sys.executable).with_name("de06"))
HELP_TARGET_S = 0.3
NOOP_TARGET_S = 1.0
HELPS = (
    ("de06 --help", ["--help"]),
    ("de06 build --help", ["build", "--help"]),
    ("de06 raw add --help", ["raw", "add", "--help"]),
    ("de06 report trend --help", ["report", "trend", "--help"]),
    ("de06 extract --help", ["extract", "--help"]),
)


def best_of(cmd: list[str], *, cwd: Path, env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU (user + system) seconds of `repeat` runs of `cmd`, after one
    warm-up run. On a busy machine the CPU time is the steadier of the two."""
    best, best_cpu = float("inf"), float("inf")
    for n in range(repeat + 1):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        spent = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
        if n:  # run 0 warms the caches
            best, best_cpu = min(best, spent), min(best_cpu, cpu)
    return best, best_cpu


def _committed_raw(project: Path) -> None:
    """data/raw/ as last committed (a working tree may be mid-edit), else as it is on disk."""
    project.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "HEAD", "data/raw"], capture_output=True
    )
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", str(project)], input=archive.stdout, check=True)
    else:
        shutil.copytree(REPO / "data" / "raw", project / "data" / "raw")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    # Bytecode caches on, as for any installed package; no inherited project root.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "DE06_ROOT", "DE06_REGISTRY_DIR")
    }
    header(f"command-line start-up (best of {args.repeat} runs, fresh processes)")
    with tempfile.TemporaryDirectory(prefix="de06-bench-cli-") as tmp:
        project = Path(tmp) / "project"
        _committed_raw(project)
        (project / "de06.toml").write_text("# bench project\n", encoding="utf-8")
        first = subprocess.run(
            [DE06, "build", "--quiet"], cwd=project, env=env, capture_output=True, text=True
        )
        if first.returncode != 0:
            raise SystemExit(f"the first build failed:\n{first.stderr}")
        run = lambda cmd: best_of(cmd, cwd=project, env=env, repeat=args.repeat)  # noqa: E731
        base, base_cpu = run([sys.executable, "-c", "pass"])
        row("python -c pass", seconds(base), f"CPU {seconds(base_cpu)}; the interpreter alone")
        light, light_cpu = run([sys.executable, "-c", "import de06metrics"])
        row("python -c 'import de06metrics'", seconds(light),
            f"CPU {seconds(light_cpu)}; {light / base:.1f}× python")  # fmt: skip
        met = []
        for label, argv_ in [*HELPS, ("de06 build (inputs unchanged)", ["build"])]:
            spent, cpu = run([DE06, *argv_])
            target = NOOP_TARGET_S if argv_ == ["build"] else HELP_TARGET_S
            met.append(spent <= target)
            row(label, seconds(spent), _verdict(spent, cpu, base, target))
    print(f"   targets: {'all met' if all(met) else 'MISSED (see docs/performance.md)'}")
    return 0


def _verdict(spent: float, cpu: float, base: float, target: float) -> str:
    ok = "met" if spent <= target else "MISSED"
    return f"CPU {seconds(cpu)}; {spent / base:.1f}× python; target ≤ {seconds(target)} … {ok}"


if __name__ == "__main__":
    sys.exit(main())
