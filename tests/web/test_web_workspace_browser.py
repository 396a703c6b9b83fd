"""The workspace in a real browser (Playwright + Debian's Chromium, as test_web_browser.py): the filter
form → URL → "export this view" round trip, and a correction made in the event page that is still
applied after `build` reruns with a new pipeline version."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from demo_store import NYALA_STORIES as STORIES
from test_web_browser import ARGS, CHROMIUM, TIMEOUT_MS, _skip_reason, serve, shot

from newsgraph import api, pipeline

pytestmark = pytest.mark.browser
TOKEN = "page-token"


def _serve(db: str, token: str):
    return serve(db, token)


@pytest.fixture(scope="module")
def chromium():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, pg, errors


def test_filter_form_to_url_to_export(chromium, demo):
    srv, thread, base = _serve(demo.db, "")
    context, page, errors = _page(chromium)
    try:
        page.goto(base + "/events")
        page.fill("form.filters input[name=min_reports]", "2")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/events?*min_reports=2*")
        total = int(page.locator("h1", has_text="Events (").inner_text().split("(")[1].rstrip(")"))
        assert total >= 1
        shot(page, "events-filtered")
        with page.expect_download() as info:
            page.locator("a.export-link", has_text="JSONL").click()
        records = [json.loads(x) for x in Path(info.value.path()).read_text(encoding="utf-8").splitlines()]
        assert len(records) == total and all(r["cluster"] and r["event"] == r["cluster"] for r in records)
        listed = page.evaluate("fetch('/api/events?min_reports=2&limit=500').then(r => r.json())")
        assert {r["event"] for r in records} == {e["event"] for e in listed["items"]}
        # the rows the page lists are the rows of each download
        shown = {a.split("/events/")[1] for a in page.eval_on_selector_all(
            "table.events a.event-link", "els => els.map(e => e.getAttribute('href'))")}
        assert shown == {r["event"] for r in records}
        with page.expect_download() as info:
            page.locator("a.export-link", has_text="ACLED CSV").click()
        acled = list(csv.DictReader(Path(info.value.path()).open(encoding="utf-8")))
        with page.expect_download() as info:
            page.locator("a.export-link", has_text="CSV").first.click()
        rows = list(csv.DictReader(Path(info.value.path()).open(encoding="utf-8")))
        assert info.value.suggested_filename == "events.csv"
        assert len(rows) == total and {r["cluster"] for r in rows} == shown
        # ACLED: one row per event of the view that ACLED has a type for (every ASSAULT has one)
        clusters = [r["cluster"] for r in acled]
        assert len(clusters) == len(set(clusters)) and set(clusters) <= shown
        assert {e["event"] for e in listed["items"] if e["type"] == "ASSAULT"} <= set(clusters)
        assert all(r["event_type"] and r["source"] for r in acled)
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(timeout=10)


def test_correction_in_the_page_survives_a_rebuild(chromium, tmp_path, monkeypatch):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in STORIES) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert api.build([corpus], db=db).processed == 2
    srv, thread, base = _serve(db, TOKEN)
    context, page, errors = _page(chromium)
    try:
        page.goto(base + "/api/events?view=reports&type=ACCUSE")
        item = json.loads(page.locator("body").inner_text())["items"][0]
        page.goto(f"{base}/events/{item['id']}")
        page.click("details.correct-form summary")
        page.select_option("#correct-form select[name=kind]", "retype_event")
        page.fill("#correct-form input[name=type]", "coerce")
        page.fill("#correct-form input[name=who]", "ana")
        page.fill("#correct-form input[name=why]", "a threat, not an accusation")
        page.fill("#correct-form input[name=token]", TOKEN)
        page.click("#correct-form button[type=submit]")
        page.wait_for_selector("li.correction")
        assert "corrected by ana" in page.locator("li.correction").inner_text()
        assert "COERCE" in page.locator("h1").inner_text()
        shot(page, "event-corrected")
        # a new pipeline version: every article is extracted afresh, then the log is applied again
        monkeypatch.setattr(api, "PIPELINE_VERSION", "pipe-next")
        monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "pipe-next")
        assert api.build(db=db).processed == 2
        page.goto(base + "/api/events?view=reports&type=COERCE")
        after = json.loads(page.locator("body").inner_text())["items"]
        assert after and all(e["evidence"] == item["evidence"] for e in after)  # the span's events
        assert after[0]["pipeline_version"] == "pipe-next"
        page.goto(f"{base}/events/{after[0]['id']}")
        assert "corrected by ana" in page.locator("li.correction").inner_text()
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(timeout=10)


def test_overview_chart_and_brush(chromium, demo):
    srv, thread, base = _serve(demo.db, "")
    context, page, errors = _page(chromium)
    try:
        page.goto(base + "/")
        page.wait_for_selector("#chart[data-series]")
        assert int(page.get_attribute("#chart", "data-buckets")) >= 2
        assert page.locator("#chart canvas").count() == 1
        shot(page, "overview-chart")
        page.select_option("#chart-by", "outlet")
        page.wait_for_selector("#chart[data-by=outlet] .u-over")
        box = page.locator("#chart .u-over").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
        page.mouse.up()
        page.wait_for_url("**/events?*since=*until=*")
        since = page.evaluate("new URLSearchParams(location.search).get('since')")
        until = page.evaluate("new URLSearchParams(location.search).get('until')")
        assert since < until
        assert page.locator("form.filters input[name=since]").input_value() == since
        whens = [w.split(" ")[0] for w in page.locator("table.events tbody tr td:first-child").all_inner_texts()]
        assert all(since <= w <= until + "~" for w in whens if w[:1].isdigit())
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(timeout=10)


def test_actor_correction_in_the_page_survives_a_rebuild(chromium, tmp_path, monkeypatch):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in STORIES) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert api.build([corpus], db=db).processed == 2
    srv, thread, base = _serve(db, TOKEN)
    context, page, errors = _page(chromium)
    try:
        page.goto(base + "/api/actors?limit=500")
        actors = {a["name"]: a for a in json.loads(page.locator("body").inner_text())["items"]}
        mil, saf = actors["Military Forces of Sudan"], actors["Sudanese Armed Forces"]
        page.goto(f"{base}/actors/{mil['id']}")
        page.click("details.correct-form summary")
        page.select_option("#correct-form select[name=kind]", "merge_actor")
        page.fill("#correct-form input[name=into]", saf["id"])
        page.fill("#correct-form input[name=who]", "ana")
        page.fill("#correct-form input[name=why]", "the army under another name")
        page.fill("#correct-form input[name=token]", TOKEN)
        page.click("#correct-form button[type=submit]")
        page.wait_for_url(f"**/actors/{saf['id']}")
        assert "corrected by ana" in page.locator("li.correction").inner_text()
        shot(page, "actor-corrected")
        monkeypatch.setattr(api, "PIPELINE_VERSION", "pipe-next")
        monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "pipe-next")
        assert api.build(db=db).processed == 2  # the facts made afresh: "Military Forces of Sudan" again
        page.goto(base + "/api/actors?limit=500")
        after = {a["name"] for a in json.loads(page.locator("body").inner_text())["items"]}
        assert "Military Forces of Sudan" not in after and "Sudanese Armed Forces" in after
        assert page.goto(f"{base}/actors/{mil['id']}").status == 404
        page.goto(f"{base}/actors/{saf['id']}")
        assert "corrected by ana" in page.locator("li.correction").inner_text()
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(timeout=10)


def test_coverage_page_filter_and_export(chromium, demo):
    srv, thread, base = _serve(demo.db, "")
    context, page, errors = _page(chromium)
    try:
        page.goto(base + "/coverage")
        page.fill("form.filters input[name=min_reports]", "2")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/coverage?*min_reports=2*")
        total = int(page.locator("h1", has_text="Coverage (").inner_text().split("(")[1].rstrip(")"))
        assert total >= 1 and page.locator("table.coverage tbody tr").count() == min(total, 50)
        shot(page, "coverage")
        with page.expect_download() as info:
            page.locator("a.export-link", has_text="CSV").click()
        rows = list(csv.DictReader(Path(info.value.path()).open(encoding="utf-8")))
        shown = [a.split("/events/")[1] for a in page.eval_on_selector_all(
            "table.coverage a.event-link", "els => els.map(e => e.getAttribute('href'))")]
        assert [r["event"] for r in rows][:len(shown)] == shown and len(rows) == total
        assert all(int(r["reports"]) >= 2 for r in rows)
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(timeout=10)
