"""``python -m kohtaamo.synthetic --journal`` against the embedded system's ports: Ctrl-C
stops the load once the clients under way are sent (exit 4), and the same command goes on."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from kohtaamo.embedded.ports import free_port_base

pytestmark = [pytest.mark.postgres]


@pytest.mark.timeout(420)
def test_a_load_stopped_with_ctrl_c_goes_on_with_the_same_command(tmp_path):
    # given the embedded system serving its ports
    base = free_port_base()
    system = subprocess.Popen([sys.executable, "-m", "kohtaamo.embedded", "--data", str(tmp_path / "data"),
                               "--port-base", str(base)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    command = [sys.executable, "-m", "kohtaamo.synthetic", "--clients", "50", "--base-url",
               f"http://127.0.0.1:{base}", "--journal", str(tmp_path / "journal")]
    try:
        for line in system.stdout:
            if line.startswith("Ready in"):
                break

        # when a load with a journal is stopped with Ctrl-C in its casework phase, then run again
        first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for line in first.stderr:
            if line.startswith("casework"):
                break
        first.send_signal(signal.SIGINT)
        _, stopped = first.communicate(timeout=120)
        again = subprocess.run(command + ["--no-progress"], capture_output=True, text=True, timeout=300)
    finally:
        system.send_signal(signal.SIGINT)
        system.communicate(timeout=60)

    # then the first said where it stopped and how to go on, and the second went on to the end
    assert first.returncode == 4, stopped[-3000:]
    assert "stopped in the casework phase" in stopped and "the same command goes on" in stopped
    assert again.returncode == 0, again.stderr[-3000:]
    assert "loaded 50 clients" in again.stdout and "going on after" in again.stdout
