"""Error analysis of the places stage under document-level cross-validation (issue 13, step 1).

    .venv/bin/python tools/geo_error_analysis.py [--corpus GWN] [--data ../shared/eval/geo] [--examples N]

Resolution (gold spans, each document resolved by the ranker of the fold that left it out): every gold
toponym with coordinates whose pick is not the gold GeoNames id, or lies more than 161 km from the gold
point, is put in the first bucket that fits:
  no_candidate     the gazetteer gives the span no candidate;
  gold_absent      candidates, but the gold id is not among them (gold without id: none within 161 km);
  point_error      the right id, but its point is more than 161 km from the gold point;
  wrong_level      the pick's feature level (country / admin / city / site) differs from the gold record's;
  homonym          a record of the same level elsewhere;
  demonym_metonym  (a tag, counted beside the bucket) the gold type is Demonym, Metonymic, Coercion, ...
Detection (the detector of the fold that left the document out): every gold span with coordinates not
predicted exactly is put in one of
  boundary         a predicted span overlaps it (tokenisation / span edges);
  not_proposed     no candidate span has those offsets (neither NER, gazetteer n-gram nor KB proposed it);
  vetoed           proposed but removed by the person-context veto;
  below_threshold  proposed, classifier probability under the threshold;
  overlap_lost     above the threshold but an overlapping candidate was chosen.
Only counts and (with --examples) a few surfaces are printed: for error analysis, nothing is written.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.evaluation import metrics, task_geo  # noqa: E402
from newsgraph.evaluation.read_geo import read_geo  # noqa: E402
from newsgraph.places import ranker  # noqa: E402
from newsgraph.places.gazetteer import load_gazetteer  # noqa: E402
from newsgraph.places.resolve import _demonym_votes, mentions_for  # noqa: E402

LEVEL = {"country": "country", "continent": "country", "admin1": "admin", "admin2": "admin", "region": "admin",
         "city": "city", "site": "site"}
FIGURATIVE = {"Demonym", "Metonymic", "Coercion", "Embedded_Non_Lit", "Language", "Homonym", "Noun_Modifier"}


def resolution_buckets(docs, n_examples: int) -> tuple[Counter, Counter, dict, int]:
    gaz = load_gazetteer()
    buckets: Counter = Counter()
    figurative: Counter = Counter()
    examples: dict[str, Counter] = {}
    total = 0
    with ranker.cross_validated():
        for doc in docs:
            gold = [t for t in doc.toponyms if task_geo.scored(t)]
            if not gold:
                continue
            mentions = mentions_for(doc.text, [(t.start, t.end) for t in gold])
            ranked = ranker.rank(doc.text, mentions, _demonym_votes(doc.text))
            for top, m, r in zip(gold, mentions, ranked):
                total += 1
                pick = m.candidates[r.index] if r.index is not None else None
                dist = None if pick is None or pick.lat is None else metrics.haversine_km(
                    top.lat, top.lon, pick.lat, pick.lon)
                exact = pick is not None and top.geonames_id is not None and pick.geonames_id == top.geonames_id
                far = dist is None or dist > 161
                if exact and not far:
                    continue
                if top.geonames_id is None and not far:
                    continue
                gold_place = gaz.get(top.geonames_id) if top.geonames_id is not None else None
                if not m.candidates:
                    b = "no_candidate"
                elif top.geonames_id is not None and not any(p.geonames_id == top.geonames_id for p in m.candidates):
                    b = "gold_absent"
                elif top.geonames_id is None and not any(
                        p.lat is not None and metrics.haversine_km(top.lat, top.lon, p.lat, p.lon) <= 161
                        for p in m.candidates):
                    b = "gold_absent"
                elif exact:
                    b = "point_error"
                elif gold_place is not None and pick is not None and LEVEL.get(gold_place.kind) != LEVEL.get(pick.kind):
                    b = f"wrong_level:{LEVEL.get(pick.kind)}_for_{LEVEL.get(gold_place.kind)}"
                else:
                    b = "homonym"
                buckets[b] += 1
                if top.kind in FIGURATIVE:
                    figurative[b] += 1
                got = f"{pick.name}/{pick.kind}/{pick.country}" if pick else "-"
                want = f"{gold_place.name}/{gold_place.kind}/{gold_place.country}" if gold_place else str(top.geonames_id)
                examples.setdefault(b, Counter())[f"{m.surface} -> {got} (gold {want})"] += 1
    return buckets, figurative, {b: c.most_common(n_examples) for b, c in examples.items()}, total


def detection_buckets(docs, n_examples: int) -> tuple[Counter, Counter, dict, int]:
    import numpy as np
    from spacy.matcher import PhraseMatcher

    from newsgraph.evaluation.systems import _places_nlp
    from newsgraph.places import detect
    from newsgraph.places.component import _patterns

    nlp = _places_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("KB", list(nlp.tokenizer.pipe(_patterns()[0])))
    buckets: Counter = Counter()
    figurative: Counter = Counter()
    examples: dict[str, Counter] = {}
    total = 0
    with ranker.cross_validated():
        for gd in docs:
            doc = nlp(gd.text)
            pred = set(doc._.get("places") or [])
            det = detect._detector_for(doc)
            ctx = detect.DocContext(doc)
            cands = detect.candidates(doc, [(s, e) for _, s, e in matcher(doc)], ctx=ctx)
            surnames = detect.person_name_parts(doc)

            def chars(c):
                return doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)

            by_chars = {chars(c): i for i, c in enumerate(cands)}
            probs = det.trees.proba(detect.feature_matrix(doc, cands, ctx=ctx)) if cands else np.zeros(0)
            for top in gd.toponyms:
                if not task_geo.scored(top):
                    continue
                total += 1
                span = (top.start, top.end)
                if span in pred:
                    continue
                if any(s < top.end and top.start < e for s, e in pred):
                    b = "boundary"
                elif span not in by_chars:
                    b = "not_proposed"
                elif detect.vetoed(doc, cands[by_chars[span]], surnames):
                    b = "vetoed"
                elif probs[by_chars[span]] < det.threshold:
                    b = "below_threshold"
                else:
                    b = "overlap_lost"
                buckets[b] += 1
                if top.kind in FIGURATIVE:
                    figurative[b] += 1
                examples.setdefault(b, Counter())[f"{top.text} [{top.kind}]"] += 1
    return buckets, figurative, {b: c.most_common(n_examples) for b, c in examples.items()}, total


def show(title: str, buckets: Counter, figurative: Counter, examples: dict, total: int) -> None:
    print(f"\n{title}: {sum(buckets.values())} misses of {total} gold toponyms with coordinates")
    print(f"  {'bucket':<36}{'misses':>7}{'% of gold':>10}{'figurative gold':>16}")
    for b, n in buckets.most_common():
        print(f"  {b:<36}{n:>7}{100 * n / max(total, 1):>10.1f}{figurative[b]:>16}")
    for b, ex in examples.items():
        if ex:
            print(f"  {b}: {ex}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "geo")
    ap.add_argument("--corpus", default="GWN", choices=["GWN", "LGL"])
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--skip-detection", action="store_true")
    args = ap.parse_args()
    path = args.data / {"GWN": "GWN.xml", "LGL": "lgl.xml"}[args.corpus]
    if not path.is_file():
        sys.exit(f"{path} is absent")
    docs, _ = read_geo(path)
    from newsgraph.evaluation.systems import _places_nlp

    _places_nlp()  # hands the lexicon to the ranker, as in the pipeline
    show(f"{args.corpus} resolution (CV)", *resolution_buckets(docs, args.examples))
    if not args.skip_detection:
        show(f"{args.corpus} detection (CV)", *detection_buckets(docs, args.examples))


if __name__ == "__main__":
    main()
