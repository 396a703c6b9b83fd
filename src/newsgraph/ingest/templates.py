"""Lines that recur across many records of one multi-record input: the outlet's page template.

A dump of one outlet's pages (a JSONL file) repeats its template in every record: a promo line, a
ticker headline, an advertisement, a sidebar. No single page shows that such a line is furniture;
the batch does. A line is a template line of an input when it appears in at least TEMPLATE_MIN_SHARE
of the records of one outlet (``source`` as the records state it; records without one form one group)
and in at least TEMPLATE_MIN_RECORDS of them. Cleaning drops template lines only at a unit's edges
(``structure.py``): a background paragraph that many stories of one war repeat in their middle stays.

Pure: the records of one input in, one frozenset of normalised lines per outlet out. Computed per
input file as it is read, so an article's clean text depends on the file it came in (a record ingested
alone keeps its template lines); re-ingesting the same file gives the same texts.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from newsgraph.ingest.lines import normalise_line
from newsgraph.ingest.metadata import DATE_ONLY_LINE, ISO_LINE, PUBLISHED_LINE, UPDATED_LINE
from newsgraph.ingest.unwrap import unwrap
from newsgraph.records import IngestError, RawDocument

# A template line is in at least a tenth of an outlet's records. In the realnews corpora the template
# lines (promo, advertisement, comment policy, sidebar tweets) sit in 10-75 % of an outlet's records;
# the most repeated story paragraphs (a background box, a list of plan points) in 2-6 %.
TEMPLATE_MIN_SHARE = 0.10
# ... and in at least five records: in a small batch a share says little.
TEMPLATE_MIN_RECORDS = 5
# Only inputs with this many records of an outlet are judged (a tenth of 20 is two pages).
TEMPLATE_MIN_GROUP = 20
# Multi-record text formats whose records are one outlet's pages side by side.
BATCH_FORMATS = frozenset({"jsonl"})
_DATE_LINES = (PUBLISHED_LINE, UPDATED_LINE, DATE_ONLY_LINE, ISO_LINE)  # metadata reads them: never template


def _lines(raw: RawDocument) -> set[str]:
    return {n for n in (normalise_line(line) for line in unwrap(raw.text.splitlines()))
            if n and not any(p.match(n) for p in _DATE_LINES)}


def template_lines(records: Iterable[RawDocument]) -> dict[str | None, frozenset[str]]:
    """Per outlet (the records' ``source``, None for records that state none): its template lines."""
    counts: dict[str | None, Counter[str]] = {}
    sizes: Counter[str | None] = Counter()
    for raw in records:
        source = raw.meta.get("source")
        sizes[source] += 1
        counts.setdefault(source, Counter()).update(_lines(raw))
    out = {}
    for source, counter in counts.items():
        n = sizes[source]
        if n < TEMPLATE_MIN_GROUP:
            continue
        floor = max(TEMPLATE_MIN_RECORDS, TEMPLATE_MIN_SHARE * n)
        out[source] = frozenset(line for line, c in counter.items() if c >= floor)
    return out


def with_templates(items: Iterable[RawDocument | IngestError]
                   ) -> Iterator[tuple[RawDocument | IngestError, frozenset[str]]]:
    """Each item with the template lines of its input and outlet (empty for single-record inputs).

    Consecutive records of one multi-record input are held back until the input ends (the template
    needs all of them); other items pass through at once. Order is kept."""
    held: list[RawDocument | IngestError] = []

    def release() -> Iterator[tuple[RawDocument | IngestError, frozenset[str]]]:
        found = template_lines(r for r in held if isinstance(r, RawDocument))
        for r in held:
            source = r.meta.get("source") if isinstance(r, RawDocument) else None
            yield r, found.get(source, frozenset())
        held.clear()

    for item in items:
        if held and item.path != held[0].path:
            yield from release()
        if (isinstance(item, RawDocument) and item.format in BATCH_FORMATS) or (held and isinstance(item, IngestError)):
            held.append(item)
            continue
        yield from release()
        yield item, frozenset()
    yield from release()
