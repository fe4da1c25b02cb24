"""The harness itself: it refuses to start on a taken port or a missing program, and ends all it started."""

import os
import socket
import sys

import psutil
import pytest

from . import harness

pytestmark = pytest.mark.faults


def test_a_taken_port_is_refused_and_named():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(harness.HarnessError, match=f"Port {port} .*for redis.* is taken"):
            harness.check_ports({"postgresql": harness.ports()["postgresql"] + 50, "redis": port})


def test_a_missing_program_is_refused_and_named(monkeypatch, tmp_path):
    monkeypatch.setattr(harness, "PG_BIN", tmp_path / "no-postgresql")
    with pytest.raises(harness.HarnessError, match="'initdb'"):
        harness.check_tools()


def test_cleanup_ends_every_process_it_started_with_their_children(tmp_path):
    processes = harness.Processes(tmp_path)
    processes.start("plain", ["sleep", "120"], env=dict(os.environ))
    # A leader that started a child of its own, as gunicorn and celery do.
    leader = processes.start(
        "leader",
        [
            sys.executable,
            "-c",
            "import subprocess, time; subprocess.Popen(['sleep', '120']); time.sleep(120)",
        ],
        env=dict(os.environ),
    )
    harness.wait_for("the leader's child", lambda: psutil.Process(leader.pid).children(), 20)
    children = [child.pid for child in psutil.Process(leader.pid).children()]
    left = processes.cleanup()
    assert left == []

    def gone():
        return not any(
            psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
            for pid in children
        )

    harness.wait_for("the leader's child to end with its group", gone, 10)
