"""HTML -> paragraph lines plus what the page's markup states (title, site name, publication date).

Whole pages go through trafilatura (main-content extraction, which already removes menus, comments
and footers) and htmldate restricted to markup (``extensive_search=False``: no dates guessed from the
URL or from the running text). Feed entries carry HTML *fragments*, which trafilatura discards as too
short, so fragments are flattened with lxml by block elements instead.
"""
from __future__ import annotations

import logging
import re
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
# Characters lxml refuses in a str ("All strings must be XML compatible"): C0 controls other than tab,
# newline and CR, plus U+FFFE/U+FFFF. They are page furniture (stray bytes), never words: a space.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Numeric character references (decimal or hex) decode to the same trouble when their value is such a
# character, a surrogate or beyond Unicode.
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));?")


def _bad_code(value: int) -> bool:
    return (value < 32 and value not in (9, 10, 13)) or 0xD800 <= value <= 0xDFFF or value in (0xFFFE, 0xFFFF) \
        or value > 0x10FFFF


def _reference(match: re.Match) -> str:
    value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return " " if _bad_code(value) else match.group(0)


def xml_compatible(markup: str) -> str:
    """``markup`` without the characters lxml refuses, raw or as numeric references (each becomes a
    space: a reference to a control character is never a word of the story)."""
    if "&#" in markup:
        markup = _REFERENCE.sub(_reference, markup)
    return _XML_INCOMPATIBLE.sub(" ", markup)


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
        root = lxml.html.fragment_fromstring(xml_compatible(markup), create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts "too many bodies" on "<html>"
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

        # the leading newline keeps htmldate from taking a page that is only a URL for one to download
        return find_date("\n" + markup, url=None, extensive_search=False, original_date=True,
                         outputformat="%Y-%m-%d")
    except Exception as exc:  # htmldate raises various parser errors on broken markup
        logger.debug("htmldate failed on %s: %s", url, exc)
        return None


def page_content(markup: str, url: str | None = None) -> HtmlContent:
    """Main text of a whole HTML page as lines, plus title/site name/date from its markup."""
    import trafilatura

    markup = xml_compatible(markup)
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
        except (etree.ParserError, ValueError, AssertionError):  # an empty or degenerate page
            pass
        content.lines = fragment_lines(body)
        content.warnings.append("main-content extraction found nothing; page flattened as a whole")
    content.published = _markup_date(markup, url)
    return content
