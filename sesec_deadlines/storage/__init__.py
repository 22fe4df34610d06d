"""Files: the one TOML reader, and atomic writes.

toml     bytes to TOML data with a line map; syntax errors with line and column
tomltext where strings, comments and brackets are on a TOML text's lines
atomic   replacing a file, or a whole directory, atomically: a reader never sees half
writing  writing a new folder's files as they are made, fsynced by a second thread
output   where the output a user names may go: one rule for every command
files    reading an input file: regular files only, up to a size limit

May import `core` only.
"""
