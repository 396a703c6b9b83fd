"""Ids and name keys: the one place where a content hash becomes an id and a name becomes a key.

Why one module: ids are the store's upsert keys and appear in every export, so they must be made the
same way everywhere, for ever (ids from content hashes: the same input gives the same id on every
rebuild). :func:`hash_id` is the one scheme. Its parameters are not free choices: each named id below
keeps the digest, length and prefix the store was first built with, because changing one would change
every stored and exported id of that kind (that would need a migration, not an edit).

:func:`name_key` is the one name normaliser. Actors, the knowledge base and the gazetteer need
different keys from the same name (the KB drops Arabic articles, the gazetteer keeps them and folds
separators only), so the differences are parameters, and :data:`ACTOR_KEY`, :data:`KB_KEY` and
:data:`PLACE_KEY` name the three settings in use.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

# The separator between the parts of a composite id: a control character that never occurs in them.
PART_SEPARATOR = "\x1f"


def hash_id(*parts: object, digest: str = "sha1", length: int = 16, separator: str = PART_SEPARATOR,
            prefix: str = "") -> str:
    """``prefix`` + the first ``length`` hex digits of the ``digest`` of the parts (None counts as "")."""
    joined = separator.join("" if p is None else str(p) for p in parts)
    return prefix + hashlib.new(digest, joined.encode("utf-8")).hexdigest()[:length]


def stable_id(*parts: object) -> str:
    """Row ids of the store (facts, relations, clusters, outlets): 16 hex digits of sha1."""
    return hash_id(*parts)


def article_id(text: str) -> str:
    """Id of a clean text: 16 hex digits (64 bits) of its sha256, collision-free for millions of articles."""
    return hash_id(text, digest="sha256")


def event_id(article: str, start: int, end: int, type_: str) -> str:
    """Id of an event report: the same sentence and type give the same id on every rebuild."""
    return hash_id(article, start, end, type_, digest="sha256", separator="|")


def discovered_actor_id(name_key: str) -> str:
    """Id of an actor the knowledge base does not know, from its normalised name."""
    return hash_id(name_key, length=12, prefix="act_")


def outlet_id(name: str) -> str:
    """Id of an outlet: its name case-folded, spaces collapsed."""
    return stable_id("outlet", " ".join(name.casefold().split()))


def raw_sha(data: bytes) -> str:
    """The full sha256 of an input unit's raw bytes: which raw document an article came from."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(chunks: list[bytes], length: int = 12) -> str:
    """A short sha256 over byte strings (file contents), for cache keys and versions."""
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(hashlib.sha256(chunk).digest())
    return h.hexdigest()[:length]


# -- name keys --------------------------------------------------------------------------------------------
def fold_accents(text: str) -> str:
    """Letters without their diacritics ("Dar‘ā" -> "Dar‘a"); ASCII is returned as it is."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class KeyRules:
    """How :func:`name_key` builds one kind of key, step by step (each step off when empty/None).

    1. accents folded, then ``casefold`` (else ``str.lower``);
    2. every character of ``apostrophes`` becomes "'" and every one of ``dashes`` becomes "-";
    3. ``possessive`` (a regex) is removed, then ``leading`` (a regex, once, at the start) and
       ``articles`` (a regex: the KB's hyphenated Arabic articles "al-", "ash-");
    4. every character of ``delete`` is removed; each run matched by ``separators`` becomes one space;
    5. the words: leading ones in ``drop_leading`` are dropped while another word follows, and words in
       ``drop_inner`` are dropped unless they are the last.
    """

    casefold: bool = True
    apostrophes: str = ""
    dashes: str = ""
    possessive: str | None = None
    leading: str | None = None
    articles: str | None = None
    delete: str = ""
    separators: str = r"\s+"
    drop_leading: frozenset[str] = frozenset()
    drop_inner: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Compiled:
    translate: dict[int, str | None]
    possessive: re.Pattern[str] | None
    leading: re.Pattern[str] | None
    articles: re.Pattern[str] | None
    separators: re.Pattern[str]


_COMPILED: dict[KeyRules, _Compiled] = {}


def _compiled(rules: KeyRules) -> _Compiled:
    found = _COMPILED.get(rules)
    if found is None:
        table: dict[int, str | None] = {ord(c): "'" for c in rules.apostrophes}
        table.update({ord(c): "-" for c in rules.dashes})
        found = _COMPILED[rules] = _Compiled(
            table, *(re.compile(p) if p else None for p in (rules.possessive, rules.leading, rules.articles)),
            re.compile(rules.separators))
    return found


# name_key is pure and asked for the same names (KB aliases, an article's repeated mentions) over and
# over: 60,170 calls for 100 Timeline17 articles (cProfile of `newsgraph build --workers 1`).
@lru_cache(maxsize=1 << 16)
def name_key(text: str, rules: KeyRules) -> str:
    """The lookup key of a name under ``rules`` (see :class:`KeyRules`)."""
    c = _compiled(rules)
    text = fold_accents(text)
    text = text.casefold() if rules.casefold else text.lower()
    if c.translate:
        text = text.translate(c.translate)
    text = text.strip()
    if c.possessive is not None:
        text = c.possessive.sub("", text)
    if c.leading is not None:
        text = c.leading.sub("", text, count=1)
    if c.articles is not None:
        text = c.articles.sub("", text)
    for ch in rules.delete:
        text = text.replace(ch, "")
    words = c.separators.sub(" ", text).split()
    while len(words) > 1 and words[0] in rules.drop_leading:
        words = words[1:]
    if rules.drop_inner:
        words = [w for i, w in enumerate(words) if not (w in rules.drop_inner and i < len(words) - 1)]
    return " ".join(words)


# Actor names (discovered-actor ids, coreference, merging): no leading article or trailing possessive;
# anything but ASCII letters and digits separates words ("Da'esh" -> "da esh").
ACTOR_KEY = KeyRules(casefold=False, apostrophes="\u2019", possessive=r"'s?$", leading=r"^(the|a|an)\s+",
                     separators=r"[^0-9a-z]+")
# Knowledge-base lookups: apostrophes, dots and Arabic articles vanish ("al-Serraj" -> "serraj",
# "Da'esh" -> "daesh", "U.S." -> "us"), a leading "the" is dropped, free-standing "al"/"el" too when a
# word follows. The Arabic forms are those seen in the Wikipedia titles of the KB's own entries; spaced
# sun-letter forms ("as Sisi") are too ambiguous with English words to strip.
KB_KEY = KeyRules(apostrophes="\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032",
                  dashes="\u2010\u2011\u2012\u2013\u2014\u2212",
                  possessive=r"(?:'s|(?<=s)')(?=\s|$)",
                  articles=r"(?<![a-z0-9])(?:al|el|ad|an|ar|as|ash|at|ath|az|adh)-(?=[a-z])",
                  delete="'.", separators=r"[^a-z0-9]+", drop_leading=frozenset({"the"}),
                  drop_inner=frozenset({"al", "el"}))
# Gazetteer aliases: apostrophes vanish, hyphens, dots, commas and slashes separate words; articles and
# other punctuation stay (the gazetteer strips articles itself, as a weaker second key).
PLACE_KEY = KeyRules(delete="\u2019'\u2018`\u02bf\u02be\u00b4", separators=r"[\s\-\u2010\u2011\u2013\u2014_.,/]+")

actor_key: Callable[[str], str] = partial(name_key, rules=ACTOR_KEY)
kb_key: Callable[[str], str] = partial(name_key, rules=KB_KEY)
place_key: Callable[[str], str] = partial(name_key, rules=PLACE_KEY)
