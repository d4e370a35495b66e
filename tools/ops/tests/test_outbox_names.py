"""The outbox tables and relay name ``kohtaamo lag`` reads are those intake's bootstrap wires."""

from kohtaamo.intake.bootstrap import build
from kohtaamo.intake.settings import IntakeSettings
from kohtaamo.ops.lag import OUTBOX_TABLES


def test_intake_outbox_is_read_where_its_relay_keeps_it():
    components = build(IntakeSettings(database_url="memory://"))

    events, tracking, relay = OUTBOX_TABLES["intake"]

    assert relay == components.relay.name
    assert (events, tracking) == (f"{components.app.store.name.lower()}_events",
                                  f"{components.app.store.name.lower()}_tracking")
