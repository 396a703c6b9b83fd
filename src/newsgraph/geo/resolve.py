"""Resolution with the learned ranker: spans -> candidate mentions -> ranked gazetteer records.

Candidates come from the gazetteer's alias index, each with how it matched (the record's own name, an
alternate name, an article-insensitive key, the name without a generic suffix such as "Province", or a
demonym pointing to its country). A qualifier right after the span ("Tripoli, Lebanon", "Paris, Texas")
narrows the candidates to the places it names, when any do.
"""
from __future__ import annotations

from collections.abc import Sequence

from newsgraph.gazetteer import Gazetteer, Place, load_gazetteer, normalize, strip_article
from newsgraph.geo import precision as geo_precision
from newsgraph.geo import ranker
from newsgraph.geo.features import Mention
from newsgraph.geo.trees import Trees
from newsgraph.records import Evidence, PlaceMention

# What a mention of a record of each kind tells (PlaceMention.precision, a public value).
PRECISION = {"country": "country", "continent": "region", "region": "region", "admin1": "region",
             "admin2": "region", "city": "city", "site": "site"}


def candidates(gaz: Gazetteer, surface: str) -> tuple[list[Place], list[str]]:
    """Candidate records of a cleaned surface and how each matched (features.MATCHES)."""
    from newsgraph.places import GENERIC_SUFFIXES, demonym_place  # late: places imports this module

    words = surface.split()
    demonym = demonym_place(surface) if len(words) <= 2 else None
    if demonym is not None:
        return [demonym], ["demonym"]
    key = normalize(surface)
    hits = gaz.index.get(key)
    if hits:
        places = [gaz.places[i] for i in hits]
        return places, ["name" if normalize(p.name) == key else "alias" for p in places]
    bare = strip_article(key)
    hits = (gaz.index.get(bare) if bare else None) or gaz.weak.get(key)
    if hits:
        places = [gaz.places[i] for i in hits]
        return places, ["weak"] * len(places)
    if len(words) > 1 and words[-1].lower() in GENERIC_SUFFIXES:
        places = gaz.lookup(" ".join(words[:-1]))
        return places, ["suffix"] * len(places)
    return [], []


def mentions_for(text: str, spans: Sequence[tuple[int, int]], gaz: Gazetteer | None = None) -> list[Mention]:
    from newsgraph.places import _clean_surface, _qualifier

    gaz = gaz or load_gazetteer()
    out: list[Mention] = []
    for start, end in spans:
        surface = text[start:end]
        clean = _clean_surface(surface)
        cands, matches = candidates(gaz, clean)
        q_countries, q_admins = _qualifier(gaz, text, end)
        if cands and (q_countries or q_admins) and not any(c.kind == "country" for c in cands):
            keep = [i for i, c in enumerate(cands)
                    if c.country in q_countries or (c.country, c.admin1_code) in q_admins]
            if keep:
                cands, matches = [cands[i] for i in keep], [matches[i] for i in keep]
            else:
                q_countries, q_admins = set(), set()
        out.append(Mention(start, end, surface, normalize(clean), cands, matches, q_countries, q_admins,
                           matches[:1] == ["demonym"]))
    return out


def place_mention(article_id: str, m: Mention, place: Place | None, confidence: float, text: str = "") -> PlaceMention:
    evidence = Evidence(article_id, m.start, m.end)
    if place is None:
        return PlaceMention(evidence, m.surface, None, None, None, None, None, None, "unknown", 0.0,
                            "demonym" if m.demonym else "at")
    precision = PRECISION.get(place.kind, "unknown")
    return PlaceMention(evidence, m.surface, place.name, place.country, place.admin1, place.lat, place.lon,
                        place.geonames_id, precision, round(confidence, 3),
                        geo_precision.basis(text, m.start, precision, m.demonym))


def resolve_ranked(text: str, spans: Sequence[tuple[int, int]], article_id: str = "",
                   trees: Trees | None = None) -> list[PlaceMention] | None:
    """Resolve spans with the ranker; None when no ranker model is installed (the caller falls back)."""
    from newsgraph.places import _demonym_votes

    if trees is None and ranker.model() is None:
        return None
    mentions = mentions_for(text, spans)
    ranked = ranker.rank(text, mentions, _demonym_votes(text), trees)
    if ranked is None:
        return None
    return [place_mention(article_id, m, m.candidates[r.index] if r.index is not None else None, r.confidence, text)
            for m, r in zip(mentions, ranked)]
