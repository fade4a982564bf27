"""An installed (non-editable) package works in an analyst's own folder: `de06 init`, then
`raw add`, then `build`, with no DE06_ROOT and nothing from the source checkout.

The package is built into a wheel from a copy of the sources and installed, without its
dependencies, into a fresh virtual environment that borrows the test environment's installed
dependencies through a path file (that file adds a folder to sys.path without running the
checkout's editable-install hook, so only the wheel's copy of de06metrics can be imported).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "data" / "raw" / "reported" / "seeds.csv"
UV = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a venv with the de06metrics wheel installed (not editable)."""
    if not Path(UV).exists():
        pytest.skip("uv is not installed")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(
        REPO / "de06metrics", src / "de06metrics", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DE06_ROOT", "DE06_REGISTRY_DIR")}
    built = _run([UV, "build", "--wheel", "--quiet", "-o", str(tmp / "dist"), str(src)], tmp, env)
    if built.returncode != 0:
        pytest.skip(
            f"cannot build a wheel here (offline without a build backend?): {built.stderr[-300:]}"
        )
    wheel = next((tmp / "dist").glob("de06metrics-*.whl"))
    venv = tmp / "venv"
    made = _run([UV, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp, env)
    assert made.returncode == 0, made.stderr
    purelib = Path(sysconfig.get_paths()["purelib"])
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "deps_of_the_test_env.pth").write_text(f"{purelib}\n")
    py = venv / "bin" / "python"
    done = _run(
        [
            UV,
            "pip",
            "install",
            "--quiet",
            "--offline",
            "--no-deps",
            "--python",
            str(py),
            str(wheel),
        ],
        tmp,
        env,
    )
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def test_init_raw_add_build_in_a_new_folder_with_an_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DE06_ROOT", "DE06_REGISTRY_DIR")}
    where = _run(
        [str(installed / "python"), "-c", "import de06metrics; print(de06metrics.__file__)"],
        tmp_path,
        env,
    )
    assert where.returncode == 0, where.stderr
    assert str(REPO) not in where.stdout and "site-packages" in where.stdout
    de06 = str(installed / "de06")
    project = tmp_path / "analyst"
    steps = [
        ([de06, "init", str(project)], tmp_path),
        ([de06, "raw", "add", str(SEEDS)], project / "notebooks"),  # from a subfolder
        ([de06, "build", "--quiet"], project),
        ([de06, "raw", "verify"], project / "data"),
    ]
    for cmd, cwd in steps:
        done = _run(cmd, cwd, env)
        assert done.returncode == 0, f"{cmd[1:]}: {done.stdout}{done.stderr}"
    assert (project / "data/raw/reported/seeds.csv").read_bytes() == SEEDS.read_bytes()
    assert (project / "data/clean/observations.parquet").exists()
    noop = _run([de06, "build"], project, env)
    assert noop.returncode == 0 and "up to date" in noop.stdout
    # outside any project, with the installed package: the clear error, exit 1
    lost = _run([de06, "build"], tmp_path, env)
    assert lost.returncode == 1 and "no de06 project here" in lost.stderr
