"""Demonyms: the country (or continent) a nationality word points to ("Libyan" -> Libya, "European" ->
Europe). Nationality words are not places, but they tell which country a story is about.

Irregular forms ("French", "Dutch", "Swiss") are read from the actor KB's table (kb/data/state_names.tsv);
the rest are derived morphologically from the gazetteer's country and continent names.
"""
from __future__ import annotations

from functools import lru_cache

from newsgraph.ids import place_key as normalize
from newsgraph.kb import read_state_names
from newsgraph.places.gazetteer import Gazetteer, Place, load_gazetteer
from newsgraph.places.groups import is_group_word

# Words of country names that say nothing about which country ("Republic of ..."): never demonym stems.
GENERIC_NAME_WORDS = frozenset({"republic", "united", "islamic", "democratic", "federal", "kingdom", "state",
                                "states", "people", "peoples", "north", "south", "east", "west", "central"})
# Tried in this order: "Nigeri-an" must be tried before "Niger-ian", "Egypt-ian" after "Egypti-an" fails.
DEMONYM_SUFFIXES = ("ans", "an", "ians", "ian", "ese", "ish", "is", "i", "n", "s")
# A word that is a demonym by form is still read as one when the gazetteer's only places of that name are
# hamlets below this size ("Canadian", Texas: 3k people); a real town or any region/country name wins.
DEMONYM_SHADOW_POPULATION = 20_000


def _gaz() -> Gazetteer:
    return load_gazetteer()


@lru_cache(maxsize=4096)
def demonym_place(word: str) -> Place | None:
    """The country or continent a demonym points to ("Libyan" -> Libya, "European" -> Europe).

    Morphological: strip a demonym ending and look for a country/continent whose name (or alias) has a word
    starting with the stem ("Turk-ish" -> Turkey, "Emirat-i" -> Emirates). None when the word is itself a
    place name, is no demonym, or the stem fits several countries ("Korean").
    """
    if not word[:1].isupper() or not word.replace(" ", "").isalpha():
        return None
    if is_group_word(word):  # issue 13: "Christians" is a faith, not Christmas Island's people
        return None
    gaz = _gaz()
    listed = _demonym_table().get(normalize(word))
    if listed is not None:
        return gaz.country(listed)
    if any(p.kind != "city" or p.population >= DEMONYM_SHADOW_POPULATION for p in gaz.lookup(word)):
        return None
    low = normalize(word)
    for suffix in DEMONYM_SUFFIXES:
        if not low.endswith(suffix) or len(low) - len(suffix) < 4:
            continue
        stem = low[: len(low) - len(suffix)]
        # closest whole alias first ("american" -> "america", not "north america"), then any word of one
        # (issue 13: looked up in a prefix index instead of scanning every alias of every region)
        best: dict[int, int] = {}
        for i, extra in _stem_index().get(stem, ()):
            best[i] = min(best.get(i, extra), extra)
        if best:
            top = min(best.values())
            hits = [i for i, v in best.items() if v == top]
            return gaz.places[hits[0]] if len(hits) == 1 else None
    return None


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, str]:
    """Demonyms listed by the actor KB (kb/data/state_names.tsv: "French" -> FR, "Briton" -> GB).

    Irregular forms ("French", "Dutch", "Swiss") cannot be derived from country names; the table is read,
    not copied.
    """
    table: dict[str, str] = {}
    for row in read_state_names():
        iso, demonyms = row["iso2"].strip(), row["demonyms"]
        for word in demonyms.split("|"):
            if iso and word.strip():
                table.setdefault(normalize(word), iso)
    return table


def demonym_country(word: str) -> str | None:
    """ISO2 of the country a demonym points to ("Libyan" -> "LY"); None for continents and non-demonyms."""
    place = demonym_place(word)
    return place.country if place is not None else None


def is_demonym(text: str) -> bool:
    """True for "Libyan", "Turkish", "Emiratis": nationality words are not places (they help disambiguate)."""
    return len(text.split()) <= 2 and demonym_place(text) is not None


@lru_cache(maxsize=1)
def _stem_index() -> dict[str, list[tuple[int, int]]]:
    """Prefix (>= 4 letters) of a region alias or of a later word of one -> (record, extra letters): the
    same ranking demonym_place used to compute by scanning all aliases."""
    index: dict[str, list[tuple[int, int]]] = {}
    for i, keys in _region_keys().items():
        for k in keys:
            for n in range(4, len(k) + 1):
                index.setdefault(k[:n], []).append((i, len(k) - n))
            for w in k.split()[1:]:
                if w in GENERIC_NAME_WORDS:
                    continue
                for n in range(4, len(w) + 1):
                    index.setdefault(w[:n], []).append((i, 100 + len(w) - n))
    return index


@lru_cache(maxsize=1)
def _region_keys() -> dict[int, tuple[str, ...]]:
    """Record number of each country and continent -> all its normalised aliases."""
    gaz = _gaz()
    keys_by_place: dict[int, set[str]] = {i: set() for i in gaz.countries.values()}
    keys_by_place.update({i: set() for i, p in enumerate(gaz.places) if p.kind == "continent"})
    for key, ids in gaz.index.items():
        for i in ids:
            if i in keys_by_place:
                keys_by_place[i].add(key)
    return {i: tuple(sorted(keys)) for i, keys in keys_by_place.items()}

