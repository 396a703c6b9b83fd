"""Cleaning, splitting and metadata on the five real seed pages (read at run time from ../shared/seeds)."""
from __future__ import annotations

import re

import pytest

from newsgraph.ingest import articles_from_raw, read_inputs
from newsgraph.ingest.lines import normalise_line, words

pytestmark = pytest.mark.seeds

# seed prefix -> per part: (source, source_basis, published, published_basis)
EXPECTED = {
    "000": [("Atalayar", "signature", None, "none")],
    "001": [("WorldTribune.com", "signature", None, "none")],
    "002": [("MintPress News", "signature", "2019-04-16", "dateline")],
    "003": [("Arab News", "signature", "2020-02-22", "updated-line"),
            ("Arab News", "signature", "2020-06-05", "updated-line")],
    "004": [(None, "none", None, "none")],
}
# Template furniture that must never survive (short template strings, not article sentences).
BOILERPLATE = [
    re.compile(p) for p in (
        r"^photo_camera", r"^Atalayar_", r"^Short Url$", r"^You must be logged in", r"^Related Articles$",
        r"^More in ", r"^About Author$", r"^Special to ", r"^Top photo", r"^The post .* appeared first on",
        r"/AFP/", r"\(AFP\)$", r"^AFP$", r"^[A-Z]{1,4} \|$", r"^Updated \d", r"^\d{1,2}:\d{2} \d{4}$",
        r"^April 16$", r"is a staff writer", r"^Route \d+$", r"^•",
    )
]


@pytest.fixture(scope="module")
def seed_articles(seeds_dir):
    out = {}
    for raw in read_inputs([str(seeds_dir)]):
        assert not hasattr(raw, "reason"), raw
        result = articles_from_raw(raw)
        assert isinstance(result, list), result
        out[raw.path.rsplit("/", 1)[-1][:3]] = (raw, result)
    return out


def test_all_seeds_read(seed_articles):
    assert sorted(seed_articles) == sorted(EXPECTED)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_metadata_table(seed_articles, prefix):
    _, articles = seed_articles[prefix]
    got = [(a.source, a.source_basis, a.published, a.published_basis) for a in articles]
    assert got == EXPECTED[prefix]
    assert [a.part for a in articles] == list(range(len(articles)))


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_no_boilerplate_survives(seed_articles, prefix):
    _, articles = seed_articles[prefix]
    for article in articles:
        for paragraph in article.text.split("\n\n"):
            hits = [p.pattern for p in BOILERPLATE if p.search(paragraph)]
            assert not hits, (paragraph[:80], hits)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_clean_text_is_ordered_subset_of_raw_lines(seed_articles, prefix):
    raw, articles = seed_articles[prefix]
    raw_lines = [n for n in (normalise_line(line) for line in raw.text.splitlines()) if n]
    position = 0
    for article in articles:
        for paragraph in article.text.split("\n\n"):
            assert paragraph in raw_lines[position:], paragraph[:80]
            position = raw_lines.index(paragraph, position) + 1


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_headline_once_and_first(seed_articles, prefix):
    _, articles = seed_articles[prefix]
    for article in articles:
        assert article.title
        assert article.text.startswith(article.title + "\n\n")
        assert article.text.count(article.title) == 1


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_story_paragraphs_survive(seed_articles, prefix):
    """Every long raw line that is neither furniture nor a repeat of other text is kept."""
    raw, articles = seed_articles[prefix]
    text = "\n\n".join(a.text for a in articles)
    raw_lines = [n for n in (normalise_line(line) for line in raw.text.splitlines()) if n]
    for line in raw_lines:
        if len(words(line)) < 20 or any(p.search(line) for p in BOILERPLATE):
            continue
        grams = set(zip(words(line.lower()), words(line.lower())[1:]))
        others = [set(zip(words(o.lower()), words(o.lower())[1:])) for o in raw_lines if o != line]
        if any(len(grams & o) / len(grams) >= 0.8 for o in others):
            continue  # a pull quote or caption repeating another line: one copy is enough
        assert line in text, line[:80]


def test_second_story_split_out(seed_articles):
    _, articles = seed_articles["003"]
    assert len(articles) == 2
    first, second = articles
    assert first.title != second.title
    assert second.title not in first.text and first.title not in second.text
    assert first.id != second.id and first.raw_sha == second.raw_sha


def test_single_story_seeds_not_split(seed_articles):
    for prefix in ("000", "001", "002", "004"):
        assert len(seed_articles[prefix][1]) == 1


def test_repeated_pull_quote_kept_once(seed_articles):
    """The 003 pull quote repeats (with a clause cut) a quoted paragraph: the story keeps one copy."""
    _, articles = seed_articles["003"]
    text = articles[0].text
    assert text.count("the armed forces will fulfill their constitutional obligations") == 1


def test_caption_date_is_not_publication_date(seed_articles):
    _, articles = seed_articles["004"]
    assert articles[0].published is None
    assert "June 18, 2020" not in articles[0].text  # the dated caption is furniture


def test_ids_are_stable(seeds_dir, seed_articles):
    again = {}
    for raw in read_inputs([str(seeds_dir)]):
        again[raw.path.rsplit("/", 1)[-1][:3]] = [a.id for a in articles_from_raw(raw)]
    assert again == {k: [a.id for a in v[1]] for k, v in seed_articles.items()}
