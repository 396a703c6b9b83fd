"""Geoparsing internals of the places stage: the admin-points table, candidate features and the learned
ranker (see docs/EVALUATION.md, geo). Public entry points stay in :mod:`newsgraph.places`."""
