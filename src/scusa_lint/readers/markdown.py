"""Markdown drafts and templates: the prose, parsed by markdown-it-py (CommonMark, with tables and
strikethrough), every character mapped back to the source.

Kept: the text of paragraphs, headings, list items and table cells (each block its own paragraph),
a link's text, and the text of HTML blocks and known inline tags (read as the HTML reader reads
them). Entities and backslash escapes are decoded, each character spanning its whole escape.
Left out: YAML/TOML front matter, code (fenced, indented, inline), HTML comments, images, URLs
(bare, autolinks, link targets and reference definitions), markup characters. Quoted replies and
the signature are left out line by line as in plain text, before parsing; template placeholders
are never read as Markdown (``*|FNAME|*`` is not emphasis).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.placeholders import find_placeholders
from scusa_lint.readers.html import BLOCK_TAGS, SKIPPED_TAGS, html_lines
from scusa_lint.readers.mapped import Mapped, add_prose, join
from scusa_lint.readers.quoting import author_lines

# text_join would merge decoded entities and escapes into plain text and lose their source form.
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("text_join")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_KNOWN_TAGS = BLOCK_TAGS | SKIPPED_TAGS | frozenset((
    "a", "abbr", "b", "br", "cite", "code", "del", "details", "em", "font", "i", "img", "ins", "kbd", "mark", "q",
    "s", "small", "span", "strike", "strong", "sub", "summary", "sup", "u"))


def read_markdown(path: str, source: str, *, template: bool, settings=None) -> list[Document]:
    builder = DocumentBuilder(path, source, template=template)
    add_prose(builder, markdown_prose(source), quoting=False)
    return [builder.build()]


def markdown_prose(source: str) -> Mapped:
    """The prose of a Markdown source, one paragraph a block; offsets index ``source``."""
    visible = _author_text(source)
    parsed = _protect_placeholders(visible)
    line_starts = [m.start() for m in _LINE.finditer(parsed)]
    blocks: list[Mapped] = []
    quoted = 0
    cursor = 0
    for token in _MARKDOWN.parse(parsed):
        if token.type == "blockquote_open":
            quoted += 1
        elif token.type == "blockquote_close":
            quoted -= 1
        elif quoted or token.map is None:
            continue
        elif token.type == "inline":
            cursor = max(cursor, line_starts[token.map[0]])
            block, cursor = _inline_prose(token, source, parsed, line_starts, cursor)
            blocks.append(block)
        elif token.type == "html_block":
            start = line_starts[token.map[0]]
            end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(visible)
            blocks.extend(line.shifted(start) for line in html_lines(visible[start:end]))
    return _paragraphs(blocks)


def _author_text(source: str) -> str:
    """``source`` with front matter, quoted replies and the signature blanked (same length)."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(source) if m.group()]
    front = _front_matter_end(lines)
    keep = [False] * front + author_lines([line.rstrip("\r\n") for _, line in lines[front:]])
    chars = list(source)
    for (start, line), kept in zip(lines, keep, strict=True):
        if not kept:
            content = len(line.rstrip("\r\n"))
            chars[start:start + content] = " " * content
    return "".join(chars)


def _protect_placeholders(text: str) -> str:
    """Placeholders as runs of ``x`` (same length, line breaks kept), for the parser only."""
    chars = list(text)
    for placeholder in find_placeholders(text):
        for i in range(placeholder.start, placeholder.end):
            if chars[i] not in "\r\n":
                chars[i] = "x"
    return "".join(chars)


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


def _locate(content: str, parsed: str, cursor: int) -> tuple[list[int], list[int], int] | None:
    """Where each character of an inline token's content is in the source: its start and end.
    The content's lines stand in the source in order (markdown-it strips indentation and container
    markers and turns CRLF into LF); None when one cannot be found."""
    starts: list[int] = []
    ends: list[int] = []
    lines = content.split("\n")
    for number, line in enumerate(lines):
        at = parsed.find(line, cursor)
        if at < 0 or _LINE_BREAK.search(parsed, cursor, at):  # not on the line expected
            return None
        starts.extend(range(at, at + len(line)))
        ends.extend(range(at + 1, at + len(line) + 1))
        cursor = at + len(line)
        if number < len(lines) - 1:
            line_break = _LINE_BREAK.search(parsed, cursor)
            if line_break is None:
                return None
            starts.append(line_break.start())
            ends.append(line_break.end())
            cursor = line_break.end()
    return starts, ends, cursor


def _inline_prose(token, source: str, parsed: str, line_starts: list[int], cursor: int) -> tuple[Mapped, int]:
    """The prose of one inline token (a paragraph, a heading, a table cell) and the new cursor."""
    content = token.content
    located = _locate(content, parsed, cursor)
    if located is None:  # not expected (a tab inside indentation): keep the block's lines as written
        end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(parsed)
        return Mapped.verbatim(source[cursor:end], cursor), end
    starts, ends, after = located
    pieces: list[Mapped] = []

    def keep(i: int, j: int) -> None:  # content[i:j], as written in the source
        if j > i:
            text = "".join("\n" if content[k] == "\n" else source[starts[k]] for k in range(i, j))
            pieces.append(Mapped(text, starts[i:j], ends[i:j]))

    def decoded(text: str, i: int, j: int) -> None:  # content[i:j] is an escape that reads as ``text``
        pieces.append(Mapped(text, [starts[i]] * len(text), [ends[j - 1]] * len(text)))

    def reach(i: int) -> None:  # what lies between two tokens: spaces stay, markup goes
        if i > c and not content[c:i].strip(" \t"):
            keep(c, i)

    c = 0
    in_autolink = False
    for child in token.children or ():
        kind = child.type
        if in_autolink:
            in_autolink = kind != "link_close"
            continue
        if kind == "text":
            i = content.find(child.content, c)
            if i < 0:
                continue
            reach(i)
            pos = i
            for url in _URL.finditer(child.content):
                keep(pos, i + url.start())
                pos = i + url.end()
            keep(pos, i + len(child.content))
            c = i + len(child.content)
        elif kind == "text_special":  # an entity or a backslash escape
            i = content.find(child.markup, c)
            if i >= 0:
                reach(i)
                decoded(child.content, i, i + len(child.markup))
                c = i + len(child.markup)
        elif kind in ("softbreak", "hardbreak"):
            i = content.find("\n", c)
            if i >= 0:
                reach(i)
                keep(i, i + 1)
                c = i + 1
        elif kind == "code_inline":
            i = content.find(child.markup, c)
            closing = re.compile(rf"(?<!`){re.escape(child.markup)}(?!`)").search(content, i + len(child.markup))
            if i >= 0 and closing:
                reach(i)
                c = closing.end()
        elif kind == "html_inline":
            i = content.find(child.content, c)
            if i >= 0:
                reach(i)
                name = _TAG_NAME.match(child.content)
                if name is None or name.group(1).lower() in _KNOWN_TAGS:  # a comment or markup
                    if name is not None and name.group(1).lower() == "br":
                        decoded("\n", i, i + len(child.content))
                else:  # "<NOME CLIENTE>": a template gap typed into the text
                    keep(i, i + len(child.content))
                c = i + len(child.content)
        elif kind == "link_open" and child.markup == "autolink":
            i = content.find("<", c)
            j = content.find(">", i)
            if 0 <= i < j:
                reach(i)
                c = j + 1
                in_autolink = True
        elif kind == "link_close" and c < len(content) and content[c] == "]":
            c = _after_link_target(content, c)
        elif kind == "image":
            i = content.find("![", c)
            if i >= 0:
                reach(i)
                c = _after_link_target(content, _closing_bracket(content, i + 1))
    return join(pieces), after


def _closing_bracket(text: str, i: int) -> int:
    """The index of the ``]`` that closes the ``[`` at ``i`` (nesting and escapes respected)."""
    depth = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if not depth:
                return i
        i += 1
    return len(text) - 1


def _after_link_target(text: str, i: int) -> int:
    """Past a link's target, given the ``]`` that ends its text at ``i``: ``(url "title")``,
    ``[ref]`` or nothing (a shortcut reference)."""
    following = text[i + 1:i + 2]
    if following == "[":
        return _closing_bracket(text, i + 1) + 1
    if following != "(":
        return i + 1
    depth = 0
    j = i + 1
    while j < len(text):
        char = text[j]
        if char == "\\":
            j += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return j + 1
        j += 1
    return len(text)


def _paragraphs(blocks: list[Mapped]) -> Mapped:
    """The blocks, each its own paragraph (a blank line between them, mapped to the block before)."""
    pieces: list[Mapped] = []
    for block in blocks:
        if not block.text.strip():
            continue
        if pieces:
            last = pieces[-1]
            pieces.append(Mapped("\n\n", [last.offsets[-1]] * 2, [last.ends[-1]] * 2))
        pieces.append(block)
    return join(pieces)
