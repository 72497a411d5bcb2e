"""Which optional backends a run uses, described for ``--version`` and checked for rule examples."""

from __future__ import annotations


def describe_backends() -> list[str]:
    import spacy

    from scusa_lint.nlp import EMBEDDED, TRAINED_PIPELINES

    installed = next((name for name in TRAINED_PIPELINES if spacy.util.is_package(name)), None)
    pipeline = installed or f"{EMBEDDED} (embedded: blank Italian + lookup lemmatizer)"
    return [f"spaCy {spacy.__version__}, pipeline: {pipeline}", f"speller: {describe_speller()}"]


def describe_speller() -> str:
    from scusa_lint.spelling.service import describe_default_speller

    return describe_default_speller()


def unavailable_requirement(requirement: str | None) -> str:
    """Why a rule's required backend cannot run here ("" when it can or none is required)."""
    if not requirement:
        return ""
    if requirement == "languagetool":
        from scusa_lint.spelling.service import languagetool_unavailable

        return languagetool_unavailable()
    return f"needs {requirement}, which this machine does not have"
