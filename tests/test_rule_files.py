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


LANGUAGE_RULE = """
    id: late-courier
    kind: forbid
    level: warning
    message: "«{match}» dà la colpa al vettore."
    hint: "Parli di quello che fate voi."
    source: "003 #7"
    patterns:
      - pattern: "( @fault ) _{0,5} @third-party"
        within: sentence
    examples:
      bad: ["Il ritardo è del corriere.", "Un guasto del fornitore.", "Il problema è della banca.",
            "Ritardo dovuto al vettore."]
      good: ["C'è un ritardo. Il corriere passerà domani.", "Il corriere passa domani.", "Nessun problema.", "Grazie."]
"""

REQUIRED_RULE = """
    id: greeting-required
    kind: require
    level: info
    applies-to: problem
    message: "Manca un saluto."
    hint: "Chiuda con «Cordiali saluti»."
    source: "003 #1"
    patterns:
      - pattern: "( cordiali saluti )"
    examples:
      bad: ["Ci scusiamo per il ritardo.", "Il pacco è arrivato danneggiato.", "Abbiamo ricevuto il Suo reclamo.",
            "Il ritardo è nostro."]
      good: ["Ci scusiamo per il ritardo. Cordiali saluti", "Orari: 9-18.", "Grazie.", "Buongiorno."]
"""


def test_test_rules_runs_a_user_folder_on_the_built_in_vocabularies_and_detector(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {"late-courier.yml": LANGUAGE_RULE, "greeting.yml": REQUIRED_RULE})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("16 passed, 0 failed")  # only the folder's own rules


def test_within_sentence_never_reaches_into_the_next_sentence(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {"late-courier.yml": LANGUAGE_RULE})
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{folder.as_posix()}"]\nselect = ["late-courier"]\n')
    two = cli(str(write(project, "two.txt", "Ci scusiamo per il ritardo. Il corriere passerà domani.\n")))
    one = cli(str(write(project, "one.txt", "Ci scusiamo per il ritardo del corriere.\n")))
    assert (two.exit_code, one.exit_code) == (0, 1), (two.output, one.output)


def test_a_required_rule_cannot_be_evidence_of_a_problem(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {
        "greeting.yml": REQUIRED_RULE,
        "detectors/refund.yml": """
            id: refund
            kind: detector
            also: [greeting-required]
            patterns:
              - pattern: "( rimborso )"
            examples:
              bad: ["Il rimborso arriva domani.", "Rimborso in corso.", "Un rimborso.", "Il rimborso è pronto."]
              good: ["Grazie.", "Buongiorno.", "Orari: 9-18.", "A presto."]
        """})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 2
    assert "key 'also': rule 'greeting-required' cannot serve as evidence" in result.stderr
    assert "Traceback" not in result.output


def test_a_user_detector_cannot_silently_replace_a_builtin_one(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {"detectors/problem.yml": """
        id: problem
        kind: detector
        patterns:
          - pattern: "( rimborso )"
        examples:
          bad: ["Il rimborso arriva domani.", "Rimborso in corso.", "Un rimborso.", "Il rimborso è pronto."]
          good: ["Grazie.", "Buongiorno.", "Orari: 9-18.", "A presto."]
    """})
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{folder.as_posix()}"]\n')
    result = cli(str(write(project, "bozza.txt", "Il rimborso arriva domani.\n")))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "problem.yml" in lines[0] and "detector 'problem' is already defined" in lines[0]
    assert "Traceback" not in result.output


def test_applies_to_must_name_a_loaded_detector(cli, tmp_path):
    folder = write_rules(tmp_path / "rules", {"greeting.yml": REQUIRED_RULE.replace(
        "applies-to: problem", "applies-to: reclamo")})
    result = cli("test-rules", str(folder))
    assert result.exit_code == 2
    assert "greeting.yml: rule 'greeting-required': key 'applies-to': no detector 'reclamo'" in result.stderr
    assert "Traceback" not in result.output


def test_rules_and_explain_know_the_configured_rule_folders(cli, tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    listing = cli("rules")
    assert listing.exit_code == 0
    assert any(line.startswith("courier-blame ") for line in listing.stdout.splitlines())
    assert "blame-others" in listing.stdout  # the built-in rules are still there
    explained = cli("explain", "courier-blame")
    assert explained.exit_code == 0
    assert "Si assuma la responsabilità del ritardo." in explained.stdout
    isolated = cli("explain", "courier-blame", "--isolated")
    assert isolated.exit_code == 2
    assert "unknown rule id 'courier-blame'" in isolated.stderr


def _classes_of(cli, project, word: str, text: str) -> list[str]:
    import json

    result = cli("analyze", "--config", str(project / ".scusa-lint.toml"), "--output-format", "json", "-",
                 input=text)
    assert result.exit_code == 0, result.output
    tokens = [t for s in json.loads(result.stdout)["documents"][0]["sentences"] for c in s["clauses"]
              for t in c["tokens"]]
    return next(t["classes"] for t in tokens if t["text"] == word)


def test_a_vocabulary_removal_on_a_class_reaches_its_sub_classes(cli, tmp_path):
    text = "Il corriere ha perso il pacco.\n"
    plain = write(tmp_path / "plain", ".scusa-lint.toml", "").parent
    assert "third-party.carrier" in _classes_of(cli, plain, "corriere", text)
    removed = write(tmp_path / "removed", ".scusa-lint.toml", '[vocabulary]\n"third-party" = ["!corriere"]\n').parent
    assert not [c for c in _classes_of(cli, removed, "corriere", text) if c.startswith("third-party")]


def _check_with_rules(cli, tmp_path, files: dict[str, str]):
    folder = write_rules(tmp_path / "rules", files)
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{folder.as_posix()}"]\n')
    return folder, cli(str(write(project, "a.txt", "Testo.\n")))


def test_a_pattern_atom_mixing_a_part_of_speech_with_words_is_a_load_error(cli, tmp_path):
    rule = LANGUAGE_RULE.replace('"( @fault ) _{0,5} @third-party"', '"( @fault ) ADP|del _{0,5} @third-party"')
    folder, result = _check_with_rules(cli, tmp_path, {"late-courier.yml": rule})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(folder / "late-courier.yml") in result.stderr and "'late-courier'" in result.stderr
    assert "'ADP|del' mixes parts of speech with words" in result.stderr


@pytest.mark.parametrize("name", ["false", "no", "12"])
def test_a_vocabulary_class_name_that_yaml_reads_as_no_string_is_a_load_error(cli, tmp_path, name):
    folder, result = _check_with_rules(cli, tmp_path, {
        "late-courier.yml": LANGUAGE_RULE, "vocabularies/odd.yml": f"{name}:\n  lemmas: [pacco]\n"})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert str(folder / "vocabularies" / "odd.yml") in result.stderr
    assert "a class name must be a string: put it in quotes" in result.stderr
    assert "Traceback" not in result.output


def test_a_regex_names_a_vocabulary_class_and_an_unknown_one_is_a_load_error(cli, tmp_path):
    rule = LANGUAGE_RULE.replace('- pattern: "( @fault ) _{0,5} @third-party"\n        within: sentence',
                                 "- regex: '\\bcolpa\\s+(?:del|della)\\s+{@third-party.carrier}\\b'")
    rule = rule.replace('"Il problema è della banca.", "Ritardo dovuto al vettore."',
                        '"È colpa del corriere.", "Colpa della logistica."')
    rule = rule.replace('"Il ritardo è del corriere.", "Un guasto del fornitore.", ',
                        '"Colpa del vettore.", "colpa del fattorino", ')
    folder = write_rules(tmp_path / "rules", {"late-courier.yml": rule})
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{folder.as_posix()}"]\nselect = ["late-courier"]\n')
    assert cli(str(write(project, "a.txt", "Ci scusiamo: è colpa della logistica.\n"))).exit_code == 1
    assert cli(str(write(project, "b.txt", "Ci scusiamo: è colpa della banca.\n"))).exit_code == 0
    write_rules(tmp_path / "rules", {"late-courier.yml": rule.replace("{@third-party.carrier}", "{@no-such-class}")})
    result = cli(str(project / "a.txt"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "no vocabulary class 'no-such-class' for {@no-such-class}" in result.stderr
