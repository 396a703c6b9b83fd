"""Page furniture and outlet signatures on small texts we write ourselves.

Related-link lists, author bios, newsroom bylines, share rows, wire credits, republication notes, wire
datelines and copyright footers: each is dropped from the text, and the ones that name a publisher give
the outlet, never a publication date. The Arab News template rule fires only on its full layout.
"""
from __future__ import annotations

import pytest
from ingest_samples import HEADLINE, PARAGRAPHS

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.feeds import channel_outlet
from newsgraph.ingest.lines import is_boilerplate
from newsgraph.ingest.metadata import outlet_from_signatures
from newsgraph.records import RawDocument

BODY = "\n\n".join(PARAGRAPHS)
WIRE_LEDE = ("LAKESIDE, Mar 4 (Harbour Wire) - Delegations from the two rival administrations returned to the "
             "lakeside town on Tuesday for a third round of talks, officials said.")


def _one(text: str):
    result = articles_from_raw(RawDocument(path="t.txt", format="txt", text=text, raw_sha="0"))
    assert isinstance(result, list), result
    [article] = result
    return article


def _paragraphs(article) -> list[str]:
    return article.text.split("\n\n")


def test_related_heading_takes_its_headline_list_with_it():
    text = (f"{HEADLINE}\n\n{BODY}\n\nRelated Articles\n\nFishermen return to the harbour after a month\n"
            "Bread prices hold steady in the capital\n\nMore in World\n")
    article = _one(text)
    assert _paragraphs(article) == [HEADLINE, *PARAGRAPHS]


def test_related_list_ends_at_the_next_story_paragraph():
    text = (f"{HEADLINE}\n\n{PARAGRAPHS[0]}\n\nRead more\n\nFishermen return to the harbour after a month\n\n"
            + "\n\n".join(PARAGRAPHS[1:]))
    article = _one(text)
    assert _paragraphs(article) == [HEADLINE, *PARAGRAPHS]


def test_headlines_without_a_related_heading_are_kept_mid_story():
    paragraphs = [*PARAGRAPHS[:2], "Fishermen return to the harbour", *PARAGRAPHS[2:]]
    article = _one("\n\n".join([HEADLINE, *paragraphs]))
    assert "Fishermen return to the harbour" in _paragraphs(article)


@pytest.mark.parametrize(
    ("bio", "outlet"),
    [
        ("Lina Farah is the Lakeside Herald's northern correspondent. She joined the paper in 2019.", "Lakeside Herald"),
        ("Omar Said is a staff writer for Example Daily based in the capital.", "Example Daily"),
    ],
)
def test_author_bio_dropped_and_names_the_outlet(bio, outlet):
    article = _one(f"{HEADLINE}\n\n{BODY}\n\n{bio}\n")
    assert _paragraphs(article) == [HEADLINE, *PARAGRAPHS]
    assert (article.source, article.source_basis) == (outlet, "signature")


def test_staff_byline_and_about_the_author():
    text = (f"{HEADLINE}\n\nBy Lakeside Herald staff\n\n{BODY}\n\n"
            "About the author: Omar Said reports on the coast for the Lakeside Herald.\n")
    article = _one(text)
    assert _paragraphs(article) == [HEADLINE, *PARAGRAPHS]
    assert article.source == "Lakeside Herald"


@pytest.mark.parametrize(
    "line",
    ["Facebook X LinkedIn Email", "X", "Share this article", "Share this:", "Facebook | X | WhatsApp", "Print"],
)
def test_share_rows_are_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", ["X marks the spot where the convoy stopped", "Email leak embarrasses minister"])
def test_share_words_inside_a_headline_are_not(line):
    assert not is_boilerplate(line)


def test_share_row_does_not_become_the_next_story_headline():
    other = "Wheat harvest starts early in the valley"
    text = (f"{HEADLINE}\n\nUpdated 3 March 2021\n\n{BODY}\n\nShare this article\nFacebook  X  LinkedIn  Email\n\n"
            f"{other}\n\nUpdated 7 July 2021\n\n{BODY}\n")
    first, second = articles_from_raw(RawDocument(path="t.txt", format="txt", text=text, raw_sha="0"))
    assert (first.title, second.title) == (HEADLINE, other)
    assert "Facebook" not in first.text + second.text


def test_wire_credit_and_copyright_footer():
    text = (f"{HEADLINE}\n\n{WIRE_LEDE}\n\n{BODY}\n\n(Reporting by Sara Lind; Editing by Tom Reed)\n\n"
            "© 2021 Harbour Wire. All rights reserved.\n")
    article = _one(text)
    assert "Reporting by" not in article.text and "©" not in article.text
    assert (article.source, article.source_basis) == ("Harbour Wire", "signature")
    # Neither the yearless dateline nor the copyright year is a publication date.
    assert (article.published, article.published_basis) == (None, "none")


def test_copyright_footer_alone_names_the_outlet_not_the_date():
    article = _one(f"{HEADLINE}\n\n{BODY}\n\n© 2021 Lakeside Herald. All rights reserved.\n")
    assert (article.source, article.published) == ("Lakeside Herald", None)


def test_republisher_footer_beats_the_wire_dateline():
    text = (f"{HEADLINE}\n\n{WIRE_LEDE}\n\n{BODY}\n\nThis wire story was republished by Example Daily.\n\n"
            f"The post {HEADLINE} appeared first on Example Daily.\n")
    article = _one(text)
    assert (article.source, article.published) == ("Example Daily", None)
    assert "republished" not in article.text


def test_wire_dateline_alone_names_the_agency():
    article = _one(f"{HEADLINE}\n\n{WIRE_LEDE}\n\n{BODY}\n")
    assert (article.source, article.source_basis, article.published) == ("Harbour Wire", "signature", None)
    assert article.text.split("\n\n")[1] == WIRE_LEDE  # the dateline paragraph is story text


def test_wire_dateline_credits_its_story_only():
    other = "Wheat harvest starts early in the valley"
    text = (f"{HEADLINE}\n\nUpdated 3 March 2021\n\n{WIRE_LEDE}\n\n{BODY}\n\n"
            f"{other}\n\nUpdated 7 July 2021\n\n{BODY}\n")
    first, second = articles_from_raw(RawDocument(path="t.txt", format="txt", text=text, raw_sha="0"))
    assert first.source == "Harbour Wire" and second.source is None


def test_parenthesis_in_a_lede_is_not_a_dateline():
    lede = ("The ministry of agriculture (which runs the grain board) - officials said on Monday - will buy "
            "surplus wheat at a guaranteed price.")
    assert outlet_from_signatures([], [HEADLINE], lede) is None


# The Arab News rule needs the whole layout; each variant below lacks one trait.
ARAB_LAYOUT = [HEADLINE, "A caption under the photo.", "Short Url", "Updated 05 March 2021", HEADLINE,
               "• Talks resume"]


def test_arab_news_layout_identified():
    assert outlet_from_signatures([], ARAB_LAYOUT) == "Arab News"


@pytest.mark.parametrize(
    "header",
    [
        [HEADLINE, "Short Url", "Updated 05 March 2021", PARAGRAPHS[0]],  # no repeated headline, no bullet
        [HEADLINE, "Updated 05 March 2021", "Short Url", HEADLINE, "• Talks resume"],  # order reversed
        [HEADLINE, "Short Url", "Updated 5 March 2021", HEADLINE, "• Talks resume"],  # day not zero-padded
        [HEADLINE, "Short Url", "Updated 05 March 2021", HEADLINE],  # no summary bullet
    ],
)
def test_arab_news_rule_is_strict(header):
    assert outlet_from_signatures([], header) is None


def test_named_outlet_beats_the_arab_news_layout():
    bio = "Lina Farah is the Lakeside Herald's northern correspondent."
    assert outlet_from_signatures([bio], ARAB_LAYOUT) == "Lakeside Herald"


@pytest.mark.parametrize(
    ("title", "link", "outlet"),
    [
        ("Harbour Wire - Coastal conflict", "https://harbour-wire.example/coast", "Harbour Wire"),
        ("World news | The Lakeside Herald", "https://www.lakesideherald.example/world", "The Lakeside Herald"),
        ("Example Daily: Politics", None, "Example Daily"),
        ("Al-Example", "https://al-example.example/", "Al-Example"),
        ("", None, None),
    ],
)
def test_channel_outlet(title, link, outlet):
    assert channel_outlet(title, link) == outlet
