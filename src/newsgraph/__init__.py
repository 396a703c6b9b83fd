"""newsgraph: evidence-backed, queryable models of armed conflicts from many news outlets.

The public Python API (the CLI and the web app are thin layers over it)::

    from newsgraph import ingest, open_store, export
    summary = ingest(["news/"], db="conflict.db")   # -> IngestSummary
    with open_store("conflict.db") as store:
        store.stats()
    export("out/", format="jsonl", db="conflict.db")
"""
from newsgraph.api import IngestSummary, export, ingest
from newsgraph.store import Store, open_store
from newsgraph.version import CLEANING_VERSION, PIPELINE_VERSION, __version__

__all__ = ["CLEANING_VERSION", "PIPELINE_VERSION", "IngestSummary", "Store", "__version__", "export",
           "ingest", "open_store"]
