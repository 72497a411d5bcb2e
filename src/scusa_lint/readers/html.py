"""HTML: the text a reader sees, with every character mapped back to the HTML source.

Entities are decoded (each decoded character spans the whole entity, ``&`` to ``;``); ``script``,
``style``, ``head``, quoted replies (``blockquote``, Gmail/Thunderbird/Yahoo quote blocks) and
signature blocks are skipped; block tags and ``<br>`` end a line, and every line ends a sentence.
Whitespace runs collapse to one space, as a browser shows them (``pre`` keeps its lines).
"""

from __future__ import annotations

import html
import re
from array import array
from html.parser import HTMLParser

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.readers.mapped import Mapped, add_lines


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


BLOCK_TAGS = _names(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu "
    "nav noframes ol option p pre section summary table tbody td tfoot th thead title tr ul"
)
# Elements whose content is never prose, or is someone else's words (a quoted reply).
SKIPPED_TAGS = _names("script style head title template noscript object svg math iframe blockquote")
# Elements other than block tags that are known HTML: any other tag written in capitals ("<NOME
# CLIENTE>") is a template gap typed into the text, not markup.
_INLINE_TAGS = _names(
    "a abbr acronym applet area audio b base basefont bdi bdo big br button canvas cite code col colgroup "
    "data datalist del dfn em embed font frame i img input ins kbd label link map mark meta meter "
    "o:p optgroup output param picture progress q rp rt ruby s samp select slot small source span strike "
    "strong sub sup tbody textarea time track tt u var video wbr xml"
)
# class or id of a quoted message, an attribution line or a signature, as mail clients write them.
_SKIPPED_MARKERS = re.compile(
    r"gmail_quote|gmail_attr|gmail_signature|moz-cite-prefix|moz-signature|yahoo_quoted|protonmail_quote|"
    r"signature", re.I)


def html_lines(source: str) -> list[Mapped]:
    """The visible lines of an HTML text; offsets index ``source``."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    parser.end_line()
    return parser.lines


def read_html(path: str, source: str, *, template: bool, settings=None) -> list[Document]:
    builder = DocumentBuilder(path, source, template=template, fixable=False)
    add_lines(builder, html_lines(source))
    return [builder.build()]


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_offsets = [0, *(m.end() for m in re.finditer("\n", source))]
        self.lines: list[Mapped] = []
        self._chars: list[str] = []
        self._offsets = array("q")
        self._ends = array("q")
        self._skipping: tuple[str, int] | None = None  # (tag, nesting depth)
        self._pre = 0
        self._cursor = 0

    # -- positions -------------------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    # -- text ------------------------------------------------------------------------------
    def _emit(self, text: str, offsets, ends=None) -> None:
        if self._skipping is not None:
            return
        ends = ends if ends is not None else [offset + 1 for offset in offsets]
        for char, offset, end in zip(text, offsets, ends, strict=True):
            if char == "\n" and self._pre:
                self.end_line()
                continue
            if char.isspace():  # also no-break spaces
                if self._pre:
                    char = " " if char == "\xa0" else char
                else:
                    if not self._chars or self._chars[-1] == " ":
                        continue
                    char = " "
            elif char in "\u200b\u200c\u200d\ufeff\xad":
                continue  # zero-width characters and soft hyphens are invisible
            self._chars.append(char)
            self._offsets.append(offset)
            self._ends.append(end)

    def end_line(self) -> None:
        while self._chars and self._chars[-1].isspace():
            self._chars.pop()
            self._offsets.pop()
            self._ends.pop()
        if self._chars:
            self.lines.append(Mapped("".join(self._chars), self._offsets, self._ends))
        self._chars = []
        self._offsets = array("q")
        self._ends = array("q")

    def handle_data(self, data: str) -> None:
        start = self._here()
        if not self.source.startswith(data, start):
            found = self.source.find(data, self._cursor)
            start = found if found >= 0 else start
        self._cursor = start + len(data)
        if self._skipping is None:
            self._emit(data, range(start, start + len(data)))

    def _reference(self, raw_name: str, prefix: str) -> None:
        start = self._here()
        raw = prefix + raw_name
        if self.source.startswith(raw + ";", start):
            raw += ";"
        decoded = html.unescape(raw)
        self._cursor = start + len(raw)
        if decoded == raw:  # not an entity after all: the text as written
            self._emit(raw, range(start, start + len(raw)))
        else:
            self._emit(decoded, [start] * len(decoded), [start + len(raw)] * len(decoded))

    def handle_entityref(self, name: str) -> None:
        self._reference(name, "&")

    def handle_charref(self, name: str) -> None:
        self._reference(name, "&#")

    # -- tags ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs, *, self_closing: bool) -> None:
        if self._skipping is not None:
            if tag == self._skipping[0] and not self_closing:
                self._skipping = (tag, self._skipping[1] + 1)
            return
        raw = self.get_starttag_text() or ""
        start = self._here()
        if tag == "attribute" or _typed_gap(tag, raw):
            # Intercom's <attribute .../> placeholder, or a gap such as <NOME CLIENTE>: text.
            self._emit(raw, range(start, start + len(raw)))
            return
        if tag in BLOCK_TAGS or tag == "br":
            self.end_line()
        if self_closing or tag == "br":
            return
        if tag in SKIPPED_TAGS or any(
                name in ("class", "id") and value and _SKIPPED_MARKERS.search(value) for name, value in attrs):
            self._skipping = (tag, 1)
        elif tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None:
            if tag == self._skipping[0]:
                depth = self._skipping[1] - 1
                self._skipping = (tag, depth) if depth else None
            if self._skipping is not None:
                return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in BLOCK_TAGS or tag == "br":
            self.end_line()


def _typed_gap(tag: str, raw: str) -> bool:
    name = raw[1:].split(None, 1)[0].rstrip("/>") if len(raw) > 1 else ""
    return len(name) > 1 and name.isupper() and tag not in BLOCK_TAGS and tag not in _INLINE_TAGS \
        and tag not in SKIPPED_TAGS and tag != "pre"
