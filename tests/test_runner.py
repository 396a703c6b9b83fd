"""runner.py: facts come back one per article, chunk by chunk, in input order, whether extraction runs
in this process or in a pool of worker processes."""
from __future__ import annotations

import pytest

from newsgraph import runner
from newsgraph.records import Article

TEXTS = ["The army shelled the town of Nyala on Monday.", "Rebels seized the airport near Kassala.",
         "Mediators met both sides in Jeddah on Tuesday.", "The weather was calm."]


def _articles() -> list[Article]:
    return [Article.from_text(t, id=f"a{i}") for i, t in enumerate(TEXTS)]


def test_one_process_in_order_and_by_chunk(monkeypatch):
    monkeypatch.setattr(runner, "CHUNK", 3)
    chunks = list(runner.run(_articles(), workers=1))
    assert [len(c) for c in chunks] == [3, 1]
    facts = [f for c in chunks for f in c]
    assert [f.article for f in facts] == ["a0", "a1", "a2", "a3"] and not any(f.error for f in facts)
    assert any(e.type == "ASSAULT" for e in facts[0].events)


@pytest.mark.slow
def test_a_pool_gives_the_same_facts(monkeypatch):
    monkeypatch.setattr(runner, "CHUNK", 1)
    alone = [f for c in runner.run(_articles(), workers=1) for f in c]
    pooled = [f for c in runner.run(_articles(), workers=2) for f in c]
    assert pooled == alone
