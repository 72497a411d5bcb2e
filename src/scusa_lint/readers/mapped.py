"""Mapped text: a decoded string with, for each character, where the file's source writes it
(``offsets[i]`` to ``ends[i]``: one character, or a whole escape such as ``&egrave;``).

Readers that decode (HTML entities, JSON escapes, YAML scalars, MIME bodies) build a ``Mapped``
and hand it to a ``DocumentBuilder``; nesting composes (an HTML string inside a JSON file maps
to the JSON file through both maps).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence

from scusa_lint.document import DocumentBuilder
from scusa_lint.readers.quoting import author_lines

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


class Mapped:
    """``text`` and the source span of each character of it (by default one source character)."""

    __slots__ = ("text", "offsets", "ends")

    def __init__(self, text: str = "", offsets: Iterable[int] | None = None, ends: Iterable[int] | None = None) -> None:
        self.text = text
        self.offsets = array("q", offsets if offsets is not None else ())
        self.ends = array("q", ends) if ends is not None else array("q", (o + 1 for o in self.offsets))
        if not len(self.offsets) == len(self.ends) == len(text):
            raise ValueError("one source offset per character is needed")

    @classmethod
    def verbatim(cls, text: str, start: int) -> Mapped:
        """Text that stands as it is in the source from ``start`` on."""
        return cls(text, range(start, start + len(text)), range(start + 1, start + len(text) + 1))

    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __getitem__(self, index: slice) -> Mapped:
        return Mapped(self.text[index], self.offsets[index], self.ends[index])

    def __add__(self, other: Mapped) -> Mapped:
        return join([self, other])

    def __repr__(self) -> str:
        return f"Mapped({self.text!r})"

    def through(self, outer) -> Mapped:
        """Map through an outer map: this text's offsets index the string ``outer`` (a JSON or YAML
        string with ``offsets`` and ``ends`` of its own)."""
        return Mapped(self.text, (outer.offsets[i] for i in self.offsets), (outer.ends[i - 1] for i in self.ends))

    def shifted(self, delta: int) -> Mapped:
        return Mapped(self.text, (i + delta for i in self.offsets), (i + delta for i in self.ends))

    def lines(self) -> list[Mapped]:
        """The lines, each with its line break."""
        return [self[m.start():m.end()] for m in _LINE.finditer(self.text) if m.group()]


def add_prose(builder: DocumentBuilder, text: Mapped, *, quoting: bool = True) -> None:
    """Add a text line by line, leaving out quoted replies and the signature (when ``quoting``)."""
    lines = text.lines()
    keep = author_lines([line.text.rstrip("\r\n") for line in lines]) if quoting else [True] * len(lines)
    run: list[Mapped] = []
    for line, kept in zip(lines + [Mapped()], keep + [False], strict=True):
        if kept:
            run.append(line)
        elif run:
            joined = join(run)
            builder.add_break()
            builder.add_mapped(joined.text, joined.offsets, joined.ends)
            run = []


def add_lines(builder: DocumentBuilder, lines: list[Mapped], *, quoting: bool = True) -> None:
    """Add lines (without line breaks) that each end a sentence, e.g. HTML paragraphs and ``<br>``."""
    keep = author_lines([line.text for line in lines]) if quoting else [True] * len(lines)
    for line, kept in zip(lines, keep, strict=True):
        if kept and line.text.strip():
            builder.add_break()
            builder.add_mapped(line.text, line.offsets, line.ends)


def join(parts: Sequence[Mapped]) -> Mapped:
    result = Mapped()
    result.text = "".join(part.text for part in parts)
    for part in parts:
        result.offsets.extend(part.offsets)
        result.ends.extend(part.ends)
    return result
