"""The one function that runs every extraction stage, in order, over a batch of articles.

Pure: articles in, :class:`~newsgraph.records.Facts` out; no I/O and no store. The same function runs in
one process, in the local process pool (runner.py) or on a distributed engine.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import math
import sys
from collections.abc import Iterable, Iterator

from spacy.language import Language

from newsgraph.actors.resolve import extract_actors
from newsgraph.dates.extract import extract_dates
from newsgraph.events.extract import extract_events
from newsgraph.framing.extract import extract_framing
from newsgraph.places.resolve import extract_places
from newsgraph.quotes.extract import extract_quotes
from newsgraph.records import Article, Facts
from newsgraph.relations.extract import extract_relations
from newsgraph.version import PIPELINE_VERSION

log = logging.getLogger(__name__)

# spaCy's parser needs about 1 GB per 100,000 characters of a single text; news articles are far below
# this. Longer texts are reported as errors rather than silently truncated (their offsets would lie).
MAX_NLP_CHARS = 200_000
# nlp.pipe batch size. spaCy's memory grows with the batch (its arrays are sized by the longest texts
# of a batch), its speed hardly does: bare en_core_web_sm over 96 real articles (Timeline17, ~1,100
# words each) peaked at 866 MB with 32, 581 MB with 16, 426 MB with 8, 361 MB with 4, for 32.0, 29.9,
# 29.9, 30.8 CPU seconds (one process, ru_maxrss and ru_utime+ru_stime). 8: the least memory at the
# best speed; the facts are the same bytes (tools/export_snapshot.py, sample corpus and 150 realnews).
BATCH_SIZE = 8
# ... and at most this many characters per nlp.pipe batch. spaCy's working memory is the tokens of the
# whole batch (tok2vec and the entity recognizer's own tok2vec: ~16 KB per token at their peak): the 8
# longest realnews articles (365,000 characters) in one batch peaked at 1,242 MB traced, one at a time
# at 187 MB (tracemalloc). 40,000 keeps 8 ordinary articles (~5,000 characters) together and puts a
# long one alone, so a batch peaks near what the longest article alone needs.
BATCH_CHARS = 40_000
# Hand the memory spaCy freed back to the system each time this many characters have been parsed. The
# parser's working arrays grow with a text's length (one 51,000-character article: ~200 MB at its peak)
# and are freed after its batch, but glibc's malloc keeps the freed heap: a process's resident memory
# stays near the high-water mark of the batches it parsed (one process, 48 realnews articles: 862 MB
# resident without a trim, 520 MB with one). 50,000: a trim per batch or so; each costs milliseconds,
# against seconds of parsing.
RELEASE_CHARS = 50_000


def extract(articles: list[Article], nlp: Language) -> list[Facts]:
    """Run every stage over a batch; one Facts per article, in order, errors recorded per article."""
    fit = [a for a in articles if len(a.text) <= MAX_NLP_CHARS]
    results = {a.id: Facts(article=a.id, pipeline_version=PIPELINE_VERSION,
                           error=f"article too long for the NLP pipeline ({len(a.text)} characters > "
                                 f"{MAX_NLP_CHARS})")
               for a in articles if len(a.text) > MAX_NLP_CHARS}
    for article, facts in zip(fit, _extract_fitting(fit, nlp)):
        results[article.id] = facts
    return [results[a.id] for a in articles]


def _extract_fitting(articles: list[Article], nlp: Language) -> Iterator[Facts]:
    """Facts per article, each Doc extracted as soon as spaCy yields it and then dropped: a chunk's Docs
    are never held together (only one :func:`nlp_batches` batch is in spaCy's memory at a time)."""
    done = parsed = 0
    try:
        for batch in nlp_batches(articles):
            for doc in nlp.pipe((a.text for a in batch), batch_size=len(batch)):
                facts = extract_one(doc, articles[done])
                parsed += len(articles[done].text)
                done += 1
                del doc
                if parsed >= RELEASE_CHARS:
                    release_freed_memory()
                    parsed = 0
                yield facts
    except Exception:  # one bad text must not lose the batch: redo the rest one by one to find it
        log.exception("nlp.pipe failed on a batch of %d articles after %d; retrying one by one",
                      len(articles), done)
        for article in articles[done:]:
            doc = _safe_doc(nlp, article)
            yield doc if isinstance(doc, Facts) else extract_one(doc, article)


def nlp_batches(articles: list[Article], size: int = BATCH_SIZE, chars: int = BATCH_CHARS) -> Iterator[list[Article]]:
    """Consecutive batches for ``nlp.pipe``: at most ``size`` articles and ``chars`` characters each (an
    article longer than ``chars`` is a batch of its own), in input order."""
    batch: list[Article] = []
    length = 0
    for article in articles:
        if batch and (len(batch) >= size or length + len(article.text) > chars):
            yield batch
            batch, length = [], 0
        batch.append(article)
        length += len(article.text)
    if batch:
        yield batch


def _libc():
    """glibc, where this process runs on it (``malloc_trim`` is glibc's); None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


_LIBC = _libc()


def release_freed_memory() -> None:
    """Return the heap memory that is free but still held by malloc to the system (glibc's
    ``malloc_trim``; nothing elsewhere). Changes no object: only how much memory the process holds."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _safe_doc(nlp: Language, article: Article):
    try:
        return nlp(article.text)
    except Exception as exc:  # reported on the article, never raised through the batch
        return Facts(article=article.id, pipeline_version=PIPELINE_VERSION,
                     error=f"NLP failed: {type(exc).__name__}: {exc}")


def extract_one(doc, article: Article) -> Facts:
    """All stages over one parsed article."""
    facts = Facts(article=article.id, pipeline_version=PIPELINE_VERSION)
    try:
        facts.places = extract_places(doc, article)  # first: actors keep off what the places stage resolved
        facts.mentions, facts.actors, facts.relations = extract_actors(doc, article, places=facts.places)
        facts.dates = extract_dates(doc, article)
        facts.events = extract_events(doc, article, facts.mentions, facts.places, facts.dates)
        facts.relations += extract_relations(doc, article, facts.mentions, facts.dates, facts.events)
        facts.quotes = extract_quotes(doc, article, facts.mentions)
        facts.framing = extract_framing(doc, article, facts.mentions)
    except Exception as exc:
        log.exception("extraction failed for article %s", article.id)
        return Facts(article=article.id, pipeline_version=PIPELINE_VERSION,
                     error=f"extraction failed: {type(exc).__name__}: {exc}")
    return facts


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def chunk_size(total: int | None, workers: int, largest: int) -> int:
    """Articles per chunk: ``largest``, or fewer when ``total`` articles would otherwise leave a worker
    idle (20 articles on 2 workers: two chunks of 10, not one of 20)."""
    if not total:
        return largest
    return max(1, min(largest, math.ceil(total / workers)))
