"""Bad input to ``python -m kohtaamo.embedded``: one line on stderr, exit 2, nothing written."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kohtaamo.embedded.ports import free_port_base


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kohtaamo.embedded", *args], capture_output=True,
                          text=True, timeout=60)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_port_in_use_is_refused_before_anything_starts(tmp_path):
    base = free_port_base()
    holder = socket.socket()
    holder.bind(("127.0.0.1", base + 3))  # meetingplace's
    holder.listen()
    try:
        result = run("--data", str(tmp_path / "data"), "--port-base", str(base), "--once")
    finally:
        holder.close()

    assert f"port {base + 3} (meetingplace)" in one_line(result)
    assert not (tmp_path / "data").exists()


def test_a_data_folder_of_another_postgresql_version_is_refused(tmp_path):
    pgdata = tmp_path / "data" / "pgdata"
    pgdata.mkdir(parents=True)
    (pgdata / "PG_VERSION").write_text("16\n")
    (tmp_path / "data" / "layout").write_text("1\n")

    result = run("--data", str(tmp_path / "data"), "--port-base", str(free_port_base()), "--once")

    assert "PostgreSQL 16 data" in one_line(result)
    assert sorted(p.name for p in pgdata.iterdir()) == ["PG_VERSION"]


def test_a_data_folder_of_another_layout_is_refused(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "layout").write_text("0\n")

    result = run("--data", str(tmp_path / "data"), "--port-base", str(free_port_base()), "--once")

    assert "layout 0" in one_line(result)


@pytest.mark.parametrize(("args", "expected"), [
    (["--clients", "49"], "--clients must be from 50 to 100000, not 49"),
    (["--clients", "100001"], "--clients must be from 50 to 100000, not 100001"),
    (["--seed", "-1"], "--seed must be from 0 to 4294967295, not -1"),
    (["--port-base", "65533"], "--port-base must be from 1 to 65531, not 65533"),
])
def test_a_size_seed_or_port_base_out_of_range_is_refused(tmp_path: Path, args, expected):
    result = run("--data", str(tmp_path / "data"), "--demo", "--once", *args)

    assert expected in one_line(result)
    assert not (tmp_path / "data").exists()
