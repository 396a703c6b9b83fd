"""newsgraph: evidence-backed, queryable models of armed conflicts from many news outlets.

The public Python API (the CLI and the web app are thin layers over it)::

    from newsgraph import ingest, open_store, export
    summary = ingest(["news/"], db="conflict.db")   # -> IngestSummary
    with open_store("conflict.db") as store:
        store.stats()
    export("out/", format="jsonl", db="conflict.db")
"""
# The subpackages newsgraph.ingest and newsgraph.export share their names with the API functions
# ingest() and export(). Python binds a subpackage as an attribute of its parent when it is first
# imported, which would replace the function; importing the subpackages first and binding the
# functions after makes `from newsgraph import ingest, export` the functions, always. Import the
# subpackages' contents with `from newsgraph.ingest import read_inputs` (not `import a.b.c as y`).
import newsgraph.export as _export_package  # noqa: F401  (must precede the api import)
import newsgraph.ingest as _ingest_package  # noqa: F401  (must precede the api import)
from newsgraph.api import BuildSummary, IngestSummary, build, export, ingest
from newsgraph.store import Store, open_store
from newsgraph.version import CLEANING_VERSION, PIPELINE_VERSION, __version__

__all__ = ["CLEANING_VERSION", "PIPELINE_VERSION", "BuildSummary", "IngestSummary", "build", "Store", "__version__", "export",
           "ingest", "open_store"]
