"""Where findings point, in every format: spans that end on an escape end after it, a whole line of a
CRLF file stops before its \\r, carets sit under the flagged text whatever the characters' width,
and the summary and statistics say what happened in Italian."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from rich.cells import cell_len

from conftest import write

HTML = "<p>Gentile cliente,<br>ci scusiamo perch&egrave; il pacco &egrave; in ritardo.</p>\n"
ZENDESK = ('{"macros": [{"title": "Ritardo", "actions": [{"field": "comment_value", '
           '"value": "Ci scusiamo perch\\u00e8 il pacco \\u00e8 in ritardo."}]}]}\n')


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCUSA_LINT_OUTPUT_FORMAT", raising=False)
    return tmp_path


def run(cli, name: str, fmt: str, *more: str) -> str:
    result = cli(name, "--isolated", "--select", "spelling", "--output-format", fmt, *more)
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.mark.parametrize(("name", "content", "escape"), [
    ("reply.html", HTML, "perch&egrave;"),
    ("macros.json", ZENDESK, "perch\\u00e8"),
    ("reply.md", "Ci scusiamo *davvero* perch&egrave; il pacco &egrave; in ritardo.\n", "perch&egrave;"),
])
def test_a_span_ending_on_an_escape_ends_after_it_in_every_format(cli, project, name, content, escape):
    write(project, name, content)
    start = content.index(escape) + 1
    end = start + len(escape)
    finding = json.loads(run(cli, name, "json"))["findings"][0]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, start, 1, end)
    region = json.loads(run(cli, name, "sarif"))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"], region["snippet"]["text"]) == (start, end, escape)
    assert f"col={start},endLine=1,endColumn={end}," in run(cli, name, "github")
    assert run(cli, name, "concise").startswith(f"{name}:1:{start}: errore spelling ")
    excerpt = run(cli, name, "text").splitlines()[1:3]
    assert excerpt[1].index("^") - (excerpt[0].index("| ") + 2) == start - 1
    assert excerpt[1].count("^") == len(escape)


def test_entities_in_an_html_field_of_a_json_export_end_after_the_entity(cli, project):
    source = ('{"macros": [{"title": "R", "actions": [{"field": "comment_value_html", '
              '"value": "<p>Ci scusiamo perch&egrave; il pacco &egrave; in ritardo.</p>"}]}]}\n')
    write(project, "macros.json", source)
    finding = json.loads(run(cli, "macros.json", "json"))["findings"][0]
    assert source[finding["column"] - 1:finding["end_column"] - 1] == "perch&egrave;"


def test_placeholder_written_with_entities_spans_them_whole(cli, project):
    write(project, "reply.html", "<p>Gentile &lt;NOME CLIENTE&gt;, ci scusiamo per il ritardo.</p>\n")
    result = cli("reply.html", "--isolated", "--select", "placeholder-unfilled", "--output-format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["column"], finding["end_column"]) == (12, 12 + len("&lt;NOME CLIENTE&gt;"))


def test_a_whole_line_finding_on_a_crlf_file_stops_before_the_carriage_return(cli, tiny_config):
    draft = write(tiny_config, "crlf.txt", b"Il Suo ordine \xc3\xa8 in ritardo.\r\nCordiali saluti.\r\n")
    result = cli(str(draft), "--select", "apology-required", "--output-format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        1, 1, 1, len("Il Suo ordine è in ritardo.") + 1)
    text = cli(str(draft), "--select", "apology-required").stdout.splitlines()
    assert text[2].count("^") == len("Il Suo ordine è in ritardo.")


@pytest.mark.parametrize("prefix", ["🙂🙂 ", "客服回复：", "e\u0301 "])  # emoji, CJK, a combining accent
def test_carets_sit_under_the_flagged_words_whatever_the_characters_width(cli, tiny_config, prefix):
    line = f"{prefix}Il ritardo è colpa del corriere. Ci scusiamo."
    draft = write(tiny_config, "w.txt", line + "\n")
    excerpt = cli(str(draft), "--select", "courier-blame").stdout.splitlines()[1:3]
    text_start = excerpt[0].index("| ") + 2
    assert excerpt[0][text_start:] == line
    flagged = line.index("colpa del corriere")
    carets = excerpt[1][text_start:]
    assert cell_len(carets[:carets.index("^")]) == cell_len(line[:flagged])
    assert carets.count("^") == len("colpa del corriere")


# --- the summary line, statistics and JUnit in Italian ------------------------------------------

def test_summary_line_wording(cli, tiny_config):
    write(tiny_config, "vuota/script.py", "print()\n")
    assert cli(str(tiny_config / "vuota")).stdout.strip() == "Nessun file controllato."
    broken = write(tiny_config, "rotto.txt", b"\x00binary")
    only_broken = cli(str(broken))
    assert only_broken.exit_code == 2
    assert only_broken.stdout.strip() == "Nessun file controllato, 1 non leggibile."
    missing = cli(str(broken), str(tiny_config / "manca.txt"), str(write(tiny_config, "ok.txt", "Ci scusiamo.\n")))
    assert missing.stdout.strip() == "1 file controllato, 2 non leggibili: nessuna segnalazione."


def test_statistics_print_the_levels_in_italian(cli, tiny_config):
    draft = write(tiny_config, "s.txt", "Colpa del corriere. Qual'è il motivo?\n")
    table = cli(str(draft), "--statistics").stdout.split("Segnalazioni per regola")[1]
    rows = [line.split() for line in table.splitlines() if line.strip()]
    assert rows[0] == ["n.", "regola", "livello"]
    assert sorted(row[1:] for row in rows[1:]) == [["courier-blame", "errore"], ["quale-apostrophe", "avviso"]]


def test_junit_counts_below_a_run_error(cli, tiny_config, monkeypatch):
    for name in ("LANGUAGETOOL_URL", "LTP_PATH"):
        monkeypatch.delenv(name, raising=False)
    draft = write(tiny_config, "a.txt", "Ci scusiamo.\n")
    root = ET.fromstring(cli(str(draft), "--select", "grammar", "--output-format", "junit").stdout)
    error_cases = [case for case in root.iter("testcase") if case.find("error") is not None]
    assert [case.get("name") for case in error_cases] == ["rule 'grammar'"]
    assert root.get("errors") == "1" and int(root.get("tests")) == len(list(root.iter("testcase")))
