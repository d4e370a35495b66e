"""``python -m kohtaamo.embedded --demo``: the first run loads a programme through the
synthetic loader and prints the funder pack, the addresses and a token per role; a second
run on the same folder reuses the data."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kohtaamo.embedded.demo import ROLES
from kohtaamo.embedded.ports import free_port_base
from kohtaamo.synthetic import Programme

pytestmark = [pytest.mark.postgres]


def demo(data, base: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kohtaamo.embedded", "--demo", "--once", "--clients", "50",
                           "--seed", "2016", "--data", str(data), "--port-base", str(base)],
                          capture_output=True, text=True, timeout=300)


def pack(stdout: str) -> list[str]:
    """The table's rows: "code: title  target  value  status"."""
    return [line for line in stdout.splitlines() if re.match(r"[a-z-]+: ", line)]


def pack_row(stdout: str, code: str) -> list[str]:
    [line] = [line for line in pack(stdout) if line.startswith(f"{code}: ")]
    return line.split()


def stopped_in(phase: str, data: Path, base: int, *, clients: int = 50, sig: int = signal.SIGINT,
               once: bool = True) -> tuple[subprocess.Popen[str], str, str]:
    """A demo sent ``sig`` once a progress line says its ``phase`` is under way: the process,
    its stdout and its stderr after it ended."""
    run = subprocess.Popen([sys.executable, "-m", "kohtaamo.embedded", "--demo", *(["--once"] if once else []),
                            "--clients", str(clients), "--data", str(data), "--port-base", str(base)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in run.stderr:
            if line.startswith(phase):
                break
        run.send_signal(sig)
        out, err = run.communicate(timeout=120)
    finally:
        run.kill()
    return run, out, err


@pytest.mark.timeout(420)
def test_the_first_demo_loads_a_programme_and_the_second_reuses_it(tmp_path):
    # given an empty data folder and four free ports
    data, base = tmp_path / "data", free_port_base()

    # when the demo runs twice on it
    first = demo(data, base)
    second = demo(data, base)

    # then the first loaded 50 clients of seed 2016 and shows them in the pack, project-wide
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Loaded 50 clients" in first.stdout
    assert "registrations" in first.stderr  # the progress bar, one line per phase
    assert pack_row(first.stdout, "clients-registered")[-3:] == ["350", "50", "NOT_MET"]
    assert (data / "programme").read_text() == "loaded clients=50 seed=2016\n"
    # with the addresses and a token per role
    for port in range(base + 1, base + 5):
        assert f"http://127.0.0.1:{port}/docs" in first.stdout
    assert f"http://127.0.0.1:{base + 4}/dashboard" in first.stdout
    for role in ROLES:
        assert f"  {role} " in first.stdout
    # and the second loaded nothing and shows the same pack
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Loaded" not in second.stdout
    assert len(pack(first.stdout)) == 12 and pack(second.stdout) == pack(first.stdout)


@pytest.mark.timeout(300)
def test_ctrl_c_during_the_load_stops_everything_and_says_the_demo_was_not_ready(tmp_path):
    # given a demo loading a programme larger than the test waits for
    data, base = tmp_path / "data", free_port_base()

    # when Ctrl-C comes once the registrations are under way (a progress line says so)
    run, out, err = stopped_in("registrations", data, base, clients=5000, once=False)

    # then it stops cleanly, says it was stopped before it was ready, and lists no addresses
    assert run.returncode == 0, err[-3000:]
    assert "Stopped after" in out and "before the demo was ready" in out
    assert "Ready in" not in out and "/docs" not in out
    assert (data / "programme").read_text() == "loading clients=5000 seed=2016\n"
    # and no process of it is left (its PostgreSQL names the data folder on its command line)
    assert [pid for pid in _processes() if str(data) in _command_line(pid)] == []


@pytest.mark.timeout(420)
def test_a_demo_stopped_with_ctrl_c_mid_load_goes_on_at_the_next_start_and_ends_at_the_exact_figures(tmp_path):
    # given a demo of 50 clients stopped with Ctrl-C once its casework phase is under way
    data, base = tmp_path / "data", free_port_base()
    _, stopped, _ = stopped_in("casework", data, base)

    # when it is started again on the same folder
    again = demo(data, base)

    # then the first said the next start goes on, and the second went on and shows the programme's figures
    assert "the next start goes on with the load" in stopped, stopped
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Going on with the load this folder began (clients=50 seed=2016)." in again.stdout
    assert re.search(r"Loaded 50 clients .* going on after \d+ chains an earlier run sent", again.stdout)
    expected = Programme(50, 2016).expected()
    share = 100 * expected["capability-service-share.numerator"] / expected["capability-service-share.denominator"]
    assert pack_row(again.stdout, "clients-registered")[-2] == str(expected["clients-registered"])
    assert pack_row(again.stdout, "capability-service-share")[-2] == f"{share:.1f}"
    assert (data / "programme").read_text() == "loaded clients=50 seed=2016\n"


@pytest.mark.timeout(420)
def test_a_demo_killed_mid_load_does_not_go_on_and_says_so(tmp_path):
    # given a demo of 50 clients killed (no Ctrl-C) once its casework phase is under way
    data, base = tmp_path / "data", free_port_base()
    stopped_in("casework", data, base, sig=signal.SIGKILL)

    # when it is started again on the same folder
    again = demo(data, base)

    # then it loads nothing more, says why, and shows the pack of what was stored
    assert again.returncode == 0, again.stderr[-3000:]
    assert "The load of this folder was cut short and does not go on" in again.stdout
    assert "Loaded" not in again.stdout
    assert len(pack(again.stdout)) == 12
    assert (data / "programme").read_text() == "loading clients=50 seed=2016\n"


def _processes() -> list[str]:
    return [p.name for p in Path("/proc").iterdir() if p.name.isdigit()]


def _command_line(pid: str) -> str:
    try:
        return (Path("/proc") / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # gone meanwhile
        return ""
