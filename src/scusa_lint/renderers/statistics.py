"""``--statistics``: how many findings each rule made, most first."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.table import Table

from scusa_lint.renderers import level_word
from scusa_lint.renderers.text import LEVEL_STYLES, console_for
from scusa_lint.report import Report


def render_statistics(report: Report, out: TextIO, color: bool = False) -> None:
    counts = Counter((f.rule, f.level) for f in report.findings)
    table = Table(title="Segnalazioni per regola", title_justify="left", box=None, pad_edge=False)
    table.add_column("n.", justify="right")
    table.add_column("regola")
    table.add_column("livello")
    for (rule, level), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(str(count), rule, level_word(level), style=LEVEL_STYLES[level] if color else None)
    console_for(out, color).print(table)
