"""Data files of this package (read with importlib.resources)."""
