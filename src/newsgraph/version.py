"""Versions that records carry: bump CLEANING_VERSION when cleaning changes the clean text of any
article (a new article version is stored, the old one is kept); bump PIPELINE_VERSION when any
extraction stage changes its output (``build`` reprocesses articles made by an older version)."""

__version__ = "0.1.0"
CLEANING_VERSION = "clean-2"
PIPELINE_VERSION = "pipe-1"
