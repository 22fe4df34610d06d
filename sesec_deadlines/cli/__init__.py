"""The command line: parses options, calls the layers below, prints; the top layer.

app       the `deadlines` group: the lazy command table, errors to exit codes, `main`
base      how each command module makes its typer app
options   option types and parsing shared by the commands (dates, spans, vocabularies)
common    loading the registry, selecting and printing a selection
filtering the filter options of `list`, written once for every command that selects
completion  values completed from the registry (ids), read only when the shell asks
add_input   what `add` takes from options and prompts, checked where it is given
one module per command or command group: upcoming, listing (list), show, check, vocab,
add, changes, export, timeline, publish, remind, config, verify (verify-sources)

May import every other layer. Command modules never import each other.
"""
