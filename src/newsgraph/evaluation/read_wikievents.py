"""Reads WikiEvents (Li et al. 2021) dev as ../shared/eval/realnews/wikievents/dev.jsonl holds it: one
document per line with its tokens (sentences of ``[token, start, end]`` character offsets), entity
mentions over doc-level token indices, and event mentions with a trigger and role-labelled arguments
(each argument names an entity mention).

The documents' ``text`` runs sentences together without a space ("in SyriaThe desert"), so the
reader rebuilds a text of its own: the sentences joined by a newline, every token at a known offset.
Gold spans are returned as character offsets into that rebuilt text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport


@dataclass(frozen=True, slots=True)
class GoldArgument:
    role: str
    text: str
    start: int  # character offsets into WikiDoc.text
    end: int


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    type: str  # e.g. Conflict.Attack.DetonateExplode
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: int
    arguments: tuple[GoldArgument, ...]


@dataclass(frozen=True, slots=True)
class WikiDoc:
    id: str
    text: str
    sentences: tuple[tuple[int, int], ...]  # character span of each sentence in text
    events: tuple[GoldEvent, ...]


def _rebuild(sentences: list) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """(text, sentence spans, token spans) with tokens at their original spacing inside a sentence."""
    parts: list[str] = []
    sent_spans: list[tuple[int, int]] = []
    tok_spans: list[tuple[int, int]] = []
    pos = 0
    for sent in sentences:
        toks = sent[0]
        if not toks:
            sent_spans.append((pos, pos))
            continue
        base = toks[0][1]
        start = pos
        line = []
        cursor = base
        for tok, s, e in toks:
            gap = " " if s > cursor else ""
            line.append(gap + tok)
            offset = pos + len("".join(line)) - len(tok)
            tok_spans.append((offset, offset + len(tok)))
            cursor = e
        text = "".join(line)
        parts.append(text)
        pos += len(text)
        sent_spans.append((start, pos))
        parts.append("\n")
        pos += 1
    return "".join(parts), sent_spans, tok_spans


def read_wikievents(path: Path, limit: int | None = None) -> tuple[list[WikiDoc], ReadReport]:
    rep = ReadReport()
    docs: list[WikiDoc] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if limit is not None and len(docs) >= limit:
            break
        try:
            row = json.loads(line)
            text, sent_spans, tok_spans = _rebuild(row["sentences"])
            entities = {m["id"]: m for m in row.get("entity_mentions", [])}
        except (ValueError, KeyError, TypeError, IndexError):
            rep.skip("unreadable document")
            continue
        events: list[GoldEvent] = []
        for ev in row.get("event_mentions", []):
            trig = ev.get("trigger") or {}
            try:
                ts, te = tok_spans[trig["start"]][0], tok_spans[trig["end"] - 1][1]
            except (KeyError, IndexError, TypeError):
                rep.skip("trigger outside the tokens")
                continue
            args: list[GoldArgument] = []
            for arg in ev.get("arguments", []):
                ent = entities.get(arg.get("entity_id"))
                if ent is None:
                    rep.skip("argument without its entity mention")
                    continue
                try:
                    s, e = tok_spans[ent["start"]][0], tok_spans[ent["end"] - 1][1]
                except (KeyError, IndexError):
                    rep.skip("argument outside the tokens")
                    continue
                if " ".join(text[s:e].split()) != " ".join(str(ent.get("text", "")).split()):
                    rep.repair("argument text differs from its tokens (tokens kept)")
                args.append(GoldArgument(arg["role"], text[s:e], s, e))
            events.append(GoldEvent(ev.get("id", ""), ev.get("event_type", ""), text[ts:te], ts, te,
                                    int(trig.get("sent_idx", 0)), tuple(args)))
        docs.append(WikiDoc(row.get("doc_id", f"doc{len(docs)}"), text, tuple(sent_spans), tuple(events)))
    rep.read = len(docs)
    return docs, rep
