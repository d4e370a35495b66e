"""deploy/local-stack tells what to install when a tool is missing, in one line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def path_without(tmp_path: Path, *missing: str) -> str:
    """A PATH with every tool of this machine's PATH but ``missing``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = bin_dir / entry.name
            if entry.name not in missing and not target.exists() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return str(bin_dir)


def test_a_missing_java_gives_one_line_saying_what_to_install(tmp_path):
    env = {
        "PATH": path_without(tmp_path, "java"),
        "KOHTAAMO_RUN_DIR": str(tmp_path / "run"),  # nothing shared with a running stack
        "KAFKA_PORT": "29792",
        "PG_PORT": "29732",
    }

    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True, env=env)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "java" in lines[0] and "install" in lines[0]


def test_env_prints_exactly_the_two_settings():
    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), "env"], capture_output=True, text=True,
                            env={**os.environ, "KAFKA_PORT": "29792", "PG_PORT": "29732"})

    assert result.stdout.splitlines() == [
        "export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:29792",
        "export DATABASE_URL=postgresql://kohtaamo:kohtaamo@127.0.0.1:29732/kohtaamo",
    ]
