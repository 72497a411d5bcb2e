"""The language layer measured on the hand-labelled tables in tests/fixtures (900 inflected forms,
250 clauses). The floors are the accuracy reached when they were last raised: a change that makes
the morphology or the clause analysis worse fails here. Raise them as the layer improves; never
lower one to let a change pass. Figures: ``python benchmarks/eval_language.py``."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import REPO

MORPHOLOGY_FLOORS = {"lemma": 0.97, "pos": 0.96, "morph": 0.95, "clitics": 0.98, "entry": 0.94}
CLAUSE_FLOORS = {"agent": 0.87, "negated": 0.97, "time": 0.95, "hypothetical": 0.99, "reported": 0.97,
                 "boundaries": 0.75, "entry": 0.80}


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("eval_language", REPO / "benchmarks" / "eval_language.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    nlp, layer = module.pipeline("blank:it")
    return {
        "morphology": module.score_morphology(nlp, module.load("morphology.yml")),
        "clauses": module.score_clauses(nlp, layer, module.load("clauses.yml")),
    }


def test_the_tables_are_large_enough(evaluation):
    assert evaluation["morphology"].total >= 500
    assert evaluation["clauses"].total >= 200


@pytest.mark.parametrize("field", sorted(MORPHOLOGY_FLOORS))
def test_morphology_accuracy_stays_above_its_floor(evaluation, field):
    score = evaluation["morphology"]
    assert score.accuracy(field) >= MORPHOLOGY_FLOORS[field], "\n".join(score.errors[:20])


@pytest.mark.parametrize("field", sorted(CLAUSE_FLOORS))
def test_clause_analysis_stays_above_its_floor(evaluation, field):
    score = evaluation["clauses"]
    assert score.accuracy(field) >= CLAUSE_FLOORS[field], "\n".join(score.errors[:20])
