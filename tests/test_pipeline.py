"""pipeline.extract over a batch: Docs are streamed (never a chunk's Docs at once), one bad text never
loses the batch, and chunks are sized so that a small build reaches every worker.

A stand-in nlp (no model) makes these fast: its ``pipe`` yields Docs lazily as spaCy's does, and the
stages are replaced by a function that records the Doc it saw.
"""
from __future__ import annotations

import gc
import weakref

import pytest

from newsgraph import pipeline
from newsgraph.records import Article, Facts


class FakeDoc:
    def __init__(self, text: str):
        self.text = text


class FakeNlp:
    """``pipe`` yields a Doc per text, lazily; it fails when it reaches a text "bad" (as a crash in
    a component fails spaCy's whole batch). ``__call__`` parses one text, failing only on "bad"."""

    def __init__(self):
        self.alive: list[weakref.ref] = []
        self.most_alive = 0

    def _doc(self, text: str) -> FakeDoc:
        if text == "bad":
            raise ValueError("cannot parse")
        gc.collect()
        self.most_alive = max(self.most_alive, sum(r() is not None for r in self.alive))
        doc = FakeDoc(text)
        self.alive.append(weakref.ref(doc))
        return doc

    def pipe(self, texts, batch_size=32):
        for text in texts:
            yield self._doc(text)

    def __call__(self, text):
        return self._doc(text)


def _articles(texts):
    return [Article.from_text(t, id=f"a{i}") for i, t in enumerate(texts)]


@pytest.fixture
def stages(monkeypatch):
    seen: list[str] = []

    def one(doc, article):
        seen.append(doc.text)
        return Facts(article=article.id, pipeline_version="test")

    monkeypatch.setattr(pipeline, "extract_one", one)
    return seen


def test_docs_are_streamed_not_held_for_the_chunk(stages):
    nlp = FakeNlp()
    facts = pipeline.extract(_articles([f"text {i}" for i in range(64)]), nlp)
    assert [f.article for f in facts] == [f"a{i}" for i in range(64)] and len(stages) == 64
    assert nlp.most_alive <= 1  # a list of the chunk's Docs would keep all 64 alive


def test_a_failing_text_is_reported_and_the_rest_of_the_batch_kept(stages):
    texts = ["one", "two", "bad", "four"]
    facts = pipeline.extract(_articles(texts), FakeNlp())
    assert [f.article for f in facts] == ["a0", "a1", "a2", "a3"]
    assert [f.error is None for f in facts] == [True, True, False, True]
    assert "NLP failed: ValueError: cannot parse" in facts[2].error
    assert stages == ["one", "two", "four"]  # each good text extracted exactly once


@pytest.mark.parametrize(("total", "workers", "size"), [
    (20, 2, 10), (1, 2, 1), (7, 2, 4), (1000, 2, 64), (64, 1, 64), (None, 2, 64), (0, 2, 64)])
def test_small_builds_spread_over_every_worker(total, workers, size):
    assert pipeline.chunk_size(total, workers, 64) == size


def test_nlp_batches_are_bounded_by_articles_and_characters():
    arts = [Article.from_text(text, id=str(i)) for i, text in enumerate(["a" * 10, "b" * 10, "c" * 50, "d" * 5, "e" * 5, "f" * 5])]
    batches = list(pipeline.nlp_batches(arts, size=2, chars=30))
    # in order; a text longer than the budget alone; never more than two articles
    assert [[a.id for a in b] for b in batches] == [["0", "1"], ["2"], ["3", "4"], ["5"]]
    assert [a.id for b in pipeline.nlp_batches(arts, size=8, chars=1000) for a in b] == [a.id for a in arts]

