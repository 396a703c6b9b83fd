"""Suspects: stored facts whose shape says they are probably wrong, found without gold.

Each detector takes the store data and the mentions of one scope and returns a :class:`Suspect` (a
count, what it counts, and a few examples with ids). The patterns are data
(``data/audit_patterns.tsv``, one reason per row); the thresholds below are commented where they
were chosen. A suspect is a lead for a person to check, not a verdict: the detectors are tuned to
keep their false alarms rare on the realnews corpora (../shared/eval/realnews), not to be complete.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from newsgraph.audit.measures import is_late
from newsgraph.audit.records import Example, Suspect
from newsgraph.ingest.credits import credit_spans, in_credit
from newsgraph.lexicon import read_tsv
from newsgraph.store.read.audit import MentionRow, StoreData

EXAMPLES = 5  # examples kept per suspect kind
CONTEXT_CHARS = 60  # characters of article text shown on each side of an example's evidence
TOP_ACTORS = 300  # "among the 300 most mentioned actors" (issue 11, Done when)

# -- place names as actors -------------------------------------------------------------------------
# Gazetteer records that count as a populated place or an admin area: regions and countries always,
# cities from this many inhabitants (cities500 lists hamlets whose names are common given names).
MIN_POPULATION = 1000
# A city this large, a region or a country is a place wherever the story is; a smaller one only in
# a country the actor's own articles are about.
BIG_PLACE = 100_000
# A small city matched only through one of its alternate names ("Blair" -> Blairgowrie and Rattray)
# needs this many inhabitants; GeoNames alternate names are noisy ("Google" is an alias of Topeka).
ALIAS_POPULATION = 10_000
# Share of an actor's mentions in a place context ("in Homs", "Homs province") that makes it a
# suspect; a lower share with at least PLACE_CONTEXT_MIN such mentions. Measured on the four
# pre-built realnews stores: real places typed person/other sit at 0.10-1.0 ("Alexandria" 4/38,
# "Falluja" 4/31, "Homs" 91/183), persons that share a town's name at 0.00-0.06 ("Mubarak" 35/783 —
# "in Mubarak's speech" is excluded as a possessive — "Anderson" 7/112, "Bush" 3/177).
PLACE_CONTEXT_SHARE = 0.25
PLACE_CONTEXT_LOW = 0.10
PLACE_CONTEXT_MIN = 2
PLACE_ACTOR_TYPES = frozenset({"person", "other"})
ADMIN_KINDS = frozenset({"country", "admin1", "admin2", "region"})  # gazetteer kinds of admin areas

# -- surname merges ----------------------------------------------------------------------------------
# Two given names are one name written two ways when this similar (rapidfuzz ratio): "Moammar" ~
# "Muammar" 86, "Mohamed" ~ "Mohammed" 93; "Bashar" ~ "Hafez" 18, "Gamal" ~ "Alaa" 22.
GIVEN_NAME_SAME = 75
SURNAME_PREFIXES = ("al-", "el-", "al ", "el ", "bin ", "ibn ")
EXTRA_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lady", "lord",
                          "president", "king", "queen", "prince", "princess", "sheikh", "pope", "prime",
                          "minister", "vice", "former", "late", "the", "said", "told", "pres", "pres.",
                          "presiden", "sheik", "frau", "herr", "monsieur", "madame", "gen", "gen.", "col", "col.", "sen", "sen.", "rep", "rep.", "gov", "gov."})
# Name particles that are never a given name ("Bin Laden", "Al Bakhit", "Abu Ghraib").
PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "umm", "de", "da", "di", "du", "van", "von",
                       "le", "la", "del", "der", "den", "st", "saint", "mac", "mc"})


@dataclass(frozen=True, slots=True)
class AuditPatterns:
    furniture_names: dict[str, str]  # lower-case name -> reason
    furniture_regexes: tuple[tuple[re.Pattern[str], str], ...]
    place_before: frozenset[str]
    place_before_of: frozenset[str]  # "the city of X": the noun, with "of" between
    place_after: frozenset[str]
    determiners: frozenset[str]
    lowercase_regexes: tuple[tuple[re.Pattern[str], str], ...]
    description_heads: frozenset[str]


PATTERN_COLUMNS = ("kind", "pattern", "reason")


@lru_cache(maxsize=1)
def load_patterns() -> AuditPatterns:
    """``data/audit_patterns.tsv`` through the one lexicon reader (a reason on every row)."""
    names: dict[str, str] = {}
    regexes: list[tuple[re.Pattern[str], str]] = []
    before: set[str] = set()
    before_of: set[str] = set()
    after: set[str] = set()
    dets: set[str] = set()
    lower: list[tuple[re.Pattern[str], str]] = []
    heads: set[str] = set()
    for row in read_tsv("newsgraph.audit", "data/audit_patterns.tsv", PATTERN_COLUMNS):
        kind, pattern, reason = row["kind"], row["pattern"], row["reason"]
        if kind == "furniture_name":
            names[pattern.lower()] = reason
        elif kind == "furniture_regex":
            regexes.append((re.compile(pattern), reason))
        elif kind == "place_before":
            (before_of if reason.lstrip('"').startswith("the ") else before).add(pattern.lower())
        elif kind == "place_after":
            after.add(pattern.lower())
        elif kind == "determiner":
            dets.add(pattern.lower())
        elif kind == "lowercase_regex":
            lower.append((re.compile(pattern), reason))
        elif kind == "description_head":
            heads.add(pattern.lower())
        else:
            raise ValueError(f"audit_patterns.tsv: unknown kind {kind!r}")
    return AuditPatterns(names, tuple(regexes), frozenset(before), frozenset(before_of), frozenset(after),
                         frozenset(dets), tuple(lower), frozenset(heads))


# -- helpers ------------------------------------------------------------------------------------------
def by_actor(mentions: Iterable[MentionRow]) -> dict[str, list[MentionRow]]:
    out: dict[str, list[MentionRow]] = defaultdict(list)
    for m in mentions:
        if m.actor_id is not None:
            out[m.actor_id].append(m)
    return out


def top_actors(per_actor: dict[str, list[MentionRow]], n: int = TOP_ACTORS) -> set[str]:
    ranked = sorted(per_actor, key=lambda a: (-len(per_actor[a]), a))
    return set(ranked[:n])


def context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _example(data: StoreData, text: str, m: MentionRow | None, detail: str, actor_id: str | None = None) -> Example:
    ctx = ""
    if m is not None:
        body = data.texts([m.article_id]).get(m.article_id)
        ctx = context(body, m.start, m.end) if body else ""
    return Example(text=text, actor_id=actor_id or (m.actor_id if m else None),
                   article_id=m.article_id if m else None, detail=detail, context=ctx)


def _actor_suspect(kind: str, data: StoreData, per_actor: dict[str, list[MentionRow]],
                   hits: dict[str, tuple[str, MentionRow | None]], top: set[str]) -> Suspect:
    """A suspect counted in actors: ``hits`` maps actor id -> (why, the mention to show)."""
    sus = Suspect(kind=kind, unit="actors", count=len(hits), of=len(per_actor),
                  mentions=sum(len(per_actor[a]) for a in hits), top=len(hits.keys() & top))
    types = Counter(data.actors[a].type if a in data.actors else "?" for a in hits)
    sus.by_type = dict(types.most_common())
    sus.top_by_type = dict(Counter(data.actors[a].type if a in data.actors else "?"
                                   for a in hits if a in top).most_common())
    for aid in sorted(hits, key=lambda a: (-len(per_actor[a]), a))[:EXAMPLES]:
        why, m = hits[aid]
        actor = data.actors.get(aid)
        name = actor.name if actor else aid
        typ = actor.type if actor else "?"
        sus.examples.append(_example(data, name, m, f"{typ}, {len(per_actor[aid])} mentions; {why}", aid))
    return sus


# -- furniture ----------------------------------------------------------------------------------------
def furniture_reason(name: str, pats: AuditPatterns | None = None) -> str | None:
    """Why ``name`` looks like page furniture (a pattern's reason), or None."""
    pats = pats or load_patterns()
    stripped = " ".join(name.split())
    reason = pats.furniture_names.get(stripped.lower())
    if reason:
        return reason
    for rx, why in pats.furniture_regexes:
        if rx.search(stripped):
            return why
    return None


def furniture_actors(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str]) -> Suspect:
    """Actors named like page furniture: comment-thread, footer, widget and transcript tokens, and
    names with no proper-name shape. Actors linked to the KB are never suspects (curated names)."""
    pats = load_patterns()
    hits: dict[str, tuple[str, MentionRow | None]] = {}
    for aid, ms in per_actor.items():
        actor = data.actors.get(aid)
        if actor is None or actor.kb_id:
            continue
        why = furniture_reason(actor.name, pats)
        if why:
            hits[aid] = (why, ms[0])
    return _actor_suspect("furniture_actor", data, per_actor, hits, top)


def lowercase_actors(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str]) -> Suspect:
    """Actors whose name has no proper-name shape at all (no capital letter): a common noun
    ("senate"), a fragment of a reader comment ("doesn"). KB-linked actors are never suspects."""
    pats = load_patterns()
    hits: dict[str, tuple[str, MentionRow | None]] = {}
    for aid, ms in per_actor.items():
        actor = data.actors.get(aid)
        if actor is None or actor.kb_id:
            continue
        name = " ".join(actor.name.split())
        why = next((w for rx, w in pats.lowercase_regexes if rx.search(name)), None)
        if why:
            hits[aid] = (why, ms[0])
    return _actor_suspect("lowercase_actor", data, per_actor, hits, top)


# -- places typed as actors -----------------------------------------------------------------------------
def article_countries(data: StoreData, article_id: str) -> set[str]:
    """The countries an article is about: every country with two or more place mentions, and the top one."""
    c = data.place_countries.get(article_id)
    if not c:
        return set()
    top = c.most_common(1)[0][0]
    return {k for k, n in c.items() if n >= 2} | {top}


def dominant_country(data: StoreData, article_id: str) -> str | None:
    """The article's country: the most mentioned country of its places, with two or more mentions
    and strictly ahead of the next (None when the article has no clear focus)."""
    c = data.place_countries.get(article_id)
    if not c:
        return None
    ranked = c.most_common(2)
    if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def place_context(text: str, start: int, end: int, pats: AuditPatterns) -> bool:
    """Is the mention at [start, end) used as a place: "in X", "the town of X", "X province" (not "in
    X's speech")?"""
    after = text[end:end + 24]
    if re.match(r"\s*['’]s?\b", after):
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 40):start])
    if before and before[-1].lower() in pats.place_before:
        return True
    if len(before) >= 2 and before[-1].lower() == "of" and before[-2].lower() in pats.place_before_of:
        return True
    nxt = re.match(r"\s*([A-Za-z]+)", after)
    return bool(nxt and nxt.group(1).lower() in pats.place_after)


def _gazetteer():
    from newsgraph.places.gazetteer import load_gazetteer

    return load_gazetteer()


def populated_places(name: str, gaz=None) -> list:
    """Gazetteer records for ``name`` that are populated places or admin areas (see MIN_POPULATION;
    an alternate-name match of a small city needs ALIAS_POPULATION)."""
    from newsgraph.places.gazetteer import normalize, strip_article

    gaz = gaz or _gazetteer()
    key = normalize(name)
    out = []
    for p in gaz.lookup(name):
        if p.kind in ADMIN_KINDS:
            out.append(p)
        elif p.kind == "city" and p.population >= MIN_POPULATION:
            own = normalize(p.name)
            primary = key in (own, strip_article(own)) or strip_article(key) == own
            if primary or p.population >= ALIAS_POPULATION:
                out.append(p)
    return out


def places_as_actors(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str], gaz=None) -> Suspect:
    """Actors typed person or other whose name the gazetteer knows as a populated place or admin area
    and that the texts use as a place (see PLACE_CONTEXT_*)."""
    pats = load_patterns()
    gaz = gaz or _gazetteer()
    candidates = {}
    for aid, ms in per_actor.items():
        actor = data.actors.get(aid)
        if actor is None or actor.type not in PLACE_ACTOR_TYPES or not actor.name[:1].isupper():
            continue
        places = populated_places(actor.name, gaz)
        if places:
            candidates[aid] = places
    texts = data.texts({m.article_id for aid in candidates for m in per_actor[aid]})
    hits: dict[str, tuple[str, MentionRow | None]] = {}
    for aid, places in candidates.items():
        ms = per_actor[aid]
        story: set[str] = set()
        for art in {m.article_id for m in ms}:
            story |= article_countries(data, art)
        fitting = [p for p in places
                   if p.kind in ADMIN_KINDS or p.population >= BIG_PLACE or p.country in story]
        if not fitting:
            continue
        in_place = [m for m in ms if m.article_id in texts and place_context(texts[m.article_id], m.start, m.end, pats)]
        k, n = len(in_place), len(ms)
        if k and (k / n >= PLACE_CONTEXT_SHARE or (k >= PLACE_CONTEXT_MIN and k / n >= PLACE_CONTEXT_LOW)):
            best = max(fitting, key=lambda p: (p.country in story, p.kind != "city", p.population))
            why = (f"gazetteer: {best.name} ({best.kind}, {best.country}, pop. {best.population}); "
                   f"{k}/{n} mentions in a place context")
            hits[aid] = (why, in_place[0])
    return _actor_suspect("place_as_actor", data, per_actor, hits, top)


# -- surname merges ----------------------------------------------------------------------------------------
def _titles() -> frozenset[tuple[str, ...]]:
    """The actor lexicon's titles ("Gen.", "President", ...), stripped before a given name."""
    from newsgraph.actors.patterns import load_patterns as actor_patterns

    return actor_patterns().titles


def given_and_surname(alias: str, titles: frozenset[tuple[str, ...]] = frozenset()) -> tuple[str, str] | None:
    """("Bashar", "assad") for "President Bashar al-Assad"; None when the alias is not a
    given-name + surname form (one word, an initial, lower-case words)."""
    toks = alias.replace("’", "'").split()
    lowered = [t.lower() for t in toks]
    changed = True
    while changed and toks:
        changed = False
        for size in (3, 2, 1):
            if len(toks) > size and tuple(lowered[:size]) in titles:
                toks, lowered, changed = toks[size:], lowered[size:], True
                break
        if not changed and toks and lowered[0] in EXTRA_TITLES:
            toks, lowered, changed = toks[1:], lowered[1:], True
    if len(toks) < 2:
        return None
    given, last = toks[0], toks[-1]
    if given.lower().split("-")[0] in PARTICLES:
        return None
    if not re.fullmatch(r"[A-Z][a-z]{1,}[a-z'-]*", given) or given.endswith("ing"):
        return None  # an initial ("G."), an all-caps token, a lower-case word, a headline verb ("Defying Assad")
    if not last[:1].isalpha():
        return None
    sur = last.lower().removesuffix("'s").rstrip(".,")
    for prefix in SURNAME_PREFIXES:
        if sur.startswith(prefix):
            sur = sur[len(prefix):]
    return (given, sur) if len(sur) >= 2 else None


def _same_name(a: str, b: str) -> bool:
    return fuzz.ratio(a.lower(), b.lower()) >= GIVEN_NAME_SAME


def distinct_given_names(given: dict[str, str]) -> list[str]:
    """One representative per given name of ``given`` (given name -> the alias it came from):
    spelling variants fold together ("Moammar" / "Muammar"), and so does a given name that is a
    middle name of another alias ("Tayyip Erdogan" / "Recep Tayyip Erdogan")."""
    out: list[str] = []
    for name in sorted(given, key=lambda n: (-len(given[n].split()), -len(n), n)):
        if any(_same_name(name, o) or any(_same_name(name, t) for t in given[o].split()[:-1])
               or any(_same_name(o, t) for t in given[name].split()[:-1]) for o in out):
            continue
        out.append(name)
    return out


def surname_merges(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str],
                   scope: set[str]) -> Suspect:
    """Person actors whose aliases hold two different given names with one surname ("Bashar al-Assad"
    and "Hafez al-Assad" as one actor)."""
    titles = _titles()
    aliases: dict[str, Counter] = defaultdict(Counter)
    for aid, alias, art, n in data.aliases:
        if art in scope and aid in per_actor:
            aliases[aid][alias] += n
    hits: dict[str, tuple[str, MentionRow | None]] = {}
    for aid, counts in aliases.items():
        actor = data.actors.get(aid)
        if actor is None or actor.type != "person":
            continue
        by_surname: dict[str, dict[str, str]] = defaultdict(dict)
        for alias in counts:
            parsed = given_and_surname(alias, titles)
            if parsed:
                by_surname[parsed[1]].setdefault(parsed[0], alias)
        for sur, given in by_surname.items():
            distinct = distinct_given_names(given)
            if len(distinct) >= 2:
                shown = " / ".join(given[g] for g in distinct[:4])
                m = next((x for x in per_actor[aid] if x.text in {given[g] for g in distinct}), None)
                hits[aid] = (f"aliases: {shown}", m or per_actor[aid][0])
                break
    return _actor_suspect("surname_merge", data, per_actor, hits, top)


# -- descriptions linked across countries ------------------------------------------------------------------
def is_description(text: str, label: str = "ORG", pats: AuditPatterns | None = None) -> bool:
    """A common-noun phrase that refers to an actor ("the regime", "the army", "the president"), not a
    name: after the leading determiners every word starts lower case, and the head (last word) is a
    description head of the patterns file, or the stage labelled the mention ROLE. A lower-cased name
    ("mubarak" in a reader comment) is not a description."""
    pats = pats or load_patterns()
    words = text.split()
    while words and words[0].lower() in pats.determiners:
        words = words[1:]
    if not words or not re.fullmatch(r"[a-z][a-z-]*", words[-1]) or not all(w[:1].islower() for w in words):
        return False
    return label == "ROLE" or words[-1] in pats.description_heads


DESCRIPTION_LABELS = frozenset({"ORG", "ROLE", "PERSON"})  # not NORP/GPE: "americans" is a demonym


def descriptions_across_countries(data: StoreData, mentions: list[MentionRow]) -> Suspect:
    """Mentions resolved through a description or role ("the regime") to an actor whose country is none
    of the countries the article is about (:func:`article_countries`: a Syria story set in Moscow may
    speak of the Syrian regime). Counted in mentions, out of the description mentions whose actor has
    a country and whose article has places."""
    pats = load_patterns()
    sus = Suspect(kind="description_other_country", unit="mentions")
    groups: dict[tuple[str, str], list[MentionRow]] = defaultdict(list)
    for m in mentions:
        if m.actor_id is None or m.label not in DESCRIPTION_LABELS or not is_description(m.text, m.label, pats):
            continue
        actor = data.actors.get(m.actor_id)
        story = article_countries(data, m.article_id)
        if actor is None or not actor.country or not story:
            continue
        sus.of += 1
        if actor.country.upper() not in {c.upper() for c in story}:
            sus.count += 1
            groups[(" ".join(m.text.lower().split()), m.actor_id)].append(m)
    sus.mentions = sus.count
    for (phrase, aid), ms in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:EXAMPLES]:
        actor = data.actors[aid]
        m = ms[0]
        about = "/".join(sorted(article_countries(data, m.article_id)))
        sus.examples.append(_example(data, m.text, m, f"{len(ms)}x -> {actor.name} ({actor.country}) "
                                                      f"in stories about {about}", aid))
    return sus


# -- credits and group words as actors ---------------------------------------------------------------------
def credit_mentions(data: StoreData, mentions: list[MentionRow]) -> Suspect:
    """Mentions of outlets (actors typed media) that sit in a wire, byline or photo credit
    (``ingest.credits``: "HOMS (Reuters) -", "— AFP", "REUTERS/Name") or alone in parentheses: the
    outlet that wrote the story counted as an actor in it. Counted in mentions, out of the media
    mentions; "told Reuters" is no credit."""
    sus = Suspect(kind="credit_mention", unit="mentions")
    media = [m for m in mentions if m.actor_id and (a := data.actors.get(m.actor_id)) is not None and a.type == "media"]
    sus.of = len(media)
    texts = data.texts({m.article_id for m in media}) if media else {}
    spans = {aid: credit_spans(body) for aid, body in texts.items() if body}
    hits = []
    for m in media:
        body = texts.get(m.article_id) or ""
        around = body[max(0, m.start - 1):m.start] + body[m.end:m.end + 1]
        if in_credit(spans.get(m.article_id, []), m.start, m.end) or around in ("()", "(/", "/)"):
            hits.append(m)
    sus.count = sus.mentions = len(hits)
    for m in hits[:EXAMPLES]:
        sus.examples.append(_example(data, m.text, m, "an outlet's credit counted as an actor mention"))
    return sus


def groups_as_persons(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str]) -> Suspect:
    """Actors typed person (or other) named only by religious or ethnic group words ("Alawite", "Kurds"):
    a group is a collective actor, never a person."""
    hits: dict[str, tuple[str, MentionRow | None]] = {}
    for aid, ms in per_actor.items():
        actor = data.actors.get(aid)
        if actor is None or actor.kb_id or actor.type not in PLACE_ACTOR_TYPES:
            continue
        words = actor.name.replace("’", "'").lower().split()
        if words and all(w in identity_words() for w in words):
            hits[aid] = ("a religious or ethnic group typed " + actor.type, ms[0])
    return _actor_suspect("group_as_person", data, per_actor, hits, top)


@lru_cache(maxsize=1)
def identity_words() -> frozenset[str]:
    """The religious and ethnic group words of the actors stage (actors/data/identity_groups.tsv)."""
    return frozenset(r["word"] for r in read_tsv("newsgraph.actors", "data/identity_groups.tsv",
                                                ("word", "group", "reason")))


# -- actors with one mention, late events ------------------------------------------------------------------------
def single_mention_actors(data: StoreData, per_actor: dict[str, list[MentionRow]], top: set[str]) -> Suspect:
    hits = {aid: ("one mention", ms[0]) for aid, ms in per_actor.items() if len(ms) == 1}
    return _actor_suspect("single_mention", data, per_actor, hits, top)


def late_events(data: StoreData, events: list) -> Suspect:
    """Events dated more than a year after their article and not hypothetical (measures.LATE_DAYS)."""
    late = [ev for ev in events if not ev.hypothetical
            and is_late(ev.date_value, data.articles[ev.article_id].published)]
    sus = Suspect(kind="late_event", unit="events", count=len(late), of=len(events))
    texts = data.texts({ev.article_id for ev in late[:EXAMPLES]})
    for ev in late[:EXAMPLES]:
        body = texts.get(ev.article_id, "")
        sus.examples.append(Example(
            text=ev.date_text or ev.date_value or "", article_id=ev.article_id, event_id=ev.event_id,
            detail=f"{ev.type} dated {ev.date_value}, article published {data.articles[ev.article_id].published}",
            context=" ".join(body[ev.start:ev.end].split())[:2 * CONTEXT_CHARS + 40]))
    return sus
