"""One writer at a time: concurrent `raw add`, `accept` and `build` run as real processes lose
nothing and double nothing; a writer that has to wait says for whom, then times out clearly;
readers never wait."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from minidata import MINI

from de06metrics import raw
from de06metrics.lock import holder, lock_path, project_lock

HEADER = MINI.read_text(encoding="utf-8").splitlines()[0]
ROUNDS = 2


def _row(day: int, geo: str = "ho_chi_minh") -> str:
    """One valid figure (fixture registry) whose natural key differs with `day` and `geo`."""
    end = date(2024, 1, 1) + timedelta(days=day)
    return (
        f'press_2024,vneid_accounts_issued,{geo},"8,5 triệu",8500000,,,exact,count,,,{end},'
        f'stated,observation,"TP.HCM đã cấp 8,5 triệu tài khoản",'
    )


def _csv(path: Path, rows: list[str], *, review: bool = False) -> Path:
    header = HEADER + (",confidence" if review else "")
    body = [r + (",0.9" if review else "") for r in rows]
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


#: A writer process: load the CLI and the build first, wait for the start signal, then run its
#: commands one after another as `de06 …` would, and print each exit code as JSON.
WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import de06metrics.build, de06metrics.review  # imported before the start, not timed
    from de06metrics.cli import main
    go, commands = Path(sys.argv[1]), json.loads(sys.argv[2])
    while not go.exists():
        time.sleep(0.005)
    codes = []
    for argv in commands:
        try:
            main(argv)
            codes.append(0)
        except SystemExit as exc:
            codes.append(int(exc.code or 0))
    print(json.dumps(codes))
    """
)


def _env(project: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DE06_ROOT": str(project), **extra}


@pytest.mark.slow  # four processes that each load polars and pandera: ~20 s on a busy 2-core box
def test_concurrent_writers_lose_nothing_and_double_nothing(project: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    a = [_csv(inbox / f"a{r}.csv", [_row(10 * r), _row(10 * r + 1)]) for r in range(ROUNDS)]
    b = [_csv(inbox / f"b{r}.csv", [_row(10 * r + 2, "VN")]) for r in range(ROUNDS)]
    # the same figure in two files added at once: exactly one may get in
    twin = [_csv(inbox / f"twin{n}.csv", [_row(99)]) for n in range(2)]
    review = [
        _csv(inbox / f"c{r}.review.csv", [_row(10 * r + 5)], review=True) for r in range(ROUNDS)
    ]
    jobs = {
        "add_a": [["raw", "add", str(p)] for p in a] + [["raw", "add", str(twin[0])]],
        "add_b": [["raw", "add", str(p)] for p in b] + [["raw", "add", str(twin[1])]],
        "accept": [["accept", str(p)] for p in review],
        "build": [["build", "--quiet", "--force"] for _ in range(ROUNDS)],
    }
    go = tmp_path / "go"
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), json.dumps(cmds)],
            env=_env(project, DE06_LOCK_TIMEOUT="120"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, cmds in jobs.items()
    }
    time.sleep(0.5)
    go.touch()
    codes, errors = {}, {}
    for name, p in procs.items():
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        codes[name] = json.loads(out.strip().splitlines()[-1])
        errors[name] = err
    assert codes["add_a"][:ROUNDS] == [0] * ROUNDS, errors["add_a"]
    assert codes["add_b"][:ROUNDS] == [0] * ROUNDS, errors["add_b"]
    assert codes["accept"] == [0] * ROUNDS, errors["accept"]
    assert codes["build"] == [0] * ROUNDS, errors["build"]
    assert sorted([codes["add_a"][-1], codes["add_b"][-1]]) == [0, 1]  # one twin, refused once
    assert "already recorded" in errors["add_a"] + errors["add_b"] or "uniqueness" in (
        errors["add_a"] + errors["add_b"]
    )

    assert raw.verify(project) == []
    listed = raw.read_manifest(project)
    expected = {f"reported/{p.name}" for p in [*a, *b]} | {
        f"reported/extracted_c{r}.csv" for r in range(ROUNDS)
    }
    assert expected <= set(listed)
    assert len([k for k in listed if "twin" in k]) == 1
    assert len(listed) == len(expected) + 2  # + mini.csv + one twin: nothing doubled or lost
    # a last build sees every accepted figure exactly once
    from de06metrics import build

    result = build.build(project, today=date.today(), force=True)
    assert result.observations.height == 7 + ROUNDS * 4 + 1


@pytest.mark.slow
def test_a_waiting_writer_names_the_holder_then_gives_up_clearly(
    project: Path, tmp_path: Path
) -> None:
    new = _csv(tmp_path / "late.csv", [_row(50)])
    before = raw.read_manifest(project)
    with project_lock("build", project):
        assert holder(project).pid == os.getpid() and holder(project).command == "build"
        # a reader does not wait
        assert raw.verify(project) == []
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from de06metrics.cli import main; main()",
                "raw",
                "add",
                str(new),
            ],
            env=_env(project, DE06_LOCK_TIMEOUT="0.5"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert f"waiting for another de06 build (pid {os.getpid()})" in done.stderr
    assert "still holds the project lock after 0.5 s" in done.stderr
    assert "Traceback" not in done.stderr
    assert raw.read_manifest(project) == before
    assert not (project / "data/raw/reported/late.csv").exists()
    # once released, the same command goes through
    assert not lock_path(project).with_name(".de06.lock.owner").exists()
    again = subprocess.run(
        [sys.executable, "-c", "from de06metrics.cli import main; main()", "raw", "add", str(new)],
        env=_env(project, DE06_LOCK_TIMEOUT="5"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "reported/late.csv" in raw.read_manifest(project)


def test_the_lock_is_reentrant_within_a_process(project: Path) -> None:
    with project_lock("accept", project), project_lock("raw add", project, timeout=0):
        assert holder(project).command == "accept"
    assert holder(project).pid == 0


@pytest.mark.parametrize("value", ["soon", "-"])
def test_a_bad_timeout_setting_is_named(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from de06metrics.errors import De06Error
    from de06metrics.lock import timeout_seconds

    monkeypatch.setenv("DE06_LOCK_TIMEOUT", value)
    with pytest.raises(De06Error, match="DE06_LOCK_TIMEOUT"):
        timeout_seconds()


def test_reports_render_under_the_lock(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second identical `de06 report` waits for the first, then finds its output (a no-op:
    tests/test_reports.py checks that a rerun renders nothing)."""
    from de06metrics.cli import report_cmds

    seen = []
    monkeypatch.setattr(report_cmds, "_render_unlocked", lambda *a, **k: seen.append(holder()))
    report_cmds._render([("trend", {})], as_of=None, jobs=1, force=False, timeout=1.0)
    assert [(h.pid, h.command) for h in seen] == [(os.getpid(), "report")]
    assert holder(project).pid == 0  # released
