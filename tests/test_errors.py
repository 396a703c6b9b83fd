"""The error catalogue: every message carries its code, codes are never reused."""
from __future__ import annotations

import re

from newsgraph.errors import RESERVED, Errors


def _codes() -> list[str]:
    return [name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name)]


def test_messages_carry_their_code():
    assert Errors.E012.format(value="March") == "[E012] invalid date 'March': use YYYY-MM-DD, YYYY-MM or YYYY"
    assert all(getattr(Errors, code).startswith(f"[{code}] ") for code in _codes())


def test_codes_are_unique_in_order_and_retired_ones_stay_reserved():
    codes = _codes()
    assert codes == sorted(codes)
    assert not set(codes) & set(RESERVED)  # a retired code is never given to a new message
    assert {"E014", "E016"} <= set(RESERVED)
    numbers = sorted(int(c[1:]) for c in [*codes, *RESERVED])
    assert numbers == list(range(1, numbers[-1] + 1))  # no gaps: every number was used once
