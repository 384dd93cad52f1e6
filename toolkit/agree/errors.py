"""The agreement stage's user-facing error (kept apart, so the command line can name it cheaply)."""


class ReferenceTableError(ValueError):
    """The reference table is unusable; the message names the row and column."""
