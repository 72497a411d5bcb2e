"""Markdown drafts: code, URLs, comments and front matter are not prose; positions are exact."""

from __future__ import annotations

import html

import pytest

from readers_support import EXAMPLES, brief, reader_linter, source_text
from scusa_lint.readers.markdown import markdown_prose

REPLY = EXAMPLES / "reply.md"


def test_markdown_reply_findings_are_only_in_prose():
    found = brief(reader_linter().findings(REPLY))
    assert found == [
        (None, 8, 9, 8, 15, "t-gap", "[Nome]"),  # a gap, not a link: no "(url)" after it
        (None, 10, 1, 10, 12, "t-scuse", "ci scusiamo"),
        (None, 10, 22, 10, 29, "t-ritardo", "ritardo"),  # inside **bold**
        (None, 13, 40, 13, 47, "t-ritardo", "ritardo"),  # a link's text stays prose
    ]
    for _doc, line, column, _end_line, end_column, _rule, words in found:
        assert source_text(REPLY, line, column, end_column) == words
    # Not found: front matter (lines 2-4), link target and bare URL (13-14), inline code (16),
    # the fenced block (19), the HTML comment (22).


def test_markdown_drafts_are_fixable_drafts():
    doc = reader_linter().documents(REPLY)[0]
    assert doc.template is False and doc.fixable is True


def _prose(source: str) -> str:
    mapped = markdown_prose(source)
    for char, start, end in zip(mapped.text, mapped.offsets, mapped.ends, strict=True):
        written = source[start:end]  # every kept character is where it was, or spans its escape
        assert char in (written, "\n") or html.unescape(written) == char or written == "\\" + char, (char, written)
    return mapped.text


@pytest.mark.parametrize(("source", "kept", "dropped"), [
    ("Testo.\n\n    codice indentato\n    altro\n\nFine.\n", ["Testo.", "Fine."], ["codice"]),
    ("- voce uno\n\n    continua la voce\n", ["continua la voce"], []),  # a list paragraph, not code
    ("~~~\nci scusiamo\n~~~\nDopo.\n", ["Dopo."], ["ci scusiamo"]),
    ("````\n```\nci scusiamo\n```\n````\nDopo.\n", ["Dopo."], ["ci scusiamo"]),
    ("Titolo\n======\nTesto.\n", ["Titolo", "Testo."], ["==="]),
    ("## Scuse ##\nTesto.\n", ["Scuse\n", "Testo."], ["#"]),
    ("*Nota*: il file_di_prova e 2*3 e *|FNAME|*.\n", ["Nota: il file_di_prova e 2*3 e *|FNAME|*."], []),
    ("Scriva a <assistenza@example.it> o <https://x.example.it/a>.\n", ["Scriva a  o ."], ["example"]),
    ("Vedi [la guida][g].\n\n[g]: https://x.example.it/guida\n", ["Vedi la guida."], ["https", "[g]"]),
    ("| Ordine | Stato |\n|---|:---:|\n| 1 | ok |\n", ["Ordine\n\nStato", "1\n\nok"], ["---", "|"]),
    (r"Prezzo \*scontato\* e 3\_4." + "\n", ["Prezzo *scontato* e 3_4."], ["\\"]),
    ("Testo <b>in grassetto</b><br>e <NOME CLIENTE>.\n", ["Testo in grassetto", "e <NOME CLIENTE>."], ["<b>"]),
    ("+++\ntitolo = \"x\"\n+++\nTesto.\n", ["Testo."], ["titolo"]),
    ("---\nnon chiuso\n", ["non chiuso"], []),  # no closing line: a thematic break, not front matter
    ("Un `doppio `` tick` e ``altro ` qui``.\n", ["Un  e ."], ["tick", "altro"]),
    ("Ci scusiamo perch&egrave; &egrave; tardi &amp; &#8220;male&#8221;.\n", ["perchè è tardi & “male”."],
     ["&egrave;", "&amp;"]),
    ("<div>\n<p>Il pacco &egrave; <b>partito</b>.</p>\n</div>\n", ["Il pacco è partito."], ["<", "&"]),
    ("Riga uno<br>riga due<br/>\n", ["Riga uno\nriga due"], ["<br"]),
    ("- primo punto\n- secondo punto\n", ["primo punto\n\nsecondo punto"], ["-"]),
    ("Gentile *|FNAME|*, {{ nome_cliente }} e __grassetto__.\n", ["*|FNAME|*, {{ nome_cliente }} e grassetto."],
     ["__"]),
    ("Grazie.\r\n\r\n> Il cliente ha scritto\r\n> *ieri*\r\n\r\nSaluti,\r\n-- \r\nElena\r\n",
     ["Grazie.\n\nSaluti,"], ["cliente", "ieri", "Elena"]),  # quoted reply and signature, CRLF
])
def test_markdown_prose(source, kept, dropped):
    text = _prose(source)
    for part in kept:
        assert part in text
    for part in dropped:
        assert part not in text


def test_example_copy_is_the_tested_fixture():
    assert (EXAMPLES / "reply.md").read_bytes() == REPLY.read_bytes()
