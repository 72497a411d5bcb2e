"""HTML drafts: visible text only, entities decoded, positions in the HTML source."""

from __future__ import annotations

import pytest

from readers_support import EXAMPLES, brief, reader_linter, source_text
from scusa_lint.readers.html import html_lines

REPLY = EXAMPLES / "reply.html"


def test_html_reply_findings_point_into_the_html_source():
    found = brief(reader_linter().findings(REPLY))
    assert found == [
        # "&lt;NOME CLIENTE&gt;": a decoded character spans its whole entity, so the span
        # starts at "&lt;" and ends after "&gt;".
        (None, 11, 14, 11, 34, "t-gap", "<NOME CLIENTE>"),
        (None, 13, 5, 13, 16, "t-scuse", "ci scusiamo"),
        (None, 13, 24, 13, 31, "t-ritardo", "ritardo"),
    ]
    assert source_text(REPLY, 11, 14, 34) == "&lt;NOME CLIENTE&gt;"
    assert source_text(REPLY, 13, 5, 16) == "ci scusiamo"
    # Not found: <title> (line 5) and <script> (line 18).


def test_html_text_is_what_a_reader_sees():
    doc = reader_linter().documents(REPLY)[0]
    assert doc.text == (
        "Gentile <NOME CLIENTE>,\n\n"
        "ci scusiamo per il ritardo: il Suo divano doveva arrivare il 28 febbraio e non è ancora partito dal "
        "nostro magazzino.\n\n"
        "L'errore è nostro.\n\n"
        "La consegna è fissata per martedì 11 marzo; il trasporto è a nostro carico.\n\n"
        "Cordiali saluti,\n\n"
        "Servizio clienti Casa&Divani")
    assert doc.template is False and doc.fixable is False


def _lines(source: str) -> list[str]:
    lines = html_lines(source)
    for line in lines:
        for char, offset in zip(line.text, line.offsets, strict=True):
            # verbatim characters map to themselves; decoded ones to their entity's "&";
            # collapsed whitespace to the first blank of the run
            assert char == source[offset] or source[offset] == "&" or (char == " " and source[offset].isspace())
    return [line.text for line in lines]


@pytest.mark.parametrize(("source", "expected"), [
    ("<p>Uno</p><p>Due<br>Tre</p>", ["Uno", "Due", "Tre"]),
    ("<div>\n   Ci   scusiamo\n   davvero\n</div>", ["Ci scusiamo davvero"]),
    ("<p>Perch&eacute; &#232; &#xE8; &amp; &nbsp;x &unknown; A&B</p>", ["Perché è è & x &unknown; A&B"]),
    ("<style>p{}</style><script>ci scusiamo</script><p>Testo</p>", ["Testo"]),
    ("<p>Risposta</p><div class=\"gmail_quote\"><div dir=\"ltr\">Il giorno lun ha scritto:</div>"
     "<blockquote class=\"gmail_quote\">ci scusiamo</blockquote></div><p>Dopo</p>", ["Risposta", "Dopo"]),
    ("<p>Testo</p><div id=\"Signature\"><div><p>Mario</p></div></div>", ["Testo"]),
    ("<pre>riga uno\n  riga due</pre>", ["riga uno", "  riga due"]),
    ("<P>Vecchio <B>Outlook</B></P><BR>Fine", ["Vecchio Outlook", "Fine"]),
    ("<p>Ciao <attribute key=\"first_name\" default=\"cliente\"/>!</p>",
     ["Ciao <attribute key=\"first_name\" default=\"cliente\"/>!"]),
    ("<p>Gentile <NOME CLIENTE>, grazie</p>", ["Gentile <NOME CLIENTE>, grazie"]),
    ("<p>Prima</p>\n<p>ci scusiamo\n</p><p>Dopo</p>", ["Prima", "ci scusiamo", "Dopo"]),
    ("<p>soft\u00adhyphen\u200b</p>", ["softhyphen"]),
])
def test_html_lines(source, expected):
    assert _lines(source) == expected


def test_quoted_reply_and_outlook_header_in_html_are_left_out(tmp_path):
    path = tmp_path / "risposta.html"
    path.write_text(
        "<p>Buongiorno,<br>ci scusiamo per l'attesa.</p>\n<hr>\n"
        "<div id=\"divRplyFwdMsg\"><b>Da:</b> Mario Rossi<br><b>Inviato:</b> luned&igrave;<br>"
        "<b>A:</b> Assistenza<br><b>Oggetto:</b> ritardo</div>\n<div>ci scusiamo noi? il ritardo</div>\n",
        encoding="utf-8")
    assert brief(reader_linter().findings(path)) == [(None, 1, 19, 1, 30, "t-scuse", "ci scusiamo")]


def test_example_copy_is_the_tested_fixture():
    assert (EXAMPLES / "reply.html").read_bytes() == REPLY.read_bytes()
