"""The job summary (``summary`` format) and --extra-output: one run, several reports, full counts."""

from __future__ import annotations

import json

import pytest

from conftest import write

SELECTED = ("--select", "courier-blame,quale-apostrophe")


@pytest.fixture
def project(tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    monkeypatch.delenv("SCUSA_LINT_OUTPUT_FORMAT", raising=False)
    return tiny_config


def test_one_run_writes_annotations_sarif_and_a_summary(cli, project):
    write(project, "a.txt", "Il ritardo è colpa del corriere.\n" + "Qual'è il motivo?\n" * 12)
    write(project, "b.txt", "Qual'è il motivo?\n")
    result = cli("a.txt", "b.txt", "--output-format", "github", *SELECTED,
                 "--extra-output", "sarif:out.sarif", "--extra-output", "summary:summary.md")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 14  # every annotation is printed; GitHub shows only some
    sarif = json.loads((project / "out.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 14
    summary = (project / "summary.md").read_text(encoding="utf-8")
    lines = summary.splitlines()
    assert lines[0] == "## scusa-lint"
    assert "2 file controllati: 14 segnalazioni (1 errore, 13 avvisi)." in lines
    assert "al massimo 10 annotazioni per livello" in summary  # said, because 13 warnings are more than 10
    assert "| `quale-apostrophe` | avviso | 13 | 2 |" in lines
    assert "| `courier-blame` | errore | 1 | 1 |" in lines
    assert "| a.txt | 13 |" in lines and "| b.txt | 1 |" in lines


def test_summary_lists_unreadable_files_and_rules_that_could_not_run(cli, project, monkeypatch):
    for name in ("LANGUAGETOOL_URL", "LTP_PATH"):
        monkeypatch.delenv(name, raising=False)
    write(project, "rotta.txt", b"\x00binary")
    write(project, "ok.txt", "Ci scusiamo.\n")
    result = cli("rotta.txt", "ok.txt", "--select", "grammar", "--output-format", "summary")
    assert result.exit_code == 2
    text = result.stdout
    assert "Nessun file" not in text and "1 file controllato, 1 non leggibile: nessuna segnalazione." in text
    assert "**Non leggibili (1)**\n\n- rotta.txt: binary file, not text" in text
    assert "**Altri problemi (1)**\n\n- rule 'grammar': could not run" in text
    assert "annotazioni" not in text  # nothing was cut


def test_extra_output_is_checked_before_the_run(cli, project):
    write(project, "a.txt", "Ci scusiamo.\n")
    bad = cli("a.txt", "--extra-output", "xml:out.xml")
    assert bad.exit_code == 2 and "is not FORMAT:FILE" in bad.stderr
    missing = cli("a.txt", "--extra-output", "sarif:manca/out.sarif")
    assert missing.exit_code == 2
    assert missing.stderr == "scusa-lint: manca/out.sarif: folder manca does not exist\n"
