"""Everyday linter habits: --exit-zero, --stdin-filename, --min-level, the concise format,
--show-settings/--show-files, no path, help and completion, colour variables, --diff with a machine
format, and a rule that cannot run."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, write

BLAME = "Gentile cliente,\nil ritardo è colpa del corriere.\nCi scusiamo.\n"
HTML_REPLY = "<p>Gentile cliente,<br>ci scusiamo perch&egrave; il pacco &egrave; in ritardo.</p>\n"


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


# --- exit status ------------------------------------------------------------------------------

def test_exit_zero_reports_findings_but_exits_0(cli, tiny_config):
    draft = write(tiny_config, "b.txt", BLAME)
    result = cli(str(draft), "--exit-zero")
    assert result.exit_code == 0
    assert "courier-blame" in result.stdout
    broken = write(tiny_config, "rotto.txt", b"\x00binary")
    assert cli(str(draft), str(broken), "--exit-zero").exit_code == 2  # an input error is still an error


def test_no_path_is_a_usage_error_even_with_input_on_stdin(cli, tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    result = cli("check", "--output-format", "github", input="Colpa del corriere.\n")
    assert result.exit_code == 2
    assert result.stderr == "scusa-lint: no path given: name files or folders to check, or - to read standard input\n"
    bare = cli(input="Colpa del corriere.\n")  # no command either: the usage, and status 2
    assert bare.exit_code == 2 and bare.stderr.startswith("Usage: ")


# --- standard input with a name ---------------------------------------------------------------

def test_stdin_filename_chooses_the_reader_and_names_the_findings(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = cli("-", "--isolated", "--select", "spelling", "--output-format", "json", input=HTML_REPLY)
    assert {"egrave", "perch"} <= {f["message"].split("«")[1].split("»")[0] for f in findings(plain)}
    named = cli("-", "--isolated", "--select", "spelling", "--output-format", "json",
                "--stdin-filename", "risposte/reply.html", input=HTML_REPLY)
    found = findings(named)
    start = HTML_REPLY.index("perch&egrave;")
    assert [(f["path"], f["line"], f["column"], f["end_column"]) for f in found] == [
        ("risposte/reply.html", 1, start + 1, start + 1 + len("perch&egrave;"))]  # decoded by the HTML reader


def test_stdin_filename_chooses_the_configuration_and_alone_reads_stdin(cli, tiny_config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tiny_config / "sub").mkdir()
    name = str(tiny_config / "sub" / "bozza.txt")
    result = cli("--stdin-filename", name, "--output-format", "json", input=BLAME)  # no path: stdin
    assert [(f["path"], f["rule"]) for f in findings(result)] == [(name, "courier-blame")]  # the tiny rules


def test_stdin_filename_without_dash_among_paths_is_refused(cli, tiny_config):
    draft = write(tiny_config, "b.txt", BLAME)
    result = cli(str(draft), "--stdin-filename", "x.txt")
    assert result.exit_code == 2
    assert "--stdin-filename names standard input" in result.stderr


def test_fix_with_stdin_filename_prints_and_never_writes_the_named_file(cli, tiny_config, monkeypatch):
    monkeypatch.chdir(tiny_config)
    on_disk = write(tiny_config, "bozza.txt", "Testo su disco.\n")
    result = cli("-", "--fix", "--stdin-filename", "bozza.txt", "--select", "quale-apostrophe",
                 input="Qual'è il problema?\n")
    assert result.stdout == "Qual è il problema?\n"
    assert on_disk.read_text(encoding="utf-8") == "Testo su disco.\n"


# --- display threshold ------------------------------------------------------------------------

def test_min_level_hides_lower_findings_and_they_do_not_fail(cli, tiny_config):
    draft = write(tiny_config, "w.txt", "Ci scusiamo, qual'è il numero d'ordine?\n")  # a warning only
    assert cli(str(draft), "--fail-on", "warning").exit_code == 1
    hidden = cli(str(draft), "--min-level", "error", "--output-format", "json")
    assert findings(hidden) == [] and hidden.exit_code == 0
    both = write(tiny_config, "e.txt", "Colpa del corriere. Qual'è il motivo? Ci scusiamo.\n")
    shown = cli(str(both), "--min-level", "error", "--output-format", "json")
    assert [f["rule"] for f in findings(shown)] == ["courier-blame"]


def test_min_level_from_the_configuration(cli, tiny_config):
    with (tiny_config / ".scusa-lint.toml").open("a", encoding="utf-8") as handle:
        handle.write('min-level = "error"\n')
    draft = write(tiny_config, "w.txt", "Ci scusiamo, qual'è il numero d'ordine?\n")
    assert cli(str(draft)).stdout.strip() == "1 file controllato: nessuna segnalazione."


# --- concise format ---------------------------------------------------------------------------

def test_concise_format_is_one_line_a_finding_then_the_summary(cli, tiny_config):
    draft = write(tiny_config, "b.txt", BLAME.replace("Ci scusiamo.", "Qual'è il motivo? Ci scusiamo."))
    result = cli(str(draft), "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{draft}:2:14: errore courier-blame Non attribuisca la colpa al corriere («colpa del corriere»).",
        f"{draft}:3:1: avviso quale-apostrophe «Qual'è» si scrive senza apostrofo.",
        "1 file controllato: 2 segnalazioni (1 errore, 1 avviso).",
    ]


# --- what would run ---------------------------------------------------------------------------

def test_show_files_lists_what_a_run_would_check(cli, tiny_config):
    write(tiny_config, "macros/a.txt", BLAME)
    write(tiny_config, "macros/b.md", BLAME)
    write(tiny_config, "macros/.bozze/c.txt", BLAME)
    write(tiny_config, "macros/script.py", "print()\n")
    result = cli(str(tiny_config / "macros"), "--show-files")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [str(tiny_config / "macros" / "a.txt"), str(tiny_config / "macros" / "b.md")]


def test_show_settings_prints_the_settings_of_the_first_file(cli, tiny_config):
    draft = write(tiny_config, "b.txt", BLAME)
    result = cli(str(draft), "--show-settings", "--fail-on", "error")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# settings for {draft}"
    assert lines[1] == f"# configuration: {tiny_config / '.scusa-lint.toml'}"
    assert 'select = ["courier-blame", "quale-apostrophe", "apology-required"]' in lines
    assert 'fail-on = "error"' in lines  # the command line's override
    assert 'exclude = [".*", "node_modules/", "__pycache__/", "venv/"]' in lines
    import tomllib

    assert tomllib.loads("\n".join(lines))["min-level"] == "info"  # the lines are TOML


# --- help and completion ----------------------------------------------------------------------

def test_top_level_help_names_the_default_command_and_the_exit_codes(cli):
    text = " ".join(cli("--help").stdout.split())
    assert 'check is the default command: "scusa-lint bozza.txt" means "scusa-lint check bozza.txt"' in text
    assert "0 no finding at or above --fail-on (or --exit-zero)" in text
    assert "1 findings at or above --fail-on" in text
    assert "2 usage, configuration, rule-file or input error" in text
    assert "_SCUSA_LINT_COMPLETE=bash_source scusa-lint" in text


@pytest.mark.parametrize(("words", "expected"), [
    ("scusa-lint ", "check"),
    ("scusa-lint check --output-format ", "concise"),
    ("scusa-lint explain ", None),
])
def test_shell_completion_completes_commands_and_choices(cli, words, expected):
    result = cli.runner.invoke(
        __import__("scusa_lint.cli", fromlist=["main"]).main, [], prog_name="scusa-lint",
        env={"_SCUSA_LINT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()))})
    assert result.exit_code == 0
    if expected is not None:
        assert expected in [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_shell_completion_script_is_printed(cli):
    from scusa_lint.cli import main

    result = cli.runner.invoke(main, [], prog_name="scusa-lint", env={"_SCUSA_LINT_COMPLETE": "bash_source"})
    assert "_scusa_lint_completion()" in result.stdout
    assert "complete -o nosort -F _scusa_lint_completion scusa-lint" in result.stdout


# --- colour -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "colored"), [
    ({}, False),  # piped
    ({"FORCE_COLOR": "1"}, True),
    ({"FORCE_COLOR": ""}, False),  # empty: not set
    ({"FORCE_COLOR": "1", "NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
])
def test_no_color_counts_only_when_not_empty_and_force_color_is_honoured(cli, tiny_config, monkeypatch, environ,
                                                                         colored):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    draft = write(tiny_config, "c.txt", "Colpa del corriere, ci scusiamo.\n")
    assert ("\x1b[" in cli(str(draft)).stdout) is colored
    assert "\x1b[" in cli(str(draft), "--color").stdout  # the option wins over the variables


# --- --diff and machine formats ---------------------------------------------------------------

def test_diff_with_a_machine_format_is_refused_clearly(cli, tiny_config, monkeypatch):
    draft = write(tiny_config, "d.txt", "Qual'è il problema? Ci scusiamo.\n")
    result = cli(str(draft), "--diff", "--output-format", "json")
    assert result.exit_code == 2
    assert result.stderr == ("scusa-lint: --diff prints a unified diff, not a json report: use it without "
                             "--output-format json\n")
    monkeypatch.setenv("SCUSA_LINT_OUTPUT_FORMAT", "sarif")
    from_env = cli(str(draft), "--diff")
    assert from_env.exit_code == 2 and "without SCUSA_LINT_OUTPUT_FORMAT sarif" in from_env.stderr
    assert cli(str(draft), "--diff", "--output-format", "concise").stdout.startswith("--- a/")


# --- a rule that needs LanguageTool ------------------------------------------------------------

def test_grammar_selected_without_languagetool_says_so_once_and_exits_2(cli, tmp_path, monkeypatch):
    for name in ("LANGUAGETOOL_URL", "LTP_PATH"):
        monkeypatch.delenv(name, raising=False)
    first = write(tmp_path, "a.txt", "Ci scusiamo per il il ritardo.\n")
    second = write(tmp_path, "b.txt", "Ci scusiamo per il il ritardo.\n")
    result = cli(str(first), str(second), "--isolated", "--select", "grammar")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scusa-lint: rule 'grammar': could not run on 2 of 2 files: it needs LanguageTool (--languagetool-url, "
        "the languagetool-url key, LANGUAGETOOL_URL or LTP_PATH)"]


def test_grammar_through_all_rules_without_languagetool_stays_quiet(cli, tmp_path, monkeypatch):
    for name in ("LANGUAGETOOL_URL", "LTP_PATH"):
        monkeypatch.delenv(name, raising=False)
    draft = write(tmp_path, "a.txt", (REPO / "examples" / "good-late-delivery.txt").read_text(encoding="utf-8"))
    result = cli(str(draft), "--isolated")
    assert result.exit_code == 0
    assert result.stderr == ""
