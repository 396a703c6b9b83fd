"""The relations stage: who backs, arms, funds, fights or commands whom, from grammatical constructions
(extract.py) and the cue words of data/relation_patterns.tsv."""
