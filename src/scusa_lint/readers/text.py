"""Plain text drafts: every line is prose except quoted replies and the signature."""

from __future__ import annotations

import re

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.readers.quoting import author_lines

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def split_lines(source: str) -> list[tuple[int, str]]:
    """(offset, line without its break) for every line of ``source``."""
    return [(m.start(), m.group().rstrip("\r\n")) for m in _LINE.finditer(source) if m.group()]


def read_text(path: str, source: str, *, template: bool, settings=None) -> list[Document]:
    builder = DocumentBuilder(path, source, template=template)
    add_author_lines(builder, source, split_lines(source))
    return [builder.build()]


def add_author_lines(builder: DocumentBuilder, source: str, lines: list[tuple[int, str]]) -> None:
    """Add the runs of the author's own lines, with a break where quoted text was left out."""
    keep = author_lines([line for _, line in lines])
    run_start = None
    for (offset, _), kept in zip(lines + [(len(source), "")], keep + [False], strict=True):
        if kept and run_start is None:
            run_start = offset
        elif not kept and run_start is not None:
            builder.add_break()
            builder.add(source[run_start:offset], run_start)
            run_start = None
