"""Long texts tokenized in pieces, positions kept.

spaCy refuses texts over ``nlp.max_length`` (E088) and its tokenizer's cost grows with the square
of a run without spaces (``'!' * 20000``, 200,000 ``&amp;`` decoded). A text is therefore cut at
line breaks or spaces into pieces of about ``SPACY_PIECE_CHARS``, and a run without spaces every
``TOKENIZER_RUN_CHARS``; the pieces' tokens are joined into one Doc whose text is the whole text,
so every character keeps its offset.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from scusa_lint.limits import SPACY_PIECE_CHARS, TOKENIZER_RUN_CHARS, check_time

_LONG_RUN = re.compile(rf"\S{{{TOKENIZER_RUN_CHARS},}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, for a text of any length."""
    if len(text) <= SPACY_PIECE_CHARS and not _LONG_RUN.search(text):
        return nlp.make_doc(text)
    docs = []
    for piece in _pieces(text):
        check_time()  # a long text may spend its file's time budget on tokenizing alone
        docs.append(nlp.make_doc(piece))
    return Doc.from_docs(docs, ensure_whitespace=False)


def _pieces(text: str) -> list[str]:
    cuts = {0, len(text)}
    for run in _LONG_RUN.finditer(text):
        cuts.update(range(run.start() + TOKENIZER_RUN_CHARS, run.end(), TOKENIZER_RUN_CHARS))
    start = 0
    while len(text) - start > SPACY_PIECE_CHARS:
        limit = start + SPACY_PIECE_CHARS
        cut = max(text.rfind("\n", start + 1, limit), text.rfind(" ", limit - 2_000, limit))
        start = cut + 1 if cut > start else limit
        cuts.add(start)
    edges = sorted(cuts)
    return [text[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]
