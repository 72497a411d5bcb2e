"""The shipped rules: the whole catalog, with its ids and levels, every example run."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
import yaml

import ltfake
from conftest import REPO
from scusa_lint.backends import unavailable_requirement
from scusa_lint.config import Settings
from scusa_lint.engine.linter import Linter
from scusa_lint.engine.rules import builtin_rules_dir
from scusa_lint.nlp import load_pipeline
from scusa_lint.rulebook import load_builtin_rules

CATALOG = {
    "blame-others": "error", "blame-customer": "error", "business-complaint": "warning",
    "technical-excuse": "warning", "reply-demand": "warning", "coupon-deadline": "warning",
    "shipping-charge": "warning", "denial": "warning", "defensive-tone": "warning",
    "deadline-downplayed": "warning", "conditional-apology": "warning", "vague-commitment": "info",
    "shouting": "warning", "politics-religion": "warning", "data-sharing": "warning",
    "register-mix": "warning", "placeholder-unfilled": "error", "apology-missing": "error",
    "fix-missing": "error", "prevention-missing": "warning", "responsibility-missing": "warning",
    "thanks-missing": "info", "spelling": "error", "grammar": "warning",
}
RULES = load_builtin_rules()


@pytest.fixture(scope="session")
def linter() -> Linter:
    nlp, _ = load_pipeline("blank:it")
    return Linter(nlp)


def test_every_catalog_rule_ships_with_its_level():
    assert {rule.id: rule.level for rule in RULES} == CATALOG


# The catalog gives these two a reason rather than an article point.
UNSOURCED = {"register-mix": "(Italian convention)", "placeholder-unfilled": "(what loses a customer at once)"}


def test_every_rule_cites_an_article_point():
    articles = {path.name[:3] for path in (REPO.parent / "shared" / "articles").glob("*.txt")} or {
        "000", "001", "002", "003", "004"}
    for rule in RULES:
        assert rule.description, rule.id
        if rule.id in UNSOURCED:
            assert rule.source == UNSOURCED[rule.id]
            continue
        cited = {part.strip()[:3] for part in rule.source.split(";")}
        assert cited <= articles, (rule.id, rule.source)


def _examples():
    for rule in RULES:
        for side in ("bad", "good"):
            for number, text in enumerate(rule.examples[side], 1):
                yield pytest.param(rule, side, text, id=f"{rule.id}-{side}-{number}")


@pytest.fixture(scope="module")
def recorded_languagetool():
    """ltfake's stand-in server: recorded-format fixtures in LanguageTool's /v2/check shape, NOT a
    real LanguageTool. With it the ``grammar`` examples check the plumbing (request, answer, finding
    or none), not LanguageTool's judgement; a real server (LANGUAGETOOL_URL) checks that."""
    with ltfake.FakeLanguageTool() as server:
        yield server


def _settings_for(rule, request) -> Settings:
    """The rule's own settings. A rule that needs LanguageTool runs against the real one when
    LANGUAGETOOL_URL or LTP_PATH is set (skipped, with the reason, if it is unusable), else against
    the recorded-format stand-in."""
    settings = Settings(select=(rule.id,))
    if rule.requires == "languagetool" and not (os.environ.get("LANGUAGETOOL_URL") or os.environ.get("LTP_PATH")):
        server = request.getfixturevalue("recorded_languagetool")
        return replace(settings, speller="languagetool", languagetool_url=server.url)
    missing = unavailable_requirement(rule.requires)
    if missing:
        pytest.skip(f"{rule.id}: {missing}")
    return settings


@pytest.mark.parametrize(("rule", "side", "text"), list(_examples()))
def test_rule_example(linter, rule, side, text, request):
    found = [f for f in linter.lint_text(text, _settings_for(rule, request)) if f.rule == rule.id]
    if side == "bad":
        assert found, f"{rule.id} should flag: {text!r}"
    else:
        assert not found, f"{rule.id} should not flag {[text[f.offset:f.end_offset] for f in found]} in {text!r}"


def test_every_grammar_example_has_a_recorded_languagetool_response():
    """The stand-in answers the grammar examples from its table only: a new example needs a fixture,
    else it would pass or fail by ltfake's generic substring list instead."""
    grammar = next(rule for rule in RULES if rule.id == "grammar")
    examples = [*grammar.examples["bad"], *grammar.examples["good"]]
    assert [text for text in examples if text not in ltfake.RECORDED] == []
    assert all(ltfake.RECORDED[text] for text in grammar.examples["bad"])
    assert not any(ltfake.RECORDED[text] for text in grammar.examples["good"])


def _detector_examples():
    for path in sorted((builtin_rules_dir() / "detectors").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for side, expected in (("bad", True), ("good", False)):
            for number, text in enumerate(data["examples"][side], 1):
                yield pytest.param(data["id"], text, expected, id=f"{data['id']}-{side}-{number}")


@pytest.mark.parametrize(("detector", "text", "expected"), list(_detector_examples()))
def test_detector_example(linter, detector, text, expected):
    assert linter.detect(detector, text) is expected, text
