"""The command line: ``scusa-lint [check] PATHS``, ``rules``, ``explain``, ``test-rules``, ``analyze``,
``lsp``, ``serve``.

Exit status: 0 nothing at or above ``--fail-on`` (or ``--exit-zero``), 1 findings, 2 usage,
configuration, rule-file or input error (one line on stderr naming the file and the cause).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import click

from scusa_lint import __version__
from scusa_lint.errors import UserError, describe
from scusa_lint.findings import LEVELS
from scusa_lint.renderers import FORMAT_NAMES, TEXT_FORMATS

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
RULE_LIST_FORMATS = ("text", "json", "markdown")


class DefaultCommandGroup(click.Group):
    """``scusa-lint bozza.txt`` means ``scusa-lint check bozza.txt``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def fail(error: UserError | str) -> None:
    """Print one line on stderr and exit with status 2."""
    click.echo(f"scusa-lint: {error}", err=True)
    sys.exit(EXIT_ERROR)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from scusa_lint.backends import describe_backends

    click.echo(f"scusa-lint {__version__}")
    for line in describe_backends():
        click.echo(line)
    ctx.exit()


EPILOG = """\b
Exit status:
  0  no finding at or above --fail-on (or --exit-zero)
  1  findings at or above --fail-on
  2  usage, configuration, rule-file or input error (one line on stderr)

\b
Shell completion (bash; zsh and fish likewise, see README):
  eval "$(_SCUSA_LINT_COMPLETE=bash_source scusa-lint)"
"""


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version, the spaCy pipeline and the speller in use.")
def main() -> None:
    """Lint Italian customer-apology e-mails and support reply templates.

    check is the default command: "scusa-lint bozza.txt" means "scusa-lint check bozza.txt"
    (see "scusa-lint check --help" for its options).
    """


def _extra_outputs(_ctx, _param, values: tuple[str, ...]) -> tuple[tuple[str, Path], ...]:
    pairs = []
    for value in values:
        name, _, file = value.partition(":")
        if name not in FORMAT_NAMES or not file:
            raise click.BadParameter(f"{value!r} is not FORMAT:FILE with a FORMAT among {', '.join(FORMAT_NAMES)}")
        pairs.append((name, Path(file)))
    return tuple(pairs)


def _ids(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    from scusa_lint.config import split_ids

    return tuple(split_ids(values))


@main.command(epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--select", multiple=True, callback=_ids, metavar="IDS",
              help="Only these rules (comma-separated or repeated).")
@click.option("--ignore", multiple=True, callback=_ids, metavar="IDS", help="Skip these rules.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Lowest level that makes the exit status 1 [default: warning].")
@click.option("--min-level", type=click.Choice(LEVELS), default=None,
              help="Lowest level reported; findings below it are not shown and never fail [default: info].")
@click.option("--exit-zero", is_flag=True,
              help="Exit with status 0 even when there are findings (errors still give 2).")
@click.option("--output-format", type=click.Choice(FORMAT_NAMES), default="text", show_default=True,
              envvar="SCUSA_LINT_OUTPUT_FORMAT", show_envvar=True,
              help="text or concise (one line a finding) for people; json, github (annotations), sarif, junit "
                   "or gitlab (Code Quality) for tools.")
@click.option("--output-file", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--extra-output", multiple=True, callback=_extra_outputs, metavar="FORMAT:FILE",
              help="Also write the report in FORMAT to FILE (repeatable), e.g. sarif:scusa-lint.sarif or "
                   "summary:$GITHUB_STEP_SUMMARY.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place ('-': print the fixed text).")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff and change nothing.")
@click.option("--show-fixes", is_flag=True, help="List the safe fixes (applied with --fix, available otherwise).")
@click.option("--stdin-filename", default=None, metavar="NAME",
              help="The name of the text read from standard input: it chooses the reader (.html, .md, .json...) "
                   "and the configuration, and names the findings.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--force-exclude", is_flag=True,
              help="Pass over named files a folder walk would skip: excluded, git-ignored, or JSON/YAML without "
                   "templates (pre-commit).")
@click.option("--show-settings", is_flag=True, help="Print the settings that apply to the first file, and exit.")
@click.option("--show-files", is_flag=True, help="Print the files that would be checked, and exit.")
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule made.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("--color/--no-color", default=None,
              help="Colour the output [default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it].")
@click.option("--model", default=None,
              help="spaCy pipeline: an installed name or a folder ('blank:it' forces the embedded one).")
@click.option("--speller", type=click.Choice(("auto", "embedded", "languagetool")), default=None,
              help="Spelling backend [default: auto: LanguageTool if one is set up, else embedded].")
@click.option("--languagetool-url", default=None, metavar="URL",
              help="LanguageTool server, e.g. http://localhost:8010 [env: LANGUAGETOOL_URL].")
@click.option("--no-cache", is_flag=True, envvar="SCUSA_LINT_NO_CACHE", show_envvar=True,
              help="Check every file again: neither read nor write the results cache (see README, Cache).")
@click.option("--debug", is_flag=True, envvar="SCUSA_LINT_DEBUG", show_envvar=True,
              help="After an internal error (a bug), also print its traceback.")
@click.pass_context
def check(ctx, paths, select, ignore, fail_on, min_level, exit_zero, output_format, output_file, extra_output, fix,
          diff, show_fixes, stdin_filename, config_file, isolated, force_exclude, show_settings, show_files, statistics,
          quiet, color, model, speller, languagetool_url, no_cache, debug):
    """Check drafts and templates (files, folders, or - for standard input)."""
    from scusa_lint.config import ConfigResolver

    _guard_stdout()
    from scusa_lint.renderers.progress import progress_bar
    from scusa_lint.run import expand_paths, run_check

    if config_file is not None and isolated:
        fail("--config and --isolated cannot be used together")
    if not paths and stdin_filename is None:
        fail("no path given: name files or folders to check, or - to read standard input")
    paths = list(paths) or ["-"]
    if stdin_filename is not None and "-" not in paths:
        fail("--stdin-filename names standard input: give - among the paths (or no path at all)")
    if diff and output_format not in TEXT_FORMATS:
        source = ctx.get_parameter_source("output_format")
        given = "SCUSA_LINT_OUTPUT_FORMAT" if source == click.core.ParameterSource.ENVIRONMENT else "--output-format"
        fail(f"--diff prints a unified diff, not a {output_format} report: use it without {given} {output_format}")
    for path in (output_file, *(file for _, file in extra_output)):
        _check_output_file(path)
    overrides = {"select": select, "ignore": ignore, "fail_on": fail_on, "min_level": min_level, "model": model,
                 "speller": speller, "languagetool_url": languagetool_url}
    from scusa_lint.spelling.service import notices_shown

    try:
        resolver = ConfigResolver(config_file=config_file, isolated=isolated, overrides=overrides)
        if show_files or show_settings:
            errors: list[UserError] = []
            named = expand_paths(paths, errors, resolver, force_exclude, stdin_filename=stdin_filename)
            for error in errors:
                click.echo(f"scusa-lint: {error}", err=True)
            if show_settings:
                if not named:
                    fail("no file to check: --show-settings describes the settings of the first one")
                click.echo(f"# settings for {named[0]}")
                click.echo("\n".join(resolver.for_path(named[0]).describe()))
            else:
                click.echo("".join(f"{name}\n" for name in named), nl=False)
            sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)
        output = Output(output_format, output_file, statistics, quiet, color, extra_output)
        stream = None if fix or diff or show_fixes else _streamed(output)
        with notices_shown(not quiet):
            outcome = run_check(paths, resolver, progress=None if quiet else progress_bar,
                                force_exclude=force_exclude, stdin_filename=stdin_filename, use_cache=not no_cache,
                                on_file=stream and partial(_stream_file, stream))
    except UserError as error:
        fail(error)
    try:
        status = _report(outcome, output, fix=fix, diff=diff, show_fixes=show_fixes, stream=stream, debug=debug)
        sys.stdout.flush()
    except OSError as exc:  # a full disk, a reader that went away
        _stdout_failed(exc)
    global _checked
    _checked = True
    sys.exit(EXIT_CLEAN if exit_zero and status == EXIT_FINDINGS else status)


def _guard_stdout() -> None:
    """A closed standard output is one error line, not a traceback later; characters the output
    cannot encode (a lone surrogate, a console's narrow code page) are escaped, never fatal."""
    if sys.stdout is None:
        fail("standard output is closed: nowhere to write the report (use -o FILE)")
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _stream_file(stream, result) -> None:
    try:
        stream.file(result.findings, result.source)
    except OSError as exc:  # a full disk, a reader that went away
        _stdout_failed(exc)


def _stdout_failed(exc: OSError) -> None:
    _drop_stdout()
    fail(f"cannot write the report to standard output: {describe(exc)}")


def _drop_stdout() -> None:
    """After a failed write, point standard output at /dev/null so that the interpreter's own flush at
    exit does not fail again with a second message."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@dataclass
class Output:
    """Where and how ``check`` reports."""

    format: str
    file: Path | None
    statistics: bool
    quiet: bool
    color: bool | None
    extra: tuple[tuple[str, Path], ...] = ()  # --extra-output: (format, file)

    def colored(self, stream) -> bool:
        """--color/--no-color, else NO_COLOR (when not empty) turns colour off, FORCE_COLOR (when not
        empty) on, and otherwise colour is used on a terminal only; a report file is never coloured."""
        if self.color is not None:
            return self.color
        if self.file or os.environ.get("NO_COLOR"):
            return False
        return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def _streamed(output: Output):
    """The renderer that prints each file's findings as its file is done, when the report allows it:
    text, concise or JSON on standard output with nothing that needs every finding at the end
    (fixes, statistics, other outputs), and no progress bar sharing the terminal."""
    if output.format not in ("text", "concise", "json") or output.file or output.extra or output.statistics:
        return None
    if not output.quiet and sys.stdout.isatty() and sys.stderr.isatty():
        return None
    if output.format == "json":
        from scusa_lint.renderers.json import JsonStream

        return JsonStream(sys.stdout)
    from scusa_lint.renderers.text import TextStream

    return TextStream(sys.stdout, output.colored(sys.stdout), concise=output.format == "concise")


def _check_output_file(path: Path | None) -> None:
    """Fail before the run, not after it, when the report could not be written."""
    if path is None:
        return
    if path.is_dir():
        fail(f"{path}: is a directory")
    if not path.parent.is_dir():
        fail(f"{path}: folder {path.parent} does not exist")


def _report(outcome, output: Output, *, fix: bool, diff: bool, show_fixes: bool, stream=None,
            debug: bool = False) -> int:
    """Fixes (planned, shown or applied), then the report, the extras and the exit status.

    Standard output carries only the report (or the diff, or with ``-`` and ``--fix`` the fixed
    text, the report then going to standard error); for the machine formats the human extras
    (statistics, fix lists, summary) go to standard error.
    """
    from scusa_lint.renderers import renderer, summary_line

    report = outcome.report
    report.show_summary = not output.quiet
    fixes = plan = None
    if fix or diff or show_fixes:
        from scusa_lint import fixes

        plan = fixes.plan_fixes(report)
    fixing_stdin = fix and not diff and report.stdin_path is not None
    out = io.StringIO() if output.file else sys.stderr if fixing_stdin else sys.stdout
    use_color = output.colored(out)
    extras = out if output.format in TEXT_FORMATS and not diff else sys.stderr
    if diff:
        out.write(fixes.unified_diff(plan))
    else:
        if fix:
            fixes.write_fixes(plan, stdin_out=sys.stdout if fixing_stdin else None)
            outcome.errors.extend(plan.errors)
            fixes.settle(report, plan)
        if stream is None:
            renderer(output.format)(report, out, use_color)
        else:
            stream.end(report)
        if output.statistics:
            from scusa_lint.renderers.statistics import render_statistics

            render_statistics(report, extras, use_color)
    if plan is not None and show_fixes:
        extras.write("".join(line + "\n" for line in fixes.describe_fixes(plan, applied=fix and not diff)))
    if not output.quiet:
        if fix or diff:
            extras.write(fixes.fixed_summary(plan, applied=not diff) + "\n")
        if not diff and (output.format == "github" or output.file):  # the report is not for a reader's eyes
            sys.stderr.write(summary_line(report) + "\n")
    written = [(output.file, out.getvalue())] if output.file else []
    for name, file in output.extra:
        text = io.StringIO()
        renderer(name)(report, text, False)
        written.append((file, text.getvalue()))
    for file, text in written:
        from scusa_lint.atomic import write_atomic

        try:
            write_atomic(str(file), text.encode("utf-8", "backslashreplace"))
        except OSError as exc:
            fail(f"{file}: cannot write the report: {describe(exc)}")
    for notice in plan.notices if plan is not None and not output.quiet else ():
        click.echo(f"scusa-lint: {notice}", err=True)
    for notice in outcome.notices if not output.quiet else ():
        click.echo(f"scusa-lint: warning: {notice}", err=True)
    for error in outcome.errors:
        click.echo(f"scusa-lint: {error}", err=True)
        if debug and getattr(error, "details", ""):
            click.echo(error.details.rstrip(), err=True)
    if outcome.errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if plan.changed else EXIT_CLEAN
    return EXIT_FINDINGS if report.failing else EXIT_CLEAN


def _rules_in_use(config_file: Path | None, isolated: bool):
    """The rules that a check in the current folder would offer: built-in and configured folders."""
    from scusa_lint.config import ConfigResolver
    from scusa_lint.rulebook import load_rules_in_use

    try:
        return load_rules_in_use(ConfigResolver(config_file=config_file, isolated=isolated).for_path("."))
    except UserError as error:
        fail(error)


_config_option = click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                              default=None, help="Use this configuration file (no discovery).")
_isolated_option = click.option("--isolated", is_flag=True, help="Ignore every configuration file.")


@main.command("rules")
@click.option("--output-format", type=click.Choice(RULE_LIST_FORMATS), default="text", show_default=True)
@_config_option
@_isolated_option
def list_rules(output_format: str, config_file: Path | None, isolated: bool) -> None:
    """List every rule with its id, kind, level and source: the built-in rules and those of the
    configuration's extend-rules folders."""
    from scusa_lint.rulebook import render_rule_list

    click.echo(render_rule_list(_rules_in_use(config_file, isolated), output_format), nl=False)


@main.command()
@click.argument("rule_id")
@_config_option
@_isolated_option
def explain(rule_id: str, config_file: Path | None, isolated: bool) -> None:
    """Explain a rule (built-in or from an extend-rules folder): what it checks, why, a bad and a
    good example."""
    from scusa_lint.rulebook import explain_rule

    rules = {rule.id: rule for rule in _rules_in_use(config_file, isolated)}
    if rule_id not in rules:
        fail(f"unknown rule id {rule_id!r} (see 'scusa-lint rules')")
    click.echo(explain_rule(rules[rule_id]))


@main.command("test-rules")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--model", default=None, help="spaCy pipeline to run the examples with.")
def test_rules(folder: Path | None, model: str | None) -> None:
    """Run every rule file's own examples: bad ones must trigger the rule, good ones must not."""
    from scusa_lint.rulebook import run_rule_examples

    try:
        results = run_rule_examples(folder, model)
    except UserError as error:
        fail(error)
    failures = [r for r in results if not r.passed and not r.skipped]
    for result in results:
        if result.skipped:
            click.echo(f"SKIP {result.rule_id}: {result.skipped}")
        elif not result.passed:
            click.echo(f"FAIL {result.rule_id} [{result.side}] {result.text!r}: {result.problem}")
    ran = sum(1 for r in results if not r.skipped)
    click.echo(f"{ran - len(failures)} passed, {len(failures)} failed")
    sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--output-format", type=click.Choice(("text", "json")), default="text", show_default=True)
@_config_option
@click.option("--model", default=None, help="spaCy pipeline ('blank:it' forces the embedded one).")
def analyze(path: str, output_format: str, config_file: Path | None, model: str | None) -> None:
    """Show what the rules see: sentences, clauses and their features, tokens with lemma, part of
    speech, features and vocabulary classes (FILE, or - for standard input)."""
    from scusa_lint.analyze import document_record, render_json, render_text
    from scusa_lint.config import ConfigResolver
    from scusa_lint.readers import read_documents
    from scusa_lint.run import build_linter

    try:
        resolver = ConfigResolver(config_file=config_file, overrides={"model": model})
        settings = resolver.for_path(path)
        linter = build_linter([settings])
        records = []
        for document in read_documents(path, settings):
            parsed = linter.language.annotate(linter.nlp(document.text), settings)
            records.append(document_record(parsed, document.path, document.title))
    except UserError as error:
        fail(error)
    click.echo((render_json if output_format == "json" else render_text)(records), nl=False)


def _optional(module: str, extra: str):
    """A module of an optional extra, or one clear line saying how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        fail(f"{extra}: {exc.name} is not installed (pip install 'scusa-lint[{extra}]')")


@main.command()
def lsp() -> None:
    """Run the Language Server on standard input and output (for editors)."""
    _optional("scusa_lint.lsp", "lsp").run()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: this machine only).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--max-request-bytes", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="Larger requests get a 413.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file (default: the one found from the current folder).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def serve(host: str, port: int, max_request_bytes: int, config_file: Path | None, isolated: bool) -> None:
    """Serve the page for support agents and the HTTP API (POST /v1/check, GET /v1/rules)."""
    serving = _optional("scusa_lint.serve", "serve")
    from scusa_lint.api import Linter

    if not serving.is_loopback(host):
        click.echo(f"scusa-lint: warning: listening on {host}: anyone who can reach this machine can send drafts "
                   "to check; use the default 127.0.0.1 unless that is intended", err=True)
    try:
        linter = Linter(config=config_file, isolated=isolated)
        click.echo(f"scusa-lint: loading the pipeline and the rules, then serving on http://{host}:{port}/", err=True)
        serving.run(linter, host, port, max_request_bytes)
    except UserError as error:
        fail(error)


def run() -> None:
    """The console entry point: ``main``; after a ``check``, once the output is flushed, exit without
    the interpreter's teardown (freeing spaCy's modules and the word tables takes a noticeable part
    of a one-draft run, and nothing is left to write). Other commands end as usual."""
    try:
        main()
    except SystemExit as done:
        lexicon = sys.modules.get("scusa_lint.language.lexicon")
        if lexicon is not None:
            lexicon.LEXICON.wait()  # a first run's lexicon build ends, rather than leave a half-written file
        if not _checked or not isinstance(done.code, int):
            raise
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: let Python report it as usual
            raise done from None
        os._exit(done.code)


_checked = False  # set when a check has printed its report
