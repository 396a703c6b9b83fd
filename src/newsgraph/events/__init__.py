"""The events stage: PLOVER events from parsed sentences (extract.py), with the cue lexicon (cues.py),
triggers and modality (triggers.py), arguments (arguments.py), casualty counts (counts.py) and the
PLOVER -> ACLED / CAMEO code tables (codes.py)."""
