"""Configuration files: discovered per file, validated, merged with the command line."""

from __future__ import annotations

import json

from conftest import write

BLAME = "Il ritardo è colpa del corriere.\n"


def rules_of(result) -> list[tuple[str, str]]:
    return sorted({(f["path"].rsplit("/", 1)[-1], f["rule"]) for f in json.loads(result.stdout)["findings"]})


def test_nearest_config_above_each_file_applies(cli, tiny_config):
    write(tiny_config, "team-a/a.txt", BLAME)
    write(tiny_config, "team-b/b.txt", BLAME)
    write(tiny_config, "team-b/pyproject.toml",
          '[project]\nname = "x"\n[tool.scusa-lint]\nextend-rules = ["../../tiny-rules"]\nselect = ["courier-blame"]\n')
    result = cli(str(tiny_config / "team-a"), str(tiny_config / "team-b"), "--output-format", "json")
    assert rules_of(result) == [("a.txt", "apology-required"), ("a.txt", "courier-blame"), ("b.txt", "courier-blame")]


def test_pyproject_without_our_table_is_passed_over(cli, tiny_config):
    write(tiny_config, "sub/pyproject.toml", '[project]\nname = "x"\n')
    write(tiny_config, "sub/a.txt", BLAME)
    assert ("a.txt", "courier-blame") in rules_of(cli(str(tiny_config / "sub"), "--output-format", "json"))


def test_isolated_ignores_config_files(cli, tiny_config):
    draft = write(tiny_config, "a.txt", BLAME)
    result = cli(str(draft), "--isolated", "--output-format", "json")
    assert all(rule != "courier-blame" for _, rule in rules_of(result))  # the tiny rules come from the config


def test_per_file_ignores_and_apology_paths(cli, tiny_rules, tmp_path):
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml",
          f'extend-rules = ["{tiny_rules.as_posix()}"]\n'
          'select = ["courier-blame", "apology-required"]\n'
          'apology-paths = ["scuse/*.txt"]\n'
          '[per-file-ignores]\n"legacy/*.txt" = ["courier-blame"]\n')
    write(project, "legacy/old.txt", BLAME)
    write(project, "scuse/nuova.txt", "Gentile cliente, le scriviamo in merito al pacco.\n")
    write(project, "altro/info.txt", "Gentile cliente, le scriviamo in merito al pacco.\n")
    result = cli(str(project), "--output-format", "json")
    assert rules_of(result) == [("nuova.txt", "apology-required"), ("old.txt", "apology-required")]


def test_cli_select_replaces_and_ignore_adds_to_config(cli, tiny_config):
    draft = write(tiny_config, "a.txt", "Colpa del corriere. Qual'è?\n")
    assert rules_of(cli(str(draft), "--output-format", "json", "--select", "quale-apostrophe")) == [
        ("a.txt", "quale-apostrophe")]
    assert rules_of(cli(str(draft), "--output-format", "json", "--ignore", "quale-apostrophe")) == [
        ("a.txt", "courier-blame")]


def test_fail_on_from_config(cli, tiny_config):
    with (tiny_config / ".scusa-lint.toml").open("a", encoding="utf-8") as handle:
        handle.write('fail-on = "error"\n')
    draft = write(tiny_config, "a.txt", "Ci scusiamo. Qual'è il codice?\n")
    assert cli(str(draft)).exit_code == 0


def test_bad_config_files_are_one_line_errors(cli, tmp_path):
    cases = {
        "unknown": ('colour = "red"\n', "unknown key 'colour'"),
        "type": ('select = "ALL"\n', "key 'select' must be a list"),
        "level": ('fail-on = "fatal"\n', "key 'fail-on' must be one of info, warning, error, not 'fatal'"),
        "toml": ("select = [\n", "invalid TOML"),
        "rules": ('extend-rules = ["nowhere"]\n', "rule folder not found"),
    }
    for name, (content, cause) in cases.items():
        config = write(tmp_path / name, ".scusa-lint.toml", content)
        draft = write(tmp_path / name, "a.txt", "Testo.\n")
        result = cli(str(draft))
        assert result.exit_code == 2, name
        assert result.stderr.count("\n") == 1, name
        assert result.stderr.startswith("scusa-lint: "), name
        assert cause in result.stderr, name
        assert str(config.parent) in result.stderr, name


def test_unknown_rule_id_in_config_names_the_file(cli, tmp_path):
    config = write(tmp_path, ".scusa-lint.toml", 'ignore = ["no-such-rule"]\n')
    result = cli(str(write(tmp_path, "a.txt", "Testo.\n")))
    assert result.exit_code == 2
    assert result.stderr == f"scusa-lint: {config}: unknown rule id 'no-such-rule'\n"
