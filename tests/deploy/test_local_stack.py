"""deploy/local-stack: one line saying what to do when something is missing or wrong, and
exactly the export lines a client needs on stdout."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kohtaamo.servicekit.settings import development_kafka_password

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


PASSWORD_VARIABLES = ("KAFKA_ADMIN_PASSWORD", "INTAKE_KAFKA_PASSWORD", "CASEWORK_KAFKA_PASSWORD",
                      "MEETINGPLACE_KAFKA_PASSWORD", "REPORTING_KAFKA_PASSWORD", "PG_PASSWORD")


def stack_env(**overrides: str) -> dict[str, str]:
    """This machine's environment without the stack's settings (make test exports them)."""
    env = {k: v for k, v in os.environ.items() if k not in PASSWORD_VARIABLES}
    return {**env, "KAFKA_PORT": "29792", "PG_PORT": "29732", **overrides}


def test_env_prints_what_a_client_needs_with_the_development_passwords():
    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), "env"], capture_output=True, text=True,
                            env=stack_env())

    assert result.stdout.splitlines() == [
        "export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:29792",
        "export KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
        "export KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
        "export KAFKA_USERNAME=admin",
        f"export KAFKA_PASSWORD={development_kafka_password('admin')}",
        f"export INTAKE_KAFKA_PASSWORD={development_kafka_password('intake')}",
        f"export CASEWORK_KAFKA_PASSWORD={development_kafka_password('casework')}",
        f"export MEETINGPLACE_KAFKA_PASSWORD={development_kafka_password('meetingplace')}",
        f"export REPORTING_KAFKA_PASSWORD={development_kafka_password('reporting')}",
        "export DATABASE_URL=postgresql://kohtaamo:kohtaamo@127.0.0.1:29732/kohtaamo",
    ]


def test_env_prints_the_passwords_set_in_the_environment():
    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), "env"], capture_output=True, text=True,
                            env=stack_env(KAFKA_ADMIN_PASSWORD="admin-pw-1", REPORTING_KAFKA_PASSWORD="rep-pw-22",
                                          PG_PASSWORD="pg-pw-333"))

    lines = result.stdout.splitlines()
    assert "export KAFKA_PASSWORD=admin-pw-1" in lines
    assert "export REPORTING_KAFKA_PASSWORD=rep-pw-22" in lines
    assert "export DATABASE_URL=postgresql://kohtaamo:pg-pw-333@127.0.0.1:29732/kohtaamo" in lines


def test_a_password_that_would_need_quoting_gives_one_line_and_starts_nothing(tmp_path):
    result = subprocess.run([str(ROOT / "deploy" / "local-stack"), "up"], capture_output=True, text=True,
                            env=stack_env(INTAKE_KAFKA_PASSWORD="has,comma]", KOHTAAMO_RUN_DIR=str(tmp_path / "run")))

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "deploy/local-stack: INTAKE_KAFKA_PASSWORD must be 8 or more of the characters A-Z a-z 0-9 . _ ~ + = -"
    ]
    assert not (tmp_path / "run").exists()
