"""The actors stage: the spaCy component that finds actor spans (component.py), their resolution to actors
in one article (resolve.py, link.py, names.py, patterns.py, data/actor_patterns.tsv) and the merge of
discovered actors across articles (merge.py)."""
