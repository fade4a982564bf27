"""`de06 extract FILE --explain`: each number's stages and rules, printed; review files only with
--out."""

from __future__ import annotations

from pathlib import Path

from clitools import run

ARTICLE = "Tính đến ngày 30/6/2024, Hà Nội đã kích hoạt 6,2 triệu tài khoản định danh điện tử.\n"


def test_explain_prints_each_stage_and_writes_no_review_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "extract", "a.txt", "--published", "2024-07-10", "--explain")
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]  # a pipe: tab-separated lines
    figure = [cells[3:] for cells in lines if cells[2] == "6,2 triệu"]
    assert figure == [
        ["number", "6,200,000 count (exact)", "paragraph block"],
        ["metric", "vneid_accounts_activated", "noun-after+context"],
        ["status", "observation", "no-cue"],
        ["date", "2024-06-30 (stated)", "in-sentence"],
        ["geo", "ha_noi", "named-in-sentence"],
        ["outcome", "row", ""],
    ]
    date_line = [cells[3:] for cells in lines if cells[2] == "30/6/2024"]
    assert date_line[-1] == ["outcome", "unmapped: date or period", ""]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_explain_with_out_also_writes_the_review_files(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out_dir = tmp_path / "review"
    code, out, err = run(
        capsys,
        "extract",
        str(article),
        "--published",
        "2024-07-10",
        "--explain",
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    assert "noun-after+context" in out
    review = (out_dir / "a.review.csv").read_text(encoding="utf-8")
    assert "metric: noun-after+context; date: in-sentence" in review
    assert Path(out_dir / "a.review.unmapped.csv").is_file()
