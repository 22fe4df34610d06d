"""Tools for the curators of the registry.

edition_text   an edition's plain text: masthead, articles, sentences
written_dates  the dates written in a text, in every form the editions use
verify         `deadlines verify-sources`: each dated milestone looked up in its cited article
scan           `deadlines scan`: every dated statement of an edition
review         a scan's candidates against the registry: known, known elsewhere, new
todo           `deadlines review`: the flagged milestones and instruments to re-check

May import `core`, `storage` and `registry`; independent of the outputs.
"""
