"""Tweet embeds and social widgets in one unit's lines, found by their tokens (``data/widgets.tsv``).

A widget line carries the marks of a tweet or a social sidebar: two different token kinds (a handle
and a hashtag, a shortened link and a time line), or a boilerplate row of kind ``widget`` ("RETWEET",
"pic.twitter.com/…", "— Name (@handle) February 3, 2011"). Around a widget line:

- an embedded tweet's attribution line ("— Name (@handle) date") takes the tweet's text, the line
  above it, when that line is no longer than a tweet (TWEET_MAX_CHARS);
- a neighbour with one token kind belongs to the same widget (the sidebar's other tweets);
- a short line closing a widget block at the end of the unit ("Check these out: …") goes with it.

Quoted passages are ignored: a story that quotes a tweet keeps it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.ingest.lines import word_count
from newsgraph.ingest.patterns import boilerplate_patterns, table
from newsgraph.ingest.register import unquoted

TOKENS = frozenset({"handle", "hashtag", "link", "clock", "embed"})
# Distinct token kinds that make a line a widget by itself. One is not enough: stories name a
# handle ("@UN") or a hashtag ("#Jan25") in prose; two different ones in one line (outside quotes)
# are a tweet's furniture.
WIDGET_MIN_TOKEN_KINDS = 2
# A tweet is at most 280 characters; 320 leaves room for the link and the picture address.
TWEET_MAX_CHARS = 320
# The closing line of a sidebar block ("Check these out: cnnmon.", "See all tweets") is short.
CLOSING_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class TokenShape:
    regex: re.Pattern[str]
    token: str
    reason: str


@lru_cache(maxsize=1)
def token_shapes() -> tuple[TokenShape, ...]:
    out = []
    for row in table("widgets.tsv", ("pattern", "token", "reason")):
        if row["token"] not in TOKENS:
            raise ValueError(f"widgets.tsv: unknown token {row['token']!r} for {row['pattern']!r}")
        out.append(TokenShape(re.compile(row["pattern"]), row["token"], row["reason"]))
    return tuple(out)


@lru_cache(maxsize=1)
def _embed() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{t.regex.pattern})" for t in token_shapes() if t.token == "embed"))


@lru_cache(maxsize=1)
def _widget_rows() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.regex.pattern})" for p in boilerplate_patterns() if p.kind == "widget"))


# Every token shape holds one of these characters (handle, hashtag, link, clock): lines without any
# (most lines) have no token.
_TOKEN_HINT = frozenset("@#/:")


def token_kinds(line: str) -> set[str]:
    if _TOKEN_HINT.isdisjoint(line):
        return set()
    own = unquoted(line)
    return {t.token for t in token_shapes() if t.regex.search(own)}


def is_widget_line(line: str) -> bool:
    return bool(_widget_rows().search(line)) or len(token_kinds(line)) >= WIDGET_MIN_TOKEN_KINDS


def find_widgets(lines: list[str]) -> dict[int, str]:
    """Line index -> ``widget`` for every line of every widget in the unit."""
    found = {i for i, line in enumerate(lines) if is_widget_line(line)}
    for i in sorted(found):
        if _embed().search(lines[i]) and i > 0 and len(lines[i - 1]) <= TWEET_MAX_CHARS:
            found.add(i - 1)
    grew = True
    while grew:  # neighbours with a token join the widget, one step at a time
        grew = False
        for i in sorted(found):
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and j not in found and token_kinds(lines[j]):
                    found.add(j)
                    grew = True
    last = len(lines) - 1
    if last - 1 in found and last not in found and word_count(lines[last]) <= CLOSING_MAX_WORDS:
        found.add(last)
    return {i: "widget" for i in found}
