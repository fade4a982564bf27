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
# Đề án 06 — provinces compared
# Rendered by `de06 report provinces --as-of DATE`; the runner fills the parameters below.
# Everything shown is computed by the library (`de06metrics.reports.context`).
as_of: str = ""  # ISO date YYYY-MM-DD; empty means the newest publication date in the data
metrics: list = []  # metric keys from the registry; empty means every metric with province data
lang: str = "vi"  # vi or en
successors: bool = False  # before 1/7/2025: show the 34 successors, summing where it adds up
export: bool = False  # also write PNG and SVG of every chart under figures/

# %%
from de06metrics.reports import open_report

ctx = open_report("provinces", as_of=as_of, geo="VN", lang=lang, export=export)
ctx.header()

# %%
for metric in ctx.province_metrics(metrics):
    ctx.province_section(metric, successors=successors)

# %%
ctx.sources_section()
