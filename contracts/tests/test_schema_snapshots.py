"""Every (event, version) matches its committed schema, or changed only additively."""

import json
import shutil
import warnings

import pytest

from kohtaamo.contracts import PAYLOADS
from kohtaamo.contracts.compat import breaking_changes
from kohtaamo.contracts.snapshots import REFRESH, SCHEMA_DIR, file_name, main, schema_of


def name_of(cls) -> str:
    return f"{cls.event_type}.v{cls.schema_version}"


@pytest.mark.parametrize("payload_type", PAYLOADS, ids=name_of)
def test_each_event_schema_is_compatible_with_its_committed_snapshot(payload_type):
    path = SCHEMA_DIR / file_name(payload_type)
    assert path.exists(), f"no snapshot for {name_of(payload_type)}: run `{REFRESH}`"
    snapshot, current = json.loads(path.read_text(encoding="utf-8")), schema_of(payload_type)

    problems = breaking_changes(snapshot, current)

    assert problems == [], (
        f"{name_of(payload_type)} changed incompatibly: {problems}. Publish a new schema "
        "version with an upcaster instead (contracts/README.md)."
    )
    if snapshot != current:
        warnings.warn(f"{path.name} changed additively: run `{REFRESH}`", stacklevel=1)


def test_no_snapshot_is_left_without_its_event():
    expected = {file_name(p) for p in PAYLOADS}

    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == expected


@pytest.fixture
def snapshots(tmp_path):
    directory = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, directory)
    return directory


def edit_payload_schema(path, change):
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema["$defs"][schema["properties"]["payload"]["$ref"].split("/")[-1]])
    path.write_text(json.dumps(schema), encoding="utf-8")


def test_check_passes_on_the_committed_snapshots(snapshots, capsys):
    assert main(["--check", "--dir", str(snapshots)]) == 0
    assert "compatible" in capsys.readouterr().out


def test_check_fails_and_names_a_field_the_model_no_longer_has(snapshots, capsys):
    path = snapshots / "intake.ClientRegistered.v1.json"
    edit_payload_schema(path, lambda s: s["properties"].update(legacy={"type": "string"}))
    before = path.read_text(encoding="utf-8")

    assert main(["--check", "--dir", str(snapshots)]) == 1
    assert main(["--update", "--dir", str(snapshots)]) == 1
    out = capsys.readouterr().out
    assert "BREAKING intake.ClientRegistered.v1.json: payload.legacy: field removed" in out
    assert path.read_text(encoding="utf-8") == before  # --update never hides a break


def test_an_additive_change_passes_the_check_and_update_refreshes_it(snapshots, capsys):
    path = snapshots / "meetingplace.ActivityHeld.v1.json"
    edit_payload_schema(path, lambda s: s["properties"].pop("invited_count"))

    assert main(["--check", "--dir", str(snapshots)]) == 0
    assert "OUTDATED meetingplace.ActivityHeld.v1.json (additive)" in capsys.readouterr().out
    assert main(["--update", "--dir", str(snapshots)]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == schema_of(
        next(p for p in PAYLOADS if file_name(p) == path.name)
    )


def test_a_new_event_without_a_snapshot_fails_the_check_until_update_writes_it(snapshots):
    (snapshots / "casework.PlanAgreed.v1.json").unlink()

    assert main(["--check", "--dir", str(snapshots)]) == 1
    assert main(["--update", "--dir", str(snapshots)]) == 0
    assert (snapshots / "casework.PlanAgreed.v1.json").exists()


def test_a_snapshot_whose_event_was_dropped_fails_the_check(snapshots, capsys):
    shutil.copy(snapshots / "intake.ClientErased.v1.json", snapshots / "intake.ClientForgotten.v1.json")

    assert main(["--check", "--dir", str(snapshots)]) == 1
    assert "REMOVED intake.ClientForgotten.v1.json" in capsys.readouterr().out
