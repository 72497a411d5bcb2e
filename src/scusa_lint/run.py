"""One ``check`` run: paths -> documents -> linter -> filters -> report.

Files are read lazily while spaCy parses earlier ones, so memory stays flat however many files a
run checks; only the sources of files with findings are kept, for the excerpts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from scusa_lint.config import ConfigResolver, Settings
from scusa_lint.document import Document
from scusa_lint.errors import InputError, UserError
from scusa_lint.findings import Finding
from scusa_lint.renderers import Report
from scusa_lint.suppressions import Suppressions

SKIPPED_DIRS = {"node_modules", "__pycache__", "venv"}


ProgressFactory = Callable[[int], AbstractContextManager[Callable[[int], None]]]


@contextmanager
def _no_progress(_files: int) -> Iterator[Callable[[int], None]]:
    yield lambda _done: None


@dataclass
class Outcome:
    report: Report
    errors: list[UserError] = field(default_factory=list)
    fail_on: dict[str, str] = field(default_factory=dict)  # path -> the level that fails it


def expand_paths(paths: list[str], errors: list[UserError], resolver: ConfigResolver | None = None) -> list[str]:
    """Files to check: given files as they are, folders walked (hidden folders skipped).

    In a walked folder, a file is taken when its settings' ``formats`` or its extension say so
    (JSON and YAML files only when they hold helpdesk templates).
    """
    from scusa_lint.readers import is_lintable

    found: list[str] = []
    for path in paths:
        if path == "-" or os.path.isfile(path):
            found.append(path)
        elif os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(files):
                    file = os.path.join(folder, name)
                    settings = resolver.for_path(file) if resolver else None
                    if not name.startswith(".") and is_lintable(Path(file), settings):
                        found.append(file)
        else:
            errors.append(InputError(path, "no such file or directory"))
    return list(dict.fromkeys(found))


def build_linter(settings: list[Settings], command_line_ids: tuple[str, ...] = ()):
    """Pipeline and rules for a run whose files use these settings."""
    from scusa_lint.engine.linter import Linter
    from scusa_lint.engine.rules import builtin_rules_dir
    from scusa_lint.nlp import load_pipeline

    model = next((s.model for s in settings if s.model), None)
    nlp, _ = load_pipeline(model)
    extra = list(dict.fromkeys(folder for s in settings for folder in s.extend_rules))
    linter = Linter(nlp, [builtin_rules_dir(), *extra])
    linter.validate_ids(command_line_ids, "command line")
    for item in settings:
        linter.validate_settings(item)
    return linter


def run_check(paths: list[str], resolver: ConfigResolver, progress: ProgressFactory | None = None) -> Outcome:
    """Check the files; ``progress(total)`` may give a context yielding ``tick(files_done)``."""
    from scusa_lint.readers import read_documents

    errors: list[UserError] = []
    files = expand_paths(paths, errors, resolver)
    settings_of = {path: resolver.for_path(path) for path in files}
    distinct = list({id(s): s for s in settings_of.values()}.values()) or [resolver.for_path(".")]
    linter = build_linter(distinct, resolver.command_line_ids())
    outcome = Outcome(Report(findings=[], files=len(files), rules=linter.rules, paths=files, errors=errors), errors,
                      {path: s.fail_on for path, s in settings_of.items()})
    order = {path: number for number, path in enumerate(files)}

    def documents() -> Iterator[tuple[Document, Settings]]:
        for path in files:
            try:
                docs = read_documents(path, settings_of[path])
            except UserError as error:
                errors.append(error)
                continue
            for doc in docs:
                yield doc, settings_of[path]

    suppressions: tuple[str, Suppressions] | None = None
    try:
        with (progress or _no_progress)(len(files)) as tick:
            for checked in linter.lint(documents()):
                doc = checked.document
                if suppressions is None or suppressions[0] != doc.path:
                    suppressions = (doc.path, Suppressions(doc.source))
                    tick(order.get(doc.path, 0) + 1)
                kept: list[Finding] = suppressions[1].filter(checked.findings)
                if not doc.fixable:
                    outcome.report.unfixable.add(doc.path)
                if kept or doc.path == "-":  # standard input is kept whole: --fix prints it back
                    outcome.report.findings.extend(kept)
                    outcome.report.sources[doc.path] = doc.source
            tick(len(files))
    finally:
        linter.env.services.close()
    outcome.report.findings.sort(key=lambda f: (order.get(f.path, 0), f.line, f.column, f.rule))
    return outcome
