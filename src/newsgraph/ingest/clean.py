"""Boilerplate removal for one story: keeps every story sentence, drops page furniture.

The clean text is a subset of the story's lines, in order, each whitespace-normalised and otherwise
unchanged (smart quotes stay), joined by a blank line ("\\n\\n"): every kept line is one paragraph,
because dumps separate paragraphs inconsistently (blank line or single newline) and downstream sentence
splitting should never join two lines. The headline is the first paragraph, printed once.

Dropped, in this order of checks (patterns are data in ``data/boilerplate.tsv``):
- exact repeats of an earlier line (repeated headline blocks, a caption printed twice, a pull quote
  printed verbatim again);
- ``line`` patterns anywhere, ``leading`` patterns in the header zone (before the first body
  paragraph), and a credit-only line ("AFP") together with the caption line right above it;
- a ``related`` heading ("Related Articles", "More in World") with the list of links under it: the
  headline-like or short unpunctuated lines that follow, up to the next story paragraph. Link lists are
  headlines of other stories, and a headline alone is never a sentence of this one;
- pull quotes: a paragraph of at least ``PULL_QUOTE_MIN_WORDS`` words whose word pairs are almost all
  in one earlier paragraph (the story already says it), plus the short attribution line under it;
- bullet summary lines ("• …") whose word pairs are almost all in the rest of the story: editors'
  highlights that repeat the lede. A bullet that adds text of its own is kept;
- furniture glued to the start of a paragraph (``glued.py``: "Photograph: Name/AP The lede …", "CITY |
  Tue Mar 15, 2011 1:48 pm GMT CITY (Reuters) - …"): the prefix goes, the paragraph stays; a glued photo
  credit takes the caption line right above it, as a credit-only line does. Such a paragraph is the
  only one kept with a change (its start cut off);
- the trailing block, from the end backwards: ``trailing`` and ``line`` patterns and short unpunctuated
  navigation lines ("Route 6"), stopping at the first story line.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsgraph.ingest.drops import Drop
from newsgraph.ingest.glued import glued_prefix
from newsgraph.ingest.lines import is_body, is_bullet, is_headline_like, is_nav, key, words
from newsgraph.ingest.patterns import combined, kind_of
from newsgraph.ingest.stories import Story

# Share of a paragraph's word pairs that must occur in one earlier paragraph for it to count as a
# repeated pull quote. The seed pull quote shares all pairs but one with its source sentence (a clause
# is cut out); 0.8 tolerates such cuts while two different sentences share well under half.
REPEAT_BIGRAM_SHARE = 0.8
PULL_QUOTE_MIN_WORDS = 8
ATTRIBUTION_MAX_WORDS = 12
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(slots=True)
class CleanStory:
    paragraphs: list[str]
    title: str | None
    header: list[str]  # raw header-zone lines (for metadata: datelines, template signatures)
    dropped: list[Drop] = field(default_factory=list)  # every removed line with its kind and reason

    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)


def _bigrams(line: str) -> set[tuple[str, str]]:
    w = key(line).split()
    return set(zip(w, w[1:]))


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


CAPTION_MAX_WORDS = 60  # a caption above a glued credit is a sentence or two


def _first_pass(story: Story, title: str | None) -> tuple[list[str], list[Drop]]:
    lines = list(story.lines)
    cut: list[Drop] = []  # glued prefixes cut off kept lines
    seen: set[str] = set()
    drop: dict[int, tuple[str, str]] = {}  # index -> (kind, why)
    if title is not None and story.title_index is None:
        seen.add(key(title))  # metadata title: any copy of it in the text is dropped, it is prepended
    line_re, credit_re, leading_re = combined("line"), combined("credit"), combined("leading")
    related_re = combined("related")
    in_links = False  # inside the list of links under a related-content heading
    for i, line in enumerate(lines):
        if in_links:
            if not is_body(line) and (is_headline_like(line) or is_nav(line)):
                drop[i] = ("related", "link under a related-content heading")
                continue
            in_links = False
        if is_bullet(line):
            continue  # bullets are judged against the whole story in _drop_repeats, never the reverse
        k = key(line)
        if k in seen and k:
            drop[i] = ("repeat", "repeat of an earlier line")
            continue
        seen.add(k)
        if i == story.title_index:
            continue
        if credit_re.search(line):
            drop[i] = ("caption", "photo credit")
            if i > 0 and i - 1 != story.title_index:
                drop.setdefault(i - 1, ("caption", "photo caption (line above a credit)"))
        elif related_re.search(line):
            drop[i] = ("related", "related-content heading")
            in_links = True
        elif line_re.search(line):
            drop[i] = (kind_of(line, ("line",)), "boilerplate line")
        elif i < story.header_end and leading_re.search(line):
            drop[i] = (kind_of(line, ("leading",)), "header boilerplate")
        elif i < story.header_end and story.title_index is not None and i < story.title_index:
            drop[i] = ("header", "before the headline")
        elif (glue := glued_prefix(line)) is not None:
            lines[i] = glue.rest
            cut.append(Drop(glue.prefix, glue.kind, "furniture glued to the start of a paragraph"))
            above = i - 1
            if (glue.kind == "caption" and above >= 0 and above != story.title_index and above not in drop
                    and len(lines[above].split()) <= CAPTION_MAX_WORDS):
                drop[above] = ("caption", "photo caption (line above a glued credit)")
    kept = [line for i, line in enumerate(lines) if i not in drop]
    return kept, [Drop(lines[i], kind, why) for i, (kind, why) in sorted(drop.items())] + cut


def _drop_repeats(paragraphs: list[str], first_is_title: bool) -> tuple[list[str], list[Drop]]:
    """Pull quotes repeating an earlier paragraph, their attribution lines, and redundant bullets.

    Linear in the story, not quadratic: the earlier paragraphs sharing a bigram with this one are found
    through an index (bigram -> paragraphs), and only those are compared."""
    grams = [_bigrams(p) for p in paragraphs]
    bullets = [is_bullet(p) for p in paragraphs]
    drop: dict[int, str] = {}
    start = 1 if first_is_title else 0
    # a bullet is judged against every other paragraph that is not a bullet: one union serves them all
    story: set = set().union(*(g for g, b in zip(grams, bullets) if not b))
    earlier: dict[tuple[str, str], list[int]] = {}  # bigram -> paragraphs before this one (from start)
    for i in range(start, len(paragraphs)):
        p = paragraphs[i]
        if bullets[i]:
            if _share(grams[i], story) >= REPEAT_BIGRAM_SHARE:
                drop[i] = "bullet summary repeating the story"
        elif len(words(p)) >= PULL_QUOTE_MIN_WORDS and _repeats_earlier(grams[i], earlier, drop):
            drop[i] = "pull quote repeating an earlier paragraph"
            nxt = i + 1
            if nxt < len(paragraphs) and len(words(paragraphs[nxt])) <= ATTRIBUTION_MAX_WORDS and is_nav_like(
                paragraphs[nxt]
            ):
                drop[nxt] = "attribution of a repeated pull quote"
        for gram in grams[i]:
            earlier.setdefault(gram, []).append(i)
    kept = [p for i, p in enumerate(paragraphs) if i not in drop]
    return kept, [Drop(paragraphs[i], "repeat", why) for i, why in sorted(drop.items())]


def _repeats_earlier(grams: set, earlier: dict[tuple[str, str], list[int]], drop: dict[int, str]) -> bool:
    """Whether an earlier paragraph not dropped shares REPEAT_BIGRAM_SHARE of ``grams``."""
    if not grams:
        return False
    shared: Counter[int] = Counter()
    for gram in grams:
        shared.update(earlier.get(gram, ()))
    return any(n / len(grams) >= REPEAT_BIGRAM_SHARE for j, n in shared.items() if j not in drop)


def is_nav_like(line: str) -> bool:
    """Unpunctuated short line (attribution, navigation)."""
    return not line.rstrip().endswith((".", "!", "?", "”", '"'))


def _drop_trailing(paragraphs: list[str], first_is_title: bool) -> tuple[list[str], list[Drop]]:
    trailing_re, line_re, related_re = combined("trailing"), combined("line"), combined("related")
    end = len(paragraphs)
    floor = 1 if first_is_title else 0
    dropped = []
    while end > floor:
        p = paragraphs[end - 1]
        if trailing_re.search(p) or line_re.search(p) or related_re.search(p):
            dropped.append(Drop(p, kind_of(p, ("trailing", "line", "related")), "trailing boilerplate"))
            end -= 1
        elif is_nav(p):
            dropped.append(Drop(p, "navigation", "trailing navigation line"))
            end -= 1
        else:
            break
    return paragraphs[:end], dropped[::-1]


def clean_story(story: Story, meta_title: str | None = None) -> CleanStory:
    """Clean one story. ``meta_title`` (from input or HTML metadata) wins over the text's headline."""
    text_title = story.lines[story.title_index] if story.title_index is not None else None
    title = meta_title or text_title
    header = story.lines[: story.header_end]
    kept, dropped = _first_pass(story, title if text_title is None else None)
    first_is_title = text_title is not None
    if text_title is None and title is not None:
        kept = [title, *kept]  # metadata headline becomes the first paragraph (facts in it need offsets)
        first_is_title = True
    kept, more = _drop_repeats(kept, first_is_title)
    dropped += more
    kept, more = _drop_trailing(kept, first_is_title)
    dropped += more
    return CleanStory(paragraphs=kept, title=title, header=header, dropped=dropped)
