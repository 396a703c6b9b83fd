"""Hostile input files, written at test time (nothing hostile is stored in the repository).

Imported by name (pytest puts this folder on sys.path). Each writer takes a folder and a size and
returns the path; compressed writers stream, so making a 2 GB bomb never holds 2 GB.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MB = 1024 * 1024
BLOCK = MB


def zeros(n: int) -> Iterator[bytes]:
    block = b"\0" * BLOCK
    while n > 0:
        yield block[:min(n, BLOCK)]
        n -= BLOCK


def letters(n: int, byte: bytes = b"a") -> Iterator[bytes]:
    block = byte * BLOCK
    while n > 0:
        yield block[:min(n, BLOCK)]
        n -= BLOCK


def write_gzip(path: Path, parts: Iterable[bytes]) -> Path:
    """One gzip member holding ``parts``, compressed as it is written."""
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)  # level 1: twice as fast to write; zeros still shrink 200x
    with open(path, "wb") as out:
        for part in parts:
            out.write(comp.compress(part))
        out.write(comp.flush())
    return path


def _warc_response(payload_len: int, payload: Iterable[bytes], extra_header: Iterable[bytes] = ()) -> Iterator[bytes]:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    yield (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.invalid/page\r\n"
           b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n")
    yield from extra_header
    yield (b"Content-Type: application/http; msgtype=response\r\n"
           b"Content-Length: %d\r\n\r\n" % (len(http) + payload_len))
    yield http
    yield from payload
    yield b"\r\n\r\n"


def warc_big_record(folder: Path, size: int) -> Path:
    """A .warc.gz with one HTML response of ``size`` bytes (zeros: a few KB compressed per MB)."""
    return write_gzip(folder / f"record-{size // MB}mb.warc.gz", _warc_response(size, zeros(size)))


def warc_long_header_line(folder: Path, size: int) -> Path:
    """A .warc.gz whose record has one WARC header line of ``size`` bytes."""
    line = [b"X-Padding: ", *letters(size), b"\r\n"]
    return write_gzip(folder / f"header-{size // MB}mb.warc.gz", _warc_response(7, [b"<p>x</p>"[:7]], line))


def gzip_bomb(folder: Path, size: int, name: str = "bomb.txt.gz") -> Path:
    return write_gzip(folder / name, zeros(size))


def jsonl_long_line(folder: Path, size: int) -> Path:
    """A .jsonl whose second line is ``size`` bytes long, between two good lines."""
    good = json.dumps({"text": "Fighting resumed near the river crossing on Monday, residents said, "
                               "after a week of quiet along the front line."}).encode()
    path = folder / f"long-line-{size // MB}mb.jsonl"
    with open(path, "wb") as out:
        out.write(good + b"\n" + b'{"text": "')
        for part in letters(size):
            out.write(part)
        out.write(b'"}\n' + good.replace(b"Monday", b"Tuesday") + b"\n")
    return path


# -- a child process under a memory ceiling ----------------------------------------------------------
CHILD = r"""
import json, resource, sys
import newsgraph
from newsgraph.ingest import readers, warc
limits = json.loads(sys.argv[1])
for name, value in limits.items():  # smaller limits for the short runs of make test
    module = warc if hasattr(warc, name) else readers
    setattr(module, name, value)
summary = newsgraph.ingest(sys.argv[3:], db=sys.argv[2])
# peak resident memory of this program: VmHWM belongs to the address space exec made (ru_maxrss would
# carry over the peak of the forked test process before exec)
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"added": summary.added, "errors": [[e.path, e.reason] for e in summary.errors],
                  "maxrss_kb": peak}))
"""


def ingest_under_ceiling(paths: list[Path], db: str, ceiling_bytes: int, limits: dict[str, int] | None = None,
                         timeout: float = 300) -> tuple[int, dict | None, str]:
    """Run ``newsgraph.ingest(paths)`` in a child whose address space is capped (RLIMIT_AS): a
    regression that reads a hostile file whole fails there, instead of taking the machine's memory.
    Returns (exit code, the child's JSON summary or None, its stderr)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling_bytes, ceiling_bytes))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # no per-thread arenas
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(limits or {}), db, *map(str, paths)],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap, env=env)
    lines = proc.stdout.strip().splitlines()
    summary = json.loads(lines[-1]) if proc.returncode == 0 and lines else None
    return proc.returncode, summary, proc.stderr
