"""`de06 build`: raw → validated long table, all or nothing, deterministic, no-op when unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from minidata import MINI, mini_rows, write_reported

from de06metrics import build, load_observations, load_targets, raw
from de06metrics.errors import De06Error
from de06metrics.validate import De06ValidationError

TODAY = date(2026, 1, 1)  # build date: fixed, so "future" is reproducible


def _snapshot(project: Path) -> dict[str, bytes]:
    clean = project / "data/clean"
    return {p.name: p.read_bytes() for p in clean.glob("*") if p.is_file()}


def test_build_writes_the_validated_long_table(project: Path) -> None:
    result = build.build(project, today=TODAY)
    assert result.status == "built"
    obs = load_observations(root=project)
    assert obs.height == 7
    chip = obs.filter(pl.col("metric") == "cccd_chip_issued").row(0, named=True)
    assert (chip["value"], chip["lower"], chip["upper"]) == (86_000_000, 86_000_000, None)
    assert str(chip["published"]) == "2023-12-21"
    assert chip["source_file"] == "reported/mini.csv" and chip["source_row"] == 1
    assert load_targets(root=project)["id"].to_list() == ["vneid_accounts_40m"]
    meta = json.loads((project / "data/clean/build.json").read_text())
    assert meta["rows"] == {"observations": 7, "targets": 1}


def test_as_of_keeps_only_figures_published_by_then(project: Path) -> None:
    build.build(project, today=TODAY)
    assert load_observations("2023-12-31", root=project)["source_id"].unique().to_list() == [
        "gov_report_2023"
    ]
    assert load_observations("2024-05-02", root=project).height == 7


def test_same_inputs_same_bytes_and_unchanged_inputs_are_a_no_op(project: Path) -> None:
    build.build(project, today=TODAY)
    first = _snapshot(project)
    again = build.build(project, today=TODAY)
    assert again.status == "up_to_date"
    forced = build.build(project, today=TODAY, force=True)
    assert forced.status == "built"
    assert _snapshot(project) == first


def test_a_hand_edited_output_is_refused_on_load(project: Path) -> None:
    build.build(project, today=TODAY)
    (project / "data/clean/observations.parquet").write_bytes(b"not parquet")
    with pytest.raises(De06Error, match="does not match the build"):
        load_observations(root=project)


def test_build_refuses_raw_files_changed_behind_the_manifest(project: Path) -> None:
    path = project / "data/raw/reported/mini.csv"
    path.write_bytes(path.read_bytes().replace(b"86000000,86000000", b"87000000,87000000"))
    with pytest.raises(De06Error, match="changed since it was registered"):
        build.build(project, today=TODAY)


# One failing example per validation rule: (row index, field changes, column, rule fragment).
RULES = [
    ("not a number", 0, {"value": "86,5"}, "value", "plain number"),
    ("impossible date", 0, {"period_end": "2023-02-30"}, "period_end", "real ISO date"),
    ("required field", 0, {"quote": ""}, "quote", "is required"),
    ("unknown metric", 0, {"metric": "cccd_typo"}, "metric", "metrics registry"),
    ("unknown area", 0, {"geo": "atlantis"}, "geo", "areas registry"),
    ("unknown source", 0, {"source_id": "nobody"}, "source_id", "sources.yaml"),
    ("wrong unit", 0, {"unit": "vnd"}, "unit", "metric's unit"),
    ("unknown qualifier", 0, {"qualifier": "roughly"}, "qualifier", "isin"),
    ("unknown status", 0, {"status": "achieved"}, "status", "isin"),
    ("unknown date basis", 0, {"date_basis": "guess"}, "date_basis", "isin"),
    ("bound contradicts value", 0, {"lower": "90000000"}, "(row)", "lower <= value <= upper"),
    ("bound missing", 0, {"lower": ""}, "(row)", "bounds follow the qualifier"),
    ("period reversed", 0, {"period_start": "2024-01-01"}, "(row)", "period_start <= period_end"),
    ("after publication", 0, {"period_end": "2024-01-15"}, "(row)", "not after its publication"),
    ("percent not fraction", 5, {"value": "95"}, "(row)", "fractions within [0, 1]"),
    ("negative count", 4, {"value": "-8500000"}, "(row)", "not negative"),
    ("above denominator", 4, {"denominator": "100"}, "(row)", "not above its denominator"),
    ("future date", 5, {"period_end": "2026-03-01"}, "period_end", "not in the future"),
    ("as written disagrees", 0, {"as_written": "hơn 85 triệu"}, "value", "agrees with as_written"),
    ("unreadable figure", 0, {"as_written": "rất nhiều"}, "as_written", "readable figure"),
]


@pytest.mark.parametrize(
    ("index", "change", "column", "rule"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
def test_each_rule_fails_loudly_and_keeps_the_last_good_build(
    project: Path, index: int, change: dict[str, str], column: str, rule: str
) -> None:
    build.build(project, today=TODAY)
    before = _snapshot(project)
    rows = mini_rows()
    rows[index].update(change)
    write_reported(project, rows)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    failures = err.value.failures
    hit = failures.filter(
        (pl.col("column") == column) & pl.col("rule").str.contains(rule, literal=True)
    )
    assert hit.height >= 1, failures
    assert hit["file"][0] == "reported/mini.csv" and hit["row"][0] == index + 1
    assert _snapshot(project) == before
    quarantined = (project / "data/clean/_quarantine/mini.csv").read_text(encoding="utf-8")
    assert rule.split()[0] in quarantined or column in quarantined


def test_duplicate_natural_key_names_both_rows(project: Path) -> None:
    rows = mini_rows()
    rows.append(dict(rows[0], quote="hơn 86 triệu thẻ (nhắc lại)"))
    write_reported(project, rows)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    dup = err.value.failures.filter(pl.col("rule").str.contains("uniqueness"))
    assert sorted(dup["row"].to_list()) == [1, 8]


def test_every_failure_is_reported_at_once(project: Path) -> None:
    rows = mini_rows()
    rows[0]["metric"] = "cccd_typo"
    rows[1]["geo"] = "atlantis"
    rows[3]["value"] = "abc"
    write_reported(project, rows)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    assert set(err.value.failures["row"].to_list()) >= {1, 2, 4}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        ("\ufeffsource_id;metric\n".encode("utf-16"), "UTF-16"),
        (b"source_id;metric;geo\n", "not comma-separated"),
        (MINI.read_bytes().splitlines()[0] + b"\ngov,x,VN,h\xf5n 86 tri\xea\xf2u\n", "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ],
    ids=["empty", "utf16", "semicolons", "windows-1258", "binary"],
)
def test_unusable_files_get_one_clear_error(project: Path, content: bytes, message: str) -> None:
    path = project / "data/raw/reported/bad.csv"
    path.write_bytes(content)
    raw.add(path, root=project)
    with pytest.raises(De06Error, match=message) as err:
        build.build(project, today=TODAY)
    assert "reported/bad.csv" in str(err.value)


def test_a_short_row_is_named(project: Path) -> None:
    text = MINI.read_text(encoding="utf-8").splitlines()
    text[3] = ",".join(text[3].split(",")[:-3])
    path = project / "data/raw/reported/mini.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    raw.add(path, replace=True, root=project)
    with pytest.raises(De06Error, match="row 3") as err:
        build.build(project, today=TODAY)
    assert "fewer than the header" in str(err.value)


def test_nfd_text_is_normalized_with_a_warning(project: Path) -> None:
    import unicodedata

    path = project / "data/raw/reported/mini.csv"
    path.write_text(unicodedata.normalize("NFD", MINI.read_text(encoding="utf-8")), "utf-8")
    raw.add(path, replace=True, root=project)
    result = build.build(project, today=TODAY)
    assert any("NFD" in w for w in result.warnings)
    quote = result.observations.filter(pl.col("metric") == "cccd_chip_issued")["quote"][0]
    assert quote == unicodedata.normalize("NFC", quote)


# The build reads plain figure texts with a vectorized fast path; it must agree with the parser.
_digits3 = st.integers(1, 999)
_groups = st.lists(st.integers(0, 999), max_size=3)
_plain_number = st.one_of(
    st.builds(lambda h, g: ".".join([str(h), *(f"{x:03d}" for x in g)]), _digits3, _groups),
    st.builds(
        lambda i, f, s: f"{i}{',' + f if f else ''} {s}",
        _digits3,
        st.sampled_from(["", "5", "25", "05", "9"]),
        st.sampled_from(["nghìn tỷ", "nghìn", "triệu", "tỷ"]),
    ),
    st.builds(
        lambda i, f: f"{i}{',' + f if f else ''}%",
        st.integers(0, 99),
        st.sampled_from(["", "5", "02", "75"]),
    ),
)
_plain_text = st.builds(
    lambda q, n, u: f"{q}{n}{u}",
    st.sampled_from(["", "hơn ", "trên ", "gần ", "khoảng ", "đạt "]),
    _plain_number,
    st.sampled_from(["", " đồng"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_plain_text, min_size=1, max_size=20, unique=True))
def test_the_fast_reading_of_plain_figures_agrees_with_the_parser(texts: list[str]) -> None:
    series = pl.Series(texts, dtype=pl.String)
    fast = build._parsed_figures(series).sort("as_written")
    reference = build._parse_each(series).sort("as_written")
    assert fast["as_written"].to_list() == reference["as_written"].to_list()
    for column in ("readable", "parsed_qualifier", "parsed_unit"):
        assert fast[column].to_list() == reference[column].to_list(), column
    for column in ("parsed_value", "parsed_lower", "parsed_upper", "parsed_denominator"):
        for a, b in zip(fast[column], reference[column], strict=True):
            assert (a is None) == (b is None), (column, texts)
            if a is not None:
                assert a == pytest.approx(b, rel=1e-12), (column, texts)
