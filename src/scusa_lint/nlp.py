"""The spaCy pipeline: a trained Italian pipeline when one is installed, else the embedded default.

The embedded default needs nothing but ``pip install``: ``spacy.blank("it")``, the embedded tagger
(part of speech, morphology and lemma from spacy-lookups-data's Italian tables and Italian endings,
see ``language.tagger``), and a sentence splitter that also knows e-mail layout (blank lines, a
greeting line ending in a comma).
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from scusa_lint.errors import BackendError, describe
from scusa_lint.language import tagger  # noqa: F401 - registers the scusa_lint_morphology factory
from scusa_lint.language.lexicon import LEXICON

TRAINED_PIPELINES = ("it_core_news_lg", "it_core_news_md", "it_core_news_sm")
EMBEDDED = "blank:it"
_SENTENCE_END = {".", "!", "?", "…", "...", "!!", "??"}
_GREETING_LINE_MAX = 40  # a short line ending in "," is a salutation ("Gentile cliente,")


def _known_word(token: Token) -> bool:
    return LEXICON.is_word(token.lower_)


if not Token.has_extension("known_word"):
    # Patterns use {"_": {"known_word": true}}: the lower-cased token is an Italian word form.
    Token.set_extension("known_word", getter=_known_word)


@Language.component("scusa_lint_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after final punctuation, a blank line, or a salutation line."""
    if not len(doc):
        return doc
    starts = numpy.full((len(doc), 1), -1, dtype="int64")  # 1 starts a sentence, -1 does not
    start_next, after_final, line_length, previous = True, False, 0, ""
    for i, token in enumerate(doc):
        text = token.text
        if after_final:  # "!!" or "?!" runs end one sentence, not several
            start_next = not (token.is_punct and text[:1] in "!?.")
            after_final = False
        if token.is_space:  # white space never starts a sentence: the next word does
            if "\n" in text:
                start_next = start_next or text.count("\n") > 1 or previous in _SENTENCE_END or (
                    previous in (",", ":", ";") and line_length <= _GREETING_LINE_MAX)
                line_length = 0
            continue
        if start_next:
            starts[i, 0] = 1
            start_next = False
        line_length += len(text) + 1
        after_final = text in _SENTENCE_END or (token.is_punct and text[-1:] in "!?.")
        previous = text
    starts[0, 0] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy stores attributes unsigned
    return doc


def load_pipeline(model: str | None = None) -> tuple[Language, str]:
    """The pipeline to use and a short description of it (for ``--version``)."""
    if model and model != EMBEDDED:
        nlp = _load_trained(model)
        name = model
    else:
        installed = None if model == EMBEDDED else next(
            (name for name in TRAINED_PIPELINES if spacy.util.is_package(name)), None)
        nlp = _load_trained(installed) if installed else spacy.blank("it")
        name = installed or EMBEDDED
    return complete_pipeline(nlp), name


def _load_trained(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=["ner"])
    except (OSError, ValueError, ImportError) as exc:
        raise BackendError(f"spaCy model {model!r}", describe(exc)) from None
    if nlp.lang != "it":
        raise BackendError(f"spaCy model {model!r}", f"is a {nlp.lang!r} pipeline, not Italian")
    return nlp


def complete_pipeline(nlp: Language) -> Language:
    """Add what the rules need and the pipeline lacks: morphology, lemmas and sentence boundaries."""
    if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("scusa_lint_sentences")
    if "morphologizer" not in nlp.pipe_names:  # a tagger alone sets TAG, not POS and features
        nlp.add_pipe("scusa_lint_morphology")  # after the sentences: it reads sentence starts
    elif "lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("scusa_lint_lemmas")
    return nlp
