"""Where the gold data lives, what a reader skipped, and how a task reports a data set that is absent.

Readers return their items plus a :class:`ReadReport` so that every number we publish comes with the
count of gold items it could not use (and why), instead of silently scoring a smaller set.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_EVAL_DIR = "NEWSGRAPH_EVAL_DIR"


def eval_root() -> Path:
    """../shared/eval next to the repository root, unless $NEWSGRAPH_EVAL_DIR says otherwise."""
    env = os.environ.get(ENV_EVAL_DIR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "eval"


def data_dir(task_folder: str, data: str | Path | None) -> Path:
    """The folder a task reads: ``data`` when given, else the task's folder under :func:`eval_root`."""
    if data is not None:
        return Path(data)
    return eval_root() / task_folder


@dataclass
class ReadReport:
    """What a reader read and what it had to skip, with a reason per skipped item."""

    read: int = 0
    skipped: Counter = field(default_factory=Counter)
    repaired: Counter = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    def repair(self, reason: str, n: int = 1) -> None:
        self.repaired[reason] += n

    def merge(self, other: "ReadReport") -> None:
        self.read += other.read
        self.skipped.update(other.skipped)
        self.repaired.update(other.repaired)

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "skipped": dict(self.skipped), "repaired": dict(self.repaired)}


def unavailable(reason: str) -> dict[str, Any]:
    """The result a scorer returns when the gold data it needs is missing."""
    return {"status": "unavailable", "reason": reason}
