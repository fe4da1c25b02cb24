"""Fixtures of the fault suite: the production shape started once per run, and the verdict lines of every case.

Each case prints one line (promise, what was done, acknowledged writes, writes found, verdict); the lines are
repeated at the end of the run and written to test-results/faults/verdicts.txt.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from .harness import BASE_DIR, Stack

RESULTS = BASE_DIR / "test-results" / "faults"
_verdicts = []


def verdict(case, promise, done, acknowledged, found, held):
    line = (
        f"[{case}] promise: {promise} | done: {done} | acknowledged writes: {acknowledged} | "
        f"writes found: {found} | verdict: {'held' if held else 'BROKEN'}"
    )
    _verdicts.append(line)
    print("\n" + line, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with open(RESULTS / "verdicts.txt", "a") as file:
        file.write(line + "\n")
    assert held, line


def pytest_sessionstart(session):
    with_faults = "faults" in (session.config.getoption("markexpr") or "")
    if with_faults and (RESULTS / "verdicts.txt").exists():
        (RESULTS / "verdicts.txt").unlink()


def pytest_terminal_summary(terminalreporter):
    if _verdicts:
        terminalreporter.section("fault suite verdicts")
        for line in _verdicts:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def workdir():
    """A fresh folder per run; FAULTS_KEEP=1 keeps it and the servers running, for FAULTS_ATTACH (below)."""
    root = Path(tempfile.mkdtemp(prefix="lernhafen-faults-"))
    os.chmod(root, 0o755)  # PostgreSQL runs as its own user and needs to reach its folder
    yield root
    if not keep():
        shutil.rmtree(root, ignore_errors=True)


def keep():
    return os.environ.get("FAULTS_KEEP") == "1"


@pytest.fixture(scope="session")
def stack(workdir):
    """The production shape, seeded, with gunicorn, worker and beat running; every process ends with the run.

    While working on one case: `FAULTS_KEEP=1 make faults` once, then FAULTS_ATTACH=<its folder>/production
    reuses those servers (and keeps them) instead of building a new site for every try."""
    attach = os.environ.get("FAULTS_ATTACH")
    stack = Stack(attach or workdir / "production", attach=bool(attach))
    try:
        if attach:
            stack.attach()
        else:
            stack.build()
            stack.start_all()
        stack.save_state()
        print(f"\nfaults: the site is up ({stack.timings}) in {stack.root}", flush=True)
        yield stack
    finally:
        if keep() or attach:
            stack.save_state()
        else:
            left = stack.close()
            _copy_logs(stack)
            if left:
                pytest.fail(f"processes still running after cleanup: {left}")


def _copy_logs(stack):
    target = RESULTS / "logs"
    target.mkdir(parents=True, exist_ok=True)
    for log in stack.processes.logs.glob("*.log"):
        (target / log.name).write_bytes(log.read_bytes()[-2_000_000:])
