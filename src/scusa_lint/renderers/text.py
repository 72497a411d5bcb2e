"""Text output for people: location, level, rule and message, the excerpt underlined, the advice.

``concise`` is the same first line alone, one finding a line (for editors and ``grep``). Without
colour the lines are written as plain strings (rich is only needed to colour them); ``TextStream``
writes each file's findings as soon as its file is done.
"""

from __future__ import annotations

from typing import TextIO

from scusa_lint.findings import Finding
from scusa_lint.lines import line_starts
from scusa_lint.renderers import level_word, summary_line
from scusa_lint.report import Report

LEVEL_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_EXCERPT = 160
_CONTROL_CODES = dict.fromkeys((7, 8, 11, 12, 13))  # what rich's Text drops from a string


def console_for(out: TextIO, color: bool):
    from rich.console import Console

    return Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True,
                   emoji=False, markup=False)


class TextStream:
    """The text (or concise) report, written file by file."""

    def __init__(self, out: TextIO, color: bool, concise: bool = False) -> None:
        self.concise = concise
        self._starts: tuple[str | None, list[int]] = (None, [])  # a source and where its lines start
        if color:
            from rich.text import Text

            console = console_for(out, color)
            self._text, self._print = Text, console.print
        else:
            self._text, self._print = _Plain, lambda line, style=None: out.write(f"{line}\n")

    def file(self, findings: list[Finding], source: str | None) -> None:
        """Print one file's findings; ``source`` (its text) gives the excerpts."""
        for finding in findings:
            self.finding(finding, source)

    def finding(self, f: Finding, source: str | None) -> None:
        self._print(self._headline(f))
        if self.concise:
            return
        if source is not None:
            if self._starts[0] is not source:
                self._starts = (source, line_starts(source))
            self._print(self._excerpt(f, source, self._starts[1]))
        for suggestion in f.suggestions[:3]:
            self._print(self._text("     = suggerimento: ", style="dim") + self._text(suggestion))

    def end(self, report: Report) -> None:
        if report.show_summary:
            self._print(self._text(summary_line(report)), style="bold" if report.total else None)

    def _headline(self, f: Finding):
        """``path:line:col  livello  rule  message``; concise: ``path:line:col: livello rule message``."""
        text, gap = self._text, " " if self.concise else "  "
        line = text(f"{f.path}:{f.line}:{f.column}" + (":" if self.concise else ""), style="bold")
        line += text(gap) + text(level_word(f.level), style=LEVEL_STYLES[f.level])
        line += text(f"{gap}{f.rule}", style="magenta") + text(f"{gap}{f.message}")
        if f.document:
            line += text(f"  [{f.document}]", style="dim")
        return line

    def _excerpt(self, f: Finding, source: str, starts: list[int]):
        """The finding's first line with carets under the flagged part, aligned by terminal cells
        (a wide character such as an emoji or a CJK ideograph takes two)."""
        text = self._text
        line_start = starts[f.line - 1]
        line_end = starts[f.line] if f.line < len(starts) else len(source)
        line = source[line_start:line_end].rstrip("\r\n").expandtabs(1)
        underline_start = f.column - 1
        underline_end = f.end_column - 1 if f.end_line == f.line else len(line)
        if len(line) > _MAX_EXCERPT:  # keep a long line readable around the finding
            shift = max(0, underline_start - _MAX_EXCERPT // 3)
            line = line[shift:shift + _MAX_EXCERPT]
            underline_start, underline_end = underline_start - shift, min(underline_end - shift, len(line))
        gutter = f"{f.line:>5} | "
        excerpt = text(gutter, style="dim") + text(line) + text("\n")
        indent = _cells(line[:underline_start])
        width = max(1, _cells(line[underline_start:underline_end]))
        excerpt += text(" " * (len(gutter) - 2) + "| ", style="dim") + text(" " * indent)
        return excerpt + text("^" * width, style=LEVEL_STYLES[f.level])


class _Plain(str):
    """A string that takes (and drops) a style, as rich's ``Text`` does without colour."""

    def __new__(cls, value: str = "", style: str | None = None) -> _Plain:
        return super().__new__(cls, value.translate(_CONTROL_CODES))

    def __add__(self, other: str) -> _Plain:
        return _Plain(str.__add__(self, other))


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def render_text(report: Report, out: TextIO, color: bool = False) -> None:
    _render(report, TextStream(out, color))


def render_concise(report: Report, out: TextIO, color: bool = False) -> None:
    _render(report, TextStream(out, color, concise=True))


def _render(report: Report, stream: TextStream) -> None:
    for finding in report.findings:
        stream.finding(finding, report.sources.get(finding.path))
    stream.end(report)
