"""The audit on small hand-written stores: each figure and each suspect detector, with a case that
must be found and a look-alike that must not."""
from __future__ import annotations

import json

import pytest
from audit_store import PV
from sqlalchemy import text as sql

from newsgraph.audit import audit, overview_summary
from newsgraph.audit.records import NOT_RECORDED
from newsgraph.audit.suspects import (distinct_given_names, furniture_reason, given_and_surname,
                                      is_description, load_patterns, place_context)
from newsgraph.store import open_store


def run(url: str, **kw):
    with open_store(url, dedup=None) as st:
        return audit(st, **kw)


# -- events ------------------------------------------------------------------------------------------
def events_store(builder):
    d = builder.add("Militia fighters shelled the port of Tobruk on Monday. Talks on a truce are planned "
                    "for 2027. The council condemned the shelling.", published="2024-03-02")
    d.actor("act-mil", "Harbour Militia", "armed_group")
    d.actor("act-council", "Harbour Council", "government", "LY")
    d.mention("Militia fighters", "act-mil", label="ORG")
    d.mention("The council", "act-council", label="ORG")
    tobruk = d.place("Tobruk", "LY", "city")
    d.event("Militia fighters shelled the port of Tobruk on Monday.", "ASSAULT", actor=["act-mil"],
            recipient=["act-council"], date="2024-02-26", place=tobruk)
    d.event("Talks on a truce are planned for 2027.", "CONSULT", date="2027")  # late, not hypothetical
    d.event("The council condemned the shelling.", "DISAPPROVE", actor=["act-council"])
    u = builder.add("Gunmen attacked a checkpoint, a witness said. An attack on the airport may follow in 2029.",
                    published=None, source="Coast Wire")
    u.actor("act-gun", "Coast Gunmen", "armed_group")
    u.mention("Gunmen", "act-gun", label="ORG")
    u.event("Gunmen attacked a checkpoint, a witness said.", "ASSAULT", actor=["act-gun"])
    u.event("An attack on the airport may follow in 2029.", "ASSAULT", date="2029", hypothetical=True)
    return builder.write()


def test_event_figures_overall_and_for_assault(builder):
    r = run(events_store(builder))
    o = r.overall
    assert r.pipeline_version is None and r.versions == {PV: 2}  # every stored fact, whatever version
    assert (o.articles, o.dated_articles, o.events) == (2, 1, 5)
    assert o.events_per_article == 2.5
    assert (o.all_events.actor.n, o.all_events.recipient.n, o.all_events.date.n) == (3, 1, 3)
    a = o.assault
    assert a.n == 3
    assert (a.actor.n, a.place_city_region.n, a.date.n, a.date_day.n) == (2, 1, 2, 1)
    # ACLED rows leave the hypothetical event out; only the Tobruk shelling has date, actor and city
    assert (a.acled_complete.n, a.acled_complete.of) == (1, 2)
    # dated in dated articles: the undated article's events are not in the denominator
    assert a.date_in_dated_articles.of == 1
    # the truce talks dated 2027 in a 2024 story are late; the hypothetical 2029 attack is not
    assert o.late_events.n == 1
    late = o.suspects["late_event"]
    assert late.count == 1 and late.examples[0].detail.startswith("CONSULT dated 2027")


def test_outlets_are_scopes_of_their_own(builder):
    r = run(events_store(builder))
    by_name = {s.outlet: s for s in r.outlets}
    assert set(by_name) == {"Harbour Times", "Coast Wire"}
    assert by_name["Harbour Times"].events == 3 and by_name["Coast Wire"].events == 2
    assert by_name["Coast Wire"].assault.acled_complete.of == 1


def test_columns_the_store_lacks_are_not_recorded_not_zero(builder):
    url = events_store(builder)
    # a store from before migrations 0006 (actors' sector / collective / inter) and 0007 (events' bases)
    with open_store(url, dedup=None) as st, st.engine.begin() as c:
        for table, col in (("events", "date_basis"), ("events", "time_precision"), ("events", "place_basis"),
                           ("events", "geo_precision"), ("actors", "sector"), ("actors", "collective"),
                           ("actors", "inter")):
            c.execute(sql(f"ALTER TABLE {table} DROP COLUMN {col}"))
    r_dict = run(url).to_dict()
    # articles.dropped exists (migration 0004) and ingest records it for every article (here: nothing)
    assert r_dict["recorded"]["dropped"] and not any(v for k, v in r_dict["recorded"].items() if k != "dropped")
    o = r_dict["overall"]
    assert o["dropped"]["articles_recorded"] == 2 and o["dropped"]["chars"] == 0
    assert o["events"]["assault"]["date_basis"] == NOT_RECORDED
    assert o["actors"]["by_sector"] == NOT_RECORDED and o["actors"]["collective"] == NOT_RECORDED
    assert r_dict["headline"]["dropped_share_of_text"] == 0.0
    json.dumps(r_dict)  # plain data


def test_columns_added_by_later_work_are_read_when_present(builder):
    url = events_store(builder)
    with open_store(url, dedup=None) as st, st.engine.begin() as c:
        # the columns exist (migrations 0006, 0007); place_basis is dropped: a store that lacks only it
        c.execute(sql("ALTER TABLE events DROP COLUMN place_basis"))
        c.execute(sql("UPDATE articles SET dropped = NULL WHERE published IS NULL"))  # cleaned before the column
        c.execute(sql("UPDATE articles SET dropped = :d WHERE published IS NOT NULL"),
                  {"d": json.dumps([{"kind": "comments", "chars": 300}, {"kind": "footer", "chars": 100}])})
        c.execute(sql("UPDATE events SET date_basis = 'explicit' WHERE date_value IS NOT NULL"))
        c.execute(sql("UPDATE events SET geo_precision = 1 WHERE place_text IS NOT NULL"))
        c.execute(sql("UPDATE actors SET sector = 'REB', collective = 1 WHERE id = 'act-gun'"))
    r = run(url)
    o = r.overall
    assert r.recorded["dropped"] and r.recorded["date_basis"] and not r.recorded["place_basis"]
    assert o.dropped.articles_recorded == 1  # the other article's dropped is NULL: not recorded
    assert o.dropped.articles_with_drops == 1 and o.dropped.chars == 400
    assert o.dropped.by_kind["comments"] == {"articles": 1, "chars": 300}
    assert 0 < o.dropped.share_of_text < 1
    assert o.all_events.date_basis == {"explicit": 3, "none": 2}
    assert o.assault.geo_precision == {"none": 2, "1": 1}
    assert o.all_events.place_basis is None
    assert o.actors.by_sector == {"none": 2, "REB": 1} and o.actors.collective == 1
    assert o.actors.rebel_or_opposition == 1  # by its sector: "Coast Gunmen" has no rebel word in its name


def test_dropped_is_not_recorded_when_no_article_has_it(builder):
    url = events_store(builder)
    with open_store(url, dedup=None) as st, st.engine.begin() as c:
        c.execute(sql("UPDATE articles SET dropped = NULL"))
    d = run(url).to_dict()
    assert d["overall"]["dropped"] == NOT_RECORDED and d["headline"]["dropped_share_of_text"] == NOT_RECORDED


def test_an_empty_store_audits(tmp_db):
    r = run(tmp_db)
    assert r.overall.articles == 0 and r.overall.events_per_article is None
    assert r.overall.assault.actor.share is None
    assert r.to_dict()["headline"]["suspects.furniture_actor"] == 0


# -- suspects -------------------------------------------------------------------------------------------
def test_furniture_and_lowercase_actors(builder):
    d = builder.add("Reply Sandpiper77 I agree with this. Please read our Terms of Service first. "
                    "4:15 Harbour was the last post. doesn matter. The UN sent envoys. Harbour Council met.")
    for aid, name, typ, kb in (("a1", "Reply Sandpiper77", "person", None), ("a2", "Terms of Service", "other", None),
                               ("a3", "4:15 Harbour", "person", None), ("a4", "doesn", "person", None),
                               ("a5", "UN", "igo", "igo.un"), ("a6", "Harbour Council", "government", None)):
        d.actor(aid, name, typ, kb_id=kb)
        d.mention(name, aid)
    r = run(builder.write())
    furn = r.overall.suspects["furniture_actor"]
    assert {x.actor_id for x in furn.examples} == {"a1", "a2", "a3"}
    assert furn.count == 3 and furn.of == 6 and furn.top == 3
    low = r.overall.suspects["lowercase_actor"]
    assert [x.actor_id for x in low.examples] == ["a4"]
    assert "[Terms of Service]" in next(x.context for x in furn.examples if x.actor_id == "a2")


@pytest.mark.parametrize(("name", "suspect"), [
    ("Reply", True), ("Privacy Policy", True), ("6:07 Cairo", True), ("BST LONDON", True),
    ("Aired February 6", True), ("Thu Mar 12 2009", True), ("ET", True), ("patriot1776", True),
    ("M23", False), ("Muslim Brotherhood", False), ("Al-Shabaab", False), ("G20", False),
    ("BBC Radio 4", False), ("Reporters Without Borders", False),
])
def test_furniture_names(name, suspect):
    assert (furniture_reason(name) is not None) is suspect


def test_place_names_typed_as_actors(builder):
    d = builder.add("Shelling resumed in Aleppo on Monday. Residents fled from Aleppo overnight. Aleppo "
                    "was quiet by noon. Jack said the roads were closed. Jack left.")
    d.place("Aleppo", "SY", "city", nth=0)
    d.place("Aleppo", "SY", "city", nth=1)
    d.actor("p1", "Aleppo", "person")
    d.actor("p2", "Jack", "person")
    d.mention("Aleppo", "p1", nth=0)
    d.mention("Aleppo", "p1", nth=1)
    d.mention("Aleppo", "p1", nth=2)
    d.mention("Jack", "p2", nth=0)
    d.mention("Jack", "p2", nth=1)
    r = run(builder.write())
    sus = r.overall.suspects["place_as_actor"]
    assert [x.actor_id for x in sus.examples] == ["p1"]
    assert "2/3 mentions in a place context" in sus.examples[0].detail


def test_place_context_shapes():
    pats = load_patterns()
    t = "Tanks rolled into Harbourton. The town of Harbourton burned. Harbourton province is calm. In Harbourton's view"
    starts = [i for i in range(len(t)) if t.startswith("Harbourton", i)]
    got = [place_context(t, s, s + len("Harbourton"), pats) for s in starts]
    assert got == [True, True, True, False]  # the possessive is a person's or a body's, not a place


def test_surname_merges(builder):
    d = builder.add("Karim Haddad spoke. Nadia Haddad, his sister, disagreed. President Karim Haddad left. "
                    "Moammar Qadhafi and Muammar Qadhafi. Tayyip Erdogan met Recep Tayyip Erdogan.")
    d.actor("h", "Karim Haddad", "person")
    for s in ("Karim Haddad", "Nadia Haddad", "President Karim Haddad"):
        d.mention(s, "h")
    d.actor("q", "Muammar Qadhafi", "person")
    d.mention("Moammar Qadhafi", "q")
    d.mention("Muammar Qadhafi", "q")
    d.actor("e", "Recep Tayyip Erdogan", "person")
    d.mention("Tayyip Erdogan", "e")
    d.mention("Recep Tayyip Erdogan", "e")
    r = run(builder.write())
    sus = r.overall.suspects["surname_merge"]
    assert [x.actor_id for x in sus.examples] == ["h"]
    assert "Karim Haddad" in sus.examples[0].detail and "Nadia Haddad" in sus.examples[0].detail


def test_given_and_surname_parsing():
    assert given_and_surname("President Bashar al-Assad") == ("Bashar", "assad")
    assert given_and_surname("Bin Laden") is None  # a particle is not a given name
    assert given_and_surname("Defying Assad") is None  # a headline verb
    assert given_and_surname("G. Haddad") is None
    assert given_and_surname("Assad") is None
    assert len(distinct_given_names({"Gamal": "Gamal Mubarak", "Hosni": "Hosni Mubarak"})) == 2
    assert len(distinct_given_names({"Moammar": "Moammar Qadhafi", "Muammar": "Muammar Qadhafi"})) == 1


def test_descriptions_linked_to_another_country(builder):
    egypt = builder.add("Crowds in Cairo and Suez defied the regime on Friday. Cairo stayed tense.")
    egypt.place("Cairo", "EG", nth=0)
    egypt.place("Suez", "EG")
    egypt.place("Cairo", "EG", nth=1)
    egypt.actor("sy-gov", "Government of Syria", "government", "SY", kb_id="syria.gov")
    egypt.mention("the regime", "sy-gov", label="ORG")
    syria = builder.add("Shelling in Homs and Hama: the regime denied it. Homs was cut off.")
    syria.place("Homs", "SY", nth=0)
    syria.place("Hama", "SY")
    syria.place("Homs", "SY", nth=1)
    syria.actor("sy-gov", "Government of Syria", "government", "SY", kb_id="syria.gov")
    syria.mention("the regime", "sy-gov", label="ORG")
    r = run(builder.write())
    sus = r.overall.suspects["description_other_country"]
    assert (sus.count, sus.of) == (1, 2)
    assert sus.examples[0].article_id == egypt.art.id
    assert "in stories about EG" in sus.examples[0].detail


def test_what_counts_as_a_description():
    assert is_description("the regime") and is_description("The army") and is_description("the president")
    assert not is_description("mubarak")  # a lower-cased name in a reader comment
    assert not is_description("the Brotherhood")
    assert is_description("the missing", label="ROLE")  # the stage said it resolved a role noun


def test_single_mention_share(builder):
    d = builder.add("Harbour Council met. Harbour Council voted. Coast Guard watched.")
    d.actor("c", "Harbour Council", "government")
    d.actor("g", "Coast Guard", "other")
    d.mention("Harbour Council", "c", nth=0)
    d.mention("Harbour Council", "c", nth=1)
    d.mention("Coast Guard", "g")
    r = run(builder.write())
    assert (r.overall.actors.single_mention.n, r.overall.actors.single_mention.of) == (1, 2)
    assert r.overall.actors.other.n == 1
    assert r.overall.suspects["single_mention"].examples[0].actor_id == "g"


def test_rebels_spoken_of_and_rebel_actors(builder):
    d = builder.add("Rebels took the hill. The Harbour Opposition Front denied it. Rebel fighters regrouped.")
    d.actor("o", "Harbour Opposition Front", "armed_group")
    d.mention("Harbour Opposition Front", "o", label="ORG")
    builder.add("The council met on Tuesday and nobody spoke of war.")
    r = run(builder.write())
    assert r.overall.articles_speaking_of_rebels == 1
    assert (r.overall.actors.rebel_or_opposition, r.overall.actors.rebel_or_opposition_mentions) == (1, 1)


def test_patterns_file_rows_all_have_reasons():
    pats = load_patterns()  # raises on a row without a reason or with an unknown kind
    assert "reply" in pats.furniture_names and pats.furniture_regexes and "in" in pats.place_before
    assert "regime" in pats.description_heads


def test_overview_summary_is_cached_until_the_store_changes(builder):
    url = events_store(builder)
    with open_store(url, dedup=None) as st, st.connect() as c:
        first = overview_summary(c, location=st.location)
        assert overview_summary(c, location=st.location) is first
    assert first["events_per_article"] == 2.5 and first["late_events"] == 1


def test_numbered_military_units_and_tank_marks_are_not_furniture_suspects():
    from newsgraph.audit.suspects import furniture_reason, load_patterns
    pats = load_patterns()
    assert not furniture_reason("1st Battalion the Royal Regiment of Fusiliers", pats)
    assert not furniture_reason("321 Brigade", pats)
    assert not furniture_reason("Mark 2", pats)  # "Mark" is not the month "Mar"
    assert furniture_reason("Tue Mar 22", pats) and furniture_reason("3 people", pats)


# -- credits and group words (issue 12: actors on real news) -----------------------------------------------
def test_outlet_credits_and_group_words_typed_person_are_suspects(builder):
    d = builder.add("PORTVILLE (Coastwire) - Gunmen shelled the harbour, a fisherman told Coastwire. "
                    "Alawite leaders met there.", published="2024-03-02")
    d.actor("media.coastwire", "Coastwire", "media")
    d.actor("act-alawite", "Alawite", "person")
    d.actor("act-fisher", "Harbour Fishermen", "community")
    d.mention("Coastwire", "media.coastwire", label="ORG")  # the dateline credit: suspect
    d.mention("Coastwire", "media.coastwire", label="ORG", nth=1)  # "told Coastwire": a participant
    d.mention("Alawite", "act-alawite", label="PERSON")
    r = run(builder.write())
    credit = r.overall.suspects["credit_mention"]
    assert (credit.count, credit.of) == (1, 2)
    group = r.overall.suspects["group_as_person"]
    assert group.count == 1 and group.examples[0].actor_id == "act-alawite"
