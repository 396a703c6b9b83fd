"""One RawDocument -> its Articles: text lines -> unwrap -> unit furniture -> stories -> clean -> metadata
-> content ids. Pure: ``template`` (lines repeated across the input's records, ``templates.py``) is
passed in by the caller that read the whole input."""
from __future__ import annotations

import logging
from bisect import bisect_right

from newsgraph.ids import article_id
from newsgraph.ingest.clean import CleanStory, clean_story
from newsgraph.ingest.drops import Drop, summarise
from newsgraph.ingest.html import fragment_lines, page_content
from newsgraph.ingest.lines import is_body, normalise_line
from newsgraph.ingest.metadata import find_published, outlet_from_signatures, outlet_from_url, parse_date
from newsgraph.ingest.stories import Story, split_stories
from newsgraph.ingest.structure import structural_drops
from newsgraph.ingest.unwrap import unwrap
from newsgraph.storable import storable
from newsgraph.records import Article, IngestError, RawDocument
from newsgraph.version import CLEANING_VERSION

logger = logging.getLogger(__name__)

# Largest story we accept, in characters before cleaning: spaCy's default ``nlp.max_length`` is
# 1,000,000 characters and the longest real news features run to ~100,000; a bigger "story" is a dump
# (a book, a log, concatenated pages without headlines) and is reported instead of parsed.
MAX_ARTICLE_CHARS = 1_000_000


def _lines_and_markup_meta(raw: RawDocument) -> tuple[list[str], dict[str, str]]:
    """Text lines of the unit plus what HTML markup states (title, sitename, published, url)."""
    if raw.format == "html":
        page = page_content(raw.text, raw.meta.get("url"))
        meta = {k: v for k, v in (("title", page.title), ("sitename", page.sitename), ("published", page.published))
                if v}
        return page.lines, meta
    if raw.format == "rss":
        return fragment_lines(raw.text), {}
    return unwrap(raw.text.splitlines()), {}


def _published(raw: RawDocument, markup: dict[str, str], story: CleanStory, part: int) -> tuple[str | None, str]:
    if part == 0 and raw.meta.get("published"):
        value = parse_date(raw.meta["published"])
        if value:
            return value, "input-metadata"
    if part == 0 and markup.get("published"):
        return markup["published"], "html-meta"
    return find_published(story.header)


def _lede(story: CleanStory) -> str | None:
    """The story's first body paragraph (a wire dateline opens it), or None."""
    return next((p for p in story.paragraphs if p != story.title and is_body(p)), None)


def _source(raw: RawDocument, markup: dict[str, str], story: CleanStory, unit_signature: str | None) -> tuple[str | None, str]:
    if raw.meta.get("source"):
        return raw.meta["source"], "input-metadata"
    if markup.get("sitename"):
        return markup["sitename"], "html-meta"
    if found := outlet_from_signatures([d.line for d in story.dropped], story.header, _lede(story)):
        return found, "signature"
    if unit_signature:
        return unit_signature, "signature"
    if found := outlet_from_url(raw.meta.get("url")):
        return found, "url"
    return None, "none"


def _story_drops(stories: list[Story], kept_at: list[int], drops: dict[int, Drop]) -> list[list[Drop]]:
    """The unit-level drops of each story: those from its first line to the next story's first line
    (drops above the first story belong to it). ``kept_at``: unit index of every kept line, in order."""
    starts, at = [], 0
    for story in stories:
        starts.append(kept_at[at] if at < len(kept_at) else len(kept_at) + len(drops))
        at += len(story.lines)
    out: list[list[Drop]] = [[] for _ in stories]
    for i in sorted(drops):
        out[max(0, bisect_right(starts, i) - 1)].append(drops[i])
    return out


def articles_from_raw(raw: RawDocument, template: frozenset[str] = frozenset()) -> list[Article] | IngestError:
    """Clean, split and describe one input unit. Never raises on bad content: returns an IngestError.

    ``template``: normalised lines that recur across many records of the same input (``templates.py``);
    they are dropped at the unit's edges."""
    where = raw.path or "<unknown>"
    lines, markup = _lines_and_markup_meta(raw)
    lines = [n for n in (normalise_line(line) for line in lines) if n]
    if not lines:
        return IngestError(where, "no text after extraction", raw.index)
    unit_drops = structural_drops(lines, template)
    kept_at = [i for i in range(len(lines)) if i not in unit_drops]
    stories = split_stories([lines[i] for i in kept_at])
    story_drops = _story_drops(stories, kept_at, unit_drops)
    for part, story in enumerate(stories):
        size = sum(len(line) + 1 for line in story.lines)
        if size > MAX_ARTICLE_CHARS:
            return IngestError(
                where, f"story {part} has {size} characters, above the {MAX_ARTICLE_CHARS} limit", raw.index
            )
    cleaned = []
    for part, story in enumerate(stories):
        meta_title = (raw.meta.get("title") or markup.get("title")) if part == 0 else None
        c = clean_story(story, meta_title)
        c.dropped = [*story_drops[part], *c.dropped]  # the unit's furniture first: signatures read it too
        cleaned.append(c)
    # A template signature anywhere in the unit names the outlet of every story on that page. A wire
    # dateline (``lede`` scope) is left out here: it credits one story, not the page.
    unit_signature = None
    for c in cleaned:
        if found := outlet_from_signatures([d.line for d in c.dropped], c.header):
            unit_signature = found
            break
    articles: list[Article] = []
    for part, c in enumerate(cleaned):
        body = [p for p in c.paragraphs if p != c.title]
        if not body:
            logger.info("%s part %d: no story text after cleaning; skipped", where, part)
            continue
        # what markup parsing decoded (entities) passes the same rule as the reader's text
        repairs = dict(raw.repairs)
        text = storable(c.text, repairs)
        published, published_basis = _published(raw, markup, c, part)
        source, source_basis = _source(raw, markup, c, unit_signature)
        title, url = (storable(v, repairs) if v is not None else None for v in (c.title, raw.meta.get("url")))
        articles.append(
            Article(
                id=article_id(text), path=raw.path, part=len(articles),
                source=storable(source, repairs) if source else source, source_basis=source_basis,
                title=title, published=published, published_basis=published_basis, text=text,
                raw_sha=raw.raw_sha, format=raw.format, url=url, duplicate_of=None,
                cleaning_version=CLEANING_VERSION, index=raw.index, repairs=repairs,
                dropped=summarise(c.dropped),
            )
        )
    if not articles:
        return IngestError(where, "no story text after cleaning (only boilerplate or a headline)", raw.index)
    return articles
