"""The briefing deck end to end on fixture data: rendered once per language, then inspected."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_fixtures import make_project

from de06metrics.errors import De06Error
from de06metrics.io import sha256_file
from de06metrics.reports import deck as d

pptx = pytest.importorskip("pptx")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("deck_project")
    env = make_project(root)
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        plan = d.plan_deck(lang="vi")
        result = d.render_deck(plan, jobs=2)
        yield root, plan, result


def _sidecars(result) -> list[dict]:
    out = []
    for r in result.reports:
        for p in sorted((r.out_dir / "figures").glob("*.json")):
            if not p.name.startswith("_"):
                out.append(json.loads(p.read_text(encoding="utf-8")))
    return out


def test_deck_has_a_title_slide_the_overview_then_one_slide_per_chart(project):
    _, plan, result = project
    assert result.status == "rendered", result.message
    assert result.pptx.name == f"deck-2024-06-30-vi-{plan.data_hash}.pptx"
    prs = pptx.Presentation(str(result.pptx))
    charts = _sidecars(result)
    slides = list(prs.slides)
    assert len(slides) == 1 + len(charts) == result.slides
    assert slides[0].shapes.title.text == "Đề án 06 – báo cáo nhanh"
    assert "30/06/2024" in slides[0].placeholders[1].text
    titles = [s.shapes.title.text for s in slides[1:]]
    assert titles[0] == "2/3 mục tiêu đã đạt hoặc đúng tiến độ"  # the progress overview
    assert sorted(titles) == sorted(c["title"] for c in charts)
    kinds = [next(c["kind"] for c in charts if c["title"] == t) for t in titles]
    assert kinds == sorted(kinds, key=["overview", "trend", "target", "province"].index)
    assert kinds.count("province") == 2  # the ranking and the top/bottom trends


def test_every_chart_slide_is_a_full_width_16_9_picture_with_notes_and_footer(project):
    _, _, result = project
    prs = pptx.Presentation(str(result.pptx))
    assert prs.slide_width * 9 == prs.slide_height * 16
    for slide in list(prs.slides)[1:]:
        pics = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pics) == 1
        pic = pics[0]
        assert (pic.left, pic.top, pic.width) == (0, 0, prs.slide_width)
        assert pic.height == prs.slide_height  # 1280×720 PNG: 16:9, not stretched
        footer = next(s for s in slide.shapes if s.name == "Footer").text_frame.text
        assert footer.startswith("Nguồn")
        notes = slide.notes_slide.notes_text_frame.text
        assert "Số liệu trên biểu đồ:" in notes and "(fixture)”" in notes  # figures with quotes
        assert footer in notes


def test_trend_notes_hold_the_narrative_and_each_plotted_figure(project):
    _, _, result = project
    prs = pptx.Presentation(str(result.pptx))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    vneid = next(n for n in notes if n.startswith("Số tài khoản định danh điện tử đã cấp:"))
    assert "80–82 triệu tính đến 30/06/2024" in vneid
    assert "• 30/06/2024 · 80–82 triệu · Tạp chí Ứng dụng Số (30/06/2024): “80-82 triệu" in vneid
    assert vneid.count("• ") == 4  # four reference dates plotted


def test_rerun_is_a_no_op_and_force_rebuilds(project):
    _, plan, result = project
    before = sha256_file(result.pptx)
    again = d.render_deck(plan)
    assert again.status == "up_to_date" and sha256_file(again.pptx) == before
    forced = d.render_deck(plan, force=True)
    assert forced.status == "rendered"
    manifest = json.loads((plan.out_dir / "manifest-vi.json").read_text(encoding="utf-8"))
    assert manifest["run_key"] == plan.run_key and len(manifest["slides"]) == forced.slides - 1
    assert [f["path"] for f in manifest["files"]] == [forced.pptx.name]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "'fr' is not a report language; use vi or en"),
        ({"metrics": ["no_such_metric"]}, "unknown metric 'no_such_metric'"),
        ({"as_of": "2019-01-01"}, "no figure was published on or before 2019-01-01"),
    ],
)
def test_bad_parameters_fail_clearly_and_keep_the_last_good_deck(project, kwargs, message):
    _, _, result = project
    before = sha256_file(result.pptx)
    with pytest.raises(De06Error, match=re.escape(message)):
        d.plan_deck(**kwargs)
    assert sha256_file(result.pptx) == before


def test_a_failed_build_is_recorded_and_the_last_good_deck_stays(project, monkeypatch):
    root, plan, result = project
    before = sha256_file(result.pptx)

    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(d, "build_pptx", boom)
    failed = d.render_deck(plan, force=True)
    assert failed.status == "failed" and "disk on fire" in failed.message
    record = root / "reports" / "_failed" / f"{plan.stem}.json"
    assert json.loads(record.read_text(encoding="utf-8"))["report"] == "deck"
    assert sha256_file(result.pptx) == before
    assert not [p for p in (root / "reports" / "deck").iterdir() if p.name.startswith(".")]


def test_cli_deck_is_a_no_op_when_nothing_changed_and_refuses_bad_values(project, capsys):
    from de06metrics.cli import main

    assert project  # the vi deck rendered by the fixture (and not yet the en one)
    with pytest.raises(SystemExit) as exc:
        main(["report", "deck", "--lang", "vi"])
    assert exc.value.code == 0 and "up to date (no-op)" in capsys.readouterr().out
    for argv, message in (
        (["report", "deck", "--lang", "fr"], "use vi or en"),
        (["report", "deck", "--metric", "nope"], "unknown metric 'nope'"),
        (["report", "deck", "--as-of", "2019-01-01"], "no figure was published"),
    ):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 1, argv
        assert message in capsys.readouterr().err, argv


def test_english_deck_has_english_titles_and_notes(project):
    _, _, _ = project
    plan = d.plan_deck(lang="en")
    result = d.render_deck(plan, jobs=2)
    assert result.status == "rendered", result.message
    prs = pptx.Presentation(str(result.pptx))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "Đề án 06 – briefing"
    assert titles[1] == "2 of 3 targets achieved or on track"
    viet = re.compile(r"[À-ỹĐđ]")
    for title in titles[1:]:
        assert not viet.search(title), title
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "Figures on this chart:" in notes and "Số liệu trên biểu đồ" not in notes
    # both languages' decks live side by side
    assert len(list(plan.out_dir.glob("deck-*.pptx"))) == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_deck_to_one_pdf_page_per_slide(project, tmp_path):
    _, _, result = project
    prs = pptx.Presentation(str(result.pptx))
    proc = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(result.pptx)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / (result.pptx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages == len(prs.slides)


def test_deck_is_listed_with_its_reports_in_the_manifest(project):
    _, plan, _ = project
    m = json.loads((plan.out_dir / "manifest-vi.json").read_text(encoding="utf-8"))
    assert [r["report"] for r in m["reports"]] == ["progress", "trend", "provinces"]
    assert m["library_digest"] and m["data_hash"] == plan.data_hash
    assert Path(plan.out_dir / m["files"][0]["path"]).exists()
