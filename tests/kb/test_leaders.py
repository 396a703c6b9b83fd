"""Who leads which state when (kb/leaders.py). KB entries written for these tests."""
from __future__ import annotations

from newsgraph.kb.actors import KBEntry, KnowledgeBase
from newsgraph.kb.leaders import state_led_by


def kb_with(*roles) -> tuple[KnowledgeBase, KBEntry]:
    person = KBEntry("p", "Nabil Qassar", "person", "SY", roles=list(roles))
    entries = [KBEntry("state.sy", "Syria", "state", "SY"), KBEntry("state.us", "United States", "state", "US"), person]
    return KnowledgeBase({e.id: e for e in entries}, []), person


def test_a_head_of_state_leads_his_state_between_the_role_dates():
    kb, p = kb_with({"role": "President of Syria", "from": "2001-01-01", "to": "2020-01-01"})
    assert state_led_by(kb, p, "2012-05-01") == "SY"
    assert state_led_by(kb, p, "2012") == "SY"
    assert state_led_by(kb, p, "2021-05-01") is None
    assert state_led_by(kb, p, None) == "SY"  # an undated story: the KB's role


def test_other_roles_rival_governments_and_organisations_lead_no_state():
    kb, p = kb_with({"role": "Minister of Defence of Syria", "from": "2001-01-01", "to": None},
                    {"role": "Prime Minister of Syria (Interim Government)", "from": "2001-01-01", "to": None},
                    {"role": "Leader of the Front", "from": "2001-01-01", "to": None})
    assert state_led_by(kb, p, "2012-05-01") is None


def test_the_state_named_with_an_article():
    kb, p = kb_with({"role": "President of the United States", "from": "2009-01-20", "to": "2017-01-20"})
    assert state_led_by(kb, p, "2012-05-01") == "US"
