"""tools/export_snapshot.py: what it normalises before two exports are compared byte for byte."""
from __future__ import annotations

import json

from export_snapshot import _normalise


def _rows(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_consolidated_ids_become_a_renaming_in_order_of_first_appearance():
    events = "".join(json.dumps(r) + "\n" for r in (
        {"id": "r1", "event": "aaa", "cluster": None},
        {"id": "r2", "event": "bbb", "cluster": "bbb"},
        {"id": "r3", "event": "bbb", "cluster": "bbb"},
        {"id": "r4", "event": "ccc", "cluster": "aaa"},
    )).encode()
    rows = _rows(_normalise("events.jsonl", events, "pipe-123"))
    assert [(r["event"], r["cluster"]) for r in rows] == [("E1", None), ("E2", "E2"), ("E2", "E2"), ("E3", "E1")]
    assert [r["id"] for r in rows] == ["r1", "r2", "r3", "r4"]  # report ids are facts: kept


def test_two_versions_of_the_same_grouping_normalise_to_the_same_bytes_and_different_ones_do_not():
    def events(ids):
        return "".join(json.dumps({"id": f"r{k}", "event": e, "cluster": e}) + "\n" for k, e in enumerate(ids)).encode()

    same_a = _normalise("events.jsonl", events(["x1", "x1", "x2"]), "pipe-1")
    same_b = _normalise("events.jsonl", events(["y7", "y7", "y3"]), "pipe-1")
    other = _normalise("events.jsonl", events(["y7", "y3", "y3"]), "pipe-1")
    assert same_a == same_b
    assert same_a != other


def test_the_version_and_the_temporary_folder_are_replaced_elsewhere_untouched():
    line = json.dumps({"id": "a1", "path": "/tmp/tmpab12/realnews.jsonl", "note": "pipe-9f made it"}) + "\n"
    row = _rows(_normalise("articles.jsonl", line.encode(), "pipe-9f", "/tmp/tmpab12"))[0]
    assert row == {"id": "a1", "path": "TMPDIR/realnews.jsonl", "note": "PIPELINE_VERSION made it"}
