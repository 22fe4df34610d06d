"""Files: the one TOML reader, and atomic writes.

toml     bytes to TOML data with a line map; syntax errors with line and column
atomic   replacing a file atomically, so a reader never sees half of it

May import `core` only.
"""
