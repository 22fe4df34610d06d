"""The pure core: vocabularies, dates, typed records, queries and the error hierarchy.

vocab    closed vocabularies (kinds, certainties, statuses, topics, authorities, editions)
dates    partial dates (day, month, year), offsets, periods, today in Asia/Shanghai
datetext dates and spans as options write them (+3 months, 6m, 1 Aug 2026)
model    frozen records: Instrument, Milestone, Source, and the resolved Entry
query    filters, product profiles and the selection of entries for a window
words    word forms for --search (charger, chargers, charging)
numbers  standard numbers in any spelling (GB 4706.1, gb4706.1-2024)
plural   counts in words (1 milestone, 2 milestones, 3 entries)
changes  what changed: new entries, moves, certainty and status changes, dated by the data
dataversion  the registry's data version (day and content hash) and its order
coverage  which editions of the series are curated, of those known in the span
staleness  flags (lapsed, overdue, outcome_unknown, unverified) and the registry's age
lifecycle  which status may follow which; chains of replacements
errors   the error hierarchy, located problems and the exit codes

No I/O, no clock except where today is asked for explicitly, no typer, no rich; imports
nothing of the package outside `core`.
"""
