"""Read-only queries over the store; every function takes a Connection and returns plain dicts.

Why plain dicts: the CLI prints them, the web app renders them and the exporters serialise them, with
no ORM objects bound to a session. Nothing here writes (the writer is writer.py).
"""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, and_, func, literal, select, text

from newsgraph.errors import Errors, UsageError
from newsgraph.records import Actor, Article
from newsgraph.store import schema as s

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Characters of context on each side of a match in search snippets (FTS5 counts tokens: 12 words).
SNIPPET_TOKENS = 12
SEARCH_LIMIT = 50

ARTICLE_SUMMARY = (s.articles.c.id, s.outlets.c.name.label("source"), s.articles.c.title,
                   s.articles.c.published, s.articles.c.path, s.articles.c.part,
                   s.articles.c.duplicate_of)


def _joined():
    return s.articles.outerjoin(s.outlets, s.articles.c.outlet_id == s.outlets.c.id)


def check_date(value: str) -> str:
    if not DATE_RE.match(value):
        raise UsageError(Errors.E012.format(value=value))
    return value


def articles(conn: Connection, *, source: str | None = None, since: str | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
    """Article summaries, newest first (undated last); ``source`` matches the outlet name
    case-insensitively; ``since`` keeps articles published on or after a YYYY[-MM[-DD]] date."""
    q = select(*ARTICLE_SUMMARY).select_from(_joined())
    if source:
        q = q.where(func.lower(s.outlets.c.name) == source.strip().lower())
    if since:
        q = q.where(s.articles.c.published >= check_date(since))
    q = q.order_by(s.articles.c.published.is_(None), s.articles.c.published.desc(), s.articles.c.id)
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """Every stored field of one article (with the outlet name as ``source``), or None."""
    q = (select(s.articles, s.outlets.c.name.label("source")).select_from(_joined())
         .where(s.articles.c.id == article_id))
    row = conn.execute(q).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out.pop("minhash", None)
    return out


def resolve_article_id(conn: Connection, prefix: str) -> str:
    """The one article id starting with ``prefix`` (a full id is its own prefix)."""
    prefix = prefix.strip()
    if not prefix:
        raise UsageError(Errors.E005.format(prefix=prefix))
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    ids = list(conn.execute(select(s.articles.c.id).where(s.articles.c.id.like(escaped + "%", escape="\\"))
                            .order_by(s.articles.c.id).limit(6)).scalars())
    if not ids:
        raise UsageError(Errors.E005.format(prefix=prefix))
    if len(ids) > 1 and prefix not in ids:
        raise UsageError(Errors.E006.format(prefix=prefix, count=len(ids) if len(ids) < 6 else "6+",
                                            examples=", ".join(ids[:3])))
    return prefix if prefix in ids else ids[0]


def outlets(conn: Connection) -> list[dict[str, Any]]:
    """Outlets with their article counts, most articles first."""
    n = func.count(s.articles.c.id)
    q = (select(s.outlets.c.id, s.outlets.c.name, n.label("articles"))
         .select_from(s.outlets.outerjoin(s.articles, s.articles.c.outlet_id == s.outlets.c.id))
         .group_by(s.outlets.c.id, s.outlets.c.name).order_by(n.desc(), s.outlets.c.name))
    return [dict(r._mapping) for r in conn.execute(q)]


def stats(conn: Connection) -> dict[str, Any]:
    """Counts for a summary: articles, outlets, date range, per-outlet counts, fact counts."""
    a = s.articles.c
    n_articles = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
    first, last = conn.execute(select(func.min(a.published), func.max(a.published))).one()
    per_outlet = outlets(conn)
    unknown = conn.execute(select(func.count()).where(a.outlet_id.is_(None))).scalar_one()
    facts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
             for t in (s.actors, s.mentions, s.places, s.dates, s.events, s.relations, s.quotes,
                       s.framing_labels)}
    return {
        "articles": n_articles,
        "documents": conn.execute(select(func.count()).select_from(s.documents)).scalar_one(),
        "near_duplicates": conn.execute(select(func.count()).where(a.duplicate_of.is_not(None))).scalar_one(),
        "undated": conn.execute(select(func.count()).where(a.published.is_(None))).scalar_one(),
        "outlets": len(per_outlet),
        "first_published": first,
        "last_published": last,
        "per_outlet": per_outlet + ([{"id": None, "name": None, "articles": unknown}] if unknown else []),
        "facts": facts,
        "processed": conn.execute(select(func.count()).select_from(s.processed)).scalar_one(),
        "ingest_errors": conn.execute(select(func.count()).select_from(s.ingest_errors)).scalar_one(),
    }


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
_PG_DOCUMENT = "to_tsvector('simple', coalesce(a.title, '') || ' ' || a.text)"
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
    doc = func.coalesce(s.articles.c.title, "") + literal(" ") + s.articles.c.text
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
        ids = conn.execute(select(s.articles.c.id).where(text_condition(dialect, q))
                           .order_by(s.articles.c.id).limit(limit)).scalars()
        found = {i: None for i in ids}
    if not found:
        return []
    meta = {r.id: dict(r._mapping) for r in conn.execute(
        select(*ARTICLE_SUMMARY).select_from(_joined()).where(s.articles.c.id.in_(list(found))))}
    return [{**meta[i], "snippet": snip} for i, snip in found.items() if i in meta]


def actors(conn: Connection, *, limit: int | None = None, type: str | None = None,
           country: str | None = None) -> list[dict[str, Any]]:
    """Actors with their total mention counts and article counts, most mentioned first; optionally only
    one actor type and/or one country (ISO2, any case)."""
    n = func.count(s.mentions.c.id)
    q = (select(s.actors.c.id, s.actors.c.name, s.actors.c.type, s.actors.c.country, s.actors.c.kb_id,
                n.label("mentions"), func.count(s.mentions.c.article_id.distinct()).label("articles"))
         .select_from(s.actors.outerjoin(s.mentions, s.mentions.c.actor_id == s.actors.c.id))
         .group_by(s.actors.c.id).order_by(n.desc(), s.actors.c.name))
    if type:
        q = q.where(s.actors.c.type == type.strip().lower())
    if country:
        q = q.where(s.actors.c.country == country.strip().upper())
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def actor_records(conn: Connection) -> list[Actor]:
    """Every actor with its alias counts summed over articles and pipeline versions."""
    al = s.actor_aliases.c
    aliases: dict[str, dict[str, int]] = {}
    for actor_id, alias, count in conn.execute(
            select(al.actor_id, al.alias, func.sum(al.count)).group_by(al.actor_id, al.alias)):
        aliases.setdefault(actor_id, {})[alias] = int(count)
    a = s.actors.c
    return [Actor(id=r.id, name=r.name, type=r.type, country=r.country, kb_id=r.kb_id,
                  aliases=aliases.get(r.id, {}))
            for r in conn.execute(select(a.id, a.name, a.type, a.country, a.kb_id).order_by(a.id))]


def find_actors(conn: Connection, name: str) -> list[dict[str, Any]]:
    """Actors that ``name`` denotes: an exact id, else a case-insensitive name or alias match, else names
    and aliases that contain it. Most mentioned first."""
    a, al = s.actors.c, s.actor_aliases.c
    wanted = name.strip().lower()
    steps = (a.id == name.strip(),
             func.lower(a.name) == wanted,
             a.id.in_(select(al.actor_id).where(func.lower(al.alias) == wanted)),
             func.lower(a.name).contains(wanted, autoescape=True)
             | a.id.in_(select(al.actor_id).where(func.lower(al.alias).contains(wanted, autoescape=True))))
    for cond in steps:
        ids = [r.id for r in conn.execute(select(a.id).where(cond))]
        if ids:
            return [r for r in actors(conn) if r["id"] in set(ids)]
    return []


def actor_mentions(conn: Connection, actor_id: str, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The mentions of one actor with their article's title, outlet and date (text order per article)."""
    m = s.mentions.c
    q = (select(m.article_id, m.start, m.end, m.text, m.label, m.confidence, m.pipeline_version,
                s.articles.c.title, s.articles.c.published, s.outlets.c.name.label("source"))
         .select_from(s.mentions.join(s.articles, s.articles.c.id == m.article_id)
                      .outerjoin(s.outlets, s.articles.c.outlet_id == s.outlets.c.id))
         .where(m.actor_id == actor_id)
         .order_by(s.articles.c.published.asc().nulls_first(), m.article_id, m.start, m.end))
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def article_texts(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Clean texts by article id (to cut evidence sentences out of)."""
    out: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        out.update({r.id: r.text for r in conn.execute(
            select(s.articles.c.id, s.articles.c.text).where(s.articles.c.id.in_(ids[i:i + 500])))})
    return out


def place_summary(conn: Connection, *, country: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    """Resolved places with how often and in how many articles they are mentioned, most first;
    unresolved mentions are grouped under their surface text with name None."""
    p = s.places.c
    n = func.count(p.id)
    q = (select(p.name, p.country, p.admin1, p.geonames_id, p.lat, p.lon, p.precision,
                func.min(p.text).label("example"), n.label("mentions"),
                func.count(p.article_id.distinct()).label("articles"))
         .group_by(p.name, p.country, p.admin1, p.geonames_id, p.lat, p.lon, p.precision)
         .order_by(n.desc(), p.name))
    if country:
        q = q.where(p.country == country.strip().upper())
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def actor_aliases(conn: Connection, actor_id: str) -> dict[str, int]:
    """Surface form -> count over all articles (summed per article rows)."""
    al = s.actor_aliases.c
    q = (select(al.alias, func.sum(al.count)).where(al.actor_id == actor_id).group_by(al.alias)
         .order_by(func.sum(al.count).desc(), al.alias))
    return {alias: int(count) for alias, count in conn.execute(q)}


def _per_article(conn: Connection, table, article_id: str | None, limit: int | None,
                 pipeline_version: str | None) -> list[dict[str, Any]]:
    q = select(table)
    if article_id:
        q = q.where(table.c.article_id == article_id)
    if pipeline_version:
        q = q.where(table.c.pipeline_version == pipeline_version)
    q = q.order_by(table.c.article_id, table.c.start, table.c.end)
    if limit is not None:
        q = q.limit(limit)
    return [dict(r._mapping) for r in conn.execute(q)]


def places(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
           pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Place mentions in text order, optionally of one article."""
    return _per_article(conn, s.places, article_id, limit, pipeline_version)


def dates(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
          pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Date mentions in text order, optionally of one article."""
    return _per_article(conn, s.dates, article_id, limit, pipeline_version)


def mentions(conn: Connection, *, article_id: str | None = None, limit: int | None = None,
             pipeline_version: str | None = None) -> list[dict[str, Any]]:
    """Actor mentions in text order, optionally of one article."""
    return _per_article(conn, s.mentions, article_id, limit, pipeline_version)


def unprocessed(conn: Connection, pipeline_version: str, *, limit: int | None = None) -> list[str]:
    """Ids of current articles (not superseded by a re-cleaned version) that this pipeline version
    has not processed yet, in id order: what `build` has left to do."""
    a, p = s.articles.c, s.processed.c
    newer = s.articles.alias("newer")
    done = select(p.article_id).where(p.pipeline_version == pipeline_version)
    superseded = select(newer.c.supersedes).where(newer.c.supersedes.is_not(None))
    q = select(a.id).where(a.id.not_in(done), a.id.not_in(superseded)).order_by(a.id)
    if limit is not None:
        q = q.limit(limit)
    return list(conn.execute(q).scalars())


def load_articles(conn: Connection, ids: list[str]) -> list[Article]:
    """Article records (as ingest made them) for ``ids``, in the order given; unknown ids are left out."""
    found: dict[str, Article] = {}
    for i in range(0, len(ids), 500):
        q = (select(s.articles, s.outlets.c.name.label("source")).select_from(_joined())
             .where(s.articles.c.id.in_(ids[i:i + 500])))
        for r in conn.execute(q):
            found[r.id] = Article(
                id=r.id, path=r.path, part=r.part, source=r.source, source_basis=r.source_basis,
                title=r.title, published=r.published, published_basis=r.published_basis, text=r.text,
                raw_sha=r.raw_sha, format=r.format, url=r.url, duplicate_of=r.duplicate_of,
                cleaning_version=r.cleaning_version, index=r.index)
    return [found[i] for i in ids if i in found]


def stored_article_count(conn: Connection, raw_sha: str, cleaning_version: str) -> int:
    """How many articles of the raw unit ``raw_sha`` this cleaning version already stored (0: none)."""
    a = s.articles.c
    return conn.execute(select(func.count()).where(a.raw_sha == raw_sha,
                                                   a.cleaning_version == cleaning_version)).scalar_one()
