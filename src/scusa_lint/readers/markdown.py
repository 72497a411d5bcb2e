"""Markdown drafts and templates: the prose, without what a reader never reads as prose.

Left out: YAML/TOML front matter, fenced and indented code blocks, inline code, HTML comments and
tags, images, URLs (bare, autolinks, link targets and reference definitions; a link's text stays),
emphasis and heading markers, table delimiter rows, thematic breaks. Quoted replies (``>``) and the
signature are left out as in plain text. Everything kept is verbatim, so positions are exact.
"""

from __future__ import annotations

import re

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.readers.html import BLOCK_TAGS, SKIPPED_TAGS
from scusa_lint.readers.mapped import Mapped, add_prose, join

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_BLANK = re.compile(r"^\s*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
_HEADING = re.compile(r"^( {0,3}#{1,6})(?:[ \t]+|$)")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_RULE_LINE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S+.*$")

_KNOWN_TAGS = BLOCK_TAGS | SKIPPED_TAGS | frozenset((
    "a", "abbr", "b", "br", "cite", "code", "del", "details", "em", "font", "i", "img", "ins", "kbd", "mark", "q",
    "s", "small", "span", "strike", "strong", "sub", "summary", "sup", "u"))
# Inline constructs, tried in this order; each says which groups of the match to remove.
_INLINE = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<link>(?P<lopen>\[)(?P<ltext>[^\[\]]+)(?P<ltarget>\]\(\s*<?[^\s()<>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)))"
    r"|(?P<ref>(?P<ropen>\[)(?P<rtext>[^\[\]]+)(?P<rtarget>\]\[[^\[\]\n]*\]))"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^<>\s]*>|<[^<>@\s]+@[^<>\s]+\.[^<>\s]+>)"
    r"|(?P<url>(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
    r"|(?P<tag></?(?P<tagname>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<escape>\\(?=[\\`*_{}\[\]()#+\-.!<>|~]))"
    r"|(?P<strike>~~(?=\S)|(?<=\S)~~)"
    r"|(?P<emphasis>(?<![\w*\\|])[*_]{1,3}(?=[^\s*_|])|(?<=[^\s*_\\|])[*_]{1,3}(?![\w*|]))",
    re.S,
)


def read_markdown(path: str, source: str, *, template: bool, settings=None) -> list[Document]:
    builder = DocumentBuilder(path, source, template=template)
    add_prose(builder, markdown_prose(source))
    return [builder.build()]


def markdown_prose(source: str) -> Mapped:
    """The prose of a Markdown source, line breaks kept; offsets index ``source``."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(source) if m.group()]
    removed: list[tuple[int, int]] = []  # source spans that are not prose
    breaks: list[int] = []  # offsets after which a blank line is inserted (end of a heading)
    masked = list(source)

    def drop_line(offset: int, line: str) -> None:
        content = len(line.rstrip("\r\n"))
        removed.append((offset, offset + content))
        masked[offset:offset + content] = " " * content

    index = _front_matter_end(lines)
    for offset, line in lines[:index]:
        drop_line(offset, line)
    fence: tuple[str, int] | None = None
    in_list = False
    previous_blank = True
    previous_code = False
    previous_prose = False
    for offset, line in lines[index:]:
        text = line.rstrip("\r\n")
        if fence is not None:
            drop_line(offset, line)
            closing = _FENCE.match(text)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= fence[1] \
                    and not closing.group(2).strip():
                fence = None
            previous_blank, previous_code, previous_prose = False, True, False
            continue
        opening = _FENCE.match(text)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            drop_line(offset, line)
            previous_blank, previous_code, previous_prose = False, True, False
            continue
        if _BLANK.match(text):
            previous_blank, previous_prose = True, False
            continue
        indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip(" "))
        # Indented code cannot interrupt a paragraph; inside a list, 4 spaces continue the item.
        if indent >= (8 if in_list else 4) and (previous_blank or previous_code):
            drop_line(offset, line)
            previous_blank, previous_code, previous_prose = False, True, False
            continue
        if _LIST_ITEM.match(text):
            in_list = True
        elif indent == 0 and previous_blank:
            in_list = False
        if _REFERENCE_DEFINITION.match(text) or _TABLE_DELIMITER.match(text) or (
                _RULE_LINE.match(text) and (previous_blank or previous_prose)):
            drop_line(offset, line)
        else:
            heading = _HEADING.match(text)
            if heading:
                removed.append((offset, offset + heading.end()))
                closing = _HEADING_CLOSE.search(text, heading.end())
                if closing:
                    removed.append((offset + closing.start(), offset + len(text)))
                breaks.append(offset + len(text))
        previous_blank, previous_code, previous_prose = False, False, True

    masked_text = "".join(masked)
    for m in _INLINE.finditer(masked_text):
        kind = m.lastgroup
        if kind == "link":
            removed.append(m.span("lopen"))
            removed.append(m.span("ltarget"))
        elif kind == "ref":
            removed.append(m.span("ropen"))
            removed.append(m.span("rtarget"))
        elif kind == "tag":
            if m.group("tagname").lower() in _KNOWN_TAGS:
                removed.append(m.span())
        elif kind in ("comment", "code", "image", "autolink", "url", "escape", "strike", "emphasis"):
            removed.append(m.span())
    return _assemble(source, removed, breaks)


def _front_matter_end(lines: list[tuple[int, str]]) -> int:
    """Number of lines of the front matter (``---`` YAML or ``+++`` TOML) at the top, else 0."""
    if not lines:
        return 0
    first = lines[0][1].rstrip("\r\n").lstrip("\ufeff")
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    for number, (_, line) in enumerate(lines[1:], 1):
        if line.rstrip("\r\n").rstrip() in closers:
            return number + 1
    return 0


def _assemble(source: str, removed: list[tuple[int, int]], breaks: list[int]) -> Mapped:
    pieces: list[Mapped] = []
    events = sorted([(start, end) for start, end in removed if end > start]
                    + [(offset, offset) for offset in breaks])
    pos = 0
    for start, end in events:
        if start > pos:
            pieces.append(Mapped.verbatim(source[pos:start], pos))
            pos = start
        if start == end:  # an inserted line break, e.g. after a heading
            if start >= pos:
                pieces.append(Mapped("\n", [max(start - 1, 0)]))
            continue
        pos = max(pos, end)
    if pos < len(source):
        pieces.append(Mapped.verbatim(source[pos:], pos))
    return join(pieces)
