"""Machine-readable output: GitHub annotations, SARIF 2.1.0, JUnit XML, GitLab Code Quality,
``--output-file``, ``SCUSA_LINT_OUTPUT_FORMAT`` and the progress-bar decision."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import write
from scusa_lint.findings import Finding
from scusa_lint.renderers.github import escape_data, escape_property, render_github
from scusa_lint.renderers.progress import progress_bar, wants_progress
from scusa_lint.report import Report

REPO = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
SELECTED = ("--select", "courier-blame,quale-apostrophe")
BAD = "Gentile cliente,\nil ritardo è colpa del corriere.\nQual'è il problema?\n"
GOOD = "Gentile cliente,\nci scusiamo per il ritardo.\n"


@pytest.fixture
def project(tiny_config: Path, monkeypatch) -> Path:
    """The tiny-rules project as the working directory (CI tools want relative paths)."""
    monkeypatch.chdir(tiny_config)
    monkeypatch.delenv("SCUSA_LINT_OUTPUT_FORMAT", raising=False)
    return tiny_config


def finding(**changes) -> Finding:
    values = dict(path="a.txt", line=1, column=1, end_line=1, end_column=5, rule="r", level="error",
                  message="m", suggestions=(), source="000 #1", document=None, offset=0, end_offset=4)
    values.update(changes)
    return Finding(**values)


# --- GitHub workflow commands ---------------------------------------------------------------

def test_github_escaping_follows_the_runner_rules():
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("dir,x/a:b%.txt") == "dir%2Cx/a%3Ab%25.txt"


def test_github_command_has_every_property_and_escapes_message_and_path():
    report = Report(findings=[
        finding(path="cartella, uno/a:b.txt", line=2, column=3, end_line=2, end_column=9,
                message="Sconto del 50%\nda togliere", suggestions=("«qual è»",)),
        finding(level="warning", rule="w"), finding(level="info", rule="i", document="Macro: rimborso"),
    ], files=1)
    out = io.StringIO()
    render_github(report, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("::error file=cartella%2C uno/a%3Ab.txt,line=2,col=3,endLine=2,endColumn=9,"
                        "title=scusa-lint (r)::Sconto del 50%25%0Ada togliere Suggerimento: «qual è»")
    assert lines[1].startswith("::warning file=a.txt,line=1,col=1,endLine=1,endColumn=5,title=scusa-lint (w)::")
    assert lines[2].startswith("::notice ")
    assert "title=scusa-lint (i) [Macro%3A rimborso]::" in lines[2]


def test_github_format_keeps_stdout_to_commands(cli, project):
    write(project, "bozza.txt", BAD)
    result = cli("bozza.txt", "--output-format", "github", *SELECTED)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert lines[0].startswith("::error file=bozza.txt,line=2,col=14,endLine=2,endColumn=32,")
    assert any(line.startswith("::warning file=bozza.txt,line=3,col=1,") for line in lines)
    assert "2 segnalazioni" in result.stderr  # the summary stays readable in the log, off stdout


# --- SARIF ----------------------------------------------------------------------------------

def sarif_of(cli, *args) -> dict:
    result = cli(*args, "--output-format", "sarif")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_sarif_validates_against_the_official_schema(cli, project):
    import jsonschema  # a test dependency

    if not SARIF_SCHEMA.is_file():
        missing = f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (../shared/schemas beside the repository)"
        if os.environ.get("CI"):  # CI always has shared/ beside the clone: a skip there would hide a failure
            pytest.fail(missing)
        pytest.skip(missing)
    write(project, "bozza.txt", BAD)
    write(project, "sub dir/altra.txt", "Il pacco? È colpa del corriere, ci scusiamo.\n")
    sarif = sarif_of(cli, "bozza.txt", "sub dir/altra.txt", *SELECTED)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["results"], "the drafts have findings"


def test_sarif_driver_lists_every_rule_with_help_and_level(cli, project):
    write(project, "bozza.txt", BAD)
    run = sarif_of(cli, "bozza.txt", *SELECTED)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "scusa-lint" and driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert {"courier-blame", "quale-apostrophe", "apology-required"} <= set(rules)
    courier = rules["courier-blame"]
    assert courier["name"] == "CourierBlame"
    assert courier["shortDescription"]["text"] == "Non attribuisca la colpa al corriere («…»)."
    assert courier["fullDescription"]["text"] == "Blaming the courier. Test rule."
    assert "Si assuma la responsabilità del ritardo." in courier["help"]["text"]
    assert "003 #7" in courier["help"]["text"]
    assert courier["defaultConfiguration"]["level"] == "error"
    assert rules["quale-apostrophe"]["defaultConfiguration"]["level"] == "warning"


def test_sarif_results_point_at_rule_file_and_region(cli, project):
    write(project, "sub dir/bozza.txt", BAD)
    run = sarif_of(cli, "sub dir/bozza.txt", *SELECTED)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path.cwd().as_uri() + "/"
    by_rule = {result["ruleId"]: result for result in run["results"]}
    courier = by_rule["courier-blame"]
    assert rules[courier["ruleIndex"]]["id"] == "courier-blame"
    assert courier["level"] == "error"
    assert courier["message"]["text"].startswith("Non attribuisca la colpa al corriere («colpa del corriere»).")
    location = courier["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "sub%20dir/bozza.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 2, "startColumn": 14, "endLine": 2, "endColumn": 32,
                                  "snippet": {"text": "colpa del corriere"}}
    assert "fixes" not in courier
    quale = by_rule["quale-apostrophe"]
    assert quale["level"] == "warning"
    replacement = quale["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 7},
                           "insertedContent": {"text": "Qual è"}}


def test_sarif_absolute_paths_inside_the_working_directory_become_relative(cli, project):
    draft = write(project, "bozza.txt", BAD)
    run = sarif_of(cli, str(draft.resolve()), *SELECTED)["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"bozza.txt"}


# --- JUnit ----------------------------------------------------------------------------------

def test_junit_has_a_testcase_per_file_and_rule_and_counts_that_add_up(cli, project):
    write(project, "cattiva.txt", BAD + "Colpa del corriere, di nuovo.\n")
    write(project, "buona.txt", GOOD)
    write(project, "rotta.txt", b"\x00\x01binary\x00")
    result = cli("cattiva.txt", "buona.txt", "rotta.txt", "--output-format", "junit", *SELECTED)
    assert result.exit_code == 2  # the unreadable file
    root = ET.fromstring(result.stdout)
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {"cattiva.txt", "buona.txt", "rotta.txt"}
    cases = {(case.get("classname"), case.get("name")): case for case in root.iter("testcase")}
    assert set(cases) == {("cattiva.txt", "courier-blame"), ("cattiva.txt", "quale-apostrophe"),
                          ("buona.txt", "courier-blame"), ("buona.txt", "quale-apostrophe"),
                          ("rotta.txt", "(lettura del file)")}
    courier = cases[("cattiva.txt", "courier-blame")].findall("failure")
    assert len(courier) == 1  # one failure per testcase, listing both findings
    assert courier[0].get("message") == ("cattiva.txt:2:14 courier-blame: Non attribuisca la colpa al corriere "
                                         "(«colpa del corriere»). (e 1 altra segnalazione)")
    assert courier[0].text.count("\n") == 1 and "  errore  courier-blame  " in courier[0].text
    assert list(cases[("buona.txt", "courier-blame")]) == []
    assert cases[("rotta.txt", "(lettura del file)")].find("error").get("message") == "rotta.txt: binary file, not text"
    for element in (root, *suites.values()):  # every level counts testcases
        testcases = list(element.iter("testcase"))
        assert int(element.get("tests")) == len(testcases)
        assert int(element.get("failures")) == sum(1 for c in testcases if c.find("failure") is not None)
        assert int(element.get("errors")) == sum(1 for c in testcases if c.find("error") is not None)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "1")


def test_junit_findings_below_fail_on_are_listed_but_do_not_fail(cli, project):
    write(project, "bozza.txt", BAD)
    root = ET.fromstring(cli("bozza.txt", "--output-format", "junit", "--fail-on", "error", *SELECTED).stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["courier-blame"].find("failure") is not None
    quale = cases["quale-apostrophe"]  # a warning, below --fail-on error
    assert quale.find("failure") is None
    assert "bozza.txt:3:1  avviso  quale-apostrophe" in quale.find("system-out").text
    assert root.get("failures") == "1"


def test_junit_stays_well_formed_with_characters_xml_cannot_hold():
    from scusa_lint.renderers.junit import render_junit

    report = Report(findings=[finding(message="a\x0cb <&> \"c\" \ud800")], files=1, paths=["a.txt"])
    out = io.StringIO()
    render_junit(report, out)
    failure = ET.fromstring(out.getvalue()).find(".//failure")
    assert failure.get("message") == "a.txt:1:1 r: ab <&> \"c\" "


# --- GitLab Code Quality --------------------------------------------------------------------

def gitlab_of(cli, *args) -> list[dict]:
    return json.loads(cli(*args, "--output-format", "gitlab").stdout)


def test_gitlab_report_has_the_code_quality_fields(cli, project):
    write(project, "macro/bozza.txt", BAD)
    issues = gitlab_of(cli, "./macro/bozza.txt", *SELECTED)
    assert [i["check_name"] for i in issues] == ["courier-blame", "quale-apostrophe"]
    courier, quale = issues
    assert courier["severity"] == "major" and quale["severity"] == "minor"
    assert courier["location"] == {"path": "macro/bozza.txt", "lines": {"begin": 2, "end": 2}}
    assert courier["description"].startswith("Non attribuisca la colpa al corriere")
    assert len({i["fingerprint"] for i in issues}) == 2


def test_gitlab_fingerprints_survive_a_line_inserted_above(cli, project):
    text = "Qual'è il motivo?\nIl ritardo è colpa del corriere.\nE qual'è la data?\nQual'è il motivo?\n"
    draft = write(project, "bozza.txt", text)
    before = gitlab_of(cli, "bozza.txt", *SELECTED)
    draft.write_text("Gentile cliente,\n\n" + text, encoding="utf-8")
    after = gitlab_of(cli, "bozza.txt", *SELECTED)
    assert [i["location"]["lines"]["begin"] for i in after] == [i["location"]["lines"]["begin"] + 2 for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert len({i["fingerprint"] for i in before}) == len(before)  # the same text twice: still two issues


def test_gitlab_fingerprint_changes_with_the_file_and_the_text(cli, project):
    write(project, "a.txt", "Qual'è il motivo?\n")
    write(project, "b.txt", "Qual'è il motivo?\n")
    write(project, "c.txt", "qual'è il motivo?\n")
    prints = [gitlab_of(cli, name, "--select", "quale-apostrophe")[0]["fingerprint"] for name in ("a.txt", "b.txt",
                                                                                               "c.txt")]
    assert len(set(prints)) == 3


# --- --output-file and SCUSA_LINT_OUTPUT_FORMAT ---------------------------------------------

def test_output_file_receives_the_report_and_stdout_stays_empty(cli, project):
    write(project, "bozza.txt", BAD)
    (project / "out").mkdir()
    result = cli("bozza.txt", "--output-format", "sarif", "--output-file", "out/report.sarif", *SELECTED)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "1 file controllato: 2 segnalazioni (1 errore, 1 avviso).\n"  # for the CI log
    sarif = json.loads((project / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2
    assert [p.name for p in (project / "out").iterdir()] == ["report.sarif"]  # no temporary file left


def test_output_file_in_text_format_has_no_colour_and_keeps_the_statistics(cli, project):
    write(project, "bozza.txt", BAD)
    result = cli("bozza.txt", "-o", "report.txt", "--statistics", *SELECTED)
    assert result.exit_code == 1 and result.stdout == ""
    report = (project / "report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in report
    assert "bozza.txt:2:14  errore  courier-blame" in report and "Segnalazioni per regola" in report


def test_output_file_in_a_missing_folder_is_a_one_line_error_before_the_run(cli, project):
    write(project, "bozza.txt", BAD)
    result = cli("bozza.txt", "--output-file", "manca/report.json", *SELECTED)
    assert result.exit_code == 2
    assert result.stderr == "scusa-lint: manca/report.json: folder manca does not exist\n"
    assert result.stdout == ""


def test_output_format_comes_from_the_environment(cli, project, monkeypatch):
    write(project, "bozza.txt", BAD)
    monkeypatch.setenv("SCUSA_LINT_OUTPUT_FORMAT", "json")
    payload = json.loads(cli("bozza.txt", *SELECTED).stdout)
    assert payload["summary"]["findings"] == 2
    assert cli("bozza.txt", "--output-format", "gitlab", *SELECTED).stdout.lstrip().startswith("[")  # option wins
    monkeypatch.setenv("SCUSA_LINT_OUTPUT_FORMAT", "xml")
    result = cli("bozza.txt", *SELECTED)
    assert result.exit_code == 2
    assert "SCUSA_LINT_OUTPUT_FORMAT" in result.stderr or "--output-format" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "junit", "github"])
def test_machine_formats_keep_stdout_machine_readable_with_statistics(cli, project, fmt):
    write(project, "bozza.txt", BAD)
    result = cli("bozza.txt", "--output-format", fmt, "--statistics", *SELECTED)
    if fmt == "junit":
        ET.fromstring(result.stdout)
    elif fmt == "github":
        assert all(line.startswith("::") for line in result.stdout.splitlines())
    else:
        json.loads(result.stdout)
    assert "Segnalazioni per regola" in result.stderr


# --- progress -------------------------------------------------------------------------------

class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("files", "tty", "environ", "expected"), [
    (6, True, {}, True),
    (5, True, {}, False),  # a few files: no bar
    (6, False, {}, False),  # piped or redirected
    (6, True, {"CI": "true"}, False),
    (6, True, {"CI": "1"}, False),
    (6, True, {"CI": "false"}, True),
    (6, True, {"TERM": "dumb"}, False),
])
def test_progress_bar_only_for_a_person_watching_many_files(files, tty, environ, expected):
    assert wants_progress(files, Stream(tty), environ) is expected


def test_progress_bar_is_silent_when_not_wanted():
    stream = Stream(False)
    with progress_bar(50, stream, {}) as tick:
        tick(10)
    assert stream.getvalue() == ""
