"""The learned candidate ranker: picks each toponym's gazetteer record with gradient-boosted trees over
the features of :mod:`newsgraph.places.features` (model: data/ranker.json, trained by
tools/train_geo_ranker.py on GWN + LGL; its card — training data, features, cross-validated
metrics — is in the same file).

Cross-validation: data/ranker_folds.json holds one model per document-level fold and the fold of every
training document (by a hash of its text). Inside :func:`cross_validated` a document that the ranker was
trained on is scored with the model of the fold that left it out, so `newsgraph eval geo` reports
figures on documents the model never saw. Outside it (the pipeline) the model trained on everything is
used.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from newsgraph.places.features import FEATURES, Mention, common_words, feature_matrix, provisional_picks, trim
from newsgraph.places.trees import Trees

log = logging.getLogger(__name__)

MODEL_FILE = "ranker.json"
FOLDS_FILE = "ranker_folds.json"
# issue 13: rank PASSES times, each pass after the first with the story columns computed from the previous
# pass's picks instead of the prior's (a collective step: "Dublin" follows the Georgia towns the story was
# found to name). Chosen on the CV output of GWN + LGL (see docs/EVALUATION.md, geo).
PASSES = 2  # 3 passes measured 82.3 / 83.7 on LGL (+0.2) for a third feature computation: not worth it
_CV: contextvars.ContextVar[bool] = contextvars.ContextVar("newsgraph_geo_cv", default=False)


def text_key(text: str) -> str:
    """How a training document is recognised: the first 16 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class Ranked:
    index: int | None  # the chosen candidate of the mention, None when it has none
    confidence: float  # the chosen candidate's share of the mention's probability mass


def _read(name: str) -> dict | None:
    try:
        return json.loads(resources.files("newsgraph.places.data").joinpath(name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


@lru_cache(maxsize=1)
def model() -> Trees | None:
    data = _read(MODEL_FILE)
    if data is None:
        log.warning("no %s: places fall back to the fixed prior", MODEL_FILE)
        return None
    trees = Trees.from_json(data["model"])
    if trees.features != FEATURES:
        log.warning("%s was trained on other features; places fall back to the fixed prior", MODEL_FILE)
        return None
    return trees


@lru_cache(maxsize=1)
def _folds() -> tuple[dict[str, int], list[Trees]]:
    data = _read(FOLDS_FILE)
    if data is None:
        return {}, []
    return dict(data["documents"]), [Trees.from_json(m) for m in data["models"]]


@contextlib.contextmanager
def cross_validated() -> Iterator[None]:
    """Within this block a training document is ranked by the fold model that did not see it."""
    token = _CV.set(True)
    try:
        yield
    finally:
        _CV.reset(token)


def cross_validating() -> bool:
    return _CV.get()


def fold_of(text: str) -> int | None:
    return _folds()[0].get(text_key(text))


def _model_for(text: str, override: Trees | None) -> Trees | None:
    if override is not None:
        return override
    if _CV.get():
        docs, models = _folds()
        fold = docs.get(text_key(text))
        if fold is not None and fold < len(models):
            return models[fold]
    return model()


@dataclass(slots=True)
class _Pass:
    """One ranker pass: the feature rows and their probabilities, kept so that the next pass only
    evaluates the trees on the rows whose features changed."""

    X: np.ndarray
    probs: np.ndarray
    per: list[list[float]]


def _probabilities(use: Trees, text: str, mentions: list[Mention], demonym_votes: Counter | None,
                   ambiguous: set[int], context: list | None, prior_picks: list | None = None,
                   static_cache: dict | None = None, before: _Pass | None = None) -> _Pass:
    X, owner = feature_matrix(text, mentions, demonym_votes, only=ambiguous, context=context, prior_picks=prior_picks,
                              static_cache=static_cache)
    if not len(X):
        probs = np.zeros(0)
    elif before is not None and before.X.shape == X.shape:
        same = ((X == before.X) | (np.isnan(X) & np.isnan(before.X))).all(axis=1)
        probs = before.probs.copy()
        if not same.all():
            probs[~same] = use.proba(X[~same])
    else:
        probs = use.proba(X)
    per: list[list[float]] = [[1.0] if len(m.candidates) == 1 else [] for m in mentions]
    for p, o in zip(probs.tolist(), owner.tolist()):
        per[o].append(p)
    return _Pass(X, probs, per)


def rank(text: str, mentions: list[Mention], demonym_votes: Counter | None = None,
         trees: Trees | None = None) -> list[Ranked] | None:
    """The best candidate per mention; None when no model is available (the caller falls back).

    Mentions of one name get one record (a story does not name two towns "Alexandria" without saying
    which): per name the candidate with the highest summed log-probability wins, unless a mention is
    qualified ("Paris, Texas"), which keeps its own pick."""
    use = _model_for(text, trees)
    if use is None:
        return None
    mentions = [trim(m) for m in mentions]
    # a mention with one candidate needs no model: its candidate has all of its probability mass
    ambiguous = {i for i, m in enumerate(mentions) if len(m.candidates) > 1}
    prior_picks = provisional_picks(mentions) if ambiguous else None
    static: dict = {}  # the pick-independent feature columns, computed once for all passes
    done = _probabilities(use, text, mentions, demonym_votes, ambiguous, None, prior_picks, static)
    per = done.per
    context = prior_picks or []
    for _ in range(PASSES - 1 if ambiguous else 0):
        # issue 13: the story columns once more, from the previous pass's picks instead of the prior's
        previous = [m.candidates[int(np.argmax(ps))] if ps else None for m, ps in zip(mentions, per)]
        if all(a is b for a, b in zip(previous, context)):
            break  # the same context gives the same features and probabilities: nothing to recompute
        done = _probabilities(use, text, mentions, demonym_votes, ambiguous, previous, prior_picks, static, done)
        per, context = done.per, previous
    # one record per name: sum log-probabilities over the unqualified mentions of the name; a name the
    # story qualified once ("Tripoli, Lebanon ... Tripoli") follows its qualified mention
    pooled: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    qualified: dict[str, int] = {}
    for m, ps in zip(mentions, per):
        if ps and (m.qualifier_countries or m.qualifier_admins):
            qualified.setdefault(m.key, id(m.candidates[int(np.argmax(ps))]))
        elif ps:
            for place, p in zip(m.candidates, ps):
                pooled[m.key][id(place)] += math.log(max(p, 1e-6))
    for key, chosen in qualified.items():
        if key in pooled:
            pooled[key][chosen] = 1e9
    out: list[Ranked] = []
    for m, ps in zip(mentions, per):
        if not ps:
            out.append(Ranked(None, 0.0))
            continue
        best = int(np.argmax(ps))
        pool = pooled.get(m.key)
        if pool and not (m.qualifier_countries or m.qualifier_admins):
            ids = [id(p) for p in m.candidates]
            best = max(range(len(ids)), key=lambda i: pool.get(ids[i], -1e9))
        total = sum(ps)
        out.append(Ranked(best, ps[best] / total if total > 0 else 0.0))
    _drop_unsupported_common_words(text, mentions, out)
    return out


# A name that is also an English word (WordNet's lemma index, which lists many towns too) resolves to a
# town below this size only when the story supports it: another place of the story in the same admin-1
# region, or a qualifier. West, Texas has 2,800 people; "Oxford" or "Texas" stand on their own.
COMMON_WORD_TOWN_POPULATION = 10_000
# Compass words alone ("the West", "the South") name a direction or a bloc, not the town or province that
# happens to bear the name (West, Texas; West Region, Cameroon): they resolve only with a qualifier.
COMPASS_WORDS = frozenset({"west", "east", "north", "south", "western", "eastern", "northern", "southern",
                           "central", "midwest", "northeast", "northwest", "southeast", "southwest"})


def _drop_unsupported_common_words(text: str, mentions: list[Mention], ranked: list[Ranked]) -> None:
    common = common_words()
    if not common:
        return
    regions: dict[str, set[tuple[str | None, str | None]]] = defaultdict(set)
    for m, r in zip(mentions, ranked):
        if r.index is not None:
            p = m.candidates[r.index]
            regions[m.key].add((p.country, p.admin1_code))
    elsewhere: dict[str, set[tuple[str | None, str | None]]] = {}  # key -> the regions of the other keys
    for m, r in zip(mentions, ranked):
        if r.index is None or " " in m.key or (m.key not in common and m.key not in COMPASS_WORDS):
            continue
        place = m.candidates[r.index]
        if m.key in COMPASS_WORDS:
            if not (m.qualifier_countries or m.qualifier_admins):
                r.index, r.confidence = None, 0.0
            continue
        if place.kind != "city" or place.population >= COMMON_WORD_TOWN_POPULATION:
            continue  # "Turkey", "Chad", "Oxford", "Texas" stand on their own
        if m.qualifier_countries or m.qualifier_admins:
            continue
        others = elsewhere.get(m.key)
        if others is None:  # the same for every mention of a key: made once per key
            others = elsewhere[m.key] = {u for key, units in regions.items() if key != m.key for u in units}
        supported = (place.country, place.admin1_code) in others
        if not supported:
            r.index, r.confidence = None, 0.0


def card() -> dict:
    """The model card stored beside the model (training data, features, cross-validated metrics)."""
    data = _read(MODEL_FILE) or {}
    return {k: v for k, v in data.items() if k != "model"}
