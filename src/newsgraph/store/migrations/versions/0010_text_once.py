"""text stored once: FTS5 external content over the articles, raw documents compressed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Written by hand. SQLite: `articles_fts` becomes an FTS5 table with external content (its index only, no
copy of the text): it reads title and text through the view `articles_fts_source`, keyed by
`articles_fts_rows.n`, an INTEGER PRIMARY KEY of its own (the implicit rowid of `articles` may be
renumbered by VACUUM; an INTEGER PRIMARY KEY never is). Both backends: `documents.raw_text` becomes
`documents.raw_zlib`, the UTF-8 bytes zlib-compressed (store/writer.py `compress_raw`); the space
the dropped copies held is reused by later writes (`VACUUM` returns it to the file system).
PostgreSQL: a GIN index `ix_articles_fts_gin` on the search's tsvector expression.
"""
import zlib
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

FTS_OPTIONS = "tokenize='unicode61 remove_diacritics 2'"
# the search index's content: one row per article, the title as the writer indexes it ('' when none)
SOURCE_VIEW = ("CREATE VIEW articles_fts_source AS SELECT r.n AS n, r.article_id AS article_id, "
               "coalesce(a.title, '') AS title, a.text AS text "
               "FROM articles_fts_rows r JOIN articles a ON a.id = r.article_id")

# PostgreSQL: a GIN index on the very expression the search reads (store/read/articles.py _PG_DOCUMENT),
# so a search is an index lookup instead of parsing every article's text.
PG_SEARCH_INDEX = ("CREATE INDEX ix_articles_fts_gin ON articles USING gin "
                   "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text))")


def _convert(column_from: str, column_to: str, fn) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT raw_sha, {column_from} FROM documents WHERE {column_from} IS NOT NULL")).all()
    if rows:
        bind.execute(sa.text(f"UPDATE documents SET {column_to} = :v WHERE raw_sha = :k"),
                     [{"k": sha, "v": fn(value)} for sha, value in rows])


def upgrade() -> None:
    op.add_column('documents', sa.Column('raw_zlib', sa.LargeBinary(), nullable=True))
    _convert('raw_text', 'raw_zlib', lambda v: zlib.compress(v.encode('utf-8', 'surrogatepass'), 6))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE documents DROP COLUMN raw_text")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("CREATE TABLE articles_fts_rows (n INTEGER PRIMARY KEY, "
                   "article_id VARCHAR(64) NOT NULL UNIQUE REFERENCES articles (id))")
        op.execute("INSERT INTO articles_fts_rows (article_id) SELECT id FROM articles ORDER BY rowid")
        op.execute(SOURCE_VIEW)
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text, "
                   f"content='articles_fts_source', content_rowid='n', {FTS_OPTIONS})")
        op.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    else:
        op.drop_column('documents', 'raw_text')
        op.execute(PG_SEARCH_INDEX)


def downgrade() -> None:
    op.add_column('documents', sa.Column('raw_text', sa.Text(), nullable=True))
    _convert('raw_zlib', 'raw_text', lambda v: zlib.decompress(v).decode('utf-8', 'surrogatepass'))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE documents DROP COLUMN raw_zlib")
        op.execute("DROP TABLE IF EXISTS articles_fts")
        op.execute("DROP VIEW IF EXISTS articles_fts_source")
        op.execute("DROP TABLE IF EXISTS articles_fts_rows")
        op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text, {FTS_OPTIONS})")
        op.execute("INSERT INTO articles_fts (article_id, title, text) "
                   "SELECT id, coalesce(title, ''), text FROM articles ORDER BY rowid")
    else:
        op.drop_column('documents', 'raw_zlib')
        op.execute("DROP INDEX IF EXISTS ix_articles_fts_gin")
