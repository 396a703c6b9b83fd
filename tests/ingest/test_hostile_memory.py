"""Bombs under a memory ceiling: each file is ingested in a child process whose address space is capped
(RLIMIT_AS), so a regression that reads a hostile file whole fails the test instead of taking the
machine's memory; the child also reports its peak resident memory (VmHWM), checked here.

``make test`` runs them at a small scale (the readers' limits lowered in the child, the files a few
times over them); ``make fuzz`` runs the real limits with the sizes of the attack run (a 2 GB WARC
record, a 100 MB header line, a 1 GB gzip bomb).
"""
from __future__ import annotations

import os
import time

import pytest

from hostile import (MB, gzip_bomb, ingest_under_ceiling, jsonl_long_line, warc_big_record,
                     warc_long_header_line)
from ingest_samples import story_text

# What the child may map: its interpreter and libraries take ~350 MB of address space before reading.
SHORT_CEILING = 900 * MB
SHORT_LIMITS = {"MAX_FILE_BYTES": 32 * MB, "MAX_RECORD_BYTES": 4 * MB, "MAX_HEADER_LINE_BYTES": 64 * 1024,
                "MAX_WARC_BYTES": 96 * MB, "MAX_JSONL_LINE_BYTES": 1 * MB}
# Peak resident memory the short runs may reach: the interpreter (~120 MB) and the bounded reads.
SHORT_MAXRSS = 400 * MB


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """Files that, read whole, need more memory than the ceiling allows."""
    folder = tmp_path_factory.mktemp("bombs")
    (folder / "good.txt").write_text(story_text())
    return {
        "record": warc_big_record(folder, 640 * MB),
        "header": warc_long_header_line(folder, 40 * MB),
        "gzip": gzip_bomb(folder, 640 * MB),
        "line": jsonl_long_line(folder, 20 * MB),
        "good": folder / "good.txt",
    }


@pytest.mark.parametrize("kind,reason", [
    ("record", "too large: the archive decompresses to more than 96 MB"),
    ("header", "too large: a header line is longer than 64 KB"),
    ("gzip", "too large: decompresses to more than the 32 MB limit"),
    ("line", "too large: line 2 is longer than the 1 MB limit"),
])
def test_a_bomb_is_refused_within_the_memory_ceiling(bombs, tmp_path, kind, reason):
    rc, summary, stderr = ingest_under_ceiling([bombs[kind], bombs["good"]], str(tmp_path / "s.db"),
                                               SHORT_CEILING, SHORT_LIMITS)
    assert rc == 0, stderr[-2000:]
    reasons = [r for _, r in summary["errors"]]
    assert any(r.startswith(reason) for r in reasons), reasons
    assert not any("MemoryError" in r for r in reasons)
    assert summary["added"] == (3 if kind == "line" else 1)  # the good file (and the line's two neighbours)
    assert summary["maxrss_kb"] * 1024 < SHORT_MAXRSS


def test_a_record_over_the_record_limit_is_skipped_in_blocks(tmp_path):
    """Under the archive limit but over the record limit: skipped without being held."""
    path = warc_big_record(tmp_path, 64 * MB)
    limits = {**SHORT_LIMITS, "MAX_WARC_BYTES": 512 * MB}
    rc, summary, stderr = ingest_under_ceiling([path], str(tmp_path / "s.db"), SHORT_CEILING, limits)
    assert rc == 0, stderr[-2000:]
    assert summary["errors"][0][1].startswith("too large: WARC record above the 4 MB limit")
    assert summary["maxrss_kb"] * 1024 < SHORT_MAXRSS


def test_the_ceiling_catches_a_reader_that_holds_a_record_whole(bombs, tmp_path):
    """The check itself can fail: with the limits raised above the ceiling (as if the reader read a
    record whole again), the child runs out of memory on the same file instead of passing."""
    limits = {**SHORT_LIMITS, "MAX_FILE_BYTES": 4096 * MB, "MAX_RECORD_BYTES": 4096 * MB,
              "MAX_WARC_BYTES": 8192 * MB}
    rc, summary, _ = ingest_under_ceiling([bombs["record"]], str(tmp_path / "s.db"), SHORT_CEILING, limits)
    assert rc != 0 or any("MemoryError" in r for _, r in summary["errors"])


# -- the attack run's sizes, with the real limits (make fuzz) -------------------------------------------
FULL_CEILING = 1536 * MB  # the 256 MB file limit held once, plus the interpreter
FULL_MAXRSS = 700 * MB


@pytest.mark.fuzz
@pytest.mark.parametrize("kind", ["record", "header", "gzip", "line"])
def test_full_size_bombs_stay_within_the_ceiling(tmp_path, kind):
    write = {"record": lambda: warc_big_record(tmp_path, 2048 * MB),
             "header": lambda: warc_long_header_line(tmp_path, 100 * MB),
             "gzip": lambda: gzip_bomb(tmp_path, 1024 * MB),
             "line": lambda: jsonl_long_line(tmp_path, 200 * MB)}[kind]
    path = write()
    started = time.monotonic()
    rc, summary, stderr = ingest_under_ceiling([path], str(tmp_path / "s.db"), FULL_CEILING)
    took = time.monotonic() - started
    assert rc == 0, stderr[-2000:]
    assert summary["errors"] and all(r.startswith("too large") for _, r in summary["errors"][:1])
    assert summary["maxrss_kb"] * 1024 < FULL_MAXRSS
    print(f"{kind}: {os.path.getsize(path) / MB:.1f} MB on disk, peak {summary['maxrss_kb'] // 1024} MB, "
          f"{took:.1f} s")
