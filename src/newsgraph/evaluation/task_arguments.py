"""Scores incident arguments on GVDB dev: exact-match accuracy of the incident date and city (and
killed/injured counts, which this file does not carry).

System: the events the whole pipeline finds in the text (``systems.incident_arguments``: each field from
the most confident violent event that has it). Baseline (labelled as such): the first
spaCy GPE entity as city, and the first spaCy DATE entity that names a month and a year, parsed by
dateparser, as the date (relative dates cannot be resolved: the file gives no publication date).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgraph.evaluation.gold import data_dir, unavailable
from newsgraph.evaluation.read_gvdb import GvdbDoc, read_gvdb
from newsgraph.evaluation.systems import incident_arguments
from newsgraph.evaluation.task_time import dateparser_value
from newsgraph.nlp import base_model

log = logging.getLogger(__name__)

FILE = "gvdb_dev.json"
MONTH_YEAR = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s.*\b(19|20)\d\d\b", re.I)

# (text) -> {"date": "YYYY-MM-DD"|None, "city": str|None, "killed": int|None, "injured": int|None}
Extractor = Callable[[str], dict[str, Any]]


def run(*, data: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    folder = data_dir("arguments", data)
    path = folder / FILE
    if not path.is_file():
        return {"task": "arguments", "datasets": {"GVDB": unavailable(f"{path} not found")}}
    docs, report = read_gvdb(path, limit=limit)
    res: dict[str, Any] = {"docs": len(docs), "reader": report.to_dict(),
                           "killed_injured": "not scored: gvdb_dev.json has no killed/injured fields"}
    res["baseline"] = score(docs, baseline_extract)
    res["system"] = score(docs, incident_arguments)
    return {"task": "arguments", "datasets": {"GVDB": res}}


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def score(docs: list[GvdbDoc], extract: Extractor) -> dict[str, Any]:
    date_n = date_ok = city_n = city_ok = 0
    errors: list[dict[str, Any]] = []
    for doc in docs:
        got = extract(doc.text)
        if doc.date:
            date_n += 1
            date_ok += got.get("date") == doc.date
        cities = {_norm(c) for c in doc.role_texts("DAT-CITY")}
        if cities:
            city_n += 1
            hit = got.get("city") is not None and _norm(got["city"]) in cities
            city_ok += hit
            if not hit and len(errors) < 8:
                errors.append({"doc": doc.id, "gold_city": sorted(cities)[0], "got": got.get("city")})
    return {"date": {"n": date_n, "acc": date_ok / date_n if date_n else None},
            "city": {"n": city_n, "acc": city_ok / city_n if city_n else None},
            "examples": errors}


def baseline_extract(text: str) -> dict[str, Any]:
    doc = base_model()(text)
    city = next((e.text for e in doc.ents if e.label_ == "GPE"), None)
    date = None
    for e in doc.ents:
        if e.label_ == "DATE" and MONTH_YEAR.search(e.text):
            v = dateparser_value(e.text, None)
            if v and len(v) == 10:
                date = v
                break
    return {"date": date, "city": city, "killed": None, "injured": None}
