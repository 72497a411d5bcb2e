"""Helpers for the reader tests: a tiny rule folder whose matches the tests control, and a lint
function that reads a file as the CLI does and returns its findings (no catalog rules involved)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

from scusa_lint.config import Settings, settings_from_table
from scusa_lint.engine.linter import Linter
from scusa_lint.findings import Finding
from scusa_lint.nlp import load_pipeline
from scusa_lint.readers import read_documents

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

_EXAMPLES = """
examples:
  bad: ["uno", "due", "tre", "quattro"]
  good: ["cinque", "sei", "sette", "otto"]
"""
READER_RULES = {
    # "ci scusiamo" anywhere: shows which text a reader hands over, and where it maps.
    "t-scuse.yml": """
        id: t-scuse
        kind: forbid
        level: info
        message: "scuse «{match}»"
        hint: "-"
        source: "test"
        patterns:
          - phrases: ["ci scusiamo"]
    """,
    "t-ritardo.yml": """
        id: t-ritardo
        kind: forbid
        level: info
        message: "ritardo «{match}»"
        hint: "-"
        source: "test"
        patterns:
          - regex: "\\\\britard[oi]\\\\b"
    """,
    # Gaps in drafts and broken placeholders everywhere, as placeholder-unfilled does.
    "t-gap.yml": """
        id: t-gap
        kind: placeholder
        level: error
        message: "segnaposto «{match}»"
        hint: "-"
        source: "test"
        patterns:
          - regex: "\\\\[(?:nome|cognome|numero ordine)\\\\]|\\\\bXXX\\\\b|<NOME CLIENTE>"
    """,
}


def write_reader_rules(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in READER_RULES.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip() + _EXAMPLES, encoding="utf-8")
    return folder


class ReaderLinter:
    """Reads files with the real readers and lints them with the tiny rules only."""

    def __init__(self, rules: Path) -> None:
        nlp, _ = load_pipeline("blank:it")
        self.linter = Linter(nlp, [rules])

    def documents(self, path: Path | str, config: dict | None = None, root: Path | None = None):
        return read_documents(str(path), self.settings(config, root))

    def settings(self, config: dict | None = None, root: Path | None = None) -> Settings:
        base = Settings(root=root or Path(path_root()))
        if not config:
            return base
        settings = settings_from_table(config, None, base)
        return replace(settings, root=base.root)

    def findings(self, path: Path | str, config: dict | None = None, root: Path | None = None) -> list[Finding]:
        settings = self.settings(config, root)
        docs = read_documents(str(path), settings)
        found: list[Finding] = []
        for checked in self.linter.lint((doc, settings) for doc in docs):
            found.extend(checked.findings)
        return found


def path_root() -> str:
    return str(Path(__file__).resolve().parent.parent)


def brief(findings: list[Finding]) -> list[tuple]:
    """(document, line, column, end_line, end_column, rule, matched words) of each finding."""
    return [(f.document, f.line, f.column, f.end_line, f.end_column, f.rule, f.message.split("«")[-1].rstrip("»"))
            for f in findings]


def source_text(path: Path, line: int, column: int, end_column: int) -> str:
    """What a finding on one line underlines in the raw file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[line - 1][column - 1:end_column - 1]


_LINTER: ReaderLinter | None = None


def reader_linter() -> ReaderLinter:
    """One linter with the tiny reader rules for the whole test session."""
    global _LINTER
    if _LINTER is None:
        folder = Path(tempfile.mkdtemp(prefix="scusa-lint-reader-rules-"))
        atexit.register(shutil.rmtree, folder, True)
        _LINTER = ReaderLinter(write_reader_rules(folder))
    return _LINTER
