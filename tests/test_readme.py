"""The README stays true: its rules table and its set-up commands."""

from __future__ import annotations

import re

from conftest import REPO
from scusa_lint.rulebook import load_builtin_rules, render_rule_list

README = (REPO / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    match = re.search(re.escape(marker) + r"\s*```sh\n(.+?)\n```", README, re.S)
    assert match, f"README has no command after {marker}"
    return match.group(1).strip()


def test_rules_table_is_current():
    table = README.split("<!-- rules-table:start -->\n")[1].split("<!-- rules-table:end -->")[0]
    expected = render_rule_list(load_builtin_rules(), "markdown")
    assert table == expected, "README rules table is stale: paste `scusa-lint rules --output-format markdown`"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    steps = [step.strip() for step in _block_after("<!-- test-command -->").split("&&")]
    assert steps[-1] == "pytest"
    for step in steps:
        assert step.replace("pip install -e", "pip install --quiet -e") in ci or step in ci, step


def test_readme_run_command_names_an_existing_example():
    command = _block_after("<!-- run-command -->")
    example = command.rsplit(" ", 1)[-1]
    assert (REPO / example).is_file(), example


def test_readme_configuration_example_is_valid(tmp_path):
    import tomllib

    from scusa_lint.config import read_config_file, settings_from_table

    block = re.search(r"## Configuration.+?```toml\n(.+?)\n```", README, re.S).group(1)
    config = tmp_path / "pyproject.toml"
    config.write_text(block, encoding="utf-8")
    (tmp_path / "parole.txt").write_text("Tracky\n", encoding="utf-8")  # the words-file it names
    tomllib.loads(block)
    settings = settings_from_table(read_config_file(config), config)
    assert settings.ignore == ("thanks-missing",)
    assert settings.format_for(str(tmp_path / "export" / "macros.json")) == "zendesk"
