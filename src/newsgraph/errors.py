"""The one catalogue of newsgraph's error messages (in the style of spaCy's ``errors.py``).

Why a catalogue: every message a user can see is written once, in one place, with a stable code that
tests, logs and bug reports can refer to. Library code raises :class:`NewsgraphError` (or a subclass)
with ``Errors.Exxx.format(...)``; only the CLI prints them. As in spaCy (``ErrorsWithCodes``), reading a
message from the catalogue prefixes its code, so the user sees ``[E012] invalid date ...`` and can
search for the code.
"""
from __future__ import annotations

import re

_CODE = re.compile(r"^[EW]\d{3}$")


class ErrorsWithCodes(type):
    """Metaclass: ``Errors.E012`` is the message with its code in front (``"[E012] invalid date ..."``)."""

    def __getattribute__(cls, name: str):
        value = super().__getattribute__(name)
        if _CODE.match(name) and isinstance(value, str):
            return f"[{name}] {value}"
        return value


class Errors(metaclass=ErrorsWithCodes):
    """Error messages, keyed by a stable code. Never renumber: add new codes at the end. A code that is
    no longer raised stays listed in :data:`RESERVED` so that it is never given to another message."""

    E001 = "unknown store URL or path {db!r}: give a SQLAlchemy URL (sqlite:///file.db, postgresql://...) or a file path"
    E002 = "cannot open the store at {db!r}: {reason}"
    E003 = "the store at {db!r} could not be migrated to the current schema: {reason}"
    E004 = "facts refer to article {article!r}, which is not in the store (ingest it first)"
    E005 = "no article has an id starting with {prefix!r}"
    E006 = "the id prefix {prefix!r} is ambiguous: it matches {count} articles ({examples}); give more characters"
    E007 = "unknown export format {format!r}; known formats: {known}"
    E008 = "cannot write the export to {path!r}: {reason}"
    E009 = "cannot read the settings file {path!r}: {reason}"
    E010 = "unknown setting {name!r} in {path!r}; known settings: {known}"
    E011 = "setting {name!r} must be {type}, got {value!r}"
    E012 = "invalid date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY"
    E013 = "the bundled sample corpus was not found (looked in {paths}); run from a clone of the repository"
    E015 = "a write to the store failed and was rolled back: {reason}"
    E017 = "facts of article {article!r} carry evidence in article {other!r}: a Facts holds one article's facts"
    E018 = "no actor matches {name!r}: list them with `newsgraph actors`"
    E019 = "no actor is named {name!r} (give an actor id, its name or one of its aliases)"
    E020 = "no consolidated event or event has an id starting with {prefix!r}"
    E021 = "the id prefix {prefix!r} is ambiguous: it matches {count} events ({examples}); give more characters"
    E022 = "the lexicon {name}: {reason} (a packaging bug: the data file shipped with newsgraph is malformed)"
    E023 = ("the database driver for {backend!r} is not installed ({reason}); PostgreSQL needs the package "
            "psycopg[binary] (pinned in requirements.lock: pip install 'psycopg[binary]')")
    E024 = "invalid filter {name!r}: {reason}"
    E025 = "unknown filter {name!r}; known filters: {known}"
    E026 = "invalid correction: {reason}"
    E027 = "cannot read the corrections file {path!r}: line {line}: {reason}"
    E028 = "cannot read the watch rules {path!r}: {reason}"
    E029 = "watch source {source!r} could not be read: {reason}"
    E030 = "the Ray engine needs the package {package!r} ({reason}): install it with `pip install 'ray[data]'` (make does, from requirements.lock)"
    E031 = "cannot start or reach Ray{where}: {reason}"
    E032 = "unknown engine {engine!r}; known engines: {known}"


# Codes once used and never to be given again (what they meant, for old logs and bug reports).
RESERVED = {
    "E014": "the ingest package was not importable (a stand-in from before newsgraph.ingest existed)",
    "E016": "the web app was not importable (a stand-in from before newsgraph.web existed)",
}


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose (the CLI shows it without a traceback)."""


class UsageError(NewsgraphError):
    """The caller asked for something impossible (bad URL, bad option value): exit code 2 in the CLI."""


class StoreError(NewsgraphError):
    """The store could not be opened, migrated or written."""


class LexiconError(NewsgraphError):
    """A lexicon file shipped in the package is malformed (raised on load, so tests catch it)."""
