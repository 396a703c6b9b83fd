"""`newsgraph watch --once` twice on a local feed that gained two items: the second run ingests two,
raises the matching alerts once, and the Atom alert feed reads back with feedparser."""
from __future__ import annotations

import functools
import json
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.cli.app import app as cli_app
from newsgraph.web import create_app

ITEMS = [
    ("Market shelled", "Tue, 05 Mar 2024 08:00:00 GMT",
     "The Rapid Support Forces shelled the market in Nyala on Monday, killing at least 12 people."),
    ("Talks resume", "Wed, 06 Mar 2024 08:00:00 GMT",
     "Sudanese army and RSF delegates met in Jeddah on Tuesday to discuss a ceasefire."),
    ("Camp attacked", "Thu, 07 Mar 2024 08:00:00 GMT",
     "Gunmen attacked a displacement camp near El Fasher on Wednesday, killing 7 civilians."),
    ("Aid convoy arrives", "Fri, 08 Mar 2024 08:00:00 GMT",
     "A United Nations aid convoy reached Kadugli on Thursday after weeks of delay."),
]


def rss(items) -> str:
    entries = "".join(f"<item><title>{t}</title><link>http://example.org/{i}</link><pubDate>{d}</pubDate>"
                      f"<description>{body}</description></item>" for i, (t, d, body) in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Darfur Desk</title>'
            f"<link>http://example.org/</link>{entries}</channel></rss>")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@pytest.fixture()
def feed_server(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    server = HTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}/feed.xml"
    server.shutdown()
    server.server_close()


def test_watch_once_twice_on_a_growing_feed(feed_server, tmp_path):
    root, url = feed_server
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "deadly assaults", "type": "ASSAULT", "min_fatalities": 5}]),
                     encoding="utf-8")
    alerts = tmp_path / "alerts.jsonl"
    args = ["watch", url, "--once", "--rules", str(rules), "--alerts", str(alerts),
            "--spool", str(tmp_path / "spool"), "--db", db]
    runner = CliRunner()

    (root / "feed.xml").write_text(rss(ITEMS[:2]), encoding="utf-8")
    first = runner.invoke(cli_app, args)
    assert first.exit_code == 0, first.output
    assert "cycle 1: 2 new articles" in first.stdout
    first_alerts = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(first_alerts) == 1 and "12 killed" in first_alerts[0]["summary"]

    (root / "feed.xml").write_text(rss(ITEMS), encoding="utf-8")  # the feed gained two items
    second = runner.invoke(cli_app, args)
    assert second.exit_code == 0, second.output
    assert "cycle 1: 2 new articles, 2 extracted, 1 alerts" in second.stdout
    lines = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and "7 killed" in lines[1]["summary"]  # the new one, once
    assert len({a["id"] for a in lines}) == 2

    third = runner.invoke(cli_app, args)  # nothing new: nothing ingested, nothing raised again
    assert "0 new articles, 0 extracted, 0 alerts" in third.stdout
    assert len(alerts.read_text(encoding="utf-8").splitlines()) == 2

    with TestClient(create_app(db)) as client:
        r = client.get("/alerts.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and len(parsed.entries) == 2
    assert all(e.title.startswith("deadly assaults: ASSAULT") and "/events/" in e.link for e in parsed.entries)


def test_watch_reports_a_dead_source_and_a_bad_rule_file(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    r = runner.invoke(cli_app, ["watch", str(tmp_path / "missing"), "--once", "--db", db])
    assert r.exit_code != 0 and "E029" in r.output
    bad = tmp_path / "rules.json"
    bad.write_text('{"name": 1}', encoding="utf-8")
    r = runner.invoke(cli_app, ["watch", str(tmp_path), "--once", "--rules", str(bad), "--db", db])
    assert r.exit_code != 0 and "E028" in r.output
