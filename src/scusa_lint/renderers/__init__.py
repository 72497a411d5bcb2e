"""Output formats: one small function each, ``render(report, out, color)``."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TextIO

from scusa_lint.findings import Finding
from scusa_lint.report import Report

Renderer = Callable[[Report, TextIO, bool], None]

# A level as the person reading the report sees it: singular, plural.
LEVEL_WORDS = {
    "error": ("errore", "errori"),
    "warning": ("avviso", "avvisi"),
    "info": ("nota", "note"),
}


def level_word(level: str) -> str:
    return LEVEL_WORDS[level][0]


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(report: Report) -> str:
    """One Italian line: files checked and unreadable, findings by level."""
    unreadable = [path for path in report.errors_by_path() if path is not None]
    checked = report.files - len(set(unreadable) & set(report.paths))
    files = counted(checked, "file controllato", "file controllati") if checked else "nessun file controllato"
    if unreadable:
        files += ", " + counted(len(unreadable), "non leggibile", "non leggibili")
    if not checked:
        return files[0].upper() + files[1:] + "."
    if not report.total:
        return f"{files}: nessuna segnalazione."
    parts = [counted(n, *LEVEL_WORDS[level]) for level, n in report.counts().items() if n]
    return f"{files}: {counted(report.total, 'segnalazione', 'segnalazioni')} ({', '.join(parts)})."


# format name -> "module:function" of its renderer, imported on first use.
RENDERERS = {
    "text": "scusa_lint.renderers.text:render_text",
    "concise": "scusa_lint.renderers.text:render_concise",
    "json": "scusa_lint.renderers.json:render_json",
    "github": "scusa_lint.renderers.github:render_github",
    "sarif": "scusa_lint.renderers.sarif:render_sarif",
    "junit": "scusa_lint.renderers.junit:render_junit",
    "gitlab": "scusa_lint.renderers.gitlab:render_gitlab",
    "summary": "scusa_lint.renderers.summary:render_summary",
}


FORMAT_NAMES = tuple(RENDERERS)
# Formats for a person: the summary, statistics and fix lists go with the report, on standard output.
TEXT_FORMATS = ("text", "concise")


def renderer(name: str) -> Renderer:
    module, function = RENDERERS[name].split(":")
    return getattr(importlib.import_module(module), function)


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
