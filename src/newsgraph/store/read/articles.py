"""Reading articles: lists and pages, one article by id or prefix, full-text search, texts, and what a
build has left to do.

Why plain dicts: the CLI prints them, the web app renders them and the exporters serialise them, with
no ORM objects bound to a session. Nothing in store/read writes (the writer is store/writer.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, and_, func, literal, select, text

from newsgraph.errors import Errors, UsageError
from newsgraph.records import Article
from newsgraph.store import schema as s
from newsgraph.store.dropped import decode as decode_dropped
from newsgraph.store.dropped import records as dropped_records
from newsgraph.store.read.common import DEFAULT_LIMIT, check_date, chunks, like_prefix, outlet_is, page, until

# Words of context on each side of a match in search snippets (FTS5 counts tokens).
SNIPPET_TOKENS = 12
SEARCH_LIMIT = 50

a_ = s.articles.c
ARTICLE_SUMMARY = (a_.id, s.outlets.c.name.label("source"), a_.title, a_.published, a_.path, a_.part,
                   a_.duplicate_of)


def _joined():
    return s.articles.outerjoin(s.outlets, a_.outlet_id == s.outlets.c.id)


def _summaries(*, source: str | None, since: str | None, until_: str | None):
    q = select(*ARTICLE_SUMMARY).select_from(_joined())
    if source:
        q = q.where(outlet_is(source))
    if since:
        q = q.where(a_.published >= check_date(since))
    if until_:
        q = q.where(a_.published <= until(until_))
    return q.order_by(a_.published.is_(None), a_.published.desc(), a_.id)


def articles(conn: Connection, *, source: str | None = None, since: str | None = None,
             until: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Article summaries, newest first (undated last); ``source`` matches the outlet name
    case-insensitively; ``since`` keeps articles published on or after a YYYY[-MM[-DD]] date, ``until``
    on or before one (the whole month or year included)."""
    q = _summaries(source=source, since=since, until_=until)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [dict(r._mapping) for r in conn.execute(q)]


def articles_page(conn: Connection, *, source: str | None = None, since: str | None = None,
                  until: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict[str, Any]:
    """A page of article summaries, newest first (undated last); ``until`` includes the month or year."""
    return page(conn, _summaries(source=source, since=since, until_=until), limit, offset)


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """Every stored field of one article (with the outlet name as ``source``), or None."""
    q = select(s.articles, s.outlets.c.name.label("source")).select_from(_joined()).where(a_.id == article_id)
    row = conn.execute(q).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out.pop("minhash", None)
    out["dropped"] = decode_dropped(out.get("dropped"))
    return out


def resolve_article_id(conn: Connection, prefix: str) -> str:
    """The one article id starting with ``prefix`` (a full id is its own prefix)."""
    prefix = prefix.strip()
    if not prefix:
        raise UsageError(Errors.E005.format(prefix=prefix))
    ids = list(conn.execute(select(a_.id).where(a_.id.like(like_prefix(prefix), escape="\\"))
                            .order_by(a_.id).limit(6)).scalars())
    if not ids:
        raise UsageError(Errors.E005.format(prefix=prefix))
    if len(ids) > 1 and prefix not in ids:
        raise UsageError(Errors.E006.format(prefix=prefix, count=len(ids) if len(ids) < 6 else "6+",
                                            examples=", ".join(ids[:3])))
    return prefix if prefix in ids else ids[0]


def find_article(conn: Connection, article_id: str) -> dict[str, Any]:
    """One article by full id or unique id prefix (UsageError when none or several match)."""
    found = article(conn, article_id)
    return found if found is not None else article(conn, resolve_article_id(conn, article_id))


def _search_tokens(q: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) for the user's words: every run of word characters is a token that must
    occur; a word ending in '*' makes its last token a prefix. Quotes, '-' and ':' are never syntax."""
    tokens: list[tuple[str, bool]] = []
    for word in q.split():
        found = re.findall(r"\w+", word)
        tokens += [(t, False) for t in found]
        if word.endswith("*") and found:
            tokens[-1] = (tokens[-1][0], True)
    return tokens


def _fts_query(q: str) -> str:
    """User words as an FTS5 query: each word quoted (so '-', ':' or quotes are never syntax), all
    required; a trailing '*' on a word keeps its prefix meaning."""
    return " ".join(f'"{t}"' + ("*" if prefix else "") for t, prefix in _search_tokens(q))


# PostgreSQL matches like the SQLite index: the 'simple' configuration lower-cases words and neither
# stems them nor drops stopwords (FTS5's unicode61 tokenizer does neither either), so a query finds
# the same articles on both backends ("the" included). unicode61 also folds diacritics; 'simple' does
# not (the unaccent extension needs a superuser).
PG_SEARCH_CONFIG = "simple"
# The expression of the GIN index ix_articles_fts_gin (migration 0010), written alike so the planner uses it.
_PG_DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(a.title, '') || ' ' || a.text)"
# ts_headline options giving FTS5 snippet()'s shape: matches in [brackets], about SNIPPET_TOKENS words.
_PG_HEADLINE = (f"StartSel=[, StopSel=], MinWords={SNIPPET_TOKENS // 2}, MaxWords={SNIPPET_TOKENS}, "
                "ShortWord=0, MaxFragments=1, FragmentDelimiter=…")


def _pg_tsquery(q: str) -> str:
    """User words as a to_tsquery() argument: each token a quoted lexeme, all required (&), a
    prefix as :*. Tokens are word characters only, so they never hold a quote."""
    return " & ".join(f"'{t}'" + (":*" if prefix else "") for t, prefix in _search_tokens(q))


def _cut_marks(snippet: str, text_: str) -> str:
    """'…' where a ts_headline fragment cuts the text, as FTS5's snippet() marks its cuts."""
    if not snippet:
        return snippet
    at = text_.find(snippet.replace("[", "").replace("]", ""))
    if at < 0:  # the text has brackets of its own: leave the fragment as it is
        return snippet
    return ("…" if at > 0 else "") + snippet + ("…" if at + len(snippet) - snippet.count("[") * 2 < len(text_) else "")


def text_condition(dialect: str, q: str):
    """The WHERE condition of a search outside SQLite: PostgreSQL full text, else ILIKE per word."""
    doc = func.coalesce(a_.title, "") + literal(" ") + a_.text
    if dialect == "postgresql":
        return func.to_tsvector(text(f"'{PG_SEARCH_CONFIG}'::regconfig"), doc).op("@@")(
            func.to_tsquery(text(f"'{PG_SEARCH_CONFIG}'::regconfig"), _pg_tsquery(q)))
    words = q.split()
    return and_(*(doc.ilike(f"%{w}%") for w in words)) if words else literal(False)


def search(conn: Connection, q: str, *, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    """Articles matching every word of ``q`` in title or text, best first, with a snippet.

    SQLite: FTS5, ranked by bm25. PostgreSQL: to_tsvector/to_tsquery ('simple'), ranked by ts_rank
    (normalisation 1: divided by 1 + log(length), as bm25 favours shorter matches),
    snippets by ts_headline. Equal ranks are ordered by article id on both. Other dialects: ILIKE,
    by id, no snippet.
    """
    dialect = conn.dialect.name
    if dialect == "sqlite":
        match = _fts_query(q)
        if not match:
            return []
        rows = conn.execute(text(
            "SELECT f.article_id AS id, snippet(articles_fts, 2, '[', ']', '…', :n) AS snippet "
            "FROM articles_fts f WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts), f.article_id "
            "LIMIT :limit"),
            {"q": match, "n": SNIPPET_TOKENS, "limit": limit}).all()
        found = {r.id: r.snippet for r in rows}
    elif dialect == "postgresql":
        tsquery = _pg_tsquery(q)
        if not tsquery:
            return []
        # rank every match, then build headlines for the page only (ts_headline re-parses the text)
        # the headline marks any query word (as snippet() does): with all words required, a fragment
        # too short to hold them all would come back unmarked
        rows = conn.execute(text(
            "WITH query AS (SELECT to_tsquery('simple', :q) AS q, to_tsquery('simple', :any) AS any), "
            f"hits AS (SELECT a.id, a.text, ts_rank({_PG_DOCUMENT}, query.q, 1) AS rank FROM articles a, query "
            f"WHERE {_PG_DOCUMENT} @@ query.q ORDER BY rank DESC, a.id LIMIT :limit) "
            "SELECT hits.id, ts_headline('simple', hits.text, query.any, :options) AS snippet "
            "FROM hits, query ORDER BY hits.rank DESC, hits.id"),
            {"q": tsquery, "any": tsquery.replace(" & ", " | "), "limit": limit, "options": _PG_HEADLINE}).all()
        texts = article_texts(conn, [r.id for r in rows])
        found = {r.id: _cut_marks(r.snippet, texts.get(r.id, "")) for r in rows}
    else:
        ids = conn.execute(select(a_.id).where(text_condition(dialect, q))
                           .order_by(a_.id).limit(limit)).scalars()
        found = {i: None for i in ids}
    if not found:
        return []
    meta = {r.id: dict(r._mapping) for r in conn.execute(
        select(*ARTICLE_SUMMARY).select_from(_joined()).where(a_.id.in_(list(found))))}
    return [{**meta[i], "snippet": snip} for i, snip in found.items() if i in meta]


def article_texts(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Clean texts by article id (to cut evidence sentences out of)."""
    out: dict[str, str] = {}
    for chunk in chunks(list(ids)):
        out.update({r.id: r.text for r in conn.execute(select(a_.id, a_.text).where(a_.id.in_(chunk)))})
    return out


def article_refs(conn: Connection) -> dict[str, dict[str, Any]]:
    """Per article id: outlet, url, path and publication date (what exporters cite as the source)."""
    q = (select(a_.id, a_.url, a_.path, a_.published, s.outlets.c.name.label("source"))
         .select_from(_joined()))
    return {r.id: dict(r._mapping) for r in conn.execute(q)}


def article_rows(conn: Connection) -> Iterator[Any]:
    """Every article with its outlet name as ``source``, in id order (the export's input)."""
    yield from conn.execute(select(s.articles, s.outlets.c.name.label("source")).select_from(_joined())
                            .order_by(a_.id))


# -- what a build reads -----------------------------------------------------------------------------------
def unprocessed(conn: Connection, pipeline_version: str, *, limit: int | None = None) -> list[str]:
    """Ids of current articles (not superseded by a re-cleaned version) that this pipeline version
    has not processed yet, in id order: what `build` has left to do."""
    p = s.processed.c
    newer = s.articles.alias("newer")
    done = select(p.article_id).where(p.pipeline_version == pipeline_version)
    superseded = select(newer.c.supersedes).where(newer.c.supersedes.is_not(None))
    q = select(a_.id).where(a_.id.not_in(done), a_.id.not_in(superseded)).order_by(a_.id)
    if limit is not None:
        q = q.limit(limit)
    return list(conn.execute(q).scalars())


def load_articles(conn: Connection, ids: list[str]) -> list[Article]:
    """Article records (as ingest made them) for ``ids``, in the order given; unknown ids are left out."""
    found: dict[str, Article] = {}
    for chunk in chunks(ids):
        q = select(s.articles, s.outlets.c.name.label("source")).select_from(_joined()).where(a_.id.in_(chunk))
        for r in conn.execute(q):
            found[r.id] = Article(
                id=r.id, path=r.path, part=r.part, source=r.source, source_basis=r.source_basis,
                title=r.title, published=r.published, published_basis=r.published_basis, text=r.text,
                raw_sha=r.raw_sha, format=r.format, url=r.url, duplicate_of=r.duplicate_of,
                cleaning_version=r.cleaning_version, index=r.index, dropped=dropped_records(r.dropped))
    return [found[i] for i in ids if i in found]


def stored_article_ids(conn: Connection, raw_sha: str, cleaning_version: str) -> list[str]:
    """Ids of the articles this cleaning version already stored from the raw unit ``raw_sha``."""
    return list(conn.execute(select(a_.id).where(a_.raw_sha == raw_sha, a_.cleaning_version == cleaning_version)
                             .order_by(a_.part, a_.id)).scalars())
