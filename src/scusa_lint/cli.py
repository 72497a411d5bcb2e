"""The command line: ``scusa-lint [check] PATHS``, ``rules``, ``explain``, ``test-rules``, ``lsp``, ``serve``.

Exit status: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage, configuration, rule-file or
input error (one line on stderr naming the file and the cause).
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from scusa_lint import __version__
from scusa_lint.errors import UserError, describe
from scusa_lint.findings import LEVELS, level_rank
from scusa_lint.renderers import FORMAT_NAMES

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


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version, the spaCy pipeline and the speller in use.")
def main() -> None:
    """Lint Italian customer-apology e-mails and support reply templates."""


def _ids(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    from scusa_lint.config import split_ids

    return tuple(split_ids(values))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("--select", multiple=True, callback=_ids, metavar="IDS",
              help="Only these rules (comma-separated or repeated).")
@click.option("--ignore", multiple=True, callback=_ids, metavar="IDS", help="Skip these rules.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None,
              help="Lowest level that makes the exit status 1 [default: warning].")
@click.option("--output-format", type=click.Choice(FORMAT_NAMES), default="text", show_default=True,
              envvar="SCUSA_LINT_OUTPUT_FORMAT", show_envvar=True,
              help="text for people; json, github (annotations), sarif, junit or gitlab (Code Quality) for tools.")
@click.option("--output-file", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place ('-': print the fixed text).")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff and change nothing.")
@click.option("--show-fixes", is_flag=True, help="List the safe fixes (applied with --fix, available otherwise).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--force-exclude", is_flag=True,
              help="Pass over named files a folder walk would skip, e.g. JSON/YAML without templates (pre-commit).")
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule made.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("--color/--no-color", default=None, help="Colour the output [default: only on a terminal].")
@click.option("--model", default=None,
              help="spaCy pipeline: an installed name or a folder ('blank:it' forces the embedded one).")
@click.option("--speller", type=click.Choice(("auto", "embedded", "languagetool")), default=None,
              help="Spelling backend [default: auto: LanguageTool if one is set up, else embedded].")
@click.option("--languagetool-url", default=None, metavar="URL",
              help="LanguageTool server, e.g. http://localhost:8010 [env: LANGUAGETOOL_URL].")
def check(paths, select, ignore, fail_on, output_format, output_file, fix, diff, show_fixes, config_file, isolated,
          force_exclude, statistics, quiet, color, model, speller, languagetool_url):
    """Check drafts and templates (files, folders, or - for standard input)."""
    from scusa_lint.config import ConfigResolver
    from scusa_lint.renderers.progress import progress_bar
    from scusa_lint.run import run_check

    if config_file is not None and isolated:
        fail("--config and --isolated cannot be used together")
    if not paths and sys.stdin.isatty():
        fail("no path given: name files or folders to check, or - to read standard input")
    _check_output_file(output_file)
    overrides = {"select": select, "ignore": ignore, "fail_on": fail_on, "model": model, "speller": speller,
                 "languagetool_url": languagetool_url}
    from scusa_lint.spelling.service import notices_shown

    try:
        resolver = ConfigResolver(config_file=config_file, isolated=isolated, overrides=overrides)
        with notices_shown(not quiet):
            outcome = run_check(list(paths) or ["-"], resolver, progress=None if quiet else progress_bar,
                                force_exclude=force_exclude)
    except UserError as error:
        fail(error)
    output = Output(output_format, output_file, statistics, quiet, color)
    sys.exit(_report(outcome, output, fix=fix, diff=diff, show_fixes=show_fixes))


@dataclass
class Output:
    """Where and how ``check`` reports."""

    format: str
    file: Path | None
    statistics: bool
    quiet: bool
    color: bool | None


def _check_output_file(path: Path | None) -> None:
    """Fail before the run, not after it, when the report could not be written."""
    if path is None:
        return
    if path.is_dir():
        fail(f"{path}: is a directory")
    if not path.parent.is_dir():
        fail(f"{path}: folder {path.parent} does not exist")


def _report(outcome, output: Output, *, fix: bool, diff: bool, show_fixes: bool) -> int:
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
    fixing_stdin = fix and not diff and "-" in report.paths
    out = io.StringIO() if output.file else sys.stderr if fixing_stdin else sys.stdout
    tty = not output.file and out.isatty()
    use_color = tty and "NO_COLOR" not in os.environ if output.color is None else output.color
    extras = out if output.format == "text" and not diff else sys.stderr
    if diff:
        out.write(fixes.unified_diff(plan))
    else:
        if fix:
            fixes.write_fixes(plan, stdin_out=sys.stdout if fixing_stdin else None)
            outcome.errors.extend(plan.errors)
            fixes.settle(report, plan)
        renderer(output.format)(report, out, use_color)
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
    if output.file:
        from scusa_lint.atomic import write_atomic

        try:
            write_atomic(str(output.file), out.getvalue().encode("utf-8"))
        except OSError as exc:
            fail(f"{output.file}: cannot write the report: {describe(exc)}")
    for notice in plan.notices if plan is not None and not output.quiet else ():
        click.echo(f"scusa-lint: {notice}", err=True)
    for notice in outcome.notices if not output.quiet else ():
        click.echo(f"scusa-lint: warning: {notice}", err=True)
    for error in outcome.errors:
        click.echo(f"scusa-lint: {error}", err=True)
    if outcome.errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if plan.changed else EXIT_CLEAN
    failing = any(level_rank(f.level) >= level_rank(outcome.fail_on[f.path]) for f in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


@main.command("rules")
@click.option("--output-format", type=click.Choice(RULE_LIST_FORMATS), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule with its id, kind, level and source."""
    from scusa_lint.rulebook import load_builtin_rules, render_rule_list

    try:
        rules = load_builtin_rules()
    except UserError as error:
        fail(error)
    click.echo(render_rule_list(rules, output_format), nl=False)


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain a rule: what it checks, why, a bad and a good example."""
    from scusa_lint.rulebook import explain_rule, load_builtin_rules

    try:
        rules = {rule.id: rule for rule in load_builtin_rules()}
    except UserError as error:
        fail(error)
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
