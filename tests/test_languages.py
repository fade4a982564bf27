"""No English inside a Vietnamese report and no Vietnamese inside an English one.

Renders every section of the trend, progress and provinces reports through `ReportContext` (the
code the notebooks call) in both languages on fixture data, collects every HTML fragment and
every word on every chart (titles, subtitles, annotations, bar and point labels, hover text),
and checks each language's text against the other language's vocabulary. Proper nouns from the
data (publishers, source titles, quotes, area names, the programme's name) are allowed in both.
"""

from __future__ import annotations

import html
import re

import polars as pl
import pytest
from report_fixtures import make_project

from de06metrics.present import message_keys, template
from de06metrics.reports.context import ReportContext, open_report

VIET = re.compile(r"[À-ỹĐđ]")
WORD = re.compile(r"[A-Za-z]+")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a status or note code that leaked untranslated


def _words(lang: str) -> set[str]:
    out = set()
    for key in message_keys(lang):
        text = re.sub(r"\{[^}]*\}", " ", template(key, lang))
        out |= {w.lower() for w in WORD.findall(text)}
    return out


#: English words of the English table that the Vietnamese table never uses.
ENGLISH = {w for w in _words("en") - _words("vi") if len(w) >= 3} | {"the", "and", "since"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("lang_project")
    env = make_project(root, notebooks=False)
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        yield root


def _figure_text(fig) -> list[str]:
    lay = fig.layout
    out = [lay.title.text or "", lay.title.subtitle.text or ""]
    out += [a.text or "" for a in lay.annotations]
    for tr in fig.data:
        for attr in ("text", "hovertext"):
            v = getattr(tr, attr, None)
            if isinstance(v, str):
                out.append(v)
            elif v is not None:
                out += [str(x) for x in v]
    return out


def _render_all(lang: str, monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ReportContext, "html", lambda self, frag: shown.append(frag))
    monkeypatch.setattr(
        ReportContext, "publish", lambda self, fig, subject, **kw: shown.extend(_figure_text(fig))
    )
    for report in ("trend", "progress", "provinces"):
        ctx = open_report(report, lang=lang)
        ctx.header()
        if report == "trend":
            for m in ctx.pick_metrics([]):
                ctx.trend_section(m)
        elif report == "progress":
            ctx.progress_overview([])
            ctx.progress_table([])
            for t in ctx.pick_targets([])["target_id"]:
                ctx.target_section(t)
        else:
            metrics = ctx.province_metrics([])
            assert metrics == ["vneid_accounts_issued"]
            for m in metrics:
                ctx.province_section(m)
        ctx.sources_section()
    return shown


def _proper_nouns(ctx: ReportContext) -> list[str]:
    reg = ctx.registry
    names = [*reg.sources["publisher"], *reg.sources["title"]]
    names += [*reg.areas["name"], *reg.areas["official_name"], *reg.areas["name_en"]]
    names += [*ctx.observations["as_written"], *ctx.observations["quote"].drop_nulls()]
    names += ["Đề án 06"]
    return sorted({n for n in names if n}, key=len, reverse=True)


def _plain(fragment: str, nouns: list[str]) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    for n in nouns:
        text = text.replace(n, " ")
    text = re.sub(r"https?://\S+|javascript:\S+", " ", text)
    return text


def test_vietnamese_report_has_no_english(project, monkeypatch):
    shown = _render_all("vi", monkeypatch)
    nouns = _proper_nouns(open_report("trend", lang="vi"))
    text = _plain("\n".join(shown), nouns)
    english = sorted({w for w in WORD.findall(text) if w.lower() in ENGLISH})
    assert english == [], english
    assert CODE.findall(text) == []
    assert "Ninh Bình" in "\n".join(shown)  # the provinces were really rendered


def test_english_report_has_no_vietnamese(project, monkeypatch):
    shown = _render_all("en", monkeypatch)
    nouns = _proper_nouns(open_report("trend", lang="en"))
    text = _plain("\n".join(shown), nouns)
    leftovers = sorted({m.group(0) for m in re.finditer(r"\S*[À-ỹĐđ]\S*", text)})
    assert leftovers == [], leftovers
    assert CODE.findall(text) == []
    assert "provinces" in text and "Ninh Binh" in "\n".join(shown)


def test_province_ranking_is_highest_first_with_dates_and_stale_marked(project, monkeypatch):
    figs = []
    monkeypatch.setattr(ReportContext, "html", lambda self, frag: None)
    monkeypatch.setattr(ReportContext, "publish", lambda self, fig, subject, **kw: figs.append(fig))
    ctx = open_report("provinces", lang="vi")
    ctx.province_section("vneid_accounts_issued")
    ranking, trends = figs
    bars = ranking.data[0]
    assert list(bars.y) == ["Hà Nội", "Đà Nẵng", "Ninh Bình", "Hà Nam"]
    assert bars.text[0] == "7 triệu · 06/2024"
    assert bars.text[1] == "0,9 triệu · số liệu 12/2023"  # 6 months older than the newest
    national = [a for a in ranking.layout.annotations if a.name == "national"]
    assert national and national[0].text.startswith("Bình quân cả nước")
    # the national figure (80–82 triệu on 30/06/2024) over the fixture's 5 provinces then
    assert national[0].x == pytest.approx(80e6 / 5 / 1e6)
    titles = [a.text for a in trends.layout.annotations if a.text in ("Hà Nội", "Hà Nam")]
    assert sorted(titles) == ["Hà Nam", "Hà Nội"]
    assert (
        trends.layout.title.text == "<b>Cao nhất Hà Nội, thấp nhất Hà Nam: diễn biến qua các kỳ</b>"
    )
    ha_noi = next(tr for tr in trends.data if tr.name == "ha_noi")
    assert list(ha_noi.text) == ["", "7"]  # the latest figure, in the panel's scale (triệu)
    assert ctx.series.filter(pl.col("geo") == "ha_noi").height == 2


def test_fewer_than_three_provinces_are_said_not_ranked(project, monkeypatch):
    figs, frags = [], []
    monkeypatch.setattr(ReportContext, "html", lambda self, frag: frags.append(frag))
    monkeypatch.setattr(ReportContext, "publish", lambda self, fig, subject, **kw: figs.append(fig))
    ctx = open_report("provinces", lang="vi")
    few = ~pl.col("geo").is_in(["da_nang", "ninh_binh", "ha_nam"])
    ctx.__dict__["series"] = ctx.series.filter(few)  # at most two provinces left
    ctx.province_section("vneid_accounts_issued")
    assert figs == []  # no one- or two-bar "ranking"
    shown = "\n".join(frags)
    assert "Hà Nội" in shown and "<table" in shown  # said in the summary and the table
