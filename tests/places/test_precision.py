"""Basis and ACLED geo_precision of place mentions, on phrases we wrote."""
from __future__ import annotations

import pytest

from newsgraph.places.precision import basis, geo_precision


def _basis(text: str, name: str, precision: str = "city") -> str:
    return basis(text, text.index(name), precision)


@pytest.mark.parametrize(("text", "expected"), [
    ("Shelling hit Sirte on Monday.", "at"),
    ("Clashes broke out near Sirte on Monday.", "near"),
    ("The convoy was ambushed 20 km south of Sirte.", "near"),
    ("Fighters gathered on the outskirts of Sirte.", "near"),
    ("Troops moved west of Sirte overnight.", "near"),
    ("Airstrikes hit eastern Sirte province.", "in"),
    ("Fighting spread across Sirte district.", "in"),
])
def test_basis_from_the_words_before(text, expected):
    assert _basis(text, "Sirte") == expected


def test_demonym_basis():
    assert basis("Libyan forces advanced.", 0, "country", demonym=True) == "demonym"


def test_geo_precision_codes():
    assert geo_precision("city", "at") == 1
    assert geo_precision("site", "near") == 2
    assert geo_precision("city", "in") == 2
    assert geo_precision("region", "at") == 3
    assert geo_precision("country", "near") == 3
    assert geo_precision("region", "near") == 2
    assert geo_precision("unknown", "at") is None
