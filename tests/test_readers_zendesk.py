"""Zendesk macro exports (JSON): one document per macro, positions inside the JSON strings."""

from __future__ import annotations

import json

import pytest

from readers_support import EXAMPLES, brief, reader_linter, source_text
from scusa_lint.errors import InputError

EXPORT = EXAMPLES / "zendesk-macros.json"
SHIPPING = "Spedizioni::Consegna in ritardo"
REFUND = "Resi::Rimborso approvato"
PASSWORD = "Account::Password dimenticata (vecchia)"


def test_every_macro_is_a_document_titled_by_the_macro():
    docs = reader_linter().documents(EXPORT)
    assert [d.title for d in docs] == [SHIPPING, REFUND, PASSWORD]
    assert all(d.template and not d.fixable for d in docs)


def test_findings_name_the_macro_and_point_into_the_json_value():
    found = brief(reader_linter().findings(EXPORT))
    assert found == [
        (SHIPPING, 16, 59, 16, 66, "t-ritardo", "ritardo"),  # the "subject" action
        (SHIPPING, 20, 86, 20, 97, "t-scuse", "ci scusiamo"),  # after \n\n and \u00c8 on the same line
        (SHIPPING, 20, 105, 20, 112, "t-ritardo", "ritardo"),
        (REFUND, 45, 22, 45, 52, "t-gap", "{{ticket.requester.first_name}"),  # broken placeholder
        (REFUND, 45, 198, 45, 209, "t-scuse", "ci scusiamo"),  # inside the {% else %} branch
        (PASSWORD, 73, 198, 73, 209, "t-scuse", "ci scusiamo"),  # comment_value_html, after &laquo;/&raquo;
    ]
    for _title, line, column, _end_line, end_column, _rule, words in found:
        assert source_text(EXPORT, line, column, end_column) == words


def test_subject_then_comment_with_placeholders_masked_as_a_name():
    first = reader_linter().documents(EXPORT)[0]
    assert first.text.startswith("Il Suo ordine Nome è in ritardo\n\n")
    assert "Gentile Nome,\n\nÈ colpa nostra: ci scusiamo" in first.text
    assert [p.raw for p in first.placeholders] == [
        "{{ticket.id}}", "{{ticket.requester.first_name}}", "{{current_user.first_name}}"]


def test_channel_array_form_and_both_liquid_branches_are_read():
    refund = reader_linter().documents(EXPORT)[1]
    assert "channel:all" not in refund.text
    assert "grazie per essere cliente Premium" in refund.text  # the {% if %} branch
    assert "ci scusiamo per l'attesa" in refund.text  # the {% else %} branch
    assert "{%" not in refund.text and "premium" not in refund.text  # the tags themselves are blanked
    assert [p.kind for p in refund.placeholders] == ["broken", "control", "control", "control"]


def test_html_comment_value_is_read_as_html():
    password = reader_linter().documents(EXPORT)[2]
    assert password.text == ("Gentile Nome,\n\nper reimpostare la password usi il link «Password dimenticata?» "
                             "nella pagina di accesso.\n\nSe il link non arriva, ci scusiamo: ci scriva e la "
                             "aiutiamo noi.")


def test_inactive_macros_are_skipped_when_configured():
    docs = reader_linter().documents(EXPORT, {"lint-inactive": False})
    assert [d.title for d in docs] == [SHIPPING, REFUND]


def test_single_macro_form(tmp_path):
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    path = tmp_path / "macro.json"
    path.write_text(json.dumps({"macro": data["macros"][1]}, indent=2, ensure_ascii=False), encoding="utf-8")
    found = brief(reader_linter().findings(path))
    assert [(f[0], f[5], f[6]) for f in found] == [
        (REFUND, "t-gap", "{{ticket.requester.first_name}"), (REFUND, "t-scuse", "ci scusiamo")]
    for _title, line, column, _end_line, end_column, _rule, words in found:
        assert source_text(path, line, column, end_column) == words


def test_minified_export_maps_to_columns_of_the_single_line(tmp_path):
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    path = tmp_path / "minified.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII escapes everywhere, one line
    found = brief(reader_linter().findings(path))
    assert len(found) == 6 and {f[1] for f in found} == {1}
    for _title, line, column, _end_line, end_column, _rule, words in found:
        assert source_text(path, line, column, end_column) == words


def test_untitled_macro_is_named_by_its_id(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"macros": [{"id": 77, "actions": [{"field": "comment_value", "value": "ci scusiamo"}]}]}',
                    encoding="utf-8")
    assert brief(reader_linter().findings(path)) == [("macro 77", 1, 73, 1, 84, "t-scuse", "ci scusiamo")]


def test_formats_setting_reads_any_file_as_zendesk(tmp_path):
    path = tmp_path / "export" / "macros.data"
    path.parent.mkdir()
    path.write_text(EXPORT.read_text(encoding="utf-8"), encoding="utf-8")
    docs = reader_linter().documents(path, {"formats": {"export/*.data": "zendesk"}}, root=tmp_path)
    assert [d.title for d in docs] == [SHIPPING, REFUND, PASSWORD]


def test_forcing_zendesk_on_other_data_is_a_clear_error(tmp_path):
    path = tmp_path / "canned.json"
    path.write_text('[{"title": "Ciao", "content": "ci scusiamo"}]', encoding="utf-8")
    with pytest.raises(InputError) as error:
        reader_linter().documents(path, {"formats": {"canned.json": "zendesk"}}, root=tmp_path)
    assert error.value.cause == "no Zendesk macros found: no template has 'actions' with 'field' and 'value'"


def test_example_copy_is_the_tested_fixture():
    assert (EXAMPLES / "zendesk-macros.json").read_bytes() == EXPORT.read_bytes()
