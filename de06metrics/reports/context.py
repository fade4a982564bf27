"""What a report notebook calls: one `ReportContext` with the data as known on `as_of`.

The notebook stays thin (parameters, then calls like `ctx.trend_section(metric)`); everything it
shows is computed here or in `series`/`progress`/`charts`, so the same numbers come out of a
notebook, a test and the CLI. No wall-clock date is used anywhere: `as_of` defaults to the newest
publication date in the data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import polars as pl

from de06metrics import charts, paths
from de06metrics.charts import text as t
from de06metrics.charts import theme
from de06metrics.charts.facts import trend_facts
from de06metrics.charts.provinces import MIN_RANKED
from de06metrics.io import atomic_write_text
from de06metrics.load import load_observations, load_targets
from de06metrics.present import msg
from de06metrics.present.notes import render_notes
from de06metrics.registry import Registry, load_registry
from de06metrics.reports import html as h
from de06metrics.reports import inputs
from de06metrics.reports import provinces as pv
from de06metrics.reports.narrative import figure_line, metric_summary, target_line
from de06metrics.reports.specs import spec_for

FIGURES_DIR = "figures"


@dataclass
class ReportContext:
    """The data a report sees (published on or before `as_of`) and how to present it."""

    report: str
    as_of: date
    geo: str
    lang: str
    export: bool
    registry: Registry
    observations: pl.DataFrame
    targets: pl.DataFrame
    data_hash: str
    shown_sources: list[str] = field(default_factory=list)
    published: int = 0

    # ------------------------------------------------------------ data

    @cached_property
    def series(self) -> pl.DataFrame:
        """Canonical series of every metric and area (one figure per reference date)."""
        return inputs.canonical_series(self.observations, self.as_of, self.registry.sources)

    @cached_property
    def progress(self) -> pl.DataFrame:
        """Progress of every target in this area as of `as_of` (`schema.Progress`)."""
        obs = self.observations.filter(pl.col("status") != "target")
        table = inputs.progress_table(obs, self.targets, self.as_of, self.registry)
        return table.filter(pl.col("geo") == self.geo)

    def metric_series(self, metric: str) -> pl.DataFrame:
        return self.series.filter((pl.col("metric") == metric) & (pl.col("geo") == self.geo))

    def candidates(self, metric: str) -> pl.DataFrame:
        """Every observation of a metric in the area (the rows the series chose from)."""
        return self.observations.filter((pl.col("metric") == metric) & (pl.col("geo") == self.geo))

    def pick_metrics(self, metrics: list[str]) -> list[str]:
        """The metrics asked for, or the registry's headline metrics that have figures here."""
        if metrics:
            return list(metrics)
        with_data = set(self.series.filter(pl.col("geo") == self.geo)["metric"])
        head = self.registry.metrics.filter(pl.col("headline"))["key"].to_list()
        return [m for m in head if m in with_data] or sorted(with_data)

    def pick_targets(self, targets: list[str]) -> pl.DataFrame:
        p = self.progress
        return p.filter(pl.col("target_id").is_in(targets)) if targets else p

    # ------------------------------------------------------------ words

    def label(self, metric: str) -> str:
        return t.nfc(self.registry.label(metric, self.lang))

    def unit(self, metric: str) -> str:
        return self.registry.metric_units.get(metric, "none")

    @cached_property
    def area(self) -> str:
        row = self.registry.areas.filter(pl.col("code") == self.geo).row(0, named=True)
        return t.nfc(row["name_en"] if self.lang == "en" else row["name"])

    def publisher(self, source_id: str) -> str:
        return self.info.sources.get(source_id, (source_id,))[0]

    @cached_property
    def info(self) -> charts.ChartInfo:
        src = self.registry.sources
        pairs = {
            r["id"]: (t.nfc(r["publisher"]), r["published"]) for r in src.iter_rows(named=True)
        }
        return charts.ChartInfo(
            lang=self.lang, as_of=self.as_of, data_hash=self.data_hash, sources=pairs
        )

    @property
    def title(self) -> str:
        return spec_for(self.report).title[self.lang]

    # ------------------------------------------------------------ output

    def figures_dir(self) -> Path | None:
        return Path(FIGURES_DIR) if self.export else None

    def publish(
        self,
        fig,
        subject: str,
        *,
        kind: str = "",
        narrative: list[str] | None = None,
        plotted: pl.DataFrame | None = None,
    ) -> None:
        """Show a chart, export it, and write its sidecar `figures/<stem>.json` (the words the
        deck needs: headline title, subtitle, source line, narrative sentences, and one line per
        plotted figure with its source, date and quote)."""
        stem = charts.figure_stem(self.report, subject, self.as_of.isoformat(), self.data_hash)
        written = charts.publish(fig, stem, directory=self.figures_dir())
        if not written:
            return
        meta = dict(fig.layout.meta or {})
        self.published += 1
        side = {
            "order": self.published,
            "report": self.report,
            "subject": subject,
            "kind": kind or self.report,
            "lang": self.lang,
            "title": meta.get("title", ""),
            "subtitle": meta.get("subtitle", ""),
            "footer": meta.get("footer", ""),
            "narrative": list(narrative or []),
            "figures": self.figure_lines(plotted) if plotted is not None else [],
            "areas": 0 if plotted is None else plotted["geo"].n_unique(),
            "png": f"{stem}.png",
        }
        atomic_write_text(
            Path(self.figures_dir()) / f"{stem}.json",
            json.dumps(side, ensure_ascii=False, indent=1, default=str),
        )

    def figure_lines(self, plotted: pl.DataFrame) -> list[str]:
        """One line per plotted figure: date · figure · publisher (published): “quote”."""
        if plotted.is_empty():
            return []
        keys = ["metric", "geo", "period_end", "source_id"]
        quotes = self.observations.select(*keys, "quote").unique(subset=keys, keep="first")
        rows = (
            plotted.join(quotes, on=keys, how="left") if "quote" not in plotted.columns else plotted
        )
        out = []
        for r in rows.sort("period_end", "geo").iter_rows(named=True):
            pub = self.info.sources.get(r["source_id"], (r["source_id"], None))
            out.append(
                figure_line(r, self.unit(r["metric"]), self.lang, pub[0], pub[1], r.get("quote"))
            )
        return out

    def html(self, fragment: str) -> None:
        from IPython.display import HTML, display

        display(HTML(fragment))

    def header(self) -> None:
        line = msg("report.header", self.lang, area=self.area, date=self.as_of, hash=self.data_hash)
        self.html(h.header(self.title, [line]))

    def trend_section(self, metric: str) -> None:
        """Heading, summary sentence and chart of one metric."""
        s = self.metric_series(metric)
        label, unit = self.label(metric), self.unit(metric)
        facts = trend_facts(s)
        source = self.publisher(facts.latest_source) if facts else ""
        summary = metric_summary(facts, label, unit, self.lang, source)
        self.html(h.heading(label) + h.paragraph(summary))
        fig = charts.trend_figure(
            s,
            label=label,
            unit=unit,
            area=self.area,
            info=self.info,
            candidates=self.candidates(metric),
        )
        self.shown_sources += s["source_id"].to_list()
        self.publish(fig, metric, kind="trend", narrative=[summary], plotted=s)

    def progress_overview(self, targets: list[str]) -> None:
        """The targets at a glance: one chart, or one per `OVERVIEW_ROWS` targets (by deadline)
        when there are more, each titled with the count over all targets."""
        from de06metrics.charts.figures import OVERVIEW_ROWS

        everything = self.pick_targets(targets).sort("deadline", "target_id")
        good = everything.filter(pl.col("status").is_in(["achieved", "on_track"])).height
        pages = max(1, -(-everything.height // OVERVIEW_ROWS))
        for i in range(pages):
            p = everything.slice(i * OVERVIEW_ROWS, OVERVIEW_ROWS)
            labels = {r["target_id"]: self._short_target(r) for r in p.iter_rows(named=True)}
            ids = self._target_sources(p)
            fig = charts.progress_overview_figure(
                p, labels=labels, area=self.area, info=self.info, sources=ids,
                series=self.series, counts=(good, everything.height), part=(i + 1, pages),
            )  # fmt: skip
            self.shown_sources += ids
            narrative = [
                f"{labels[r['target_id']]}: {t.status_word(r['status'], self.lang)}"
                for r in p.iter_rows(named=True)
            ]
            latest = self.series.join(
                p.select(
                    "metric", "geo", pl.col("latest_date").alias("period_end"),
                    pl.col("latest_source_id").alias("source_id"),
                ),
                on=["metric", "geo", "period_end", "source_id"],
            )  # fmt: skip
            subject = "overview" if i == 0 else f"overview-{i + 1}"
            self.publish(fig, subject, kind="overview", narrative=narrative, plotted=latest)

    def progress_table(self, targets: list[str]) -> None:
        p = self.pick_targets(targets)
        names = ("target", "status", "latest", "date", "gap_closed", "pace", "projected")
        cols = [msg(f"col.{c}", self.lang) for c in names]
        rows = []
        for r in p.iter_rows(named=True):
            unit = self.unit(r["metric"])
            chip = h.status_chip(
                t.status_word(r["status"], self.lang),
                theme.STATUS_COLORS.get(r["status"], "#616e7c"),
            )
            rows.append(
                [
                    target_line(r, self.label(r["metric"]), unit, self.lang),
                    chip,
                    _value(r["latest_value"], unit, self.lang),
                    t.date_text(r["latest_date"], self.lang) if r["latest_date"] else "—",
                    "—"
                    if r["gap_closed"] is None
                    else f"{t.number(100 * r['gap_closed'], self.lang, 0)}%",
                    "—" if r["pace_ratio"] is None else t.number(r["pace_ratio"], self.lang, 2),
                    _value(r["projected_value"], unit, self.lang),
                ]
            )
        self.html(h.table(cols, rows, numeric=(2, 4, 5, 6), raw=(1,)))

    def target_section(self, target_id: str) -> None:
        r = self.progress.filter(pl.col("target_id") == target_id).row(0, named=True)
        label, unit = self.label(r["metric"]), self.unit(r["metric"])
        s = self.metric_series(r["metric"])
        note = render_notes(r.get("note_codes"), self.lang)
        self.html(
            h.heading(target_line(r, label, unit, self.lang))
            + (h.paragraph(note, "d6-note") if note else "")
        )
        tsrc = self.targets.filter(pl.col("id") == target_id)["source_id"].to_list()
        fig = charts.target_figure(
            r,
            s,
            label=label,
            unit=unit,
            area=self.area,
            info=self.info,
            target_source=tsrc[0] if tsrc else None,
        )
        self.shown_sources += s["source_id"].to_list() + tsrc
        narrative = [target_line(r, label, unit, self.lang)] + ([note] if note else [])
        self.publish(fig, target_id, kind="target", narrative=narrative, plotted=s)

    @cached_property
    def area_names(self) -> dict[str, str]:
        """Area code → its name in the report's language."""
        col = "name_en" if self.lang == "en" else "name"
        return {r["code"]: t.nfc(r[col]) for r in self.registry.areas.iter_rows(named=True)}

    def province_metrics(self, metrics: list[str]) -> list[str]:
        """The metrics asked for, or every metric with province figures (most provinces first)."""
        if metrics:
            return list(metrics)
        return pv.metrics_with_provinces(self.series, self.registry.areas, self.as_of)

    def province_section(self, metric: str, *, successors: bool = False) -> None:
        """Heading, summary, ranked bar chart, the full ranking table and the small multiples of
        the top and bottom provinces' trends, for one metric."""
        label, unit = self.label(metric), self.unit(metric)
        kind = self.registry.metrics.filter(pl.col("key") == metric)["kind"].to_list()
        ranked = pv.province_latest(
            self.series,
            self.registry.areas,
            metric,
            self.as_of,
            unit=unit,
            kind=kind[0] if kind else "stock",
            successors=successors,
        )
        s = self.series.filter(pl.col("period_end") <= self.as_of)
        day = pv.comparison_day(s, self.registry.areas, metric, successors=successors)
        day = day or self.as_of
        n_prov = pv.provinces_on(self.registry.areas, day).height
        # the national figure of the time the provinces are compared, not a later one
        national = pv.national_latest(self.series, metric, min(day, self.as_of))

        names = self.area_names
        summary = self._province_summary(ranked, label, unit)
        era = msg("province.era_after" if day >= pv.MERGER else "province.era_before", self.lang)
        self.html(
            h.heading(msg("province.heading", self.lang, label=label))
            + h.paragraph(summary)
            + h.paragraph(era, "d6-note")
        )
        if ranked.is_empty():
            return
        if ranked.height < MIN_RANKED:  # one or two bars rank nothing: the sentence and table
            self._province_table(ranked, unit, names)
            return
        info = self.info
        fig = charts.province_ranking_figure(
            ranked, names=names, label=label, unit=unit, national=national,
            n_provinces=n_prov, info=info,
        )  # fmt: skip
        plotted = ranked.with_columns(pl.lit(metric).alias("metric"))
        self.shown_sources += ranked["source_id"].to_list()
        self.publish(fig, f"{metric}-ranking", kind="province", narrative=[summary],
                     plotted=plotted)  # fmt: skip
        self._province_table(ranked, unit, names)
        picked = pv.extremes(ranked.filter(~pl.col("summed")))
        if len(picked) >= 2:  # one province has no top and bottom to compare
            s = self.series.filter(pl.col("metric") == metric)
            fig = charts.province_trends_figure(
                s, picked, names=names, label=label, unit=unit, info=info
            )
            shown = s.filter(pl.col("geo").is_in(picked) & pl.col("period_start").is_null())
            self.shown_sources += shown["source_id"].to_list()
            self.publish(fig, f"{metric}-trends", kind="province", narrative=[summary],
                         plotted=shown)  # fmt: skip

    def _province_summary(self, ranked: pl.DataFrame, label: str, unit: str) -> str:
        lang = self.lang
        if ranked.is_empty():
            return msg("province.no_data", lang, label=label, date=self.as_of)
        first, last = ranked.row(0, named=True), ranked.row(-1, named=True)
        names = self.area_names

        def v(r: dict) -> str:
            return t.value_text(r["value"], unit, lang, qualifier=r["qualifier"], upper=r["upper"])

        if ranked.height == 1:
            return msg("province.summary_one", lang, n=1, label=label, date=self.as_of,
                       leader=names.get(first["geo"], first["geo"]), value=v(first))  # fmt: skip
        return msg(
            "province.summary", lang, n=ranked.height, label=label, date=self.as_of,
            leader=names.get(first["geo"], first["geo"]), value=v(first),
            last=names.get(last["geo"], last["geo"]), last_value=v(last),
            oldest=ranked["period_end"].min(),
        )  # fmt: skip

    def _province_table(self, ranked: pl.DataFrame, unit: str, names: dict[str, str]) -> None:
        cols = [msg(f"col.{c}", self.lang) for c in ("rank", "province", "value", "date")]
        rows = []
        for i, r in enumerate(ranked.iter_rows(named=True), start=1):
            name = names.get(r["geo"], r["geo"])
            if r["summed"]:
                name += f" * ({msg('province.summed', self.lang)})"
            value = t.value_text(r["value"], unit, self.lang, qualifier=r["qualifier"],
                                 upper=r["upper"])  # fmt: skip
            rows.append([str(i), name, value, t.date_text(r["period_end"], self.lang)])
        self.html(h.table(cols, rows, numeric=(0, 2)))

    def sources_section(self) -> None:
        """Every source behind what was shown: publisher, title (escaped), date, link."""
        ids = list(dict.fromkeys(self.shown_sources))
        src = self.registry.sources.filter(pl.col("id").is_in(ids)).sort(
            "published", descending=True
        )
        cols = [msg(f"col.{c}", self.lang) for c in ("publisher", "title", "published")]
        rows = [
            [r["publisher"], h.link(r["title"], r["url"]), t.date_text(r["published"], self.lang)]
            for r in src.iter_rows(named=True)
        ]
        self.html(h.heading(msg("report.sources", self.lang)) + h.table(cols, rows, raw=(1,)))

    def _short_target(self, r: dict) -> str:
        goal = t.value_text(r["target_value"], self.unit(r["metric"]), self.lang)
        due = t.date_text(r["deadline"], self.lang)
        sign = "≤" if r.get("target_qualifier") == "at_most" else "≥"
        return f"{self.label(r['metric'])} · {sign} {goal} · {due}"

    def _target_sources(self, p: pl.DataFrame) -> list[str]:
        ids = self.targets.filter(pl.col("id").is_in(p["target_id"].to_list()))[
            "source_id"
        ].to_list()
        for r in p.filter(pl.col("latest_date").is_not_null()).iter_rows(named=True):
            s = self.metric_series(r["metric"]).filter(pl.col("period_end") == r["latest_date"])
            ids += s["source_id"].to_list()
        return list(dict.fromkeys(ids))


def _value(v: float | None, unit: str, lang: str) -> str:
    return "—" if v is None else t.value_text(v, unit, lang)


def open_report(
    report: str, *, as_of: str | date = "", geo: str = "VN", lang: str = "vi", export: bool = False
) -> ReportContext:
    """Load the data as known on `as_of` (default: newest publication date) for a report."""
    t.check_lang(lang)
    registry = load_registry(paths.registry_dir())
    everything = load_observations()
    day = date.fromisoformat(as_of) if isinstance(as_of, str) and as_of else as_of
    day = day or inputs.latest_published(everything)
    obs = everything.filter(pl.col("published") <= day)
    charts.register_template()
    return ReportContext(
        report=report,
        as_of=day,
        geo=geo,
        lang=lang,
        export=export,
        registry=registry,
        observations=obs,
        targets=load_targets(),
        data_hash=inputs.data_fingerprint()[: inputs.SHORT_HASH],
    )
