"""The library API: lint strings and files from Python, on the CLI's own path.

A ``Linter`` resolves the configuration as ``scusa-lint check`` does (nearest ``.scusa-lint.toml``
or ``pyproject.toml``, or ``config=``/``isolated=``; ``select``/``ignore`` as on the command line),
loads the spaCy pipeline and the rules once, and checks any number of texts. Findings go through
the same readers, inline suppressions and filters as the CLI's, so a finding is the same in both.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path

from scusa_lint.config import ConfigResolver, Settings, split_ids
from scusa_lint.errors import InputError
from scusa_lint.readers import READERS
from scusa_lint.report import Report
from scusa_lint.run import (
    FilesChecked,
    add_to_report,
    build_linter,
    check_files,
    new_report,
    report_unrunnable_rules,
)

# The names a caller passes as ``format``: the readers' formats (helpdesk collections included).
FORMATS = tuple(READERS)


class Linter:
    """Pipeline, rules and configuration loaded once; ``check_text``/``check_file`` as often as needed."""

    def __init__(self, *, config: str | os.PathLike | None = None, isolated: bool = False,
                 select: str | list[str] = (), ignore: str | list[str] = (), model: str | None = None,
                 speller: str | None = None, languagetool_url: str | None = None) -> None:
        overrides = {"select": tuple(split_ids(_as_list(select))), "ignore": tuple(split_ids(_as_list(ignore))),
                     "model": model, "speller": speller, "languagetool_url": languagetool_url}
        self._resolver = ConfigResolver(config_file=Path(config) if config is not None else None,
                                        isolated=isolated, overrides=overrides)
        self._linters: dict[tuple, object] = {}

    def settings_for(self, path: str) -> Settings:
        """The settings that apply to ``path`` (its folder's configuration and this linter's options)."""
        return self._resolver.for_path(path)

    def check_text(self, text: str | bytes, format: str | None = "text", *, path: str = "-",
                   select: str | list[str] | None = None, ignore: str | list[str] = ()) -> Report:
        """Lint ``text`` read as ``format``; ``path`` names it in findings and picks its configuration.

        ``format=None`` chooses the format from ``path`` as the CLI does (an editor's buffer). Bytes
        are decoded as a file's content would be (an ``eml`` message carries its charset).
        ``select`` and ``ignore`` narrow this one check as the command-line options do.
        """
        if format is not None and format not in READERS:
            raise InputError(path, f"unknown format {format!r} (known: {', '.join(FORMATS)})")
        from scusa_lint.readers import parse_documents

        settings = self.settings_for(path)
        chosen = {"select": tuple(split_ids(_as_list(select))) if select else settings.select,
                  "ignore": settings.ignore + tuple(split_ids(_as_list(ignore)))}
        linter = self.engine(settings)
        linter.validate_ids([*chosen["select"], *chosen["ignore"]], "request")
        return self._check(path, replace(settings, **chosen),
                           lambda p, s: parse_documents(p, text, s, format))

    def check_file(self, path: str | os.PathLike) -> Report:
        """Lint one file, its format chosen as the CLI chooses it (``formats`` globs, else the extension)."""
        path = os.fspath(path)
        return self._check(path, self.settings_for(path), None)

    def _check(self, path: str, settings: Settings, read) -> Report:
        paths, settings_of = [path], {path: settings}
        linter = self.engine(settings)
        checked: FilesChecked = check_files(linter, paths, settings_of, read=read)
        report = new_report(linter, paths, settings_of, [])
        report_unrunnable_rules(linter, report, settings_of)
        add_to_report(report, checked, {path: n for n, path in enumerate(paths)})
        if report.errors:
            raise report.errors[0]
        return report

    def engine(self, settings: Settings):
        """The rule engine for these settings, built on first use (pipeline and rules loaded once)."""
        key = (settings.model, settings.extend_rules)
        if key not in self._linters:
            self._linters[key] = build_linter([settings], self._resolver.command_line_ids())
        else:
            self._linters[key].validate_settings(settings)
        return self._linters[key]

    @property
    def rules(self) -> list:
        """The rules of the default configuration (id, kind, level, message, hint, ...)."""
        return self.engine(self.settings_for(".")).rules

    def close(self) -> None:
        """Stop the spelling services (a LanguageTool server the linter started)."""
        for linter in self._linters.values():
            linter.env.services.close()
        self._linters.clear()

    def __enter__(self) -> Linter:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def render(report: Report, output_format: str = "json") -> str:
    """The report as ``scusa-lint check --output-format FORMAT`` prints it."""
    from scusa_lint.renderers import renderer

    out = io.StringIO()
    renderer(output_format)(report, out, False)
    return out.getvalue()


def lint_text(text: str | bytes, format: str = "text", **options) -> Report:
    """One-off ``Linter(**options).check_text(text, format)`` (load a ``Linter`` to check many)."""
    with Linter(**options) as linter:
        return linter.check_text(text, format)


def lint_file(path: str | os.PathLike, **options) -> Report:
    """One-off ``Linter(**options).check_file(path)``."""
    with Linter(**options) as linter:
        return linter.check_file(path)
