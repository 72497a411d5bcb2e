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
from scusa_lint.results_cache import FileResult
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
    from scusa_lint.language.lexicon import LEXICON

    LEXICON.prepare()  # a first run builds its lexicon while spaCy and the rules load
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

    def add(self, result: FileResult) -> None:
        self.findings.extend(result.findings)
        if result.source is not None:
            self.sources[result.path] = result.source
        self.notices.extend(result.notices)
        if not result.fixable:
            self.unfixable.add(result.path)


def check_files(linter, files: list[str], settings_of: dict[str, Settings],
                tick: Callable[[str], None] = lambda _path: None, stdin_path: str | None = None,
                read: Callable[[str, Settings], list[Document]] | None = None) -> FilesChecked:
    """Every file's results of ``check_each``, gathered."""
    result = FilesChecked()
    for checked in check_each(linter, files, settings_of, result.errors, tick, stdin_path, read):
        result.add(checked)
    return result


def check_each(linter, files: list[str], settings_of: dict[str, Settings], errors: list[UserError],
               tick: Callable[[str], None] = lambda _path: None, stdin_path: str | None = None,
               read: Callable[[str, Settings], list[Document]] | None = None) -> Iterator[FileResult]:
    """Read, lint and filter ``files`` in one spaCy stream, giving each file's result as it is
    done, in file order; ``tick(path)`` as each file starts; unreadable files go to ``errors``.

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
    queue = deque(files)
    while queue:
        started: list[str] = []  # files whose documents entered the stream, results not given yet
        waiting = len(queue)
        try:
            yield from _stream(linter, queue, started, settings_of, read, errors, tick, stdin_path)
        except Exception as exc:  # the fault boundary of the files in the stream
            if not started and len(queue) == waiting:
                raise  # no file was taken: the fault is not any file's
            culprit = exc.where if isinstance(exc, UserError) and exc.where in started else None
            if culprit is not None or len(started) == 1:
                errors.append(file_failure(culprit or started[0], exc))
                started.remove(culprit or started[0])
            for path in started:
                try:
                    yield from _stream(linter, deque([path]), [], settings_of, read, errors, tick, stdin_path)
                except Exception as alone:  # this file alone: its own error
                    errors.append(file_failure(path, alone))


def _stream(linter, queue: deque[str], started: list[str], settings_of: dict[str, Settings], read,
            errors: list[UserError], tick: Callable[[str], None], stdin_path: str | None) -> Iterator[FileResult]:
    """Check the files of ``queue`` in one stream, giving each file's result once all its documents
    are checked (``started`` lists the files in between)."""

    def documents() -> Iterator[tuple[Document, Settings]]:
        while queue:
            path = queue.popleft()
            try:
                docs = read(path, settings_of[path])
            except Exception as exc:  # reading is part of the file's fault boundary
                errors.append(file_failure(path, exc))
                continue
            if docs:
                started.append(path)
            for doc in docs:
                yield doc, settings_of[path]

    def done(result: FileResult) -> FileResult:
        started.remove(result.path)
        return result

    current: FileResult | None = None
    suppressions: Suppressions
    for checked in linter.lint(documents()):
        doc = checked.document
        if current is None or current.path != doc.path:
            if current is not None:
                yield done(current)
            suppressions = Suppressions(doc.source)
            notices = [f"{doc.path}:{line}: unknown rule id {rule_id!r} in a scusa-lint directive"
                       for line, rule_id in suppressions.unknown_ids(linter.rule_ids)]
            current = FileResult(doc.path, [], None, notices, True)
            tick(doc.path)
        kept = [f for f in suppressions.filter(checked.findings) if checked.settings.shows(f.level)]
        current.fixable = current.fixable and doc.fixable
        if kept or doc.path == stdin_path:  # standard input is kept whole: --fix prints it back
            current.findings.extend(kept)
            current.source = doc.source
    if current is not None:
        yield done(current)


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


def _start_worker() -> None:
    from multiprocessing.util import Finalize

    Finalize(None, _WORKER[0].env.services.close, exitpriority=10)  # the speller saves its verdicts


def _check_chunk(files: list[str]) -> tuple[list[FileResult], list[UserError]]:
    linter, settings_of = _WORKER
    errors: list[UserError] = []
    return list(check_each(linter, files, settings_of, errors)), errors  # services kept for the next chunk


def check_in_parallel(linter, files: list[str], settings_of: dict[str, Settings], workers: int,
                      errors: list[UserError], tick: Callable[[int], None]) -> Iterator[FileResult]:
    """``check_each`` in ``workers`` forked processes; results still in file order."""
    import multiprocessing

    global _WORKER
    _WORKER = (linter, settings_of)
    chunks = [files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)]
    done = 0
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    try:
        for chunk, (results, chunk_errors) in zip(chunks, pool.imap(_check_chunk, chunks), strict=True):
            errors.extend(chunk_errors)
            yield from results
            done += len(chunk)
            tick(done)
        pool.close()  # workers exit on their own, running their finalizers
        pool.join()
    finally:
        pool.terminate()
        _WORKER = None


def run_check(paths: list[str], resolver: ConfigResolver, progress: ProgressFactory | None = None,
              force_exclude: bool = False, stdin_filename: str | None = None, use_cache: bool = True,
              on_file: Callable[[FileResult], None] | None = None) -> Outcome:
    """Check the files; ``progress(total)`` may give a context yielding ``tick(files_done)``.

    Standard input (``-``) is reported as ``stdin_filename`` when given, whose extension and
    folder then choose the reader and the configuration. Files unchanged since a run with the
    same rules and settings take their results from the results cache (unless ``use_cache`` is
    false). ``on_file(result)``, when given, receives each file's results in file order as soon
    as they are known (the report then only counts the findings: memory stays flat).
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
    cache = None
    if use_cache and files:
        from scusa_lint.results_cache import open_cache

        cache = open_cache(linter, distinct)
    checked = FilesChecked()
    try:
        with (progress or _no_progress)(len(files)) as tick:
            hits = {path: result for path in files if path != stdin_path and cache is not None
                    and (result := cache.get(path, settings_of[path])) is not None}
            misses = [path for path in files if path not in hits]
            workers = 1 if stdin_path else worker_count(misses, distinct)
            if workers > 1:
                fresh = check_in_parallel(linter, misses, settings_of, workers, checked.errors, tick)
            else:
                fresh = check_each(linter, misses, settings_of, checked.errors, lambda path: tick(order[path] + 1),
                                   stdin_path)
            for result in _in_file_order(files, hits, fresh, order):
                if cache is not None and result.path not in hits and result.path != stdin_path:
                    cache.put(result)
                if on_file is None:
                    checked.add(result)
                else:
                    report.tally(result.findings)
                    notices.extend(result.notices)
                    on_file(result)
            tick(len(files))
        report_unrunnable_rules(linter, report, settings_of)
    finally:
        linter.env.services.close()
    if cache is not None:
        cache.save()
    notices.extend(checked.notices)
    add_to_report(report, checked, order)
    return outcome


def _in_file_order(files: list[str], hits: dict[str, FileResult], fresh: Iterator[FileResult],
                   order: dict[str, int]) -> Iterator[FileResult]:
    """Cached and freshly checked results merged back into the order of ``files``."""
    pending = next(fresh, None)
    for path in files:
        while pending is not None and order.get(pending.path, -1) <= order[path]:
            yield pending
            pending = next(fresh, None)
        if path in hits:
            yield hits[path]
    while pending is not None:
        yield pending
        pending = next(fresh, None)


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
