"""How precisely a place mention locates something: the basis the text gives and ACLED's geo_precision.

ACLED codebook: 1 = the town or site itself; 2 = near a town, or a part of a region ("on the outskirts
of Sirte", "20 km south of Sirte", "eastern Libya"); 3 = only a region or a country. The basis is read
from the few words before the name; the lexicon is data (CUES below), not fitted to any corpus.
"""
from __future__ import annotations

import re

# Words right before a name that say the place is only near it ("near Sirte", "outside Tripoli",
# "20 km south of Sirte", "the outskirts of Benghazi", "west of Benghazi").
_NEAR = re.compile(
    r"(?:\bnear(?:by)?|\boutside(?: of)?|\boutskirts of|\bvicinity of|\baround|\bclose to|\bnot far from"
    r"|\b(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles|mi)\b[\w\s-]{0,20}?\b(?:of|from))"
    r"|\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east"
    r"|south-west)(?:ern)?\s+(?:of|from))\s+(?:the\s+)?$",
    re.IGNORECASE)
# ... and words that make the name a part of a region ("eastern Libya", "the south of Syria").
_PART = re.compile(
    r"(?:\b(?:northern|southern|eastern|western|central|north-eastern|north-western|south-eastern"
    r"|south-western|northeastern|northwestern|southeastern|southwestern|rural|upper|lower)"
    r"|\b(?:the\s+)?(?:north|south|east|west|centre|center|heart|interior|countryside|coast)\s+of"
    r"|\bparts? of|\bregions? of|\bareas? of|\bacross)\s+(?:the\s+)?$",
    re.IGNORECASE)
WINDOW = 40  # characters before the name that are read
FINE = frozenset({"city", "site"})


def basis(text: str, start: int, precision: str, demonym: bool = False) -> str:
    """"demonym", "near", "in" (a part of it) or "at" for the mention starting at ``start``."""
    if demonym:
        return "demonym"
    before = text[max(0, start - WINDOW):start]
    if _NEAR.search(before):
        return "near"
    if _PART.search(before):
        return "in"
    return "at"


def geo_precision(precision: str, basis_: str) -> int | None:
    """ACLED geo_precision of a resolved mention (None when it has no place)."""
    if precision in FINE:
        return 1 if basis_ == "at" else 2
    if precision in ("region", "country"):
        return 3 if basis_ != "near" or precision == "country" else 2
    return None
