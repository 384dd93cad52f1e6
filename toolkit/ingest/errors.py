"""The error of an input that cannot be read as a whole."""


class InputFileError(OSError):
    """The reports file as a whole cannot be read; the message names it and says why."""
