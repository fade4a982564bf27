"""Bad input → a clear error, and nothing lost: the corpus in tests/bad_inputs/, through the CLI.

Each case (listed with what is wrong in tests/bad_inputs/cases.yaml) is tried twice in a project
that already holds a good build: `de06 raw add` must refuse it and leave data/raw/ as it was; and
once registered anyway (as a careless hand edit would), `de06 build` must exit non-zero with one
readable message naming the file, row and field, leave data/clean/ and reports/ byte-identical,
and list the failing rows in data/clean/_quarantine/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml
from clitools import run

from de06metrics import raw

CORPUS = Path(__file__).parent / "bad_inputs"
CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
REFUSED = [c for c in CASES if c["exit"] != 0]
MESSAGE_LIMIT = 2_000  # one paragraph, not a dump of the input


def snapshot(root: Path) -> dict[str, bytes]:
    """What a failed command must not touch: data/clean/ (except _quarantine/) and reports/."""
    files = {}
    for top in (root / "data" / "clean", root / "reports"):
        for p in sorted(top.rglob("*")) if top.exists() else []:
            rel = p.relative_to(root).as_posix()
            if p.is_file() and "/_quarantine/" not in rel:
                files[rel] = p.read_bytes()
    return files


def raw_snapshot(root: Path) -> dict[str, bytes]:
    base = root / "data" / "raw"
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


def error_paragraph(err: str) -> str:
    """The message before any list of failures, whitespace collapsed (rich wraps at 80 columns)."""
    return " ".join(err.splitlines()[0].split()) if err else ""


def assert_says(text: str, words: list[str]) -> None:
    flat = " ".join(text.split())
    for word in words:
        options = word.split("|")
        assert any(o in flat for o in options), f"{word!r} not in message:\n{text}"


def assert_names_row(err: str, file: str, row: int) -> None:
    """A failure line names (file, row): as a table row, or as plain text in a log."""
    table = rf"{re.escape(file)}\s*│\s*{row}\s*│"
    plain = rf"{re.escape(file)}, row {row}\b"
    assert re.search(table, err) or re.search(plain, err), f"no line for {file} row {row}:\n{err}"


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Print failure tables 250 columns wide, so assertions read whole cells (not wrapped ones)."""
    from de06metrics.cli._app import err_console

    monkeypatch.setattr(err_console, "width", 250)


@pytest.fixture
def built(project: Path, capsys: pytest.CaptureFixture[str], wide_console: None) -> Path:
    """The fixture project after one good build, with a report already in reports/."""
    assert run(capsys, "build", "--quiet")[0] == 0
    report = project / "reports" / "trend" / "2024-05-02" / "index.html"
    report.parent.mkdir(parents=True)
    report.write_text("<html>the last good report</html>\n", encoding="utf-8")
    return project


def register(root: Path, source: Path, name: str | None = None) -> Path:
    """Place a file in data/raw/reported/ and register it without validation (a hand edit)."""
    dest = root / "data" / "raw" / "reported" / (name or source.name)
    shutil.copyfile(source, dest)
    raw.add(dest, replace=True, root=root)
    return dest


@pytest.mark.parametrize("case", REFUSED, ids=[c["file"] for c in REFUSED])
def test_raw_add_refuses_the_file_and_leaves_data_raw_alone(
    built: Path, capsys: pytest.CaptureFixture[str], case: dict
) -> None:
    before = raw_snapshot(built)
    code, out, err = run(capsys, "raw", "add", str(CORPUS / case["file"]))
    assert code == case.get("raw_add_exit", case["exit"]), err
    assert "Traceback" not in out + err
    assert case["file"] in err
    assert raw_snapshot(built) == before


@pytest.mark.parametrize("case", REFUSED, ids=[c["file"] for c in REFUSED])
def test_build_refuses_a_registered_bad_file_and_loses_nothing(
    built: Path, capsys: pytest.CaptureFixture[str], case: dict
) -> None:
    before = snapshot(built)
    register(built, CORPUS / case["file"])
    code, out, err = run(capsys, "build")
    assert code == case["exit"], err
    assert "Traceback" not in out + err
    assert err.startswith("error:")
    assert len(error_paragraph(err)) < MESSAGE_LIMIT
    assert_says(err, case["message"])
    assert snapshot(built) == before
    quarantine = built / "data" / "clean" / "_quarantine" / case["file"]
    rows = case.get("quarantine", [])
    if rows:
        listed = pl.read_csv(quarantine, infer_schema=False)
        assert sorted(int(r) for r in listed["source_row"]) == rows
        assert listed["reason"].str.len_chars().min() > 0
        for row in rows:
            assert_names_row(err, f"reported/{case['file']}", row)
    else:
        assert not quarantine.exists()


ACCEPTED = [c for c in CASES if c["exit"] == 0]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["file"] for c in ACCEPTED])
def test_accepted_forms_build_with_a_warning(
    built: Path, capsys: pytest.CaptureFixture[str], case: dict
) -> None:
    before = snapshot(built)
    register(built, CORPUS / case["file"], case.get("replaces"))
    code, _, err = run(capsys, "build")
    assert code == 0, err
    assert_says(err, case.get("warning", []))
    after = snapshot(built)
    data_files = [k for k in before if not k.endswith("build.json") and "/clean/" in k]
    if "replaces" in case or case.get("adds_no_rows"):  # the same figures: the same bytes out
        assert {k: after[k] for k in data_files} == {k: before[k] for k in data_files}
    else:
        obs = pl.read_parquet(built / "data" / "clean" / "observations.parquet")
        mine = obs.filter(pl.col("source_file") == f"reported/{case['file']}").sort("source_row")
        source = pl.read_csv(CORPUS / case["file"], infer_schema=False)
        assert mine["quote"].to_list() == source["quote"].to_list()
        assert mine["note"].fill_null("").to_list() == source["note"].fill_null("").to_list()


def test_a_50_mb_single_line_is_refused_naming_file_and_line(
    built: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    header = (CORPUS / "unknown_area.csv").read_bytes().splitlines()[0]
    big = tmp_path / "one_line.csv"
    big.write_bytes(header + b"\nVN," + b"9" * (50 * 1024 * 1024) + b"\n")
    before_raw = raw_snapshot(built)
    code, out, err = run(capsys, "raw", "add", str(big))
    assert code == 1 and "Traceback" not in out + err
    assert raw_snapshot(built) == before_raw
    before = snapshot(built)
    register(built, big)
    code, out, err = run(capsys, "build")
    assert code == 1 and "Traceback" not in out + err
    assert len(err) < MESSAGE_LIMIT
    assert_says(err, ["one_line.csv", "line 2|row 1"])
    assert snapshot(built) == before


def test_a_build_failure_keeps_the_last_good_data_loadable(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from de06metrics import load_observations

    register(built, CORPUS / "unknown_metric.csv")
    assert run(capsys, "build")[0] == 1
    assert load_observations(root=built).height == 7


def test_failure_lines_keep_whole_file_names_in_an_80_column_log(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a CI log or a pipe (not a terminal: 80 columns) each failure names its whole file."""
    name = "bao_cao_bo_cong_an_quy_iv_2024.csv"
    assert run(capsys, "build", "--quiet")[0] == 0
    register(project, CORPUS / "unknown_metric.csv", name)
    code, _, err = run(capsys, "build")
    assert code == 1
    lines = [line for line in err.splitlines() if f"reported/{name}" in line]
    assert any(re.search(r"\b2\b", line) and "metric" in line for line in lines), err


# --- report parameters carrying code, quotes or paths that leave the project --------------------
ROOT = Path(__file__).resolve().parents[1]
HOSTILE_REPORTS = [
    ("as_of escapes", ["--as-of", "../../../../escape"], "as_of"),
    ("as_of smuggles a path", ["--as-of", "2024-05-02/../../../escape"], "as_of"),
    ("geo escapes", ["--geo", "../../escape"], "geo"),
    (
        "metric carries code",
        ["--metric", "x'); __import__('os').system('touch PWNED'); ('"],
        "metric",
    ),
    ("lang carries a quote", ["--lang", 'vi"; import os #'], "lang"),
    ("parameter name is code", ["--set", "__import__('os').system('touch PWNED')=1"], "parameter"),
    ("unknown parameter", ["--set", "output_path=../../escape"], "output_path"),
]


@pytest.fixture
def with_notebooks(built: Path) -> Path:
    if not (ROOT / "notebooks").is_dir():
        pytest.skip("no notebooks/ in this checkout")
    shutil.copytree(ROOT / "notebooks", built / "notebooks")
    return built


@pytest.mark.parametrize(
    ("extra", "word"), [c[1:] for c in HOSTILE_REPORTS], ids=[c[0] for c in HOSTILE_REPORTS]
)
def test_hostile_report_parameters_are_refused_before_anything_runs(
    with_notebooks: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    word: str,
) -> None:
    pytest.importorskip("de06metrics.reports.runner")
    monkeypatch.chdir(with_notebooks)
    before = snapshot(with_notebooks)
    everything = sorted(p for p in tmp_path.rglob("*"))
    code, out, err = run(capsys, "report", "trend", "--no-figures", *extra)
    assert code in (1, 2), out + err
    assert "Traceback" not in out + err
    assert_says(err, [word])
    assert snapshot(with_notebooks) == before
    assert sorted(p for p in tmp_path.rglob("*")) == everything
    assert not list(tmp_path.parent.glob("escape*"))
