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
                names = (part.strip() for part in m.group(2).split(","))
                ids = frozenset("all" if name.lower() == "all" else name for name in names)
                self._events.append((number, m.group(1), ids))

    def __bool__(self) -> bool:
        return bool(self._events)

    def unknown_ids(self, known: list[str]) -> list[tuple[int, str]]:
        """(line, id) of each rule id a directive names that is no rule (a typo suppresses nothing)."""
        names = set(known) | {"all"}
        return [(line, rule_id) for line, _, ids in self._events for rule_id in sorted(ids) if rule_id not in names]

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
