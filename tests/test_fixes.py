"""Safe fixes: --fix in place (encoding, BOM, line endings kept; atomic), --diff, --show-fixes,
files that are never rewritten, standard input, overlapping fixes and the exit status after."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import write_rules  # the shared tiny rule folder of tests/conftest.py
from scusa_lint.fixes import FileFix, FixPlan, write_fixes

# A fix that changes the length of the text, and one that overlaps it.
EXTRA_RULES = {
    "po-accent.yml": """
        id: po-accent
        kind: forbid
        level: warning
        message: "«{match}» si scrive con l'apostrofo."
        hint: "Scriva «po'»."
        source: "003 #8"
        patterns:
          - regex: "\\\\bpò\\\\b"
        fix: "po'"
        examples:
          bad: ["Un pò di pazienza.", "pò", "Aspetti un pò.", "Pò."]
          good: ["Un po' di pazienza.", "po'", "Po.", "pozzo"]
    """,
    "un-po.yml": """
        id: un-po
        kind: forbid
        level: warning
        message: "«{match}»: scriva «un po'»."
        hint: "Scriva «un po'»."
        source: "003 #8"
        patterns:
          - regex: "\\\\bun pò\\\\b"
        fix: "un po'"
        examples:
          bad: ["Un pò di pazienza.", "un pò", "Aspetti un pò.", "Un pò."]
          good: ["Un po' di pazienza.", "po'", "Po.", "pozzo"]
    """,
}
FIXABLE = ("--select", "quale-apostrophe,po-accent,courier-blame")


@pytest.fixture
def project(tiny_config: Path, tiny_rules: Path, monkeypatch) -> Path:
    write_rules(tiny_rules, EXTRA_RULES)
    monkeypatch.chdir(tiny_config)
    monkeypatch.delenv("SCUSA_LINT_OUTPUT_FORMAT", raising=False)
    return tiny_config


def test_fix_rewrites_in_place_keeping_bom_and_crlf(cli, project):
    draft = project / "bozza.txt"
    draft.write_bytes("\ufeffGentile cliente,\r\nqual’è il problema? Qual'è la data?\r\nAspetti un pò.".encode())
    result = cli("bozza.txt", "--fix", *FIXABLE)
    assert result.exit_code == 0, result.output
    fixed = "\ufeffGentile cliente,\r\nqual è il problema? Qual è la data?\r\nAspetti un po'."
    assert draft.read_bytes() == fixed.encode()
    assert "3 correzioni applicate in 1 file." in result.stdout
    assert "nessuna segnalazione" in result.stdout
    assert [p.name for p in project.iterdir() if p.name.startswith(".bozza")] == []  # no temporary file left


def test_fix_keeps_utf16_with_its_bom(cli, project):
    draft = project / "bozza.txt"
    for codec in ("utf-16-le", "utf-16-be"):
        bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
        draft.write_bytes(bom + "Ciao,\nqual'è il problema?\n".encode(codec))
        assert cli("bozza.txt", "--fix", *FIXABLE).exit_code == 0
        assert draft.read_bytes() == bom + "Ciao,\nqual è il problema?\n".encode(codec)


def test_fix_keeps_the_file_mode_and_symlinks(cli, project):
    draft = project / "bozza.txt"
    draft.write_text("Qual'è il problema?\n", encoding="utf-8")
    draft.chmod(0o640)
    link = project / "collegamento.txt"
    link.symlink_to(draft.name)
    assert cli("collegamento.txt", "--fix", *FIXABLE).exit_code == 0
    assert link.is_symlink()
    assert draft.read_text(encoding="utf-8") == "Qual è il problema?\n"
    assert draft.stat().st_mode & 0o777 == 0o640


def test_exit_status_after_fix_reflects_what_is_left_at_its_new_place(cli, project):
    draft = project / "bozza.txt"
    draft.write_text("Un pò di pazienza: colpa del corriere.\n", encoding="utf-8")
    result = cli("bozza.txt", "--fix", "--output-format", "json", *FIXABLE)
    assert result.exit_code == 1
    assert draft.read_text(encoding="utf-8") == "Un po' di pazienza: colpa del corriere.\n"
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in findings] == [
        ("courier-blame", 1, 21, 39)]  # one character later than before the fix
    assert "1 correzione applicata in 1 file." in result.stderr  # stdout stays JSON
    text_result = cli("bozza.txt", "--fix", *FIXABLE)  # nothing left to fix; the excerpt is the new text
    assert "Un po' di pazienza: colpa del corriere." in text_result.stdout
    assert "Nessuna correzione applicata." in text_result.stdout


def test_warnings_left_fail_and_fixed_ones_do_not(cli, project):
    draft = project / "bozza.txt"
    draft.write_text("Qual'è il problema?\n", encoding="utf-8")
    assert cli("bozza.txt", *FIXABLE).exit_code == 1
    assert cli("bozza.txt", "--fix", *FIXABLE).exit_code == 0
    assert cli("bozza.txt", *FIXABLE).exit_code == 0


def test_overlapping_fixes_apply_the_first_and_leave_the_other(cli, project):
    draft = project / "bozza.txt"
    draft.write_text("Aspetti un pò, qual'è il problema?\n", encoding="utf-8")
    result = cli("bozza.txt", "--fix", "--output-format", "json", "--select", "un-po,po-accent,quale-apostrophe")
    assert draft.read_text(encoding="utf-8") == "Aspetti un po', qual è il problema?\n"
    assert result.exit_code == 1  # the overlapping finding was not fixed: it is still reported
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["po-accent"]


def test_diff_prints_a_patch_and_writes_nothing(cli, project):
    original = "Gentile cliente,\r\nqual'è il problema?\r\nColpa del corriere.\r\n".encode()
    draft = project / "bozza.txt"
    draft.write_bytes(original)
    result = cli("bozza.txt", "--diff", *FIXABLE)
    assert result.exit_code == 1  # there is something to fix
    assert draft.read_bytes() == original
    assert result.stdout_bytes.decode() == (  # stdout_bytes: click's .stdout turns CRLF into LF
        "--- a/bozza.txt\n+++ b/bozza.txt\n@@ -1,3 +1,3 @@\n Gentile cliente,\r\n"
        "-qual'è il problema?\r\n+qual è il problema?\r\n Colpa del corriere.\r\n")
    assert "--fix applicherebbe 1 correzione in 1 file." in result.stderr
    if shutil.which("git"):  # the patch applies as it is
        patch = project / "fix.patch"
        patch.write_bytes(result.stdout_bytes)
        subprocess.run(["git", "apply", "--unsafe-paths", "-p1", str(patch)], cwd=project, check=True)
        assert draft.read_bytes() == original.replace(b"qual'\xc3\xa8", "qual è".encode())


def test_diff_without_fixes_is_empty_and_exits_zero(cli, project):
    (project / "bozza.txt").write_text("Colpa del corriere.", encoding="utf-8")
    result = cli("bozza.txt", "--diff", *FIXABLE)
    assert (result.exit_code, result.stdout) == (0, "")


def test_diff_marks_a_last_line_without_newline(cli, project):
    (project / "bozza.txt").write_text("Qual'è?", encoding="utf-8")
    assert cli("bozza.txt", "--diff", *FIXABLE).stdout.endswith("-Qual'è?\n\\ No newline at end of file\n"
                                                              "+Qual è?\n\\ No newline at end of file\n")


def test_show_fixes_lists_available_and_applied_fixes(cli, project):
    draft = project / "bozza.txt"
    draft.write_text("Qual'è il problema? Un pò di pazienza.\n", encoding="utf-8")
    listed = cli("bozza.txt", "--show-fixes", *FIXABLE)
    assert draft.read_text(encoding="utf-8").startswith("Qual'è")
    assert "Correzioni disponibili (da applicare con --fix):" in listed.stdout
    assert "  bozza.txt:1:1  quale-apostrophe  «Qual'è» → «Qual è»" in listed.stdout
    assert "  bozza.txt:1:24  po-accent  «pò» → «po'»" in listed.stdout
    applied = cli("bozza.txt", "--fix", "--show-fixes", "--output-format", "sarif", *FIXABLE)
    assert json.loads(applied.stdout)["runs"][0]["results"] == []
    assert "Correzioni applicate:" in applied.stderr


def test_eml_files_are_never_rewritten_and_the_user_is_told(cli, project):
    message = ("From: a@example.com\r\nSubject: ordine\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
               "Qual'è il problema?\r\n").encode()
    mail = project / "risposta.eml"
    mail.write_bytes(message)
    for option in ("--fix", "--diff"):
        result = cli("risposta.eml", option, *FIXABLE)
        assert mail.read_bytes() == message
        assert "risposta.eml: not fixed: files of this format (e-mail, HTML, export) are never rewritten" \
            in result.stderr
        assert result.exit_code == (1 if option == "--fix" else 0)  # the finding stays; --diff has no change


def read_export(path, source, *, template, **_options):
    """A reader for a format whose positions cannot be rewritten."""
    from scusa_lint.document import DocumentBuilder

    builder = DocumentBuilder(path, source, template=template, fixable=False)
    builder.add(source, 0)
    return [builder.build()]


def test_documents_marked_unfixable_by_their_reader_are_not_rewritten(cli, project, monkeypatch):
    from scusa_lint import readers

    monkeypatch.setitem(readers.READERS, "export", (f"{__name__}:read_export", {}))
    (project / ".scusa-lint.toml").write_text(
        (project / ".scusa-lint.toml").read_text(encoding="utf-8") + '\n[formats]\n"*.export" = "export"\n',
        encoding="utf-8")
    export = project / "macro.export"
    export.write_text("Qual'è il problema?\n", encoding="utf-8")
    result = cli("macro.export", "--fix", *FIXABLE)
    assert export.read_text(encoding="utf-8") == "Qual'è il problema?\n"
    assert "macro.export: not fixed" in result.stderr
    assert result.exit_code == 1


def test_standard_input_is_fixed_to_stdout_with_the_report_on_stderr(cli, project):
    text = "Qual'è il problema? Colpa del corriere."
    result = cli("-", "--fix", "--select", "quale-apostrophe,courier-blame", input=text)
    assert result.stdout == "Qual è il problema? Colpa del corriere."
    assert "-:1:21  errore  courier-blame" in result.stderr
    assert result.exit_code == 1
    clean = cli("-", "--fix", "--select", "quale-apostrophe", input="Nessun problema.\n")
    assert (clean.exit_code, clean.stdout) == (0, "Nessun problema.\n")


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path):
    draft = tmp_path / "bozza.txt"
    draft.write_text("testo cambiato\n", encoding="utf-8")
    plan = FixPlan(files={str(draft): FileFix(str(draft), "testo letto\n", "testo corretto\n", [], [])})
    write_fixes(plan)
    assert draft.read_text(encoding="utf-8") == "testo cambiato\n"
    assert plan.notices == [f"{draft}: not fixed: the file changed while it was being checked"]
    assert plan.files == {}


def test_a_file_that_cannot_be_written_is_an_error(cli, project, monkeypatch):
    import errno

    from scusa_lint import fixes

    def refuse(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(fixes, "write_atomic", refuse)
    draft = project / "bozza.txt"
    draft.write_text("Qual'è?\n", encoding="utf-8")
    result = cli("bozza.txt", "--fix", "--output-format", "json", *FIXABLE)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("scusa-lint: bozza.txt: cannot write the fixes: permission denied")
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["quale-apostrophe"]  # still there


def test_read_only_file_is_not_rewritten(cli, project):
    import os
    import stat

    draft = project / "sola-lettura.txt"
    draft.write_text("Qual'è il problema?\n", encoding="utf-8")
    os.chmod(draft, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    result = cli("sola-lettura.txt", "--fix", *FIXABLE)
    assert result.exit_code == 2
    assert draft.read_text(encoding="utf-8") == "Qual'è il problema?\n"
    assert "sola-lettura.txt: cannot write the fixes: permission denied: read-only file" in result.stderr
