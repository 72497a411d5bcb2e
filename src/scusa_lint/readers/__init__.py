"""Readers: turn a file into Documents (prose plus offset map). One function per format.

A reader is ``reader(path, source, *, template, settings) -> list[Document]``; ``source`` is the
decoded text, or the raw bytes for a reader marked ``binary`` (e-mails carry their own charset).
The format comes from the configuration's ``formats`` globs, else from the extension.
"""

from __future__ import annotations

import codecs
import importlib
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from scusa_lint.config import Settings
from scusa_lint.document import Document
from scusa_lint.errors import InputError

Reader = Callable[..., list[Document]]

# Helpdesk presets of readers/templates.py (named here so that a run on .txt files does not import it).
PRESET_NAMES = ("zendesk", "zendesk-yaml", "gorgias", "freshdesk", "front", "helpscout")
# format name -> "module:function" of its reader, and keyword arguments; imported on first use.
READERS: dict[str, tuple[str, dict]] = {
    "text": ("scusa_lint.readers.text:read_text", {}),
    "markdown": ("scusa_lint.readers.markdown:read_markdown", {}),
    "html": ("scusa_lint.readers.html:read_html", {}),
    "eml": ("scusa_lint.readers.eml:read_eml", {}),
    # a JSON/YAML collection whose preset is recognised from the data
    "templates": ("scusa_lint.readers.templates:read_collection", {}),
    # fields from the configuration
    "collection": ("scusa_lint.readers.templates:read_collection", {"preset": "collection"}),
    **{name: ("scusa_lint.readers.templates:read_collection", {"preset": name}) for name in PRESET_NAMES},
}
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".eml": "eml",
    ".json": "templates", ".yml": "templates", ".yaml": "templates",
}
# Formats whose files are templates (placeholders expected) rather than drafts to send as they are.
TEMPLATE_FORMATS: set[str] = {"templates", "collection", *PRESET_NAMES}
# Extensions a directory walk picks up only when the file holds templates (a repository's other
# JSON and YAML files are not ours to lint).
SNIFFED_FORMATS: set[str] = {"templates"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def is_lintable(path: Path, settings: Settings | None = None) -> bool:
    """Does directory walking pick this file up?

    A file a ``formats`` glob names is always picked up; otherwise the extension decides, and a
    ``.json``/``.yml``/``.yaml`` file only when it holds helpdesk templates.
    """
    if settings is not None and settings.format_for(str(path)):
        return True
    name = EXTENSIONS.get(path.suffix.lower())
    if name is None:
        return False
    if name in SNIFFED_FORMATS and path.is_file():
        from scusa_lint.readers.templates import looks_like_templates

        return looks_like_templates(str(path), settings)
    return True


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
    from scusa_lint.limits import read_regular, read_stream

    if path == "-":
        return read_stream(sys.stdin.buffer, path, settings.max_file_size)
    return read_regular(path, settings.max_file_size)


def read_documents(path: str, settings: Settings, *, from_stdin: bool = False) -> list[Document]:
    """Read, decode and parse one file (``-``, or any name with ``from_stdin``: standard input)
    into its documents."""
    name = format_of(path, settings)
    from_stdin = from_stdin or path == "-"
    if from_stdin:
        from scusa_lint.limits import read_stream

        data = read_stream(sys.stdin.buffer, path, settings.max_file_size)
    else:
        data = read_bytes(path, settings)
    return parse_documents(path, data, settings, name)


def parse_documents(path: str, data: bytes | str, settings: Settings, name: str | None = None) -> list[Document]:
    """Parse the content of one file (``path`` names it; ``name`` is its format, else from the path)."""
    name = name or format_of(path, settings)
    if name not in READERS:
        raise InputError(path, f"unknown format {name!r} (known: {', '.join(sorted(READERS))})")
    reader = reader_for(name)
    template = name in TEMPLATE_FORMATS or settings.is_template_path(path)
    binary = getattr(_function(reader), "binary", False)
    if isinstance(data, str):
        source = data.encode("utf-8") if binary else data
    else:
        source = data if binary else decode(path, data)
    return reader(path, source, template=template, settings=settings)


def reader_for(name: str) -> Reader:
    target, options = READERS[name]
    module, function = target.split(":")
    reader = getattr(importlib.import_module(module), function)
    return partial(reader, **options) if options else reader


def _function(reader: Reader) -> Reader:
    return reader.func if isinstance(reader, partial) else reader
