"""clean._drop_repeats finds repeated paragraphs through a bigram index: the same drops as comparing
every paragraph with every earlier one (the definition, kept here as the oracle)."""
from __future__ import annotations

import random

from newsgraph.ingest import clean
from newsgraph.ingest.lines import is_bullet, words


def _by_pairs(paragraphs: list[str], first_is_title: bool) -> tuple[list[str], list]:
    """The quadratic definition: each paragraph against every earlier one kept, bullets against the rest."""
    grams = [clean._bigrams(p) for p in paragraphs]
    drop: dict[int, str] = {}
    start = 1 if first_is_title else 0
    for i in range(start, len(paragraphs)):
        p = paragraphs[i]
        if is_bullet(p):
            rest: set = set()
            for j, g in enumerate(grams):
                if j != i and not is_bullet(paragraphs[j]):
                    rest |= g
            if clean._share(grams[i], rest) >= clean.REPEAT_BIGRAM_SHARE:
                drop[i] = "bullet summary repeating the story"
            continue
        if len(words(p)) < clean.PULL_QUOTE_MIN_WORDS:
            continue
        if any(clean._share(grams[i], grams[j]) >= clean.REPEAT_BIGRAM_SHARE
               for j in range(start, i) if j not in drop):
            drop[i] = "pull quote repeating an earlier paragraph"
            nxt = i + 1
            if nxt < len(paragraphs) and len(words(paragraphs[nxt])) <= clean.ATTRIBUTION_MAX_WORDS \
                    and clean.is_nav_like(paragraphs[nxt]):
                drop[nxt] = "attribution of a repeated pull quote"
    kept = [p for i, p in enumerate(paragraphs) if i not in drop]
    return kept, [(paragraphs[i], why) for i, why in sorted(drop.items())]


VOCAB = "army rebels town shelled council ceasefire talks aid convoy said officials monday river bridge".split()


def _story(rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    for _ in range(rng.randint(1, 14)):
        roll = rng.random()
        if paragraphs and roll < 0.3:  # a pull quote: an earlier paragraph, maybe trimmed
            base = rng.choice(paragraphs).lstrip("• ").split()
            cut = rng.randint(0, min(3, len(base)))
            paragraphs.append(" ".join(base[cut:]))
        elif roll < 0.4:
            paragraphs.append("Said the " + rng.choice(VOCAB))  # a short unpunctuated attribution
        else:
            text = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(3, 20))) + "."
            paragraphs.append(("• " if rng.random() < 0.2 else "") + text)
    return paragraphs


def test_the_index_drops_what_every_pair_would():
    rng = random.Random(15)
    dropped = 0
    for _ in range(400):
        paragraphs = _story(rng)
        for first_is_title in (False, True):
            kept, drops = clean._drop_repeats(paragraphs, first_is_title)
            want_kept, want_drops = _by_pairs(paragraphs, first_is_title)
            assert kept == want_kept
            assert [(d.line, d.why) for d in drops] == want_drops
            dropped += len(drops)
    assert dropped > 50  # the stories do repeat: the comparison compares drops, not two empty lists
