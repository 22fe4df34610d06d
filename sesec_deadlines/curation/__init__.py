"""Tools for the curators of the registry.

newsletter  an edition's plain text: articles, sentences, the dates written in them
verify      `deadlines verify-sources`: each dated milestone looked up in its cited article
scan        `deadlines scan`: every dated statement of an edition, against the registry

May import `core`, `storage` and `registry`; independent of the outputs.
"""
