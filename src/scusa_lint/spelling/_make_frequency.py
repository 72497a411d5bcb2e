"""Maintainer tool: derive ``data/it_freq.tsv.gz`` and ``data/en_words.tsv.gz`` from wordfreq.

Not used at run time (scusa-lint does not depend on wordfreq). Run it in a throw-away
environment that has ``wordfreq`` (3.1.1) and ``chunspell`` installed::

    python -m scusa_lint.spelling._make_frequency [--size 80000] [--english-size 40000]

- ``it_freq.tsv.gz`` keeps the most frequent Italian words that the shipped Hunspell dictionary
  accepts in lower case, with wordfreq's Zipf frequency (log10 of occurrences per billion words),
  for ranking suggestions.
- ``en_words.tsv.gz`` keeps the most frequent English words of three letters or more (a-z only),
  in order of English frequency, each with its Zipf frequency *in Italian text* (wordfreq's
  Italian list, 0 when unseen): how much Italian writers use it. The speller accepts a word that
  Hunspell rejects when it is on this list, unless it is one edit from a much more common Italian
  word, and uses the list for English compounds ("webhook") and English context ("low cost").

wordfreq's data is CC BY-SA 4.0; the derived files carry the same licence and attribution (see
data/NOTICE.md).
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
    body = "".join(f"{w}\t{z:.2f}\n" for w, z in kept)
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(DATA / "it_freq.tsv.gz", "wb", compresslevel=9, mtime=0) as out:
        out.write((header + body).encode("utf-8"))
    print(f"wrote {len(kept)} words to {DATA / 'it_freq.tsv.gz'}")
    english(wordfreq, args.english_size)


_ENGLISH = re.compile(r"^[a-z]{3,}$")


def english(wordfreq, size: int) -> None:
    """The most common English words, with their Zipf frequency in Italian text."""
    kept: list[tuple[str, float]] = []
    for band in wordfreq.get_frequency_list("en", wordlist="large"):
        for word in band:
            if _ENGLISH.match(word):
                kept.append((word, wordfreq.zipf_frequency(word, "it", wordlist="large")))
        if len(kept) >= size:
            break
    kept = kept[:size]
    header = (
        f"# The {len(kept)} most common English words of three letters or more, most frequent first,\n"
        "# each with its Zipf frequency in Italian text (0 = unseen).\n"
        "# Derived from wordfreq 3.1.1 (Robyn Speer et al.), data licensed CC BY-SA 4.0. See NOTICE.md.\n"
    )
    body = "".join(f"{w}\t{z:.2f}\n" for w, z in kept)
    with gzip.GzipFile(DATA / "en_words.tsv.gz", "wb", compresslevel=9, mtime=0) as out:
        out.write((header + body).encode("utf-8"))
    print(f"wrote {len(kept)} words to {DATA / 'en_words.tsv.gz'}")


if __name__ == "__main__":
    main()
