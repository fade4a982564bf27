"""The library digest: a change to the library's code or data re-runs the build."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from de06metrics import build, fingerprint

TODAY = date(2026, 1, 1)


def _copy_package(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    shutil.copytree(fingerprint.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    return pkg


def test_digest_changes_with_code_and_data_but_not_with_bytecode(tmp_path: Path) -> None:
    fingerprint._digest.cache_clear()
    pkg = _copy_package(tmp_path)
    before = fingerprint._digest(pkg)
    assert before == fingerprint.library_digest()  # same files, same digest, wherever they are
    (pkg / "__pycache__").mkdir(exist_ok=True)
    (pkg / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (pkg / "notes.txt").write_text("not source")
    fingerprint._digest.cache_clear()
    assert fingerprint._digest(pkg) == before
    with open(pkg / "progress.py", "a", encoding="utf-8") as f:
        f.write("\n# a change\n")
    fingerprint._digest.cache_clear()
    changed = fingerprint._digest(pkg)
    assert changed != before
    (pkg / "registry" / "metrics.yaml").write_text("")
    fingerprint._digest.cache_clear()
    assert fingerprint._digest(pkg) not in (before, changed)


def test_a_code_change_reruns_an_otherwise_unchanged_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build.build(project, today=TODAY).status == "built"
    assert build.build(project, today=TODAY).status == "up_to_date"
    monkeypatch.setattr(fingerprint, "library_digest", lambda: "0" * 64)
    assert build.build(project, today=TODAY).status == "built"
    assert build.build(project, today=TODAY).status == "up_to_date"


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    import de06metrics

    assert de06metrics.__version__ == version("de06metrics")
