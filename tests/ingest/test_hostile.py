"""Hostile inputs: unstorable characters, degenerate markup, special files, symlinks, size limits.

Each bad item costs only itself: it is reported (file, item, reason) and the rest is stored. Files are
written here (tmp_path); the memory-ceiling runs are in test_hostile_memory.py.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import select

import newsgraph
from newsgraph.ingest import articles_from_raw, read_inputs
from newsgraph.records import IngestError, RawDocument
from newsgraph.store import open_store, schema
from newsgraph.store.writer import decompress_raw
from newsgraph.storable import REPLACEMENT, is_storable

from ingest_samples import PARAGRAPHS, story_text

WORDS = ("convoy", "ridge", "market", "clinic", "ferry", "checkpoint", "bridge", "depot", "school", "well",
         "harbour", "airstrip", "quarry", "mill", "station", "camp", "border", "valley", "orchard", "dam")


def varied_story(i: int) -> str:
    """A distinct story for number ``i`` (our own words; no two alike, so none is a near-duplicate)."""
    a, b, c = WORDS[i % 20], WORDS[(i // 20) % 20], WORDS[(i * 7 + 3) % 20]
    return (f"Report {i}: the {a} near the {b} changed hands\n\n"
            f"Fighters took the {a} near the {b} early on day {i} of the offensive, local officials said, "
            f"and residents fled towards the {c} before the road was closed.\n\n"
            f"A spokesman said {i * 3 + 1} families had reached the {c} by nightfall and that aid convoys "
            f"would try to cross the {b} again on day {i + 1}.")


def _items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def _errors(items):
    return [i for i in items if isinstance(i, IngestError)]


def _docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


# -- unstorable characters -------------------------------------------------------------------------
def test_one_lone_surrogate_line_in_377_costs_nothing_else(tmp_path, tmp_db):
    """376 clean lines and one whose text carries an escaped lone surrogate: all 377 are stored, the
    surrogate replaced (same offsets) and counted in that article's cleaning record."""
    lines = [json.dumps({"text": varied_story(i)}) for i in range(377)]
    lines[200] = lines[200].replace("changed hands", "changed \\ud800 hands")
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = newsgraph.ingest([tmp_path / "feed.jsonl"], db=tmp_db)
    assert (summary.added, summary.errors) == (377, [])
    with open_store(tmp_db) as store, store.connect() as conn:
        rows = conn.execute(select(schema.articles.c.title, schema.articles.c.repairs)
                            .where(schema.articles.c.repairs.is_not(None))).all()
    assert rows == [(f"Report 200: the {WORDS[0]} near the {WORDS[10]} changed {REPLACEMENT} hands",
                     '{"lone_surrogate": 1}')]


def test_a_surrogate_line_the_reader_rejects_costs_only_that_line(tmp_path, tmp_db):
    """The surrogate in an unknown key: that line is rejected and reported (its reason storable), and
    the other 376 lines of the 377 are stored."""
    lines = [json.dumps({"text": varied_story(i)}) for i in range(377)]
    lines[41] = lines[41][:-1] + ', "\\udfff": "x"}'
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = newsgraph.ingest([tmp_path / "feed.jsonl"], db=tmp_db)
    assert summary.added == 376
    [error] = summary.errors
    assert error.index == 41 and "unknown keys" in error.reason and is_storable(error.reason)
    with open_store(tmp_db) as store:
        assert store.stats()["articles"] == 376 and store.stats()["ingest_errors"] == 1


def test_the_cli_reports_a_bad_line_without_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    lines = [json.dumps({"text": varied_story(i)}) for i in range(5)] + ['{"text": 1}']
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in.jsonl"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "5 articles added" in result.stdout and "Traceback" not in result.output
    assert "'text'" in result.stderr


@pytest.mark.parametrize("name,payload", [
    ("a.txt", story_text().replace("Geneva on", "Geneva\x00 on")),
    ("a.jsonl", json.dumps({"text": story_text().replace("Geneva on", "Geneva\x00 on"),
                            "title": "Talks\x00 resume", "source": "Wire\ud800"}) + "\n"),
    ("a.html", "<html><head><title>Talks resume</title></head><body><article>"
               + "".join(f"<p>{p.replace('Geneva on', 'Geneva&#0; on')}</p>" for p in PARAGRAPHS)
               + "</article></body></html>"),
    ("a.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
              "<title>Talks&#0; resume</title><description>"
              + "".join(f"&lt;p&gt;{p.replace('Geneva on', 'Geneva&amp;#0; on')}&lt;/p&gt;" for p in PARAGRAPHS)
              + "</description></item></channel></rss>"),
])
def test_nul_and_surrogates_are_made_storable_in_every_format(tmp_path, name, payload):
    # NUL after the first 8 KB of a txt file is past the binary sniff: it reaches the text
    data = payload.encode("utf-8", "surrogatepass")
    if name == "a.txt":
        data = b"\n" * 9000 + data
    (tmp_path / name).write_bytes(data)
    [doc] = _docs(_items([tmp_path / name]))
    articles = articles_from_raw(doc)
    assert not isinstance(articles, IngestError), articles
    for art in articles:
        for value in (art.text, art.title, art.source, art.url, art.path):
            assert value is None or is_storable(value)
        assert "Geneva" in art.text
    assert is_storable(doc.text) and all(is_storable(v) for v in doc.meta.values())


def test_the_count_of_replacements_reaches_the_store(tmp_path, tmp_db):
    text = story_text().replace("Geneva on", "Geneva\x00\x00 on").replace("the port", "the \ud800port")
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text}), encoding="utf-8")
    newsgraph.ingest([tmp_path / "a.jsonl"], db=tmp_db)
    with open_store(tmp_db) as store:
        [row] = store.articles()
        stored = store.article(row["id"])
    assert json.loads(stored["repairs"]) == {"lone_surrogate": 1, "nul": 2}
    assert f"Geneva{REPLACEMENT}{REPLACEMENT} on" in stored["text"]


# -- degenerate markup -------------------------------------------------------------------------------
@pytest.mark.parametrize("markup", [
    "<html>", "<html><html>", "<html><frameset>", "<body><body>", "<?xml?>", "<p>a\x01b&#1;c&#x1F;d</p>",
    "<html><body><p>" + PARAGRAPHS[0].replace(" ", " &#x0B; ") + "</p>", "<p>&#xD800;&#55296;&#1114112;</p>",
    "<p>" + "<b>" * 3000 + PARAGRAPHS[0],
])
def test_degenerate_html_is_an_error_or_an_article_never_an_exception(tmp_path, markup):
    (tmp_path / "page.html").write_text(markup, encoding="utf-8")
    items = _items([tmp_path / "page.html"])
    for doc in _docs(items):
        result = articles_from_raw(doc)
        assert isinstance(result, (list, IngestError))


@pytest.mark.parametrize("entry", [
    "<description>&lt;html&gt;</description>", "<description>&lt;p&gt;a&amp;#1;b&lt;/p&gt;</description>",
    "<description>&amp;#0;&lt;html&gt;&lt;html&gt;</description>", "<title>&#0;</title><description>x</description>",
])
def test_degenerate_feed_entries_cost_only_themselves(tmp_path, entry):
    good = f"<item><title>Talks resume</title><description>{''.join(f'&lt;p&gt;{p}&lt;/p&gt;' for p in PARAGRAPHS)}</description></item>"
    (tmp_path / "f.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                                    f"<item>{entry}</item>{good}</channel></rss>", encoding="utf-8")
    docs = _docs(_items([tmp_path / "f.rss"]))
    results = [articles_from_raw(d) for d in docs]
    assert any(isinstance(r, list) and "Geneva" in r[0].text for r in results)


def test_feed_bytes_that_name_a_file_are_not_opened_as_that_file(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>leak</title>'
                      "<description>the secret file was read</description></item></channel></rss>")
    (tmp_path / "named.rss").write_text(str(secret))  # feedparser.parse(bytes) would open this path
    items = _items([tmp_path / "named.rss"], follow_symlinks=False)
    assert not any("secret" in getattr(i, "text", "") for i in items)
    assert [type(i) for i in items if i.path.endswith("named.rss")] == [IngestError]


def test_a_page_that_is_only_a_url_is_never_downloaded(tmp_path, monkeypatch):
    import htmldate.utils

    def no_network(url, *a, **k):
        raise AssertionError(f"tried to download {url}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", no_network)
    (tmp_path / "u.html").write_text("http://127.0.0.1:9/whatever")
    for doc in _docs(_items([tmp_path / "u.html"])):
        articles_from_raw(doc)


# -- special files and symlinks ------------------------------------------------------------------------
def _with_alarm(fn, seconds=20):
    """Fail (instead of hanging the suite) when ``fn`` blocks, as a FIFO read would."""
    def timeout(*_):
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_special_files_are_reported_and_never_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(story_text())
    os.symlink("/dev/zero", folder / "zero.txt")
    os.mkfifo(folder / "pipe.txt")
    items = _with_alarm(lambda: _items([folder], follow_symlinks=True))  # even when following links
    reasons = {Path(e.path).name: e.reason for e in _errors(items)}
    assert reasons == {"zero.txt": "not a regular file (a character device): only regular files are read",
                       "pipe.txt": "not a regular file (a FIFO): only regular files are read"}
    assert [Path(d.path).name for d in _docs(items)] == ["good.txt"]


def test_dev_zero_named_on_the_command_line_is_refused(tmp_path):
    [error] = _with_alarm(lambda: _items(["/dev/zero"]))
    assert error.reason.startswith("not a regular file (a character device)")


def test_symlinks_leaving_the_folder_are_reported_unless_followed(tmp_path):
    outside, folder = tmp_path / "outside", tmp_path / "in"
    outside.mkdir()
    folder.mkdir()
    (outside / "elsewhere.txt").write_text(story_text())
    (outside / "sub").mkdir()
    (outside / "sub" / "deep.txt").write_text(story_text().replace("Geneva", "Vienna"))
    (folder / "inside.txt").write_text(story_text().replace("Geneva", "Nairobi"))
    os.symlink(outside / "elsewhere.txt", folder / "link.txt")
    os.symlink(outside / "sub", folder / "linked-dir")
    os.symlink(folder / "inside.txt", folder / "alias.txt")  # stays inside: read
    items = _items([folder])
    assert sorted(Path(d.path).name for d in _docs(items)) == ["alias.txt", "inside.txt"]
    reasons = sorted((Path(e.path).name, e.reason.split(",")[0]) for e in _errors(items))
    assert reasons == [("link.txt", f"symlink to {outside / 'elsewhere.txt'}"),
                       ("linked-dir", f"symlink to {outside / 'sub'}")]
    followed = _items([folder], follow_symlinks=True)
    assert sorted(Path(d.path).name for d in _docs(followed)) == ["alias.txt", "deep.txt", "inside.txt",
                                                                   "link.txt"]
    assert _errors(followed) == []


def test_a_symlink_loop_ends(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(story_text())
    os.symlink(folder, folder / "again")
    docs = _docs(_with_alarm(lambda: _items([folder], follow_symlinks=True)))
    assert [Path(d.path).name for d in docs] == ["a.txt"]


def test_rejected_inputs_keep_no_raw_text(tmp_path, tmp_db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(story_text())
    (folder / "accounts.txt").write_text("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                                         "operator:x:37:37:Operator:/var:/usr/sbin/nologin\n")
    summary = newsgraph.ingest([folder], db=tmp_db)
    assert summary.added == 1 and [Path(e.path).name for e in summary.errors] == ["accounts.txt"]
    with open_store(tmp_db) as store, store.connect() as conn:
        raw = [(p, decompress_raw(z)) for p, z in conn.execute(select(schema.documents.c.path,
                                                                       schema.documents.c.raw_zlib))]
    assert [Path(p).name for p, _ in raw] == ["good.txt"]
    assert not any("nologin" in (t or "") for _, t in raw)


# -- size limits (small limits here; the real ones under a memory ceiling in test_hostile_memory.py) ---
def test_a_jsonl_line_above_the_limit_is_too_large_and_the_next_lines_are_read(tmp_path, monkeypatch):
    from newsgraph.ingest import readers

    monkeypatch.setattr(readers, "MAX_JSONL_LINE_BYTES", 4096)
    lines = [json.dumps({"text": story_text()}), json.dumps({"text": "x" * 20_000}),
             json.dumps({"text": story_text().replace("Geneva", "Vienna")})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    items = _items([tmp_path / "a.jsonl"])
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestError", "RawDocument"]
    assert items[1].reason.startswith("too large: line 2 is longer than") and items[1].index == 1
    assert [i.index for i in items] == [0, 1, 2]


def test_jsonl_lines_split_at_carriage_returns_as_before(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(json.dumps({"text": story_text()}).encode() + b"\r"
                                       + json.dumps({"text": story_text().replace("Geneva", "Oslo")}).encode())
    assert [d.index for d in _docs(_items([tmp_path / "a.jsonl"]))] == [0, 1]


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    out = []
    for url, payload in records:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
        out.append(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url.encode()
                   + b"\r\nContent-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n")
    return b"".join(gzip.compress(r) for r in out)


def _page(paragraphs) -> bytes:
    return ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>").encode()


def test_a_warc_record_above_the_limit_is_skipped_and_the_next_is_read(tmp_path, monkeypatch):
    from newsgraph.ingest import warc

    monkeypatch.setattr(warc, "MAX_RECORD_BYTES", 8192)
    (tmp_path / "a.warc.gz").write_bytes(_warc([("http://a.invalid/1", b"<p>" + b"x" * 50_000 + b"</p>"),
                                                ("http://a.invalid/2", _page(PARAGRAPHS))]))
    items = _items([tmp_path / "a.warc.gz"])
    assert [type(i).__name__ for i in items] == ["IngestError", "RawDocument"]
    assert items[0].reason.startswith("too large: WARC record above") and items[1].meta["url"].endswith("/2")


def test_a_warc_header_line_above_the_limit_is_too_large(tmp_path, monkeypatch):
    from newsgraph.ingest import warc

    monkeypatch.setattr(warc, "MAX_HEADER_LINE_BYTES", 4096)
    (tmp_path / "a.warc.gz").write_bytes(_warc([("http://a.invalid/" + "p" * 10_000, _page(PARAGRAPHS))]))
    [error] = _items([tmp_path / "a.warc.gz"])
    assert error.reason == "too large: a header line is longer than 4 KB"


def test_a_warc_that_inflates_beyond_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from newsgraph.ingest import warc

    monkeypatch.setattr(warc, "MAX_WARC_BYTES", 100_000)
    (tmp_path / "a.warc.gz").write_bytes(_warc([("http://a.invalid/1", b"<p>" + b"\0" * 300_000 + b"</p>")]))
    [error] = _items([tmp_path / "a.warc.gz"])
    assert error.reason.startswith("too large: the archive decompresses to more than")


def test_warcio_warnings_are_not_printed(tmp_path, capfd):
    bad_length = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.invalid/\r\n"
                  b"Content-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n\r\n")
    (tmp_path / "a.warc").write_bytes(bad_length + bad_length)
    _items([tmp_path / "a.warc"])
    assert capfd.readouterr().err == ""


def test_a_reader_bug_costs_only_its_file(tmp_path, monkeypatch):
    from newsgraph.ingest import readers

    def broken(data, path):
        yield RawDocument(path=path, format="txt", text=story_text(), raw_sha="1", index=0)
        raise RuntimeError("reader bug")

    monkeypatch.setattr(readers, "read_feed", broken)
    (tmp_path / "a.rss").write_text("<rss/>")
    (tmp_path / "b.txt").write_text(story_text())
    items = _items([tmp_path])
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestError", "RawDocument"]
    assert items[1].reason == "reading failed: RuntimeError: reader bug"


def test_stdin_is_read_up_to_the_limit(monkeypatch):
    from newsgraph.ingest import readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    [error] = list(read_inputs(["-"], stdin=io.BytesIO(b"a" * 5000)))
    assert error.reason.startswith("too large")
