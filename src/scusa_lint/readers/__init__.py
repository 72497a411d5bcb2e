"""Readers: turn a file into Documents (prose plus offset map). One function per format."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable
from pathlib import Path

from scusa_lint.config import Settings
from scusa_lint.document import Document
from scusa_lint.errors import InputError
from scusa_lint.readers.text import read_text

Reader = Callable[..., list[Document]]

# format name -> reader(path, source, template=...) ; extension -> format name
READERS: dict[str, Reader] = {"text": read_text}
EXTENSIONS: dict[str, str] = {".txt": "text", ".text": "text", ".md": "text", ".markdown": "text"}
# Formats whose files are templates (placeholders expected) rather than drafts to send as they are.
TEMPLATE_FORMATS: set[str] = set()
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def is_lintable(path: Path) -> bool:
    """Does directory walking pick this file up?"""
    return path.suffix.lower() in EXTENSIONS


def format_of(path: str, settings: Settings) -> str:
    name = settings.format_for(path) or EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")
    if name not in READERS:
        raise InputError(path, f"unknown format {name!r} (known: {', '.join(sorted(READERS))})")
    return name


def decode(path: str, data: bytes) -> str:
    """The file's text: UTF-8 (a BOM may say UTF-16); anything else is reported, not guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"not valid {encoding.upper()} at byte {exc.start}") from None
    if b"\0" in data[:8192]:
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(path, f"not valid UTF-8 at byte {exc.start} (0x{byte:02x}); save the file as UTF-8") from None


def read_bytes(path: str, settings: Settings) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(path)
        if size > settings.max_file_size:
            raise InputError(path, f"file too large ({size} bytes; max-file-size is {settings.max_file_size})")
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        raise InputError(path, (exc.strerror or str(exc)).lower()) from None


def read_documents(path: str, settings: Settings) -> list[Document]:
    """Read, decode and parse one file (``-`` is standard input) into its documents."""
    name = format_of(path, settings)
    source = decode(path, read_bytes(path, settings))
    template = name in TEMPLATE_FORMATS or settings.is_template_path(path)
    return READERS[name](path, source, template=template)
