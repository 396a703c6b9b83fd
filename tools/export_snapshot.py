"""Build a corpus into a throwaway store and write its JSONL export: the facts a change must not alter.

    .venv/bin/python tools/export_snapshot.py OUTDIR [--corpus examples|realnews] [--limit N] [--workers N]
    diff -r BEFORE AFTER   # a behaviour-preserving change (a speed-up) leaves no difference

``examples`` is the sample corpus (examples/articles); ``realnews`` the Timeline17 articles of
../shared/eval/realnews (read in place, one outlet's file after another in turn, as bench/throughput.py
takes them; ``--limit`` keeps the first N). The pipeline version (a hash of the stages' source, so it
changes with any edit) is replaced by ``PIPELINE_VERSION`` in the written files (and the temporary
folder of the realnews input by ``TMPDIR``): what is compared is
the facts, not which code made them. For the same reason the consolidated ids of events.jsonl
(``event``, ``cluster``: hashes of report ids that include the version) are renamed ``E1``, ``E2``... in
order of first appearance: which reports are grouped together is compared, not the hash. Prints one
sha256 per file.
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


RENAMED = {"events.jsonl": ("event", "cluster")}  # fields whose values are renamed (see above)


def _normalise(name: str, data: bytes, version: str, tmp: str = "") -> bytes:
    data = data.replace(version.encode(), b"PIPELINE_VERSION")
    if tmp:  # the realnews corpus is read from a temporary file: its path is no fact
        data = data.replace(json.dumps(tmp)[1:-1].encode(), b"TMPDIR")
    fields = RENAMED.get(name)
    if not fields:
        return data
    names: dict[str, str] = {}
    rows = []
    for line in data.decode("utf-8").splitlines():
        row = json.loads(line)
        for f in fields:
            if row.get(f) is not None:
                row[f] = names.setdefault(row[f], f"E{len(names) + 1}")
        rows.append(json.dumps(row, ensure_ascii=False) + "\n")
    return "".join(rows).encode("utf-8")


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
            data = _normalise(f.name, f.read_bytes(), PIPELINE_VERSION, tmp)
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
