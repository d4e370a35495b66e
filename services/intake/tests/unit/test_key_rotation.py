"""Intake wires the key hierarchy: the rotation follows an erasure; production refuses dev keys."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from pydantic import ValidationError

from kohtaamo.intake.bootstrap import create_app
from kohtaamo.intake.settings import IntakeSettings


async def test_an_erasure_through_the_api_is_followed_by_a_rotation(auth_header, registration_body, eventually):
    app = create_app(IntakeSettings(database_url="memory://", key_rotation_after_erasure=timedelta(0)), kafka=False)
    vault = app.state.components.vault
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://intake"
    ) as api:
        kept = (await api.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))).json()
        erased = (await api.post("/clients", json=registration_body(), headers=auth_header("intake_worker"))).json()
        assert vault.status().keyring_epochs == [1]

        await api.post(f"/clients/{erased['client_id']}/erasure", json={"reason": "DATA_SUBJECT_REQUEST"},
                       headers=auth_header("data_protection_officer"))

        status = await eventually(vault.status, until=lambda s: s.keyring_epochs == [2])
        read = await api.get(f"/clients/{kept['client_id']}", params={"purpose": "CLIENT_WORK"},
                             headers=auth_header("caseworker"))
    assert not status.erasure_window_open
    assert read.status_code == 200


def test_production_refuses_intakes_development_keys_and_names_them(monkeypatch):
    monkeypatch.setenv("KOHTAAMO_ENV", "production")
    monkeypatch.setenv("KOHTAAMO_AUTH_SECRET", "s" * 40)
    monkeypatch.setenv("INTAKE_KAFKA_PASSWORD", "a-kafka-password-of-production")

    with pytest.raises(ValidationError) as refused:
        IntakeSettings(database_url="postgresql://intake:pw@db/intake")

    assert "INTAKE_STORE_CIPHER_KEY (or INTAKE_STORE_CIPHER_KEY_FILE) and INTAKE_KEYRING_PATH must be set" in str(
        refused.value)


def test_production_starts_with_a_store_key_a_keyring_path_and_a_pepper_of_its_own(monkeypatch, tmp_path):
    monkeypatch.setenv("KOHTAAMO_ENV", "production")
    monkeypatch.setenv("KOHTAAMO_AUTH_SECRET", "s" * 40)
    monkeypatch.setenv("INTAKE_KAFKA_PASSWORD", "a-kafka-password-of-production")
    monkeypatch.setenv("INTAKE_STORE_CIPHER_KEY", "cHJvZHVjdGlvbi1zdG9yZS1rZXktb2YtMzItYnl0ZXM=")
    monkeypatch.setenv("INTAKE_KEYRING_PATH", str(tmp_path / "intake.keyring"))
    monkeypatch.setenv("INTAKE_IDENTITY_PEPPER", "a-pepper-of-production")

    settings = IntakeSettings(database_url="postgresql://intake:pw@db/intake")

    assert settings.store_key() == "cHJvZHVjdGlvbi1zdG9yZS1rZXktb2YtMzItYnl0ZXM="
    assert settings.keyring_file("intake_subject_keys") == tmp_path / "intake.keyring"
