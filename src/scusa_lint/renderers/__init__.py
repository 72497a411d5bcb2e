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

_LEVEL_WORDS = {
    "error": ("errore", "errori"),
    "warning": ("avviso", "avvisi"),
    "info": ("nota", "note"),
}


def summary_line(report: Report) -> str:
    failed = {error.where for error in report.errors}
    checked = report.files - len(failed & set(report.paths))
    files = f"{checked} file controllat{'o' if checked == 1 else 'i'}"
    if failed:
        files += f", {len(failed)} con errori"
    if not report.findings:
        return f"{files}: nessuna segnalazione."
    parts = [f"{n} {_LEVEL_WORDS[level][n != 1]}" for level, n in report.counts().items() if n]
    total = len(report.findings)
    return f"{files}: {total} segnalazion{'e' if total == 1 else 'i'} ({', '.join(parts)})."


# format name -> "module:function" of its renderer, imported on first use.
RENDERERS = {
    "text": "scusa_lint.renderers.text:render_text",
    "json": "scusa_lint.renderers.json:render_json",
    "github": "scusa_lint.renderers.github:render_github",
    "sarif": "scusa_lint.renderers.sarif:render_sarif",
    "junit": "scusa_lint.renderers.junit:render_junit",
    "gitlab": "scusa_lint.renderers.gitlab:render_gitlab",
}


FORMAT_NAMES = tuple(RENDERERS)


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
