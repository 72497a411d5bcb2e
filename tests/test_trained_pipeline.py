"""The trained-pipeline code path: a small Italian pipeline trained here, loaded with --model."""

from __future__ import annotations

import json
import random

import pytest
import spacy
from spacy.training import Example

from conftest import write, write_rules

TAGGED = [
    ("Il corriere consegna il pacco", ["RD", "S", "V", "RD", "S"]),
    ("Risolveremo il problema domani", ["V", "RD", "S", "B"]),
    ("Il pacco arriva domani", ["RD", "S", "V", "B"]),
    ("Abbiamo risolto il guasto", ["VA", "V", "RD", "S"]),
]

TAG_RULE = """
id: noun-after-article
kind: forbid
level: info
message: "Sostantivo «{match}»."
hint: "Nessuno."
source: "test"
patterns:
  - tokens: [{TAG: "RD"}, {TAG: "S", LOWER: "pacco"}]
examples:
  bad: ["Il pacco arriva", "il pacco", "Il pacco consegna", "il pacco arriva domani"]
  good: ["Grazie", "Arriva domani", "Consegna", "Domani"]
"""

LEMMA_RULE = """
id: fix-verb
kind: forbid
level: info
message: "Verbo «{match}»."
hint: "Nessuno."
source: "test"
patterns:
  - tokens: [{LEMMA: risolvere}]
examples:
  bad: ["Risolveremo", "abbiamo risolto", "risolviamo", "risolvendo"]
  good: ["Grazie", "domani", "il pacco", "ciao"]
"""


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory):
    random.seed(0)
    nlp = spacy.blank("it")
    nlp.add_pipe("tagger")
    examples = [Example.from_dict(nlp.make_doc(text), {"tags": tags}) for text, tags in TAGGED]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    folder = tmp_path_factory.mktemp("model") / "it_tiny"
    nlp.to_disk(folder)
    return folder


def rules_found(cli, project, *args):
    result = cli(str(project / "a.txt"), "--output-format", "json", *args)
    return sorted({f["rule"] for f in json.loads(result.stdout)["findings"]})


@pytest.fixture
def project(tmp_path):
    rules = write_rules(tmp_path / "r", {"noun.yml": TAG_RULE, "verb.yml": LEMMA_RULE})
    project = tmp_path / "p"
    write(project, ".scusa-lint.toml", f'extend-rules = ["{rules.as_posix()}"]\nselect = ["noun-after-article", '
                                       '"fix-verb"]\n')
    write(project, "a.txt", "Il pacco arriva domani. Risolveremo il problema.\n")
    return project


def test_model_option_loads_the_trained_pipeline(cli, project, trained_model):
    # Tags exist only with the trained pipeline; lemmas come from the lookup lemmatizer.
    assert rules_found(cli, project, "--model", str(trained_model)) == ["fix-verb", "noun-after-article"]


def test_tag_patterns_need_a_trained_pipeline(cli, project):
    result = cli(str(project / "a.txt"))
    assert result.exit_code == 2
    assert "rule 'noun-after-article': key 'patterns'[1]: TAG needs a trained pipeline that sets it" in result.stderr


def test_model_from_config(cli, project, trained_model):
    with (project / ".scusa-lint.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'model = "{trained_model.as_posix()}"\n')
    assert rules_found(cli, project) == ["fix-verb", "noun-after-article"]


def test_missing_model_is_a_one_line_error(cli, project, tmp_path):
    result = cli(str(project / "a.txt"), "--model", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"scusa-lint: spaCy model '{tmp_path / 'nowhere'}': ")
    assert result.stderr.count("\n") == 1

