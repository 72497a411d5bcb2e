"""The library API, through its public names only: same findings as the CLI, byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import scusa_lint
from conftest import write

DRAFT = "Gentile cliente,\nqual'è il problema? È colpa del corriere.\n"


def test_import_is_cheap():
    """Importing the package loads neither spaCy nor the engine (the API is imported on first use)."""
    code = "import sys, scusa_lint; print(sorted(m for m in ('spacy', 'scusa_lint.api') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_text_and_file_findings_match_the_cli_json_byte_for_byte(tiny_config, cli, monkeypatch):
    draft = write(tiny_config, "bozza.txt", DRAFT)
    monkeypatch.chdir(tiny_config)
    from_cli = cli("--output-format", "json", "bozza.txt").output
    with scusa_lint.Linter() as linter:
        from_file = scusa_lint.render(linter.check_file("bozza.txt"))
        from_text = scusa_lint.render(linter.check_text(draft.read_text(encoding="utf-8"), path="bozza.txt"))
    assert from_file == from_text == from_cli
    assert {f["rule"] for f in json.loads(from_cli)["findings"]} == {"courier-blame", "quale-apostrophe"}


def test_finding_fields_and_safe_fix(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    report = scusa_lint.lint_text(DRAFT)
    quale = next(f for f in report.findings if f.rule == "quale-apostrophe")
    assert (quale.line, quale.column, quale.end_line, quale.end_column) == (2, 1, 2, 7)
    assert quale.level == "warning" and quale.document is None
    assert quale.suggestions == ("qual è",)
    assert DRAFT[quale.fix.start:quale.fix.end] == "qual'è" and quale.fix.replacement == "qual è"


def test_one_linter_many_texts_with_selection_and_inline_suppression(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    with scusa_lint.Linter(ignore="quale-apostrophe") as linter:
        reports = [linter.check_text(text) for text in (DRAFT, "Va bene.", DRAFT + "# scusa-lint: disable=all\n")]
        rules = [[f.rule for f in r.findings] for r in reports]
        assert rules[0] == ["courier-blame"] and rules[1] == []
        suppressed = linter.check_text("<!-- scusa-lint: disable=courier-blame -->\n" + DRAFT, "markdown")
        assert suppressed.findings == []


def test_collection_format_names_each_macro(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    export = json.dumps({"macros": [{"title": "Ritardo", "actions": [
        {"field": "comment_value", "value": "Qual'è il numero? È colpa del corriere."}]}]})
    report = scusa_lint.Linter().check_text(export, "zendesk", path="macros.json")
    assert {f.document for f in report.findings} == {"Ritardo"}
    assert all(f.path == "macros.json" for f in report.findings)


def test_bad_input_raises_one_user_error(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    linter = scusa_lint.Linter()
    with pytest.raises(scusa_lint.UserError, match="unknown format 'docx'"):
        linter.check_text("testo", "docx")
    with pytest.raises(scusa_lint.UserError, match="manca.txt"):
        linter.check_file(tiny_config / "manca.txt")
    with pytest.raises(scusa_lint.UserError, match="unknown rule id 'nessuna'"):
        scusa_lint.Linter(select="nessuna").check_text("testo")


def test_readme_example_runs(monkeypatch, capsys):
    from conftest import REPO

    block = (REPO / "README.md").read_text(encoding="utf-8").split("### Library API")[1]
    code = block.split("```python\n")[1].split("```")[0]
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    findings = json.loads(printed[printed.index('{\n  "version"'):])["findings"]
    assert findings and {f["path"] for f in findings} == {"examples/bad-courier-blame.txt"}
