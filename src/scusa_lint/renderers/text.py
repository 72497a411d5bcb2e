"""Text output for people: location, level, rule and message, the excerpt underlined, the advice.

``concise`` is the same first line alone, one finding a line (for editors and ``grep``).
"""

from __future__ import annotations

from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from scusa_lint.findings import Finding
from scusa_lint.lines import line_starts
from scusa_lint.renderers import level_word, summary_line
from scusa_lint.report import Report

LEVEL_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_MAX_EXCERPT = 160


def console_for(out: TextIO, color: bool) -> Console:
    return Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True,
                   emoji=False, markup=False)


def render_text(report: Report, out: TextIO, color: bool = False) -> None:
    console = console_for(out, color)
    starts_by_path: dict[str, list[int]] = {}
    for finding in report.findings:
        console.print(_headline(finding))
        source = report.sources.get(finding.path)
        if source is not None:
            starts = starts_by_path.setdefault(finding.path, line_starts(source))
            console.print(_excerpt(finding, source, starts))
        for suggestion in finding.suggestions[:3]:
            console.print(Text("     = suggerimento: ", style="dim") + Text(suggestion))
    _summary(report, console)


def render_concise(report: Report, out: TextIO, color: bool = False) -> None:
    console = console_for(out, color)
    for finding in report.findings:
        console.print(_headline(finding, concise=True))
    _summary(report, console)


def _summary(report: Report, console: Console) -> None:
    if report.show_summary:
        console.print(summary_line(report), style="bold" if report.findings else None)


def _headline(f: Finding, concise: bool = False) -> Text:
    """``path:line:col  livello  rule  message``; concise: ``path:line:col: livello rule message``."""
    gap = " " if concise else "  "
    text = Text(f"{f.path}:{f.line}:{f.column}" + (":" if concise else ""), style="bold")
    text += Text(gap) + Text(level_word(f.level), style=LEVEL_STYLES[f.level])
    text += Text(f"{gap}{f.rule}", style="magenta") + Text(f"{gap}{f.message}")
    if f.document:
        text += Text(f"  [{f.document}]", style="dim")
    return text


def _excerpt(f: Finding, source: str, starts: list[int]) -> Text:
    """The finding's first line with carets under the flagged part, aligned by terminal cells
    (a wide character such as an emoji or a CJK ideograph takes two)."""
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
    text = Text(gutter, style="dim") + Text(line) + Text("\n")
    indent = cell_len(line[:underline_start])
    width = max(1, cell_len(line[underline_start:underline_end]))
    text += Text(" " * (len(gutter) - 2) + "| ", style="dim") + Text(" " * indent)
    text += Text("^" * width, style=LEVEL_STYLES[f.level])
    return text
