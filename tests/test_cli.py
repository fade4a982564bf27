"""The `de06` command line: exit codes and messages a user sees (no tracebacks for bad input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import run

from de06metrics.cli import main


def test_help_teaches_the_commands(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("build", "raw", "schema"):
        assert command in out


def test_build_prints_a_summary_then_is_a_no_op(project: Path, capsys) -> None:
    code, out, _ = run(capsys, "build")
    assert code == 0
    assert "built" in out and "Rows per metric" in out and "Quarantined rows: 0" in out
    code, out, _ = run(capsys, "build")
    assert code == 0 and "up to date" in out


def test_bad_row_exits_1_naming_file_row_and_field_without_traceback(project: Path, capsys) -> None:
    path = project / "data/raw/reported/mini.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",2023-12-21,stated", ",2023-13-45,stated", 1),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "raw", "add", str(path), "--replace")
    assert code == 1
    assert "reported/mini.csv" in err or "mini.csv" in err
    assert "period_end" in err and "Traceback" not in err + out


def test_raw_verify_exits_1_after_an_edit(project: Path, capsys) -> None:
    assert run(capsys, "raw", "verify")[0] == 0
    path = project / "data/raw/reported/mini.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    code, _, err = run(capsys, "raw", "verify")
    assert code == 1 and "changed since it was registered" in err


def test_build_failure_lists_every_failure(project: Path, capsys) -> None:
    path = project / "data/raw/reported/mini.csv"
    text = path.read_text(encoding="utf-8").replace("cccd_chip_issued", "cccd_typo")
    path.write_text(
        text.replace("health_facilities_share,VN", "health_facilities_share,mars"), encoding="utf-8"
    )
    run(capsys, "raw", "add", str(path), "--replace")  # refused: validation
    from de06metrics import raw

    raw.add(path, replace=True)  # register anyway, as a careless hand edit would
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "validation failures" in err and "cccd_typo" in err and "mars" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys) -> None:
    code, _, err = run(capsys, "build", "--no-such-option")
    assert code == 2 and "no-such-option" in err


def test_debug_shows_the_traceback(project: Path, capsys) -> None:
    (project / "data/raw/reported/mini.csv").write_bytes(b"")
    with pytest.raises(Exception, match="changed since"):
        main(["--debug", "build"])


def test_schema_prints_the_data_dictionary(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert "## observations" in out and "Reference date" in out and "Unique together" in out


def test_the_committed_data_dictionary_is_current() -> None:
    from de06metrics.datadict import data_dictionary

    committed = (Path(__file__).parents[1] / "docs" / "data_dictionary.md").read_text("utf-8")
    hint = "regenerate it: de06 schema > docs/data_dictionary.md"
    assert committed == data_dictionary() + "\n", hint
