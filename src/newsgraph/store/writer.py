"""The single writer: articles (idempotent upserts by content id) and per-article facts.

Why one writer: SQLite allows one writing transaction at a time; keeping every INSERT/DELETE here makes
each batch one atomic transaction and keeps the readers (store/read/) free of side effects.

Pipeline versions: an article's facts are replaced as a whole, whatever version made the old ones, so a
store holds one version's facts per article; an actor row remembers the version that last wrote it, so
a newer build rewrites it as a fresh build would, and :meth:`Writer.drop_stale_actors` removes the
actors that only an older version produced. The consolidation is replaced as a whole too.
Everything is plain SQLAlchemy Core without dialect-specific upserts ("insert if absent" is a select
then an insert inside the same transaction, which is safe because there is one writer).
"""
from __future__ import annotations

import json
import logging
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, bindparam, delete, insert, or_, select, text, update
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, SQLAlchemyError, StatementError

from newsgraph.errors import Errors, StoreError
from newsgraph.ids import outlet_id, stable_id
from newsgraph.ingest.dedup import NearDuplicateIndex, minhash_signature
from newsgraph.records import Actor, Article, ClusterRow, Facts, IngestError, RawDocument
from newsgraph.storable import is_storable, storable
from newsgraph.store import schema as s
from newsgraph.store.dropped import encode as encode_dropped

log = logging.getLogger(__name__)

# Largest IN (...) list per statement: SQLite's default limit on bound parameters is 32766 since 3.32
# but 999 before; 500 stays under both.
IN_CHUNK = 500
# zlib level of the stored raw documents: 6 (the default) compresses news HTML about 4x; 9 gains ~1 %
# for twice the time.
RAW_ZLIB_LEVEL = 6


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pack_signature(sig: Sequence[int] | None) -> bytes | None:
    """MinHash values (unsigned, < 2**64) as little-endian uint64s: compact and portable."""
    if sig is None:
        return None
    return struct.pack(f"<{len(sig)}Q", *(int(v) for v in sig))


def unpack_signature(blob: bytes | None) -> list[int] | None:
    if not blob:
        return None
    return list(struct.unpack(f"<{len(blob) // 8}Q", blob))


class DuplicateIndex(Protocol):
    def add(self, article_id: str, signature: list[int]) -> None: ...
    def match(self, signature: list[int]) -> str | None: ...


@dataclass(slots=True)
class Dedup:
    """How near-duplicates are found: a signature function and an index factory (ingest.dedup's)."""

    signature: Callable[[str], list[int]]
    new_index: Callable[[], DuplicateIndex]


def default_dedup() -> Dedup:
    """The near-duplicate detector of newsgraph.ingest.dedup (MinHash signatures, an LSH index)."""
    return Dedup(signature=minhash_signature, new_index=NearDuplicateIndex)


@dataclass(slots=True)
class WriteResult:
    """What one write_articles call did (ids, so callers can report or test precisely)."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already stored (same content id)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)  # (article, duplicate_of)
    superseded: list[tuple[str, str]] = field(default_factory=list)  # (new article, older version)
    errors: int = 0
    # units that could not be stored (their articles are not in the store); written to ingest_errors
    failed: list[IngestError] = field(default_factory=list)


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def compress_raw(raw: str | None) -> bytes | None:
    """A raw document as stored: its UTF-8 bytes, zlib-compressed (``decompress_raw`` reads it back)."""
    return None if raw is None else zlib.compress(raw.encode("utf-8"), RAW_ZLIB_LEVEL)


def decompress_raw(stored: bytes | None) -> str | None:
    return None if stored is None else zlib.decompress(stored).decode("utf-8")


def _index_for_search(conn: Connection, article_ids: list[str]) -> None:
    """Number new articles for the FTS5 index and index their title and text (the index reads them from
    the articles through the view; no copy of the text is stored)."""
    conn.execute(text(f"INSERT INTO {s.FTS_ROWS} (article_id) VALUES (:id)"), [{"id": i} for i in article_ids])
    for part in _chunks(article_ids):
        marks = ", ".join(f":a{k}" for k in range(len(part)))
        conn.execute(text(f"INSERT INTO {s.FTS_TABLE} (rowid, article_id, title, text) "
                          f"SELECT n, article_id, title, text FROM {s.FTS_SOURCE} WHERE article_id IN ({marks})"),
                     {f"a{k}": v for k, v in enumerate(part)})


def _existing(conn: Connection, column, values: Iterable[Any]) -> set[Any]:
    values = list(dict.fromkeys(values))
    found: set[Any] = set()
    for chunk in _chunks(values):
        found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
    return found


class Writer:
    """Writes into one store; keeps the near-duplicate index of stored articles in memory."""

    def __init__(self, engine: Engine, dedup: Dedup | None) -> None:
        self.engine = engine
        self.dedup = dedup
        self._index: DuplicateIndex | None = None

    # -- articles ---------------------------------------------------------------------------------
    def _duplicate_index(self, conn: Connection) -> DuplicateIndex | None:
        """The index of stored signatures, rebuilt from the store once per writer."""
        if self.dedup is None:
            return None
        if self._index is None:
            index = self.dedup.new_index()
            rows = conn.execute(select(s.articles.c.id, s.articles.c.minhash)
                                .where(s.articles.c.minhash.is_not(None))
                                .order_by(s.articles.c.created_at, s.articles.c.id))
            for article_id, blob in rows:
                index.add(article_id, unpack_signature(blob))
            self._index = index
        return self._index

    def write_articles(self, articles: Sequence[Article], errors: Sequence[IngestError] = (),
                       documents: Sequence[RawDocument] = ()) -> WriteResult:
        """Store a batch in one transaction. When it fails because of its data, each input unit (raw
        document and its articles) is written in its own transaction: a unit that still fails is
        reported in ``WriteResult.failed`` (and in ``ingest_errors``) and the rest is stored. A
        failure of the database itself (locked, connection lost) is raised: nothing would store."""
        errors = [_storable_error(e) for e in errors]
        try:
            with self.engine.begin() as conn:
                return self._write_articles(conn, articles, errors, documents)
        except BaseException as exc:
            self._index = None  # it may hold ids of the rolled-back batch: rebuild on next use
            if not _data_failure(exc):
                if isinstance(exc, SQLAlchemyError):
                    raise StoreError(Errors.E015.format(reason=_short(exc))) from exc
                raise
            log.debug("a batch of %d articles failed (%s); storing it unit by unit", len(articles), _short(exc),
                      exc_info=True)
        return self._write_units(articles, errors, documents)

    def _write_units(self, articles: Sequence[Article], errors: Sequence[IngestError],
                     documents: Sequence[RawDocument]) -> WriteResult:
        result = WriteResult(errors=len(errors))
        units: dict[str, tuple[list[Article], list[RawDocument]]] = {}
        for doc in documents:
            units.setdefault(doc.raw_sha, ([], []))[1].append(doc)
        for art in articles:
            units.setdefault(art.raw_sha, ([], []))[0].append(art)
        for unit_articles, unit_documents in units.values():
            try:
                with self.engine.begin() as conn:
                    done = self._write_articles(conn, unit_articles, (), unit_documents)
            except Exception as exc:
                self._index = None
                if not _data_failure(exc):
                    raise StoreError(Errors.E015.format(reason=_short(exc))) from exc
                log.debug("unit %s could not be stored", unit_articles[:1] or unit_documents[:1], exc_info=True)
                first = (unit_documents or unit_articles)[0]
                result.failed.append(IngestError(
                    path=storable(first.path or "<unknown>"), index=first.index,
                    reason=storable(f"could not be stored ({len(unit_articles)} article(s) skipped): {_short(exc)}")))
                continue
            for name in ("added", "skipped", "near_duplicates", "superseded"):
                getattr(result, name).extend(getattr(done, name))
        if errors or result.failed:
            try:
                with self.engine.begin() as conn:
                    self._write_errors(conn, [*errors, *result.failed], utcnow())
            except SQLAlchemyError as exc:
                raise StoreError(Errors.E015.format(reason=_short(exc))) from exc
        return result

    def _write_articles(self, conn: Connection, batch: Sequence[Article],
                        errors: Sequence[IngestError], documents: Sequence[RawDocument]) -> WriteResult:
        now = utcnow()
        result = WriteResult(errors=len(errors))
        index = self._duplicate_index(conn)
        stored = _existing(conn, s.articles.c.id, (a.id for a in batch))
        self._write_documents(conn, batch, documents, now)
        self._write_outlets(conn, batch, now)
        known_targets = _existing(conn, s.articles.c.id,
                                  (a.duplicate_of for a in batch if a.duplicate_of)) | stored
        older = self._older_versions(conn, batch)
        rows: list[dict[str, Any]] = []
        self._backfill_dropped(conn, [a for a in batch if a.id in stored])
        for article in batch:
            if article.id in stored:
                result.skipped.append(article.id)
                continue
            _check_storable(article)
            stored.add(article.id)
            signature = self.dedup.signature(article.text) if self.dedup is not None else None
            supersedes = older.get((article.raw_sha, article.part, article.cleaning_version))
            duplicate_of = article.duplicate_of if article.duplicate_of in known_targets else None
            if duplicate_of is None and index is not None and signature:
                duplicate_of = index.match(signature)
            if duplicate_of == supersedes:  # a re-cleaned version is not a duplicate of its own past
                duplicate_of = None
            rows.append(dict(
                id=article.id, raw_sha=article.raw_sha, path=article.path, part=article.part,
                index=article.index, format=article.format,
                outlet_id=outlet_id(article.source) if article.source else None,
                source_basis=article.source_basis, title=article.title, published=article.published,
                published_basis=article.published_basis, text=article.text,
                cleaning_version=article.cleaning_version, url=article.url, duplicate_of=duplicate_of,
                supersedes=supersedes, minhash=pack_signature(signature), created_at=now,
                dropped=encode_dropped(article.dropped),
                repairs=json.dumps(article.repairs, sort_keys=True) if article.repairs else None))
            if index is not None and signature:
                index.add(article.id, signature)
            known_targets.add(article.id)
            result.added.append(article.id)
            if duplicate_of:
                result.near_duplicates.append((article.id, duplicate_of))
            if supersedes:
                result.superseded.append((article.id, supersedes))
        # one executemany per table: per-row statements cost ~1.5 ms each in SQLAlchemy overhead
        if rows:
            # rows are in batch order, so a duplicate_of inside the batch points to an earlier row
            conn.execute(insert(s.articles), rows)
            if conn.dialect.name == "sqlite":
                _index_for_search(conn, [r["id"] for r in rows])
        self._write_errors(conn, errors, now)
        return result

    @staticmethod
    def _write_errors(conn: Connection, errors: Sequence[IngestError], now: str) -> None:
        if errors:
            conn.execute(insert(s.ingest_errors), [
                {"path": e.path, "index": e.index, "reason": e.reason, "at": now} for e in errors])

    @staticmethod
    def _backfill_dropped(conn: Connection, known: Sequence[Article]) -> None:
        """An article stored before drops were recorded (``dropped`` NULL) gets them when a later
        cleaning makes the same text again: the text is unchanged, only what was removed is learnt."""
        a = s.articles.c
        for chunk in _chunks(list(known)):
            missing = set(conn.execute(select(a.id).where(a.id.in_([art.id for art in chunk]),
                                                          a.dropped.is_(None))).scalars())
            for art in chunk:
                if art.id in missing:
                    conn.execute(update(s.articles).where(a.id == art.id).values(dropped=encode_dropped(art.dropped)))

    @staticmethod
    def _older_versions(conn: Connection, batch: Sequence[Article]) -> dict[tuple[str, int, str], str]:
        """(raw_sha, part, cleaning version) -> the newest stored article of the same raw unit and part
        made by another cleaning version: the one a new article re-cleans (supersedes)."""
        a = s.articles.c
        stored: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
        for chunk in _chunks(list({art.raw_sha for art in batch})):
            for row in conn.execute(select(a.id, a.raw_sha, a.part, a.cleaning_version, a.created_at)
                                    .where(a.raw_sha.in_(chunk))):
                stored.setdefault((row.raw_sha, row.part), []).append(
                    (row.created_at, row.id, row.cleaning_version))
        found = {}
        for art in batch:
            others = [(t, i) for t, i, v in stored.get((art.raw_sha, art.part), ()) if v != art.cleaning_version]
            if others:
                found[(art.raw_sha, art.part, art.cleaning_version)] = max(others)[1]
        return found

    @staticmethod
    def _write_documents(conn: Connection, batch: Sequence[Article], documents: Sequence[RawDocument],
                         now: str) -> None:
        rows: dict[str, dict[str, Any]] = {}
        for doc in documents:
            for name, value in (("path", doc.path), ("raw_text", doc.text)):
                if value is not None and not is_storable(value):
                    raise UnstorableText(f"the raw document's {name} holds a NUL or a lone surrogate")
            rows.setdefault(doc.raw_sha, {"raw_sha": doc.raw_sha, "path": doc.path, "format": doc.format,
                                          "index": doc.index, "raw_zlib": compress_raw(doc.text), "ingested_at": now})
        for art in batch:  # an article whose unit was not passed still needs its document row
            rows.setdefault(art.raw_sha, {"raw_sha": art.raw_sha, "path": art.path, "format": art.format,
                                          "index": art.index, "raw_zlib": None, "ingested_at": now})
        present = _existing(conn, s.documents.c.raw_sha, rows)
        new = [row for sha, row in rows.items() if sha not in present]
        if new:
            conn.execute(insert(s.documents), new)

    @staticmethod
    def _write_outlets(conn: Connection, batch: Sequence[Article], now: str) -> None:
        names = {outlet_id(a.source): a.source.strip() for a in batch if a.source}
        present = _existing(conn, s.outlets.c.id, names)
        new = [{"id": i, "name": n, "created_at": now} for i, n in names.items() if i not in present]
        if new:
            conn.execute(insert(s.outlets), new)

    # -- facts ------------------------------------------------------------------------------------
    def write_facts(self, facts: Sequence[Facts]) -> None:
        """Replace each article's facts (of any pipeline version) with these; all articles in one
        transaction, each table written once per call (one delete and one executemany insert for the
        whole chunk, not a dozen per article: the writer was a tenth of a build)."""
        by_article = {f.article: f for f in facts}  # an article given twice: the last facts win
        facts = list(by_article.values())
        if not facts:
            return
        try:
            with self.engine.begin() as conn:
                known = _existing(conn, s.articles.c.id, by_article)
                for f in facts:
                    if f.article not in known:
                        raise StoreError(Errors.E004.format(article=f.article))
                    _check_one_article(f)
                self._replace_facts(conn, facts)
        except SQLAlchemyError as exc:
            raise StoreError(Errors.E015.format(reason=exc)) from exc

    def _replace_facts(self, conn: Connection, facts: Sequence[Facts]) -> None:
        arts = [f.article for f in facts]
        self._delete_facts(conn, arts)
        # the next consolidation re-clusters these articles' reports (their ids may be the same as before)
        dirty = [a for a in arts if a not in _existing(conn, s.consolidation_dirty.c.article_id, arts)]
        if dirty:
            conn.execute(insert(s.consolidation_dirty), [{"article_id": a} for a in dirty])
        self._merge_actors(conn, facts)
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in (
            "aliases", "mentions", "places", "dates", "quotes", "framing")}
        for f in facts:
            art, pv = f.article, f.pipeline_version
            aliases = {(a.id, alias): count for a in f.actors for alias, count in a.aliases.items()}
            rows["aliases"] += [{"actor_id": actor, "alias": alias, "article_id": art, "pipeline_version": pv,
                                 "count": int(count)} for (actor, alias), count in aliases.items()]
            rows["mentions"] += [{
                "id": stable_id("mention", pv, art, m.evidence.start, m.evidence.end, m.label),
                **_ev(m.evidence, m.confidence, pv), "text": m.text, "label": m.label, "actor_id": m.actor}
                for m in f.mentions]
            rows["places"] += [{
                "id": stable_id("place", pv, art, p.evidence.start, p.evidence.end),
                **_ev(p.evidence, p.confidence, pv), "text": p.text, "name": p.name, "country": p.country,
                "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id,
                "precision": p.precision} for p in f.places]
            rows["dates"] += [{
                "id": stable_id("date", pv, art, d.evidence.start, d.evidence.end),
                **_ev(d.evidence, d.confidence, pv), "text": d.text, "value": d.value,
                "precision": d.precision} for d in f.dates]
            rows["quotes"] += [{
                "id": stable_id("quote", pv, art, q.evidence.start, q.evidence.end),
                **_ev(q.evidence, q.confidence, pv), "text": q.text, "speaker_id": q.speaker, "kind": q.kind}
                for q in f.quotes]
            rows["framing"] += [{
                "id": stable_id("framing", pv, art, fl.evidence.start, fl.evidence.end, fl.actor, fl.label),
                **_ev(fl.evidence, None, pv), "actor_id": fl.actor, "label": fl.label, "source": fl.source}
                for fl in f.framing]
        # every id carries its article (and aliases key on it), so rows of two articles never collide
        _insert(conn, s.actor_aliases, rows["aliases"])
        _insert(conn, s.mentions, rows["mentions"])
        _insert(conn, s.places, rows["places"])
        _insert(conn, s.dates, rows["dates"])
        self._write_events(conn, facts)
        self._write_relations(conn, facts)
        _insert(conn, s.quotes, rows["quotes"])
        _insert(conn, s.framing_labels, rows["framing"])
        now = utcnow()
        conn.execute(insert(s.processed), [{"article_id": f.article, "pipeline_version": f.pipeline_version,
                                            "processed_at": now, "error": f.error} for f in facts])

    @staticmethod
    def _delete_facts(conn: Connection, arts: Sequence[str]) -> None:
        """Every fact of these articles, whichever pipeline version made it, and their processed marks."""
        ev, rep = s.events.c, s.relation_reports.c
        for part in _chunks(list(arts)):
            part = list(part)
            # relations that lose their last report go too (they exist only through evidence): only
            # those these articles reported can, so only those are looked at
            touched = set(conn.execute(select(rep.relation_id).where(rep.article_id.in_(part))).scalars())
            event_ids = select(ev.id).where(ev.article_id.in_(part))
            conn.execute(delete(s.event_actors).where(s.event_actors.c.event_id.in_(event_ids)))
            for table in s.ARTICLE_FACT_TABLES:
                if table is s.event_actors:
                    continue
                conn.execute(delete(table).where(table.c.article_id.in_(part)))
            conn.execute(delete(s.processed).where(s.processed.c.article_id.in_(part)))
            for ids in _chunks(sorted(touched)):
                still = select(rep.relation_id).where(rep.relation_id.in_(list(ids)))
                conn.execute(delete(s.relations).where(s.relations.c.id.in_(list(ids)),
                                                       s.relations.c.id.not_in(still)))

    @staticmethod
    def _merge_actors(conn: Connection, facts: Sequence[Facts]) -> None:
        """Insert new actors; for ids this version already wrote keep the stored name/type and fill a
        missing country/kb id; an id last written by another version is rewritten (as a fresh build of
        this version would have written it). Articles are taken in order, as if written one by one."""
        per_article = [(f.pipeline_version, {a.id: a for a in f.actors}) for f in facts]
        ids = list(dict.fromkeys(i for _, by_id in per_article for i in by_id))
        present: dict[str, dict[str, Any]] = {}
        for part in _chunks(ids):
            present.update({row.id: dict(row._mapping) for row in conn.execute(
                select(s.actors).where(s.actors.c.id.in_(list(part))))})
        now = utcnow()
        new: dict[str, dict[str, Any]] = {}  # id -> the row to insert
        changed: dict[str, dict[str, Any]] = {}  # id -> the columns to update
        for pv, by_id in per_article:
            for actor in by_id.values():
                row = new.get(actor.id) or present.get(actor.id)
                if row is None:
                    new[actor.id] = {"id": actor.id, "name": actor.name, "type": actor.type,
                                     "country": actor.country, "kb_id": actor.kb_id, "created_at": now,
                                     "pipeline_version": pv, "sector": actor.sector,
                                     "collective": actor.collective, "inter": actor.inter}
                    continue
                if row["pipeline_version"] != pv:
                    values = {"name": actor.name, "type": actor.type, "country": actor.country,
                              "kb_id": actor.kb_id, "sector": actor.sector, "collective": actor.collective,
                              "inter": actor.inter, "pipeline_version": pv}
                else:
                    values = {k: v for k, v in (("country", actor.country), ("kb_id", actor.kb_id),
                                                ("sector", actor.sector), ("inter", actor.inter))
                              if v is not None and row[k] is None}
                row.update(values)
                if values and actor.id not in new:
                    changed.setdefault(actor.id, {}).update(values)
        _insert(conn, s.actors, list(new.values()))
        for actor_id, values in changed.items():
            conn.execute(update(s.actors).where(s.actors.c.id == actor_id).values(**values))

    @staticmethod
    def _write_events(conn: Connection, facts: Sequence[Facts]) -> None:
        rows, reports, roles = {}, {}, {}
        for f in facts:
            art, pv = f.article, f.pipeline_version
            for e in f.events:
                row_id = stable_id("event", pv, art, e.id)
                place = e.place
                rows[row_id] = {
                    "id": row_id, "event_id": e.id, **_ev(e.evidence, e.confidence, pv), "type": e.type,
                    "mode": e.mode, "trigger": e.trigger, "date_value": e.date.value,
                    "date_precision": e.date.precision, "date_text": e.date.text,
                    "place_text": place.text if place else None, "place_name": place.name if place else None,
                    "place_country": place.country if place else None,
                    "place_admin1": place.admin1 if place else None,
                    "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
                    "place_geonames_id": place.geonames_id if place else None,
                    "place_precision": place.precision if place else None,
                    "killed": e.killed, "injured": e.injured, "displaced": e.displaced,
                    "kidnapped": e.kidnapped, "negated": bool(e.negated), "hypothetical": bool(e.hypothetical),
                    "cluster": None,
                    "date_basis": e.date_basis if e.date_basis != "none" or not e.date.value else "explicit",
                    "time_precision": e.time_precision,
                    "place_basis": e.place_basis, "geo_precision": e.geo_precision}
                for ev_ in (e.evidence, *e.reports):  # the first mention and every later one (happenings.py)
                    rep_id = stable_id("event-report", row_id, ev_.start, ev_.end)
                    reports[rep_id] = {"id": rep_id, "event_id": row_id, **_ev(ev_, e.confidence, pv)}
                for role, ids in (("actor", e.actor), ("recipient", e.recipient)):
                    for actor_id in ids:
                        roles[(row_id, actor_id, role)] = {"event_id": row_id, "actor_id": actor_id,
                                                           "role": role}
        _insert(conn, s.events, list(rows.values()))
        _insert(conn, s.event_reports, list(reports.values()))
        _insert(conn, s.event_actors, list(roles.values()))

    @staticmethod
    def _write_relations(conn: Connection, facts: Sequence[Facts]) -> None:
        relations, reports = {}, {}
        for f in facts:
            art, pv = f.article, f.pipeline_version
            for r in f.relations:
                rel_id = stable_id("relation", r.source, r.type, r.target)
                relations[rel_id] = {"id": rel_id, "source_id": r.source, "target_id": r.target, "type": r.type}
                rep_id = stable_id("relation-report", pv, rel_id, art, r.evidence.start, r.evidence.end)
                reports[rep_id] = {"id": rep_id, "relation_id": rel_id, **_ev(r.evidence, r.confidence, pv),
                                   "date": r.date}
        present = _existing(conn, s.relations.c.id, relations)
        _insert(conn, s.relations, [row for i, row in relations.items() if i not in present])
        _insert(conn, s.relation_reports, list(reports.values()))

    # -- after a build ------------------------------------------------------------------------------
    def drop_stale_actors(self, pv: str) -> int:
        """Delete the actors no fact refers to any more that an older pipeline version wrote (actors of
        ``pv`` stay: they are the current build's); returns how many were deleted."""
        a = s.actors.c
        referenced = [select(s.mentions.c.actor_id).where(s.mentions.c.actor_id.is_not(None)),
                      select(s.actor_aliases.c.actor_id), select(s.event_actors.c.actor_id),
                      select(s.relations.c.source_id), select(s.relations.c.target_id),
                      select(s.quotes.c.speaker_id).where(s.quotes.c.speaker_id.is_not(None)),
                      select(s.framing_labels.c.actor_id)]
        stale = delete(s.actors).where(or_(a.pipeline_version.is_(None), a.pipeline_version != pv),
                                       *(a.id.not_in(q) for q in referenced))
        try:
            with self.engine.begin() as conn:
                return conn.execute(stale).rowcount
        except SQLAlchemyError as exc:
            raise StoreError(Errors.E015.format(reason=exc)) from exc

    def write_consolidation(self, pv: str, clusters: Sequence[ClusterRow]) -> None:
        """Replace the whole consolidation (every version's) with ``clusters``, atomically."""
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(s.contradictions))
                conn.execute(delete(s.event_clusters))
                conn.execute(update(s.events).where(s.events.c.cluster.is_not(None)).values(cluster=None))
                _insert_clusters(conn, pv, clusters)
        except SQLAlchemyError as exc:
            raise StoreError(Errors.E015.format(reason=exc)) from exc

    def write_consolidation_delta(self, pv: str, clusters: Sequence[ClusterRow], delta: Any) -> None:
        """Apply an incremental consolidation (consolidate/incremental.py ``Delta``) atomically: drop the
        consolidated events it replaces, write ``clusters``, and update the blocking keys and links;
        ``delta.full`` replaces the whole consolidation."""
        ev = s.events.c
        try:
            with self.engine.begin() as conn:
                if delta.full:
                    for table in (s.contradictions, s.event_clusters, s.event_links, s.event_blocks):
                        conn.execute(delete(table))
                    conn.execute(update(s.events).where(ev.cluster.is_not(None)).values(cluster=None))
                else:
                    drop = sorted(delta.drop_clusters)
                    for part in _chunks(drop):
                        conn.execute(delete(s.contradictions).where(s.contradictions.c.cluster_id.in_(list(part))))
                        conn.execute(delete(s.event_clusters).where(s.event_clusters.c.id.in_(list(part))))
                        conn.execute(update(s.events).where(ev.cluster.in_(list(part))).values(cluster=None))
                    for part in _chunks(sorted(delta.blocks_drop)):
                        conn.execute(delete(s.event_blocks).where(s.event_blocks.c.event_id.in_(list(part))))
                    links = s.event_links.c
                    if delta.links_drop:
                        conn.execute(delete(s.event_links).where(links.a == bindparam("la"), links.b == bindparam("lb")),
                                     [{"la": a, "lb": b} for a, b in sorted(delta.links_drop)])
                if delta.blocks_add:
                    conn.execute(insert(s.event_blocks), [{"event_id": i, "kind": k, "day": d}
                                                         for i, (k, d) in sorted(delta.blocks_add.items())])
                if delta.links_add:
                    conn.execute(insert(s.event_links), [
                        {"a": a, "b": b, "kind": k, "day_a": da, "day_b": db, "score": sc}
                        for (a, b), (k, da, db, sc) in sorted(delta.links_add.items())])
                for part in _chunks(sorted(delta.dirty_done)):
                    conn.execute(delete(s.consolidation_dirty).where(
                        s.consolidation_dirty.c.article_id.in_(list(part))))
                _insert_clusters(conn, pv, clusters)
        except SQLAlchemyError as exc:
            raise StoreError(Errors.E015.format(reason=exc)) from exc


def _insert_clusters(conn: Connection, pv: str, clusters: Sequence[ClusterRow]) -> None:
    """Write consolidated events, their contradictions, their members' cluster and their lead reports."""
    if not clusters:
        return
    now = utcnow()
    conn.execute(insert(s.event_clusters), [{
        "id": c.id, "pipeline_version": pv, "type": c.type, "date_first": c.date_first,
        "date_last": c.date_last, "place_name": c.place_name, "n_reports": len(c.members),
        "n_articles": c.n_articles, "n_outlets": c.n_outlets, "created_at": now} for c in clusters])
    rows = [{"id": stable_id("contradiction", c.id, name), "cluster_id": c.id, "pipeline_version": pv,
             "field": name, "versions": json.dumps(versions, ensure_ascii=False), "created_at": now}
            for c in clusters for name, versions in c.contradictions]
    if rows:
        conn.execute(insert(s.contradictions), rows)
    stmt = update(s.events).where(s.events.c.id == bindparam("eid")).values(cluster=bindparam("cid"))
    conn.execute(stmt, [{"eid": m, "cid": c.id} for c in clusters for m in c.members])
    _write_leads(conn, clusters)


def _write_leads(conn: Connection, clusters: Sequence[ClusterRow]) -> None:
    """Set the lead report of each of ``clusters``: the most confident member, then the earliest published,
    then the smallest id (a total order, so the same members always give the same lead). Only the given
    clusters' members are read, so an incremental consolidation pays for what it wrote."""
    e_, a_ = s.events.c, s.articles.c
    of = {m: c.id for c in clusters for m in c.members}
    key: dict[str, tuple] = {}
    for part in _chunks(sorted(of)):
        for row in conn.execute(select(e_.id, e_.confidence, a_.published)
                                .join(s.articles, e_.article_id == a_.id).where(e_.id.in_(list(part)))):
            cid = of[row.id]
            k = (-(row.confidence or 0.0), row.published or "9999", row.id)
            if cid not in key or k < key[cid]:
                key[cid] = k
    if key:
        stmt = update(s.event_clusters).where(s.event_clusters.c.id == bindparam("cid")).values(
            lead_event=bindparam("lead"))
        conn.execute(stmt, [{"cid": cid, "lead": k[2]} for cid, k in key.items()])


def cluster_id(members: Sequence[str]) -> str:
    """Id of a consolidated event: a hash of its sorted member event row ids."""
    return stable_id("cluster", *sorted(members))


class UnstorableText(ValueError):
    """A text field holds a character no backend can store (see storable.py)."""


def _check_storable(article: Article) -> None:
    """Refuse an article the readers did not make storable: SQLite would keep a NUL that PostgreSQL
    refuses, so both refuse it here, alike."""
    for name in ("text", "title", "source", "url", "path"):
        value = getattr(article, name)
        if value is not None and not is_storable(value):
            raise UnstorableText(f"article {article.id}: its {name} holds a NUL or a lone surrogate")


def _storable_error(error: IngestError) -> IngestError:
    """An IngestError whose path and reason can be stored (a reason may quote the bad input)."""
    path, reason = storable(error.path or ""), storable(error.reason or "")
    if path == error.path and reason == error.reason:
        return error
    return IngestError(path=path, reason=reason, index=error.index)


def _data_failure(exc: BaseException) -> bool:
    """Did the data of some unit fail (a constraint, a value the driver or the database refuses),
    rather than the database itself (locked, gone, a missing table), where retrying stores nothing?"""
    if isinstance(exc, (IntegrityError, DataError, UnstorableText, UnicodeError)):
        return True
    # a value the driver could not send (psycopg refuses NUL before the server sees it)
    return isinstance(exc, StatementError) and not isinstance(exc, DBAPIError)


def _short(exc: BaseException, limit: int = 300) -> str:
    """One line about ``exc``: the driver's message without SQLAlchemy's statement and parameters
    (they would repeat the whole text of the article)."""
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [""])[0]
    message = f"{type(inner).__name__}: {first}" if first else type(inner).__name__
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _check_one_article(f: Facts) -> None:
    """Replacement deletes by article: evidence in another article would never be replaced."""
    spans = ([m.evidence for m in f.mentions] + [p.evidence for p in f.places] + [d.evidence for d in f.dates]
             + [e.evidence for e in f.events] + [r for e in f.events for r in e.reports] + [r.evidence for r in f.relations]
             + [q.evidence for q in f.quotes] + [fl.evidence for fl in f.framing])
    for evidence in spans:
        if evidence.article != f.article:
            raise StoreError(Errors.E017.format(article=f.article, other=evidence.article))


def _ev(evidence, confidence: float | None, pv: str) -> dict[str, Any]:
    return {"article_id": evidence.article, "start": evidence.start, "end": evidence.end,
            "confidence": confidence, "pipeline_version": pv}


def _insert(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """executemany insert; rows with the same primary key collapse to the last one."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    unique = {tuple(r[k] for k in keys): r for r in rows}
    conn.execute(insert(table), list(unique.values()))


def merge_actors(engine: Engine, mapping: dict[str, str]) -> int:
    """Point every fact of actor ``old`` at actor ``new`` for each ``old -> new`` (one transaction).

    The corpus-level merge (``actors.merge_actors``) decides which discovered actors are one real entity
    ("Khalifa Hifter" in one article, "Khalifa Haftar" in another); this rewrites mentions, aliases, event
    roles, relations, quotes and framing labels to the canonical id and drops the merged actor rows.
    Idempotent: an empty or already-applied mapping changes nothing. Returns the number of actors merged.
    """
    moves = {old: new for old, new in mapping.items() if old != new}
    if not moves:
        return 0
    try:
        with engine.begin() as conn:
            for chunk in _chunks(list(moves)):
                _move_actor_rows(conn, {old: moves[old] for old in chunk})
    except SQLAlchemyError as exc:
        raise StoreError(Errors.E015.format(reason=exc)) from exc
    return len(moves)


def _move_actor_rows(conn: Connection, moves: dict[str, str]) -> None:
    """One chunk of moves, each statement run once for the chunk (executemany), not once per actor."""
    olds = list(moves)
    params = [{"b_old": old, "b_new": new} for old, new in moves.items()]
    for table, column in ((s.mentions, "actor_id"), (s.quotes, "speaker_id"), (s.framing_labels, "actor_id")):
        conn.execute(update(table).where(table.c[column] == bindparam("b_old")).values({column: bindparam("b_new")}),
                     params)
    # aliases: (actor, alias, article, version) is the key, so counts of a collision are summed
    al = s.actor_aliases
    moved: dict[tuple, int] = {}
    for r in conn.execute(select(al).where(al.c.actor_id.in_(olds))):
        key = (moves[r.actor_id], r.alias, r.article_id, r.pipeline_version)
        moved[key] = moved.get(key, 0) + r.count
    conn.execute(delete(al).where(al.c.actor_id.in_(olds)))
    existing: set[tuple] = set()
    targets = sorted({k[0] for k in moved})
    names = sorted({k[1] for k in moved})
    for part in _chunks(targets):
        for npart in _chunks(names):
            existing |= {tuple(r) for r in conn.execute(
                select(al.c.actor_id, al.c.alias, al.c.article_id, al.c.pipeline_version)
                .where(al.c.actor_id.in_(list(part)), al.c.alias.in_(list(npart))))}
    bumps = [{"b_actor": k[0], "b_alias": k[1], "b_article": k[2], "b_pv": k[3], "b_n": n}
             for k, n in moved.items() if k in existing]
    if bumps:
        conn.execute(update(al).where((al.c.actor_id == bindparam("b_actor")) & (al.c.alias == bindparam("b_alias"))
                                      & (al.c.article_id == bindparam("b_article"))
                                      & (al.c.pipeline_version == bindparam("b_pv")))
                     .values(count=al.c.count + bindparam("b_n")), bumps)
    fresh = [{"actor_id": k[0], "alias": k[1], "article_id": k[2], "pipeline_version": k[3], "count": n}
             for k, n in moved.items() if k not in existing]
    if fresh:
        conn.execute(insert(al), fresh)
    ea = s.event_actors
    rows = [dict(r._mapping) for r in conn.execute(select(ea).where(ea.c.actor_id.in_(olds)))]
    _mark_dirty(conn, {r["event_id"] for r in rows})
    conn.execute(delete(ea).where(ea.c.actor_id.in_(olds)))
    _insert_absent(conn, ea, [{**r, "actor_id": moves[r["actor_id"]]} for r in rows])
    _move_relations(conn, moves)
    conn.execute(delete(s.actors).where(s.actors.c.id.in_(olds)))


def _mark_dirty(conn: Connection, event_ids: set[str]) -> None:
    """The articles of these events changed in place: the next consolidation re-clusters them."""
    arts: set[str] = set()
    for part in _chunks(sorted(event_ids)):
        arts |= {r[0] for r in conn.execute(select(s.events.c.article_id).where(s.events.c.id.in_(list(part))))}
    arts -= _existing(conn, s.consolidation_dirty.c.article_id, arts)
    if arts:
        conn.execute(insert(s.consolidation_dirty), [{"article_id": a} for a in sorted(arts)])


def _move_relations(conn: Connection, moves: dict[str, str]) -> None:
    rel, rep = s.relations, s.relation_reports
    olds = list(moves)
    rows = list(conn.execute(select(rel).where(rel.c.source_id.in_(olds) | rel.c.target_id.in_(olds))))
    for r in rows:
        source, target = moves.get(r.source_id, r.source_id), moves.get(r.target_id, r.target_id)
        new_id = stable_id("relation", source, r.type, target)
        if not conn.execute(select(rel.c.id).where(rel.c.id == new_id)).first():
            conn.execute(insert(rel).values(id=new_id, source_id=source, target_id=target, type=r.type))
        conn.execute(update(rep).where(rep.c.relation_id == r.id).values(relation_id=new_id))
        conn.execute(delete(rel).where(rel.c.id == r.id))


def _insert_absent(conn: Connection, table, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose primary key is not stored yet (the keys looked up by their first column)."""
    keys = [c.name for c in table.primary_key.columns]
    unique = {tuple(r[k] for k in keys): r for r in rows}
    first = table.c[keys[0]]
    stored: set[tuple] = set()
    for part in _chunks(sorted({k[0] for k in unique})):
        stored |= {tuple(r) for r in conn.execute(select(*[table.c[k] for k in keys]).where(first.in_(list(part))))}
    absent = [r for k, r in unique.items() if k not in stored]
    if absent:
        conn.execute(insert(table), absent)
