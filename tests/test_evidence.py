"""The evidence sentence around a fact's offsets."""
from newsgraph.evidence import sentence_span

TEXT = "Talks stalled in Jeddah. The army shelled the bridge on Monday. Residents fled.\nA new line starts here."


def cut(start: int, end: int) -> str:
    lo, hi = sentence_span(TEXT, start, end)
    return TEXT[lo:hi]


def test_a_span_inside_a_sentence_gives_that_sentence():
    i = TEXT.index("shelled")
    assert cut(i, i + len("shelled")) == "The army shelled the bridge on Monday."


def test_evidence_that_ends_with_its_full_stop_stays_in_its_sentence():
    i = TEXT.index("The army")
    j = TEXT.index("Monday.") + len("Monday.")
    assert cut(i, j) == "The army shelled the bridge on Monday."


def test_a_line_break_ends_the_context():
    i = TEXT.index("Residents")
    assert cut(i, i + 9) == "Residents fled."
    k = TEXT.index("new line")
    assert cut(k, k + 3) == "A new line starts here."
