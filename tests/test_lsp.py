"""``scusa-lint lsp`` driven as an editor drives it: initialize, open, change, code action, shutdown."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import write
from lspclient import LspClient


def _apply(text: str, edit: dict) -> str:
    lines = text.splitlines(keepends=True)
    start, end = edit["range"]["start"], edit["range"]["end"]

    def offset(pos):  # these tests' texts are in the Basic Multilingual Plane: UTF-16 = code points
        return sum(len(line) for line in lines[:pos["line"]]) + pos["character"]

    return text[:offset(start)] + edit["newText"] + text[offset(end):]


@pytest.fixture
def editor(tiny_config: Path):
    client = LspClient([sys.executable, "-m", "scusa_lint", "lsp"], cwd=str(tiny_config))
    result = client.request("initialize", {"processId": None, "rootUri": tiny_config.as_uri(), "capabilities": {}})
    assert result["capabilities"]["codeActionProvider"] and result["capabilities"]["hoverProvider"]
    client.send("initialized", {})
    yield client
    assert client.close() == 0


def test_diagnostics_on_open_and_change_and_an_applied_fix(editor, tiny_config):
    path = write(tiny_config, "bozza.txt", "Gentile cliente,\nMi dica qual'è il problema.\n")
    uri, text = path.as_uri(), path.read_text(encoding="utf-8")
    editor.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                          "text": text}})
    published = editor.diagnostics(uri)
    [quale] = published["diagnostics"]
    assert quale["code"] == "quale-apostrophe" and quale["severity"] == 2 and quale["source"] == "scusa-lint"
    assert quale["range"] == {"start": {"line": 1, "character": 8}, "end": {"line": 1, "character": 14}}
    assert "senza apostrofo" in quale["message"] and "qual è" in quale["message"]

    hover = editor.request("textDocument/hover",
                           {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 10}})
    # `explain` of the rule: its id, hint and bad example
    assert all(part in hover["contents"]["value"] for part in ("quale-apostrophe", "Scriva «qual è».",
                                                                 "Qual'è il problema?"))

    # A change adds a second finding; after the debounce the diagnostics follow the new text.
    text = "È colpa del corriere.\n" + text
    editor.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                           "contentChanges": [{"text": text}]})
    published = editor.diagnostics(uri)
    assert published["version"] == 2
    assert sorted(d["code"] for d in published["diagnostics"]) == ["courier-blame", "quale-apostrophe"]
    quale = next(d for d in published["diagnostics"] if d["code"] == "quale-apostrophe")

    actions = editor.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": quale["range"], "context": {"diagnostics": [quale]}})
    [action] = actions
    [edit] = action["edit"]["changes"][uri]
    fixed = _apply(text, edit)
    assert fixed == "È colpa del corriere.\nGentile cliente,\nMi dica qual è il problema.\n"

    editor.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                           "contentChanges": [{"text": fixed}]})
    assert [d["code"] for d in editor.diagnostics(uri)["diagnostics"]] == ["courier-blame"]


ZENDESK_JSON = json.dumps({"macros": [{"title": "Ritardo", "actions": [
    {"field": "comment_value", "value": "Salve, 😀 è colpa del corriere."}]}]}, indent=2)
ZENDESK_YAML = """title: Ritardo
actions:
- field: comment_value_html
  value: |
    <p>Salve, 😀 è <b>colpa del</b> corriere.</p>
"""


@pytest.mark.parametrize(("name", "text"), [
    ("bozza.txt", "Salve,\n😀 è colpa del corriere.\n"),
    ("bozza.md", "# Pacco\n\nSalve, 😀 è *colpa del* corriere.\n"),
    ("bozza.html", "<p>Salve,</p>\n<p>😀 è <b>colpa del</b> corriere.</p>\n"),
    ("macros.json", ZENDESK_JSON),
    ("ritardo.yml", ZENDESK_YAML),
])
def test_positions_are_those_of_the_source_file(editor, tiny_config, name, text):
    """The diagnostic covers the words in the file itself (UTF-16 columns: the emoji counts two)."""
    path = write(tiny_config, name, text)
    uri = path.as_uri()
    editor.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                          "text": text}})
    [blame] = [d for d in editor.diagnostics(uri)["diagnostics"] if d["code"] == "courier-blame"]
    start, end = blame["range"]["start"], blame["range"]["end"]
    assert start["line"] == end["line"]
    line = text.splitlines()[start["line"]].encode("utf-16-le")
    covered = line[2 * start["character"]:2 * end["character"]].decode("utf-16-le")
    assert covered in ("colpa del corriere", "colpa del* corriere", "colpa del</b> corriere")


def test_no_quick_fix_rewrites_a_json_export(editor, tiny_config):
    """JSON escaping is not the prose the fix was made for: exports are never rewritten."""
    export = json.dumps({"macros": [{"title": "Ordine", "actions": [
        {"field": "comment_value", "value": "Salve, qual'è il numero?"}]}]})
    path = write(tiny_config, "macros.json", export)
    editor.send("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "json", "version": 1,
                                                          "text": export}})
    [quale] = editor.diagnostics(path.as_uri())["diagnostics"]
    assert editor.request("textDocument/codeAction", {"textDocument": {"uri": path.as_uri()}, "range": quale["range"],
                                                      "context": {"diagnostics": [quale]}}) in (None, [])


def test_a_file_that_cannot_be_read_is_one_log_line_and_the_server_goes_on(editor, tiny_config):
    broken = write(tiny_config, "macros.json", '{"macros": [')
    editor.send("textDocument/didOpen", {"textDocument": {"uri": broken.as_uri(), "languageId": "json",
                                                          "version": 1, "text": '{"macros": ['}})
    log = editor.wait_for(lambda m: m.get("method") == "window/logMessage")
    assert str(broken) in log["params"]["message"] and "\n" not in log["params"]["message"]
    assert editor.diagnostics(broken.as_uri())["diagnostics"] == []
    draft = write(tiny_config, "bozza.txt", "È colpa del corriere.\n")
    editor.send("textDocument/didOpen", {"textDocument": {"uri": draft.as_uri(), "languageId": "plaintext",
                                                          "version": 1, "text": draft.read_text(encoding="utf-8")}})
    assert [d["code"] for d in editor.diagnostics(draft.as_uri())["diagnostics"]] == ["courier-blame"]
