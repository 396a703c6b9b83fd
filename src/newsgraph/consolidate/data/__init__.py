"""Data files of this package (read with newsgraph.lexicon)."""
