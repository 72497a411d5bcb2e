"""The README stays true: its rules table and its set-up commands."""

from __future__ import annotations

import re

import pytest

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


def _yaml_blocks(section: str) -> list[str]:
    text = README.split(f"### {section}\n", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```yaml\n(.+?)\n```", text, re.S)


def test_readme_snippets_name_the_current_release_tag():
    from scusa_lint import __version__

    tags = set(re.findall(r"(?:rev: |@)(v\d+\.\d+\.\d+)\b", README))
    assert tags == {f"v{__version__}"}, "README snippets and __version__ disagree (see Releasing)"


def test_readme_pre_commit_snippet_is_a_valid_config_for_this_repository_hook(tmp_path):
    import yaml

    clientlib = pytest.importorskip("pre_commit.clientlib")
    (block,) = _yaml_blocks("pre-commit")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block, encoding="utf-8")
    (repo,) = clientlib.load_config(str(config))["repos"]
    hook_ids = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {hook["id"] for hook in repo["hooks"]} <= hook_ids


def test_readme_workflow_gives_the_action_only_inputs_it_has():
    import yaml

    (block,) = _yaml_blocks("GitHub Actions")
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    steps = [step for job in yaml.safe_load(block)["jobs"].values() for step in job["steps"]]
    uses = [step for step in steps if step.get("uses", "").startswith("OWNER/scusa-lint@")]
    assert uses and all(set(step.get("with", {})) <= set(action["inputs"]) for step in uses)
    table = README.split("| input | default | meaning |", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^\| `([a-z-]+)` \|", table, re.M) == list(action["inputs"])


def test_readme_writing_rules_snippet_compiles_with_the_built_in_vocabularies():
    import yaml

    from scusa_lint.engine.linter import Linter
    from scusa_lint.nlp import load_pipeline

    section = README.split("## Writing rules\n", 1)[1].split("\n## ", 1)[0]
    rule = yaml.safe_load(re.search(r"```yaml\n(.+?)\n```", section, re.S).group(1))
    nlp, _ = load_pipeline(None)
    compiler = Linter(nlp).env.compiler
    for key in ("patterns", "unless"):
        assert compiler.compile(rule[key], f"README {key}")


def test_readme_names_every_key_that_extend_adds_to():
    from scusa_lint.config import ADDITIVE_KEYS

    sentence = README.split("starts from\nthe file it names", 1)[1].split("the other keys replace them", 1)[0]
    assert set(re.findall(r"`([a-z-]+)`", sentence)) == set(ADDITIVE_KEYS)
