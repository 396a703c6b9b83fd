"""``newsgraph watch``: keep a store current from feeds and folders, and raise alerts for watch rules.

Each cycle reads every source (a feed URL is fetched to a spool file; a feed file or folder is read as
`newsgraph ingest` reads it), then ``api.build`` ingests and extracts only what is new (the store knows
every unit it has cleaned and every article by content), then every rule is checked against the
store's events. An alert is keyed by (rule, event evidence): it is stored once, written once as a JSON
line and POSTed once to the webhook, and shown in the Atom feed that `newsgraph serve` serves at
/alerts.atom. A cycle killed half-way loses nothing and repeats nothing: ingest commits in batches and
the next cycle ingests what was not stored; an alert is stored together with the sinks it must reach
(``alerts.pending``) in one transaction, and each sink is cleared only once it holds the alert, so the
next cycle delivers what a killed one did not. The JSON lines file is its own record: an alert whose id
is in it already is not written again, and a last line cut short by a kill is dropped before appending.
A webhook may see an alert twice only when the kill falls between its POST and the store's note of it;
each POST carries the alert id in ``Idempotency-Key`` so that a receiver can tell.

Rules file (JSON): a list of ``{"name", "actor", "place", "country", "type", "min_fatalities",
"min_reports"}``; every field but ``name`` optional; a rule matches an event that meets all it gives.
"""
from __future__ import annotations

import json
import logging
import os
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


ALERT_FIELDS = ("id", "rule", "event", "article_id", "start", "end", "summary", "at")


def check_rules(store, rules: list[Rule], sinks: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Alerts not raised before, stored now (one per rule and event evidence), each pending for
    ``sinks`` (``jsonl``, ``webhook``) until delivered."""
    pending = " ".join(sinks) or None
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
            read_alerts.add(conn, [{**r, "pending": pending} for r in fresh])
            new += fresh
    return new


def _post(url: str, alert: dict[str, Any]) -> None:
    req = urllib.request.Request(url, data=json.dumps(alert).encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/json", "Idempotency-Key": alert["id"]})
    with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT_S):  # noqa: S310
        pass


def _ids_in(path: Path) -> set[str]:
    """The alert ids the JSON lines file holds; a last line cut short (no newline) is cut off first."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        keep = data.rfind(b"\n") + 1
        with path.open("r+b") as f:
            f.truncate(keep)
        data = data[:keep]
    ids = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            ids.add(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            log.warning("%s: a line that is not an alert is left as it is", path)
    return ids


def deliver_jsonl(store, path: Path) -> int:
    """Append every alert pending for the JSON lines sink that the file lacks; then clear the sink."""
    with store.engine.connect() as conn:
        todo = read_alerts.pending(conn, "jsonl")
    if not todo:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    have = _ids_in(path)
    with path.open("a", encoding="utf-8") as out:
        for a in todo:
            if a["id"] not in have:
                out.write(json.dumps({k: a[k] for k in ALERT_FIELDS}, ensure_ascii=False, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    with store.engine.begin() as conn:
        read_alerts.delivered(conn, [a["id"] for a in todo], "jsonl")
    return len(todo)


def deliver_webhook(store, url: str, errors: list[str]) -> int:
    """POST every alert pending for the webhook, clearing each once the receiver took it; a receiver
    down leaves the rest pending for the next cycle."""
    with store.engine.connect() as conn:
        todo = read_alerts.pending(conn, "webhook")
    sent = 0
    for a in todo:
        try:
            _post(url, {k: a[k] for k in ALERT_FIELDS})
        except OSError as exc:
            errors.append(f"webhook {url}: {exc} ({len(todo) - sent} alerts left for the next cycle)")
            break
        with store.engine.begin() as conn:
            read_alerts.delivered(conn, [a["id"]], "webhook")
        sent += 1
    return sent


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
    sinks = [name for name, on in (("jsonl", alerts_out is not None), ("webhook", bool(webhook))) if on]
    with open_store(db) as store:
        summary.alerts = check_rules(store, rules, sinks)
        if alerts_out is not None:
            deliver_jsonl(store, alerts_out)
        if webhook:
            deliver_webhook(store, webhook, summary.errors)
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
