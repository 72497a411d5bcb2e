"""Findings: what a rule says about a place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("info", "warning", "error")


def level_rank(level: str) -> int:
    return LEVELS.index(level)


@dataclass(frozen=True)
class Fix:
    """Replace source offsets ``[start, end)`` of the file with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Hit:
    """What a check reports: a span of the document's prose (``Document.text`` indices)."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    replacement: str | None = None  # a safe fix for the span, when the check is sure
    extra: dict = field(default_factory=dict)  # e.g. LanguageTool's rule id and category


@dataclass(frozen=True)
class Finding:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, exclusive
    rule: str
    level: str
    message: str
    suggestions: tuple[str, ...]
    source: str
    document: str | None
    offset: int  # source offsets of the span, for excerpts, suppressions and fixes
    end_offset: int
    fix: Fix | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule)
