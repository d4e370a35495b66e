"""compose.yaml must be a valid Compose file that runs the same system as deploy/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"intake": 8001, "casework": 8002, "meetingplace": 8003, "reporting": 8004}


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
    assert compose["services"]["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
