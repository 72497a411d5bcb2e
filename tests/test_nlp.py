"""The embedded pipeline's lemmas and sentences, and the cache behind them."""

from __future__ import annotations

from scusa_lint.language.lexicon import Lexicon
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
