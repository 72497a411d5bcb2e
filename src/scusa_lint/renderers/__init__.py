"""Output formats: one small function each, ``render(report, out, color)``."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TextIO

from scusa_lint.findings import LEVELS, Finding


@dataclass
class Report:
    """What a run found, for the renderers."""

    findings: list[Finding]
    files: int
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text, for excerpts and fixes
    rules: list = field(default_factory=list)  # the Rule objects of the run (SARIF, help texts)
    show_summary: bool = True
    paths: list[str] = field(default_factory=list)  # every file checked, in order (JUnit: one testcase each)
    errors: list = field(default_factory=list)  # UserErrors of files that could not be checked
    unfixable: set[str] = field(default_factory=set)  # paths whose format cannot be rewritten (.eml, exports)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.level for f in self.findings)
        return {level: counted.get(level, 0) for level in reversed(LEVELS)}


Renderer = Callable[[Report, TextIO, bool], None]

# The formats whose output is for programs: stdout holds that output and nothing else.
FORMAT_NAMES = ("text", "json", "github", "sarif", "junit", "gitlab")


def _registry() -> dict[str, Renderer]:
    from scusa_lint.renderers.github import render_github
    from scusa_lint.renderers.gitlab import render_gitlab
    from scusa_lint.renderers.json import render_json
    from scusa_lint.renderers.junit import render_junit
    from scusa_lint.renderers.sarif import render_sarif
    from scusa_lint.renderers.text import render_text

    return {"text": render_text, "json": render_json, "github": render_github, "sarif": render_sarif,
            "junit": render_junit, "gitlab": render_gitlab}


def renderer(name: str) -> Renderer:
    return _registry()[name]


def relative_path(path: str) -> str:
    """``path`` as CI services want it: relative to the working directory when inside it, with ``/``."""
    if path == "-":
        return path
    if os.path.isabs(path):
        try:
            inside = os.path.relpath(path, Path.cwd())
        except ValueError:  # another drive (Windows)
            inside = ".."
        return PurePath(path).as_posix() if inside.startswith("..") else PurePath(inside).as_posix()
    posix = PurePath(path).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def advice(finding: Finding) -> str:
    """The message followed by the suggestions, on one line (CI annotations, reports)."""
    if not finding.suggestions:
        return finding.message
    return f"{finding.message} Suggerimento: {'; '.join(finding.suggestions[:3])}"
