"""Second-chance candidate keys for a toponym the gazetteer index does not know as written (issue 13):
spelling variants ("St." / "Saint", "Mt." / "Mount", "Co." / "County", "&" / "and"), the place a
resident word names ("Ohioans" -> Ohio, "Dagestani" -> Dagestan) and the place inside an organisation's
or event's name ("Colorado State University" -> Colorado, "Bank of Japan" -> Japan: GeoWebNews marks such
metonymic uses as toponyms of the place). Each is tried only when everything before it found nothing.
"""
from __future__ import annotations

import re

# Abbreviations in place names and what they stand for (English usage; first match wins).
ABBREVIATIONS = (
    (re.compile(r"\bSt\.?\s+"), "Saint "), (re.compile(r"\bSaint\s+"), "St. "), (re.compile(r"\bSte\.?\s+"), "Sainte "),
    (re.compile(r"\bMt\.?\s+"), "Mount "), (re.compile(r"\bMount\s+"), "Mt "), (re.compile(r"\bFt\.?\s+"), "Fort "),
    (re.compile(r"\bPt\.?\s+"), "Port "), (re.compile(r"\s+Co\.?$"), " County"), (re.compile(r"\s+Twp\.?$"), " Township"),
    (re.compile(r"\s+Is\.?$"), " Island"), (re.compile(r"^W\.\s*"), "West "), (re.compile(r"^E\.\s*"), "East "),
    (re.compile(r"^N\.\s*"), "North "), (re.compile(r"^S\.\s*"), "South "), (re.compile(r"\s*&\s*"), " and "),
)
# Resident-word endings and what to put back for the place's name, longest first ("Ontarians" ->
# "Ontario", "Iowans" -> "Iowa", "Texans" -> "Texas", "Londoners" -> "London", "Dagestani" -> "Dagestan").
RESIDENT_ENDINGS = (("ians", "ia"), ("ians", "io"), ("ians", ""), ("ian", "ia"), ("ian", "io"), ("ans", "a"),
                    ("ans", "as"), ("ans", ""), ("an", "a"), ("an", "as"), ("an", ""), ("ers", ""), ("er", ""),
                    ("ites", ""), ("ite", ""), ("is", ""), ("i", ""), ("ns", ""))
MIN_RESIDENT_STEM = 4
MAX_PART_WORDS = 4
# A name with one of these words is a place of its own ("Lake Ontario", "Madison Township", "Tennessee
# Colony"), not a use of the place inside it: no part is taken from it.
FEATURE_WORDS = frozenset({
    "river", "lake", "bay", "gulf", "harbor", "harbour", "sea", "ocean", "valley", "island", "islands", "isle",
    "mountain", "mountains", "mount", "canyon", "creek", "peninsula", "delta", "strait", "coast", "park",
    "township", "twp", "colony", "county", "parish", "district", "borough", "village", "heights", "hills",
    "falls", "springs", "beach", "grove", "station", "estate", "street", "avenue", "road", "square", "gardens",
    "national", "forest", "desert", "basin", "plain", "plains", "cape", "point", "port"})
# Words that are never the place a part names, whatever the gazetteer holds under them.
GENERIC_PARTS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern",
                           "western", "upper", "lower", "greater", "new", "old", "metro", "royal", "state",
                           "national", "general", "republic", "union", "city", "town", "centre", "center",
                           "lakes"})


def spelling_variants(surface: str) -> list[str]:
    out = []
    for pattern, repl in ABBREVIATIONS:
        if pattern.search(surface):
            v = pattern.sub(repl, surface).strip()
            if v and v != surface and v not in out:
                out.append(v)
    return out


def resident_stems(surface: str) -> list[str]:
    """Names a resident word ("Ohioans", "Dagestani") may come from; [] for anything else."""
    if " " in surface or not surface[:1].isupper() or not surface.isalpha() or surface.isupper():
        return []
    out = []
    for ending, back in RESIDENT_ENDINGS:
        if surface.endswith(ending):
            stem = surface[: len(surface) - len(ending)] + back
            if len(stem) >= MIN_RESIDENT_STEM and stem not in out:
                out.append(stem)
    return out


def name_parts(surface: str) -> list[str]:
    """Runs of capitalised words inside a longer name, longest first, then leftmost."""
    words = surface.split()
    if len(words) < 2 or FEATURE_WORDS & {w.lower().strip(",.") for w in words}:
        return []
    out = []
    for n in range(min(len(words) - 1, MAX_PART_WORDS), 0, -1):
        for i in range(len(words) - n + 1):
            part = words[i:i + n]
            text = " ".join(part).strip(",.'’")
            if part[0][:1].isupper() and part[-1][:1].isupper() and text.lower() not in GENERIC_PARTS:
                out.append(text)
    return out
