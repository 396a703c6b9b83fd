"""A build and a repeated build give the same store: the exports are byte-identical (the corpus-level
steps, actor merge and consolidation, reach their fixpoint in one run)."""
from __future__ import annotations

from pathlib import Path

import newsgraph

# Our own stories: one armed group under two spellings in two articles, its fighters and a town in a
# third, so that the merge and the consolidation have work to do.
STORIES = {
    "a.txt": ("Fighters of the Nuba Hills Defence Front seize a river town",
              "KADUGLI: Fighters of the Nuba Hills Defence Front seized the river town of Abu Karsha on Monday "
              "after two days of clashes with local police, residents said.",
              "A spokesman for the Nuba Hills Defence Front said the group would hold the town until the "
              "governor resigned."),
    "b.txt": ("Nuba Hills Defense Front fighters withdraw from Abu Karsha",
              "KADUGLI: The Nuba Hills Defense Front withdrew its fighters from Abu Karsha on Thursday, three "
              "days after seizing the town, a local official said.",
              "Elders from the town said the Nuba Hills Defense Front had left behind two damaged police "
              "vehicles."),
    "c.txt": ("Governor accuses the front of looting the market in Abu Karsha",
              "KADUGLI: The state governor accused the Nuba Hills Defence Front on Saturday of looting the main "
              "market in Abu Karsha before its withdrawal earlier in the week.",
              "The group denied the accusation and said its fighters had paid traders for the food they took."),
}


def _export(db: str, out: Path) -> dict[str, bytes]:
    newsgraph.export(out, format="jsonl", db=db)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_building_twice_gives_identical_exports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, paragraphs in STORIES.items():
        (folder / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = newsgraph.build([folder], db=db)
    assert first.processed == 3 and first.ok
    before = _export(db, tmp_path / "first")
    again = newsgraph.build([folder], db=db)  # nothing new to extract: only the corpus-level steps rerun
    assert again.processed == 0 and again.actors_merged == 0
    after = _export(db, tmp_path / "again")
    assert before.keys() == after.keys() and len(before) >= 8
    assert [name for name in before if before[name] != after[name]] == []
    assert b"Nuba Hills" in before["actors.jsonl"]


def test_an_incremental_build_merges_what_a_rebuild_would(tmp_path, monkeypatch):
    """The second build merges only the actors its articles touched and their neighbours
    (api._merge_input); a rebuild over every actor then finds nothing left to merge."""
    from newsgraph import api

    monkeypatch.setattr(api, "FULL_MERGE_SHARE", 1.0)  # always the scoped merge, however small the store
    db = str(tmp_path / "s.db")
    for names in (["a.txt"], ["b.txt", "c.txt"]):
        folder = tmp_path / names[0]
        folder.mkdir()
        for name in names:
            (folder / name).write_text("\n\n".join(STORIES[name]) + "\n", encoding="utf-8")
        assert newsgraph.build([folder], db=db).ok
    with newsgraph.open_store(db) as store:
        fronts = [a for a in store.actors() if "Nuba Hills" in a["name"]]
    assert len(fronts) == 1, fronts  # "Defence" (first build) and "Defense" (second) are one actor
    assert api.rebuild(db=db).actors_merged == 0
