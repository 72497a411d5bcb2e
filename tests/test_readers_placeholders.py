"""Placeholders of helpdesk template languages: found, masked as a name or blanked, and reported
in drafts (any) and templates (broken ones only)."""

from __future__ import annotations

import pytest

from readers_support import brief, reader_linter
from scusa_lint.document import DocumentBuilder
from scusa_lint.placeholders import find_placeholders


@pytest.mark.parametrize(("text", "expected"), [
    ("Gentile {{ticket.requester.first_name}},", [("value", "{{ticket.requester.first_name}}")]),
    ("{{{ nome }}}", [("value", "{{{ nome }}}")]),
    ("{{ nome | default: \"cliente\" }}", [("value", "{{ nome | default: \"cliente\" }}")]),
    ("{%customer.firstName,fallback=cliente%}", [("value", "{%customer.firstName,fallback=cliente%}")]),
    ("{!Contact.FirstName}", [("value", "{!Contact.FirstName}")]),
    ("${Contacts.First Name}", [("value", "${Contacts.First Name}")]),
    ('<attribute key="first_name" default="cliente"/>', [("value", '<attribute key="first_name" default="cliente"/>')]),
    ("*|FNAME|* e %NOME%", [("value", "*|FNAME|*"), ("value", "%NOME%")]),
    ("{% if vip %}a{% elsif x %}b{% else %}c{% endif %}",
     [("control", "{% if vip %}"), ("control", "{% elsif x %}"), ("control", "{% else %}"),
      ("control", "{% endif %}")]),
    ("{%- for x in y -%}{%- endfor -%}", [("control", "{%- for x in y -%}"), ("control", "{%- endfor -%}")]),
    ("{{#if vip}}a{{else}}b{{/if}}{{> firma}}",
     [("control", "{{#if vip}}"), ("control", "{{else}}"), ("control", "{{/if}}"), ("control", "{{> firma}}")]),
    ("{# nota #}{{! nota }}{{!-- nota --}}",
     [("comment", "{# nota #}"), ("comment", "{{! nota }}"), ("comment", "{{!-- nota --}}")]),
    ("{% comment %}ci scusiamo{% endcomment %}", [("comment", "{% comment %}ci scusiamo{% endcomment %}")]),
    ("Gentile {{nome},", [("broken", "{{nome}")]),
    ("Gentile {nome}}", [("broken", "{nome}}")]),
    ("Gentile {{{nome}}", [("broken", "{{{nome}}")]),
    ("Gentile {{nome}}}", [("broken", "{{nome}}}")]),
    ("{% if vip", [("broken", "{%")]),
    ("Gentile ${nome", [("broken", "${nome")]),
    ("Il 10% di sconto e il 5% di cashback, senza segnaposto", []),
    ("Ciao {firstname}, il tuo ordine", [("value", "{firstname}")]),
    ("Iscritto alla lista %(listname)s da %(owner)s", [("value", "%(listname)s"), ("value", "%(owner)s")]),
    ("Il ticket %{ticket.title} è chiuso", [("value", "%{ticket.title}")]),
    ("Oggetto: %%SUBJECT%%", [("value", "%%SUBJECT%%")]),
    ("Gentile {nome}}", [("broken", "{nome}}")]),
])
def test_placeholder_syntaxes(text, expected):
    assert [(p.kind, p.raw) for p in find_placeholders(text)] == expected


def _prose(text: str) -> str:
    builder = DocumentBuilder("<t>", text, template=True)
    builder.add(text, 0)
    return builder.build().text


def test_value_placeholders_read_as_a_name_and_tags_as_nothing():
    assert _prose("Gentile {{ticket.requester.first_name}},") == "Gentile Nome,"
    assert _prose("Ciao {%customer.firstName,fallback=cliente%}!") == "Ciao Nome!"
    assert _prose("{% if vip %}Caro cliente{% endif %}") == " " * 12 + "Caro cliente" + " " * 11
    assert _prose("A{# nota interna #}B") == "A" + " " * len("{# nota interna #}") + "B"


def test_drafts_report_every_placeholder_and_gap(tmp_path):
    path = tmp_path / "bozza.txt"
    path.write_text("Gentile {{ticket.requester.first_name}},\nil pacco XXX arriva.\n{{nome}\n", encoding="utf-8")
    assert brief(reader_linter().findings(path)) == [
        (None, 1, 9, 1, 40, "t-gap", "{{ticket.requester.first_name}}"),
        (None, 2, 10, 2, 13, "t-gap", "XXX"),
        (None, 3, 1, 3, 8, "t-gap", "{{nome}"),
    ]


def test_templates_report_only_broken_placeholders(tmp_path):
    path = tmp_path / "macro" / "modello.txt"
    path.parent.mkdir()
    path.write_text("Gentile {{ticket.requester.first_name}},\nil pacco XXX arriva.\n{{nome}\n", encoding="utf-8")
    config = {"template-paths": ["macro/*.txt"]}
    assert brief(reader_linter().findings(path, config, root=tmp_path)) == [(None, 3, 1, 3, 8, "t-gap", "{{nome}")]


def test_every_branch_of_a_condition_is_checked(tmp_path):
    path = tmp_path / "modello.txt"
    path.write_text("{% if vip %}Ci scusiamo, caro cliente.{% else %}Ci scusiamo per il ritardo.{% endif %}\n",
                    encoding="utf-8")
    found = brief(reader_linter().findings(path, {"template-paths": ["*.txt"]}, root=tmp_path))
    assert found == [
        (None, 1, 13, 1, 24, "t-scuse", "Ci scusiamo"),
        (None, 1, 49, 1, 60, "t-scuse", "Ci scusiamo"),
        (None, 1, 68, 1, 75, "t-ritardo", "ritardo"),
    ]


def test_text_inside_a_liquid_comment_block_is_not_checked(tmp_path):
    path = tmp_path / "modello.txt"
    path.write_text("{% comment %}ci scusiamo{% endcomment %}Grazie.\n", encoding="utf-8")
    assert brief(reader_linter().findings(path, {"template-paths": ["*.txt"]}, root=tmp_path)) == []
