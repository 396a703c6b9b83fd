"""Comment threads are removed by their shape, in each layout, and the story around them is kept."""
from __future__ import annotations

from hygiene_samples import (BBC_COMMENTS, BLOG_COMMENTS, CNN_COMMENTS, CNN_FORM, CNN_SIDEBAR, HEADER_COMMENTS,
                             LIVE_ENTRIES, NEUTRAL_END, STORY)

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.thread_markers import marker
from newsgraph.ingest.threads import find_threads
from newsgraph.records import RawDocument


def _article(lines: list[str], fmt: str = "txt"):
    result = articles_from_raw(RawDocument(path="page.txt", format=fmt, text="\n\n".join(lines), raw_sha="0"))
    assert isinstance(result, list), result
    [article] = result
    return article


def _dropped(article) -> dict[str, int]:
    return {d.kind: d.chars for d in article.dropped}


def test_cnn_shape_the_first_comment_above_its_footer_goes_with_the_thread():
    article = _article([*STORY, NEUTRAL_END, *CNN_COMMENTS, *CNN_FORM, *CNN_SIDEBAR])
    assert article.text.split("\n\n") == [*STORY, NEUTRAL_END]
    dropped = _dropped(article)
    assert dropped["comments"] == sum(map(len, CNN_COMMENTS + CNN_FORM))
    assert dropped["footer"] == sum(map(len, CNN_SIDEBAR))


def test_cnn_shape_without_timestamps_the_comment_form_still_closes_the_thread():
    article = _article([*STORY, *CNN_COMMENTS[:2], *CNN_FORM])
    assert article.text.split("\n\n") == STORY
    assert _dropped(article)["comments"] == sum(map(len, CNN_COMMENTS[:2] + CNN_FORM))


def test_header_first_shape_heading_bylines_and_form():
    article = _article([*STORY, *HEADER_COMMENTS])
    assert article.text.split("\n\n") == STORY
    assert _dropped(article) == {"comments": sum(map(len, HEADER_COMMENTS))}


def test_bare_timestamps_with_talking_entries_are_a_thread():
    article = _article([*STORY, *BBC_COMMENTS])
    assert article.text.split("\n\n") == STORY
    assert _dropped(article)["comments"] == sum(map(len, BBC_COMMENTS))


def test_bare_timestamps_whose_entries_report_are_a_live_page_and_stay():
    article = _article([*STORY, *LIVE_ENTRIES])
    assert article.text.split("\n\n") == [*STORY, *LIVE_ENTRIES]
    assert article.dropped == []


def test_blog_comments_with_a_posted_by_footer():
    article = _article([*STORY, *BLOG_COMMENTS])
    assert article.text.split("\n\n") == STORY
    assert _dropped(article)["comments"] == sum(map(len, BLOG_COMMENTS))


def test_a_posted_by_byline_in_the_header_zone_is_not_a_thread():
    lines = [STORY[0], "Posted by Lina Farah on March 6, 2011 at 8:00 am", *STORY[1:]]
    assert find_threads(lines, first_body=2) == {}


def test_a_date_in_a_sentence_is_not_a_comment_stamp():
    line = "The ceasefire took effect on March 3, 2011 at 9:00 pm and held through the night, officials said."
    assert marker(0, line) is None
    article = _article([*STORY[:2], line, *STORY[2:]])
    assert line in article.text.split("\n\n")


def test_a_publication_stamp_with_a_time_zone_is_not_a_comment_stamp():
    assert marker(0, "GENEVA | Tue Mar 3, 2011 9:14 pm GMT GENEVA (Harbour Wire) - Talks resumed.") is None


def test_a_thread_between_two_stories_keeps_the_second_story():
    second = [
        "Farmers in the valley say the harvest will be the smallest in a decade, officials said.",
        "The ministry said it would buy surplus grain at a guaranteed price, a spokesman told reporters.",
        "Traders said bread prices would stay stable until the summer, according to the chamber of commerce.",
        "Fuel for transport has doubled in price since the winter, drivers said.",
    ]
    lines = [*STORY, *CNN_COMMENTS[:3], *second]
    kinds = find_threads(lines, first_body=1)
    assert sorted(kinds) == list(range(len(STORY), len(STORY) + 3))


def test_a_thread_that_the_html_extractor_keeps_is_removed_from_the_page_text():
    body = "".join(f"<p>{p}</p>" for p in [*STORY[1:], NEUTRAL_END, *CNN_COMMENTS])
    page = (f"<html><head><title>{STORY[0]}</title></head><body><article><h1>{STORY[0]}</h1>{body}"
            "</article></body></html>")
    result = articles_from_raw(RawDocument(path="page.html", format="html", text=page, raw_sha="0"))
    assert isinstance(result, list), result
    [article] = result
    assert article.text.split("\n\n") == [*STORY, NEUTRAL_END]
    assert "comments" in {d.kind for d in article.dropped}
