"""The framing stage: the labels each outlet attaches to each actor (extract.py, data/framing_labels.tsv)
and the tone of the sentences that name an actor (tone.py)."""
