"""Rule files are validated: errors name the file, the rule and the key, and exit 2."""

from __future__ import annotations

import pytest

from conftest import TINY_RULES, write, write_rules

GOOD = TINY_RULES["courier-blame.yml"]


@pytest.mark.parametrize(("change", "cause"), [
    (("level: error", "level: fatal"), "key 'level': must be one of info, warning, error, not 'fatal'"),
    (("hint:", "colour: red\n        hint:"), "unknown key 'colour' for kind 'forbid'"),
    (("kind: forbid", "kind: banish"), "key 'kind': unknown kind 'banish'"),
    (("- regex: \"abbiamo perso il pacco\"", "- regex: \"(unclosed\""), "invalid regex: missing ), unterminated"),
    (("{LEMMA: perdere}", "{LEMMAX: perdere}"), "invalid token pattern"),
    (("        message:", "        messagio:"), "unknown key 'messagio'"),
    (("          bad: [", "          bad: [\"solo uno\"]\n          worse: ["), "key 'examples': unknown key 'worse'"),
    (("        source: \"003 #7\"\n", ""), "missing key 'source'"),
    (("examples:", "examples: [\n"), "invalid YAML"),
])
def test_malformed_rule_file_is_one_line_error(cli, tmp_path, change, cause):
    folder = write_rules(tmp_path / "rules", {"courier-blame.yml": GOOD.replace(*change)})
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{folder.as_posix()}"]\n')
    result = cli(str(write(project, "a.txt", "Testo.\n")))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(folder / "courier-blame.yml") in result.stderr
    assert cause in result.stderr
    assert "Traceback" not in result.output


def test_too_few_examples_is_an_error(cli, tmp_path):
    text = GOOD.replace('"A causa del corriere.", "Il corriere ha perso il pacco.", "Hanno perso pacco"', "")
    folder = write_rules(tmp_path / "rules", {"courier-blame.yml": text})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 2
    assert "key 'examples.bad': at least 4 examples are needed" in result.stderr


def test_duplicate_rule_id_is_an_error(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {"a.yml": GOOD, "b.yml": GOOD})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 2
    assert "rule 'courier-blame' is already defined in" in result.stderr


def test_test_rules_reports_failing_examples(cli, tmp_path):
    broken = GOOD.replace('"Va bene."]', '"Colpa del corriere, purtroppo."]')
    folder = write_rules(tmp_path / "rules", {"courier-blame.yml": broken})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 1
    assert "FAIL courier-blame [good] 'Colpa del corriere, purtroppo.': unexpected: col 1 'Colpa del corriere'" \
        in result.stdout
    assert result.stdout.strip().endswith("7 passed, 1 failed")


def test_test_rules_passes_on_good_rule_files(cli, tiny_rules):
    result = cli("test-rules", str(tiny_rules))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("32 passed, 0 failed")
