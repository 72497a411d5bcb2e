"""Speed and accuracy of the embedded Italian speller, printed as figures.

    python benchmarks/bench_spelling.py [--words 120000] [--seed 7]

- words/second of the spelling check (tokenization + Hunspell + suggestions for the words it
  rejects) on a corpus of support drafts built from the correct sentences of the test fixtures
  (plain ones, and ones full of English loanwords and prefixed compounds, one in five), with a
  real slip from the misspelling list in about one sentence in forty; measured on a fresh
  speller (its caches fill during the run, as in a real run) and again warm; the one-time
  dictionary load is printed apart;
- suggestion time for every slip of the misspelling list, on a fresh speller: median and maximum;
- detection recall and top-1 suggestion accuracy on the misspelling list, false alarms on the
  correct sentences (each file apart), and the resulting precision;
- how many look-alike slips (Italian slips that spell an English word, or a prefix and a word)
  are still caught.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "spelling"
sys.path.insert(0, str(REPO / "src"))

from scusa_lint.engine.linter import plain_document  # noqa: E402
from scusa_lint.spelling.embedded import EmbeddedSpeller  # noqa: E402
from scusa_lint.spelling.tokens import iter_words  # noqa: E402

SENTENCE_FILES = ("correct_sentences.txt", "loanword_sentences.txt")


def sentences(name: str = "correct_sentences.txt") -> list[str]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def lookalikes() -> list[tuple[str, str]]:
    return [tuple(line.split("\t")[:2]) for line in sentences("lookalike_slips.tsv")]


def misspellings() -> list[tuple[str, str]]:
    rows = (FIXTURES / "misspellings.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t")[:2]) for row in rows if row.strip() and not row.startswith("#")]


def in_context(word: str) -> str:
    """A slip as it is written: capitalised ones open a line, the others stand mid-sentence."""
    return f"{word} il pacco." if word[0].isupper() else f"Le scriviamo {word} per il pacco."


def corpus(words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    plain, loanwords, slips = sentences(), sentences("loanword_sentences.txt"), [w for w, _ in misspellings()]
    drafts, count = [], 0
    while count < words:
        body = []
        for _ in range(rng.randint(4, 9)):
            pool = loanwords if rng.random() < 0.2 else plain
            body.append(in_context(rng.choice(slips)) if rng.random() < 0.025 else rng.choice(pool))
        text = "\n".join(body) + "\n"
        drafts.append(text)
        count += len(text.split())
    return drafts


def check(speller: EmbeddedSpeller, text: str):
    doc = plain_document(text)
    return speller.check_words(iter_words(doc.text, [(p.start, p.end) for p in doc.placeholders]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    drafts = corpus(args.words, args.seed)
    total = sum(len(d.split()) for d in drafts)
    speller = EmbeddedSpeller()
    start = time.perf_counter()
    speller.load(frequencies=True)
    load = time.perf_counter() - start
    print(f"dictionary + frequency list load: {load * 1000:.0f} ms (once per run, only when spelling is on)")
    for label in ("fresh caches", "warm caches"):
        start = time.perf_counter()
        flagged = sum(len(check(speller, d)) for d in drafts)
        elapsed = time.perf_counter() - start
        print(f"spelling check, {label}: {total} words in {len(drafts)} drafts, {elapsed:.2f} s, "
              f"{total / elapsed:,.0f} words/s ({flagged} findings)")

    fresh = EmbeddedSpeller().load(frequencies=True)
    times = []
    for word, _ in misspellings():
        start = time.perf_counter()
        fresh.suggest(word)
        times.append(time.perf_counter() - start)
    print(f"suggestions: {len(times)} slips, median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms")

    checker = EmbeddedSpeller().load()
    found = top = 0
    for word, expected in misspellings():
        hits = {m.word: m.suggestions for m in check(checker, in_context(word))}
        if word in hits:
            found += 1
            top += hits[word][:1] == (expected,)
    n = len(misspellings())
    print(f"misspellings: recall {found}/{n} = {found / n:.1%}, top-1 suggestion right {top}/{n} = {top / n:.1%}")
    all_alarms = []
    for name in SENTENCE_FILES:
        pool = sentences(name)
        false_alarms = [(line, m.word) for line in pool for m in check(checker, line)]
        all_alarms += false_alarms
        print(f"{name}: {len(pool)} sentences, {sum(len(s.split()) for s in pool)} words, "
              f"{len(false_alarms)} false alarms")
        for line, word in false_alarms:
            print(f"  false alarm: {word!r} in {line!r}")
    precision = found / (found + len(all_alarms)) if found else 0.0
    print(f"precision on the misspellings and all correct sentences: {precision:.1%}")
    pairs = lookalikes()
    missed = [slip for sentence, slip in pairs if slip not in {m.word for m in check(checker, sentence)}]
    print(f"look-alike slips caught: {len(pairs) - len(missed)}/{len(pairs)}; let through: {', '.join(missed)}")


if __name__ == "__main__":
    main()
