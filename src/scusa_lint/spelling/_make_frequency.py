"""Maintainer tool: derive ``data/it_freq.tsv.gz`` and ``data/en_words.tsv.gz`` from wordfreq.

Not used at run time (scusa-lint does not depend on wordfreq). Run it in a throw-away
environment that has ``wordfreq`` (3.1.1) and ``chunspell`` installed::

    python -m scusa_lint.spelling._make_frequency [--size 80000] [--english-size 40000]

- ``it_freq.tsv.gz`` keeps the most frequent Italian words that the shipped Hunspell dictionary
  accepts in lower case, with wordfreq's Zipf frequency (log10 of occurrences per billion words),
  for ranking suggestions.
- ``en_words.tsv.gz`` keeps the most frequent English words of three letters or more (a-z only),
  in order of English frequency, each with its Zipf frequency *in Italian text* (wordfreq's
  Italian list, 0 when unseen): how much Italian writers use it. Left out: words ten times more
  frequent in Italian, Spanish, French or Portuguese text than in English (Romance words, names
  and misspellings such as "que", "des", "reina", "pero"), and three-letter words rarer than Zipf
  3.5 in English (abbreviations: "rsa", "uci"). The speller accepts a word that Hunspell rejects
  when it is on this list, unless it is one typical slip from a much more common Italian word,
  and uses the list for English compounds ("webhook") and English context ("low cost").

wordfreq's data is CC BY-SA 4.0; the derived files carry the same licence and attribution (see
data/NOTICE.md; the English data includes SUBTLEX-US and SUBTLEX-UK, whose authors must be
credited).
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

DATA = Path(__file__).with_name("data")
_WORD = re.compile(r"^[a-zàèéìíòóùú]+(?:'[a-zàèéìíòóùú]*)?$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=80000)
    parser.add_argument("--english-size", type=int, default=40000)
    args = parser.parse_args()

    import hunspell  # chunspell
    import wordfreq

    speller = hunspell.Hunspell("it_IT", hunspell_data_dir=str(DATA))
    kept: list[tuple[str, float]] = []
    for band in wordfreq.get_frequency_list("it", wordlist="large"):
        for word in band:
            if _WORD.match(word) and speller.spell(word):
                kept.append((word, wordfreq.zipf_frequency(word, "it", wordlist="large")))
        if len(kept) >= args.size:
            break
    kept = kept[: args.size]
    header = (
        f"# Italian word frequencies (Zipf scale) for ranking spelling suggestions: {len(kept)} words.\n"
        f"# Derived from wordfreq {wordfreq.__version__ if hasattr(wordfreq, '__version__') else '3.1.1'}"
        " (Robyn Speer et al.), data licensed CC BY-SA 4.0;\n"
        "# filtered to words the it_IT Hunspell dictionary accepts. See NOTICE.md.\n"
    )
    write_list("it_freq.tsv.gz", header, kept)
    english(wordfreq, args.english_size)


def write_list(name: str, header: str, kept: list[tuple[str, float]]) -> None:
    """A word list as the speller reads it: a comment header, then "word<TAB>zipf" lines."""
    body = "".join(f"{w}\t{z:.2f}\n" for w, z in kept)
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(DATA / name, "wb", compresslevel=9, mtime=0) as out:
        out.write((header + body).encode("utf-8"))
    print(f"wrote {len(kept)} words to {DATA / name}")


_ENGLISH = re.compile(r"^[a-z]{3,}$")
ROMANCE = ("it", "es", "fr", "pt")
ROMANCE_MARGIN = 1.0  # Zipf: ten times more frequent in one of these than in English
SHORT_MIN_ZIPF = 3.5  # three-letter words must be at least this common in English


def english(wordfreq, size: int) -> None:
    """The most common English words, with their Zipf frequency in Italian text."""
    kept: list[tuple[str, float]] = []
    for band in wordfreq.get_frequency_list("en", wordlist="large"):
        for word in band:
            if not _ENGLISH.match(word):
                continue
            zipf = {lang: wordfreq.zipf_frequency(word, lang, wordlist="large") for lang in ("en", *ROMANCE)}
            if len(word) == 3 and zipf["en"] < SHORT_MIN_ZIPF:
                continue  # rarer three-letter "words" are abbreviations and names: "rsa", "fco", "uci"
            if max(zipf[lang] for lang in ROMANCE) >= zipf["en"] + ROMANCE_MARGIN:
                continue  # Romance words, names and misspellings: "que", "des", "reina", "pero"
            kept.append((word, zipf["it"]))
        if len(kept) >= size:
            break
    kept = kept[:size]
    header = (
        f"# The {len(kept)} most common English words of three letters or more, most frequent first,\n"
        "# each with its Zipf frequency in Italian text (0 = unseen); left out: words ten times more\n"
        "# frequent in it/es/fr/pt than in English, three-letter words below Zipf 3.5 in English.\n"
        "# Derived from wordfreq 3.1.1 (Robyn Speer et al.; its English data includes SUBTLEX-US and\n"
        "# SUBTLEX-UK by Marc Brysbaert et al.), data licensed CC BY-SA 4.0. See NOTICE.md.\n"
    )
    write_list("en_words.tsv.gz", header, kept)


if __name__ == "__main__":
    main()
