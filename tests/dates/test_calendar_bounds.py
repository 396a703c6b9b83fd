"""Dates beyond the calendar (before year 1, after 9999) are unresolved, never a crash of the stage."""
from __future__ import annotations

import pytest

from newsgraph.dates.normalize import normalize, value_and_rule


@pytest.mark.parametrize("text", ["7000 years ago", "7,000 years ago", "10000000000 days ago",
                                  "100000 months ago", "9000 years later", "the year 12000"])
def test_a_date_beyond_the_calendar_has_no_value(text):
    value = normalize(text, "2011-05-02", reference="2011-05-02")
    assert (value.value, value.precision, value.text) == (None, "unknown", text)
    # the stage's own entry point (dates/extract.py) is as safe as normalize
    assert value_and_rule(text, "2011-05-02", False, "2011-05-02") == (value.__class__(None, "unknown"), "unresolved")


def test_dates_within_the_calendar_still_resolve():
    assert normalize("3 years ago", "2011-05-02").value == "2008"
    assert normalize("next year", "9998-06-01").value == "9999"
    assert normalize("next year", "9999-06-01").value is None
