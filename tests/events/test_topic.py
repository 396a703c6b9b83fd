"""The article-level decision (events/topic.py): conflict news is coded, other news keeps only the
casualties it reports. Fixture texts are our own."""
from __future__ import annotations

from test_events import article, mentions_for, places_for

from newsgraph.events.extract import extract_events
from newsgraph.events.happenings import dyadic_types
from newsgraph.events.topic import DENSITY_MIN_WORDS, article_topic, topic_words

MARKET = ("Gold hit a record high on Monday as investors sought safety. Shareholders of the miner cheered the "
          "takeover, and the stock rose after the merger. Traders said the bid valued the firm at a premium; "
          "profit and revenue beat the forecast, and the dividend was raised. Investors attacked the bid later.")
REVIEW = ("The novel follows a young poet in Khartoum. Its author, a debut novelist, gives the reader a "
          "character who battles her publisher; the chapter on the festival reads like a film. Critics praised "
          "the book, and the album of songs that came with it. The characters clash over a poem.")


def test_the_lexicons_load():
    words = topic_words()
    assert {"conflict", "finance", "culture", "sport", "lifestyle", "section"} <= set(words)
    assert {"ASSAULT", "PROTEST", "COERCE"}.isdisjoint(dyadic_types()) and "REQUEST" in dyadic_types()


def test_market_and_book_pieces_are_other_news_and_yield_no_event(nlp_base):
    for text, domain in ((MARKET, "finance"), (REVIEW, "culture")):
        doc = nlp_base(text)
        topic = article_topic(doc)
        assert not topic.conflict and topic.domain == domain, topic
        assert extract_events(doc, article(text), mentions_for(text), places_for(text), []) == []


def test_a_casualty_report_in_other_news_is_kept(nlp_base):
    text = MARKET + " Oil rose after the RSF shelled a depot in Nyala, killing 12 people."
    doc = nlp_base(text)
    assert not article_topic(doc).conflict
    evs = extract_events(doc, article(text), mentions_for(text), places_for(text), [])
    assert [(e.type, e.killed) for e in evs] == [("ASSAULT", 12)]


def test_short_conflict_reports_and_diplomacy_stay_conflict_news(nlp_base):
    for text in ("The RSF shelled El Fasher.", "Burhan met Hemedti in Jeddah.",
                 "The RSF shelled El Fasher as investors fled the market."):
        assert article_topic(nlp_base(text)).conflict, text


def test_a_long_text_without_conflict_words_is_other_news(nlp_base):
    filler = "The committee met in the town hall and the mayor spoke about the new library and its opening hours. "
    text = filler * (DENSITY_MIN_WORDS // 15 + 2)
    topic = article_topic(nlp_base(text))
    assert not topic.conflict and topic.basis == "density"
    dense = text + "Troops shelled the town, rebels attacked the army, and soldiers killed protesters. " * 2
    assert article_topic(nlp_base(dense)).conflict


def test_a_non_conflict_url_section_decides(nlp_base):
    doc = nlp_base("The RSF shelled El Fasher.")
    assert not article_topic(doc, "https://example.org/culture/books/2024/may/10/a-review").conflict
    assert article_topic(doc, "https://example.org/world/2024/may/10/books").conflict  # the slug is no section
