"""The pieces of `scripts/make_demo_data.py`: the demo cluster's story as data, and the
code that writes it as the files `clex demo` ships (clex/demo_data/).

    tables/     the facts, as plain Python data (no functions): who the members are,
                what the cluster did, its documents, the assessor's judgements, the peers
    rows.py     the yearly rules that turn the facts into records (dates, counts, tags)
    assessor.py the G8 judgement files and the 2025 audit's review decisions
    peers.py    the 22 peer snapshots, made by the real importer and engine
    files.py    byte-reproducible writers (workbook, YAML) and the records' ids

The tables are Python modules rather than YAML or CSV files because the values must
come out with exactly their types (a `date`, `1.0` against `1`, `None` against an
empty string, a tuple's order): they decide the record ids and the bytes of the shipped
files, which `tests/test_demo.py` compares. Python literals carry those types with no
parsing layer that could change them, ruff checks them, and a few tables are derived
from others (the national cluster days, the study-visit hosts) in one line.
"""
