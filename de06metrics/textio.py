"""Decode input files into NFC text, refusing what cannot be read and saying what was changed.

Raw files must be UTF-8. A UTF-8 byte-order mark is dropped and NFD text is normalized to NFC,
each with a warning (nothing changes silently); UTF-16, legacy encodings and binary files are
refused with an error that names the file and, for bad bytes, the line.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from de06metrics.errors import De06Error


def read_utf8(path: Path, *, label: str | None = None) -> tuple[str, list[str]]:
    """Return the file's text in NFC and a list of warnings about what was normalized."""
    name = label or str(path)
    return decode_utf8(read_bytes(path, name), name)


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes; a file that cannot be read is a `De06Error` naming it as `name`."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise De06Error("file not found", file=name) from exc
    except IsADirectoryError as exc:
        raise De06Error("is a directory, not a file", file=name) from exc
    except OSError as exc:
        raise De06Error(f"cannot be read: {exc.strerror}", file=name) from exc


def decode_utf8(data: bytes, name: str) -> tuple[str, list[str]]:
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise De06Error("is UTF-16 text", file=name, hint="save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        warnings.append(f"{name}: dropped a UTF-8 byte-order mark")
    if b"\0" in data[:65536]:
        raise De06Error("is a binary file, not text", file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise De06Error(
            f"is not UTF-8: byte 0x{data[exc.start]:02x} at line {line} cannot be decoded",
            file=name,
            row=None,
            hint="it may be Windows-1258 or another legacy encoding; save it as UTF-8",
        ) from exc
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        warnings.append(f"{name}: Unicode normalized from decomposed (NFD) to composed (NFC) form")
    return text, warnings
