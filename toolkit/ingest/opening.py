"""Opening a text input whatever its compression and encoding, or refusing it clearly.

Compression is recognised by its magic bytes, not the file name (a gzip file named ``.csv``
is still read): gzip, bzip2 and xz with the standard library, zstandard when the
``zstandard`` package is installed; a zip archive is refused (it may hold several files).
The encoding is UTF-8 unless a byte-order mark says UTF-16 or UTF-32; text that looks like
UTF-16 or UTF-32 without a mark is refused, since reading it as UTF-8 would turn every row
into garbage. Undecodable UTF-8 bytes are kept as lone surrogates ("surrogateescape"), so
the row holding them can be rejected alone while the rest of the file is read.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
from pathlib import Path
from typing import BinaryIO, TextIO

from toolkit.ingest.errors import InputFileError

COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
# What a damaged or truncated compressed stream raises while it is read.
DECOMPRESSION_ERRORS = (OSError, EOFError, lzma.LZMAError)
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstandard"),
          (b"PK\x03\x04", "zip"))
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def compression_of(head: bytes) -> str | None:
    """The compression whose magic bytes start ``head``, or None.

    >>> compression_of(b"\\x1f\\x8b\\x08\\x00"), compression_of(b"report_id,text")
    ('gzip', None)
    """
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def open_binary(path: Path) -> BinaryIO:
    """``path``'s bytes, decompressed if they are compressed."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise InputFileError(f"cannot read {path}: {error.strerror or error}") from None
    compression = compression_of(handle.read(6))
    handle.seek(0)
    if compression is None:
        return handle
    if compression == "zip":
        handle.close()
        raise InputFileError(f"{path} is a zip archive; extract the reports file from it first")
    if compression == "zstandard":
        try:
            import zstandard
        except ImportError:
            handle.close()
            raise InputFileError(f"{path} is zstandard-compressed: install the `zstandard` package, or "
                                 "decompress it first (zstd -d)") from None
        return zstandard.ZstdDecompressor().stream_reader(handle, closefd=True)  # type: ignore[return-value]
    handle.close()
    opener = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}[compression]
    return opener(path, "rb")  # type: ignore[return-value]


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark names, "utf-8" without one, None for text that looks like
    UTF-16/32 without a mark (many NUL bytes).

    >>> sniff_encoding(codecs.BOM_UTF16_LE + "id".encode("utf-16-le")), sniff_encoding(b"id,text")
    ('utf-16', 'utf-8')
    >>> sniff_encoding("id,text\\n".encode("utf-16-le")) is None
    True
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head.count(0) and head.count(0) >= len(head) // 4:
        return None
    return "utf-8"


def open_text(path: Path, newline: str | None) -> TextIO:
    """``path`` as text (decompressed, decoded), lines split only as ``newline`` says."""
    binary = open_binary(path)
    if not hasattr(binary, "peek"):
        binary = io.BufferedReader(binary)  # type: ignore[arg-type]
    try:
        head = binary.peek(4096)[:4096]
    except DECOMPRESSION_ERRORS as error:
        binary.close()
        raise InputFileError(f"cannot decompress {path}: {error}") from None
    encoding = sniff_encoding(head)
    if encoding is None:
        binary.close()
        raise InputFileError(f"{path} looks like UTF-16 or UTF-32 text without a byte-order mark; "
                             "save it as UTF-8 (or with a byte-order mark)")
    return io.TextIOWrapper(binary, encoding=encoding, errors="surrogateescape", newline=newline)  # type: ignore[arg-type]
