"""Output formats: one small function each, ``render(report, out, color)``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from scusa_lint.findings import LEVELS, Finding


@dataclass
class Report:
    """What a run found, for the renderers."""

    findings: list[Finding]
    files: int
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text, for excerpts
    rules: list = field(default_factory=list)  # the Rule objects of the run (SARIF, help texts)
    show_summary: bool = True

    def counts(self) -> dict[str, int]:
        counted = Counter(f.level for f in self.findings)
        return {level: counted.get(level, 0) for level in reversed(LEVELS)}


Renderer = Callable[[Report, TextIO, bool], None]


def _registry() -> dict[str, Renderer]:
    from scusa_lint.renderers.json import render_json
    from scusa_lint.renderers.text import render_text

    return {"text": render_text, "json": render_json}


FORMAT_NAMES = ("text", "json")


def renderer(name: str) -> Renderer:
    return _registry()[name]
