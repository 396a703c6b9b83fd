"""Title, publication date and outlet of one story, each with how it was found.

Only what the document states counts. A date needs a year written next to it (``Sept. 19`` alone is
not a publication date), and it must sit in the story's header zone as a dateline or a template
timestamp line: caption dates and in-story dates are never the publication date. Nothing falls back
to today's date. The outlet comes from input metadata, HTML metadata, a template signature
(``outlet_signatures.tsv``) or the URL host, else it is None.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from newsgraph.ingest.patterns import outlet_signatures

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_ANY = _MONTH.replace("(?P<month>", "(?:")
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+(?:GMT|UTC|[A-Z]{2,4}))?)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})\b"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_TIME},?\s+{_YEAR}", re.IGNORECASE),  # April 16 14:38 2019
    re.compile(rf"\b{_DAY}\s+{_MONTH},?{_TIME}\s+{_YEAR}", re.IGNORECASE),  # 22 February 2020
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),  # ISO (maybe with a time)
    re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<month>\d{2})/(?P<day>\d{2})\b"),
)
_YEAR_MONTH = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})\s*$")
_YEAR_ONLY = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})\s*$")

# Header-zone lines that state the date, with the basis they give (checked in this order of trust).
PUBLISHED_LINE = re.compile(r"^(?:Published|Posted|Created|First published)\b\s*(?:on|:)?\s*(?P<rest>.+)$", re.I)
UPDATED_LINE = re.compile(r"^(?:Updated|Last updated|Last modified)\b\s*(?:on|:)?\s*(?P<rest>.+)$", re.I)
DATE_ONLY_LINE = re.compile(
    rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:{_MONTH_ANY}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}"
    rf"(?:st|nd|rd|th)?\s+{_MONTH_ANY})(?:,?\s+\d{{4}})?{_TIME}$",
    re.IGNORECASE,
)
TIME_YEAR_LINE = re.compile(
    r"^(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+(?:GMT|UTC|[A-Z]{2,4}))?,?\s+)?(?:19|20)\d{2}$"
)
ISO_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return MONTHS.get(token.lower().rstrip(".")[:3])


def parse_date(text: str) -> str | None:
    """ISO ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY`` for such inputs) of the first full date in ``text``."""
    if m := _YEAR_MONTH.match(text):
        month = int(m["month"])
        return f"{m['year']}-{month:02d}" if 1 <= month <= 12 else None
    if m := _YEAR_ONLY.match(text):
        return m["year"]
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            month = _month_number(m["month"])
            if month is None:
                continue
            try:
                return dt.date(int(m["year"]), month, int(m["day"])).isoformat()
            except ValueError:
                continue
    return None


def find_published(header: list[str]) -> tuple[str | None, str]:
    """(ISO date, basis) from the story's header-zone lines; (None, "none") when none states one.

    A "Published" line or a dateline beats an "Updated" line (the update is later than publication).
    A dateline may be split over two lines ("April 16" then "14:38 2019"); the two are joined.
    """
    updated: str | None = None
    for i, line in enumerate(header):
        if m := PUBLISHED_LINE.match(line):
            if value := parse_date(m["rest"]):
                return value, "dateline"
        elif m := UPDATED_LINE.match(line):
            updated = updated or parse_date(m["rest"])
        elif DATE_ONLY_LINE.match(line) or ISO_LINE.match(line):
            candidate = line
            if i + 1 < len(header) and TIME_YEAR_LINE.match(header[i + 1]):
                candidate = f"{line} {header[i + 1]}"
            if value := parse_date(candidate):
                return value, "dateline"
    if updated:
        return updated, "updated-line"
    return None, "none"


def outlet_from_signatures(lines: list[str], header: list[str], lede: str | None = None) -> str | None:
    """The outlet named or identified by a template/syndication signature in these lines.

    ``lines`` are the story's furniture lines (footers, bylines, bios), ``header`` its header zone and
    ``lede`` its first body paragraph (where a wire dateline "CITY, May 21 (Agency) -" stands). Rows of
    ``outlet_signatures.tsv`` are tried in file order and the first match wins, so a publisher's own
    footer beats the agency named in a republished wire dateline. No date is ever read from a signature.
    """
    block = "\n".join(header)
    for sig in outlet_signatures():
        m = None
        if sig.scope == "line":
            for line in lines:
                if m := sig.regex.search(line):
                    break
        elif sig.scope == "block":
            m = sig.regex.search(block)
        elif sig.scope == "lede" and lede:
            m = sig.regex.search(lede)
        if m is not None:
            name = m["outlet"].strip() if sig.outlet == "{outlet}" else sig.outlet
            if name:
                return name
    return None


def outlet_from_url(url: str | None) -> str | None:
    """Outlet for a URL: a known domain's name from the signatures file, else the bare host."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    for sig in outlet_signatures():
        if sig.scope == "host" and (host == sig.pattern or host.endswith("." + sig.pattern)):
            return sig.outlet
    return host.removeprefix("www.")
