"""The matching prefilter only skips work: with and without it, every rule finds the same spans."""

from __future__ import annotations

import pytest

import scusa_lint.engine.patterns as patterns
from scusa_lint.engine.linter import Linter
from scusa_lint.engine.prefilter import Requirements, word_prefixes_of
from scusa_lint.nlp import load_pipeline
from scusa_lint.rulebook import load_builtin_rules


def all_groups(linter: Linter):
    for rule_id, check in linter.checks.items():
        for name in ("patterns", "unless"):
            if hasattr(check, name):
                yield f"{rule_id}.{name}", getattr(check, name)
        for name, group in getattr(check, "groups", {}).items():
            yield f"{rule_id}.groups.{name}", group
    for detector in linter.detectors.values():
        yield f"detector.{detector.id}.patterns", detector.patterns
        yield f"detector.{detector.id}.unless", detector.unless


@pytest.fixture(scope="module")
def linters():
    nlp, _ = load_pipeline("blank:it")
    fast = Linter(nlp)
    with pytest.MonkeyPatch.context() as patch:  # the plain way: every pattern everywhere, IGNORECASE
        patch.setattr(patterns.Requirements, "of", classmethod(lambda cls, pattern, strings: cls()))
        patch.setattr(patterns, "word_prefixes_of", lambda pattern, boundary="\\b": None)
        patch.setattr(patterns, "has_upper_literal", lambda pattern: True)
        plain = Linter(nlp)
    return nlp, fast, plain


def test_prefiltered_matching_finds_what_plain_matching_finds(linters):
    nlp, fast, plain = linters
    texts = [text for rule in load_builtin_rules() for side in ("bad", "good") for text in rule.examples[side]]
    texts += [text.upper() for text in texts[:50]]  # capitals: the lower-cased regex path
    assert len(texts) > 300
    for parsed in nlp.pipe(texts):
        fast_index, plain_index = fast.env.compiler.index(parsed), plain.env.compiler.index(parsed)
        for (name, fast_group), (_, plain_group) in zip(all_groups(fast), all_groups(plain), strict=True):
            assert fast_group.spans(fast_index) == plain_group.spans(plain_index), (name, parsed.text)


@pytest.mark.parametrize(("regex", "prefixes"), [
    (r"\b(?:corrier\w*|fornitor\w*)\s+ha", {"cor", "for"}),
    (r"\bspiacent[ei]\b|\b(?:ci|mi)\s+dispiace", {"spi", "ci", "mi"}),
    (r"\b(?:ab(?:c|d)|xyz)", {"ab", "xy"}),
    (r"\b(?:a|bcd)", None),            # a one-letter word could start the match
    (r"\bd'accordo", None),            # the literal word is one letter before the apostrophe
    (r"\b(?:abc|def)?x", None),        # the group is optional
    (r"\bab|cd", None),                # the second branch has no word boundary
    (r"\b[a-z]+mente", None),          # no literal start
    (r"(?:abc)", None),                # no word boundary: the match may start inside a word
])
def test_word_prefixes_of_regexes(regex, prefixes):
    found = word_prefixes_of(regex)
    assert (None if found is None else set(found)) == prefixes


def test_requirements_of_token_patterns(linters):
    nlp, _, _ = linters
    strings = nlp.vocab.strings
    needs = Requirements.of([{"LOWER": "colpa"}, {"LOWER": {"IN": ["del", "della"]}, "OP": "?"},
                             {"LOWER": {"REGEX": "^corrier"}}], strings)
    assert [{strings[h] for h in words} for words in needs.words] == [{"colpa"}]  # the optional token needs nothing
    assert needs.prefixes == [frozenset({"cor"})]
    assert not needs.capitals
    assert Requirements.of([{"IS_UPPER": True, "LENGTH": {">=": 3}}], strings).capitals
