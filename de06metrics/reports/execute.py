"""Run one report notebook in this process: `python -m de06metrics.reports.execute JOB.json`.

The runner starts one such process per report (a kernel per process, no leaked kernels between
reports). The job file names the jupytext notebook, the checked parameters and the output folder;
this writes `<stem>.ipynb` (executed, also on failure), `<stem>.html` (offline, no code) and
`.timings.json` there. Exit 0 on success, 3 when a cell fails, 4 on a timeout, with one line
starting `error:` on stderr.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path


def run(job: dict) -> dict:
    import jupytext
    import nbformat
    import papermill as pm

    from de06metrics.io import atomic_write_text
    from de06metrics.reports.html import notebook_html

    out = Path(job["out_dir"])
    stem = job["stem"]
    nb = jupytext.read(job["notebook"])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    source = out / ".source.ipynb"
    nbformat.write(nb, source)
    t0 = time.perf_counter()
    pm.execute_notebook(
        str(source),
        str(out / f"{stem}.ipynb"),
        parameters=job["parameters"],
        kernel_name="python3",
        cwd=str(out),
        progress_bar=False,
        execution_timeout=job.get("cell_timeout"),
    )
    t1 = time.perf_counter()
    executed = nbformat.read(out / f"{stem}.ipynb", as_version=4)
    page = notebook_html(executed, title=job["title"], lang=job["parameters"].get("lang", "vi"))
    atomic_write_text(out / f"{stem}.html", page)
    source.unlink(missing_ok=True)
    return {"execute_s": round(t1 - t0, 3), "html_s": round(time.perf_counter() - t1, 3)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    # On SIGTERM (runner timeout) unwind normally, so papermill shuts the kernel down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        timings = run(job)
    except Exception as exc:
        from nbclient.exceptions import CellTimeoutError
        from papermill.exceptions import PapermillExecutionError

        if isinstance(exc, PapermillExecutionError):
            print(f"error: cell {exc.exec_count} raised {exc.ename}: {exc.evalue}", file=sys.stderr)
            return 3
        if isinstance(exc, CellTimeoutError) or "Timeout" in type(exc).__name__:
            print(f"error: a cell ran longer than {job.get('cell_timeout')} s", file=sys.stderr)
            return 4
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    (Path(job["out_dir"]) / ".timings.json").write_text(json.dumps(timings), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
