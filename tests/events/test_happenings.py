"""One event per happening, senses that are no event, when and where with their bases (issue 12).

Fixture sentences are our own, about the war in Sudan (real actors and places, invented wording).
"""
from __future__ import annotations

from test_events import article, dates_for, events, mentions_for, places_for

from newsgraph.events.extract import extract_events
from newsgraph.events.when import after_publication, is_history
from newsgraph.events.where import geo_precision
from newsgraph.records import Evidence, PlaceMention


def _in(text, e):
    return text[e.evidence.start:e.evidence.end]


def test_a_later_mention_is_a_report_of_the_first_event(nlp_base):
    text = ("The RSF shelled El Fasher on Monday, killing 12 people. "
            "Residents said the shelling lasted four hours and killed 9 people.")
    evs = [e for e in events(nlp_base, text, {"Monday": "2024-05-06"}) if e.type == "ASSAULT"]
    assert len(evs) == 1, [(_in(text, e), e.trigger) for e in evs]
    ev = evs[0]
    assert "shelled" in _in(text, ev)
    assert [text[r.start:r.end] for r in ev.reports] == ["Residents said the shelling lasted four hours and killed 9 people."]
    assert ev.killed == 9  # the lowest report
    assert ev.actor == ["rsf"] and ev.date.value == "2024-05-06" and ev.date_basis == "explicit"


def test_two_happenings_stay_two(nlp_base):
    text = "The RSF shelled El Fasher on Monday. The army bombed Nyala on Tuesday."
    evs = [e for e in events(nlp_base, text, {"Monday": "2024-05-06", "Tuesday": "2024-05-07"})
           if e.type == "ASSAULT"]
    assert len(evs) == 2 and all(not e.reports for e in evs)


def test_reversed_direction_is_another_happening(nlp_base):
    text = "The RSF attacked the army in Omdurman. The army attacked the RSF in Omdurman."
    evs = [e for e in events(nlp_base, text) if e.type == "ASSAULT"]
    assert len(evs) == 2


def test_market_sports_and_name_senses_are_no_events(nlp_base):
    for text in ("Gold hits record high as investors flee to safety.",
                 "Shares fell sharply in Khartoum trading.",
                 "The team beat its rivals in Omdurman.",
                 "The army bought an attack helicopter from Russia."):
        assert not [e for e in events(nlp_base, text) if e.type == "ASSAULT"], text
    # the violent sense still counts
    assert [e for e in events(nlp_base, "The RSF hit a market in Nyala.") if e.type == "ASSAULT"]


def test_publication_date_is_an_upper_bound_and_none_without_it(nlp_base):
    text = "The RSF shelled El Fasher."
    (ev,) = events(nlp_base, text)
    assert (ev.date.value, ev.date_basis, ev.time_precision) == ("2024-05-10", "publication", 3)
    doc = nlp_base(text)
    (bare,) = extract_events(doc, article(text, published=None), mentions_for(text), places_for(text), [])
    assert bare.date.value is None and bare.date_basis == "none" and bare.time_precision is None


def test_a_reported_event_is_never_dated_after_its_article(nlp_base):
    text = "The RSF shelled El Fasher on Friday."
    (ev,) = events(nlp_base, text, {"Friday": "2024-06-14"})  # article of 2024-05-10
    assert ev.date_basis == "publication" and ev.date.value == "2024-05-10"
    text2 = "The RSF will attack El Fasher on Friday."
    (plan,) = [e for e in events(nlp_base, text2, {"Friday": "2024-06-14"}) if e.type == "ASSAULT"]
    assert plan.hypothetical and plan.date.value == "2024-06-14"


def test_background_history_is_left_out(nlp_base):
    text = "The army bombed Nyala on 3 March 2019. The RSF shelled El Fasher on Monday."
    evs = events(nlp_base, text, {"3 March 2019": "2019-03-03", "Monday": "2024-05-06"})
    assert [e.date.value for e in evs if e.type == "ASSAULT"] == ["2024-05-06"]
    assert is_history("2019-03-03", "2024-05-10") and not is_history("2023-09-01", "2024-05-10")
    assert after_publication("2024-06", "2024-05-10") and not after_publication("2024", "2024-05-10")


def test_place_bases_sentence_context_dateline_focus(nlp_base):
    text = "NYALA, Sudan (Reuters) - The RSF shelled the market. Later the army bombed El Fasher."
    evs = {e.trigger: e for e in events(nlp_base, text) if e.type == "ASSAULT"}
    # places_for gives "NYALA"? no: only the names in PLACES, so add the dateline place by hand
    doc = nlp_base(text)
    places = places_for(text) + [PlaceMention(Evidence("art1", 0, 5), "NYALA", "Nyala", "SD", "South Darfur",
                                              12.05, 24.88, 1, "city", 0.9)]
    evs = {e.trigger: e for e in extract_events(doc, article(text), mentions_for(text), places, [])
           if e.type == "ASSAULT"}
    assert (evs["shelled"].place.name, evs["shelled"].place_basis, evs["shelled"].geo_precision) == ("Nyala", "dateline", 1)
    assert (evs["bombed"].place.name, evs["bombed"].place_basis) == ("El Fasher", "sentence")
    focus_text = "The RSF shelled the market. Nyala was calm. Traders fled Nyala. Fighting was reported."
    doc = nlp_base(focus_text)
    evs2 = [e for e in extract_events(doc, article(focus_text), mentions_for(focus_text), places_for(focus_text), [])
            if e.type == "ASSAULT"]
    assert evs2[0].place.name == "Nyala" and evs2[0].place_basis == "focus" and evs2[0].geo_precision == 2


def test_geo_precision_codes():
    def pm(precision, basis="at"):
        return PlaceMention(Evidence("a", 0, 1), "x", "x", "SD", None, None, None, None, precision, basis=basis)
    assert geo_precision(pm("city"), "sentence") == 1
    assert geo_precision(pm("city", "near"), "sentence") == 2
    assert geo_precision(pm("region", "in"), "sentence") == 2
    assert geo_precision(pm("region"), "sentence") == 3
    assert geo_precision(pm("country"), "context") == 3
    assert geo_precision(pm("unknown"), "sentence") is None


def test_a_mention_with_nothing_of_its_own_is_a_report(nlp_base):
    text = "The RSF shelled El Fasher on Monday. Shelling continued for hours."
    evs = [e for e in events(nlp_base, text, {"Monday": "2024-05-06"}) if e.type == "ASSAULT"]
    assert len(evs) == 1 and len(evs[0].reports) == 1


def test_a_mention_with_its_own_unresolved_participants_is_a_new_happening(nlp_base):
    # the second sentence names who is hit ("aid workers") though no actor is resolved for it: not a
    # report "with nothing of its own" of the first clash
    text = ("The RSF clashed with the army in Omdurman. "
            "Armed youths roam the markets, beating aid workers.")
    evs = [e for e in events(nlp_base, text) if e.type == "ASSAULT"]
    assert not any("beating" in text[r.start:r.end] for e in evs for r in e.reports), \
        [(_in(text, e), [text[r.start:r.end] for r in e.reports]) for e in evs]


def test_fighting_continued_is_still_a_report(nlp_base):
    text = "The RSF attacked the army in Omdurman on Monday. Fighting continued."
    evs = [e for e in events(nlp_base, text, {"Monday": "2024-05-06"}) if e.type == "ASSAULT"]
    assert len(evs) == 1 and [text[r.start:r.end] for r in evs[0].reports] == ["Fighting continued."]


def test_a_country_only_sentence_takes_the_finer_dateline_place_of_that_country(nlp_base):
    text = "NYALA, Sudan (Reuters) - The RSF shelled a market in Sudan. The RSF shelled a camp in Egypt."
    sudan, egypt = text.index("Sudan."), text.index("Egypt.")
    places = [PlaceMention(Evidence("art1", 0, 5), "NYALA", "Nyala", "SD", "South Darfur", 12.05, 24.88, 1, "city", 0.9),
              PlaceMention(Evidence("art1", sudan, sudan + 5), "Sudan", "Sudan", "SD", None, 15.0, 30.0, 2, "country", 0.9),
              PlaceMention(Evidence("art1", egypt, egypt + 5), "Egypt", "Egypt", "EG", None, 26.0, 30.0, 3, "country", 0.9)]
    doc = nlp_base(text)
    evs = [e for e in extract_events(doc, article(text), mentions_for(text), places, []) if e.type == "ASSAULT"]
    by_country = {e.place.country: e for e in evs}
    assert (by_country["SD"].place.name, by_country["SD"].place_basis, by_country["SD"].geo_precision) == (
        "Nyala", "dateline", 1)
    # another country than the dateline's: the sentence's country stands
    assert (by_country["EG"].place.name, by_country["EG"].place_basis) == ("Egypt", "sentence")


def test_hypotheticals_modal_subjects_going_to_and_nominal_governors(nlp_base):
    def assault(text):
        return [e for e in events(nlp_base, text) if e.type == "ASSAULT"]
    for text in ("The army is going to attack Nyala.",
                 "An attack on Nyala would be a disaster, the RSF said.",
                 "Residents in Nyala spoke of their fears of an attack."):
        evs = assault(text)
        assert evs and all(e.hypothetical for e in evs), (text, [(e.trigger, e.hypothetical) for e in evs])
    for text in ("The attack could have killed dozens in Nyala.", "The RSF shelled El Fasher on Monday."):
        evs = assault(text)
        assert evs and not any(e.hypothetical for e in evs), text


def test_direction_is_never_reversed_compound_and_passive_agents(nlp_base):
    def assault(text):
        (ev,) = [e for e in events(nlp_base, text) if e.type == "ASSAULT"]
        return ev.actor, ev.recipient
    assert assault("The RSF is battling the army in Omdurman.") == (["rsf"], ["saf"])
    assert assault("The army was attacked by the RSF in Omdurman.") == (["rsf"], ["saf"])
    assert assault("An RSF drone strike on the army killed 12 soldiers.") == (["rsf"], ["saf"])


def test_weather_and_film_senses_are_no_events(nlp_base):
    for text in ("Winter storms hit Khartoum on Monday.",
                 "Omdurman was hit with a major dust storm.",
                 "The final scene was shot in Nyala."):
        assert not [e for e in events(nlp_base, text) if e.type == "ASSAULT"], text
    assert [e for e in events(nlp_base, "The RSF shot two traders in Nyala.") if e.type == "ASSAULT"]


def test_a_statement_without_any_resolved_side_is_not_coded(nlp_base):
    # PETRARCH codes a verbal event only between actors: nobody resolved, nothing to code
    assert not [e for e in events(nlp_base, "Officials urged residents to stay indoors.") if e.type == "REQUEST"]
    assert [e for e in events(nlp_base, "The United Nations urged the RSF to stay out of El Fasher.")
            if e.type == "REQUEST"]


def test_a_question_reports_nothing(nlp_base):
    (ev,) = [e for e in events(nlp_base, "Has the RSF attacked El Fasher again?") if e.type == "ASSAULT"]
    assert ev.hypothetical
    (told,) = [e for e in events(nlp_base, "The RSF attacked El Fasher again.") if e.type == "ASSAULT"]
    assert not told.hypothetical
