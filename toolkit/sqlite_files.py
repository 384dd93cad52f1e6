"""SQLite files that several runs may open at once (the embedding and claims caches)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

class CacheError(OSError):
    """A cache file cannot be read or written; the message names the file and what to do."""


BUSY_SECONDS = 120  # how long a writer waits for another run's transaction


def connect_shared(path: Path, create: str) -> sqlite3.Connection:
    """A connection in WAL mode with ``create`` (a CREATE TABLE IF NOT EXISTS) run.

    Switching a new file to WAL takes a lock that SQLite does not wait for: when two runs open
    the same new file at once, one is told "database is locked" at once, so it tries again.
    """
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS)
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(create)
            connection.commit()
            return connection
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                connection.close()
                raise
            time.sleep(0.05)
