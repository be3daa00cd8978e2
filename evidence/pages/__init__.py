"""The page importer: a cluster's news and project pages become dated draft records.

A package of its own because reading a page is several jobs that each must be right on
pages nobody tuned them on: `split` finds the items, `dates` reads the date expressions,
`items` reads each item's kind, place, role and partners, and `importer` turns the dated
items into draft records for the manager to review.
"""
