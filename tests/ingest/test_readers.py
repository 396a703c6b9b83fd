"""Every input format, written here in tmp_path, and every kind of bad input: reported, never raised."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from newsgraph.ingest import articles_from_raw, read_inputs
from newsgraph.records import Article, IngestError, RawDocument

from ingest_samples import HEADLINE, OTHER_PARAGRAPHS, PARAGRAPHS, story_text


@pytest.fixture()
def story() -> str:
    return story_text()


def _read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items):
    return [i for i in items if isinstance(i, IngestError)]


def test_txt_file(tmp_path, story):
    path = tmp_path / "a.txt"
    path.write_text(story, encoding="utf-8")
    [doc] = _read(path)
    assert doc.format == "txt" and doc.path == str(path)
    [article] = articles_from_raw(doc)
    assert isinstance(article, Article)
    assert article.title == HEADLINE
    assert article.text == "\n\n".join([HEADLINE, *PARAGRAPHS])
    assert article.published is None and article.published_basis == "none"
    assert article.source is None and article.source_basis == "none"


def test_raw_sha_is_sha256_of_bytes(tmp_path, story):
    import hashlib

    path = tmp_path / "a.txt"
    path.write_bytes(story.encode("utf-8"))
    [doc] = _read(path)
    assert doc.raw_sha == hashlib.sha256(story.encode("utf-8")).hexdigest()


HTML_PAGE = """<!DOCTYPE html><html><head><title>{title} | Example Herald</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example Herald">
<meta property="article:published_time" content="2021-03-04T09:30:00+00:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>{paras}</article>
<footer>Copyright Example Herald. All rights reserved.</footer></body></html>"""


def _html(title=HEADLINE, paragraphs=PARAGRAPHS):
    return HTML_PAGE.format(title=title, paras="".join(f"<p>{p}</p>" for p in paragraphs))


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_html(), encoding="utf-8")
    [doc] = _read(path)
    assert doc.format == "html"
    [article] = articles_from_raw(doc)
    assert article.title == HEADLINE
    assert article.published == "2021-03-04" and article.published_basis == "html-meta"
    assert article.source == "Example Herald" and article.source_basis == "html-meta"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    assert article.text.count(HEADLINE) == 1


def test_html_without_date_markup_has_no_date(tmp_path):
    page = _html().replace('<meta property="article:published_time" content="2021-03-04T09:30:00+00:00">', "")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    [article] = articles_from_raw(_docs(_read(path))[0])
    assert article.published is None and article.published_basis == "none"


def test_truncated_html_reported_or_read(tmp_path):
    page = _html()
    path = tmp_path / "cut.html"
    path.write_text(page[: len(page) // 2], encoding="utf-8")
    items = _read(path)
    assert len(items) == 1
    result = articles_from_raw(items[0]) if isinstance(items[0], RawDocument) else items[0]
    if isinstance(result, list):  # the part before the cut is a usable story
        assert PARAGRAPHS[0] in result[0].text
    else:
        assert isinstance(result, IngestError)


def test_html_with_no_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><div></div></body></html>", encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(articles_from_raw(doc), IngestError)


def test_jsonl_with_bad_lines(tmp_path):
    good = {"text": story_text(), "title": HEADLINE, "url": "https://www.arabnews.com/node/1",
            "published": "2020-02-22T10:00:00Z"}
    other = {"text": story_text("Wheat harvest starts early", OTHER_PARAGRAPHS), "source": "Farm Weekly"}
    lines = [json.dumps(good), "{not json", json.dumps(other), json.dumps({"text": "x", "lang": "en"}),
             json.dumps(["a list"]), json.dumps({"title": "no text"}), ""]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    docs, errors = _docs(items), _errors(items)
    assert [d.index for d in docs] == [0, 2]
    assert sorted(e.index for e in errors) == [1, 3, 4, 5]
    assert "unknown keys ['lang']" in next(e.reason for e in errors if e.index == 3)
    first, second = (articles_from_raw(d)[0] for d in docs)
    assert first.published == "2020-02-22" and first.published_basis == "input-metadata"
    assert first.url == "https://www.arabnews.com/node/1"
    assert first.source == "Arab News" and first.source_basis == "url"
    assert first.text.count(HEADLINE) == 1
    assert second.source == "Farm Weekly" and second.source_basis == "input-metadata"
    assert second.published is None


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example.org/</link>
<description>news</description>
<item><title>{t1}</title><link>https://wire.example.org/a</link>
<pubDate>Tue, 02 Mar 2021 08:00:00 GMT</pubDate><description><![CDATA[{b1}]]></description></item>
<item><title>Wheat harvest starts early</title><link>https://wire.example.org/b</link>
<description><![CDATA[{b2}]]></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom Desk</title><id>urn:x</id>
<updated>2021-03-05T00:00:00Z</updated>
<entry><title>{t1}</title><id>urn:x:1</id><link href="https://atom.example.net/1"/>
<published>2021-03-05T07:00:00Z</published><updated>2021-03-05T07:00:00Z</updated>
<content type="html"><![CDATA[{b1}]]></content></entry></feed>"""


def _paras_html(paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_rss_feed(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS.format(t1=HEADLINE, b1=_paras_html(PARAGRAPHS), b2=_paras_html(OTHER_PARAGRAPHS)),
                    encoding="utf-8")
    docs = _docs(_read(path))
    assert [d.index for d in docs] == [0, 1] and {d.format for d in docs} == {"rss"}
    a, b = (articles_from_raw(d)[0] for d in docs)
    assert a.title == HEADLINE and a.url == "https://wire.example.org/a"
    assert a.published == "2021-03-02" and a.published_basis == "input-metadata"
    assert a.source == "Example Wire" and a.source_basis == "input-metadata"
    assert a.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    assert b.published is None and b.text.split("\n\n")[1:] == OTHER_PARAGRAPHS
    assert docs[0].raw_sha != docs[1].raw_sha


def test_atom_feed(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(ATOM.format(t1=HEADLINE, b1=_paras_html(PARAGRAPHS)), encoding="utf-8")
    [doc] = _docs(_read(path))
    [article] = articles_from_raw(doc)
    assert article.published == "2021-03-05" and article.url == "https://atom.example.net/1"
    assert article.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]


def test_feed_that_is_not_xml(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("this is { not xml at all", encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, IngestError) and "feed" in error.reason


def _warc_bytes(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, body, ctype in (
        ("https://www.trtworld.com/article/1", _html().encode("utf-8"), "text/html; charset=utf-8"),
        ("https://cdn.example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("https://news.example.com/plain", story_text().encode("utf-8"), "text/plain"),
    ):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


@pytest.mark.parametrize("gz", [False, True])
def test_warc(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc_bytes(gz))
    items = _read(path)
    assert not _errors(items)
    html_doc, txt_doc = _docs(items)
    assert html_doc.format == "html" and txt_doc.format == "txt"
    assert html_doc.meta["url"] == "https://www.trtworld.com/article/1"
    [article] = articles_from_raw(html_doc)
    # The WARC-Date (crawl date, today) is never the publication date; the page markup states it.
    assert article.published == "2021-03-04" and article.published_basis == "html-meta"
    [plain] = articles_from_raw(txt_doc)
    assert plain.published is None and plain.source == "news.example.com" and plain.source_basis == "url"


def test_corrupt_warc(tmp_path):
    data = _warc_bytes(True)
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data[: len(data) // 2] + b"garbage" * 10)
    items = _read(path)
    assert _errors(items) and "corrupt" in _errors(items)[-1].reason
    not_warc = tmp_path / "fake.warc"
    not_warc.write_text("hello, this is not a web archive\n" * 3)
    assert isinstance(_read(not_warc)[-1], IngestError)


def test_gzip_of_any_format(tmp_path, story):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(story.encode("utf-8")))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(_html().encode("utf-8")))
    items = _read(tmp_path / "a.txt.gz", tmp_path / "b.html.gz")
    assert [d.format for d in _docs(items)] == ["txt", "html"]


def test_corrupt_gzip(tmp_path, story):
    data = gzip.compress(story.encode("utf-8"))
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(data[:20])
    [error] = _read(path)
    assert isinstance(error, IngestError) and "gzip" in error.reason


def test_stdin_sniffs_format(story):
    [doc] = _read("-", stdin=io.BytesIO(story.encode("utf-8")))
    assert doc.path == "<stdin>" and doc.format == "txt"
    [doc] = _read("-", stdin=io.BytesIO(_html().encode("utf-8")))
    assert doc.format == "html"
    [doc] = _read("-", stdin=io.BytesIO(gzip.compress(json.dumps({"text": story}).encode())))
    assert doc.format == "jsonl"


def test_directory_recursive_sorted_skips_hidden(tmp_path, story):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(story)
    (tmp_path / "1.txt").write_text(story)
    (tmp_path / ".hidden.txt").write_text(story)
    (tmp_path / ".git" / "x.txt").write_text(story)
    (tmp_path / "noext").write_text(story)
    docs = _docs(_read(tmp_path))
    assert [d.path for d in docs] == [str(tmp_path / n) for n in ("1.txt", "noext", "b/2.txt")]


def test_missing_path_and_continue(tmp_path, story):
    good = tmp_path / "good.txt"
    good.write_text(story)
    items = _read(tmp_path / "nope.txt", good)
    assert isinstance(items[0], IngestError) and "no such file" in items[0].reason
    assert isinstance(items[1], RawDocument)


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    items = _read(tmp_path / "empty.txt", tmp_path / "blank.txt")
    assert all(isinstance(i, IngestError) for i in items) and len(items) == 2


def test_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    [error] = _read(path)
    assert isinstance(error, IngestError) and "binary" in error.reason


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("Caf\u00e9 ".encode("latin-1") * 5 + b"\x81\x8d\x8f\x90\x9d" * 3)
    [error] = _read(path)
    assert isinstance(error, IngestError) and "undecodable" in error.reason


def test_broken_utf8_is_not_read_as_cp1252(tmp_path, story):
    data = story.replace("officials said", "officials said \u201cit is a start\u201d").encode("utf-8")
    path = tmp_path / "broken.txt"
    path.write_bytes(data + b"\xff trailing")
    [error] = _read(path)
    assert isinstance(error, IngestError) and "invalid UTF-8" in error.reason


def test_cp1252_fallback(tmp_path, story):
    text = story.replace("officials said", "officials said \u201cit is a start\u201d")
    path = tmp_path / "win.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc] = _read(path)
    assert "\u201cit is a start\u201d" in doc.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom(tmp_path, story, encoding):
    path = tmp_path / "u.txt"
    path.write_bytes(story.encode(encoding))
    [doc] = _read(path)
    assert doc.text.lstrip("\ufeff") == story
    [article] = articles_from_raw(doc)
    assert article.title == HEADLINE


@pytest.mark.slow
def test_fifty_megabyte_text(tmp_path):
    """A 50 MB dump of many dated stories is read, decoded and split linearly (about 20 s on one core)."""
    stories = [
        f"Report number {n} on talks in Geneva\nUpdated 1 March 2021\n" + story_text(paragraphs=PARAGRAPHS)
        for n in range(1000)
    ]
    block = "".join(stories)
    copies = 50 * 1024 * 1024 // len(block) + 1
    data = (block * copies).encode("utf-8")
    assert len(data) >= 50 * 1024 * 1024
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    [doc] = _read(path)
    result = articles_from_raw(doc)
    assert isinstance(result, list) and len(result) == 1000 * copies
    assert {a.published for a in result} == {"2021-03-01"}
    assert len({a.id for a in result}) == 1000  # each copy of the block repeats the same 1000 texts


def test_large_single_story_file_is_reported_quickly(tmp_path):
    """Reading a 4 MB file without headlines works; the one story is over the size cap and reported."""
    data = ("\n\n".join(PARAGRAPHS) + "\n\n").encode("utf-8") * 4_000
    path = tmp_path / "dump.txt"
    path.write_bytes(data)
    [doc] = _read(path)
    result = articles_from_raw(doc)
    assert isinstance(result, IngestError) and "limit" in result.reason


def test_oversized_story_reported(tmp_path):
    from newsgraph.ingest import MAX_ARTICLE_CHARS

    paragraph = PARAGRAPHS[0] + "\n\n"
    data = HEADLINE + "\n\n" + paragraph * (2 * MAX_ARTICLE_CHARS // len(paragraph))
    path = tmp_path / "huge.txt"
    path.write_text(data)
    [doc] = _read(path)
    result = articles_from_raw(doc)
    assert isinstance(result, IngestError) and "limit" in result.reason
