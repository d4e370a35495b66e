import base64
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.vault.settings import DEVELOPMENT_STORE_CIPHER_KEY, VaultSettings

A_KEY = base64.b64encode(b"k" * 32).decode()


class CaseworkLike(VaultSettings):
    model_config = SettingsConfigDict(env_prefix="CASEWORK_")

    kafka_username: str | None = "casework"


def test_development_defaults_work_out_of_the_box_under_the_run_directory(monkeypatch):
    monkeypatch.setenv("KOHTAAMO_RUN_DIR", "/tmp/run-x")

    settings = CaseworkLike(database_url="postgresql://u:p@h/casework", database_schema="s1")

    assert settings.store_key() == DEVELOPMENT_STORE_CIPHER_KEY
    assert settings.keyring_file("casework_subject_keys") == Path(
        "/tmp/run-x/keys/casework.s1.casework_subject_keys.keyring")
    assert settings.key_rotation_interval == timedelta(days=1)


def test_production_refuses_every_development_default_by_name(monkeypatch):
    monkeypatch.setenv("KOHTAAMO_ENV", "production")
    monkeypatch.setenv("KOHTAAMO_AUTH_SECRET", "x" * 40)
    monkeypatch.setenv("CASEWORK_KAFKA_PASSWORD", "a-kafka-password-of-production")

    with pytest.raises(ValidationError) as refused:
        CaseworkLike(database_url="postgresql://u:p@h/casework")

    message = str(refused.value)
    assert "CASEWORK_STORE_CIPHER_KEY (or CASEWORK_STORE_CIPHER_KEY_FILE)" in message
    assert "CASEWORK_KEYRING_PATH" in message
    assert "KOHTAAMO_ENV=production" in message


def test_production_accepts_keys_from_the_environment_and_from_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv("KOHTAAMO_ENV", "production")
    monkeypatch.setenv("KOHTAAMO_AUTH_SECRET", "x" * 40)
    monkeypatch.setenv("CASEWORK_KAFKA_PASSWORD", "a-kafka-password-of-production")
    key_file = tmp_path / "store.key"
    key_file.write_text(A_KEY + "\n")
    monkeypatch.setenv("CASEWORK_KEYRING_PATH", str(tmp_path / "casework.keyring"))

    from_env = CaseworkLike(database_url="postgresql://u:p@h/c", store_cipher_key=A_KEY)
    monkeypatch.setenv("CASEWORK_STORE_CIPHER_KEY_FILE", str(key_file))
    from_file = CaseworkLike(database_url="postgresql://u:p@h/c")

    assert from_env.store_key() == from_file.store_key() == A_KEY
    assert from_file.keyring_file("t") == tmp_path / "casework.keyring"
    assert A_KEY not in repr(from_env)


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_store_key_that_is_not_an_aes_key_is_refused(bad):
    with pytest.raises(ValidationError, match="store cipher key"):
        CaseworkLike(store_cipher_key=bad)


@pytest.mark.parametrize("value, expected", [("PT1H", timedelta(hours=1)), ("P7D", timedelta(days=7)), ("00:05:00", timedelta(minutes=5))])
def test_the_rotation_interval_reads_an_iso_duration_or_hh_mm_ss(monkeypatch, value, expected):
    monkeypatch.setenv("CASEWORK_KEY_ROTATION_INTERVAL", value)

    assert CaseworkLike().key_rotation_interval == expected
