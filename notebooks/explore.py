# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Đề án 06 — explore the figures
# The analyst's starting point (`make lab`). Change the parameters, run all, then build on the
# frames below: `obs` (every figure published by `as_of`), `series` (one chosen figure per date),
# `progress` (every target). They are polars frames; `.to_pandas()` gives pandas.

# %% tags=["parameters"]
as_of: str = ""  # ISO date YYYY-MM-DD; empty means the newest publication date in the data
metrics: list = []  # metric keys from the registry; empty means the headline metrics
geo: str = "VN"  # area code from areas.csv
lang: str = "vi"  # vi or en
export: bool = False  # also write PNG and SVG of every chart under figures/

# %%
from de06metrics.reports import open_report

ctx = open_report("explore", as_of=as_of, geo=geo, lang=lang, export=export)
obs, series, progress = ctx.observations, ctx.series, ctx.progress
ctx.header()

# %%
series.group_by("metric").len().sort("metric")

# %%
progress.select("target_id", "status", "latest_value", "pace_ratio", "projected_value")

# %%
for metric in ctx.pick_metrics(metrics)[:2]:
    ctx.trend_section(metric)
