"""Shared fixtures: a throw-away project tree with a small registry and a few reported figures."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 1, 1)


@pytest.fixture
def fixture_registry(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A copy of the small test registry, in use through DE06_REGISTRY_DIR."""
    reg = tmp_path / "registry"
    shutil.copytree(FIXTURES / "registry", reg)
    monkeypatch.setenv("DE06_REGISTRY_DIR", str(reg))
    return reg


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fixture_registry: Path) -> Path:
    """A project root (DE06_ROOT) whose data/raw holds tests/fixtures/reported/mini.csv."""
    from de06metrics import raw

    root = tmp_path / "proj"
    (root / "data" / "raw" / "reported").mkdir(parents=True)
    monkeypatch.setenv("DE06_ROOT", str(root))
    shutil.copy(FIXTURES / "reported" / "mini.csv", root / "data/raw/reported/mini.csv")
    raw.add(root / "data/raw/reported/mini.csv", root=root)
    return root


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data/raw and registry, built into a throw-away tree (the checkout's data/clean
    is never read or written by tests)."""
    from de06metrics import build, paths

    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(paths.PACKAGE_DIR.parent / "data" / "raw", root / "data" / "raw")
    build.build(root, today=date.today(), registry_dir=paths.REGISTRY_DIR)
    return root
