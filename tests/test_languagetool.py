"""The LanguageTool backend, end to end.

No real LanguageTool can be downloaded on the machines this suite runs on, so most tests talk to
``ltfake.FakeLanguageTool``: a local HTTP server on 127.0.0.1, started by the test, that speaks
LanguageTool's ``/v2/healthcheck``, ``/v2/languages`` and ``/v2/check`` with answers in the JSON
shape LanguageTool documents. Those answers are recorded-format fixtures, NOT a real server: the
matches come from a fixed list. ``test_real_server`` runs against a real LanguageTool whenever
``LANGUAGETOOL_URL`` is set, and is skipped otherwise.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

import ltfake
from conftest import write
from scusa_lint.config import Settings
from scusa_lint.engine.linter import Linter, plain_document
from scusa_lint.errors import BackendError
from scusa_lint.nlp import load_pipeline
from scusa_lint.rulebook import run_rule_examples
from scusa_lint.spelling import languagetool as lt
from scusa_lint.spelling import service as spelling_service
from scusa_lint.spelling.embedded import EmbeddedSpeller
from scusa_lint.spelling.service import create_service, select_backend

REAL_URL = os.environ.get("LANGUAGETOOL_URL")

DRAFT = ("Egreggio Cliento, ci scusiamo per il il ritardo del Suo ordine ORD123 , spedito da Zalando.\n"
         "Gentile {{nome}}, il nostro portale scusalink non c'entra: E' stato un nostro errore.\n")


@pytest.fixture(autouse=True)
def _no_real_languagetool(monkeypatch):
    """Each test sets up exactly the LanguageTool it means to use."""
    monkeypatch.delenv("LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("LTP_PATH", raising=False)


@pytest.fixture
def fake():
    with ltfake.FakeLanguageTool() as server:
        yield server


@pytest.fixture(scope="module")
def linter():
    nlp, _ = load_pipeline()
    linter = Linter(nlp)
    yield linter
    linter.env.services.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SilentServer:
    """Accepts connections and never answers (a hung server, a wrong port behind a firewall)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


# -- end to end against the recorded-format server -------------------------------------------------


def test_languagetool_findings_end_to_end(linter, fake):
    settings = Settings(select=("spelling", "grammar"), speller="languagetool", languagetool_url=fake.url,
                        words=("scusalink",))
    findings = linter.lint_text(DRAFT, settings)
    got = [(f.rule, DRAFT[f.offset:f.end_offset], f.suggestions[:1]) for f in findings]
    assert got == [
        ("spelling", "Egreggio", ("Egregio",)),
        ("spelling", "Cliento", ("Cliente",)),
        ("grammar", "il il", ("il",)),
        ("grammar", " ,", (",",)),
        ("spelling", "E'", ("È",)),
    ]
    repeat = findings[2]
    assert repeat.level == "warning"
    assert repeat.extra == {"languagetool_rule": "ITALIAN_WORD_REPEAT_RULE", "languagetool_category": "MISC",
                            "languagetool_category_name": "Altre"}
    assert "parola ripetuta" in repeat.message
    assert findings[0].extra == {"speller": "languagetool"}
    # Both rules were served by one request, in Italian.
    assert [form["language"] for form in fake.checks()] == ["it-IT"]


def test_grammar_message_names_languagetool_rule_and_the_category_it_returns(cli, fake, tmp_path):
    draft = write(tmp_path, "bozza.txt", "Ci scusiamo per il il ritardo , davvero.\n")
    result = cli("--isolated", "--select", "grammar", "--languagetool-url", fake.url, "--output-format", "json",
                 str(draft))
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    # The category names are the ones the server sent (ltfake's fixtures), in the server's language.
    assert messages == [
        "«il il»: Possibile errore di battitura: parola ripetuta "
        "(LanguageTool: ITALIAN_WORD_REPEAT_RULE, categoria Altre).",
        "« ,»: Inserire lo spazio dopo la virgola e non prima "
        "(LanguageTool: COMMA_PARENTHESIS_WHITESPACE, categoria Tipografia).",
    ]


def test_category_id_stands_in_when_the_server_sends_no_category_name(linter, fake, monkeypatch):
    original = ltfake.check_response

    def without_names(text, language="it-IT"):
        response = original(text, language)
        for match in response["matches"]:
            del match["rule"]["category"]["name"]
        return response

    monkeypatch.setattr(ltfake, "check_response", without_names)
    settings = Settings(select=("grammar",), speller="languagetool", languagetool_url=fake.url)
    [finding] = linter.lint_text("Ci scusiamo per il il ritardo.", settings)
    assert finding.message.endswith("(LanguageTool: ITALIAN_WORD_REPEAT_RULE, categoria MISC).")


def test_languagetool_matches_on_placeholders_codes_names_and_user_words_are_dropped(linter, fake):
    settings = Settings(select=("spelling",), speller="languagetool", languagetool_url=fake.url)
    flagged = {DRAFT[f.offset:f.end_offset] for f in linter.lint_text(DRAFT, settings)}
    assert "scusalink" in flagged  # not in the user's words this time
    assert not flagged & {"Nome", "{{nome}}", "ORD123", "Zalando"}


def test_grammar_rule_is_silent_with_the_embedded_speller(linter):
    settings = Settings(select=("grammar",), speller="embedded")
    assert linter.lint_text("Ci scusiamo per il il ritardo , davvero.", settings) == []


def test_long_text_is_sent_in_bounded_chunks_with_offsets_kept(fake):
    service = create_service(Settings(speller="languagetool", languagetool_url=fake.url))
    try:
        paragraph = "Il pacco è in viaggio e arriverà presto a destinazione. " * 30 + "\n\n"
        text = paragraph * 12 + "Ci scusiamo per il il ritardo."
        matches = service.grammar(plain_document(text))
    finally:
        service.close()
    assert len(fake.checks()) >= 2
    assert all(len(form["text"]) <= lt.MAX_CHUNK for form in fake.checks())
    assert [text[m.start:m.end] for m in matches] == ["il il"]


def test_cli_uses_the_languagetool_url_option(cli, fake, tmp_path):
    draft = write(tmp_path, "bozza.txt", "Ci scusiamo per il il ritardo.\n")
    result = cli("--isolated", "--select", "grammar", "--languagetool-url", fake.url, "--output-format", "json",
                 str(draft))
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in findings] == [("grammar", 1, 17, 22)]
    assert result.exit_code == 1


def test_url_from_the_environment_and_from_the_config(cli, fake, tmp_path, monkeypatch):
    project = tmp_path / "p"
    draft = write(project, "bozza.txt", "Ci scusiamo per il il ritardo.\n")
    write(project, ".scusa-lint.toml", f'select = ["grammar"]\nlanguagetool-url = "{fake.url}"\n')
    assert cli(str(draft)).exit_code == 1
    write(project, ".scusa-lint.toml", 'select = ["grammar"]\n')
    unavailable = cli(str(draft))  # no LanguageTool: the rule selected by name cannot run
    assert unavailable.exit_code == 2
    assert unavailable.stderr.startswith("scusa-lint: rule 'grammar': could not run: it needs LanguageTool")
    monkeypatch.setenv("LANGUAGETOOL_URL", fake.url + "/v2/")
    assert cli(str(draft)).exit_code == 1
    assert len(fake.checks()) == 2


# -- unavailable servers ---------------------------------------------------------------------------


def test_explicitly_requested_but_unreachable_server_is_exit_2_in_one_line(cli, tmp_path):
    draft = write(tmp_path, "bozza.txt", "Ci scusiamo.\n")
    url = f"http://127.0.0.1:{_closed_port()}"
    result = cli("--isolated", "--speller", "languagetool", "--languagetool-url", url, str(draft))
    assert result.exit_code == 2
    assert result.stderr == f"scusa-lint: LanguageTool server {url}: connection refused or host unreachable\n"


def test_languagetool_without_any_setup_is_exit_2_in_one_line(cli, tmp_path):
    result = cli("--isolated", "--speller", "languagetool", str(write(tmp_path, "b.txt", "Ci scusiamo.\n")))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "LANGUAGETOOL_URL" in result.stderr


def test_silent_server_is_a_clear_error_and_fast():
    silent = SilentServer()
    try:
        start = time.monotonic()
        with pytest.raises(BackendError) as error:
            select_backend(Settings(speller="languagetool", languagetool_url=silent.url))
        elapsed = time.monotonic() - start
    finally:
        silent.close()
    assert f"no answer within {lt.PROBE_TIMEOUT:g} s" in str(error.value)
    assert elapsed < lt.PROBE_TIMEOUT + 2


def test_server_that_hangs_mid_run_is_a_clear_error_and_fast(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(lt, "READ_TIMEOUT", 0.5)
    with ltfake.FakeLanguageTool(check_delay=3) as slow:
        draft = write(tmp_path, "bozza.txt", "Ci scusiamo per il il ritardo.\n")
        start = time.monotonic()
        result = cli("--isolated", "--select", "grammar", "--languagetool-url", slow.url, str(draft))
        elapsed = time.monotonic() - start
    assert result.exit_code == 2
    # auto: the embedded speller takes over (one notice), and grammar, selected by name, could not run
    assert result.stderr.startswith(f"scusa-lint: LanguageTool server {slow.url}: ")
    assert result.stderr.count("\n") == 2 and "rule 'grammar': could not run" in result.stderr
    assert elapsed < 3


def test_auto_falls_back_to_the_embedded_speller_with_one_notice(cli, tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}"
    draft = write(tmp_path, "bozza.txt", "Egreggio Cliento, ci scusiamo.\n")
    result = cli("--isolated", "--languagetool-url", url, "--select", "spelling", "--output-format", "json",
                 str(draft))
    assert result.exit_code == 1
    assert [f["suggestions"][0] for f in json.loads(result.stdout)["findings"]] == ["Egregio", "Cliente"]
    assert result.stderr == (f"scusa-lint: LanguageTool server {url}: connection refused or host unreachable; "
                             "using the embedded speller instead\n")
    quiet = cli("--isolated", "--languagetool-url", url, "--select", "spelling", "--quiet", str(draft))
    assert quiet.stderr == ""


def test_auto_without_any_setup_is_the_embedded_speller_silently(capsys):
    backend = select_backend(Settings())
    assert isinstance(backend, EmbeddedSpeller)
    assert capsys.readouterr().err == ""


def test_embedded_choice_never_contacts_languagetool(fake):
    backend = select_backend(Settings(speller="embedded", languagetool_url=fake.url))
    assert isinstance(backend, EmbeddedSpeller)
    assert fake.requests == []


def test_rule_examples_needing_languagetool_are_skipped_with_a_reason(cli, fake, monkeypatch):
    spelling_service._AVAILABILITY.clear()
    result = cli("test-rules")
    assert "grammar" in result.stdout and "LANGUAGETOOL_URL" in result.stdout
    monkeypatch.setenv("LANGUAGETOOL_URL", fake.url)
    assert spelling_service.languagetool_unavailable() == ""


def test_rule_examples_needing_languagetool_run_against_a_given_server(fake):
    """The examples runner, given the recorded-format stand-in, runs the grammar rule's examples.

    This checks the plumbing (examples -> request -> /v2/check answer -> grammar finding or none),
    NOT LanguageTool's judgement: ltfake answers these texts from its table of recorded-format
    fixtures. The CLI's ``test-rules`` never uses the stand-in (see the test above)."""
    results = [r for r in run_rule_examples(languagetool_url=fake.url) if r.rule_id == "grammar"]
    assert [r.skipped for r in results] == [""] * 8
    assert all(r.passed for r in results), [(r.text, r.problem) for r in results if not r.passed]
    assert {r.side for r in results} == {"bad", "good"}
    assert {form["text"] for form in fake.checks()} == {r.text for r in results}


# -- a local install under LTP_PATH ------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["empty folder", "missing folder"])
def test_ltp_path_without_a_languagetool_jar_is_reported(cli, tmp_path, monkeypatch, layout):
    folder = tmp_path / "ltp"
    if layout == "empty folder":
        folder.mkdir()
        (folder / "LEGGIMI.txt").write_text("not LanguageTool\n", encoding="utf-8")
    monkeypatch.setenv("LTP_PATH", str(folder))
    draft = write(tmp_path, "bozza.txt", "Egreggio cliente, ci scusiamo.\n")
    # auto: one notice line, and the embedded speller still does the work.
    auto = cli("--isolated", "--select", "spelling", "--output-format", "json", str(draft))
    assert auto.exit_code == 1
    assert [f["suggestions"][0] for f in json.loads(auto.stdout)["findings"]] == ["Egregio"]
    assert auto.stderr.count("\n") == 1
    assert auto.stderr.startswith(f"scusa-lint: LTP_PATH {folder}: ")
    assert auto.stderr.endswith("; using the embedded speller instead\n")
    assert cli("--isolated", "--select", "spelling", "--quiet", str(draft)).stderr == ""
    # languagetool asked for: exit 2, one line naming the folder.
    explicit = cli("--isolated", "--select", "spelling", "--speller", "languagetool", str(draft))
    assert explicit.exit_code == 2
    assert explicit.stderr.count("\n") == 1
    assert explicit.stderr.startswith(f"scusa-lint: LTP_PATH {folder}: ")
    assert "languagetool-server.jar" in explicit.stderr
    # and rules that need LanguageTool say why they cannot run.
    spelling_service._AVAILABILITY.clear()
    assert str(folder) in spelling_service.languagetool_unavailable()


def _local_install(tmp_path: Path, monkeypatch, java_body: str) -> Path:
    """LTP_PATH with a LanguageTool folder, and a fake ``java`` first on PATH; returns the pid file."""
    install = tmp_path / "ltp" / "LanguageTool-6.6"
    install.mkdir(parents=True)
    (install / "languagetool-server.jar").write_bytes(b"")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pid_file = tmp_path / "java.pid"
    java = bin_dir / "java"
    java.write_text(f"#!/bin/sh\necho $$ >> {pid_file}\n{java_body}\n", encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp"))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return pid_file


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in java is a shell script")
def test_local_install_is_started_once_and_always_stopped(cli, tmp_path, monkeypatch):
    fake_server = Path(ltfake.__file__)
    pid_file = _local_install(tmp_path, monkeypatch, f'exec "{sys.executable}" "{fake_server}" "$@"')
    draft = write(tmp_path, "bozza.txt", "Ci scusiamo per il il ritardo.\n")
    result = cli("--isolated", "--select", "spelling,grammar", "--output-format", "json", str(draft))
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["grammar"]
    pids = [int(line) for line in pid_file.read_text().split()]
    assert len(pids) == 1  # one JVM, not one per port tried
    assert not _alive(pids[0])  # and none left behind


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in java is a shell script")
def test_broken_local_install_falls_back_or_fails_without_leaving_a_process(cli, tmp_path, monkeypatch):
    pid_file = _local_install(tmp_path, monkeypatch, "exit 1")
    draft = write(tmp_path, "bozza.txt", "Egreggio cliente.\n")
    auto = cli("--isolated", "--select", "spelling", str(draft))
    assert auto.exit_code == 1
    assert "the server exited at start (status 1); using the embedded speller instead" in auto.stderr
    explicit = cli("--isolated", "--select", "spelling", "--speller", "languagetool", str(draft))
    assert explicit.exit_code == 2
    assert explicit.stderr.count("\n") == 1
    assert len(pid_file.read_text().split()) == 2


# -- a real LanguageTool ---------------------------------------------------------------------------------


@pytest.mark.skipif(not REAL_URL, reason="LANGUAGETOOL_URL is not set: no real LanguageTool server to test")
def test_real_server(linter, monkeypatch):
    monkeypatch.setenv("LANGUAGETOOL_URL", REAL_URL)
    settings = Settings(select=("spelling", "grammar"), speller="languagetool", languagetool_url=REAL_URL)
    text = "Egreggio Cliento, ci scusiamo per il il ritardo del Suo ordine."
    found = {(f.rule, text[f.offset:f.end_offset]) for f in linter.lint_text(text, settings)}
    assert ("spelling", "Egreggio") in found
    assert ("spelling", "Cliento") in found
    assert any(rule == "grammar" and "il il" in span for rule, span in found)
    clean = "Gentile cliente, ci scusiamo per il ritardo del Suo ordine: lo abbiamo rispedito oggi."
    assert linter.lint_text(clean, settings) == []
