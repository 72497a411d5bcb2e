"""Plain-text drafts: quoted replies and signatures are not linted; suppressions; placeholders."""

from __future__ import annotations

import json

from conftest import write


def findings(cli, path, *args):
    return [(f["line"], f["column"], f["rule"]) for f in
            json.loads(cli(str(path), "--output-format", "json", *args).stdout)["findings"]]


def test_quoted_reply_and_signature_are_not_linted(cli, tiny_config):
    draft = write(tiny_config, "reply.txt", (
        "Gentile signora Rossi,\n"
        "ci scusiamo per il ritardo: è stato un nostro errore.\n"
        "\n"
        "Il giorno lun 3 mar 2025 alle ore 10:12 Anna Rossi <anna.rossi@example.it>\n"
        "ha scritto:\n"
        "> Il pacco è in ritardo, colpa del corriere?\n"
        "> Qual'è il problema?\n"
        "\n"
        "-- \n"
        "Servizio clienti - colpa del corriere\n"
    ))
    assert findings(cli, draft) == []


def test_inline_reply_between_quotes_is_linted(cli, tiny_config):
    draft = write(tiny_config, "inline.txt", (
        "Il 3 marzo 2025, Anna Rossi ha scritto:\n"
        "> Dov'è il mio pacco?\n"
        "Purtroppo è colpa del corriere, ci scusiamo.\n"
        "> Grazie\n"
    ))
    assert findings(cli, draft) == [(3, 13, "courier-blame")]


def test_unmarked_quoted_message_runs_to_the_end(cli, tiny_config):
    draft = write(tiny_config, "top.txt", (
        "Ci scusiamo per il disguido.\n\n"
        "-----Messaggio originale-----\n"
        "Da: Anna\n"
        "È colpa del corriere? Qual'è il problema?\n"
    ))
    assert findings(cli, draft) == []


def test_outlook_header_block_starts_the_quoted_message(cli, tiny_config):
    draft = write(tiny_config, "outlook.txt", (
        "Ci scusiamo per il disguido.\n\n"
        "Da: Anna Rossi <anna@example.it>\n"
        "Inviato: lunedì 3 marzo 2025 10:12\n"
        "A: assistenza@example.it\n"
        "Oggetto: ritardo\n\n"
        "È colpa del corriere?\n"
    ))
    assert findings(cli, draft) == []


def test_suppression_directives(cli, tiny_config):
    draft = write(tiny_config, "supp.txt", (
        "Ci scusiamo. Colpa del corriere.\n"                 # 1: reported
        "<!-- scusa-lint: disable-next-line=courier-blame -->\n"
        "Colpa del corriere.\n"                              # 3: suppressed
        "Colpa del corriere.\n"                              # 4: reported
        "# scusa-lint: disable=courier-blame,quale-apostrophe\n"
        "Colpa del corriere. Qual'è?\n"                      # 6: suppressed
        "scusa-lint: enable=courier-blame\n"
        "Colpa del corriere. Qual'è?\n"                      # 8: only the apostrophe stays off
        "scusa-lint: disable=all\n"
        "Colpa del corriere. Qual'è?\n"                      # 10: everything off
    ))
    assert findings(cli, draft) == [(1, 14, "courier-blame"), (4, 1, "courier-blame"), (8, 1, "courier-blame")]


def test_directive_text_is_not_linted_as_prose(cli, tiny_config):
    draft = write(tiny_config, "dir.txt", "Ci scusiamo.\nscusa-lint: disable=quale-apostrophe\n")
    assert findings(cli, draft) == []


def test_placeholder_reads_as_a_name_and_columns_stay_right(cli, tiny_config):
    text = "Gentile {{ticket.requester.first_name}}, è colpa del corriere. Ci scusiamo.\n"
    draft = write(tiny_config, "tpl.txt", text)
    assert findings(cli, draft) == [(1, 44, "courier-blame")]


def test_typographic_apostrophe_matches_like_the_plain_one(cli, tiny_config):
    draft = write(tiny_config, "apo.txt", "Ci scusiamo. Qual\u2019è il problema?\n")
    assert findings(cli, draft) == [(1, 14, "quale-apostrophe")]


def test_broken_placeholder_says_it_is_broken_and_a_filled_template_is_clean(cli, tmp_path):
    project = tmp_path / "modelli"
    write(project, ".scusa-lint.toml", 'select = ["placeholder-unfilled"]\ntemplate-paths = ["*.txt"]\n')
    draft = write(project, "rotto.txt", "Gentile {{ticket.requester.name},\nil rimborso è partito.\n")
    write(project, "buono.txt", "Gentile {{ticket.requester.name}},\nil rimborso è partito.\n")
    result = json.loads(cli(str(project), "--output-format", "json").stdout)
    assert [(f["path"], f["line"], f["column"]) for f in result["findings"]] == [(str(draft), 1, 9)]
    assert "scritto male" in result["findings"][0]["message"]


def test_hard_wrapped_lines_match_as_one_sentence(cli, tiny_config):
    draft = write(tiny_config, "wrap.txt", "Ci scusiamo: il ritardo è colpa del\ncorriere.\n\nGrazie\nGiulia\n")
    result = json.loads(cli(str(draft), "--output-format", "json").stdout)
    [finding] = result["findings"]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 27, 2, 9)
    assert "«colpa del corriere»" in finding["message"]
