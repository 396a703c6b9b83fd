"""Tweet embeds and social widgets are dropped by their tokens; a tweet quoted in a story stays."""
from __future__ import annotations

from hygiene_samples import QUOTED_TWEET, SIDEBAR_TWEETS, STORY, TWEET_ATTRIBUTION, TWEET_TEXT

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.widgets import find_widgets, token_kinds
from newsgraph.records import RawDocument


def _article(lines: list[str]):
    [article] = articles_from_raw(RawDocument(path="p.txt", format="txt", text="\n\n".join(lines), raw_sha="0"))
    return article


def test_an_embedded_tweet_goes_with_its_attribution_line():
    lines = [*STORY[:3], TWEET_TEXT, TWEET_ATTRIBUTION, *STORY[3:]]
    article = _article(lines)
    assert article.text.split("\n\n") == STORY
    assert [(d.kind, d.chars) for d in article.dropped] == [("widget", len(TWEET_TEXT) + len(TWEET_ATTRIBUTION))]


def test_a_sidebar_of_tweets_and_its_closing_line_are_one_widget():
    article = _article([*STORY, *SIDEBAR_TWEETS])
    assert article.text.split("\n\n") == STORY
    assert {d.kind: d.chars for d in article.dropped} == {"widget": sum(map(len, SIDEBAR_TWEETS))}


def test_a_tweet_quoted_in_a_story_paragraph_stays():
    assert token_kinds(QUOTED_TWEET) == set()  # its handle and hashtag are inside the quotation
    article = _article([*STORY[:2], QUOTED_TWEET, *STORY[2:]])
    assert QUOTED_TWEET in article.text.split("\n\n")


def test_one_hashtag_in_prose_is_not_a_widget():
    line = "Protesters used the #Geneva tag to share pictures of the march, organisers said."
    assert find_widgets([*STORY, line]) == {}
