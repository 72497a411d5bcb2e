"""Maintainer tool: derive ``data/it_freq.tsv.gz`` from wordfreq's Italian list.

Not used at run time (scusa-lint does not depend on wordfreq). Run it in a throw-away
environment that has ``wordfreq`` and ``chunspell`` installed::

    python -m scusa_lint.spelling._make_frequency [--size 60000]

The result keeps the most frequent words that the shipped Hunspell dictionary accepts in lower
case, with wordfreq's Zipf frequency (log10 of occurrences per billion words). wordfreq's data is
CC BY-SA 4.0; the derived file carries the same licence and attribution (see data/NOTICE.md).
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


if __name__ == "__main__":
    main()
