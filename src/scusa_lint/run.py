"""One ``check`` run: paths -> documents -> linter -> filters -> report.

Files are read lazily while spaCy parses earlier ones, so memory stays flat however many files a
run checks; only the sources of files with findings are kept, for the excerpts.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from scusa_lint.config import ConfigResolver, Settings, relative_posix
from scusa_lint.document import Document
from scusa_lint.errors import BackendError, ConfigError, InputError, UserError, describe, file_failure
from scusa_lint.findings import Finding
from scusa_lint.report import Report
from scusa_lint.suppressions import Suppressions

ProgressFactory = Callable[[int], AbstractContextManager[Callable[[int], None]]]


@contextmanager
def _no_progress(_files: int) -> Iterator[Callable[[int], None]]:
    yield lambda _done: None


@dataclass
class Outcome:
    report: Report
    errors: list[UserError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # warnings for the person running the check


def expand_paths(paths: list[str], errors: list[UserError], resolver: ConfigResolver,
                 force_exclude: bool = False, notices: list[str] | None = None,
                 stdin_filename: str | None = None) -> list[str]:
    """Files to check: given files as they are, folders walked; ``-`` (standard input) is listed
    as ``stdin_filename`` when given.

    A walk passes over what ``exclude``/``extend-exclude`` and (``respect-gitignore``) git's
    ignore files leave out, and takes a file when its settings' ``formats`` or its extension say
    so (JSON and YAML files only when they hold helpdesk templates). ``force_exclude`` applies the
    same choice to the files named (pre-commit names every changed file).
    """
    from scusa_lint.gitignore import GitIgnore
    from scusa_lint.readers import is_lintable

    git = GitIgnore()
    found: list[str] = []
    for path in paths:
        if path == "-":
            name = stdin_filename or "-"
            if name == "-" or not force_exclude or _named_file_kept(name, resolver.for_path(name), git):
                found.append(name)
        elif os.path.isfile(path):
            if not force_exclude or _named_file_kept(path, resolver.for_path(path), git):
                if path == stdin_filename:
                    raise ConfigError("--stdin-filename", f"{path} is also named as a file to check")
                found.append(path)
        elif os.path.isdir(path):
            before = len(found)
            walk = _Walk(path, resolver, git)
            for folder, dirs, files in os.walk(path, onerror=partial(_unreadable_folder, errors, path)):
                dirs[:] = sorted(d for d in dirs if not walk.skips(os.path.join(folder, d), is_dir=True))
                for name in sorted(files):
                    file = os.path.join(folder, name)
                    if not walk.skips(file) and is_lintable(Path(file), resolver.for_path(file)):
                        found.append(file)
            if len(found) == before and notices is not None:
                notices.append(f"{path}: no file to check in this folder (drafts and templates: "
                               ".txt .md .html .eml, helpdesk exports in .json .yml)")
        else:
            errors.append(InputError(path, _missing_cause(path)))
    return list(dict.fromkeys(found))


class _Walk:
    """What a walk of one named folder passes over. A folder named on the command line is walked
    even when it is itself excluded or ignored: the patterns then apply to what it holds as if it
    were the project's root."""

    def __init__(self, top: str, resolver: ConfigResolver, git) -> None:
        self.resolver = resolver
        self.git = git
        settings = resolver.for_path(os.path.dirname(os.path.abspath(top)))
        self.top_excluded = settings.is_excluded(top, is_dir=True)
        self.top = top
        self.floor = top if settings.respect_gitignore and git.ignored_anywhere(top) else None

    def skips(self, path: str, *, is_dir: bool = False) -> bool:
        settings = self.resolver.for_path(os.path.dirname(path))
        if self.top_excluded:
            settings = replace(settings, root=Path(os.path.abspath(self.top)),
                               exclude=tuple((None, p) for _, p in settings.exclude),
                               extend_exclude=tuple((None, p) for _, p in settings.extend_exclude))
        if settings.is_excluded(path, is_dir=is_dir):
            return True
        return settings.respect_gitignore and self.git.ignored(path, is_dir=is_dir, floor=self.floor)


def _named_file_kept(path: str, settings: Settings, git) -> bool:
    """--force-exclude: is a named file one that a folder walk from the project's root would take?"""
    from scusa_lint.readers import is_lintable

    if settings.respect_gitignore and git.ignored_anywhere(path):
        return False
    folders = [str(folder) for folder in Path(os.path.abspath(path)).parents
               if relative_posix(str(folder), settings.root)]  # inside the project
    if any(settings.is_excluded(folder, is_dir=True) for folder in folders) or settings.is_excluded(path):
        return False
    return is_lintable(Path(path), settings)


def report_unrunnable_rules(linter, report: Report, settings_of: dict[str, Settings]) -> None:
    """A rule selected by name (on the command line or in a configuration) that needs a backend
    this run did not have (LanguageTool for ``grammar``) is one error line (exit 2), not a silent
    pass. Selected only through ``ALL``, it stays quiet: the README says it needs LanguageTool."""
    from scusa_lint.checks.spelling import speller_service
    from scusa_lint.spelling.service import may_use_languagetool

    for rule in linter.rules:
        if rule.requires != "languagetool":
            continue
        named = [path for path, ids in report.selected.items()
                 if rule.id in ids and rule.id in settings_of[path].select]
        missing = [path for path in named if not may_use_languagetool(settings_of[path])
                   or not speller_service(linter.env.services, settings_of[path]).uses_languagetool]
        if missing:
            where = f"rule {rule.id!r}"
            cause = ("could not run" + (f" on {len(missing)} of {len(named)} files" if len(named) > 1 else "")
                     + ": it needs LanguageTool (--languagetool-url, the languagetool-url key, LANGUAGETOOL_URL "
                     "or LTP_PATH)")
            report.errors.append(BackendError(where, cause))


def _unreadable_folder(errors: list[UserError], top: str, exc: OSError) -> None:
    """A folder a walk cannot list is reported, not skipped."""
    errors.append(InputError(exc.filename or top, f"folder not read: {describe(exc)}"))


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
                tick: Callable[[str], None] = lambda _path: None, stdin_path: str | None = None,
                read: Callable[[str, Settings], list[Document]] | None = None) -> FilesChecked:
    """Read, lint and filter ``files`` in one spaCy stream; ``tick(path)`` as each file starts.

    ``stdin_path`` is the path standard input is read under. ``read(path, settings)`` gives a
    file's documents (default: read from disk or standard input); the library API and the servers
    pass text they were handed, and so share every later step with the CLI.

    Each file is a fault boundary: whatever goes wrong while reading, parsing or checking it
    becomes that file's one error, and the other files are checked. When the shared stream
    breaks, the files in it whose results were not in yet are checked again one by one, so the
    error lands on the file that caused it.
    """
    from scusa_lint.readers import read_documents

    read = read or (lambda path, settings: read_documents(path, settings, from_stdin=path == stdin_path))
    result = FilesChecked()
    queue = deque(files)
    while queue:
        started: list[str] = []  # files whose documents entered the stream, results not in yet
        try:
            _stream(linter, queue, started, settings_of, read, result, tick, stdin_path)
        except Exception as exc:  # the fault boundary of the files in the stream
            culprit = exc.where if isinstance(exc, UserError) and exc.where in started else None
            if culprit is not None or len(started) == 1:
                result.errors.append(file_failure(culprit or started[0], exc))
                started.remove(culprit or started[0])
            for path in started:
                try:
                    _stream(linter, deque([path]), [], settings_of, read, result, tick, stdin_path)
                except Exception as alone:  # this file alone: its own error
                    result.errors.append(file_failure(path, alone))
    return result


def _stream(linter, queue: deque[str], started: list[str], settings_of: dict[str, Settings], read,
            result: FilesChecked, tick: Callable[[str], None], stdin_path: str | None) -> None:
    """Check the files of ``queue`` in one stream; a file's results join ``result`` once all its
    documents are checked (``started`` lists the files in between)."""

    def documents() -> Iterator[tuple[Document, Settings]]:
        while queue:
            path = queue.popleft()
            try:
                docs = read(path, settings_of[path])
            except Exception as exc:  # reading is part of the file's fault boundary
                result.errors.append(file_failure(path, exc))
                continue
            if docs:
                started.append(path)
            for doc in docs:
                yield doc, settings_of[path]

    def commit(path: str, part: FilesChecked) -> None:
        result.merge(part)
        started.remove(path)

    current: tuple[str, Suppressions, FilesChecked] | None = None
    for checked in linter.lint(documents()):
        doc = checked.document
        if current is None or current[0] != doc.path:
            if current is not None:
                commit(current[0], current[2])
            current = (doc.path, Suppressions(doc.source), FilesChecked())
            current[2].notices.extend(f"{doc.path}:{line}: unknown rule id {rule_id!r} in a scusa-lint directive"
                                      for line, rule_id in current[1].unknown_ids(linter.rule_ids))
            tick(doc.path)
        part = current[2]
        kept: list[Finding] = [f for f in current[1].filter(checked.findings) if checked.settings.shows(f.level)]
        if not doc.fixable:
            part.unfixable.add(doc.path)
        if kept or doc.path == stdin_path:  # standard input is kept whole: --fix prints it back
            part.findings.extend(kept)
            part.sources[doc.path] = doc.source
    if current is not None:
        commit(current[0], current[2])


# Parallel runs fork workers that inherit the loaded linter (rules and pipeline are not rebuilt).
PARALLEL_MIN_FILES = 48
CHUNK_FILES = 24
_WORKER: tuple | None = None


def worker_count(files: list[str], settings: list[Settings]) -> int:
    """How many processes should check these files (1: this one)."""
    import multiprocessing

    if len(files) < PARALLEL_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
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
              force_exclude: bool = False, stdin_filename: str | None = None) -> Outcome:
    """Check the files; ``progress(total)`` may give a context yielding ``tick(files_done)``.

    Standard input (``-``) is reported as ``stdin_filename`` when given, whose extension and
    folder then choose the reader and the configuration.
    """
    errors: list[UserError] = []
    notices: list[str] = []
    files = expand_paths(paths, errors, resolver, force_exclude, notices, stdin_filename)
    stdin_path = (stdin_filename or "-") if "-" in paths and (stdin_filename or "-") in files else None
    settings_of = {path: resolver.for_path(path) for path in files}
    distinct = list({id(s): s for s in settings_of.values()}.values()) or [resolver.for_path(".")]
    linter = build_linter(distinct, resolver.command_line_ids())
    report = new_report(linter, files, settings_of, errors, stdin_path)
    outcome = Outcome(report, errors, notices)
    order = {path: number for number, path in enumerate(files)}
    workers = 1 if stdin_path else worker_count(files, distinct)
    try:
        with (progress or _no_progress)(len(files)) as tick:
            if workers > 1:
                checked = check_in_parallel(linter, files, settings_of, workers, tick)
            else:
                checked = check_files(linter, files, settings_of, lambda path: tick(order[path] + 1), stdin_path)
            tick(len(files))
        report_unrunnable_rules(linter, report, settings_of)
    finally:
        linter.env.services.close()
    notices.extend(checked.notices)
    add_to_report(report, checked, order)
    return outcome


def new_report(linter, files: list[str], settings_of: dict[str, Settings], errors: list[UserError],
               stdin_path: str | None = None) -> Report:
    """The empty report of a run on ``files``: their rules and levels, before any finding."""
    selected = {path: tuple(check.rule.id for check in linter.active(settings, path))
                for path, settings in settings_of.items()}
    return Report(findings=[], files=len(files), rules=linter.rules, paths=files, errors=errors,
                  fail_on={path: s.fail_on for path, s in settings_of.items()}, selected=selected,
                  stdin_path=stdin_path)


def add_to_report(report: Report, checked: FilesChecked, order: dict[str, int]) -> None:
    """Findings in file order (``order``: path -> rank), then line, column and rule."""
    report.errors.extend(checked.errors)
    report.findings.extend(checked.findings)
    report.sources.update(checked.sources)
    report.unfixable |= checked.unfixable
    report.findings.sort(key=lambda f: (order.get(f.path, 0), f.line, f.column, f.rule))
