"""The shipped rules: the whole catalog, with its ids and levels, every example run."""

from __future__ import annotations

import pytest
import yaml

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


@pytest.mark.parametrize(("rule", "side", "text"), list(_examples()))
def test_rule_example(linter, rule, side, text):
    missing = unavailable_requirement(rule.requires)
    if missing:
        pytest.skip(f"{rule.id}: {missing}")
    found = [f for f in linter.lint_text(text, Settings(select=(rule.id,))) if f.rule == rule.id]
    if side == "bad":
        assert found, f"{rule.id} should flag: {text!r}"
    else:
        assert not found, f"{rule.id} should not flag {[text[f.offset:f.end_offset] for f in found]} in {text!r}"


def _detector_examples():
    for path in sorted((builtin_rules_dir() / "detectors").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for side, expected in (("bad", True), ("good", False)):
            for number, text in enumerate(data["examples"][side], 1):
                yield pytest.param(data["id"], text, expected, id=f"{data['id']}-{side}-{number}")


@pytest.mark.parametrize(("detector", "text", "expected"), list(_detector_examples()))
def test_detector_example(linter, detector, text, expected):
    assert linter.detect(detector, text) is expected, text
