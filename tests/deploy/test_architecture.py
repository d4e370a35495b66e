"""The import rules in pyproject.toml ([tool.importlinter]) hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return subprocess.run(
        [command, "--config", str(config), "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )


def test_services_stay_independent_and_layers_point_inwards():
    result = lint_imports(ROOT / "pyproject.toml")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_rule_is_reported(tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["kohtaamo"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "adapters may not use the application"\n'
        'type = "forbidden"\nsource_modules = ["kohtaamo.intake.adapters"]\n'
        'forbidden_modules = ["kohtaamo.intake.application"]\n'
    )

    result = lint_imports(config)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
