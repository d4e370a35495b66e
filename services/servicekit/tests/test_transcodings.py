"""Value objects in stored events: stored as their fields, read back without re-running rules."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from kohtaamo.servicekit.eventstore import eventsourcing_env
from kohtaamo.servicekit.transcodings import DataclassAsDict, DateAsISO

CHECKS: list[str] = []


@dataclass(frozen=True)
class Span:
    start: date
    days: tuple[str, ...]
    note: str | None = None

    def __post_init__(self) -> None:
        CHECKS.append("checked")
        if not self.days:
            raise ValueError("no days")


class Diary(Aggregate):
    @event("Opened")
    def __init__(self) -> None:
        self.spans: list[Span] = []

    class Spanned(Aggregate.Event):
        span: Span

    @event(Spanned)
    def add(self, span: Span) -> None:
        self.spans.append(span)


class Store(Application[UUID]):
    def register_transcodings(self, transcoder):
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(DataclassAsDict(Span, "span"))


def test_a_value_object_goes_through_the_store_and_comes_back_equal_without_its_rules_run():
    store = Store(env=eventsourcing_env("memory://"))
    diary = Diary()
    span = Span(date(2016, 4, 4), ("MON", "WED"))
    diary.add(span)
    store.save(diary)
    CHECKS.clear()

    loaded = store.repository.get(diary.id)

    assert loaded.spans == [span]
    assert isinstance(loaded.spans[0].days, tuple)
    assert CHECKS == []  # replay did not re-run __post_init__


def test_a_field_added_later_with_a_default_is_read_from_older_events():
    transcoding = DataclassAsDict(Span, "span")

    old = transcoding.decode({"start": date(2016, 4, 4), "days": ["MON"]})

    assert old == Span(date(2016, 4, 4), ("MON",), None)


def test_only_dataclasses_are_taken():
    try:
        DataclassAsDict(uuid4().__class__, "uuid")
    except TypeError as exc:
        assert "not a dataclass" in str(exc)
    else:
        raise AssertionError("a non-dataclass was accepted")
