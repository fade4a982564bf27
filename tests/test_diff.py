"""Build-to-build diff: added, removed and revised figures, from frames, files and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from clitools import run
from frames import obs

from de06metrics.diff import diff_builds, diff_summary, read_build
from de06metrics.errors import De06Error

OLD = obs(
    {"value": 10e6, "period_end": "2023-01-01", "as_written": "10 triệu"},
    {"value": 12e6, "period_end": "2023-02-01", "source_id": "b"},
    {"value": 13e6, "period_end": "2023-03-01", "source_id": "b"},
    {"value": 5e6, "period_end": "2023-06-30", "period_start": "2023-01-01", "source_id": "b"},
)
NEW = obs(
    # revised: 10 → 9.5 million (a revision that lowers the cumulative figure)
    {"value": 9.5e6, "period_end": "2023-01-01", "as_written": "9,5 triệu"},
    # quote and file position changed only: not a revision
    {
        "value": 12e6,
        "period_end": "2023-02-01",
        "source_id": "b",
        "quote": "other",
        "source_row": 9,
    },
    # 2023-03-01 removed; 2023-04-01 added
    {"value": 14e6, "period_end": "2023-04-01", "source_id": "b"},
    # bounds changed only ("5 triệu" → "hơn 5 triệu")
    {
        "value": 5e6,
        "qualifier": "more_than",
        "period_end": "2023-06-30",
        "period_start": "2023-01-01",
        "source_id": "b",
    },
)


def test_added_removed_and_revised_are_told_apart():
    d = diff_builds(OLD, NEW)
    got = {(r["change"], r["period_end"]): r for r in d.iter_rows(named=True)}
    assert set(got) == {
        ("revised", date(2023, 1, 1)),
        ("removed", date(2023, 3, 1)),
        ("added", date(2023, 4, 1)),
        ("revised", date(2023, 6, 30)),
    }
    r = got[("revised", date(2023, 1, 1))]
    assert (r["old_value"], r["new_value"]) == (10e6, 9.5e6)
    assert r["changed"] == "value,as_written"
    assert (r["old_as_written"], r["new_as_written"]) == ("10 triệu", "9,5 triệu")
    assert got[("revised", date(2023, 6, 30))]["changed"] == "lower,qualifier"
    assert got[("added", date(2023, 4, 1))]["old_value"] is None


def test_identical_builds_and_row_order_give_no_difference():
    assert diff_builds(OLD, OLD).is_empty()
    assert diff_builds(OLD, OLD.reverse()).is_empty()


def test_summary_counts_per_metric():
    s = diff_summary(diff_builds(OLD, NEW))
    assert s.to_dicts() == [{"metric": "m", "added": 1, "removed": 1, "revised": 2}]
    assert diff_summary(diff_builds(OLD, OLD)).is_empty()


def test_read_build_accepts_a_file_a_clean_dir_or_a_project_root(tmp_path: Path):
    clean = tmp_path / "proj" / "data" / "clean"
    clean.mkdir(parents=True)
    OLD.write_parquet(clean / "observations.parquet")
    for where in (clean / "observations.parquet", clean, tmp_path / "proj"):
        assert read_build(where).height == OLD.height
    with pytest.raises(De06Error, match=r"no observations\.parquet"):
        read_build(tmp_path / "nowhere")
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet", encoding="utf-8")
    with pytest.raises(De06Error, match="cannot be read as parquet"):
        read_build(junk)
    pl.DataFrame({"metric": ["m"]}).write_parquet(tmp_path / "thin.parquet")
    with pytest.raises(De06Error, match="missing column"):
        read_build(tmp_path / "thin.parquet")


def test_cli_diff_table_json_and_errors(tmp_path: Path, capsys):
    old, new = tmp_path / "old.parquet", tmp_path / "new.parquet"
    OLD.write_parquet(old)
    NEW.write_parquet(new)
    code, out, _ = run(capsys, "diff", str(old), str(new))
    assert code == 0
    assert "Changes per metric" in out and "revised" in out and "9,5 triệu" in out
    code, out, _ = run(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert sorted(r["change"] for r in rows) == ["added", "removed", "revised", "revised"]
    code, out, _ = run(capsys, "diff", str(old), str(old))
    assert code == 0 and "no differences" in out
    code, _, err = run(capsys, "diff", str(old), str(tmp_path / "missing"))
    assert code == 1 and "no observations.parquet" in err and "Traceback" not in err
