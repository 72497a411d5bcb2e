"""One bad file never sinks the run: each failure class of issue 11 as a deterministic test.

(The seeded harness of tests/fuzzing.py runs every class as a real process, in test_fuzz.py;
these pin the messages.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scusa_lint.errors import InternalError, file_failure
from scusa_lint.limits import read_stream

CONTROL = "Gentile cliente,\n\nil ritardo del Suo ordine è dovuto al corriere.\n\nCordiali saluti\n"


def _check(cli, tmp_path, *names, args=()):
    (tmp_path / "a-control.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", "--output-format", "json", *args, str(tmp_path / "a-control.txt"),
                 *(str(tmp_path / n) for n in names))
    findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
    assert any(f["rule"] == "blame-others" and f["path"].endswith("a-control.txt") for f in findings), result.output
    return result


@pytest.mark.parametrize(("name", "text", "cause"), [
    ("np.yml", "macros:\n  - title: Rit\x1fardo\n", "invalid YAML"),
    ("tag.yml", "macros:\n  - title: !!bool maybe\n", "'maybe' is not a valid !!bool"),
    ("key.yml", "macros:\n  - !!int abc: 1\n", "'abc' is not a valid !!int"),
    ("unknown.yml", "macros:\n  - title: !nuovo 3\n", "unknown tag"),
    ("deep.yml", "macros: " + "[" * 600 + "]" * 600 + "\n", "deep"),
    ("bomb.yml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 10)}]\n" for i in range(1, 8))
        + "macros: *a7\n", "aliases expand"),
    ("shape.json", '{"macros": [{"title": "x", "actions": 5}]}', "macros[0].actions: expected a list, got a number"),
    ("value.json", '{"macros": [{"title": "x", "actions": [{"field": "comment_value", "value": {"it": "x"}}]}]}',
     "macros[0].actions[0].value: expected a text, got an object"),
    # nested block lists under the 200-level bound were once read as no macro at all
    ("nested.yml", "macros:\n" + "".join("  " * i + "-\n" for i in range(150)),
     "macros[0]: expected a macro (an object), got a list"),
    ("item.json", '[{"title": "x", "actions": [{"field": "comment_value", "value": "Ci scusiamo."}]}, 7]',
     "[1]: expected a macro (an object), got a number"),
])
def test_bad_export_is_one_line_and_the_others_are_checked(cli, tmp_path, name, text, cause):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = _check(cli, tmp_path, name)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert len(lines) == 1 and cause in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_lone_surrogates_are_replaced_and_every_format_writes(cli, tmp_path):
    (tmp_path / "s.json").write_text(json.dumps({"macros": [{"title": "T\ud800", "actions": [
        {"field": "comment_value", "value": "Il ritardo è dovuto al corriere \ud800."}]}]}), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "gitlab", "github", "summary", "concise"):
        result = cli("check", "--output-format", fmt, str(tmp_path / "s.json"))
        assert result.exit_code == 1, (fmt, result.output)


def test_fifo_in_a_walk_and_as_config_is_refused_not_waited_on(cli, tmp_path):
    (tmp_path / "walk").mkdir()
    os.mkfifo(tmp_path / "walk" / "pipe.txt")
    result = _check(cli, tmp_path, "walk")
    assert result.exit_code == 2 and "pipe.txt: is a named pipe (FIFO), not a file" in result.stderr
    os.mkfifo(tmp_path / "conf.toml")
    result = cli("check", "--config", str(tmp_path / "conf.toml"), str(tmp_path / "a-control.txt"))
    assert result.exit_code == 2 and "conf.toml: is a named pipe (FIFO)" in result.stderr


def test_a_fifo_or_a_device_in_a_walk_is_refused_with_the_results_cache_on(tmp_path):
    """The results cache keys a file by its bytes: it must read them as the readers do, or a FIFO
    met in a walk is waited on forever (a hang the suite's cache-off runs would never see)."""
    walk = tmp_path / "walk"
    walk.mkdir()
    (walk / "a-control.txt").write_text(CONTROL, encoding="utf-8")
    os.mkfifo(walk / "pipe.txt")
    os.symlink("/dev/zero", walk / "zero.txt")
    env = {name: value for name, value in os.environ.items() if name != "SCUSA_LINT_NO_CACHE"}
    result = subprocess.run([sys.executable, "-m", "scusa_lint", str(walk)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "pipe.txt: is a named pipe (FIFO), not a file" in result.stderr
    assert "zero.txt: is a character device, not a file" in result.stderr


def test_reads_count_bytes_read_not_st_size():
    with open("/dev/zero", "rb") as stream, pytest.raises(Exception, match="input too large"):
        read_stream(stream, "-", 1000)


@pytest.mark.parametrize(("table", "cause"), [
    ("tool = 1\n", "key 'tool' must be a table"),
    ('[tool]\nscusa-lint = "x"\n', "key 'tool.scusa-lint' must be a table"),
    ("[[tool.scusa-lint]]\nselect = ['ALL']\n", "key 'tool.scusa-lint' must be a table"),
    ("[tool.scusa-lint]\nselect = []\n", "key 'select' names no rule"),
    ('[tool.scusa-lint]\nselect = [""]\n', "key 'select' names no rule"),
    ("[tool.scusa-lint]\nmax-file-size = -1\n", "key 'max-file-size' must be above 0"),
])
def test_configuration_of_the_wrong_type_is_one_line(cli, tmp_path, table, cause):
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    (tmp_path / "d.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", str(tmp_path / "d.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"scusa-lint: {tmp_path / 'pyproject.toml'}: {cause}"] or (
        len(result.stderr.strip().splitlines()) == 1 and cause in result.stderr), result.stderr


HEAD = "id: r\nkind: forbid\nlevel: error\nmessage: m\nhint: h\nsource: s\n"
EXAMPLES = "examples:\n  bad: [a, b, c, d]\n  good: [e, f, g, h]\n"


@pytest.mark.parametrize(("rule", "cause"), [
    (HEAD.replace("kind: forbid", "kind: [forbid]") + "patterns:\n  - regex: x\n" + EXAMPLES, "unknown kind"),
    (HEAD.replace("level: error", "level: !!bool maybe") + "patterns:\n  - regex: x\n" + EXAMPLES,
     "does not fit its tag ('maybe')"),
    (HEAD + "patterns:\n  - regex: x\nexamples:\n  1: [a]\n  z: [b]\n", "unknown key 1"),
    (HEAD + "patterns:\n  - regex: 'a{1,4294967296}'\n" + EXAMPLES, "invalid regex"),
    (HEAD + "patterns:\n  - tokens: [{LOWER: {IN: 5}}]\n" + EXAMPLES, "invalid token pattern"),
    (HEAD + "patterns:\n  - tokens: [{TEXT: {REGEX: '('}}]\n" + EXAMPLES, "invalid token pattern"),
    (HEAD + "patterns:\n  - tokens: [{_: {nope: 1}}]\n" + EXAMPLES, "unknown token extension 'nope'"),
])
def test_bad_rule_file_is_a_load_error(cli, tmp_path, rule, cause):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yml").write_text(rule, encoding="utf-8")
    (tmp_path / ".scusa-lint.toml").write_text('extend-rules = ["rules"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", str(tmp_path / "d.txt"))
    assert result.exit_code == 2 and "r.yml" in result.stderr and cause in result.stderr, result.stderr


def test_a_dangling_rule_link_is_an_error(cli, tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (tmp_path / ".scusa-lint.toml").write_text('extend-rules = ["rules"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", str(tmp_path / "d.txt"))
    assert result.exit_code == 2 and "gone.yml: broken symbolic link" in result.stderr


def test_extend_rules_symlink_loop(cli, tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / ".scusa-lint.toml").write_text('extend-rules = ["loop"]\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", str(tmp_path / "d.txt"))
    assert result.exit_code == 2 and "key 'extend-rules'" in result.stderr


def test_catastrophic_user_regex_stops_at_the_time_limit(cli, tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yml").write_text(HEAD + "patterns:\n  - regex: '(a|aa)+$'\n" + EXAMPLES,
                                              encoding="utf-8")
    (tmp_path / ".scusa-lint.toml").write_text('extend-rules = ["rules"]\ntime-limit = 1\n', encoding="utf-8")
    (tmp_path / "x.txt").write_text("a" * 60 + "b", encoding="utf-8")
    result = _check(cli, tmp_path, "x.txt")
    assert result.exit_code == 2 and "x.txt: a regular expression of a rule took longer" in result.stderr


def test_a_file_that_needs_more_than_the_memory_limit_is_stopped_and_the_others_are_checked(cli, tmp_path):
    (tmp_path / ".scusa-lint.toml").write_text("memory-limit = 64\n", encoding="utf-8")
    words = ("ritardo", "pacco", "consegna", "rimborso", "corriere", "errore", "ordine", "negozio")
    (tmp_path / "huge.txt").write_text(" ".join(words[i % 8] for i in range(200_000)), encoding="utf-8")
    (tmp_path / "z-control.txt").write_text(CONTROL, encoding="utf-8")
    result = _check(cli, tmp_path, "huge.txt", "z-control.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"scusa-lint: {tmp_path / 'huge.txt'}: needed more than 64 MiB to check (the memory-limit setting): "
        "split the file, or raise memory-limit in the configuration"]
    assert any(f["path"].endswith("z-control.txt") for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize("run", [",", " e", " che"])
def test_a_long_run_without_verbs_is_checked_within_the_time_limit(cli, tmp_path, run):
    """The clause splitter looks a bounded distance for a verb: a run of 20,000 commas or
    conjunctions once cost minutes (each looked back over all the others) and was refused."""
    (tmp_path / ".scusa-lint.toml").write_text("time-limit = 20\n", encoding="utf-8")
    (tmp_path / "run.txt").write_text("Ci scusiamo" + run * 20_000 + ".\n", encoding="utf-8")
    result = _check(cli, tmp_path, "run.txt")
    assert result.exit_code == 1, result.stderr
    assert any(f["path"].endswith("run.txt") for f in json.loads(result.stdout)["findings"])


def test_memory_limit_must_be_a_positive_number_of_mib(cli, tmp_path):
    (tmp_path / ".scusa-lint.toml").write_text('memory-limit = "1 GB"\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text(CONTROL, encoding="utf-8")
    result = cli("check", str(tmp_path / "d.txt"))
    assert result.exit_code == 2 and "key 'memory-limit' must be" in result.stderr


def test_fix_refuses_a_file_with_hard_links(cli, tmp_path):
    draft = tmp_path / "fix.txt"
    draft.write_text("Qual'è il problema?\n", encoding="utf-8")
    os.link(draft, tmp_path / "other.txt")
    result = cli("check", "--fix", "--select", "ALL", str(draft))
    assert result.exit_code == 2 and "hard links" in result.stderr
    assert draft.read_text(encoding="utf-8") == "Qual'è il problema?\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file another owner")
def test_fix_keeps_the_owner_of_a_file_that_root_fixes(cli, tmp_path):
    draft = tmp_path / "fix.txt"
    draft.write_text("Qual'è il problema?\n", encoding="utf-8")
    os.chown(draft, 4321, 4321)
    cli("check", "--fix", "--select", "ALL", str(draft))
    assert draft.read_text(encoding="utf-8") == "Qual è il problema?\n"
    assert (draft.stat().st_uid, draft.stat().st_gid) == (4321, 4321)


def test_an_unexpected_failure_names_the_file_and_asks_for_a_report():
    try:
        {}["x"]
    except KeyError as exc:
        error = file_failure("m.json", exc)
    assert isinstance(error, InternalError)
    assert str(error).startswith("m.json: internal error (KeyError: 'x'): this is a bug in scusa-lint")
    assert "Traceback" in error.details
