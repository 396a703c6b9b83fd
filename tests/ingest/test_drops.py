"""What cleaning removed is recorded per article: characters per kind."""
from __future__ import annotations

from ingest_samples import HEADLINE, PARAGRAPHS

from newsgraph.ingest import articles_from_raw
from newsgraph.ingest.drops import KINDS, Drop, summarise
from newsgraph.records import Dropped, RawDocument


def test_summarise_sums_per_kind_largest_first():
    drops = [Drop("abcd", "share", "x"), Drop("abcdefgh", "comments", "y"), Drop("ab", "share", "z")]
    assert summarise(drops) == [Dropped("comments", 8), Dropped("share", 6)]
    assert summarise([]) == []


def test_an_article_records_its_caption_related_list_and_repeat():
    caption = "Delegates arrive at the lakeside hotel on Tuesday"
    related = ["Related Articles", "Fishermen return to the harbour after a month"]
    lines = [HEADLINE, HEADLINE, caption, "AFP", *PARAGRAPHS, *related]
    [article] = articles_from_raw(RawDocument(path="p.txt", format="txt", text="\n\n".join(lines), raw_sha="0"))
    assert article.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    assert {d.kind: d.chars for d in article.dropped} == {
        "caption": len(caption) + len("AFP"), "related": sum(map(len, related)), "repeat": len(HEADLINE)}
    assert all(d.kind in KINDS for d in article.dropped)


def test_nothing_dropped_is_an_empty_list():
    [article] = articles_from_raw(RawDocument(path="p.txt", format="txt",
                                              text="\n\n".join([HEADLINE, *PARAGRAPHS]), raw_sha="0"))
    assert article.dropped == []
