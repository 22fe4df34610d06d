"""The registry: TOML files read into checked, resolved, typed records.

load        reading the files, building and checking the `Registry`
paths       which files to read: --registry, $DEADLINES_REGISTRY, else the default
installed   the registry `deadlines update` installed: its folder and manifest
version     the data version: the content's hash and the latest day it records
manifest    manifest.json of a published site: written by publish, read by update
merge       the registry publish writes: the files read, as one checked file
store       the loaded `Registry`: instruments and resolved milestones, soonest first
validate    checking one file's tables into `core.model` records, every problem located
resolve     dates of relative milestones from their anchors; bad anchors and cycles
lifecycle   status histories, and `replaces` / `superseded_by` links checked across files
cache       the checked registry kept on disk, for fast start-up
packing     the registry as the cache file's index and instrument blobs
cached      the registry read back from the cache, decoded on demand
editing     appending a new instrument to a file (`deadlines add`)
stamping    writing `last_verified` for confirmed instruments (`verify-sources --stamp`)

May import `core` and `storage`; never the outputs, reminders, curation or command line.
"""
