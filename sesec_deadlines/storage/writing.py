"""Writing the files of a new folder: each made while it is written, and fsynced by a
second thread while the next one is made, so the disk's work overlaps the making of the
next file (`storage.atomic.replace_directory` swaps the folder in when all are done).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

Content = bytes | Iterable[bytes]  # a file's bytes, or its bytes in pieces


def write_files(build: Path, files: Iterable[tuple[str, Content]], written: set[str]) -> None:
    """Write each file into `build` (0666 less the umask). A second thread fsyncs and
    closes each one while the next is made, so the disk works while the site is made;
    the first error of either is raised once all are done."""
    from concurrent.futures import Future, ThreadPoolExecutor

    synced: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=1) as syncer:
        for name, data in files:
            if name in written:
                raise ValueError(f"{name}: given twice")
            written.add(name)
            handle = open(build / name, "wb")  # noqa: SIM115 (the syncer closes it)
            try:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    handle.writelines(data)
                handle.flush()
            except BaseException:
                handle.close()
                raise
            synced.append(syncer.submit(_sync_and_close, handle))
    for done in synced:
        done.result()


def _sync_and_close(handle: BinaryIO) -> None:
    try:
        os.fsync(handle.fileno())
    finally:
        handle.close()
