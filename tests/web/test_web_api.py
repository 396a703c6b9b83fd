"""The HTTP API and the pages through FastAPI's TestClient, over the demo store."""
from __future__ import annotations

import json
import re

import pytest
from demo_store import HOSTILE_IMG, HOSTILE_SCRIPT
from fastapi.testclient import TestClient

from newsgraph.evidence import context
from newsgraph.store.read.common import MAX_LIMIT
from newsgraph.web import create_app
from newsgraph.web.highlight import Span, highlight

PAGE_KEYS = {"total", "limit", "offset", "items"}


def get_json(client, url: str, status: int = 200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    return r.json()


# -- every list endpoint: shape, paging ------------------------------------------------------------
@pytest.mark.parametrize("endpoint", ["articles", "events", "actors", "relations", "places", "quotes"])
def test_list_endpoints_page_consistently(client, endpoint):
    full = get_json(client, f"/api/{endpoint}?limit=500")
    assert set(full) == PAGE_KEYS
    assert full["total"] == len(full["items"]) > 0
    first = get_json(client, f"/api/{endpoint}?limit=2&offset=0")
    second = get_json(client, f"/api/{endpoint}?limit=2&offset=2")
    assert first["total"] == full["total"]
    assert [i["id"] for i in first["items"] + second["items"]] == [i["id"] for i in full["items"][:4]]
    beyond = get_json(client, f"/api/{endpoint}?offset={full['total'] + 5}")
    assert beyond["items"] == [] and beyond["total"] == full["total"]


def test_stats_counts_the_demo(client, demo):
    stats = get_json(client, "/api/stats")
    assert stats["articles"] == demo.articles
    assert stats["facts"]["events"] == demo.events


def test_event_filters(client):
    all_events = get_json(client, "/api/events?limit=500")["items"]
    assault = get_json(client, "/api/events?type=ASSAULT&limit=500")["items"]
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    assert len(assault) == sum(1 for e in all_events if e["type"] == "ASSAULT")
    lowercase = get_json(client, "/api/events?type=assault&limit=500")["items"]
    assert len(lowercase) == len(assault)
    located = get_json(client, "/api/events?located=true&limit=500")["items"]
    assert located and all(e["place"]["lat"] is not None for e in located)
    actor = next(e["actor"][0]["id"] for e in all_events if e["actor"])
    # every report: the row itself names the actor; consolidated (the default): one of the event's reports
    by_actor = get_json(client, f"/api/events?actor={actor}&view=reports&limit=500")["items"]
    assert by_actor and all(actor in {a["id"] for a in e["actor"] + e["recipient"]} for e in by_actor)
    consolidated = get_json(client, f"/api/events?actor={actor}&limit=500")["items"]
    assert consolidated and len({e["event"] for e in consolidated}) == len(consolidated)
    for e in consolidated:
        reports = get_json(client, f"/api/events?cluster={e['event']}&limit=500")["items"] if e["cluster"] else [e]
        assert any(actor in {a["id"] for a in r["actor"] + r["recipient"]} for r in reports)
    outlet = next(e["source"] for e in all_events if e["source"])
    by_outlet = get_json(client, f"/api/events?outlet={outlet.upper()}&view=reports&limit=500")["items"]
    assert by_outlet and all(e["source"] == outlet for e in by_outlet)
    in_2024 = get_json(client, "/api/events?since=2024&until=2024-06&limit=500")["items"]
    assert in_2024 and all("2024-01" <= e["when"] <= "2024-06-31" for e in in_2024)
    assert len(in_2024) == sum(1 for e in all_events if e["when"] and "2024" <= e["when"] <= "2024-06~")


def test_article_actor_relation_place_quote_filters(client):
    arts = get_json(client, "/api/articles?source=sahel%20monitor&limit=500")["items"]
    assert arts and all(a["source"] == "Sahel Monitor" for a in arts)
    since = get_json(client, "/api/articles?since=2024-06&limit=500")["items"]
    assert since and all(a["published"] >= "2024-06" for a in since)
    found = get_json(client, "/api/actors?q=hemedti")["items"]  # an alias, any case
    assert [a["name"] for a in found] == ["Mohamed Hamdan Dagalo"]
    people = get_json(client, "/api/actors?type=person")["items"]
    assert people and all(a["type"] == "person" for a in people)
    rels = get_json(client, "/api/relations?limit=500")["items"]
    arms = get_json(client, "/api/relations?type=arms")["items"]
    assert arms and all(r["type"] == "arms" for r in arms)
    early = get_json(client, "/api/relations?as_of=2023-06&limit=500")["items"]
    assert len(early) < len(rels) and all(r["first_seen"] is None or r["first_seen"] <= "2023-06~" for r in early)
    rsf = next(a["id"] for a in get_json(client, "/api/actors?q=Rapid")["items"])
    with_rsf = get_json(client, f"/api/relations?actor={rsf}&limit=500")["items"]
    assert with_rsf and all(rsf in (r["source"]["id"], r["target"]["id"]) for r in with_rsf)
    sd = get_json(client, "/api/places?country=sd&limit=500")["items"]
    assert sd and all(p["country"] == "SD" for p in sd)
    named = get_json(client, "/api/places?q=el%20fasher&limit=500")["items"]
    assert named and all(p["name"] == "El Fasher" for p in named)
    quotes = get_json(client, "/api/quotes?limit=500")["items"]
    speaker = next(q["speaker_id"] for q in quotes if q["speaker_id"])
    by_speaker = get_json(client, f"/api/quotes?speaker={speaker}&limit=500")["items"]
    assert by_speaker and all(q["speaker_id"] == speaker for q in by_speaker)


def test_details_and_evidence_offsets(client):
    event = get_json(client, "/api/events?limit=1")["items"][0]
    detail = get_json(client, f"/api/events/{event['id']}")
    assert detail["report_list"], "every event has at least its own report"
    article = get_json(client, f"/api/articles/{detail['report_list'][0]['article']}")
    text = article["article"]["text"]
    for r in detail["report_list"]:
        if r["article"] == article["article"]["id"]:
            assert text[r["start"]:r["end"]] == r["context"]["evidence"]
    for m in article["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    actor = get_json(client, "/api/actors?limit=1")["items"][0]
    view = get_json(client, f"/api/actors/{actor['id']}")
    assert view["aliases"] and sum(view["aliases"].values()) == actor["mentions"]
    assert view["labels"], "the most mentioned actor (RSF) is labelled by some outlet"
    rel = get_json(client, "/api/relations?limit=1")["items"][0]
    reports = get_json(client, f"/api/relations/{rel['id']}/reports")
    assert len(reports) == rel["reports"]
    graph = get_json(client, "/api/graph")
    ends = {n["id"] for n in graph["nodes"]}
    assert graph["edges"] and all(e["source"] in ends and e["target"] in ends for e in graph["edges"])
    outlets = get_json(client, "/api/outlets")
    assert {o["name"] for o in outlets} >= {"Nile Courier", "Sahel Monitor"}
    assert any(o["labels"] for o in outlets) and any(o["quotes"] for o in outlets)


def test_search_pages(client):
    hits = get_json(client, "/api/search?q=Fasher&limit=2")
    assert len(hits["items"]) == 2
    more = get_json(client, "/api/search?q=Fasher&limit=500")
    assert more["total"] == len(more["items"]) > 2
    assert get_json(client, "/api/search?q=zzqqxx")["items"] == []


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=501", "/api/events?offset=-1", "/api/events?limit=abc",
    "/api/events?since=2024-1", "/api/events?until=yesterday", "/api/events?type=DROP%20TABLE",
    "/api/events?actor=a'b", "/api/events?located=maybe", "/api/articles?since=2024-13-01x",
    "/api/relations?as_of=soon", "/api/places?country=SDN", "/api/search", "/api/search?q=",
    "/api/search?q=" + "a" * 201, "/api/actors/..%2F..%2Fetc", "/api/articles?offset=99999999999",
])
def test_bad_parameters_are_422_never_500(client, url):
    r = client.get(url)
    assert r.status_code in (404, 422), (url, r.status_code)
    assert r.status_code != 500


@pytest.mark.parametrize("url", ["/api/events/0000000000000000", "/api/actors/nobody", "/api/articles/feedface"])
def test_unknown_ids_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_render(client, demo):
    event = get_json(client, "/api/events?limit=1")["items"][0]
    actor = get_json(client, "/api/actors?limit=1")["items"][0]
    for url in ["/", "/map", "/timeline", "/graph", "/events", "/actors", "/articles", "/outlets",
                "/search?q=ceasefire", f"/events/{event['id']}", f"/actors/{actor['id']}",
                f"/articles/{demo.hostile_id}", "/timeline?actor=" + actor["id"], "/map?type=ASSAULT",
                "/events?offset=2", "/api-reference"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert "text/html" in r.headers["content-type"]
    bad = client.get("/map?since=tomorrow")
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]
    assert client.get("/events/nope").status_code == 404


def test_hostile_article_is_escaped_everywhere(client, demo):
    raw = get_json(client, f"/api/articles/{demo.hostile_id}")["article"]["text"]
    assert HOSTILE_SCRIPT in raw and HOSTILE_IMG in raw  # the API returns the text as stored (JSON)
    events = get_json(client, f"/api/events?article={demo.hostile_id}")["items"]
    pages = [f"/articles/{demo.hostile_id}", "/search?q=portal"] + [f"/events/{e['id']}" for e in events]
    for url in pages:
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=\"x\"" not in html, url
    # highlight marks may split the text anywhere: compare with the marks taken out
    article_html = re.sub(r"</?mark[^>]*>", "", client.get(f"/articles/{demo.hostile_id}").text)
    assert "&lt;script&gt;window.__pwned = 1;&lt;/script&gt;" in article_html
    assert "onerror=&#34;window.__pwned = 2&#34;" in article_html


def test_html_escapes_query_echo(client):
    html = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


# -- writes ----------------------------------------------------------------------------------------
ARTICLE = {"text": "Shelling hit the market of a river town on Monday, residents said, and two boats "
                   "carrying flour were sunk near the landing.", "title": "Market shelled in a river town",
           "source": "Test Wire", "published": "2024-02-05"}


def test_post_without_a_configured_token_is_refused(client):
    assert client.post("/api/articles", json=ARTICLE).status_code == 403
    r = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403


def test_post_with_token(tmp_db):
    with TestClient(create_app(tmp_db, token="s3cret")) as c:
        assert c.post("/api/articles", json=ARTICLE).status_code == 401
        assert c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        r = c.post("/api/articles", json=ARTICLE, headers=auth)
        assert r.status_code == 201, r.text
        added = r.json()["added"]
        assert len(added) == 1
        stored = c.get(f"/api/articles/{added[0]}").json()["article"]
        assert stored["source"] == "Test Wire" and stored["published"] == "2024-02-05"
        assert "Shelling hit the market" in stored["text"]
        again = c.post("/api/articles", json=ARTICLE, headers=auth).json()
        assert again["added"] == [] and again["skipped"] == added
        assert c.post("/api/articles", json={**ARTICLE, "extra": 1}, headers=auth).status_code == 422
        assert c.post("/api/articles", json={"title": "no text"}, headers=auth).status_code == 422
        assert c.post("/api/articles", content=b"not json", headers={**auth, "Content-Type": "application/json"}
                      ).status_code == 422
        too_long = json.dumps({**ARTICLE, "text": "word " * 250_000})  # over the text's 900,000 characters
        r = c.post("/api/articles", content=too_long, headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 422
        big = json.dumps({**ARTICLE, "text": "word " * 1_800_000})  # 9 MB: cut off before parsing
        r = c.post("/api/articles", content=big, headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 413


def test_token_from_environment(tmp_db, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_TOKEN", "from-env")
    with TestClient(create_app(tmp_db)) as c:
        r = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer from-env"})
        assert r.status_code == 201


def test_body_limit_without_content_length(tmp_db):
    """A chunked body (no Content-Length) is cut off at the limit too."""
    with TestClient(create_app(tmp_db, token="t")) as c:
        def chunks():
            for _ in range(2100):  # 8.6 MB
                yield b"x" * 4096
        r = c.post("/api/articles", content=chunks(), headers={"Authorization": "Bearer t",
                                                               "Content-Type": "application/json"})
        assert r.status_code == 413


# -- OpenAPI ---------------------------------------------------------------------------------------
def test_openapi_schema_documents_every_endpoint(client):
    schema = get_json(client, "/api/openapi.json")
    try:
        from openapi_spec_validator import validate
    except ImportError:
        validate = None
    if validate is not None:
        validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ["/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
                 "/api/actors", "/api/actors/{actor_id}", "/api/relations", "/api/places", "/api/search",
                 "/api/stats", "/api/graph", "/api/quotes", "/api/outlets"]:
        assert "get" in paths[path], path
        assert "200" in paths[path]["get"]["responses"]
    assert "post" in paths["/api/articles"]
    events_params = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert events_params["limit"]["schema"]["maximum"] == MAX_LIMIT
    assert {"type", "actor", "outlet", "since", "until", "offset"} <= set(events_params)
    assert not any(p.startswith("/map") or p == "/" for p in paths), "pages are not part of the API"


# -- building blocks -------------------------------------------------------------------------------
def test_highlight_escapes_and_handles_overlaps():
    text = "<b>Ann</b> met Bob & Cy"
    spans = [Span(0, 10, "actor", "Ann <x>"), Span(3, 6, "place"), Span(15, 18, "actor"), Span(40, 50, "date")]
    html = str(highlight(text, spans))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<mark class="actor place" title="Ann &lt;x&gt;">Ann</mark>' in html
    assert html.count("<mark") == 4  # [0,3) [3,6) [6,10) and Bob; the span past the end is dropped


def test_context_cuts_at_words():
    text = "one two three four five six seven eight nine ten"
    ctx = context(text, 14, 18, chars=6)
    assert ctx["evidence"] == "four" and ctx["before"].endswith("three ") and ctx["cut_before"]
    assert ctx["after"].startswith(" five") and ctx["cut_after"]
    whole = context(text, 0, len(text))
    assert whole["before"] == whole["after"] == "" and not whole["cut_before"]


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from newsgraph.cli import app

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    for option in ("--db", "--host", "--port", "--token"):
        assert option in r.output


def test_security_headers_and_offline_api_reference(client):
    for url in ["/", "/api/stats", "/map"]:
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/docs").status_code == 404  # Swagger UI would load files from a CDN
    html = client.get("/api-reference").text
    schema = client.get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in html
    assert "http://" not in html.replace("http://127", "") and "https://" not in html


def test_empty_store_renders_every_page(tmp_db):
    with TestClient(create_app(tmp_db, token="")) as c:
        for url in ["/", "/map", "/timeline", "/graph", "/events", "/actors", "/articles", "/outlets",
                    "/search?q=anything", "/api-reference"]:
            assert c.get(url).status_code == 200, url
        for url in ["/api/events", "/api/actors", "/api/relations", "/api/places", "/api/articles", "/api/quotes"]:
            assert c.get(url).json() == {"total": 0, "limit": 50, "offset": 0, "items": []}, url
        assert c.get("/api/graph").json() == {"nodes": [], "edges": [], "total_edges": 0, "communities": 0}
