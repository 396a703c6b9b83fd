"""``newsgraph watch``: keep a store current from feeds and folders, and raise alerts for watch rules.

Each cycle reads every source (a feed URL is fetched to a spool file; a feed file or folder is read as
`newsgraph ingest` reads it), then ``api.build`` ingests and extracts only what is new (the store knows
every unit it has cleaned and every article by content), then every rule is checked against the
store's events. An alert is keyed by (rule, event evidence): it is stored once, written once as a JSON
line and POSTed once to the webhook, and shown in the Atom feed that `newsgraph serve` serves at
/alerts.atom. A cycle killed half-way loses nothing: the next cycle ingests what was not stored and
raises what was not raised.

Rules file (JSON): a list of ``{"name", "actor", "place", "country", "type", "min_fatalities",
"min_reports"}``; every field but ``name`` optional; a rule matches an event that meets all it gives.
"""
from __future__ import annotations

import json
import logging
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from newsgraph import api
from newsgraph.errors import Errors, UsageError
from newsgraph.ids import stable_id
from newsgraph.store import open_store
from newsgraph.store import schema as s
from newsgraph.store.read import alerts as read_alerts
from newsgraph.store.read.actors import resolve_actor_ids
from newsgraph.store.read.events import apply_filter, event_date, public_id, with_clusters
from newsgraph.store.read.filters import EventFilter

log = logging.getLogger(__name__)

FETCH_TIMEOUT_S = 30  # one slow feed must not hold a cycle for long
MAX_FEED_BYTES = 20 * 1024 * 1024


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1, max_length=200)
    actor: str | None = None
    place: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$")
    type: str | None = Field(default=None, pattern=r"^[A-Za-z_-]{1,32}$")
    min_fatalities: int | None = Field(default=None, ge=0)
    min_reports: int | None = Field(default=None, ge=1)


def load_rules(path: str | Path | None) -> list[Rule]:
    if path is None:
        return []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError("the file must hold a JSON list of rules")
        return [Rule(**r) for r in data]
    except (OSError, ValueError, TypeError, ValidationError) as exc:
        raise UsageError(Errors.E028.format(path=str(path), reason=exc)) from None


@dataclass(slots=True)
class CycleSummary:
    cycle: int
    added: int = 0  # articles newly stored
    processed: int = 0  # articles extracted
    alerts: list[dict[str, Any]] = field(default_factory=list)  # raised this cycle
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"cycle {self.cycle}: {self.added} new articles, {self.processed} extracted, "
                f"{len(self.alerts)} alerts" + (f", {len(self.errors)} errors" if self.errors else ""))


def _fetch(url: str, spool: Path) -> Path:
    """The feed at ``url`` saved in ``spool`` (one file per URL, replaced on each fetch)."""
    req = urllib.request.Request(url, headers={"User-Agent": "newsgraph-watch"})
    with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT_S) as resp:  # noqa: S310 (http(s) only, checked)
        data = resp.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise ValueError(f"larger than {MAX_FEED_BYTES} bytes")
    spool.mkdir(parents=True, exist_ok=True)
    target = spool / f"{stable_id('feed', url)}.xml"
    target.write_bytes(data)
    return target


def _paths(sources: Iterable[str], spool: Path, errors: list[str]) -> list[str]:
    out = []
    for src in sources:
        if src.startswith(("http://", "https://")):
            try:
                out.append(str(_fetch(src, spool)))
            except (OSError, ValueError) as exc:  # one feed down must not stop the others
                errors.append(Errors.E029.format(source=src, reason=exc))
        elif Path(src).exists():
            out.append(src)
        else:
            errors.append(Errors.E029.format(source=src, reason="no such file or folder"))
    return out


def _matches(conn, rule: Rule) -> list[dict[str, Any]]:
    e = s.events.c
    flt = EventFilter(type=rule.type, place=rule.place or rule.country, min_reports=rule.min_reports)
    actor_ids = resolve_actor_ids(conn, rule.actor) if rule.actor else None
    q = apply_filter(select(e.id, e.article_id, e.start, e.end, e.type, e.killed, e.place_name, e.place_country,
                            public_id().label("event"), event_date().label("date"))
                     .select_from(with_clusters()), flt, actor_ids=actor_ids)
    if rule.country:
        q = q.where(e.place_country == rule.country.upper())
    if rule.min_fatalities is not None:
        q = q.where(e.killed >= rule.min_fatalities)
    return [dict(r._mapping) for r in conn.execute(q.order_by(e.article_id, e.start))]


def check_rules(store, rules: list[Rule]) -> list[dict[str, Any]]:
    """Alerts not raised before, stored now (one per rule and event evidence)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    new: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for rule in rules:
            try:
                found = _matches(conn, rule)
            except UsageError as exc:  # an actor not (yet) in the store: nothing to match
                log.info("rule %s: %s", rule.name, exc)
                continue
            rows = [{"id": stable_id("alert", rule.name, f["article_id"], f["start"], f["end"]), "rule": rule.name,
                     "event": f["event"], "article_id": f["article_id"], "start": f["start"], "end": f["end"],
                     "summary": f"{f['type']} {f['place_name'] or f['place_country'] or ''} {f['date'] or ''}"
                                + (f", {f['killed']} killed" if f["killed"] is not None else ""),
                     "at": now} for f in found]
            unique = {r["id"]: r for r in rows}
            known = read_alerts.known_ids(conn, unique)
            fresh = [r for i, r in unique.items() if i not in known]
            read_alerts.add(conn, fresh)
            new += fresh
    return new


def _post(url: str, alert: dict[str, Any]) -> None:
    req = urllib.request.Request(url, data=json.dumps(alert).encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT_S):  # noqa: S310
        pass


def cycle(sources: list[str], *, db: str | None, rules: list[Rule], spool: Path, number: int = 1,
          alerts_out: Path | None = None, webhook: str | None = None) -> CycleSummary:
    """One watch cycle: fetch, ingest and build what is new, raise new alerts."""
    summary = CycleSummary(cycle=number)
    paths = _paths(sources, spool, summary.errors)
    built = api.build(paths, db=db)
    if built.ingest is not None:
        summary.added = built.ingest.added
        summary.errors += [f"{e.path}: {e.reason}" for e in built.ingest.errors]
    summary.processed = built.processed
    with open_store(db) as store:
        summary.alerts = check_rules(store, rules)
    if alerts_out is not None and summary.alerts:
        with alerts_out.open("a", encoding="utf-8") as out:
            for a in summary.alerts:
                out.write(json.dumps(a, ensure_ascii=False, sort_keys=True) + "\n")
    if webhook:
        for a in summary.alerts:
            try:
                _post(webhook, a)
            except OSError as exc:
                summary.errors.append(f"webhook {webhook}: {exc}")
    return summary


def watch(sources: list[str], *, db: str | None, rules_file: str | Path | None = None, interval: float = 3600,
          once: bool = False, alerts_out: str | Path | None = None, webhook: str | None = None,
          spool: str | Path | None = None, progress: Callable[[CycleSummary], None] | None = None,
          cycles: int | None = None) -> list[CycleSummary]:
    """Run cycles every ``interval`` seconds (one with ``once``; ``cycles`` stops after that many)."""
    rules = load_rules(rules_file)
    spool_dir = Path(spool) if spool else Path(".newsgraph-watch")
    out = Path(alerts_out) if alerts_out else None
    done: list[CycleSummary] = []
    n = 0
    while True:
        n += 1
        summary = cycle(sources, db=db, rules=rules, spool=spool_dir, number=n, alerts_out=out, webhook=webhook)
        done.append(summary)
        if progress:
            progress(summary)
        if once or (cycles is not None and n >= cycles):
            return done
        time.sleep(interval)
