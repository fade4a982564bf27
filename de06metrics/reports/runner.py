"""Plan, render and file reports: one process per notebook, atomic output folders, no-op reruns.

`plan_report` checks the parameters against the notebook (papermill.inspect_notebook + the checks
in `specs`) and fixes the output place: `reports/<report>/<as_of>/` with file names
`<report>-<as_of>-<data hash>.*`. `render` runs the notebook in a child process with a timeout,
renders into a temporary folder beside the target and swaps it into place only when everything
worked; a failure keeps the executed notebook as `reports/_failed/<report>-<as_of>-<hash>.ipynb`
and leaves the last good report untouched. The same parameters, notebook and data make a rerun a
no-op (the manifest's `run_key` matches) unless `force`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from de06metrics import __version__, paths
from de06metrics.errors import De06Error
from de06metrics.fingerprint import library_digest
from de06metrics.io import atomic_write_text, sha256_bytes, sha256_file
from de06metrics.registry import load_registry
from de06metrics.reports import html as h
from de06metrics.reports import inputs
from de06metrics.reports.specs import ReportSpec, spec_for, validate_parameters, with_defaults

DEFAULT_TIMEOUT = 600.0
FAILED_DIR = "_failed"
OK = ("ok", "ok_without_figures")
#: Written by `charts.display.publish` when a static export fails (kept equal to its constant;
#: not imported from there so this process does not load plotly).
EXPORT_ERRORS = "_export_errors.json"


@dataclass(frozen=True)
class Plan:
    """Everything needed to render one report, decided before anything runs."""

    spec: ReportSpec
    root: Path
    notebook: Path
    notebook_sha: str
    parameters: dict[str, Any]
    as_of: str
    data_fingerprint: str
    run_key: str

    @property
    def data_hash(self) -> str:
        return self.data_fingerprint[: inputs.SHORT_HASH]

    @property
    def stem(self) -> str:
        return f"{self.spec.name}-{self.as_of}-{self.data_hash}"

    @property
    def out_dir(self) -> Path:
        return paths.reports_dir(self.root) / self.spec.name / self.as_of

    @property
    def title(self) -> str:
        return f"{self.spec.title[self.parameters.get('lang', 'vi')]} · {self.as_of}"


@dataclass
class Result:
    """What happened to one report."""

    report: str
    as_of: str
    status: str  # rendered | up_to_date | failed
    out_dir: Path
    html: Path | None = None
    figures: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""
    export_errors: list[dict] = field(default_factory=list)
    failed_notebook: Path | None = None


# ---------------------------------------------------------------- planning


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The notebook's parameters as papermill sees them (name → inferred type, default)."""
    import jupytext
    import nbformat
    import papermill as pm

    nb = jupytext.read(notebook)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nb.ipynb"
        nbformat.write(nb, path)
        return pm.inspect_notebook(str(path))


def plan_report(
    report: str,
    *,
    as_of: str | None = None,
    parameters: dict[str, Any] | None = None,
    root: Path | None = None,
) -> Plan:
    """Check a report request and fix where it goes; raises De06Error for anything wrong."""
    from de06metrics.load import load_observations

    spec = spec_for(report)
    root = (root or paths.project_root()).resolve()
    notebook = paths.notebooks_dir(root) / spec.notebook
    if not notebook.exists():
        raise De06Error("report notebook is missing", file=str(notebook))
    registry = load_registry(paths.registry_dir())
    given = dict(parameters or {})
    observations = load_observations(root=root)
    if as_of is None:
        as_of = inputs.latest_published(observations).isoformat()
    given["as_of"] = as_of
    given.setdefault("export", True)
    declared = declared_parameters(notebook)
    checked = validate_parameters(spec.name, given, declared, registry)
    checked = validate_parameters(spec.name, with_defaults(checked, declared), declared, registry)
    inputs.check_as_of(observations, checked["as_of"])
    fingerprint = inputs.data_fingerprint(root)
    notebook_sha = sha256_file(notebook)
    # the library's own code is an input too: a fix to `progress` or `series` re-renders
    code = library_digest()
    key = json.dumps(
        [spec.name, checked, fingerprint, notebook_sha, __version__, code],
        sort_keys=True,
        default=str,
    )
    return Plan(
        spec=spec,
        root=root,
        notebook=notebook,
        notebook_sha=notebook_sha,
        parameters=checked,
        as_of=checked["as_of"],
        data_fingerprint=fingerprint,
        run_key=sha256_bytes(key.encode()),
    )


# ---------------------------------------------------------------- rendering


def up_to_date(plan: Plan) -> bool:
    """True when the folder holds a good report of exactly this plan, with all its files."""
    return manifest_is_current(plan.out_dir / "manifest.json", plan.run_key, OK)


def manifest_is_current(manifest: Path, run_key: str, ok: tuple[str, ...]) -> bool:
    """Does `manifest` record a run of `run_key` that ended in one of `ok`, with every file it
    lists still beside it? (What makes a rerun of the same thing a no-op.)"""
    if not manifest.exists():
        return False
    try:
        m = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError:
        return False
    files_ok = all((manifest.parent / f["path"]).exists() for f in m.get("files", []))
    return m.get("run_key") == run_key and m.get("status") in ok and files_ok


def render(plan: Plan, *, force: bool = False, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Render one planned report (or do nothing when it is up to date and not forced)."""
    start = time.perf_counter()
    if not force and up_to_date(plan):
        return _existing(plan)
    plan.out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{plan.as_of}.tmp-", dir=plan.out_dir.parent))
    try:
        code, err, elapsed = _run_child(plan, tmp, timeout)
        if code != 0:
            return _fail(plan, tmp, err or f"the notebook process exited with status {code}")
        page = (tmp / f"{plan.stem}.html").read_text(encoding="utf-8")
        external = h.external_references(page)
        if external:
            return _fail(plan, tmp, f"the HTML would load from the network: {external[0]}")
        manifest = _manifest(plan, tmp, elapsed, time.perf_counter() - start)
        atomic_write_text(tmp / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        _swap_into_place(tmp, plan.out_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    result = _existing(plan)
    result.status = "rendered"
    result.seconds = time.perf_counter() - start
    return result


def _run_child(plan: Plan, tmp: Path, timeout: float) -> tuple[int, str, dict]:
    job = {
        "notebook": str(plan.notebook),
        "parameters": plan.parameters,
        "out_dir": str(tmp),
        "stem": plan.stem,
        "title": plan.title,
        "cell_timeout": max(1, int(timeout)),
    }
    job_path = tmp / ".job.json"
    job_path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "DE06_ROOT": str(plan.root), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "de06metrics.reports.execute", str(job_path)]
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        _terminate(proc)
        return 4, f"error: the report took longer than {timeout:.0f} s and was stopped", {}
    finally:
        job_path.unlink(missing_ok=True)
    timings_path = tmp / ".timings.json"
    timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
    timings_path.unlink(missing_ok=True)
    return proc.returncode, _error_line(err), timings


def _terminate(proc: subprocess.Popen) -> None:
    """SIGTERM the child's process group (it shuts its kernel down), then SIGKILL if needed."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _error_line(stderr: str) -> str:
    lines = [ln for ln in (stderr or "").splitlines() if ln.startswith("error:")]
    return lines[-1].removeprefix("error:").strip() if lines else (stderr or "").strip()[-500:]


def _fail(plan: Plan, tmp: Path, message: str) -> Result:
    failed_dir = paths.reports_dir(plan.root) / FAILED_DIR
    failed_dir.mkdir(parents=True, exist_ok=True)
    executed = tmp / f"{plan.stem}.ipynb"
    kept = None
    if executed.exists():
        kept = failed_dir / f"{plan.stem}.ipynb"
        os.replace(executed, kept)
    log = failed_dir / f"{plan.stem}.json"
    record = {"report": plan.spec.name, "parameters": plan.parameters, "message": message}
    atomic_write_text(log, json.dumps(record, ensure_ascii=False, indent=1))
    return Result(
        plan.spec.name, plan.as_of, "failed", plan.out_dir, message=message, failed_notebook=kept
    )


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Replace `target` by `tmp` with renames (the old folder exists until the new one is in)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _manifest(plan: Plan, tmp: Path, timings: dict, total: float) -> dict:
    errors_path = tmp / "figures" / EXPORT_ERRORS
    export_errors = (
        json.loads(errors_path.read_text(encoding="utf-8")) if errors_path.exists() else []
    )
    files = []
    for p in sorted(x for x in tmp.rglob("*") if x.is_file() and not x.name.startswith(".")):
        rel = p.relative_to(tmp).as_posix()
        files.append({"path": rel, "sha256": sha256_file(p), "bytes": p.stat().st_size})
    return {
        "report": plan.spec.name,
        "as_of": plan.as_of,
        "status": "ok_without_figures" if export_errors else "ok",
        "parameters": plan.parameters,
        "data_hash": plan.data_hash,
        "data_fingerprint": plan.data_fingerprint,
        "run_key": plan.run_key,
        "notebook": {"path": plan.notebook.name, "sha256": plan.notebook_sha},
        "package_version": __version__,
        "library_digest": library_digest(),
        "rendered_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "timings": {**timings, "total_s": round(total, 3)},
        "export_errors": [{k: e[k] for k in ("figure", "error")} for e in export_errors],
        "files": files,
    }


def _existing(plan: Plan) -> Result:
    m = json.loads((plan.out_dir / "manifest.json").read_text(encoding="utf-8"))
    html_path = plan.out_dir / f"{plan.stem}.html"
    figures = [plan.out_dir / f["path"] for f in m["files"] if f["path"].startswith("figures/")]
    return Result(
        plan.spec.name,
        plan.as_of,
        "up_to_date",
        plan.out_dir,
        html=html_path,
        figures=[f for f in figures if f.suffix in (".png", ".svg")],
        export_errors=m.get("export_errors", []),
    )


def run_plans(
    plans: Iterable[Plan],
    *,
    jobs: int = 1,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Render several reports, `jobs` child processes at a time; results in plan order."""
    plans = list(plans)
    if jobs < 1:
        raise De06Error(f"--jobs must be at least 1 (got {jobs})", field="jobs")
    out: list[Result | None] = [None] * len(plans)

    def one(i: int) -> None:
        out[i] = render(plans[i], force=force, timeout=timeout)
        if on_done:
            on_done(out[i])

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, range(len(plans))))
    return [r for r in out if r is not None]
