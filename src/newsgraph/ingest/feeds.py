"""RSS / Atom feeds -> one RawDocument per entry (feedparser).

An entry's HTML content (or, failing that, its summary) becomes the unit's text (format ``rss``; the
cleaner flattens it as an HTML fragment). Entry title, link and date and the feed's own title (the
outlet, without a section suffix: :func:`channel_outlet`) are input metadata. feedparser does not
expose an entry's raw bytes, so ``raw_sha`` hashes a canonical JSON of the entry fields we use: stable
across runs, changes when the entry changes.
"""
from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from newsgraph.ids import raw_sha
from newsgraph.storable import storable, storable_meta
from newsgraph.records import IngestError, RawDocument

log = logging.getLogger(__name__)


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


# Separators between the outlet and a section in a channel title ("Khartoum Wire - Sudan conflict",
# "World news | The Guardian", "Reuters: World News", "NYT > World"): a separator needs spaces around it
# (or a colon after a word) so hyphenated names ("Al-Monitor") stay whole.
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—>»·•]\s+|:\s+")
_ALNUM = re.compile(r"[^0-9a-z]+")


def _squash(text: str) -> str:
    return _ALNUM.sub("", text.casefold())


def channel_outlet(title: str | None, link: str | None = None) -> str | None:
    """The outlet named by a feed's channel title, without the section part the title often adds.

    Feeds title their channel "Outlet - Section" or "Section | Outlet". The part whose letters match
    the channel link's host name ("khartoum-wire.example" -> "Khartoum Wire") is the outlet; when none
    does, the first part is (outlet-first titles are the common form). A title with no separator is
    returned whole.
    """
    if not title or not title.strip():
        return None
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title.strip()) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    host = ""
    if link:
        try:
            host = (urlsplit(link).hostname or "").lower()
        except ValueError:
            host = ""
    # "The Guardian" and theguardian.com, "Guardian" and guardian.co.uk: a leading "the" never decides.
    labels = {_squash(label).removeprefix("the") for label in host.removeprefix("www.").split(".")[:-1]}
    labels.discard("")
    for part in parts:
        if _squash(part).removeprefix("the") in labels:
            return part
    return parts[0]


def read_feed(data: bytes, path: str) -> Iterator[RawDocument | IngestError]:
    """Yield one RawDocument per feed entry; a feed that is not XML yields one IngestError."""
    import feedparser

    try:
        # a stream, never bytes: feedparser opens bytes that name a file ("/dev/zero") as that file
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # feedparser is defensive, but sgmllib/expat errors have escaped before
        yield IngestError(path, f"feed could not be parsed: {exc}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield IngestError(path, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}")
        else:
            yield IngestError(path, "feed has no entries")
        return
    channel = parsed.get("feed") or {}
    try:
        outlet = channel_outlet(_text(channel.get("title")), _text(channel.get("link")))
    except Exception:  # a strange channel title costs the outlet name, not the entries
        log.debug("channel title of %s not understood", path, exc_info=True)
        outlet = None
    for index, entry in enumerate(entries):
        try:
            yield _entry_unit(entry, path, index, outlet)
        except Exception as exc:  # one entry's surprise must not cost the others (house rule)
            log.debug("feed entry %d of %s failed", index, path, exc_info=True)
            yield IngestError(path, f"feed entry could not be read: {type(exc).__name__}: {exc}", index)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _entry_unit(entry, path: str, index: int, outlet: str | None) -> RawDocument | IngestError:
    html = ""
    contents = entry.get("content") or []
    if contents:
        html = "\n".join(c.get("value", "") for c in contents if isinstance(c.get("value"), str) and c.get("value"))
    if not html.strip():
        html = _text(entry.get("summary")) or _text(entry.get("description")) or ""
    if not html.strip():
        return IngestError(path, "feed entry has neither content nor summary", index)
    repairs: dict[str, int] = {}
    meta: dict[str, str] = {}
    for key, value in (
        ("title", entry.get("title")), ("url", entry.get("link")), ("published", _entry_date(entry)),
        ("source", outlet), ("author", entry.get("author")),
    ):
        if value and str(value).strip():
            meta[key] = str(value).strip()
    meta = storable_meta(meta, repairs)
    html = storable(html, repairs)
    entry_id = entry.get("id")
    canonical = json.dumps({"id": storable(entry_id) if isinstance(entry_id, str) else entry_id, "text": html,
                            **meta}, sort_keys=True, ensure_ascii=False, default=str)
    return RawDocument(
        path=path, format="rss", text=html, raw_sha=raw_sha(canonical.encode("utf-8")),
        index=index, meta=meta, repairs=repairs,
    )
