"""Ingestion: input files -> RawDocument units -> cleaned, split, described Articles; near-duplicates.

The public surface the store and CLI build on:

- :func:`read_inputs` yields RawDocument or IngestError (never raises on bad input);
- :func:`articles_from_raw` is pure: clean -> split stories -> metadata -> content ids;
- :func:`with_templates` pairs each unit with the template lines of its multi-record input;
- :func:`minhash_signature` and :class:`NearDuplicateIndex` let the store link near-duplicates.
"""
from __future__ import annotations

from newsgraph.ingest.articles import MAX_ARTICLE_CHARS, article_id, articles_from_raw
from newsgraph.ingest.dedup import NearDuplicateIndex, minhash_signature, similarity
from newsgraph.ingest.readers import MAX_FILE_BYTES, read_inputs
from newsgraph.ingest.templates import with_templates

__all__ = [
    "MAX_ARTICLE_CHARS", "MAX_FILE_BYTES", "NearDuplicateIndex", "article_id", "articles_from_raw",
    "minhash_signature", "read_inputs", "similarity", "with_templates",
]
