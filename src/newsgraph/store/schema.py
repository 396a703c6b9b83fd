"""The store's tables (SQLAlchemy Core), the single description that queries and the writer share.

The schema itself is created and changed only by the Alembic migrations in ``migrations/``; this module
must describe the schema the latest migration produces (a test checks that the two agree).

Conventions: ids are content hashes (stable across rebuilds); every fact row carries ``article_id``,
``start``/``end`` (character offsets into ``articles.text``, end exclusive), ``confidence`` and
``pipeline_version``; timestamps are ISO-8601 UTC strings so that every dialect stores them alike.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text, UniqueConstraint)

metadata = MetaData()

ID = String(64)
FTS_TABLE = "articles_fts"  # SQLite FTS5 virtual table (title, text); created by the migration only
# its external content (migration 0010): rows numbered by articles_fts_rows.n, read through this view
FTS_ROWS, FTS_SOURCE = "articles_fts_rows", "articles_fts_source"
# PostgreSQL searches its own full text: a GIN index on the articles' tsvector expression (0010)
PG_SEARCH_INDEX = "ix_articles_fts_gin"


def _article_fk() -> Column:
    return Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _evidence_columns() -> list[Column]:
    """The columns every fact row has."""
    return [
        _article_fk(),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("confidence", Float, nullable=True),
        Column("pipeline_version", String(32), nullable=False),
    ]


outlets = Table(
    "outlets", metadata,
    Column("id", ID, primary_key=True),  # hash of the case-folded name
    Column("name", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("raw_sha", ID, primary_key=True),  # sha256 of the raw bytes of the unit
    Column("path", Text),
    Column("format", String(16), nullable=False),
    Column("index", Integer, nullable=False, default=0),
    Column("raw_zlib", LargeBinary),  # the raw text, UTF-8, zlib-compressed (writer.compress_raw; 0010)
    Column("ingested_at", String(32), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", ID, primary_key=True),  # content hash of the clean text
    Column("raw_sha", ID, ForeignKey("documents.raw_sha"), nullable=False),
    Column("path", Text),
    Column("part", Integer, nullable=False, default=0),
    Column("index", Integer, nullable=False, default=0),
    Column("format", String(16), nullable=False),
    Column("outlet_id", ID, ForeignKey("outlets.id")),
    Column("source_basis", String(32), nullable=False),
    Column("title", Text),
    Column("published", String(10)),
    Column("published_basis", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("cleaning_version", String(32), nullable=False),
    Column("url", Text),
    Column("duplicate_of", ID, ForeignKey("articles.id")),
    Column("supersedes", ID, ForeignKey("articles.id")),
    Column("minhash", LargeBinary),
    Column("created_at", String(32), nullable=False),
    # JSON list [{"kind", "chars"}]: page furniture cleaning removed (ingest/drops.py); NULL = not recorded
    Column("dropped", Text),
    # the cleaning record: JSON {kind: count} of characters replaced to make the text storable; NULL: none
    Column("repairs", Text),
    Index("ix_articles_outlet", "outlet_id"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_raw_part", "raw_sha", "part"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("index", Integer),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("country", String(2)),
    Column("kb_id", String(64)),
    Column("created_at", String(32), nullable=False),
    Column("pipeline_version", String(32)),  # the version that last wrote the row (migration 0003)
    # sector / collective / inter (migration 0006): PLOVER-style sector, ACLED collective actor, ACLED inter code
    Column("sector", String(8)),
    Column("collective", Boolean),
    Column("inter", Integer),
    Index("ix_actors_type", "type"),
)

# Alias counts are kept per article so that replacing an article's facts never double-counts;
# the total for an (actor, alias) is the sum over articles.
actor_aliases = Table(
    "actor_aliases", metadata,
    Column("actor_id", ID, ForeignKey("actors.id"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("pipeline_version", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", ID, primary_key=True),
    *_evidence_columns(),
    Column("text", Text, nullable=False),
    Column("label", String(32), nullable=False),
    Column("actor_id", ID),  # no FK: resolution may point to an actor written by another article
    Index("ix_mentions_article", "article_id", "pipeline_version"),
    Index("ix_mentions_actor", "actor_id"),
)

places = Table(
    "places", metadata,
    Column("id", ID, primary_key=True),
    *_evidence_columns(),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("country", String(2)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("precision", String(16), nullable=False),
    Index("ix_places_article", "article_id", "pipeline_version"),
    Index("ix_places_geonames", "geonames_id"),
)

dates = Table(
    "dates", metadata,
    Column("id", ID, primary_key=True),
    *_evidence_columns(),
    Column("text", Text, nullable=False),
    Column("value", String(10)),
    Column("precision", String(16), nullable=False),
    Index("ix_dates_article", "article_id", "pipeline_version"),
    Index("ix_dates_value", "value"),
)

events = Table(
    "events", metadata,
    Column("id", ID, primary_key=True),  # the stage's event id, made unique per pipeline version
    Column("event_id", ID, nullable=False),  # the id the stage gave (exported as `id`)
    *_evidence_columns(),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("trigger", Text),
    Column("date_value", String(10)),
    Column("date_precision", String(16), nullable=False),
    Column("date_text", Text),
    Column("place_text", Text),
    Column("place_name", Text),
    Column("place_country", String(2)),
    Column("place_admin1", Text),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_geonames_id", Integer),
    Column("place_precision", String(16)),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("displaced", Integer),
    Column("kidnapped", Integer),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    Column("cluster", ID),  # consolidated event id (consolidate.py), null until then
    # how the when and where were found (migration 0007): date_basis explicit/context/publication/none,
    # ACLED time_precision 1-3, place_basis sentence/context/dateline/focus, ACLED geo_precision 1-3
    Column("date_basis", String(16)),
    Column("time_precision", Integer),
    Column("place_basis", String(16)),
    Column("geo_precision", Integer),
    Index("ix_events_article", "article_id", "pipeline_version"),
    Index("ix_events_type", "type"),
    Index("ix_events_date", "date_value"),
    Index("ix_events_cluster", "cluster"),  # members of a consolidated event (migration 0009)
)

event_reports = Table(
    "event_reports", metadata,
    Column("id", ID, primary_key=True),
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    *_evidence_columns(),
    Index("ix_event_reports_event", "event_id"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ID, primary_key=True),
    Column("role", String(16), primary_key=True),  # actor or recipient
    Index("ix_event_actors_actor", "actor_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", ID, primary_key=True),  # hash of (source, type, target)
    Column("source_id", ID, nullable=False),
    Column("target_id", ID, nullable=False),
    Column("type", String(32), nullable=False),
    Index("ix_relations_source", "source_id"),
    Index("ix_relations_target", "target_id"),
)

relation_reports = Table(
    "relation_reports", metadata,
    Column("id", ID, primary_key=True),
    Column("relation_id", ID, ForeignKey("relations.id"), nullable=False),
    *_evidence_columns(),
    Column("date", String(10)),
    Index("ix_relation_reports_relation", "relation_id"),
    Index("ix_relation_reports_article", "article_id", "pipeline_version"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", ID, primary_key=True),
    *_evidence_columns(),
    Column("text", Text, nullable=False),
    Column("speaker_id", ID),
    Column("kind", String(16), nullable=False),
    Index("ix_quotes_article", "article_id", "pipeline_version"),
    Index("ix_quotes_speaker", "speaker_id"),
)

framing_labels = Table(
    "framing_labels", metadata,
    Column("id", ID, primary_key=True),
    *_evidence_columns(),
    Column("actor_id", ID, nullable=False),
    Column("label", Text, nullable=False),
    Column("source", Text),
    Index("ix_framing_article", "article_id", "pipeline_version"),
    Index("ix_framing_actor", "actor_id"),
)

processed = Table(
    "processed", metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("pipeline_version", String(32), primary_key=True),
    Column("processed_at", String(32), nullable=False),
    Column("error", Text),
)

# Per-article fact tables, in the order rows must be deleted (children before parents).
ARTICLE_FACT_TABLES = (event_actors, event_reports, events, relation_reports, actor_aliases, mentions,
                       places, dates, quotes, framing_labels)

# -- consolidation (consolidate/, store/read/consolidation.py; migration 0002) ----------------------
# Consolidated events: one row per cluster of two or more event reports (events.cluster points here).
# Rebuilt as a whole by `consolidate` (pipeline_version: the version that built it), so no per-article
# columns.
event_clusters = Table(
    "event_clusters", metadata,
    Column("id", ID, primary_key=True),  # hash of the sorted member event row ids
    Column("pipeline_version", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("date_first", String(10)),  # earliest / latest day-precision date among the reports
    Column("date_last", String(10)),
    Column("place_name", Text),  # the most reported place name
    Column("n_reports", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_outlets", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("lead_event", ID),  # the report (events.id) that represents the cluster (migration 0008)
    Index("ix_event_clusters_pv", "pipeline_version"),
)

# A field on which the reports of one consolidated event disagree, with every outlet's version.
contradictions = Table(
    "contradictions", metadata,
    Column("id", ID, primary_key=True),  # hash of (cluster, field)
    Column("cluster_id", ID, ForeignKey("event_clusters.id", ondelete="CASCADE"), nullable=False),
    Column("pipeline_version", String(32), nullable=False),
    Column("field", String(16), nullable=False),  # killed, injured, displaced, kidnapped, date, place, actor
    Column("versions", Text, nullable=False),  # JSON: [{value, source, article, start, end, event}]
    Column("created_at", String(32), nullable=False),
    Index("ix_contradictions_cluster", "cluster_id"),
)

# -- incremental consolidation (consolidate/incremental.py; migration 0009) -------------------------
# The blocking key of every consolidated event report: its kind (type|negated|hypothetical) and day
# ordinal (NULL: undated). A build compares these rows with the events table to find the blocks that
# gained or lost reports, and re-clusters only around them.
event_blocks = Table(
    "event_blocks", metadata,
    Column("event_id", ID, primary_key=True),  # events.id (no foreign key: a gone event's row says where it was)
    Column("kind", String(24), nullable=False),
    Column("day", Integer),
    Index("ix_event_blocks_kind_day", "kind", "day"),
)

# Pairs of reports whose similarity reached the merge threshold (the edges the clustering merges along);
# a < b. Kept so that a build re-scores only the pairs in changed blocks.
event_links = Table(
    "event_links", metadata,
    Column("a", ID, primary_key=True),
    Column("b", ID, primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("day_a", Integer),
    Column("day_b", Integer),
    Column("score", Float, nullable=False),
    Index("ix_event_links_b", "b"),
    Index("ix_event_links_kind_days", "kind", "day_a", "day_b"),
)

# Articles whose events changed in place (the corpus actor merge rewrote their roles): re-clustered by
# the next consolidation, then cleared.
consolidation_dirty = Table(
    "consolidation_dirty", metadata,
    Column("article_id", ID, primary_key=True),
)

# -- the analyst's workspace (corrections.py, watch; migration 0008) ---------------------------------
# Corrections: an append-only log; each row says what to change (kind, target, value as JSON), who asked,
# when and why. Applied in order after every build and merge (store/corrections.py). ``uid`` is a hash of
# the row's content so that importing the same corrections.jsonl twice adds nothing.
corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("target", Text, nullable=False),
    Column("value", Text),
    Column("who", Text, nullable=False),
    Column("why", Text),
    Column("at", String(32), nullable=False),
    Column("uid", String(64), nullable=False),
    UniqueConstraint("uid", name="uq_corrections_uid"),
    Index("ix_corrections_target", "target"),
)

# Alerts raised by `newsgraph watch`: id = hash of (rule, event evidence), so a restart never repeats one.
alerts = Table(
    "alerts", metadata,
    Column("id", ID, primary_key=True),
    Column("rule", Text, nullable=False),
    Column("event", ID, nullable=False),  # the public id of the event when it was raised
    Column("article_id", ID, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("summary", Text, nullable=False),
    Column("at", String(32), nullable=False),
    # the sinks ("jsonl", "webhook", space-separated) not reached yet; NULL once delivered (migration 0011)
    Column("pending", String(32), nullable=True),
    Index("ix_alerts_at", "at"),
    Index("ix_alerts_pending", "pending"),
)
