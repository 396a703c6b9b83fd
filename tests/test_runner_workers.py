"""runner.py's process pool: workers never outlive the process that started them (kill -9 included)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

# The parent: a pool of two workers that block inside extraction (as a long batch would), or that
# wait idle for work, until the parent is killed.
PARENT = textwrap.dedent("""
    import sys, time
    from newsgraph import pipeline, runner
    from newsgraph.records import Article

    def no_nlp():
        return None

    def slow(batch, nlp):
        time.sleep(600)
        return []

    pipeline.extract = slow  # inherited by the forked workers
    articles = [Article(id=str(i), path=None, part=0, source=None, source_basis="none", title=None,
                        published=None, published_basis="none", text="x", raw_sha=str(i), format="txt")
                for i in range(int(sys.argv[1]))]
    print("started", flush=True)
    for _ in runner.run(articles, workers=2, nlp_factory=no_nlp):
        pass
""")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running or sleeping (a zombie waiting for init to reap it is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _start_parent(articles: int, argv: list[str] | None = None) -> subprocess.Popen:
    cmd = argv or [sys.executable, "-c", PARENT, str(articles)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc")
@pytest.mark.parametrize("articles,state", [(10_000, "busy"), (1, "idle")])
def test_kill_9_of_the_parent_leaves_no_worker_after_5_s(articles, state):
    parent = _start_parent(articles)
    try:
        assert parent.stdout.readline().strip() == "started"
        # the pool's two workers (a busy one sleeps in extraction, an idle one waits for a task)
        assert _wait(lambda: len(_children(parent.pid)) >= 2, 30), "the pool never started"
        workers = _children(parent.pid)
        time.sleep(1.0)  # let every worker pass its initializer (where it asks to die with its parent)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _wait(lambda: not any(_alive(w) for w in workers), 5.0), \
            f"{state} workers still alive 5 s after kill -9 of their parent: {[w for w in workers if _alive(w)]}"
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc")
def test_kill_9_right_after_the_pool_forks_leaves_no_worker():
    """Killed before a worker could ask the kernel: the worker sees it has a new parent and exits."""
    parent = _start_parent(10_000)
    try:
        assert parent.stdout.readline().strip() == "started"
        assert _wait(lambda: len(_children(parent.pid)) >= 1, 30)
        workers = _children(parent.pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _wait(lambda: not any(_alive(w) for w in workers), 5.0)
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process parents from /proc")
def test_kill_9_of_a_real_build_leaves_no_worker(tmp_path):
    """`newsgraph build --workers 2` killed while its workers load spaCy or extract."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"s{i}.txt").write_text(
            f"Clashes near the crossing on day {i}\n\nFighters clashed near the river crossing on day {i} of "
            f"the offensive, officials said, and {i + 2} families fled towards the hills before dusk.\n")
    cli = Path(sys.executable).with_name("newsgraph")
    parent = subprocess.Popen([str(cli), "build", str(folder), "--workers", "2", "--quiet",
                               "--db", str(tmp_path / "s.db")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait(lambda: len(_children(parent.pid)) >= 2, 120), "the build never started its workers"
        workers = _children(parent.pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        assert _wait(lambda: not any(_alive(w) for w in workers), 5.0)
    finally:
        if parent.poll() is None:
            parent.kill()
