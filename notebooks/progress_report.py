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
# Đề án 06 — progress against targets
# Rendered by `de06 report progress --as-of DATE`; the runner fills the parameters below.
# Status words follow GUIDE §4 (linear pace; cut-offs in the registry's progress settings).
as_of: str = ""  # ISO date YYYY-MM-DD; empty means the newest publication date in the data
targets: list = []  # target ids from targets.yaml; empty means every target in the area
geo: str = "VN"  # area code from areas.csv
lang: str = "vi"  # vi or en
export: bool = False  # also write PNG and SVG of every chart under figures/

# %%
from de06metrics.reports import open_report

ctx = open_report("progress", as_of=as_of, geo=geo, lang=lang, export=export)
ctx.header()
ctx.progress_overview(targets)
ctx.progress_table(targets)

# %%
for target_id in ctx.pick_targets(targets)["target_id"]:
    ctx.target_section(target_id)

# %%
ctx.sources_section()
