"""Documents: the prose a reader extracts from a file, with a map back to the file.

A reader turns a file into one or more ``Document`` objects. Each holds the prose to lint
(``text``) and, for every character of it, where the character is written in the decoded file:
``offsets[i]`` where it starts and ``ends[i]`` where it ends, so that a finding on the prose points
at the exact lines and columns of the file. A character written as an escape (``&egrave;``,
``\u00e8``) starts at the escape's first character and ends after its last.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from scusa_lint.lines import line_col, line_starts
from scusa_lint.placeholders import Placeholder, find_placeholders
from scusa_lint.suppressions import DIRECTIVE

# Typographic apostrophes and quotes become ASCII in the prose (one character for one, so the
# offsets stay valid): spaCy's tokenizer and the speller then see one spelling of "dell'ordine".
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})


_SOFT_WRAP = re.compile(r"(?<=[^\W_])[ \t]*\r?\n(?=[ \t]*[a-zàèéìíòóùú])")

# A masked placeholder is read as this capitalised word, so "Gentile {{nome}}," parses like a name.
PLACEHOLDER_STAND_IN = "Nome"


@dataclass
class Document:
    """One text to lint: a whole draft, an e-mail body, or one macro of an export."""

    path: str
    source: str
    text: str
    offsets: array
    ends: array
    title: str | None = None
    template: bool = False
    placeholders: list[Placeholder] = field(default_factory=list)
    fixable: bool = True
    _line_starts: list[int] | None = field(default=None, repr=False)

    def source_offset(self, index: int) -> int:
        """Source offset of prose index ``index`` (``len(text)`` maps past the last char)."""
        return self.offsets[min(max(index, 0), len(self.offsets) - 1)]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets ``[start, end)`` covering the prose span ``[start, end)``; a span never
        ends on a line break (a whole line of a CRLF file stops before its ``\r``)."""
        while end > start + 1 and self.text[end - 1] in "\r\n":
            end -= 1
        if end <= start:
            first = self.source_offset(start)
            return first, first
        return self.source_offset(start), self.ends[min(end - 1, len(self.ends) - 1)]

    def line_col(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column of a source offset."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        return line_col(self._line_starts, source_offset)


class DocumentBuilder:
    """Collects prose pieces of one source into a Document, keeping the offset map."""

    def __init__(self, path: str, source: str, *, title: str | None = None, template: bool = False,
                 fixable: bool = True) -> None:
        self.path = path
        self.source = source
        self.title = title
        self.template = template
        self.fixable = fixable
        self._parts: list[str] = []
        self._offsets = array("q")
        self._ends = array("q")
        self._placeholders: list[Placeholder] = []
        self._length = 0

    def add(self, text: str, source_start: int) -> None:
        """Add prose that stands verbatim in the source at ``source_start``."""
        self.add_mapped(text, range(source_start, source_start + len(text)))

    def add_mapped(self, text: str, offsets, ends=None) -> None:
        """Add prose whose i-th character is written at source offsets ``[offsets[i], ends[i])``
        (without ``ends``: one source character each).

        Value placeholders become a stand-in word; control tags, comments, broken
        placeholders and directive comments become blanks.
        """
        offsets = array("q", offsets)
        ends = array("q", ends) if ends is not None else array("q", (o + 1 for o in offsets))
        if not len(offsets) == len(ends) == len(text):
            raise ValueError("one source offset per character is needed")
        # Directive comments are configuration, not prose.
        text = DIRECTIVE.sub(lambda m: " " * len(m.group()), text)
        pos = 0
        for ph in find_placeholders(text):
            self._append(text[pos:ph.start], offsets[pos:ph.start], ends[pos:ph.start])
            stand_in = PLACEHOLDER_STAND_IN if ph.masks_as_word else " " * (ph.end - ph.start)
            span_start = self._length
            first, last = offsets[ph.start], offsets[ph.end - 1]
            self._append(stand_in, array("q", [first] * (len(stand_in) - 1) + [last]),
                         array("q", [ends[ph.end - 1]] * len(stand_in)))
            self._placeholders.append(ph.moved(span_start, self._length))
            pos = ph.end
        self._append(text[pos:], offsets[pos:], ends[pos:])

    def add_break(self) -> None:
        """End the current paragraph: pieces on either side never join into one sentence."""
        if self._length:
            last, end = self._offsets[-1], self._ends[-1]
            self._append("\n\n", array("q", [last, last]), array("q", [end, end]))

    def _append(self, text: str, offsets: array, ends: array) -> None:
        if not text:
            return
        self._parts.append(text.translate(_TYPOGRAPHIC))
        self._offsets.extend(offsets)
        self._ends.extend(ends)
        self._length += len(text)

    def build(self) -> Document:
        end = self._ends[-1] if self._length else 0
        offsets = array("q", self._offsets)
        offsets.append(end)
        ends = array("q", self._ends)
        ends.append(end)
        # A line break inside a sentence (a hard-wrapped e-mail) reads as a space, so that patterns
        # match across it; a break after punctuation or before a capital or a bullet stays.
        text = _SOFT_WRAP.sub(lambda m: " " * len(m.group()), "".join(self._parts))
        return Document(path=self.path, source=self.source, text=text, offsets=offsets, ends=ends,
                        title=self.title, template=self.template, placeholders=self._placeholders,
                        fixable=self.fixable)
