"""The quotes stage: direct quotations and reported speech with their speakers (extract.py) and the
speech verbs of data/speech_verbs.tsv."""
