"""The pages in a real browser: Playwright for Python driving Debian's Chromium (never a downloaded one).

Skipped, with the reason, when /usr/bin/chromium or the vendor files (`make web-assets`) are missing;
`make test` installs both. Screenshots of each page go to build/screenshots/ (git-ignored), so a test
run never changes a tracked file; `make screenshots` (NEWSGRAPH_REFRESH_SCREENSHOTS=1) copies them over
the ones docs/screenshots/ shows, on purpose.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from newsgraph.web.app import vendor_missing

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
REFRESH_ENV = "NEWSGRAPH_REFRESH_SCREENSHOTS"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 15_000


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return "/usr/bin/chromium is missing (make browser-deps installs Debian's chromium)"
    if vendor_missing():
        return f"web assets missing ({', '.join(vendor_missing())}): run make web-assets"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    srv, thread, url = serve(demo.db)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def serve(db: str, token: str = ""):
    """A uvicorn server of the web app over ``db`` on a free local port, in a thread: (server, thread, url)."""
    from newsgraph.web import create_app

    return serve_app(create_app(db, token=token))


def serve_app(app):
    """A uvicorn server of ``app`` on a free local port, in a thread, once it has started: (server, thread, url)."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    return srv, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    external: list[str] = []
    pg.on("request", lambda req: external.append(req.url) if not req.url.startswith(server) else None)
    pg.js_errors = errors  # type: ignore[attr-defined]
    pg.external = external  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not [u for u in external if not u.startswith(("data:", "blob:"))], f"network requests: {external}"


def shot(pg, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    if os.environ.get(REFRESH_ENV) == "1":
        shutil.copyfile(path, DOCS_SCREENSHOTS / path.name)


def test_overview(page, server, demo):
    page.goto(server + "/")
    assert page.locator("#count-articles").inner_text() == str(demo.articles)
    assert page.locator("table.events tbody tr").count() == 10
    shot(page, "overview")
    page.fill(".big-search input[name=q]", "ceasefire")
    page.click(".big-search button")
    page.wait_for_url("**/search?q=ceasefire")
    assert page.locator("ol.results li").count() >= 2


def test_map_marker_to_event_to_evidence(page, server):
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-ready]", state="attached")
    assert int(page.get_attribute("#map", "data-markers")) > 5
    assert page.get_attribute("#map", "data-extent"), "the view is fitted to the data's extent"
    assert page.evaluate("window.__ngMap.getZoom()") >= 4, "the map opens on the region of the data, not the world"
    assert page.locator(".leaflet-overlay-pane path").count() > 100, "country outlines drawn"
    assert page.locator(".map-bin").count() >= 1, "nearby events are binned (server-side, /api/map)"
    shot(page, "map")
    page.goto(server + "/map?type=AID")  # one located event: a single marker, no bin
    page.wait_for_selector("#map[data-ready]", state="attached")
    assert page.get_attribute("#map", "data-markers") == "1"
    page.locator(".ev-marker").first.click()
    page.locator(".popup-link").click()
    page.wait_for_url("**/events/*")
    evidence = page.locator("mark.evidence").first
    assert evidence.is_visible() and len(evidence.inner_text()) > 20
    assert "AID" in page.locator("h1").inner_text()
    shot(page, "event")


def test_timeline_renders_items(page, server):
    page.goto(server + "/timeline")
    page.wait_for_selector("#timeline[data-items]")
    n = int(page.get_attribute("#timeline", "data-items"))
    assert n > 10
    page.wait_for_selector(".vis-item.vis-box", state="visible")
    assert page.evaluate("window.__ngTimeline.itemsData.length") == n
    assert page.locator(".vis-item.vis-box").count() >= min(n, 10)  # vis draws only what is in view
    page.wait_for_timeout(300)  # vis-timeline settles its stacking on the next frames
    shot(page, "timeline")


def test_actor_timeline_and_page(page, server):
    page.goto(server + "/actors?q=Rapid")
    page.locator("table a").first.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("table.aliases tbody tr").count() >= 2
    assert page.locator("table.labels tbody tr").count() >= 1
    shot(page, "actor")
    page.locator("a[href^=\"/timeline?actor=\"]").click()
    page.wait_for_selector("#timeline[data-items]")
    assert int(page.get_attribute("#timeline", "data-items")) > 0
    assert "Timeline of Rapid Support Forces" in page.locator("h1").inner_text()


def test_graph_renders_and_slider_filters(page, server):
    page.goto(server + "/graph")
    page.wait_for_selector("#graph[data-nodes]")
    nodes = int(page.get_attribute("#graph", "data-nodes"))
    edges = int(page.get_attribute("#graph", "data-edges"))
    assert nodes >= 4 and edges >= 4
    assert page.evaluate("window.__ngGraph.nodes().length") == nodes
    assert page.locator("#graph canvas").count() >= 1
    page.wait_for_timeout(300)
    shot(page, "graph")
    page.eval_on_selector("#as-of", "el => { el.value = '0'; el.dispatchEvent(new Event('input')); }")
    visible = int(page.get_attribute("#graph", "data-visible-edges"))
    assert 0 < visible < edges, "as of the earliest date fewer relations exist"
    assert page.locator("#as-of-label").inner_text() != "all dates"


def test_hostile_article_shows_as_text(page, server, demo):
    page.goto(server + f"/articles/{demo.hostile_id}")
    body = page.locator("#article-text").inner_text()
    assert "<script>window.__pwned = 1;</script>" in body
    assert 'onerror="window.__pwned = 2"' in body
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.locator("#article-text mark.place").count() >= 1
    shot(page, "article-hostile")


def test_outlets_page(page, server):
    page.goto(server + "/outlets")
    assert page.locator("section.outlet").count() >= 4
    shot(page, "outlets")


def test_event_page_shows_cluster_and_contradictions(page, server):
    events = page.request.get(server + "/api/events?limit=500").json()["items"]
    clustered = [e for e in events if e["cluster"]]
    assert clustered, "the demo store has consolidated events"
    with_conflict = None
    for e in clustered:
        detail = page.request.get(server + f"/api/events/{e['id']}").json()
        if detail["contradictions"]:
            with_conflict = detail
            break
    assert with_conflict is not None, "some consolidated event has disagreeing reports"
    page.goto(server + f"/events/{with_conflict['id']}")
    assert page.locator("table.contradictions tbody tr").count() == len(with_conflict["contradictions"])
    assert page.locator("article.report mark.evidence").count() == len(with_conflict["report_list"])
    shot(page, "event-contradictions")
