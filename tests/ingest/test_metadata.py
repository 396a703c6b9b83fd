"""Dates, datelines, outlets and story splitting on small texts we write ourselves."""
from __future__ import annotations

import pytest
from ingest_samples import HEADLINE, OTHER_PARAGRAPHS, PARAGRAPHS, story_text

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.metadata import find_published, outlet_from_url, parse_date
from newsgraph.ingest.patterns import boilerplate_patterns, outlet_signatures
from newsgraph.records import IngestError, RawDocument


def _articles(text: str, **meta):
    result = articles_from_raw(RawDocument(path="t.txt", format="txt", text=text, raw_sha="0", meta=meta))
    assert isinstance(result, list), result
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 February 2020", "2020-02-22"), ("February 22, 2020", "2020-02-22"), ("Feb. 22, 2020", "2020-02-22"),
        ("Sept. 19, 2015", "2015-09-19"), ("April 16 14:38 2019", "2019-04-16"), ("2020-02-22T10:00:00Z", "2020-02-22"),
        ("Sat, 22 Feb 2020 10:00:00 GMT", "2020-02-22"), ("2020-02", "2020-02"), ("2020", "2020"),
        ("Sept. 19", None), ("31 February 2020", None), ("no date here", None), ("", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_published():
    assert find_published(["Headline", "Updated 22 February 2020"]) == ("2020-02-22", "updated-line")
    assert find_published(["Headline", "April 16", "14:38 2019"]) == ("2019-04-16", "dateline")
    assert find_published(["Headline", "Updated 2 March 2020", "Published 1 March 2020"]) == ("2020-03-01", "dateline")
    assert find_published(["Headline", "Sept. 19"]) == (None, "none")
    assert find_published(["Headline"]) == (None, "none")


def test_outlet_from_url():
    assert outlet_from_url("https://www.arabnews.com/node/1") == "Arab News"
    assert outlet_from_url("https://news.example.com/a") == "news.example.com"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url(None) is None


def test_data_files_load_with_reasons():
    assert boilerplate_patterns() and outlet_signatures()
    assert all(p.reason.strip() for p in boilerplate_patterns())
    assert all(s.reason.strip() for s in outlet_signatures())


def test_no_date_means_none_never_today():
    [article] = _articles(story_text())
    assert article.published is None and article.published_basis == "none"


def test_dateline_and_signature_footer():
    text = (f"{HEADLINE}\n\nPublished: March 3, 2021\n\n" + "\n\n".join(PARAGRAPHS)
            + f"\n\nThe post {HEADLINE} appeared first on Example Daily.\n")
    [article] = _articles(text)
    assert (article.published, article.published_basis) == ("2021-03-03", "dateline")
    assert (article.source, article.source_basis) == ("Example Daily", "signature")
    assert "appeared first" not in article.text and "Published" not in article.text


def test_in_story_date_is_not_publication_date():
    paragraphs = [PARAGRAPHS[0], "The previous round of talks ended on 12 January 2021 without a deal.",
                  *PARAGRAPHS[1:]]
    [article] = _articles(story_text(paragraphs=paragraphs))
    assert article.published is None


def test_split_on_headline_with_updated_line():
    text = (story_text() + "\n\nWheat harvest starts early in the valley\n\nUpdated 07 July 2021\n\n"
            "Wheat harvest starts early in the valley\n\n" + "\n\n".join(OTHER_PARAGRAPHS))
    first, second = _articles(text)
    assert first.title == HEADLINE and second.title == "Wheat harvest starts early in the valley"
    assert (second.part, second.published, second.published_basis) == (1, "2021-07-07", "updated-line")
    assert first.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    assert second.text.split("\n\n") == ["Wheat harvest starts early in the valley", *OTHER_PARAGRAPHS]


def test_subheads_do_not_split():
    paragraphs = [*PARAGRAPHS[:2], "Aid groups raise the alarm", *PARAGRAPHS[2:]]
    [article] = _articles(story_text(paragraphs=paragraphs))
    assert "Aid groups raise the alarm" in article.text


def test_caption_credit_and_trailing_nav_dropped():
    text = (f"{HEADLINE}\n\nDelegates arrive at the conference hall in Geneva, March 2, 2021.\nReuters\n\n"
            + "\n\n".join(PARAGRAPHS) + "\n\nRelated Articles\n\nWorld\n\nPolitics\n")
    [article] = _articles(text)
    assert article.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]


def test_input_title_prepended_once():
    [article] = _articles("\n\n".join(PARAGRAPHS), title=HEADLINE)
    assert article.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    [again] = _articles(story_text(), title=HEADLINE)
    assert again.text == article.text


def test_only_boilerplate_is_an_error():
    result = articles_from_raw(RawDocument(path="t.txt", format="txt", text="Related Articles\n\nShort Url\n",
                                           raw_sha="0"))
    assert isinstance(result, IngestError)


def test_new_bullet_kept_redundant_bullet_dropped():
    text = (f"{HEADLINE}\n\n• Both sides agreed to exchange lists of detainees\n\n"
            "• Fishermen say the harbour has been closed for a month\n\n" + "\n\n".join(PARAGRAPHS))
    [article] = _articles(text)
    assert "• Fishermen say the harbour has been closed for a month" in article.text
    assert "• Both sides agreed" not in article.text
