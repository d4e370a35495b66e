"""A service authenticates to Kafka as its own principal; production refuses the defaults."""

from __future__ import annotations

import pytest
from pydantic_settings import SettingsConfigDict

from kohtaamo.servicekit.kafka import client_options, security
from kohtaamo.servicekit.settings import (
    AuthSettings,
    KafkaSettings,
    ServiceSettings,
    development_kafka_password,
)


class SampleSettings(ServiceSettings):
    """Shaped like a service's settings (IntakeSettings …), under a prefix of its own."""

    model_config = SettingsConfigDict(env_prefix="SAMPLE_")

    kafka_username: str | None = "sample"


def production(**overrides) -> SampleSettings:
    values = {"environment": "production", "database_url": "postgresql://u:p@h/db",
              "auth": AuthSettings(secret="s" * 48)}
    return SampleSettings(**(values | overrides))


@pytest.fixture(autouse=True)
def no_stack_credentials(monkeypatch):
    # make test exports the local stack's credentials; these tests set their own.
    for name in ("KAFKA_USERNAME", "KAFKA_PASSWORD", "KAFKA_SECURITY_PROTOCOL",
                 "SAMPLE_KAFKA_USERNAME", "SAMPLE_KAFKA_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def test_a_service_connects_as_itself_with_its_development_password_by_default():
    kafka = SampleSettings().kafka

    assert kafka.username == "sample"
    assert kafka.password.get_secret_value() == development_kafka_password("sample")


def test_the_operators_kafka_username_never_makes_a_service_the_admin(monkeypatch):
    monkeypatch.setenv("KAFKA_USERNAME", "admin")
    monkeypatch.setenv("KAFKA_PASSWORD", "the-admin-password")
    monkeypatch.setenv("SAMPLE_KAFKA_PASSWORD", "the-sample-password")

    settings = SampleSettings(kafka=KafkaSettings())

    assert settings.kafka.username == "sample"
    assert settings.kafka.password.get_secret_value() == "the-sample-password"
    assert KafkaSettings().username == "admin"  # what tools connect as


def test_production_refuses_the_development_kafka_password():
    with pytest.raises(ValueError, match="SAMPLE_KAFKA_PASSWORD must be set"):
        production()


def test_production_refuses_a_broker_without_authentication():
    with pytest.raises(ValueError, match="PLAINTEXT is refused"):
        production(kafka_password="p" * 32, kafka=KafkaSettings(security_protocol="PLAINTEXT"))


def test_production_accepts_a_password_of_its_own():
    settings = production(kafka_password="p" * 32)

    assert settings.kafka.password.get_secret_value() == "p" * 32


def test_the_clients_get_scram_credentials_from_the_settings():
    kafka = KafkaSettings(username="sample", password="secret-1", bootstrap_servers="k:1")

    options = client_options(kafka)

    assert options["bootstrap_servers"] == "k:1"
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("sample", "secret-1")


def test_sasl_ssl_verifies_the_broker_against_the_given_ca(tmp_path):
    missing_ca = tmp_path / "ca.pem"
    kafka = KafkaSettings(username="a", password="b", security_protocol="SASL_SSL",
                          ssl_ca_file=missing_ca)

    with pytest.raises(FileNotFoundError):  # the file is read: no silent fallback
        security(kafka)
    options = client_options(kafka.model_copy(update={"ssl_ca_file": None}))
    assert options["security_protocol"] == "SASL_SSL"
    assert options["ssl_context"].verify_mode.name == "CERT_REQUIRED"


def test_sasl_without_credentials_says_what_is_missing():
    with pytest.raises(ValueError, match="needs a username and a password"):
        security(KafkaSettings())


def test_plaintext_sends_no_credentials():
    assert security(KafkaSettings(security_protocol="PLAINTEXT", username="x", password="y")) is None
