"""The readers seen from the command line: which files a folder walk takes, bad input, and the
catalog's placeholder and shouting rules on every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import write
from readers_support import EXAMPLES, write_reader_rules

READER_RULE_IDS = '["t-scuse", "t-ritardo", "t-gap"]'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    rules = write_reader_rules(tmp_path / "reader-rules")
    folder = tmp_path / "progetto"
    folder.mkdir()
    (folder / ".scusa-lint.toml").write_text(
        f'extend-rules = ["{rules.as_posix()}"]\nselect = {READER_RULE_IDS}\n', encoding="utf-8")
    return folder


def payload(result) -> dict:
    return json.loads(result.stdout)


def test_folder_walk_takes_template_collections_and_leaves_other_json_and_yaml(cli, project):
    shutil.copy(EXAMPLES / "zendesk-macros.json", project / "zendesk-macros.json")
    shutil.copytree(EXAMPLES / "macros-gitlab", project / "macros")
    shutil.copy(EXAMPLES / "email-reply.eml", project / "risposta.eml")
    shutil.copy(EXAMPLES / "reply.html", project / "risposta.html")
    shutil.copy(EXAMPLES / "reply.md", project / "risposta.md")
    # A repository's other data files: never ours, even when they contain "ci scusiamo".
    write(project, "package.json", '{"name": "ci scusiamo", "version": "1.0.0", "description": "ritardo"}')
    write(project, "docker-compose.yml", "services:\n  web:\n    image: nginx  # ci scusiamo\n")
    write(project, "mkdocs.yml", "site_name: Assistenza\nnav:\n  - Ritardo: ritardo.md\n")
    write(project, "regole/mia-regola.yml", "id: mia\nkind: forbid\nmessage: ci scusiamo\n")
    write(project, ".pre-commit-config.yaml", "repos: []\n")
    write(project, "data/tabella.json", "[1, 2, 3]")
    result = cli(str(project), "--output-format", "json")
    data = payload(result)
    taken = sorted({Path(f["path"]).relative_to(project).as_posix() for f in data["findings"]})
    assert taken == ["macros/account-cambio-email.yml", "macros/resi-prodotto-danneggiato.yml",
                     "macros/spedizioni-ritardo.yml", "risposta.eml", "risposta.html", "risposta.md",
                     "zendesk-macros.json"]
    assert data["summary"]["files"] == 7
    assert result.exit_code == 1 and result.stderr == ""


def test_a_broken_macro_file_in_a_walked_folder_is_reported_not_skipped(cli, project):
    write(project, "macros/buona.yml", "title: Buona\nactions:\n- field: comment_value\n  value: ci scusiamo\n")
    broken = write(project, "macros/rotta.yml",
                   "title: Rotta\nactions:\n- field: comment_value\n  value: 'ci scusiamo\n")
    write(project, "config/altro.yml", "chiave: 'non chiusa\n")  # broken, but nothing says it holds templates
    result = cli(str(project), "--output-format", "json")
    assert result.exit_code == 2
    assert result.stderr == (f"scusa-lint: {broken}:5:1: invalid YAML: found unexpected end of stream "
                             "(while scanning a quoted scalar)\n")
    assert [(Path(f["path"]).name, f["document"]) for f in payload(result)["findings"]] == [("buona.yml", "Buona")]


def test_formats_setting_decides_the_reader_and_what_a_walk_takes(cli, project):
    config = project / ".scusa-lint.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'formats = {"modelli/*.tpl" = "html", "export/*.dat" = "zendesk"}\n', encoding="utf-8")
    write(project, "modelli/scuse.tpl", "<p>Gentile cliente,</p><p>ci&nbsp;scusiamo per il ritardo.</p>\n")
    shutil.copy(EXAMPLES / "zendesk-macros.json", project / "modelli.dat")  # not matched: not taken
    (project / "export").mkdir()
    shutil.copy(EXAMPLES / "zendesk-macros.json", project / "export" / "macros.dat")
    data = payload(cli(str(project), "--output-format", "json"))
    found = [(Path(f["path"]).name, f["line"], f["column"], f["rule"], f["document"]) for f in data["findings"]]
    assert [f for f in found if f[0] == "scuse.tpl"] == [
        ("scuse.tpl", 1, 27, "t-scuse", None),  # "ci&nbsp;scusiamo", read as HTML
        ("scuse.tpl", 1, 51, "t-ritardo", None)]
    assert {f[0] for f in found} == {"scuse.tpl", "macros.dat"}
    assert ("macros.dat", 20, 86, "t-scuse", "Spedizioni::Consegna in ritardo") in found


def test_bad_input_is_one_line_per_file_after_checking_every_other_file(cli, project):
    config = project / ".scusa-lint.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + 'formats = {"*.pdf" = "acrobat"}\nmax-file-size = 2000\n', encoding="utf-8")
    good = write(project, "bene.txt", "Ci scusiamo per il ritardo.\n")
    bad_json = write(project, "macro.json", '{"macros": [{"title": "x", "actions": [}]}')
    bad_mail = write(project, "posta.eml", "Gentile cliente,\nci scusiamo.\n")
    bad_format = write(project, "lettera.pdf", "ci scusiamo")
    bad_bytes = write(project, "vecchia.md", "Perch\xe9 il ritardo?".encode("latin-1"))
    too_large = write(project, "enorme.txt", "ci scusiamo. " * 200)
    result = cli(*(str(p) for p in (good, bad_json, bad_mail, bad_format, bad_bytes, too_large)))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"scusa-lint: {bad_json}:1:40: invalid JSON: expecting value",
        f"scusa-lint: {bad_mail}:1: not an e-mail message: the first line is not a header field (\"Name: value\")",
        f"scusa-lint: {bad_format}: unknown format 'acrobat' (known: collection, eml, freshdesk, front, gorgias, "
        "helpscout, html, markdown, templates, text, zendesk, zendesk-yaml)",
        f"scusa-lint: {bad_bytes}: not valid UTF-8 at byte 5 (0xe9); save the file as UTF-8",
        f"scusa-lint: {too_large}: file too large (more than the max-file-size of 2000 bytes)",
    ]
    assert "bene.txt:1:1" in result.stdout and "bene.txt:1:20" in result.stdout


def test_json_output_names_the_macro_of_each_finding(cli, project):
    shutil.copy(EXAMPLES / "helpscout.json", project / "helpscout.json")
    data = payload(cli(str(project / "helpscout.json"), "--output-format", "json"))
    assert [(f["line"], f["column"], f["end_column"], f["rule"], f["document"]) for f in data["findings"]] == [
        (5, 91, 102, "t-scuse", "Abbonamento addebitato due volte")]


def test_catalog_placeholder_and_shouting_rules_on_every_format_example(cli):
    names = ["email-reply.eml", "reply.html", "reply.md", "zendesk-macros.json", "freshdesk.json", "helpscout.json",
             "gorgias-macros.json", "front-templates.json", "macros-gitlab"]
    result = cli(*(str(EXAMPLES / name) for name in names), "--isolated", "--select", "placeholder-unfilled,shouting",
                 "--output-format", "json")
    found = [(Path(f["path"]).name, f["line"], f["column"], f["end_column"], f["rule"], f["document"])
             for f in payload(result)["findings"]]
    assert found == [
        ("email-reply.eml", 12, 9, 15, "placeholder-unfilled", None),  # "Gentile [Nome]," in a draft
        ("reply.html", 11, 14, 34, "placeholder-unfilled", None),  # "&lt;NOME CLIENTE&gt;", entities whole
        ("reply.md", 8, 9, 15, "placeholder-unfilled", None),
        # In templates only the broken placeholder counts; "[numero ordine]" and "XXX" are kept for the agent.
        ("zendesk-macros.json", 45, 22, 52, "placeholder-unfilled", "Resi::Rimborso approvato"),
    ]


def test_a_filled_placeholder_greeting_passes_every_catalog_rule(cli, tmp_path):
    macro = {"macros": [{"title": "Conferma richiesta", "actions": [{"field": "comment_value", "value": (
        "Gentile {{ticket.requester.first_name}},\n\nLe confermiamo che la Sua richiesta è stata registrata "
        "con il numero {{ticket.id}}.\n\nCordiali saluti,\n{{current_user.first_name}}")}]}]}
    path = write(tmp_path, "conferma.json", json.dumps(macro, ensure_ascii=False, indent=2))
    yaml_path = write(tmp_path, "saluto.yml", "title: Saluto\nactions:\n- field: comment_value_html\n  value: |\n"
                      "    <p>Gentile {%customer.firstName,fallback=cliente%},</p>\n"
                      "    <p>Le confermiamo che la Sua richiesta &egrave; stata registrata.</p>\n")
    result = cli(str(path), str(yaml_path), "--isolated", "--output-format", "json")
    assert payload(result)["findings"] == []
    assert result.exit_code == 0
