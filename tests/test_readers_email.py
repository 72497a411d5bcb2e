"""The .eml reader: Subject and preferred body part, decoded, with positions in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from readers_support import EXAMPLES, FORMATS, brief, reader_linter, source_text
from scusa_lint.errors import InputError

REPLY = EXAMPLES / "email-reply.eml"
MULTIPART = FORMATS / "email-multipart-8bit.eml"
HTML_ONLY = FORMATS / "email-html-base64.eml"


def test_quoted_printable_reply_subject_and_body_are_checked_but_not_quotes_or_signature():
    found = brief(reader_linter().findings(REPLY))
    assert found == [
        (None, 4, 52, 4, 59, "t-ritardo", "ritardo"),  # Subject, after "Re: "
        (None, 12, 9, 12, 15, "t-gap", "[Nome]"),  # a gap left in a draft
        (None, 14, 1, 14, 12, "t-scuse", "ci scusiamo"),
        (None, 18, 101, 18, 108, "t-ritardo", "ritardi"),  # decoded line 6 of the body: 12 + 6
    ]
    # The quoted customer mail ("ritardo", "ci scusiamo") and the signature gave nothing.


def test_lines_before_the_soft_breaks_are_the_raw_file_lines():
    assert source_text(REPLY, 4, 52, 59) == "ritardo"
    assert source_text(REPLY, 12, 9, 15) == "[Nome]"
    assert source_text(REPLY, 14, 1, 12) == "ci scusiamo"


def test_quoted_printable_body_lines_count_from_the_first_body_line():
    doc = reader_linter().documents(REPLY)[0]
    decoded_line = "Da questa settimana ogni cassetta viene pesata e ricontrollata prima della chiusura: " \
                   "basta errori e ritardi come questo."
    # The raw file wraps this line with soft breaks (=\n); the report shows it decoded, on line
    # 12 (first body line) + 6 (its index in the decoded body).
    assert doc.source.splitlines()[17] == decoded_line
    assert decoded_line.index("ritardi") + 1 == 101
    assert "=C3=88" not in doc.source and "È stato un nostro errore" in doc.source


def test_subject_reply_prefix_is_not_prose():
    doc = reader_linter().documents(REPLY)[0]
    assert doc.text.startswith("Ordine 48213 arrivato incompleto e in ritardo\n\nGentile [Nome],")
    assert "Ortofrutta Bio S.r.l." not in doc.text and "Buonasera" not in doc.text


def test_e_mails_are_drafts_and_never_fixed_in_place():
    doc = reader_linter().documents(REPLY)[0]
    assert doc.template is False
    assert doc.fixable is False
    assert doc.title is None


def test_verbatim_8bit_part_maps_exactly_to_the_raw_file():
    found = brief(reader_linter().findings(MULTIPART))
    assert found == [
        (None, 3, 60, 3, 67, "t-ritardo", "ritardo"),
        (None, 15, 1, 15, 12, "t-scuse", "ci scusiamo"),  # text/plain preferred: the HTML part is not read
    ]
    assert source_text(MULTIPART, 3, 60, 67) == "ritardo"
    assert source_text(MULTIPART, 15, 1, 12) == "ci scusiamo"
    doc = reader_linter().documents(MULTIPART)[0]
    assert "Inviato da iPhone" not in doc.text
    assert doc.text.startswith("Installazione caldaia: nuovo appuntamento dopo il ritardo di ieri\n\n")


def test_folded_subject_keeps_the_raw_positions_of_its_second_line(tmp_path):
    raw = MULTIPART.read_text(encoding="utf-8").replace(
        "dopo il ritardo\n di ieri", "dopo il\n ritardo di ieri")
    path = tmp_path / "piegato.eml"
    path.write_text(raw, encoding="utf-8")
    assert brief(reader_linter().findings(path))[0] == (None, 4, 2, 4, 9, "t-ritardo", "ritardo")


def test_crlf_messages_keep_the_same_lines_and_columns(tmp_path):
    path = tmp_path / "crlf.eml"
    path.write_bytes(MULTIPART.read_bytes().replace(b"\n", b"\r\n"))
    assert brief(reader_linter().findings(path)) == brief(reader_linter().findings(MULTIPART))


def test_html_only_base64_message_with_encoded_folded_subject():
    found = brief(reader_linter().findings(HTML_ONLY))
    assert found == [
        # "=?utf-8?q?...?=" decoded on the Subject's line, columns in the decoded text
        (None, 3, 44, 3, 51, "t-ritardo", "ritardo"),
        (None, 3, 53, 3, 64, "t-scuse", "ci scusiamo"),
        # base64 body: first body line is 15; the decoded HTML's line 4 is reported as 19
        (None, 19, 4, 19, 15, "t-scuse", "ci scusiamo"),
        (None, 19, 23, 19, 30, "t-ritardo", "ritardo"),
    ]
    doc = reader_linter().documents(HTML_ONLY)[0]
    lines = doc.source.splitlines()
    assert lines[2] == "Subject: Rimborso della pratica 7741: è in ritardo, ci scusiamo"
    assert lines[3] == ""  # the encoded continuation line, kept so the lines below keep their numbers
    assert lines[4].startswith("Date:")
    assert lines[18].startswith("<p>ci scusiamo per il ritardo")
    # Entities decoded; the signature block and the quoted message are not prose.
    assert "L'accredito di 59,90 € è partito oggi." in doc.text
    assert "Luca Ferri" not in doc.text and "tre settimane" not in doc.text


def test_charset_other_than_utf8_is_decoded_by_the_message_charset(tmp_path):
    body = "Gentile cliente,\nci scusiamo perché il pacco è in ritardo.\n"
    raw = ("Subject: Pacco\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
           ).encode("ascii") + body.encode("iso-8859-1")
    path = tmp_path / "latin1.eml"
    path.write_bytes(raw)
    assert brief(reader_linter().findings(path)) == [
        (None, 6, 1, 6, 12, "t-scuse", "ci scusiamo"),
        (None, 6, 34, 6, 41, "t-ritardo", "ritardo"),
    ]


def test_outlook_reply_header_block_is_left_out(tmp_path):
    body = ("Buongiorno,\nci scusiamo per l'attesa.\n\n________________________________\n"
            "Da: Mario Rossi <mario@example.it>\nInviato: lunedì 3 marzo 2025 18:05\nA: Assistenza\n"
            "Oggetto: ritardo\n\nci scusiamo noi, ma il ritardo è enorme.\n")
    path = tmp_path / "outlook.eml"
    path.write_bytes(b"Subject: Risposta\nContent-Type: text/plain; charset=utf-8\n\n" + body.encode())
    assert brief(reader_linter().findings(path)) == [(None, 5, 1, 5, 12, "t-scuse", "ci scusiamo")]


@pytest.mark.parametrize(("raw", "where", "cause"), [
    (b"", "{path}", "not an e-mail message: the file is empty"),
    (b"Gentile cliente,\nci scusiamo.\n", "{path}:1",
     "not an e-mail message: the first line is not a header field (\"Name: value\")"),
    (b"Subject: x\nContent-Type: multipart/alternative\n\ntesto\n", "{path}",
     "malformed MIME: a multipart/alternative part has no boundary"),
    (b'Subject: x\nContent-Type: multipart/alternative; boundary="b1"\n\ntesto senza confini\n', "{path}",
     "malformed MIME: the boundary 'b1' of a multipart/alternative part is never used"),
    (b"Subject: x\nContent-Type: text/plain; charset=klingon-8\n\ntesto\n", "{path}",
     "unknown charset 'klingon-8' in the text/plain part"),
    (b"Subject: x\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nQ2lhbyBjb21lIHZhQ\n", "{path}",
     "the text/plain part is not valid base64"),
])
def test_malformed_messages_are_input_errors(tmp_path: Path, raw, where, cause):
    path = tmp_path / "rotto.eml"
    path.write_bytes(raw)
    with pytest.raises(InputError) as error:
        reader_linter().documents(path)
    assert (error.value.where, error.value.cause) == (where.format(path=path), cause)


def test_message_without_a_text_body_is_an_input_error(tmp_path):
    from scusa_lint.errors import InputError
    from scusa_lint.readers.eml import read_eml

    raw = b"From: a@example.it\r\nTo: b@example.it\r\nSubject: Scuse per il ritardo\r\n\r\n"
    with pytest.raises(InputError, match="no text body"):
        read_eml(str(tmp_path / "vuota.eml"), raw, template=False)
