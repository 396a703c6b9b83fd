"""The Host allow-list of `serve`, unstorable query text, and the API answering alike on both backends."""
from __future__ import annotations

import pytest
from demo_store import build_demo_store
from fastapi.testclient import TestClient

from newsgraph.web import create_app
from newsgraph.web.app import default_hosts


def test_default_hosts_are_the_bind_address_and_loopback_names():
    assert default_hosts("127.0.0.1") == ["127.0.0.1", "localhost"]
    assert default_hosts("192.0.2.7") == ["192.0.2.7", "localhost", "127.0.0.1"]
    assert default_hosts("0.0.0.0") == ["localhost", "127.0.0.1"]  # a wildcard is no host name


def test_a_foreign_host_is_refused_and_never_echoed(demo):
    app = create_app(demo.db, token="", allowed_hosts=default_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        for host in ("rebind.attacker.example", "rebind.attacker.example:8000", "127.0.0.1.attacker.example"):
            r = c.get("/api/stats", headers={"Host": host})
            assert r.status_code == 400, host
            assert "attacker" not in r.text and r.headers.get("x-frame-options") == "DENY"
        r = c.get("/static", headers={"Host": "rebind.attacker.example"}, follow_redirects=False)
        assert r.status_code == 400 and "attacker" not in r.headers.get("location", "")
        r = c.get("/static", follow_redirects=False)  # an allowed Host is redirected to itself only
        assert r.status_code in (307, 308) and r.headers["location"].startswith("http://127.0.0.1:8000/")


def test_serve_checks_the_host_with_the_setting_and_the_option(demo, monkeypatch):
    import uvicorn

    from newsgraph.web import app as web_app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("NEWSGRAPH_ALLOWED_HOSTS", "news.example.org, intranet")
    web_app.serve(demo.db, host="127.0.0.1", port=8123, token="", allowed_hosts=["extra.example"])
    assert seen["app"].state.allowed_hosts == ["127.0.0.1", "localhost", "news.example.org", "intranet",
                                               "extra.example"]
    with TestClient(seen["app"], base_url="http://news.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "elsewhere.example"}).status_code == 400
    seen["app"].state.store.close()


def test_the_cli_passes_allow_host(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import newsgraph.web as web
    from newsgraph.cli import app

    seen = {}
    monkeypatch.setattr(web, "serve", lambda db, **kw: seen.update(kw))
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--allow-host", "a.example",
                                      "--allow-host", "b.example"])
    assert result.exit_code == 0, result.output
    assert seen["allowed_hosts"] == ["a.example", "b.example"]


@pytest.mark.parametrize("url", ["/api/articles?source=%00", "/api/search?q=conv%00oy", "/api/actors?q=%00%00",
                                 "/api/events?outlet=a%00b", "/api/places?q=%00", "/search?q=%00",
                                 "/api/articles?source=%ED%A0%80"])
def test_nul_in_a_query_is_storable_text_never_a_server_error(backend_client, url):
    r = backend_client.get(url)
    assert r.status_code in (200, 422), (url, r.status_code, r.text[:200])


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend_demo(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    url = f"sqlite:///{folder / 'demo.db'}" if request.param == "sqlite" else request.getfixturevalue(
        "postgres_module_db")
    return build_demo_store(url, folder)


@pytest.fixture(scope="module")
def backend_client(backend_demo):
    with TestClient(create_app(backend_demo.db, token="")) as c:
        yield c


VOLATILE = {"created_at", "ingested_at", "processed_at", "at", "db", "location"}


def _stable(value):
    """The JSON without the fields that record when something was written."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


@pytest.mark.postgresql
def test_the_api_answers_alike_on_sqlite_and_postgresql(tmp_path, postgres_db):
    """Same demo store on both backends: every list and detail answers the same, in the same order
    (ties and NULL dates included)."""
    stores = {"sqlite": build_demo_store(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path),
              "postgresql": build_demo_store(postgres_db, tmp_path)}
    answers = {}
    for name, demo in stores.items():
        with TestClient(create_app(demo.db, token="")) as c:
            got = {}
            for url in ("/api/articles?limit=500", "/api/events?limit=500", "/api/actors?limit=500",
                        "/api/relations?limit=500", "/api/places?limit=500", "/api/quotes?limit=500",
                        "/api/outlets", "/api/graph"):
                got[url] = c.get(url).json()
            # bm25 and ts_rank weigh matches differently: the same articles match, each snippet marks them
            for q in ("army", "the", "ceasefire talks", "milit*"):
                items = c.get(f"/api/search?q={q}&limit=500").json()["items"]
                got[f"search {q}"] = sorted(i["id"] for i in items)
                assert all("[" in i["snippet"] for i in items), (name, q)
            for rel in got["/api/relations?limit=500"]["items"]:
                got[f"reports {rel['id']}"] = c.get(f"/api/relations/{rel['id']}/reports").json()
            for ev in got["/api/events?limit=500"]["items"][:20]:
                got[f"event {ev['id']}"] = c.get(f"/api/events/{ev['id']}").json()
            for art in got["/api/articles?limit=500"]["items"]:
                got[f"article {art['id']}"] = c.get(f"/api/articles/{art['id']}").json()
            stats = c.get("/api/stats").json()
            got["stats"] = {k: v for k, v in stats.items() if k != "per_outlet"}
            answers[name] = _stable(got)
    assert answers["sqlite"].keys() == answers["postgresql"].keys()
    differing = [k for k in answers["sqlite"] if answers["sqlite"][k] != answers["postgresql"][k]]
    assert differing == []
