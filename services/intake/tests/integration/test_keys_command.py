"""``python -m kohtaamo.intake.keys``, run as an operator would, on the real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.postgres


@pytest.fixture
def keys(stack, database_schema, tmp_path):
    def run(*args: str, keyring: str = "intake.keyring") -> subprocess.CompletedProcess[str]:
        env = os.environ | {
            "INTAKE_DATABASE_URL": stack.database_url, "INTAKE_DATABASE_SCHEMA": database_schema,
            "INTAKE_KEYRING_PATH": str(tmp_path / keyring),
        }
        return subprocess.run([sys.executable, "-m", "kohtaamo.intake.keys", *args],
                              capture_output=True, text=True, env=env, timeout=60)

    return run


def test_rotate_then_status_shows_the_new_epoch_and_no_open_window(keys):
    rotated = keys("rotate")
    status = keys("status")

    assert rotated.returncode == 0, rotated.stderr
    # The first start made epoch 1; the rotation made 2 and destroyed 1.
    assert rotated.stdout.strip() == "rotated to epoch 2: 0 subject keys re-wrapped, epochs [1] destroyed"
    assert status.returncode == 0, status.stderr
    assert "(epochs [2])" in status.stdout
    assert "erasures awaiting a rotation: none" in status.stdout


def test_an_old_copy_of_the_keyring_is_refused_with_a_message_not_a_traceback(keys, tmp_path):
    keys("rotate")
    (tmp_path / "elsewhere.keyring").write_bytes((tmp_path / "intake.keyring").read_bytes())
    keys("rotate")  # the table moves on to epoch 3; the copy still holds epoch 2 only

    refused = keys("status", keyring="elsewhere.keyring")

    assert refused.returncode == 1
    assert "lacks the key epochs [3]" in refused.stderr
    assert "Traceback" not in refused.stderr
