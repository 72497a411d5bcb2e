"""The command line as its users meet it: exit status, output, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write


def test_finding_is_reported_with_line_column_excerpt_and_hint(cli, tiny_config):
    draft = write(tiny_config, "bozza.txt", "Gentile cliente,\nil ritardo è colpa del corriere.\nCi scusiamo.\n")
    result = cli(str(draft))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    message = "Non attribuisca la colpa al corriere («colpa del corriere»)."
    assert lines[0] == f"{draft}:2:14  errore  courier-blame  {message}"
    assert "il ritardo è colpa del corriere." in lines[1]
    assert lines[2].endswith(" " * 13 + "^" * len("colpa del corriere"))
    assert "suggerimento: Si assuma la responsabilità del ritardo." in lines[3]
    assert lines[-1] == "1 file controllato: 1 segnalazione (1 errore)."


def test_clean_file_exits_zero_with_summary(cli, tiny_config):
    draft = write(tiny_config, "ok.txt", "Gentile cliente,\nci scusiamo per il ritardo.\n")
    result = cli("check", str(draft))
    assert result.exit_code == 0
    assert result.stdout.strip() == "1 file controllato: nessuna segnalazione."


def test_fail_on_decides_the_exit_status(cli, tiny_config):
    draft = write(tiny_config, "w.txt", "Ci scusiamo, qual'è il numero d'ordine?\n")
    assert cli(str(draft)).exit_code == 1  # a warning fails by default
    assert cli(str(draft), "--fail-on", "error").exit_code == 0
    draft_info = write(tiny_config, "i.txt", "Ci scusiamo.\n")
    assert cli(str(draft_info), "--fail-on", "info").exit_code == 0


def test_select_and_ignore_accept_commas_and_repeats(cli, tiny_config):
    draft = write(tiny_config, "b.txt", "Il ritardo è colpa del corriere. Qual'è il motivo?\n")
    rules = lambda r: sorted({f["rule"] for f in json.loads(r.stdout)["findings"]})  # noqa: E731
    both = cli(str(draft), "--output-format", "json")
    assert rules(both) == ["apology-required", "courier-blame", "quale-apostrophe"]
    assert rules(cli(str(draft), "--output-format", "json", "--ignore", "courier-blame,apology-required")) == [
        "quale-apostrophe"]
    assert rules(cli(str(draft), "--output-format", "json", "--select", "courier-blame",
                     "--select", "quale-apostrophe")) == ["courier-blame", "quale-apostrophe"]


def test_unknown_rule_id_is_a_usage_error(cli, tiny_config):
    draft = write(tiny_config, "b.txt", "Testo.\n")
    result = cli(str(draft), "--select", "no-such-rule")
    assert result.exit_code == 2
    assert result.stderr.strip() == "scusa-lint: command line: unknown rule id 'no-such-rule'"


def test_json_output_has_the_documented_shape(cli, tiny_config):
    draft = write(tiny_config, "b.txt", "Ci scusiamo: il ritardo è colpa del corriere.\n")
    payload = json.loads(cli(str(draft), "--output-format", "json").stdout)
    assert set(payload) == {"version", "findings", "summary"}
    assert payload["version"] == 1
    assert payload["findings"] == [{
        "path": str(draft), "line": 1, "column": 27, "end_line": 1, "end_column": 45,
        "rule": "courier-blame", "level": "error",
        "message": "Non attribuisca la colpa al corriere («colpa del corriere»).",
        "suggestions": ["Si assuma la responsabilità del ritardo."], "source": "003 #7", "document": None,
        "fix": None,
    }]
    assert payload["summary"] == {"files": 1, "findings": 1, "error": 1, "warning": 0, "info": 0}


def test_standard_input_is_read_with_dash(cli, tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    result = cli("-", "--output-format", "json", input="Il ritardo è colpa del corriere.\n")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["path"], f["rule"]) for f in findings] == [("-", "apology-required"), ("-", "courier-blame")]


def test_directories_are_walked_skipping_hidden_folders(cli, tiny_config):
    bad = "Il ritardo è colpa del corriere, ci scusiamo.\n"
    write(tiny_config, "macros/a.txt", bad)
    write(tiny_config, "macros/sub/b.md", bad)
    write(tiny_config, "macros/.git/c.txt", bad)
    write(tiny_config, "macros/.nascosta/d.txt", bad)
    write(tiny_config, "macros/immagine.png", b"\x89PNG\r\n\x1a\n\0\0")
    payload = json.loads(cli(str(tiny_config / "macros"), "--output-format", "json").stdout)
    assert sorted(Path(f["path"]).name for f in payload["findings"]) == ["a.txt", "b.md"]
    assert payload["summary"]["files"] == 2


@pytest.mark.parametrize(("content", "cause"), [
    (None, "no such file or directory"),
    (b"\x00\x01binary\x00", "binary file, not text"),
    ("Perch\xe9 il ritardo?".encode("latin-1"), "not valid UTF-8 at byte 5 (0xe9); save the file as UTF-8"),
])
def test_unreadable_input_is_one_line_and_exit_2_after_other_files(cli, tiny_config, content, cause):
    broken = tiny_config / "rotto.txt"
    if content is not None:
        broken.write_bytes(content)
    good = write(tiny_config, "bene.txt", "Il ritardo è colpa del corriere. Ci scusiamo.\n")
    result = cli(str(broken), str(good))
    assert result.exit_code == 2
    assert result.stderr == f"scusa-lint: {broken}: {cause}\n"
    assert "courier-blame" in result.stdout  # the other file was still checked and reported


def test_utf8_bom_and_crlf_keep_columns_right(cli, tiny_config):
    draft = write(tiny_config, "crlf.txt", b"\xef\xbb\xbfGentile cliente,\r\n\xc3\x88 colpa del corriere.\r\n")
    finding = json.loads(cli(str(draft), "--output-format", "json").stdout)["findings"][-1]
    assert (finding["line"], finding["column"], finding["end_column"]) == (2, 3, 21)


def test_statistics_counts_findings_per_rule(cli, tiny_config):
    draft = write(tiny_config, "s.txt", "Colpa del corriere. Causa del corriere. Qual'è?\n")
    result = cli(str(draft), "--statistics")
    table = result.stdout.split("Segnalazioni per regola")[1].split()
    assert table[table.index("courier-blame") - 1] == "2"
    assert table[table.index("quale-apostrophe") - 1] == "1"


def test_quiet_prints_findings_only(cli, tiny_config):
    draft = write(tiny_config, "q.txt", "Ci scusiamo per il ritardo.\n")
    assert cli(str(draft), "--quiet").stdout == ""


def test_color_is_off_when_piped_and_on_when_asked(cli, tiny_config):
    draft = write(tiny_config, "c.txt", "Colpa del corriere, ci scusiamo.\n")
    assert "\x1b[" not in cli(str(draft)).stdout
    assert "\x1b[" in cli(str(draft), "--color").stdout


def test_version_names_pipeline_and_speller(cli):
    output = cli("--version").stdout
    assert output.startswith("scusa-lint ")
    assert "pipeline: blank:it" in output
    assert "speller:" in output


def test_usage_errors_exit_2(cli, tiny_config):
    draft = write(tiny_config, "u.txt", "Testo.\n")
    assert cli(str(draft), "--fail-on", "fatal").exit_code == 2
    assert cli(str(draft), "--output-format", "xml").exit_code == 2
    result = cli(str(draft), "--isolated", "--config", str(tiny_config / ".scusa-lint.toml"))
    assert result.exit_code == 2
    assert "cannot be used together" in result.stderr


def test_unreadable_files_are_not_counted_as_checked(cli, tiny_config):
    broken = write(tiny_config, "rotto.txt", b"\x00binary")
    good = write(tiny_config, "bene.txt", "Ci scusiamo.\n")
    result = cli(str(broken), str(good))
    assert result.exit_code == 2
    assert result.stdout.strip().endswith("1 file controllato, 1 non leggibile: nessuna segnalazione.")


def test_a_folder_with_nothing_to_check_is_said(cli, tiny_config):
    write(tiny_config, "vuota/script.py", "print('ciao')\n")
    result = cli(str(tiny_config / "vuota"))
    assert result.exit_code == 0
    assert f"scusa-lint: warning: {tiny_config / 'vuota'}: no file to check in this folder" in result.stderr


def test_symlink_loop_names_its_cause(cli, tiny_config):
    (tiny_config / "uno").symlink_to(tiny_config / "due")
    (tiny_config / "due").symlink_to(tiny_config / "uno")
    result = cli(str(tiny_config / "uno"))
    assert result.exit_code == 2
    assert result.stderr == f"scusa-lint: {tiny_config / 'uno'}: too many levels of symbolic links\n"


def test_unknown_rule_id_in_a_directive_is_a_warning(cli, tiny_config):
    draft = write(tiny_config, "d.txt", "Ci scusiamo.\n# scusa-lint: disable=courier-blam\nColpa del corriere.\n")
    result = cli(str(draft))
    assert result.exit_code == 1  # nothing was suppressed
    assert f"scusa-lint: warning: {draft}:2: unknown rule id 'courier-blam' in a scusa-lint directive" \
        in result.stderr


def test_all_is_one_name_in_options_and_directives(cli, tiny_config):
    draft = write(tiny_config, "a.txt", "Colpa del corriere.\n# scusa-lint: disable=ALL\nColpa del corriere.\n")
    result = cli(str(draft), "--select", "all", "--output-format", "json")
    assert [f["line"] for f in json.loads(result.stdout)["findings"]] == [1, 1]  # apology-required, courier-blame


def test_rules_lists_every_rule_and_explain_tells_one(cli):
    listing = cli("rules").stdout.splitlines()
    assert any(line.split()[:4] == ["blame-others", "forbid", "error", "003"] for line in listing)
    rules_json = json.loads(cli("rules", "--output-format", "json").stdout)
    assert {"id": "shouting", "kind": "forbid", "level": "warning"}.items() <= next(
        r for r in rules_json if r["id"] == "shouting").items()
    explained = cli("explain", "register-mix")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("register-mix (consistency, avviso) - fonte: (Italian convention)")
    headings = [line for line in explained.stdout.splitlines() if line and not line.startswith(" ")][1:]
    assert headings == ["Messaggio:", "Che cosa scrivere invece:", "Esempio da evitare:", "Esempio corretto:",
                        "Che cosa controlla e perché (descrizione per chi scrive le regole, in inglese):"]
    assert "{" not in explained.stdout  # message slots are shown as "..."
    unknown = cli("explain", "no-such-rule")
    assert unknown.exit_code == 2
    assert unknown.stderr == "scusa-lint: unknown rule id 'no-such-rule' (see 'scusa-lint rules')\n"
