"""The briefing deck: the reports' exported charts as slides, with their words as notes.

`plan_deck` checks the request (language, metrics, as-of date) by planning the reports the deck
is made of (progress, trend, provinces) — a bad parameter fails here, before anything is
written. `render_deck` renders those reports (a no-op when they are up to date), then assembles
`reports/deck/<as_of>/deck-<as_of>-<lang>-<hash>.pptx` with python-pptx from the PNGs they
exported and the sidecar JSON each chart has (`ReportContext.publish`):

- a title slide: programme, area, as-of date, data vintage;
- the progress overview, then one slide per chart (trends, targets, and the province charts
  of comparisons that rank at least `MIN_PROVINCES` provinces): the PNG at the
  full 16:9 width of the slide (it carries its own title, subtitle and source footer), the
  slide's title placeholder holding the chart's headline sentence and a footer text box holding
  its source line (both just off the page, for the outline, search and screen readers), and
  speaker notes with the narrative sentences and each plotted figure's source, date and quote.

Like the reports: offline, idempotent (same inputs → no-op unless `force`), atomic (built in a
temporary folder, swapped into place), listed in `manifest.json`, and on failure a record in
`reports/_failed/` while the last good deck stays.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from de06metrics import __version__, paths
from de06metrics.errors import De06Error
from de06metrics.fingerprint import library_digest
from de06metrics.io import atomic_write_text, sha256_bytes, sha256_file
from de06metrics.present import check_lang, msg
from de06metrics.reports import runner
from de06metrics.reports.runner import FAILED_DIR, Plan, Result

DECK = "deck"
#: The reports a deck is made of, in slide order after the title (the overview comes first).
PARTS = ("progress", "trend", "provinces")
#: Bump when the deck's layout changes, so decks are rebuilt.
LAYOUT_VERSION = "1"
#: A province comparison goes into the deck when it ranks at least this many provinces (the
#: report itself shows every comparison).
MIN_PROVINCES = 3
#: Speaker notes list at most this many plotted figures.
MAX_FIGURE_LINES = 30
#: 16:9 slide, 13.333 × 7.5 inches in EMU.
SLIDE_W, SLIDE_H = 12192000, 6858000


@dataclass(frozen=True)
class DeckPlan:
    """A checked deck request: the report plans it reads and where the deck goes."""

    root: Path
    as_of: str
    lang: str
    metrics: tuple[str, ...]
    plans: tuple[Plan, ...]
    run_key: str

    @property
    def data_hash(self) -> str:
        return self.plans[0].data_hash

    @property
    def stem(self) -> str:
        return f"{DECK}-{self.as_of}-{self.lang}-{self.data_hash}"

    @property
    def out_dir(self) -> Path:
        return paths.reports_dir(self.root) / DECK / self.as_of


@dataclass
class DeckResult:
    """What happened to the deck."""

    status: str  # rendered | up_to_date | failed
    out_dir: Path
    pptx: Path | None = None
    slides: int = 0
    seconds: float = 0.0
    message: str = ""
    reports: tuple[Result, ...] = ()


def plan_deck(
    *,
    as_of: str | None = None,
    lang: str = "vi",
    metrics: list[str] | None = None,
    root: Path | None = None,
) -> DeckPlan:
    """Check a deck request (language, metrics, date) and fix its inputs; De06Error if wrong."""
    check_lang(lang)
    chosen = list(metrics or [])
    plans = []
    for name in PARTS:
        params: dict = {"lang": lang}
        if chosen and name in ("trend", "provinces"):
            params["metrics"] = chosen
        plan = runner.plan_report(name, as_of=as_of, parameters=params, root=root)
        as_of = plan.as_of
        plans.append(plan)
    key = json.dumps(
        [DECK, LAYOUT_VERSION, lang, chosen, [p.run_key for p in plans], library_digest()]
    )
    return DeckPlan(
        root=plans[0].root,
        as_of=plans[0].as_of,
        lang=lang,
        metrics=tuple(chosen),
        plans=tuple(plans),
        run_key=sha256_bytes(key.encode()),
    )


def up_to_date(plan: DeckPlan) -> bool:
    """True when the deck folder holds a good deck of exactly this plan."""
    manifest = plan.out_dir / f"manifest-{plan.lang}.json"
    return runner.manifest_is_current(manifest, plan.run_key, ("ok",))


def render_deck(
    plan: DeckPlan,
    *,
    force: bool = False,
    jobs: int = 1,
    timeout: float = runner.DEFAULT_TIMEOUT,
) -> DeckResult:
    """Render the deck's reports if needed, then the deck (no-op when up to date, unless
    `force`). A failure leaves the last good deck in place and a record in `_failed/`."""
    start = time.perf_counter()
    reports = tuple(runner.run_plans(plan.plans, jobs=jobs, timeout=timeout))
    failed = [r for r in reports if r.status == "failed"]
    if failed:
        why = "; ".join(f"the {r.report} report failed: {r.message}" for r in failed)
        return _fail(plan, why, reports)
    pptx = plan.out_dir / f"{plan.stem}.pptx"
    if not force and up_to_date(plan):
        return DeckResult("up_to_date", plan.out_dir, pptx, _slides(plan), 0.0, "", reports)
    t0 = time.perf_counter()
    try:
        slides = _sidecars(reports)
        data = build_pptx(plan, slides)
    except De06Error as exc:
        return _fail(plan, exc.describe(), reports)
    except Exception as exc:  # recorded in _failed/ and reported; the last good deck stays
        return _fail(plan, f"{type(exc).__name__}: {exc}", reports)
    build_s = time.perf_counter() - t0
    _write(plan, data, slides, build_s)
    n = len(slides) + 1
    return DeckResult("rendered", plan.out_dir, pptx, n, time.perf_counter() - start, "", reports)


# ---------------------------------------------------------------- inputs


def _sidecars(reports: tuple[Result, ...]) -> list[dict]:
    """Every exported chart's sidecar, in deck order: the overview, then each report's charts
    in the order the report showed them."""
    by_report: dict[str, list[dict]] = {}
    for r in reports:
        folder = r.out_dir / "figures"
        found = []
        for side in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            if side.name.startswith("_"):
                continue
            info = json.loads(side.read_text(encoding="utf-8"))
            png = folder / info["png"]
            if not png.exists():
                raise De06Error("a chart's PNG is missing", file=str(png))
            found.append({**info, "png_path": png})
        if r.export_errors:
            raise De06Error(
                f"the {r.report} report has charts that did not export: "
                f"{r.export_errors[0]['figure']}",
                hint="check that chromium works (`make setup`), then rerun with --force",
            )
        by_report[r.report] = sorted(found, key=lambda x: x.get("order", 0))
    progress = by_report.get("progress", [])
    overview = [s for s in progress if s["kind"] == "overview"]
    targets = [s for s in progress if s["kind"] != "overview"]
    provinces = [s for s in by_report.get("provinces", []) if s.get("areas", 0) >= MIN_PROVINCES]
    return overview + by_report.get("trend", []) + targets + provinces


# ---------------------------------------------------------------- the pptx


def build_pptx(plan: DeckPlan, slides: list[dict]) -> bytes:
    """The deck as bytes: a title slide, then one full-width picture slide per chart."""
    import io

    from pptx import Presentation
    from pptx.util import Emu, Pt

    lang = plan.lang
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    _title_slide(prs, plan)
    layout = prs.slide_layouts[5]  # "Title Only"
    for info in slides:
        slide = prs.slides.add_slide(layout)
        # The picture shows the title and the source line itself; the text placeholders sit
        # just off the slide (the accessible way to hide a title): outline, search and screen
        # readers get the words, the page shows them once.
        title = slide.shapes.title
        title.text = info["title"]
        title.left, title.width, title.height = 0, Emu(SLIDE_W), Emu(900000)
        title.top = Emu(-900000 - 100000)
        footer = slide.shapes.add_textbox(0, Emu(SLIDE_H + 100000), Emu(SLIDE_W), Emu(500000))
        footer.name = "Footer"
        footer.text_frame.text = info["footer"]
        footer.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
        pic = slide.shapes.add_picture(str(info["png_path"]), 0, 0, width=Emu(SLIDE_W))
        pic.name = "Chart"
        pic._element.nvPicPr.cNvPr.set("descr", info["title"])
        slide.notes_slide.notes_text_frame.text = notes_text(info, lang)
    props = prs.core_properties
    props.title = msg("deck.title", lang)
    props.subject = msg("deck.subtitle", lang, area=_area(lang), date=_day(plan.as_of))
    props.language = "vi-VN" if lang == "vi" else "en-GB"
    props.author = "de06metrics"
    props.last_modified_by = "de06metrics"
    props.revision = 1
    when = datetime.fromisoformat(plan.as_of).replace(tzinfo=UTC)
    props.created = props.modified = when
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(prs, plan: DeckPlan) -> None:
    lang = plan.lang
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = msg("deck.title", lang)
    n, sources = _vintage(plan)
    lines = [
        msg("deck.subtitle", lang, area=_area(lang), date=_day(plan.as_of)),
        msg("deck.vintage", lang, hash=plan.data_hash, n=n, sources=sources, version=__version__),
    ]
    slide.placeholders[1].text = "\n".join(lines)


def notes_text(info: dict, lang: str) -> str:
    """Speaker notes: the narrative sentences, then the plotted figures with source and quote."""
    lines = list(info.get("narrative", []))
    figures = info.get("figures", [])
    lines.append("")
    if figures:
        lines.append(msg("deck.notes_figures", lang))
        lines += [f"• {x}" for x in figures[:MAX_FIGURE_LINES]]
        if len(figures) > MAX_FIGURE_LINES:
            lines.append(msg("deck.notes_more", lang, n=len(figures) - MAX_FIGURE_LINES))
    else:
        lines.append(msg("deck.notes_none", lang))
    lines += ["", info.get("footer", "")]
    return "\n".join(lines).strip()


def _area(lang: str) -> str:
    """The country's name in `lang`, from the areas registry."""
    import polars as pl

    from de06metrics.registry import load_registry

    areas = load_registry(paths.registry_dir()).areas.filter(pl.col("code") == "VN")
    return areas["name_en" if lang == "en" else "name"][0] if areas.height else "VN"


def _day(iso: str):
    from datetime import date

    return date.fromisoformat(iso)


def _vintage(plan: DeckPlan) -> tuple[int, int]:
    """How many figures, from how many sources, were published up to the as-of date."""
    import polars as pl

    from de06metrics.load import load_observations

    obs = load_observations(root=plan.root).filter(pl.col("published") <= _day(plan.as_of))
    return obs.height, obs["source_id"].n_unique()


# ---------------------------------------------------------------- files


def _write(plan: DeckPlan, data: bytes, slides: list[dict], build_s: float) -> None:
    """Swap the new deck into `reports/deck/<as_of>/` (other languages' decks are kept)."""
    plan.out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{plan.as_of}.tmp-", dir=plan.out_dir.parent))
    try:
        if plan.out_dir.exists():
            for old in plan.out_dir.iterdir():
                mine = old.name.startswith(f"{DECK}-{plan.as_of}-{plan.lang}-") or (
                    old.name == f"manifest-{plan.lang}.json"
                )
                if old.is_file() and not mine:
                    shutil.copy2(old, tmp / old.name)
        pptx = tmp / f"{plan.stem}.pptx"
        pptx.write_bytes(data)
        manifest = {
            "report": DECK,
            "as_of": plan.as_of,
            "lang": plan.lang,
            "status": "ok",
            "metrics": list(plan.metrics),
            "run_key": plan.run_key,
            "data_hash": plan.data_hash,
            "package_version": __version__,
            "library_digest": library_digest(),
            "reports": [{"report": p.spec.name, "run_key": p.run_key} for p in plan.plans],
            "slides": [{"title": s["title"], "png": s["png"]} for s in slides],
            "rendered_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "timings": {"build_s": round(build_s, 3)},
            "files": [
                {"path": pptx.name, "sha256": sha256_file(pptx), "bytes": pptx.stat().st_size}
            ],
        }
        atomic_write_text(
            tmp / f"manifest-{plan.lang}.json", json.dumps(manifest, ensure_ascii=False, indent=1)
        )
        runner._swap_into_place(tmp, plan.out_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _slides(plan: DeckPlan) -> int:
    m = json.loads((plan.out_dir / f"manifest-{plan.lang}.json").read_text(encoding="utf-8"))
    return len(m.get("slides", [])) + 1


def _fail(plan: DeckPlan, message: str, reports: tuple[Result, ...]) -> DeckResult:
    failed_dir = paths.reports_dir(plan.root) / FAILED_DIR
    failed_dir.mkdir(parents=True, exist_ok=True)
    record = {"report": DECK, "as_of": plan.as_of, "lang": plan.lang, "message": message}
    atomic_write_text(
        failed_dir / f"{plan.stem}.json", json.dumps(record, ensure_ascii=False, indent=1)
    )
    return DeckResult("failed", plan.out_dir, None, 0, 0.0, message, reports)
