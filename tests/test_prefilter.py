"""The matching prefilter only skips work: with and without it, every rule finds the same spans."""

from __future__ import annotations

import pytest

import scusa_lint.engine.patterns as patterns
from scusa_lint.engine.linter import Linter
from scusa_lint.engine.prefilter import Requirements, required_literals
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
        patch.setattr(patterns, "required_literals", lambda pattern, flags=0: [])
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


@pytest.mark.parametrize(("regex", "literals"), [
    (r"\b(?:corrier\w*|fornitor\w*)\s+ha", [{"corrier", "fornitor"}]),
    (r"\bspiacent[ei]\b|\b(?:ci|mi)\s+dispiace", [{"spiacent", "dispiace"}]),
    (r"\bcolp[ae]\s+(?:del|dello)\s+corriere", [{"corriere"}, {"colp"}]),
    (r"\b(?:abc|de)\b", []),          # "de" is too short to be worth looking for
    (r"\b(?:abcd|efgh)?xyz", [{"xyz"}]),  # the optional group requires nothing
    (r"\bsc(?:usa|ordina)", [{"usa", "ordina"}]),
    (r"\b(?i:pulsante|menu)\s+[A-Z]+", [{"pulsante", "menu"}]),
    (r"\b[a-z]+mente\b", [{"mente"}]),
    (r"(?:grazie)+\s+mille", [{"grazie"}, {"mille"}]),
    (r"Sua\s+Maestà", [{"maestà"}, {"sua"}]),
])
def test_required_literals_of_regexes(regex, literals):
    assert [set(clause) for clause in required_literals(regex)] == literals


def test_requirements_of_token_patterns(linters):
    nlp, _, _ = linters
    strings = nlp.vocab.strings
    needs = Requirements.of([{"LOWER": "colpa"}, {"LOWER": {"IN": ["del", "della"]}, "OP": "?"},
                             {"LOWER": {"REGEX": "^corrier"}}], strings)
    assert [{strings[h] for h in words} for words in needs.words] == [{"colpa"}]  # the optional token needs nothing
    assert needs.literals == [frozenset({"corrier"})]
    assert not needs.capitals
    assert Requirements.of([{"IS_UPPER": True, "LENGTH": {">=": 3}}], strings).capitals


def _random_spans(rng, count: int, scope: str = "match") -> list[patterns.Span]:
    spans = []
    for _ in range(count):
        start = rng.randrange(0, 400)
        end, sentence, clause = start + rng.randrange(0, 30), rng.randrange(0, 20), rng.randrange(0, 40)
        spans.append(patterns.Span(start, end, sentence, scope, clause))
    return spans


def test_indexed_exceptions_and_overlaps_keep_what_the_pairwise_definitions_keep():
    """``surviving`` and ``longest_first`` are indexed (a long text has thousands of matches);
    they must keep exactly the spans their pairwise definitions keep."""
    import random

    rng = random.Random(5)
    for _ in range(300):
        spans = _random_spans(rng, rng.randrange(0, 40))
        exceptions = [e for scope in ("match", "clause", "sentence") for e in _random_spans(rng, rng.randrange(0, 4),
                                                                                              scope)]
        assert patterns.surviving(spans, exceptions) == [
            s for s in spans if not any(s.cancelled_by(e) for e in exceptions)]
        kept: list[patterns.Span] = []
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if not any(k.overlaps(span) for k in kept):
                kept.append(span)
        assert [(s.start, s.end) for s in patterns.longest_first(spans)] == sorted((s.start, s.end) for s in kept)
