"""Tools for the curators of the registry.

verify   `deadlines verify-sources`: each dated milestone looked up in its cited article

May import `core`, `storage` and `registry`; independent of the outputs.
"""
