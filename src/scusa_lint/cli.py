"""The command line: ``scusa-lint [check] PATHS``, ``rules``, ``explain``, ``test-rules``.

Exit status: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage, configuration, rule-file or
input error (one line on stderr naming the file and the cause).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from scusa_lint import __version__
from scusa_lint.errors import UserError
from scusa_lint.findings import LEVELS, level_rank

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
@click.option("--output-format", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule made.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("--color/--no-color", default=None, help="Colour the output [default: only on a terminal].")
@click.option("--model", default=None,
              help="spaCy pipeline: an installed name or a folder ('blank:it' forces the embedded one).")
def check(paths, select, ignore, fail_on, output_format, config_file, isolated, statistics, quiet, color, model):
    """Check drafts and templates (files, folders, or - for standard input)."""
    from scusa_lint.config import ConfigResolver
    from scusa_lint.run import run_check

    if config_file is not None and isolated:
        fail("--config and --isolated cannot be used together")
    overrides = {"select": select, "ignore": ignore, "fail_on": fail_on, "model": model}
    try:
        resolver = ConfigResolver(config_file=config_file, isolated=isolated, overrides=overrides)
        outcome = run_check(list(paths) or ["-"], resolver)
    except UserError as error:
        fail(error)
    from scusa_lint.renderers import renderer
    from scusa_lint.renderers.statistics import render_statistics

    use_color = sys.stdout.isatty() and "NO_COLOR" not in os.environ if color is None else color
    outcome.report.show_summary = not quiet
    renderer(output_format)(outcome.report, sys.stdout, use_color)
    if statistics:
        render_statistics(outcome.report, sys.stdout if output_format == "text" else sys.stderr, use_color)
    for error in outcome.errors:
        click.echo(f"scusa-lint: {error}", err=True)
    if outcome.errors:
        sys.exit(EXIT_ERROR)
    failing = any(level_rank(f.level) >= level_rank(outcome.fail_on[f.path]) for f in outcome.report.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


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
