"""The committed AsyncAPI documents match what the services declare in code."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from kohtaamo.contracts.routing import CONSUMERS, ROUTES, producer_of, subscriptions

ROOT = Path(__file__).resolve().parents[2]


def generator():
    spec = importlib.util.spec_from_file_location("asyncapi_generator", ROOT / "deploy" / "asyncapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_documents_have_not_drifted_from_the_code():
    gen = generator()

    for service, doc in gen.documents().items():
        committed = (ROOT / "deploy" / "asyncapi" / f"{service}.json").read_text()
        assert committed == gen.render(doc), f"run: uv run python deploy/asyncapi.py ({service})"


def test_a_changed_declaration_is_caught_as_drift(monkeypatch):
    gen = generator()
    real = gen.documents

    def with_extra_channel():
        docs = real()
        docs["intake"]["channels"]["intake.secret:publish"] = {"address": "intake.secret"}
        return docs

    monkeypatch.setattr(gen, "documents", with_extra_channel)

    assert gen.main(["--check"]) == 1


def test_intake_documents_every_event_it_publishes_and_reporting_every_event():
    intake = json.loads((ROOT / "deploy" / "asyncapi" / "intake.json").read_text())
    reporting = json.loads((ROOT / "deploy" / "asyncapi" / "reporting.json").read_text())

    published = {c["address"] for c in intake["channels"].values()}
    intake_topics = {r.topic for cls, r in ROUTES.items() if producer_of(cls.event_type) == "intake"}
    assert published == intake_topics
    for cls in ROUTES:
        if producer_of(cls.event_type) == "intake":
            assert cls.__name__ in intake["components"]["schemas"]
        assert cls.__name__ in reporting["components"]["schemas"]
    assert {c["address"] for c in reporting["channels"].values()} == {r.topic for r in ROUTES.values()}


def test_casework_documents_what_it_publishes_and_the_intake_events_it_consumes():
    casework = json.loads((ROOT / "deploy" / "asyncapi" / "casework.json").read_text())

    addresses = {c["address"] for c in casework["channels"].values()}
    published = {r.topic for cls, r in ROUTES.items() if producer_of(cls.event_type) == "casework"}
    assert addresses == published | set(subscriptions("casework"))
    for cls in ROUTES:
        if producer_of(cls.event_type) == "casework" or cls.event_type in CONSUMERS["casework"]:
            assert cls.__name__ in casework["components"]["schemas"], cls.__name__


def test_meetingplace_documents_every_event_it_publishes_and_what_it_consumes():
    meetingplace = json.loads((ROOT / "deploy" / "asyncapi" / "meetingplace.json").read_text())
    channels = meetingplace["channels"].values()
    schemas = meetingplace["components"]["schemas"]

    own = {r.topic for cls, r in ROUTES.items() if producer_of(cls.event_type) == "meetingplace"}
    assert {c["address"] for c in channels if c["address"] != "intake.clients"} == own
    assert "intake.clients" in {c["address"] for c in channels}
    for cls in ROUTES:
        if producer_of(cls.event_type) == "meetingplace" or cls.event_type in CONSUMERS["meetingplace"]:
            assert cls.__name__ in schemas, cls.__name__
    assert "NeedsAssessed" not in schemas  # on the topic it reads, but not its business
