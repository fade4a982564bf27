"""Finding the project: from the current folder upward, then DE06_ROOT, else a clear error;
`de06 init` makes a folder a project."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import run

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.project import init_project


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder that is no project, with DE06_ROOT unset."""
    monkeypatch.delenv("DE06_ROOT", raising=False)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_found_from_a_subfolder(
    outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    root = tmp_path / "proj"
    init_project(root)
    monkeypatch.chdir(root / "notebooks")
    assert paths.project_root() == root.resolve()
    code, out, _ = run(capsys, "raw", "verify")
    assert code == 0 and "0 files match the manifest" in out


def test_a_pyproject_with_a_tool_de06_table_marks_a_project(
    outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "checkout"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (root / "src").mkdir()
    monkeypatch.chdir(root / "src")
    with pytest.raises(De06Error):  # data/raw alone, or a pyproject without the table: no
        paths.project_root()
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.de06]\n')
    assert paths.project_root() == root.resolve()


def test_the_nearest_project_wins_and_unmarked_folders_are_passed(
    outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = tmp_path / "outer"
    init_project(outer)
    inner = outer / "work" / "inner"
    (inner / "data" / "raw").mkdir(parents=True)  # looks like a project but has no marker
    monkeypatch.chdir(inner)
    assert paths.project_root() == outer.resolve()
    init_project(outer / "work")
    assert paths.project_root() == (outer / "work").resolve()


def test_outside_a_project_de06_root_names_it(
    outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    root = tmp_path / "proj"
    init_project(root)
    monkeypatch.setenv("DE06_ROOT", str(root))
    assert paths.project_root() == root.resolve()
    code, out, _ = run(capsys, "raw", "verify")
    assert code == 0 and "0 files match" in out


def test_outside_a_project_without_de06_root_the_error_says_what_was_looked_for(
    outside: Path, capsys
) -> None:
    with pytest.raises(De06Error) as exc:
        paths.project_root()
    text = str(exc.value)
    assert str(outside.resolve()) in text
    for looked_for in ("data/raw/", "de06.toml", "[tool.de06]", "DE06_ROOT", "de06 init"):
        assert looked_for in text
    code, out, err = run(capsys, "build")
    assert code == 1 and out == ""
    assert "no de06 project here" in err and "[tool.de06]" in err and "Traceback" not in err


def test_de06_root_must_be_a_folder(outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DE06_ROOT", str(outside / "missing"))
    with pytest.raises(De06Error, match="DE06_ROOT"):
        paths.project_root()


def test_init_makes_the_tree_and_refuses_an_existing_project(
    outside: Path, tmp_path: Path, capsys
) -> None:
    root = tmp_path / "new"
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0 and "created a de06 project" in out
    for rel in ("de06.toml", "data/raw/MANIFEST.sha256", "data/raw/reported", "data/clean"):
        assert (root / rel).exists(), rel
    assert (root / "notebooks").is_dir() and (root / "reports").is_dir()
    assert (root / "data/raw/MANIFEST.sha256").read_text() == ""
    (root / "data/raw/MANIFEST.sha256").write_text("kept\n")
    code, _, err = run(capsys, "init", str(root))
    assert code == 1 and "already a de06 project" in err
    assert (root / "data/raw/MANIFEST.sha256").read_text() == "kept\n"
