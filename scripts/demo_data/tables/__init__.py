"""The demo cluster's facts, one module per subject, as plain data: literals and a few
one-line derivations, no behaviour. Edit these to change the story; the rules that turn
them into records are in `demo_data.rows`, `demo_data.assessor` and `demo_data.peers`.
"""
