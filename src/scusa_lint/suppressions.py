"""Inline suppressions, written in the linted file itself.

``scusa-lint: disable=ID[,ID]`` turns rules off from its line on, ``scusa-lint: enable=ID`` turns
them on again, ``scusa-lint: disable-next-line=ID`` covers the next line. The directive may stand
alone on a line, inside ``<!-- -->`` or after ``#``; ``all`` names every rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scusa_lint.findings import Finding
from scusa_lint.lines import line_starts

DIRECTIVE = re.compile(r"scusa-lint\s*:\s*(disable-next-line|disable|enable)\s*=\s*([\w\-]+(?:\s*,\s*[\w\-]+)*)")


class Suppressions:
    """Which rules are off on which lines of one source."""

    def __init__(self, source: str) -> None:
        self._events: list[tuple[int, str, frozenset[str]]] = []  # (line, action, ids)
        if "scusa-lint" not in source:
            return
        starts = line_starts(source)
        for number, start in enumerate(starts, 1):
            end = starts[number] if number < len(starts) else len(source)
            for m in DIRECTIVE.finditer(source, start, end):
                ids = frozenset(part.strip() for part in m.group(2).split(","))
                self._events.append((number, m.group(1), ids))

    def __bool__(self) -> bool:
        return bool(self._events)

    def allows(self, finding: Finding) -> bool:
        disabled: set[str] = set()
        for line, action, ids in self._events:
            if line > finding.line:
                break
            if action == "disable":
                disabled |= ids
            elif action == "enable":
                disabled -= ids
                if "all" in ids:
                    disabled.clear()
            elif line == finding.line - 1 and (finding.rule in ids or "all" in ids):
                return False
        return not (finding.rule in disabled or "all" in disabled)

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if self.allows(f)] if self else list(findings)
