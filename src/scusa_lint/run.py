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
from scusa_lint.errors import InputError, UserError, describe
from scusa_lint.findings import Finding
from scusa_lint.report import Report
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
    notices: list[str] = field(default_factory=list)  # warnings for the person running the check


def expand_paths(paths: list[str], errors: list[UserError], resolver: ConfigResolver | None = None,
                 force_exclude: bool = False, notices: list[str] | None = None) -> list[str]:
    """Files to check: given files as they are, folders walked (hidden folders skipped).

    In a walked folder, a file is taken when its settings' ``formats`` or its extension say so
    (JSON and YAML files only when they hold helpdesk templates). ``force_exclude`` applies the
    same choice to the files named (pre-commit names every changed file).
    """
    from scusa_lint.readers import is_lintable

    found: list[str] = []
    for path in paths:
        if path == "-" or os.path.isfile(path):
            settings = resolver.for_path(path) if resolver and force_exclude else None
            if not force_exclude or path == "-" or is_lintable(Path(path), settings):
                found.append(path)
        elif os.path.isdir(path):
            before = len(found)
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(files):
                    file = os.path.join(folder, name)
                    settings = resolver.for_path(file) if resolver else None
                    if not name.startswith(".") and is_lintable(Path(file), settings):
                        found.append(file)
            if len(found) == before and notices is not None:
                notices.append(f"{path}: no file to check in this folder (drafts and templates: "
                               ".txt .md .html .eml, helpdesk exports in .json .yml)")
        else:
            errors.append(InputError(path, _missing_cause(path)))
    return list(dict.fromkeys(found))


def _missing_cause(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return describe(exc)
    return "not a regular file or folder"


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


@dataclass
class FilesChecked:
    """What checking some files gave: kept findings, the sources they quote, errors."""

    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    errors: list[UserError] = field(default_factory=list)
    unfixable: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)

    def merge(self, other: FilesChecked) -> None:
        self.findings.extend(other.findings)
        self.sources.update(other.sources)
        self.errors.extend(other.errors)
        self.notices.extend(other.notices)
        self.unfixable |= other.unfixable


def check_files(linter, files: list[str], settings_of: dict[str, Settings],
                tick: Callable[[str], None] = lambda _path: None,
                read: Callable[[str, Settings], list[Document]] | None = None) -> FilesChecked:
    """Read, lint and filter ``files`` in one spaCy stream; ``tick(path)`` as each file starts.

    ``read(path, settings)`` gives a file's documents (default: read it from disk); the library
    API and the servers pass text they were handed, and so share every later step with the CLI.
    """
    from scusa_lint.readers import read_documents

    read = read or read_documents
    result = FilesChecked()

    def documents() -> Iterator[tuple[Document, Settings]]:
        for path in files:
            try:
                docs = read(path, settings_of[path])
            except UserError as error:
                result.errors.append(error)
                continue
            for doc in docs:
                yield doc, settings_of[path]

    suppressions: tuple[str, Suppressions] | None = None
    for checked in linter.lint(documents()):
        doc = checked.document
        if suppressions is None or suppressions[0] != doc.path:
            suppressions = (doc.path, Suppressions(doc.source))
            result.notices.extend(f"{doc.path}:{line}: unknown rule id {rule_id!r} in a scusa-lint directive"
                                  for line, rule_id in suppressions[1].unknown_ids(linter.rule_ids))
            tick(doc.path)
        kept: list[Finding] = suppressions[1].filter(checked.findings)
        if not doc.fixable:
            result.unfixable.add(doc.path)
        if kept or doc.path == "-":  # standard input is kept whole: --fix prints it back
            result.findings.extend(kept)
            result.sources[doc.path] = doc.source
    return result


# Parallel runs fork workers that inherit the loaded linter (rules and pipeline are not rebuilt).
PARALLEL_MIN_FILES = 48
CHUNK_FILES = 24
_WORKER: tuple | None = None


def worker_count(files: list[str], settings: list[Settings]) -> int:
    """How many processes should check these files (1: this one)."""
    import multiprocessing

    if len(files) < PARALLEL_MIN_FILES or "-" in files or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    from scusa_lint.spelling.service import may_use_languagetool

    if any(may_use_languagetool(s) for s in settings):  # one LanguageTool server, one client
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cpus, 4)


def _check_chunk(files: list[str]) -> FilesChecked:
    linter, settings_of = _WORKER
    return check_files(linter, files, settings_of)  # the worker keeps its speller for the next chunk


def check_in_parallel(linter, files: list[str], settings_of: dict[str, Settings], workers: int,
                      tick: Callable[[int], None]) -> FilesChecked:
    import multiprocessing

    global _WORKER
    _WORKER = (linter, settings_of)
    chunks = [files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)]
    result, done = FilesChecked(), 0
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk, checked in zip(chunks, pool.imap(_check_chunk, chunks), strict=True):
                result.merge(checked)
                done += len(chunk)
                tick(done)
    finally:
        _WORKER = None
    return result


def run_check(paths: list[str], resolver: ConfigResolver, progress: ProgressFactory | None = None,
              force_exclude: bool = False) -> Outcome:
    """Check the files; ``progress(total)`` may give a context yielding ``tick(files_done)``."""
    errors: list[UserError] = []
    notices: list[str] = []
    files = expand_paths(paths, errors, resolver, force_exclude, notices)
    settings_of = {path: resolver.for_path(path) for path in files}
    distinct = list({id(s): s for s in settings_of.values()}.values()) or [resolver.for_path(".")]
    linter = build_linter(distinct, resolver.command_line_ids())
    report = Report(findings=[], files=len(files), rules=linter.rules, paths=files, errors=errors)
    outcome = Outcome(report, errors, {path: s.fail_on for path, s in settings_of.items()}, notices)
    order = {path: number for number, path in enumerate(files)}
    workers = worker_count(files, distinct)
    try:
        with (progress or _no_progress)(len(files)) as tick:
            if workers > 1:
                checked = check_in_parallel(linter, files, settings_of, workers, tick)
            else:
                checked = check_files(linter, files, settings_of, lambda path: tick(order[path] + 1))
            tick(len(files))
    finally:
        linter.env.services.close()
    notices.extend(checked.notices)
    add_to_report(report, checked, order)
    return outcome


def add_to_report(report: Report, checked: FilesChecked, order: dict[str, int]) -> None:
    """Findings in file order (``order``: path -> rank), then line, column and rule."""
    report.errors.extend(checked.errors)
    report.findings.extend(checked.findings)
    report.sources.update(checked.sources)
    report.unfixable |= checked.unfixable
    report.findings.sort(key=lambda f: (order.get(f.path, 0), f.line, f.column, f.rule))
