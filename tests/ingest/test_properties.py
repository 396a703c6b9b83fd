"""Property tests of every reader (hypothesis): whatever the bytes, no exception escapes reading or
cleaning, every field of every unit and article is storable, and each example's articles are written
to a SQLite and a PostgreSQL store, which must refuse none.

Inputs mix our own story paragraphs (so that articles come out) with what broke the readers before:
NUL, lone surrogates, control characters and references to them, markup fragments, odd line ends.
`make test` runs 60 examples per reader (reproducible); `make fuzz` thousands (random).
"""
from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.ingest import articles_from_raw, read_inputs
from newsgraph.records import IngestError, RawDocument
from newsgraph.storable import is_storable
from newsgraph.store import open_store

from ingest_samples import HEADLINE, OTHER_PARAGRAPHS, PARAGRAPHS

pytestmark = pytest.mark.property

HOSTILE = ["\x00", "\ud800", "\udfff", "\udc80", "\x01", "\x07", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028",
           "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "&#0;", "&#x1;", "&#xD800;", "&#55296;", "&#1114112;",
           "&#x0B;", "&amp;", "<", ">", "&", "<html>", "</html>", "<body>", "<head>", "<![CDATA[", "]]>",
           "<!--", "-->", "<?xml?>", "<p>", "</p>", "<br>", "<script>", "\r", "\r\n", "\n\n", " ", "\t", '"', "'",
           "\\", "{", "}", "WARC/1.0", "http://127.0.0.1:9/x", "/dev/zero"]
piece = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8),
                  st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=4))
noise = st.lists(piece, max_size=12).map("".join)
paragraph = st.sampled_from([HEADLINE, *PARAGRAPHS, *OTHER_PARAGRAPHS])


@st.composite
def story(draw) -> tuple[str, list[str]]:
    """A headline and paragraphs, each with hostile noise spliced in at a random place."""
    def spliced(text: str) -> str:
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(noise) + text[at:]

    paras = draw(st.lists(paragraph, min_size=0, max_size=5))
    return spliced(HEADLINE), [spliced(p) for p in paras]


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates as the invalid bytes a file may hold


# -- what every example checks ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stores(request, tmp_path_factory):
    """A SQLite and a PostgreSQL store for the module (PostgreSQL left out only where no server can
    be started, and never when NEWSGRAPH_REQUIRE_POSTGRES is set: then the fixture fails)."""
    opened = [open_store(f"sqlite:///{tmp_path_factory.mktemp('prop') / 's.db'}", dedup=None)]
    try:
        opened.append(open_store(request.getfixturevalue("postgres_module_db"), dedup=None))
    except pytest.skip.Exception:
        pass
    yield opened
    for store in opened:
        store.close()


def _check(data: bytes, name: str, stores) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)]))  # never raises
    articles, documents = [], []
    for item in items:
        assert isinstance(item, (RawDocument, IngestError))
        if isinstance(item, IngestError):
            assert is_storable(item.reason) and is_storable(item.path)
            continue
        assert is_storable(item.text) and all(is_storable(str(v)) for v in item.meta.values())
        result = articles_from_raw(item)  # never raises: an IngestError or articles
        if isinstance(result, IngestError):
            assert is_storable(result.reason)
            continue
        for art in result:
            for value in (art.text, art.title, art.source, art.url, art.path, art.published):
                assert value is None or is_storable(value)
            assert art.published is None or len(art.published) in (4, 7, 10)
        articles += result
        documents.append(item)
    for store in stores:
        assert store.write_articles(articles, [], documents).failed == []


# -- one property per reader -------------------------------------------------------------------------
@given(story(), st.sampled_from(["\n\n", "\n", "\r\n", "\r"]), st.binary(max_size=16))
def test_txt_reader(stores, parts, newline, junk):
    head, paras = parts
    _check(encode(newline.join([head, *paras])) + (junk if len(junk) % 3 == 0 else b""), "a.txt", stores)


@given(story(), st.sampled_from(["<article>{}</article>", "<div class='x'>{}</div>", "{}", "<html>{}",
                                 "<body><body>{}", "<table><tr><td>{}</td></tr></table>", "<p>{}"]),
       st.booleans())
def test_html_reader(stores, parts, wrapper, meta):
    head, paras = parts
    body = "".join(f"<p>{p}</p>" for p in paras)
    head_html = f"<head><title>{head}</title><meta property='og:site_name' content='{head[:20]}'></head>" if meta else ""
    _check(encode(f"<!DOCTYPE html><html>{head_html}<body><h1>{head}</h1>{wrapper.format(body)}</body></html>"),
           "a.html", stores)


@given(st.lists(st.tuples(story(), st.dictionaries(st.sampled_from(["title", "source", "url", "published",
                                                                    "author"]), noise, max_size=3),
                          st.booleans()), min_size=1, max_size=4),
       st.lists(noise, max_size=2))
def test_jsonl_reader(stores, records, raw_lines):
    lines = []
    for (head, paras), meta, ascii_only in records:
        line = json.dumps({"text": "\n\n".join([head, *paras]), **meta}, ensure_ascii=ascii_only)
        lines.append(encode(line))
    lines += [encode(r) for r in raw_lines]
    _check(b"\n".join(lines), "a.jsonl", stores)


@given(st.lists(st.tuples(story(), st.booleans(), noise), min_size=1, max_size=3), noise, st.booleans())
def test_feed_reader(stores, entries, channel, atom):
    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    items = []
    for (head, paras), escaped, date in entries:
        html = "".join(f"<p>{p}</p>" for p in paras)
        content = esc(html) if escaped else f"<![CDATA[{html}]]>"
        if atom:
            items.append(f"<entry><title>{esc(head)}</title><updated>{esc(date)}</updated>"
                         f"<content type='html'>{content}</content></entry>")
        else:
            items.append(f"<item><title>{esc(head)}</title><pubDate>{esc(date)}</pubDate>"
                         f"<description>{content}</description></item>")
    if atom:
        doc = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{esc(channel)}</title>{''.join(items)}</feed>"
    else:
        doc = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{esc(channel)}</title>{''.join(items)}</channel></rss>"
    _check(encode(doc), "a.atom" if atom else "a.rss", stores)


@given(st.lists(st.tuples(story(), noise, st.sampled_from(["text/html", "text/plain", "text/html; charset=utf-8",
                                                           "image/png"]), st.booleans()),
                min_size=1, max_size=3), st.booleans())
def test_warc_reader(stores, records, compress):
    out = []
    for (head, paras), url_noise, ctype, wrong_length in records:
        payload = encode("<html><body>" + f"<h1>{head}</h1>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>")
        http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + payload
        length = len(http) + (7 if wrong_length else 0)
        record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.invalid/" + encode(url_noise)
                  + b"\r\nContent-Length: %d\r\n\r\n" % length + http + b"\r\n\r\n")
        out.append(gzip.compress(record) if compress else record)
    _check(b"".join(out), "a.warc.gz" if compress else "a.warc", stores)


def test_the_stories_of_the_strategies_come_out_as_articles(stores):
    """The properties above test storage only if their inputs give articles: a clean story does."""
    from ingest_samples import story_text

    for store in stores:
        before = store.stats()["articles"]
        unique = story_text().replace("Geneva", f"Geneva (checked in {store.engine.dialect.name})")
        _check(encode(unique), "s.txt", [store])
        assert store.stats()["articles"] == before + 1


def test_fuzz_mode_is_visible():
    """Which profile ran (printed with -s): make fuzz sets NEWSGRAPH_FUZZ."""
    from hypothesis import settings

    assert settings().max_examples == (int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "3000"))
                                       if os.environ.get("NEWSGRAPH_FUZZ") else 60)
