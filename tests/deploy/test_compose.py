"""compose.yaml must be a valid Compose file that runs the same system as deploy/."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"intake": 8001, "casework": 8002, "meetingplace": 8003, "reporting": 8004}
REQUIRED = re.compile(r"\$\{([A-Z_]+):\?[^}]+\}")  # ${NAME:?message}: no default, no start without it


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def environments() -> list[tuple[str, str, str]]:
    return [(service, name, str(value)) for service, spec in compose()["services"].items()
            for name, value in (spec.get("environment") or {}).items()]


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    checker = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True,
    )


def test_compose_file_validates_against_the_compose_spec():
    result = validate(ROOT / "compose.yaml")

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_catches_a_broken_file(tmp_path):
    broken = tmp_path / "compose.yaml"
    broken.write_text((ROOT / "compose.yaml").read_text().replace("image: postgres:17", "imagee: postgres:17"))

    result = validate(broken)

    assert result.returncode != 0
    assert "imagee" in result.stdout + result.stderr


def test_every_service_is_built_from_the_repo_with_a_health_check():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())

    for name, port in SERVICES.items():
        service = compose["services"][name]
        assert service["build"]["args"]["SERVICE"] == name
        assert service["build"]["dockerfile"] == "deploy/docker/service.Dockerfile"
        assert f"{port}:{port}" in service["ports"]
        assert str(port) in " ".join(service["healthcheck"]["test"])
        assert service["depends_on"]["kafka"]["condition"] == "service_healthy"
    broker = (ROOT / "deploy/kafka/server.properties.template").read_text()  # compose-start renders it
    assert "process.roles=broker,controller" in broker.splitlines()


def test_kafka_and_postgres_are_published_on_loopback_only():
    services = compose()["services"]

    for name in ("kafka", "postgres"):
        ports = services[name].get("ports", [])
        assert ports, name
        assert all(str(p).startswith("127.0.0.1:") for p in ports), (name, ports)


def test_no_password_is_written_in_the_file():
    secrets = [(service, name, value) for service, name, value in environments()
               if "PASSWORD" in name or "SECRET" in name]
    urls = [(service, name, value) for service, name, value in environments() if "://" in value and "@" in value]

    assert secrets and urls
    for service, name, value in secrets:
        assert REQUIRED.fullmatch(value), f"{service}.{name} must be ${{VAR:?message}}, is {value!r}"
    for service, name, value in urls:
        password = value.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
        assert REQUIRED.fullmatch(password), f"{service}.{name} has a literal password"


def test_every_required_variable_has_a_development_value_in_env_example():
    required = set(REQUIRED.findall((ROOT / "compose.yaml").read_text()))
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
               if line and not line.startswith("#")}

    assert required == example


def test_kafka_runs_with_scram_users_and_the_services_acls_before_any_service_starts():
    services = compose()["services"]
    provision = services["kafka-provision"]

    assert "/opt/kohtaamo/kafka/compose-start" in services["kafka"]["entrypoint"]
    assert "--command-config" in " ".join(services["kafka"]["healthcheck"]["test"])
    assert provision["command"][-2:] == ["-m", "kohtaamo.servicekit.provision"]
    assert provision["environment"]["KAFKA_USERNAME"] == "admin"
    for name in SERVICES:
        env = services[name]["environment"]
        assert services[name]["depends_on"]["kafka-provision"]["condition"] == "service_completed_successfully"
        assert env["KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
        assert REQUIRED.fullmatch(env[f"{name.upper()}_KAFKA_PASSWORD"]).group(1) == f"{name.upper()}_KAFKA_PASSWORD"


def test_both_ways_of_running_kafka_fill_in_every_setting_of_the_broker_template():
    placeholders = set(re.findall(r"@[A-Z_]+@", (ROOT / "deploy/kafka/server.properties.template").read_text()))

    assert placeholders
    for script in ("deploy/local-stack", "deploy/kafka/compose-start"):
        text = (ROOT / script).read_text()
        assert {p for p in placeholders if f"//{p}/" not in text} == set(), script
