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
