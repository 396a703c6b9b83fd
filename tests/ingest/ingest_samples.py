"""Sample stories written for the ingest tests (our own sentences, no seed or eval text).

Imported by name (pytest puts this folder on sys.path; there is no tests/ingest/__init__.py).
"""
from __future__ import annotations

HEADLINE = "Ceasefire talks resume in Geneva as shelling eases near the coast"
PARAGRAPHS = [
    "Delegations from the two rival administrations returned to Geneva on Tuesday for a third round of "
    "talks mediated by the United Nations, officials said.",
    "Residents of the coastal town reported that artillery fire had largely stopped overnight, although "
    "sporadic gunfire was heard near the port before dawn.",
    "A spokesman for the eastern forces said his commanders would respect the truce as long as the other "
    "side withdrew its heavy weapons from the front line.",
    "The envoy told reporters that both sides had agreed to exchange lists of detainees and to reopen the "
    "main road linking the two largest cities within a week.",
    "Aid agencies warned that thousands of displaced families still lacked shelter and clean water after "
    "months of fighting around the southern suburbs.",
]
OTHER_PARAGRAPHS = [
    "Farmers in the northern valley began harvesting wheat early this year because a dry spring shortened "
    "the growing season across the whole region.",
    "The ministry of agriculture promised subsidies for irrigation pumps and said it would buy surplus grain "
    "at a guaranteed price until the end of the summer.",
    "Traders at the central market expect bread prices to remain stable, although the cost of fuel for "
    "transport has doubled since the winter.",
]


def story_text(headline: str = HEADLINE, paragraphs: list[str] | None = None) -> str:
    return "\n\n".join([headline, *(paragraphs or PARAGRAPHS)]) + "\n"
