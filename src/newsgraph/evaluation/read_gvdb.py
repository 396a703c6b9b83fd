"""Reader for the GVDB dev split (gvdb_dev.json, one JSON object per line): the tokenised article is
re-joined with single spaces and every gold span gets character offsets into that text.

The file carries the incident date (``date``) and token spans typed DAT-CITY, DAT-TIME, VIC-NAME, ...;
it holds no killed/injured counts, so those two fields cannot be scored from it.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.evaluation.gold import ReadReport

log = logging.getLogger(__name__)


@dataclass(slots=True)
class GvdbSpan:
    start: int  # character offsets into GvdbDoc.text
    end: int
    role: str
    text: str


@dataclass(slots=True)
class GvdbDoc:
    id: str
    date: str | None
    text: str
    spans: list[GvdbSpan] = field(default_factory=list)

    def role_texts(self, role: str) -> list[str]:
        return [s.text for s in self.spans if s.role == role]


def read_gvdb(path: str | Path, *, limit: int | None = None) -> tuple[list[GvdbDoc], ReadReport]:
    report = ReadReport()
    docs: list[GvdbDoc] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and len(docs) >= limit:
                break
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                tokens = [t for sent in rec["full_text"] for t in sent]
            except (json.JSONDecodeError, KeyError, TypeError):
                report.skip("unreadable line")
                continue
            starts, pos = [], 0
            for t in tokens:
                starts.append(pos)
                pos += len(t) + 1
            text = " ".join(tokens)
            doc = GvdbDoc(str(rec.get("doc_key", n)), rec.get("date"), text)
            for sp in rec.get("spans", []):
                try:
                    a, b, role = int(sp[0]), int(sp[1]), str(sp[2])
                except (ValueError, IndexError, TypeError):
                    report.skip("malformed span")
                    continue
                if not (0 <= a < b <= len(tokens)):
                    report.skip("span outside the document")
                    continue
                cs, ce = starts[a], starts[b - 1] + len(tokens[b - 1])
                doc.spans.append(GvdbSpan(cs, ce, role, text[cs:ce]))
                report.read += 1
            docs.append(doc)
    return docs, report
