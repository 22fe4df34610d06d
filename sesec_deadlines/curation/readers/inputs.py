"""Reading the files and folders of one scan into documents, each by its kind."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sesec_deadlines.core.plural import counted
from sesec_deadlines.curation.readers import cleanup, sniff
from sesec_deadlines.curation.readers.document import HTML, PDF, TEXT, Document, InputError

# a saved web page's folder also holds its styles, scripts and pictures: not documents
ASSETS = frozenset((".css", ".js", ".mjs", ".json", ".map", ".png", ".jpg", ".jpeg", ".gif",
                    ".svg", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot"))


def read_pdf(path: Path, data: bytes) -> Document:
    """A PDF as a document: its pages laid out into paragraphs and cleaned."""
    from sesec_deadlines.curation.readers.layout import pages_text  # pypdfium2: lazily
    from sesec_deadlines.curation.readers.pdf import pdf_pages

    pages = pdf_pages(path, data)
    text = pages_text(pages)
    if not text.strip():
        raise InputError(f"{path}: a PDF with no text layer ({counted(len(pages), 'page')})",
                         hint="it is probably scanned images: run it through OCR first, "
                              "or give its text")
    return Document(path, PDF, text, pages=len(pages))


def read_document(path: Path) -> Document:
    """One file, whatever its kind."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})",
                         hint="give a PDF, a web page, or a text or Markdown file") from err
    kind = sniff.kind_of(data)
    if kind == PDF:
        return read_pdf(path, data)
    text = sniff.decode(data)
    if kind == HTML:
        from sesec_deadlines.curation.readers.html import read_html  # lxml: lazily

        return read_html(path, text)
    if sniff.is_binary(text):
        raise InputError(f"{path}: neither a PDF, a web page nor text",
                         hint="give the edition as PDF, HTML, text or Markdown")
    return Document(path, TEXT, cleanup.clean_text(text))


def input_files(paths: Iterable[Path]) -> list[Path]:
    """The files of a scan: each file given, and the files of each folder given (sorted,
    hidden files left out). Refuses what does not exist and a folder with no files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file()
                            and not p.name.startswith(".") and p.suffix.lower() not in ASSETS)
            if not inside:
                raise InputError(f"{path}: an empty folder",
                                 hint="give the folder holding the edition or its web pages")
            files.extend(inside)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            import stat

            mode = path.stat().st_mode
            kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a character device"
                    if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
                    else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
            raise InputError(f"{path}: is {kind}, not a file or folder to read",
                             hint="give PDF, HTML, text or Markdown files, or their folder")
        else:
            raise InputError(f"{path}: no such file or folder",
                             hint="give PDF, HTML, text or Markdown files, or their folder")
    return list(dict.fromkeys(files))


def read_inputs(paths: Iterable[Path]) -> list[Document]:
    """Every document of one scan, in the order given (a folder's files sorted by name)."""
    return [read_document(path) for path in input_files(paths)]
