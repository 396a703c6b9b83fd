"""RSS / Atom feeds -> one RawDocument per entry (feedparser).

An entry's HTML content (or, failing that, its summary) becomes the unit's text (format ``rss``; the
cleaner flattens it as an HTML fragment). Entry title, link and date and the feed's own title (the
outlet) are input metadata. feedparser does not expose an entry's raw bytes, so ``raw_sha`` hashes a
canonical JSON of the entry fields we use: stable across runs, changes when the entry changes.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator

from newsgraph.records import IngestError, RawDocument


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def read_feed(data: bytes, path: str) -> Iterator[RawDocument | IngestError]:
    """Yield one RawDocument per feed entry; a feed that is not XML yields one IngestError."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
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
    outlet = (parsed.get("feed") or {}).get("title") or None
    for index, entry in enumerate(entries):
        html = ""
        contents = entry.get("content") or []
        if contents:
            html = "\n".join(c.get("value", "") for c in contents if c.get("value"))
        if not html.strip():
            html = entry.get("summary") or entry.get("description") or ""
        if not html.strip():
            yield IngestError(path, "feed entry has neither content nor summary", index)
            continue
        meta: dict[str, str] = {}
        for key, value in (
            ("title", entry.get("title")), ("url", entry.get("link")), ("published", _entry_date(entry)),
            ("source", outlet), ("author", entry.get("author")),
        ):
            if value:
                meta[key] = str(value).strip()
        canonical = json.dumps({"id": entry.get("id"), "text": html, **meta}, sort_keys=True, ensure_ascii=False)
        yield RawDocument(
            path=path, format="rss", text=html, raw_sha=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            index=index, meta=meta,
        )
