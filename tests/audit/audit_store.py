"""A small store for the audit tests, written by hand (our own sentences, real offsets).

``StoreBuilder`` stores articles and facts the way a build would (through ``Store.write_articles`` /
``write_facts``); mentions, places and events are found by searching the article text for a surface
form, so every offset is real and nothing is typed in as a number.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from newsgraph.records import (Actor, Article, DateValue, Event, Evidence, Facts, Mention, PlaceMention)
from newsgraph.store import open_store

PV = "pipe-audit-test"


def article(text: str, *, source: str | None = "Harbour Times", published: str | None = "2024-03-02") -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], path="in/story.txt", part=0,
                   source=source, source_basis="signature" if source else "none", title=None,
                   published=published, published_basis="dateline" if published else "none", text=text,
                   raw_sha=hashlib.sha256(("raw" + text).encode()).hexdigest(), format="txt",
                   cleaning_version="clean-1")


@dataclass
class Draft:
    """The facts of one article under construction."""

    art: Article
    facts: Facts
    actors: dict[str, Actor] = field(default_factory=dict)

    def ev(self, surface: str, nth: int = 0) -> Evidence:
        start = -1
        for _ in range(nth + 1):
            start = self.art.text.index(surface, start + 1)
        return Evidence(self.art.id, start, start + len(surface))

    def actor(self, aid: str, name: str, type_: str = "person", country: str | None = None,
              kb_id: str | None = None) -> Actor:
        if aid not in self.actors:
            self.actors[aid] = Actor(aid, name, type_, country, kb_id)
            self.facts.actors.append(self.actors[aid])
        return self.actors[aid]

    def mention(self, surface: str, aid: str, *, label: str = "PERSON", nth: int = 0) -> Mention:
        m = Mention(self.ev(surface, nth), surface, label, aid, 0.9)
        self.facts.mentions.append(m)
        a = self.actors[aid]
        a.aliases[surface] = a.aliases.get(surface, 0) + 1
        return m

    def place(self, surface: str, country: str, precision: str = "city", nth: int = 0) -> PlaceMention:
        p = PlaceMention(self.ev(surface, nth), surface, surface, country, None, 1.0, 2.0, None, precision, 0.8)
        self.facts.places.append(p)
        return p

    def event(self, sentence: str, type_: str, *, actor: list[str] = (), recipient: list[str] = (),
              date: str | None = None, place: PlaceMention | None = None, hypothetical: bool = False,
              negated: bool = False) -> Event:
        ev = self.ev(sentence)
        e = Event(id=f"ev-{len(self.facts.events)}-{self.art.id[:6]}", type=type_, mode=None, evidence=ev,
                  trigger=sentence.split()[1], actor=list(actor), recipient=list(recipient),
                  date=DateValue(date, "day" if date and len(date) == 10 else ("year" if date else "unknown"), date),
                  place=place, hypothetical=hypothetical, negated=negated, confidence=0.6)
        self.facts.events.append(e)
        return e


class StoreBuilder:
    def __init__(self, url: str) -> None:
        self.url = url
        self.drafts: list[Draft] = []

    def add(self, text: str, **kw) -> Draft:
        d = Draft(article(text, **kw), Facts(article="", pipeline_version=PV))
        d.facts.article = d.art.id
        self.drafts.append(d)
        return d

    def write(self) -> str:
        with open_store(self.url, dedup=None) as st:
            st.write_articles([d.art for d in self.drafts])
            st.write_facts([d.facts for d in self.drafts])
        return self.url
