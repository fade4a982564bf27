# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Đề án 06 — trend report
# Rendered by `de06 report trend --as-of DATE`; the runner fills the parameters below.
# Everything shown is computed by the library (`de06metrics.reports.context`).
as_of: str = ""  # ISO date YYYY-MM-DD; empty means the newest publication date in the data
metrics: list = []  # metric keys from the registry; empty means the headline metrics
geo: str = "VN"  # area code from areas.csv
lang: str = "vi"  # vi or en
export: bool = False  # also write PNG and SVG of every chart under figures/

# %%
from de06metrics.reports import open_report

ctx = open_report("trend", as_of=as_of, geo=geo, lang=lang, export=export)
ctx.header()

# %%
for metric in ctx.pick_metrics(metrics):
    ctx.trend_section(metric)

# %%
ctx.sources_section()
