"""`newsgraph watch --once` twice on a local feed that gained two items: the second run ingests two,
raises the matching alerts once, and the Atom alert feed reads back with feedparser; the webhook (a
local HTTP server) gets each alert once; a watch killed at any step of a cycle loses nothing and repeats
nothing when it is started again."""
from __future__ import annotations

import functools
import json
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler

import feedparser
import pytest
from http.server import BaseHTTPRequestHandler
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph import runner
from newsgraph import watch as watch_mod
from newsgraph.cli.app import app as cli_app
from newsgraph.store import open_store
from newsgraph.store.read import alerts as read_alerts
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


@pytest.fixture()
def webhook_server():
    """A local receiver that keeps every POSTed alert (body and Idempotency-Key)."""
    got: list[tuple[str, dict]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the handler's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((self.headers["Idempotency-Key"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield got, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def test_watch_once_twice_on_a_growing_feed(feed_server, webhook_server, tmp_path):
    root, url = feed_server
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "deadly assaults", "type": "ASSAULT", "min_fatalities": 5}]),
                     encoding="utf-8")
    alerts = tmp_path / "alerts.jsonl"
    posted, hook = webhook_server
    args = ["watch", url, "--once", "--rules", str(rules), "--alerts", str(alerts),
            "--spool", str(tmp_path / "spool"), "--webhook", hook, "--db", db]
    runner = CliRunner()

    (root / "feed.xml").write_text(rss(ITEMS[:2]), encoding="utf-8")
    first = runner.invoke(cli_app, args)
    assert first.exit_code == 0, first.output
    assert "cycle 1: 2 new articles" in first.stdout
    assert len(first.stdout.strip().splitlines()) == 1  # one progress line per cycle
    first_alerts = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(first_alerts) == 1 and "12 killed" in first_alerts[0]["summary"]

    (root / "feed.xml").write_text(rss(ITEMS), encoding="utf-8")  # the feed gained two items
    second = runner.invoke(cli_app, args)
    assert second.exit_code == 0, second.output
    assert "cycle 1: 2 new articles, 2 extracted, 1 alerts" in second.stdout
    lines = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 and "7 killed" in lines[1]["summary"]  # the new one, once
    assert len({a["id"] for a in lines}) == 2
    assert [key for key, _ in posted] == [a["id"] for a in lines]  # each alert POSTed once, in order
    assert [body for _, body in posted] == lines

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
    assert {e.id for e in parsed.entries} == {f"urn:newsgraph:alert:{a['id']}" for a in lines}
    assert all(e.updated_parsed is not None for e in parsed.entries)
    with TestClient(create_app(db)) as client:  # each entry's link opens its event
        for e in parsed.entries:
            assert client.get("/events/" + e.link.rsplit("/events/", 1)[1]).status_code == 200


class Killed(BaseException):
    """What a kill does to a cycle in the middle of a step: nothing after it runs (not an Exception,
    so that no handler on the way catches it)."""


def test_a_watch_killed_at_every_step_loses_nothing_and_repeats_nothing(feed_server, webhook_server,
                                                                         tmp_path, monkeypatch):
    root, url = feed_server
    posted, hook = webhook_server
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "deadly", "type": "ASSAULT", "min_fatalities": 5}]), encoding="utf-8")
    alerts = tmp_path / "alerts.jsonl"
    kw = {"db": db, "rules_file": rules, "once": True, "alerts_out": alerts, "webhook": hook,
          "spool": tmp_path / "spool"}

    def killed(*args, **kwargs):
        raise Killed

    def run(*patches):
        with monkeypatch.context() as m:
            for obj, name, fn in patches:
                m.setattr(obj, name, fn)
            try:
                return watch_mod.watch([url], **kw)[0]
            except Killed:
                return None

    (root / "feed.xml").write_text(rss(ITEMS[:2]), encoding="utf-8")
    assert run((runner, "run", killed)) is None  # killed after the ingest, before the extraction
    assert run((watch_mod, "deliver_jsonl", killed)) is None  # after the alerts were stored
    assert not alerts.exists() and not posted
    again = run()
    assert (again.added, again.processed, len(again.alerts)) == (0, 0, 0)  # extracted and raised before
    assert len(alerts.read_text(encoding="utf-8").splitlines()) == 1 and len(posted) == 1

    (root / "feed.xml").write_text(rss(ITEMS), encoding="utf-8")  # two new items

    def half_a_line(store, path):  # killed while writing the line: the file ends mid-line
        with path.open("a", encoding="utf-8") as out:
            out.write('{"id": "')
        raise Killed

    assert run((watch_mod, "deliver_jsonl", half_a_line)) is None
    assert run((watch_mod, "_post", killed)) is None  # the line written, the POST not made
    last = run()
    assert (last.added, last.processed, len(last.alerts)) == (0, 0, 0)
    lines = [json.loads(x) for x in alerts.read_text(encoding="utf-8").splitlines()]
    with open_store(db) as store, store.engine.connect() as conn:
        stored = read_alerts.latest(conn)
        assert not read_alerts.pending(conn, "jsonl") and not read_alerts.pending(conn, "webhook")
    assert len(stored) == 2 and sorted(a["id"] for a in lines) == sorted(a["id"] for a in stored)
    assert sorted(key for key, _ in posted) == sorted(a["id"] for a in stored)  # once each

    seen: list[str] = []  # a watch of two cycles: one progress line each
    watch_mod.watch([url], **{**kw, "once": False}, cycles=2, interval=0, progress=lambda c: seen.append(c.line()))
    assert seen == ["cycle 1: 0 new articles, 0 extracted, 0 alerts", "cycle 2: 0 new articles, 0 extracted, 0 alerts"]


def test_watch_reports_a_dead_source_and_a_bad_rule_file(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    r = runner.invoke(cli_app, ["watch", str(tmp_path / "missing"), "--once", "--db", db])
    assert r.exit_code != 0 and "E029" in r.output
    bad = tmp_path / "rules.json"
    bad.write_text('{"name": 1}', encoding="utf-8")
    r = runner.invoke(cli_app, ["watch", str(tmp_path), "--once", "--rules", str(bad), "--db", db])
    assert r.exit_code != 0 and "E028" in r.output


def test_watch_a_folder_that_gains_a_file(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "el fasher", "place": "El Fasher"}]), encoding="utf-8")
    story = {"title": ITEMS[2][0], "source": "Darfur Desk", "published": "2024-03-07", "text": ITEMS[2][2]}
    (folder / "a.jsonl").write_text(json.dumps({**story, "title": ITEMS[3][0], "text": ITEMS[3][2]}) + "\n",
                                    encoding="utf-8")
    first = watch_mod.watch([str(folder)], db=db, rules_file=rules, once=True, spool=tmp_path / "spool")[0]
    assert (first.added, len(first.alerts)) == (1, 0)
    (folder / "b.jsonl").write_text(json.dumps(story) + "\n", encoding="utf-8")
    second = watch_mod.watch([str(folder)], db=db, rules_file=rules, once=True, spool=tmp_path / "spool")[0]
    assert second.added == 1 and len(second.alerts) >= 1
    assert all(a["rule"] == "el fasher" and "El Fasher" in a["summary"] for a in second.alerts)


@pytest.mark.slow
def test_kill_9_of_a_watch_mid_cycle_then_restart(feed_server, tmp_path):
    """A real `kill -9`: once while the cycle ingests, once while the webhook has an alert in flight;
    the run after that stores every item once, raises every alert once, and the JSON lines hold each
    alert once (the webhook may see the alert in flight twice, under the same Idempotency-Key)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    root, url = feed_server
    (root / "feed.xml").write_text(rss(ITEMS), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "deadly", "type": "ASSAULT", "min_fatalities": 5}]), encoding="utf-8")
    alerts, spool = tmp_path / "alerts.jsonl", tmp_path / "spool"
    posted: list[str] = []
    first_post = threading.Event()

    class SlowHook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            posted.append(self.headers["Idempotency-Key"])
            first_post.set()
            time.sleep(0.5 if len(posted) > 1 else 5)  # the first one is held until the watch is killed
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = HTTPServer(("127.0.0.1", 0), SlowHook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    argv = [sys.executable, "-c", "from newsgraph.cli.app import app; app()", "watch", url, "--once", "--rules",
            str(rules), "--alerts", str(alerts), "--spool", str(spool), "--webhook",
            f"http://127.0.0.1:{hook.server_port}/hook", "--db", db]

    def start():
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_for(pred, seconds=120):
        deadline = time.monotonic() + seconds
        while not pred():
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.02)

    try:
        child = start()  # killed as soon as the feed is fetched: the ingest and build are under way
        wait_for(lambda: spool.exists() and any(spool.iterdir()))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        child = start()  # killed while the first alert's POST is in flight
        wait_for(first_post.is_set)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        child = start()
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    finally:
        if child.poll() is None:
            child.kill()
        hook.shutdown()
        hook.server_close()
    with open_store(db) as store, store.engine.connect() as conn:
        stored = read_alerts.latest(conn)
        assert not read_alerts.pending(conn, "jsonl") and not read_alerts.pending(conn, "webhook")
        assert store.stats()["articles"] == len(ITEMS)
    lines = [json.loads(x)["id"] for x in alerts.read_text(encoding="utf-8").splitlines()]
    assert len(stored) == 2 and sorted(lines) == sorted(a["id"] for a in stored)  # each once
    assert set(posted) == set(lines) and len(posted) <= len(lines) + 1  # at most the one in flight twice
