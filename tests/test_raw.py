"""data/raw/ is only changed through `raw add`; `raw verify` notices any change."""

from __future__ import annotations

from pathlib import Path

import pytest

from de06metrics import raw
from de06metrics.errors import De06Error


def test_a_fresh_project_verifies(project: Path) -> None:
    assert raw.verify(project) == []
    manifest = (project / "data/raw/MANIFEST.sha256").read_text()
    assert manifest.endswith("  reported/mini.csv\n") and len(manifest.split()[0]) == 64


def test_verify_detects_one_changed_byte(project: Path) -> None:
    path = project / "data/raw/reported/mini.csv"
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x01
    path.write_bytes(bytes(data))
    assert [(p.path, p.kind) for p in raw.verify(project)] == [("reported/mini.csv", "changed")]


def test_verify_detects_missing_and_unlisted_files(project: Path) -> None:
    (project / "data/raw/reported/mini.csv").rename(project / "data/raw/reported/other.csv")
    kinds = {(p.path, p.kind) for p in raw.verify(project)}
    assert kinds == {("reported/mini.csv", "missing"), ("reported/other.csv", "unlisted")}


def test_add_copies_an_outside_file_in_and_refuses_silent_overwrites(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "new.csv"
    outside.write_text("a\n", encoding="utf-8")
    dest = raw.add(outside, root=project)
    assert dest == project / "data/raw/reported/new.csv"
    assert raw.verify(project) == []
    outside.write_text("b\n", encoding="utf-8")
    with pytest.raises(De06Error, match="already registered with other content"):
        raw.add(outside, root=project)
    raw.add(outside, replace=True, root=project)
    assert dest.read_text() == "b\n" and raw.verify(project) == []


def test_add_refuses_a_registered_file_edited_in_place(project: Path) -> None:
    path = project / "data/raw/reported/mini.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(De06Error, match="already registered with other content"):
        raw.add(path, root=project)


def test_add_refuses_paths_escaping_data_raw(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "x.csv"
    outside.write_text("a\n", encoding="utf-8")
    with pytest.raises(De06Error, match="inside data/raw"):
        raw.add(outside, subdir="../../etc", root=project)
