"""Build a corpus into a throwaway store and write its JSONL export: the facts a change must not alter.

    .venv/bin/python tools/export_snapshot.py OUTDIR [--corpus examples|realnews] [--limit N] [--workers N]
    diff -r BEFORE AFTER   # a behaviour-preserving change (a speed-up) leaves no difference

``examples`` is the sample corpus (examples/articles); ``realnews`` the Timeline17 articles of
../shared/eval/realnews (read in place, one outlet's file after another in turn, as bench/throughput.py
takes them; ``--limit`` keeps the first N). The pipeline version (a hash of the stages' source, so it
changes with any edit) is replaced by ``PIPELINE_VERSION`` in the written files: what is compared is
the facts, not which code made them. Prints one sha256 per file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
sys.path.insert(0, str(ROOT / "bench"))


def snapshot(out: Path, *, corpus: str = "examples", limit: int | None = None, workers: int = 1) -> dict[str, str]:
    """Build ``corpus`` and write its export into ``out``; sha256 per file name."""
    from newsgraph import api
    from newsgraph.version import PIPELINE_VERSION

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if corpus == "examples":
            inputs = [EXAMPLES]
        else:
            from throughput import load_realnews

            path = Path(tmp) / "realnews.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in load_realnews(limit)), encoding="utf-8")
            inputs = [path]
        db = str(Path(tmp) / "snapshot.db")
        api.build(inputs, db=db, workers=workers)
        raw = Path(tmp) / "export"
        api.export(raw, format="jsonl", db=db)
        digests = {}
        for f in sorted(raw.glob("*.jsonl")):
            data = f.read_bytes().replace(PIPELINE_VERSION.encode(), b"PIPELINE_VERSION")
            (out / f.name).write_bytes(data)
            digests[f.name] = hashlib.sha256(data).hexdigest()
    return digests


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--corpus", choices=("examples", "realnews"), default="examples")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    for name, digest in snapshot(args.out, corpus=args.corpus, limit=args.limit, workers=args.workers).items():
        print(f"{digest}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
