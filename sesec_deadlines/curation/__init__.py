"""Tools for the curators of the registry.

readers        what a curator is given (PDF, web pages, text of any shape) as normalised
               documents; imports only `core`
texts          the documents of one scan grouped by edition and split into articles
edition_text   an edition's plain text: masthead, articles, sentences
words          month names and normalised text, shared by the readers of a text
lines          what a line is: a title, prose, a table cell, a hashtag label, a list item
split          cutting a text into articles: by its index of any shape, else its headings
headings       which lines are headings in a text without an index; the text before them
tables         tables of standards and dates flattened (a cell a line, one paragraph)
table_lines    tables written a row a line, of any size, pipes, tabs or aligned columns
written_dates  the dates written in a text, in every form the editions use
kinds          the kind of milestone the wording around a date suggests, and its certainty
relevance      whether a candidate is an obligation a company acts on, or context
verify         `deadlines verify-sources`: each dated milestone looked up in its cited article
scan           `deadlines scan`: every dated statement of an edition
review         a scan's candidates against the registry: known, known elsewhere, new
matching       whether a candidate names an instrument of another article (not by date alone)
todo           `deadlines review`: the flagged milestones and instruments to re-check

May import `core`, `storage` and `registry`; independent of the outputs.
"""
