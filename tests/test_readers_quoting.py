"""Which lines of a reply are the author's: the rules every reader shares."""

from __future__ import annotations

import pytest

from scusa_lint.readers.quoting import author_lines


@pytest.mark.parametrize(("lines", "kept"), [
    # A wrapped sentence that happens to start with "inviato da" is the author's.
    (["Il pacco è stato", "inviato da Milano il 3 marzo.", "Saluti"], [True, True, True]),
    (["Il pacco è stato", "Inviato da Milano il 3 marzo, come promesso,", "e arriverà domani."], [True] * 3),
    # A mobile client's line, and what follows it, is not.
    (["Ci scusiamo.", "", "Inviato da iPhone"], [True, True, False]),
    (["Ci scusiamo.", "Inviato dal mio smartphone Samsung Galaxy.", "> citazione"], [True, False, False]),
    (["Ci scusiamo.", "Sent from my iPad"], [True, False]),
    # Outlook: a rule of underscores, then the header block of the message replied to.
    (["Ci scusiamo.", "________________________________", "Da: Mario Rossi <m@example.it>",
      "Inviato: lunedì 3 marzo 2025 18:05", "A: Assistenza", "Oggetto: ritardo", "", "testo citato"],
     [True] + [False] * 7),
    # Underscores alone are not a separator.
    (["Firma qui: ____________", "Grazie."], [True, True]),
    (["Ci scusiamo.", "-----Messaggio originale-----", "Da: x"], [True, False, False]),
    (["Ci scusiamo.", "-- ", "Mario"], [True, False, False]),
])
def test_author_lines(lines, kept):
    assert author_lines(lines) == kept
