"""breaking_changes() on models changed the ways people change them."""

from enum import StrEnum
from typing import Any

from pydantic import Field, create_model

from kohtaamo.contracts import Envelope
from kohtaamo.contracts.codes import ReferralSource
from kohtaamo.contracts.compat import breaking_changes
from kohtaamo.contracts.envelope import Payload
from kohtaamo.contracts.intake.v1 import ClientRegistered, ConsentRecorded, NeedsAssessed
from kohtaamo.contracts.meetingplace import v1, v2


def changed(model: type[Payload], *, drop: tuple[str, ...] = (), **fields: Any) -> type[Payload]:
    """A copy of ``model`` (same name) with fields dropped, replaced or added."""
    kept = {name: (f.annotation, f) for name, f in model.model_fields.items() if name not in drop}
    return create_model(model.__name__, __base__=Payload, **{**kept, **fields})


def schema(model: type[Payload]) -> dict:
    return Envelope[model].model_json_schema()


def check(old: type[Payload], new: type[Payload]) -> list[str]:
    return breaking_changes(schema(old), schema(new))


def test_an_unchanged_model_has_no_breaking_change():
    assert check(ClientRegistered, changed(ClientRegistered)) == []


def test_a_removed_field_is_breaking():
    assert check(ClientRegistered, changed(ClientRegistered, drop=("municipality_code",))) == [
        "payload.municipality_code: field removed"
    ]


def test_a_retyped_field_is_breaking():
    problems = check(ClientRegistered, changed(ClientRegistered, age_band=(int, ...)))

    assert problems == ["payload.age_band: type changed from enum AgeBand to integer"]


def test_a_field_made_nullable_is_breaking_for_old_consumers():
    problems = check(ClientRegistered,
                     changed(ClientRegistered, referral_source=(ReferralSource | None, None)))

    assert len(problems) == 1
    assert problems[0].startswith("payload.referral_source: type changed")


def test_a_new_required_field_is_breaking():
    problems = check(ClientRegistered, changed(ClientRegistered, accompanied=(bool, ...)))

    assert problems == ["payload.accompanied: new required field"]


def test_an_optional_field_made_required_is_breaking():
    problems = check(v2.VisitRecorded, changed(v2.VisitRecorded, headcount=(int, Field(ge=0))))

    assert problems == ["payload.headcount: optional field became required"]


def test_a_removed_enum_value_is_breaking():
    Narrower = StrEnum("ReferralSource", [(m.name, m.value) for m in ReferralSource
                                          if m is not ReferralSource.POLICE])

    problems = check(ClientRegistered, changed(ClientRegistered, referral_source=(Narrower, ...)))

    assert problems == ["payload.referral_source: enum value removed: POLICE"]


def test_a_tightened_constraint_is_breaking():
    problems = check(v2.VisitRecorded,
                     changed(v2.VisitRecorded, headcount=(int, Field(default=1, ge=0, le=50))))

    assert problems == ["payload.headcount: maximum lowered to 50"]


def test_a_change_deep_inside_a_nested_value_is_found_with_its_path():
    domains = NeedsAssessed.model_fields["domains"].annotation
    fewer = changed(domains, drop=("substance_use",))

    problems = check(NeedsAssessed, changed(NeedsAssessed, domains=(fewer, ...)))

    assert problems == ["payload.domains.substance_use: field removed"]


def test_retyped_list_items_are_breaking():
    problems = check(ConsentRecorded, changed(ConsentRecorded, parties=(tuple[str, ...], ...)))

    assert problems == ["payload.parties[]: type changed from enum Party to string"]


def test_a_new_optional_field_is_not_breaking():
    assert check(ClientRegistered, changed(ClientRegistered, accompanied=(bool | None, None))) == []


def test_a_new_enum_value_and_a_new_description_are_not_breaking():
    Wider = StrEnum("ReferralSource", [(m.name, m.value) for m in ReferralSource] + [("KELA2", "X")])
    wider = changed(ClientRegistered, referral_source=(Wider, Field(description="Now documented.")))

    assert check(ClientRegistered, wider) == []


def test_the_real_v1_to_v2_change_is_reported_as_breaking():
    problems = breaking_changes(schema(v1.VisitRecorded), schema(v2.VisitRecorded))

    assert sorted(problems) == [
        "payload.time_slot: new required field",
        "payload.visit_date: new required field",
        "payload.visited_at: field removed",
    ]
