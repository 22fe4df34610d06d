"""Reading what a curator is given: PDF, web pages, plain text or Markdown of any shape.

Every input becomes a `Document`: its text normalised for the article splitter (running
headers and footers, page numbers, dot leaders and hyphenation at line ends removed,
re-wrapped lines re-flowed into paragraphs, one blank line between paragraphs), and what
the input itself says of its structure: a web page's article title, body and own date as
a `Section`. The kind of an input is decided by its content, not its name.

document   the `Document` and `Section` records
inputs     `read_inputs`: the files and folders of one scan, each read by its kind
sniff      what an input is (PDF magic bytes, HTML markup, text) and its text's encoding
pdf        a PDF's lines with their positions (pypdfium2, imported lazily)
columns    a page printed in two columns made one column
layout     a PDF page's positioned lines to paragraphs, table rows and index entries
pdftables  a PDF page's lines and blocks; its drawn tables, their rows as "| a | b |"
html       a web page's article: title, body and date, without the site's chrome (lxml)
htmlmeta   a web page's own title and date (meta tags, JSON-LD, <time>, a dateline)
cleanup    text of any shape: pages, running lines and page numbers removed
linekinds  what a line is (page number, index entry, heading, list item); leaders, hyphens
reflow     text wrapped at a fixed width re-flowed into paragraphs

The readers import only `core` and the standard library (and, lazily, their parsers); the
rest of `curation` reads their documents.
"""

from sesec_deadlines.curation.readers.document import Document, InputError, Section
from sesec_deadlines.curation.readers.inputs import read_document, read_inputs

__all__ = ["Document", "InputError", "Section", "read_document", "read_inputs"]
