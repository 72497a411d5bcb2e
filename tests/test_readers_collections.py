"""Template collections in YAML or JSON: GitLab-style macro folders, Freshdesk, Help Scout, Gorgias,
Front, and fields named in the configuration."""

from __future__ import annotations

import pytest

from readers_support import EXAMPLES, brief, reader_linter, source_text
from scusa_lint.errors import ConfigError, InputError
from scusa_lint.readers.structured import load
from scusa_lint.readers.templates import detect

GITLAB = EXAMPLES / "macros-gitlab"


def _check_underlines(path, found):
    for _title, line, column, end_line, end_column, _rule, words in found:
        assert line == end_line
        assert source_text(path, line, column, end_column) == words


def test_gitlab_macro_with_literal_html_block():
    path = GITLAB / "spedizioni-ritardo.yml"
    found = brief(reader_linter().findings(path))
    assert found == [
        ("Spedizioni::Ritardo nella consegna", 9, 40, 9, 51, "t-scuse", "ci scusiamo"),  # quoted subject
        ("Spedizioni::Ritardo nella consegna", 9, 59, 9, 66, "t-ritardo", "ritardo"),
        ("Spedizioni::Ritardo nella consegna", 13, 8, 13, 19, "t-scuse", "ci scusiamo"),  # line 2 of the | block
    ]
    _check_underlines(path, found)
    doc = reader_linter().documents(path)[0]
    # The HTML inside the block scalar: entities decoded, lines of one <p> joined, <br> ends a line.
    assert "L'errore è nostro, non del corriere." in doc.text
    assert "nel nostro magazzino" in doc.text and "<p>" not in doc.text


def test_gitlab_macro_with_folded_block_and_liquid_branches():
    path = GITLAB / "resi-prodotto-danneggiato.yml"
    found = brief(reader_linter().findings(path))
    assert found == [
        ("Resi::Prodotto arrivato danneggiato", 11, 5, 11, 16, "t-scuse", "ci scusiamo"),
        ("Resi::Prodotto arrivato danneggiato", 15, 5, 15, 12, "t-ritardo", "ritardo"),  # {% else %} branch
    ]
    _check_underlines(path, found)
    doc = reader_linter().documents(path)[0]
    assert "l'imballo che abbiamo usato non era adatto." in doc.text  # folded: one line in the value
    assert "Il vaso nuovo parte domani." in doc.text and "Il rimborso arriva" in doc.text


def test_gitlab_macro_with_double_quoted_escapes_inactive_and_template_gaps():
    path = GITLAB / "account-cambio-email.yml"
    found = brief(reader_linter().findings(path))
    # "XXX" would be a gap in a draft; a macro is a template, so only broken placeholders count.
    assert found == [("Account::Cambio indirizzo e-mail", 10, 64, 10, 75, "t-scuse", "Ci scusiamo")]
    _check_underlines(path, found)
    assert reader_linter().documents(path, {"lint-inactive": False}) == []


def test_the_whole_gitlab_folder_gives_one_document_per_file():
    titles = [doc.title for path in sorted(GITLAB.glob("*.yml")) for doc in reader_linter().documents(path)]
    assert titles == ["Account::Cambio indirizzo e-mail", "Resi::Prodotto arrivato danneggiato",
                      "Spedizioni::Ritardo nella consegna"]


def test_freshdesk_reads_content_html_and_falls_back_to_content():
    path = EXAMPLES / "freshdesk.json"
    found = brief(reader_linter().findings(path))
    assert found == [
        ("Rimborso in ritardo", 7, 87, 7, 98, "t-scuse", "ci scusiamo"),  # content_html, not the duplicate content
        ("Rimborso in ritardo", 7, 106, 7, 113, "t-ritardo", "ritardo"),
        ("Fattura da correggere", 18, 87, 18, 98, "t-scuse", "Ci scusiamo"),  # only "content" here
    ]
    _check_underlines(path, found)


def test_helpscout_body_with_fallback_placeholders():
    path = EXAMPLES / "helpscout.json"
    found = brief(reader_linter().findings(path))
    assert found == [("Abbonamento addebitato due volte", 5, 91, 5, 102, "t-scuse", "ci scusiamo")]
    _check_underlines(path, found)
    docs = reader_linter().documents(path)
    assert docs[0].text.startswith("Ciao Nome,\n\nci scusiamo:")  # {%customer.firstName,fallback=...%} is a name
    assert docs[1].text == "Ciao Nome,\n\nle fatture sono nella pagina Account > Pagamenti."


def test_helpscout_api_text_field(tmp_path):
    path = tmp_path / "saved-replies.json"
    path.write_text('[{"id": 1, "name": "Scuse", "text": "Ci scusiamo.<br /><br />A presto",'
                    ' "chatText": "ci scusiamo"}]', encoding="utf-8")
    assert brief(reader_linter().findings(path)) == [("Scuse", 1, 38, 1, 49, "t-scuse", "Ci scusiamo")]


def test_gorgias_macro_arguments():
    path = EXAMPLES / "gorgias-macros.json"
    found = brief(reader_linter().findings(path))
    assert found == [("Pacco smarrito", 14, 66, 14, 77, "t-scuse", "ci scusiamo")]  # body_text preferred
    _check_underlines(path, found)


def test_front_subject_and_html_body():
    path = EXAMPLES / "front-templates.json"
    found = brief(reader_linter().findings(path))
    assert found == [
        ("Appuntamento spostato", 9, 51, 9, 62, "t-scuse", "ci scusiamo"),
        ("Appuntamento spostato", 10, 65, 10, 76, "t-scuse", "ci scusiamo"),
    ]
    _check_underlines(path, found)


@pytest.mark.parametrize(("name", "preset"), [
    ("zendesk-macros.json", "zendesk"),
    ("macros-gitlab/spedizioni-ritardo.yml", "zendesk"),
    ("freshdesk.json", "freshdesk"),
    ("helpscout.json", "helpscout"),
    ("gorgias-macros.json", "gorgias"),
    ("front-templates.json", "front"),
])
def test_presets_are_recognised_from_the_data(name, preset):
    path = EXAMPLES / name
    assert detect(load(str(path), path.read_text(encoding="utf-8"))).name == preset


def test_custom_collection_fields_from_the_configuration(tmp_path):
    path = tmp_path / "risposte.yml"
    path.write_text(
        "risposte:\n"
        "  - nome: Ritardo\n"
        "    oggetto: Il Suo ordine\n"
        "    corpo: |\n"
        "      Gentile cliente,\n"
        "      ci scusiamo per il ritardo.\n"
        "    firma_html: '<p>ci scusiamo &amp; grazie</p>'\n"
        "  - nome: Senza testo\n", encoding="utf-8")
    config = {"collection": {"items": "risposte", "title": "nome", "fields": ["oggetto", "corpo", "firma_html"]}}
    found = brief(reader_linter().findings(path, config))
    assert found == [
        ("Ritardo", 6, 7, 6, 18, "t-scuse", "ci scusiamo"),
        ("Ritardo", 6, 26, 6, 33, "t-ritardo", "ritardo"),
        ("Ritardo", 7, 21, 7, 32, "t-scuse", "ci scusiamo"),
    ]
    _check_underlines(path, found)
    docs = reader_linter().documents(path, config)
    assert docs[0].text.endswith("ci scusiamo & grazie")  # firma_html is read as HTML
    assert len(docs) == 1  # an item without any of the fields is not a template


def test_collection_format_without_the_table_is_an_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("- nome: a\n", encoding="utf-8")
    with pytest.raises(InputError, match="format 'collection' needs a 'collection' table"):
        reader_linter().documents(path, {"formats": {"x.yml": "collection"}}, root=tmp_path)


@pytest.mark.parametrize(("table", "message"), [
    ({"fields": ["a"], "campi": ["b"]}, "key 'collection': unknown key 'campi'"),
    ({"fields": "corpo"}, "key 'collection.fields' must be a list of strings"),
    ({"title": "nome"}, "key 'collection' needs 'fields'"),
])
def test_collection_table_is_validated(table, message):
    with pytest.raises(ConfigError, match=message):
        reader_linter().settings({"collection": table})


def test_data_that_is_not_a_template_collection_is_a_clear_error(tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "negozio", "version": "1.0.0", "scripts": {"test": "jest"}}', encoding="utf-8")
    with pytest.raises(InputError) as error:
        reader_linter().documents(path)
    assert error.value.cause.startswith("not a template collection: no Zendesk macros, Freshdesk canned responses")


@pytest.mark.parametrize(("name", "text", "where", "cause"), [
    ("rotto.json", '{"macros": [\n  {"title": "a",}\n]}', "{path}:2:17",
     "invalid JSON: expecting property name enclosed in double quotes"),
    ("rotto.json", '{"macros": [', "{path}:1:13", "invalid JSON: expecting value"),
    ("rotto.yml", "title: a\nactions:\n- field: subject\n  value: 'non chiuso\n", "{path}:5:1",
     "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
    ("rotto.yml", "title: a\n  actions: b: c\n", "{path}:2:10", "invalid YAML: mapping values are not allowed here"),
])
def test_syntax_errors_name_line_and_column(tmp_path, name, text, where, cause):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        reader_linter().documents(path)
    assert (error.value.where, error.value.cause) == (where.format(path=path), cause)


def test_an_empty_export_has_no_documents_but_a_file_without_templates_is_an_error(tmp_path):
    empty = tmp_path / "vuoto.json"
    empty.write_text('{"macros": [], "count": 0}', encoding="utf-8")
    assert reader_linter().documents(empty) == []
    scalar = tmp_path / "testo.yml"
    scalar.write_text("solo una frase\n", encoding="utf-8")
    with pytest.raises(InputError, match="no Freshdesk canned responses found"):
        reader_linter().documents(scalar, {"formats": {"testo.yml": "freshdesk"}}, root=tmp_path)


def test_custom_html_fields_may_be_named_by_path(tmp_path):
    path = tmp_path / "modelli.json"
    path.write_text('[{"nome": "A", "corpo": {"testo": "<p>ci scusiamo &egrave; tutto</p>"}}]', encoding="utf-8")
    config = {"formats": {"modelli.json": "collection"},
              "collection": {"title": "nome", "fields": ["corpo.testo"], "html": ["corpo.testo"]}}
    docs = reader_linter().documents(path, config, root=tmp_path)
    assert [(d.title, d.text) for d in docs] == [("A", "ci scusiamo è tutto")]
