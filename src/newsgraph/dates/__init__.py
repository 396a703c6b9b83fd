"""The dates stage: temporal expressions found by the spaCy component (component.py), valued against the
publication date (normalize.py, rules.py and data/date_rules.tsv), over a whole article (extract.py)."""
