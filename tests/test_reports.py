"""Reports end to end: every notebook through the runner on fixture data (one render, reused)."""

from __future__ import annotations

import json
import os
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from report_fixtures import EVIL_TITLE, make_project

from de06metrics.errors import De06Error
from de06metrics.io import sha256_file
from de06metrics.registry import load_registry
from de06metrics.reports import html as h
from de06metrics.reports.runner import plan_report, render, run_plans
from de06metrics.reports.specs import validate_parameters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports_project")
    env = make_project(root)
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        plans = [
            plan_report("trend", parameters={"lang": "vi"}),
            plan_report("progress", parameters={"lang": "vi"}),
            plan_report("explore", parameters={"lang": "en", "export": False}),
        ]
        results = {r.report: r for r in run_plans(plans, jobs=2)}
        yield root, plans, results


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_every_notebook_renders(project):
    _, _, results = project
    assert {r: x.status for r, x in results.items()} == dict.fromkeys(
        ("trend", "progress", "explore"), "rendered"
    ), {r: x.message for r, x in results.items()}


def test_trend_html_has_title_sources_metrics_and_nothing_external(project):
    _, plans, results = project
    r = results["trend"]
    assert r.html.name == f"trend-2024-06-30-{plans[0].data_hash}.html"
    page = r.html.read_text(encoding="utf-8")
    assert "Đề án 06: xu hướng các chỉ tiêu" in page
    assert "Nguồn" in page and "Văn phòng Chính phủ" in page
    for label in (
        "Số thẻ căn cước công dân gắn chip đã cấp",
        "Số tài khoản định danh điện tử đã cấp",
        "Giá trị thanh toán trực tuyến",
    ):
        assert label in page
    assert h.external_references(page) == []
    assert page.count("plotly.js v") == 1  # inlined once
    assert "import de06metrics" not in page and "open_report(" not in page  # no code cells
    # a source title carrying <script> shows as text, never as a tag; javascript: is no link
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page and EVIL_TITLE not in page
    assert 'href="javascript:' not in page


def test_progress_html_has_table_with_status_words(project):
    _, _, results = project
    page = results["progress"].html.read_text(encoding="utf-8")
    assert "Đề án 06: tiến độ so với mục tiêu" in page
    for word in ("Đã đạt", "Mục tiêu", "Tình trạng"):
        assert word in page
    assert h.external_references(page) == []


def test_figures_are_slide_sized_png_and_parseable_svg(project):
    _, _, results = project
    figs = results["trend"].figures + results["progress"].figures
    pngs = [f for f in figs if f.suffix == ".png"]
    svgs = [f for f in figs if f.suffix == ".svg"]
    assert len(pngs) == len(svgs) == 3 + 4  # 3 metrics; overview + 3 targets
    assert {_png_size(p) for p in pngs} == {(2560, 1440)}
    for s in svgs:
        assert ET.parse(s).getroot().tag.endswith("svg")
    assert any(
        p.name == "progress-overview-2024-06-30-" + p.stem.split("-")[-1] + ".png" for p in pngs
    )


def test_manifest_records_parameters_data_hash_timings_and_files(project):
    _, plans, results = project
    m = json.loads((results["trend"].out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "ok" and m["parameters"]["as_of"] == "2024-06-30"
    assert m["data_hash"] == plans[0].data_hash and m["package_version"]
    assert m["timings"]["execute_s"] > 0
    for f in m["files"]:
        assert sha256_file(results["trend"].out_dir / f["path"]) == f["sha256"]
    assert not (results["explore"].out_dir / "figures").exists()  # export=False


def test_rerun_is_a_no_op_and_force_rerenders_in_place(project):
    root, plans, results = project
    manifest = results["explore"].out_dir / "manifest.json"
    before = manifest.read_bytes()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DE06_ROOT", str(root))
        mp.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
        again = plan_report("explore", parameters={"lang": "en", "export": False})
        assert again.run_key == plans[2].run_key
        assert render(again).status == "up_to_date"
        assert manifest.read_bytes() == before


def test_failed_run_lands_in_failed_and_keeps_the_last_good_report(project):
    root, _, results = project
    nb = root / "notebooks" / "explore.py"
    good = nb.read_text(encoding="utf-8")
    manifest = results["explore"].out_dir / "manifest.json"
    before = manifest.read_bytes()
    try:
        nb.write_text(good + '\n# %%\nraise RuntimeError("deliberate failure")\n', "utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("DE06_ROOT", str(root))
            mp.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
            plan = plan_report("explore", parameters={"lang": "en", "export": False})
            r = render(plan)
    finally:
        nb.write_text(good, "utf-8")
    assert r.status == "failed" and "deliberate failure" in r.message
    assert r.failed_notebook == root / "reports" / "_failed" / f"{plan.stem}.ipynb"
    assert "deliberate failure" in r.failed_notebook.read_text(encoding="utf-8")
    assert manifest.read_bytes() == before
    leftovers = [p for p in (root / "reports" / "explore").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_cli_refuses_unknown_parameters_and_bad_values(project, capsys, monkeypatch):
    from de06metrics.cli import main

    root, _, _ = project
    monkeypatch.setenv("DE06_ROOT", str(root))
    monkeypatch.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
    cases = [
        (["report", "trend", "--set", "colour=1"], "unknown parameter 'colour'"),
        (["report", "trend", "--metric", "no_such_metric"], "unknown metric 'no_such_metric'"),
        (["report", "trend", "--as-of", "30/06/2024"], "is not a date"),
        (["report", "progress", "--lang", "fr"], "use vi or en"),
        (["report", "trend", "--geo", "../etc"], "not allowed"),
    ]
    for argv, message in cases:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 1, argv
        assert message in capsys.readouterr().err, argv


def test_cli_all_is_a_no_op_when_nothing_changed(project, capsys, monkeypatch):
    from de06metrics.cli import main

    root, _, _ = project
    monkeypatch.setenv("DE06_ROOT", str(root))
    monkeypatch.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
    with pytest.raises(SystemExit) as exc:
        main(["report", "trend", "--lang", "vi"])
    out = capsys.readouterr().out
    assert exc.value.code == 0 and "up to date" in out and "HTML of trend" in out


def test_parameters_carrying_code_are_refused():
    os.environ.setdefault("DE06_REGISTRY_DIR", "")
    reg = load_registry()
    declared = {"as_of": {}, "metrics": {}, "extra": {}}
    with pytest.raises(De06Error, match="not allowed"):
        validate_parameters("trend", {"extra": "'; import os; '"}, declared, reg)
    with pytest.raises(De06Error, match="not a parameter name"):
        validate_parameters("trend", {"a b": 1}, declared, reg)
    ok = validate_parameters("trend", {"as_of": "2024-06-30", "extra": 3}, declared, reg)
    assert ok == {"as_of": "2024-06-30", "extra": 3}


def test_a_change_to_the_library_code_re_renders(project, monkeypatch):
    from de06metrics.reports import runner
    from de06metrics.reports.runner import up_to_date

    root, _, _ = project
    monkeypatch.setenv("DE06_ROOT", str(root))
    monkeypatch.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
    same = plan_report("trend", parameters={"lang": "vi"})
    assert up_to_date(same)
    monkeypatch.setattr(runner, "library_digest", lambda: "0" * 64)  # e.g. a fix to progress.py
    changed = plan_report("trend", parameters={"lang": "vi"})
    assert changed.run_key != same.run_key and not up_to_date(changed)


def test_an_as_of_before_any_publication_is_refused(project, monkeypatch):
    root, _, _ = project
    monkeypatch.setenv("DE06_ROOT", str(root))
    monkeypatch.setenv("DE06_REGISTRY_DIR", str(root / "registry"))
    with pytest.raises(De06Error, match="the first publication is dated 2023-12-21"):
        plan_report("progress", as_of="2020-01-01")
