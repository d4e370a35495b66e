"""A category of others holds every value no other category of its dimension holds."""

import pytest
from pydantic import ValidationError

from kohtaamo.reporting.application.definitions import Dimension
from kohtaamo.reporting.application.pack import load_pack


def _municipalities(*categories):
    return Dimension.model_validate({"dimension": "municipality", "categories": list(categories)})


def test_values_of_no_category_fall_into_the_others():
    d = _municipalities({"code": "908", "title": {"fi": "Valkeakoski", "en": "Valkeakoski"}},
                        {"code": "OTHER", "title": {"fi": "Muu", "en": "Other"}, "others": True})

    assert [d.category_of(v) for v in ("908", "091", "OTHER")] == [0, 1, 1]


def test_without_a_category_of_others_an_unlisted_value_has_none():
    d = _municipalities({"code": "908", "title": {"fi": "Valkeakoski", "en": "Valkeakoski"}})

    assert d.category_of("091") is None


@pytest.mark.parametrize("categories", [
    [{"code": "A", "title": {"fi": "a", "en": "a"}, "others": True},
     {"code": "B", "title": {"fi": "b", "en": "b"}, "others": True}],
    [{"code": "A", "title": {"fi": "a", "en": "a"}, "others": True, "members": ["091"]}],
])
def test_one_category_of_others_at_most_and_it_lists_no_members(categories):
    with pytest.raises(ValidationError):
        _municipalities(*categories)


def test_the_shipped_municipality_table_puts_every_other_municipality_together():
    d = load_pack().indicators["participants-by-municipality"].definition

    assert [c.code for c in d.rows.categories] == ["908", "020", "887", "OTHER"]
    assert d.rows.category_of("091") == d.rows.category_of("837") == 3
