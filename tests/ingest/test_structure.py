"""Share, login and footer furniture, menus and template lines: dropped with their kind, story kept."""
from __future__ import annotations

import pytest
from hygiene_samples import MENU, SHARE_FOOTER, STORY

from newsgraph.errors import LexiconError
from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.drops import KINDS
from newsgraph.ingest.patterns import boilerplate_patterns
from newsgraph.ingest.structure import find_menus, structural_drops
from newsgraph.lexicon import parse_tsv
from newsgraph.records import RawDocument


def _article(lines: list[str], template: frozenset[str] = frozenset()):
    raw = RawDocument(path="p.txt", format="txt", text="\n\n".join(lines), raw_sha="0")
    [article] = articles_from_raw(raw, template)
    return article


def test_share_login_and_footer_labels_are_dropped_with_their_kinds():
    article = _article([*STORY, *SHARE_FOOTER])
    assert article.text.split("\n\n") == STORY
    kinds = {d.kind: d.chars for d in article.dropped}
    assert sum(kinds.values()) == sum(map(len, SHARE_FOOTER))
    assert set(kinds) <= {"share", "footer", "navigation"} and kinds.get("share") and kinds.get("footer")


def test_lone_labels_mid_story_are_dropped_but_a_sentence_naming_them_is_kept():
    sentence = "The state media office said the views of the opposition would be aired on Monday."
    article = _article([*STORY[:2], "Views", sentence, "State", *STORY[2:]])
    assert article.text.split("\n\n") == [*STORY[:2], sentence, *STORY[2:]]


def test_a_menu_run_at_the_top_is_navigation_the_headline_stays():
    lines = [*MENU, *STORY]
    # "Home" and "Contact us" are footer labels wherever they stand; the run makes the others a menu
    assert find_menus(lines) == {0: "footer", 1: "navigation", 2: "navigation", 3: "footer"}
    assert _article(lines).text.split("\n\n") == STORY


def test_short_lines_without_a_known_label_are_not_a_menu():
    names = ["Omar Said", "Lina Farah", "Tom Baker"]  # e.g. a list of the released detainees
    assert find_menus([*STORY[:2], *names, *STORY[2:]]) == {}


def test_a_template_line_is_dropped_at_the_edges_only():
    promo = "Read our full coverage of the talks in the special report."
    lines = [promo, *STORY[:3], promo + " Again.", *STORY[3:], promo]
    drops = structural_drops(lines, frozenset({promo}))
    assert {i: d.kind for i, d in drops.items()} == {0: "template", len(lines) - 1: "template"}
    mid = [*STORY[:3], promo, *STORY[3:]]
    assert structural_drops(mid, frozenset({promo})) == {}


def test_every_boilerplate_row_has_a_known_kind():
    assert {p.kind for p in boilerplate_patterns()} <= set(KINDS)


@pytest.mark.parametrize("text", [
    "pattern\tkind\nabc\tfooter\n",  # wrong header
    "pattern\tscope\tkind\treason\nabc\tline\tfooter\n",  # a row without its reason cell
    "pattern\tscope\tkind\treason\nabc\tline\tfooter\t \n",  # an empty reason
])
def test_a_data_file_without_its_header_or_a_reason_fails_loudly(text):
    with pytest.raises(LexiconError):
        parse_tsv(text, ("pattern", "scope", "kind", "reason"), "t.tsv")
