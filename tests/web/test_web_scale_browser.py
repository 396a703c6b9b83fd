"""The pages on a synthetic store of 100,000 consolidated events (tools/synthetic_store.py, built once per
session into tmp), in a real browser (Playwright + Debian's Chromium, as test_web_browser.py): each page
is usable — its first contentful paint within FIRST_PAINT_MS and no script task longer than
LONG_TASK_MS (PerformanceObserver 'longtask', installed before any page script) — and the big views
stay bounded: the map draws bins (never every event), the timeline never more than ~1,000 items, the
graph its top relations.

The server is started as `newsgraph serve` starts it (its warm-up done before the first page) and each
page is opened once, cold in the browser. What was measured is written to build/scale-browser.json.
"""
from __future__ import annotations

import json
import os
import time

import pytest
import synthetic_store
from test_web_browser import ARGS, CHROMIUM, ROOT, TIMEOUT_MS, _skip_reason, serve_app, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVENTS = int(os.environ.get("NEWSGRAPH_SCALE_EVENTS", "100000"))
FIRST_PAINT_MS = 2000
LONG_TASK_MS = 1000
RESULTS = ROOT / "build" / "scale-browser.json"
# installed before any script of the page: every long task (> 50 ms) the page runs, with its length
OBSERVE = """
window.__longtasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longtasks.push(e.duration); })
  .observe({type: "longtask", buffered: true});
"""


@pytest.fixture(scope="session")
def big_store(tmp_path_factory):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    db = tmp_path_factory.mktemp("scale") / "big.db"
    made = synthetic_store.generate(db, EVENTS)
    return f"sqlite:///{db}", made


@pytest.fixture(scope="module")
def server(big_store):
    from newsgraph.web import create_app

    app = create_app(big_store[0], token="", warm=True)
    srv, thread, url = serve_app(app)
    assert app.state.warmed.wait(120), "the warm-up did not finish"
    yield url, app
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def measured():
    found: dict[str, dict] = {}
    yield found
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"events": EVENTS, "first_paint_limit_ms": FIRST_PAINT_MS,
                                   "long_task_limit_ms": LONG_TASK_MS, "pages": found}, indent=2) + "\n",
                       encoding="utf-8")


def _open(chromium, url: str, ready: str, measured: dict, name: str, settle_ms: int = 600):
    """Open ``url`` in a fresh context, wait for ``ready`` (the main content), and check the limits."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OBSERVE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS * 2)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready, state="attached")
    ready_ms = (time.perf_counter() - t0) * 1000
    page.wait_for_timeout(settle_ms)  # tasks the content triggered (layout, drawing) are observed too
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    tasks = page.evaluate("window.__longtasks")
    measured[name] = {"url": url.split("/", 3)[-1], "first_contentful_paint_ms": round(paint or -1),
                      "dom_content_loaded_ms": round(dcl), "ready_ms": round(ready_ms),
                      "longest_task_ms": round(max(tasks, default=0)), "long_tasks": len(tasks)}
    assert not errors, errors
    assert paint is not None and paint < FIRST_PAINT_MS, measured[name]
    assert max(tasks, default=0) < LONG_TASK_MS, measured[name]
    return context, page


def test_overview(chromium, server, measured, big_store):
    base, _ = server
    context, page = _open(chromium, base + "/", "#chart[data-series]", measured, "overview")
    try:
        assert page.locator("#count-articles").inner_text() == str(big_store[1].articles)
        assert page.locator("#audit-load").count() == 1, "a big store is audited on demand"
        shot(page, "scale-overview")
    finally:
        context.close()


def test_events_list(chromium, server, measured):
    base, _ = server
    context, page = _open(chromium, base + "/events", "table tbody tr", measured, "events")
    try:
        total = int(page.locator("h1", has_text="Events (").inner_text().split("(")[1].rstrip(")").replace(",", ""))
        assert total == EVENTS
        page.goto(base + "/events?offset=5000")  # a deep page is still two index walks
        assert page.locator("table tbody tr").count() == 50
    finally:
        context.close()


def test_map_bins_and_zoom(chromium, server, measured):
    base, _ = server
    context, page = _open(chromium, base + "/map", "#map[data-ready]", measured, "map")
    try:
        assert int(page.get_attribute("#map", "data-markers")) == EVENTS  # every event counted, no cap
        bins = int(page.get_attribute("#map", "data-bins"))
        assert 0 < bins <= 400, "bins, not markers"
        assert page.evaluate("window.__ngMap.getZoom()") >= 3, "opened on the data's extent, not the world"
        (south, west), (north, east) = [map(float, p.split(",")) for p in page.get_attribute("#map", "data-extent").split(";")]
        assert 3 <= south < north <= 38 and 9 <= west < east <= 55
        shot(page, "scale-map")
        page.evaluate("void window.__ngMap.setView([15.6, 32.53], 12)")  # Khartoum, town level: one bin per site
        page.wait_for_selector("#map[data-zoom='12']", state="attached")
        assert 0 < int(page.get_attribute("#map", "data-bins")) <= 50
        tasks = page.evaluate("window.__longtasks")
        assert max(tasks, default=0) < LONG_TASK_MS
    finally:
        context.close()


def test_timeline_aggregates_then_lazy_loads(chromium, server, measured):
    base, _ = server
    context, page = _open(chromium, base + "/timeline", "#timeline[data-ready]", measured, "timeline")
    try:
        assert page.get_attribute("#timeline", "data-mode") == "buckets"
        assert 0 < int(page.get_attribute("#timeline", "data-items")) <= 1000
        shot(page, "scale-timeline")
        page.evaluate("void window.__ngTimeline.setWindow(new Date('2024-06-10'), new Date('2024-06-11'), {animation: false})")
        page.wait_for_selector("#timeline[data-mode=items]", state="attached", timeout=TIMEOUT_MS * 2)
        n = int(page.get_attribute("#timeline", "data-items"))
        assert 0 < n <= 1000
        page.wait_for_timeout(500)
        assert max(page.evaluate("window.__longtasks"), default=0) < LONG_TASK_MS
        shot(page, "scale-timeline-day")
    finally:
        context.close()


def test_graph_top_relations(chromium, server, measured):
    base, _ = server
    context, page = _open(chromium, base + "/graph", "#graph[data-nodes]", measured, "graph", settle_ms=800)
    try:
        assert int(page.get_attribute("#graph", "data-edges")) == 100
        assert "communities" in page.locator("#graph-status").inner_text()
        assert page.locator("select[name=top]").input_value() == "100"
        shot(page, "scale-graph")
    finally:
        context.close()
    context, page = _open(chromium, base + "/graph?top=25&min_reports=3", "#graph[data-nodes]", measured,
                          "graph-top25")
    try:
        assert int(page.get_attribute("#graph", "data-edges")) <= 25
        assert page.locator("input[name=min_reports]").input_value() == "3"
    finally:
        context.close()


def test_actor_page_of_the_busiest_actor(chromium, server, measured):
    base, app = server
    with app.state.store.connect() as c:
        from newsgraph.store.read.actors import actors_page

        top = actors_page(c, limit=1)["items"][0]
    context, page = _open(chromium, f"{base}/actors/{top['id']}", "h1", measured, "actor")
    try:
        assert top["name"] in page.locator("h1").inner_text()
        # its events load after the page: 100 of them, a link to the rest
        page.wait_for_selector("#actor-events a:has-text('all of them')")
        assert page.locator("#actor-events table tbody tr").count() == 100
        assert max(page.evaluate("window.__longtasks"), default=0) < LONG_TASK_MS
    finally:
        context.close()
