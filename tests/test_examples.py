"""The bundled sample corpus (examples/articles) ingests as examples/expected.json says it should.

One ingest of the whole folder into a temporary store per module (about two seconds); every test reads
the stored articles back. The boilerplate lists below are short strings read from the corpus files
(our own text): page furniture that must not survive cleaning.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph import ingest, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLES = EXAMPLES / "articles"

# Where the pipeline deliberately differs from expected.json, with the reason.
DEVIATIONS: dict = {}  # (file, index, part) -> fields where the result may knowingly differ from expected.json

# file -> furniture strings: none may be a paragraph, start a paragraph, or (when 20+ characters) occur
# anywhere in the clean text of that file's articles. Whitespace as the cleaner normalises it.
BOILERPLATE = {
    "01_nile_courier_el_fasher.txt": [
        "photo_camera", "Updated 12 May 2024", "Short Url", "Related Articles",
        "Aid groups warn of famine in Zamzam camp", "Sudan's army says it repelled attack on Babanusa garrison",
        "More in World", "Share", "Facebook", "Twitter", "WhatsApp", "Copy link",
        "Amira Osman is the Nile Courier's Darfur correspondent",
    ],
    "02_sahel_monitor_el_geneina.txt": [
        "June 15", "09:12 2023", "By Sahel Monitor staff", "A man pushes a cart past burned shops",
        "About the author:", "Yusuf Bello covers Chad and Sudan", "The post West Darfur governor",
    ],
    "03_red_sea_dispatch_two_stories.txt": [
        "Updated 1 August 2024", "photo_camera", "Soldiers stand guard at the Gebeit military academy",
        "Share this article", "Facebook X LinkedIn Email", "Updated 22 August 2024", "Related Articles",
        "Famine confirmed in Zamzam camp, experts say", "Rains wash away roads in South Darfur",
        "The post Aid convoys cross",
    ],
    "04_khartoum_wire_jeddah_ceasefire.txt": [
        "(Reporting by Khartoum Wire's Jeddah bureau", "Editing by Samir Haddad", "© 2023 Khartoum Wire",
        "All rights reserved",
    ],
    "05_sahel_monitor_jeddah_ceasefire_republished.txt": [
        "This wire story was republished by Sahel Monitor", "The post Army and militia agree",
    ],
    "06_undated_omdurman_broadcasting.txt": [
        "Share this:", "Facebook", "X", "Telegram", "Print", "Leave a comment",
    ],
    "07_nile_courier_wad_madani.html": [
        "Nile Courier", "World", "Africa", "Business", "Opinion", "Subscribe", "We use cookies", "Accept all",
        "By Amira Osman, Nile Courier", "Families leave Wad Madani on foot", "Related Articles",
        "Why the bridges of Khartoum matter", "Gezira farmers fear a lost harvest", "© 2023 Nile Courier",
        "About us", "Privacy", "Contact",
    ],
    "08_sahel_monitor_hacked_portal.html": [
        "News from the Sahel and the Horn", "Chad", "Newsletter", "Posted on September 12, 2023",
        "Share:", "Leave a Reply", "Your email address will not be published", "Sahel Monitor © 2023",
        "Terms", "window.dataLayer", "ad slot loader", "document.createElement('div')",
    ],
    "09_red_sea_dispatch_unsc_el_fasher.html": [
        "LIVE: Markets", "Prayer times", "Home", "Video", "Search", "Red Sea Dispatch • New York",
        "Get the Red Sea Dispatch briefing", "Sign up", "More in Africa", "Chad struggles with new arrivals",
        "© Red Sea Dispatch 2024", "Advertise", "\"@context\"",
    ],
    "10_wire_export.jsonl": [],
    "11_khartoum_wire_feed.rss": [
        # item 0's <description> is a one-line summary of the full text in <content:encoded>
        "East African leaders called for an unconditional ceasefire in Sudan at a summit attended by the RSF",
        "Khartoum Wire - Sudan conflict",
    ],
}
HOSTILE_SCRIPT_PARTS = ("ad slot loader", "ad-slot", "dataLayer")


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))["stories"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(first ingest summary, second ingest summary, stored articles keyed by (file, index, part))."""
    db = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'examples.db'}"
    first = ingest([str(ARTICLES)], db=db)
    second = ingest([str(ARTICLES)], db=db)
    with open_store(db) as store:
        ids = [row["id"] for row in store.articles()]
        stored = store.load_articles(ids)
    return first, second, {(Path(a.path).name, a.index, a.part): a for a in stored}


def _want(story: dict) -> dict:
    want = {k: story.get(k) for k in ("title", "outlet", "published", "published_basis")}
    want.update(DEVIATIONS.get((story["file"], story["index"], story["part"]), {}))
    return want


def test_corpus_has_the_fifteen_expected_stories(corpus, expected):
    first, _, articles = corpus
    assert first.errors == []
    assert (first.files, first.documents, first.added) == (11, 14, 15)
    assert sorted(articles) == sorted((s["file"], s["index"], s["part"]) for s in expected)
    files = {name for name, _, _ in articles}
    assert files == {p.name for p in ARTICLES.iterdir()} == set(BOILERPLATE)


def test_two_story_file_split_in_two(corpus):
    _, _, articles = corpus
    parts = sorted(k for k in articles if k[0] == "03_red_sea_dispatch_two_stories.txt")
    assert [p[2] for p in parts] == [0, 1]
    first, second = (articles[k] for k in parts)
    assert first.raw_sha == second.raw_sha and first.id != second.id
    assert second.title not in first.text and first.title not in second.text


@pytest.mark.parametrize("n", range(15))
def test_title_outlet_and_date(corpus, expected, n):
    story = expected[n]
    _, _, articles = corpus
    article = articles[(story["file"], story["index"], story["part"])]
    got = {"title": article.title, "outlet": article.source, "published": article.published,
           "published_basis": article.published_basis}
    assert got == _want(story)
    assert article.text.startswith(article.title + "\n\n") and article.text.count(article.title) == 1


def test_near_duplicate_flagged(corpus, expected):
    first, _, articles = corpus
    for story in expected:
        original = story.get("duplicate_of")
        article = articles[(story["file"], story["index"], story["part"])]
        if original:
            assert article.duplicate_of == articles[(original["file"], 0, original["part"])].id
        else:
            assert article.duplicate_of is None, story["file"]
    assert first.near_duplicates == 1


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_no_boilerplate_survives(corpus, name):
    _, _, articles = corpus
    texts = [a.text for key, a in articles.items() if key[0] == name]
    assert texts
    for text in texts:
        for paragraph in text.split("\n\n"):
            hits = [s for s in BOILERPLATE[name] if paragraph == s or paragraph.startswith(s)]
            assert not hits, (paragraph[:80], hits)
        assert not [s for s in BOILERPLATE[name] if len(s) >= 20 and s in text]


def test_hostile_strings_survive_as_text_and_the_real_script_does_not(corpus, expected):
    _, _, articles = corpus
    [story] = [s for s in expected if s.get("hostile_text")]
    text = articles[(story["file"], story["index"], story["part"])].text
    for hostile in story["hostile_text"]:
        assert hostile in text
    assert not [part for part in HOSTILE_SCRIPT_PARTS if part in text]
    assert text.count("<script>") == 1  # only the quoted one


def test_second_ingest_adds_nothing(corpus):
    _, second, _ = corpus
    assert second.errors == []
    assert (second.added, second.skipped, second.near_duplicates) == (0, 15, 0)
