"""Lines repeated across many records of one outlet in one input are its template."""
from __future__ import annotations

from ingest_samples import OTHER_PARAGRAPHS, PARAGRAPHS

from newsgraph.ingest.templates import TEMPLATE_MIN_GROUP, template_lines, with_templates
from newsgraph.records import IngestError, RawDocument

PROMO = "Read our full coverage of the talks in the special report."


def _record(i: int, text: str, source: str | None = "Harbour Times", fmt: str = "jsonl", path: str = "d.jsonl"):
    return RawDocument(path=path, format=fmt, text=text, raw_sha=str(i), index=i,
                       meta={"source": source} if source else {})


def _records(n: int, with_promo: int, source: str | None = "Harbour Times") -> list[RawDocument]:
    out = []
    for i in range(n):
        lines = [f"Story number {i} about the talks", PARAGRAPHS[i % len(PARAGRAPHS)], "March 3, 2011"]
        if i < with_promo:
            lines.append(PROMO)
        if i < 2:
            lines.append(OTHER_PARAGRAPHS[0])  # a paragraph two stories share is not template
        out.append(_record(i, "\n\n".join(lines), source))
    return out


def test_a_line_in_a_tenth_of_an_outlets_records_is_template():
    found = template_lines(_records(TEMPLATE_MIN_GROUP, with_promo=5))
    assert PROMO in found["Harbour Times"]
    assert OTHER_PARAGRAPHS[0] not in found["Harbour Times"]
    assert "March 3, 2011" not in found["Harbour Times"]  # a date line is read by metadata, never template


def test_too_few_records_or_too_few_repeats_give_no_template():
    assert template_lines(_records(TEMPLATE_MIN_GROUP - 1, with_promo=10)) == {}
    assert PROMO not in template_lines(_records(60, with_promo=5))["Harbour Times"]  # 5 of 60 < a tenth


def test_outlets_are_judged_apart():
    records = _records(TEMPLATE_MIN_GROUP, with_promo=5) + _records(TEMPLATE_MIN_GROUP, with_promo=0, source="Coast Post")
    found = template_lines(records)
    assert PROMO in found["Harbour Times"] and PROMO not in found["Coast Post"]


def test_with_templates_keeps_order_and_pairs_each_unit_with_its_inputs_template():
    batch = _records(TEMPLATE_MIN_GROUP, with_promo=5)
    error = IngestError("d.jsonl", "bad JSON", 7)
    single = _record(99, "A page on its own.", fmt="txt", path="page.txt")
    items = [*batch[:7], error, *batch[7:], single]
    out = list(with_templates(items))
    assert [item for item, _ in out] == items
    assert all(PROMO in t for item, t in out if isinstance(item, RawDocument) and item.format == "jsonl")
    assert out[-1][1] == frozenset()
