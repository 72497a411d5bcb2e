"""The embedded pipeline's lemmas and sentences, and the cache behind them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from scusa_lint.engine.rules import builtin_rules_dir
from scusa_lint.language.lexicon import Lexicon
from scusa_lint.language.vocabulary import Vocabulary, read_vocabularies
from scusa_lint.nlp import load_pipeline


def test_lemmas_work_on_sentence_initial_capitals():
    pipeline, name = load_pipeline("blank:it")
    assert name == "blank:it"
    lemmas = [t.lemma_ for t in pipeline("Risolveremo il problema. Abbiamo risolto. Stiamo risolvendo.")]
    assert lemmas.count("risolvere") == 3


def test_sentences_end_at_blank_lines_and_greetings_not_at_wrapped_lines():
    pipeline, _ = load_pipeline("blank:it")
    doc = pipeline("Gentile cliente,\nil pacco è partito\nieri sera. Arriverà domani!!\n\nGrazie\nGiulia")
    assert [s.text.strip() for s in doc.sents] == [
        "Gentile cliente,", "il pacco è partito\nieri sera.", "Arriverà domani!!", "Grazie\nGiulia"]


def test_damaged_lemma_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lexicon = Lexicon()
    assert lexicon.get("risolveremo") == "risolvere"  # builds the cache file
    cache = next((tmp_path / "cache" / "scusa-lint").glob("it_lexicon-*.sqlite3"))
    cache.write_bytes(b"garbage, not a database")
    rebuilt = Lexicon()
    assert rebuilt.get("risolveremo") == "risolvere"
    assert rebuilt.readings("rimborseremo") == {"VERB": "rimborsare"}
    assert cache.read_bytes().startswith(b"SQLite format 3")


def _answers(lexicon: Lexicon) -> tuple:
    # "rimborserò" is stored mis-encoded in the verb table ("rimborserÃ²") and must be read repaired
    return (lexicon.get("risolveremo"), lexicon.readings("rimborseremo"), lexicon.readings("rimborserò"),
            lexicon.is_word("problema"), lexicon.is_word("problemaa"), lexicon.is_lemma("provvedere", "VERB"))


def test_a_lexicon_built_in_the_background_answers_as_one_built_on_first_use(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "first"))
    on_use = _answers(Lexicon())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "second"))
    early = Lexicon()
    early.prepare()  # what build_linter does before spaCy loads
    early.wait()
    assert list((tmp_path / "second" / "scusa-lint").glob("it_lexicon-*.sqlite3"))
    assert _answers(early) == on_use
    assert on_use == ("risolvere", {"VERB": "rimborsare"}, {"VERB": "rimborsare"}, True, False, True)


def test_without_a_writable_cache_folder_the_lexicon_is_built_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    lexicon = Lexicon()
    lexicon.prepare()
    assert _answers(lexicon) == ("risolvere", {"VERB": "rimborsare"}, {"VERB": "rimborsare"}, True, False, True)


def test_vocabulary_phrases_match_by_lemma_alike_from_the_pipeline_from_their_cache_and_after_damage(
        tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pipeline, _ = load_pipeline("blank:it")
    classes = read_vocabularies([builtin_rules_dir()])

    def classes_of_the_verb() -> tuple[str, ...]:
        doc = pipeline("Domani metteremo a disposizione del cliente un nuovo tecnico.")
        Vocabulary(pipeline, classes).tag(doc)
        return doc[1]._.vc  # "metteremo": only its lemma makes the phrase "mettere a disposizione"

    parsed = classes_of_the_verb()  # the phrases are parsed, then kept in the cache
    cache = next((tmp_path / "scusa-lint").glob("phrase-lemmas-*.marshal"))
    cached = classes_of_the_verb()
    cache.write_bytes(b"\x00 not a marshal file")
    rebuilt = classes_of_the_verb()
    assert "share-verb" in parsed and parsed == cached == rebuilt


def test_a_run_that_ends_early_leaves_a_whole_lexicon_and_no_half_built_file(tmp_path):
    """The first run builds the lexicon in a thread; a run with nothing to check ends before the
    build would, and must wait for it rather than leave a temporary file of tens of MB."""
    (tmp_path / "empty").mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "scusa_lint", "check", "--isolated", str(tmp_path / "empty")],
                   env=env, capture_output=True, check=False, timeout=120)
    cache = tmp_path / "cache" / "scusa-lint"
    assert [p.suffix for p in cache.glob("it_lexicon-*")] == [".sqlite3"]


def test_a_build_removes_the_half_built_files_of_processes_that_died(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "scusa-lint"
    folder.mkdir()
    dead, running = folder / "it_lexicon-v4-0000-0000.123-456.tmp", folder / "it_lexicon-v4-0000-0000.789-1.tmp"
    for file in (dead, running):
        file.write_bytes(b"half a database")
    hour_ago = time.time() - 3600
    os.utime(dead, (hour_ago, hour_ago))
    assert Lexicon().get("risolveremo") == "risolvere"
    assert not dead.exists() and running.exists()
