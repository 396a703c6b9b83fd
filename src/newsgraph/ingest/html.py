"""HTML -> paragraph lines plus what the page's markup states (title, site name, publication date).

Whole pages go through trafilatura (main-content extraction, which already removes menus, comments
and footers) and htmldate restricted to markup (``extensive_search=False``: no dates guessed from the
URL or from the running text). Feed entries carry HTML *fragments*, which trafilatura discards as too
short, so fragments are flattened with lxml by block elements instead.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

logger = logging.getLogger(__name__)

# Block-level tags that end a paragraph when flattening a fragment.
BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote pre tr section article header footer figcaption "
    "figure ul ol table dd dt hr".split()
)
DROP_TAGS = ("script", "style", "noscript", "iframe", "svg", "form", "button", "nav")


@dataclass(slots=True)
class HtmlContent:
    lines: list[str]
    title: str | None = None
    sitename: str | None = None
    published: str | None = None  # YYYY-MM-DD from markup only
    url: str | None = None
    warnings: list[str] = field(default_factory=list)


def fragment_lines(markup: str) -> list[str]:
    """Flatten an HTML fragment (feed entry content) into paragraph lines."""
    if not markup or not markup.strip():
        return []
    if "<" not in markup:
        return markup.splitlines()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for tag in DROP_TAGS:
        for el in root.iter(tag):
            el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    return root.text_content().splitlines()


def _markup_date(markup: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(markup, url=None, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate raises various parser errors on broken markup
        logger.debug("htmldate failed on %s: %s", url, exc)
        return None


def page_content(markup: str, url: str | None = None) -> HtmlContent:
    """Main text of a whole HTML page as lines, plus title/site name/date from its markup."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises ValueError and lxml errors on broken pages
        logger.debug("trafilatura failed on %s: %s", url, exc)
    content = HtmlContent(lines=[])
    if doc is not None:
        content.lines = (doc.text or "").splitlines()
        content.title = doc.title or None
        content.sitename = doc.sitename or None
        content.url = doc.url or url
    if not any(line.strip() for line in content.lines):
        # Very short or truncated pages: trafilatura returns nothing; fall back to plain flattening.
        body = markup
        try:
            tree = lxml.html.document_fromstring(markup)
            bodies = tree.xpath("//body")
            if content.title is None:
                titles = tree.xpath("//title/text()")
                content.title = titles[0].strip() if titles else None
            body = lxml.html.tostring(bodies[0], encoding="unicode") if bodies else markup
        except (etree.ParserError, ValueError):
            pass
        content.lines = fragment_lines(body)
        content.warnings.append("main-content extraction found nothing; page flattened as a whole")
    content.published = _markup_date(markup, url)
    return content
