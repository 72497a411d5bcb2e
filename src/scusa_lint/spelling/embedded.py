"""The embedded, offline Italian speller: Hunspell's decisions, frequency-ranked suggestions.

*Is a word right?* is answered by libhunspell (through ``chunspell``) with the LibreOffice it_IT
dictionary shipped in ``data/``; it knows the inflections ("provvederemo", "disservizio") that a
frequency list misses. *What should it be?* is answered here, not by Hunspell (whose suggestions
are slow and often second-best): the candidates one edit away that Hunspell accepts are ranked by
Italian word frequency (``data/it_freq.tsv.gz``, derived from wordfreq) and by how typical the
edit is (a doubled or missing double consonant, a wrong accent and a swapped pair are cheap).
Two edits are tried only when one finds nothing, within a time budget.

Nothing is loaded until the first word is checked: ``EmbeddedSpeller()`` is cheap, and importing
this module does not import Hunspell.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from scusa_lint.cache import cache_dir, read_marshal, write_marshal

# Error forms that the dictionary's rules would let through or that deserve a sure fix.
KNOWN_ERRORS: dict[str, str] = {
    "qual'è": "qual è",
    "qual'era": "qual era",
    "un'altro": "un altro",
    "pò": "po'",
    "e'": "è",
    "perchè": "perché",
    "poichè": "poiché",
    "finchè": "finché",
    "benchè": "benché",
    "affinchè": "affinché",
    "nonchè": "nonché",
    "purchè": "purché",
    "sicchè": "sicché",
    "cosicchè": "cosicché",
    "giacchè": "giacché",
    "anzichè": "anziché",
    "fuorchè": "fuorché",
    "nè": "né",
    "sè": "sé",
    "trè": "tre",
    "quì": "qui",
    "quà": "qua",
    "sù": "su",
    "stò": "sto",
    "fà": "fa",
    "và": "va",
    "fù": "fu",
    "piu'": "più",
    "perche'": "perché",
    "pero'": "però",
    "gia'": "già",
    "puo'": "può",
    "cosi'": "così",
    "e'stato": "è stato",
}

# Elided forms that stand alone before a word written separately ("l' ordine") or at a line end.
ELIDED = frozenset((
    "l'", "un'", "dell'", "dall'", "nell'", "all'", "sull'", "coll'", "pell'", "quest'", "quell'", "c'", "d'",
    "s'", "m'", "t'", "v'", "n'", "po'", "mo'", "be'", "de'", "tutt'", "com'", "dov'", "anch'", "buon'",
    "bell'", "sant'", "grand'", "senz'", "quant'", "tant'", "qualcos'", "cos'", "gliel'", "ce'", "ne'",
    "nessun'", "ciascun'", "alcun'", "qualcun'", "mezz'", "ch'", "gl'", "mill'", "dev'", "sott'", "sopr'",
    "fin'", "nient'", "null'", "altr'",
))

# Courtesy enclitics written with a capital towards the customer: rimborsarLe, contattarLa,
# inviarGlielo, comunicandoLe. The lower-case form is what the dictionary knows.
ENCLITIC = re.compile(r"^[A-Za-zàèéìíòóù]+?(?:La|Le|Li|Lo|Gli|Ne|Glie(?:lo|la|li|le|ne)|Ce(?:lo|la|li|le|ne)|Vi|Ci)$")

ALPHABET = "abcdefghijklmnopqrstuvwxyzàèéìíòóù'"
_ACCENTS = {"a": "à", "e": "èé", "i": "ìí", "o": "òó", "u": "ùú"}
_BASE = {acc: base for base, accs in _ACCENTS.items() for acc in accs}
_KEYBOARD = (
    "qwertyuiop", "asdfghjkl", "zxcvbnm",
)
_NEIGHBOURS: dict[str, set[str]] = {}
for _r, _row in enumerate(_KEYBOARD):
    for _c, _ch in enumerate(_row):
        near = set()
        for dr in (-1, 0, 1):
            if 0 <= _r + dr < len(_KEYBOARD):
                other = _KEYBOARD[_r + dr]
                for dc in (-1, 0, 1):
                    if 0 <= _c + dc < len(other) and (dr or dc):
                        near.add(other[_c + dc])
        _NEIGHBOURS[_ch] = near
_SOUNDALIKE = {frozenset(p) for p in ("sz", "cg", "ck", "cq", "qk", "bp", "td", "vf", "mn", "lr", "gq")}
_SINGULAR_END, _PLURAL_END = set("oa"), set("i")

DOUBLING = 0.4  # cost of a doubled or missing double consonant, the commonest Italian slip
ACCENT = 0.3  # a wrong or missing accent: perchè -> perché
FINAL_ACCENT = 0.1  # the accent a final vowel lacks, as typed on keyboards without it: verra -> verrà
FIRST_LETTER = 0.5  # extra cost of an edit at the first letter
SPLIT = 1.5  # cost of each space inserted into a run-on word
RARE_ZIPF = 1.5  # frequency given to a word Hunspell accepts that is not in the frequency list
EDIT_WEIGHT = 2.0  # one unit of edit cost = two orders of magnitude of frequency
SUGGEST_BUDGET = 0.4  # seconds; suggestions never take longer than this (plus one check)
MAX_STORED_VERDICTS = 200_000  # word types kept in the cache across runs


@dataclass(frozen=True)
class Misspelling:
    """A word (or part of one) the speller rejects, in offsets of the text it was given."""

    start: int
    end: int
    word: str
    suggestions: tuple[str, ...] = ()
    replacement: str | None = None  # a sure fix ("E'" -> "È"), else None


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    suggestions: tuple[str, ...]
    replacement: str | None


def data_path() -> Path:
    """The folder of the shipped dictionary and word lists."""
    return Path(str(resources.files("scusa_lint.spelling") / "data"))


def _read_list(name: str) -> list[str]:
    text = (data_path() / name).read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def match_case(model: str, word: str) -> str:
    """``word`` written with the capitalisation of ``model`` (Title or lower)."""
    if model[:1].isupper() and not word[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class EmbeddedSpeller:
    """Hunspell with the it_IT dictionary, a cache by word type and ranked suggestions."""

    name = "embedded"

    def __init__(self, data_dir: Path | None = None, budget: float = SUGGEST_BUDGET) -> None:
        self._data_dir = data_dir
        self.budget = budget
        self._hunspell = None
        self._freq: dict[str, float] | None = None
        self._lock = threading.Lock()
        # Verdicts by word type, kept across runs: a draft of known words never loads the dictionary.
        self._spell_cache: dict[str, bool] = read_marshal(self._verdicts_path()) or {}
        self._stored_verdicts = len(self._spell_cache)
        self._parts_cache: dict[str, tuple[_Part, ...]] = {}
        self._suggest_cache: dict[str, tuple[tuple[str, float, float], ...]] = {}
        self._extra: frozenset[str] = frozenset()
        self._blocked: frozenset[str] = frozenset()
        self._blocked_prefixes: tuple[str, ...] = ()

    # -- loading -------------------------------------------------------------------------------

    def load(self, frequencies: bool = False) -> EmbeddedSpeller:
        """Load the dictionary now (otherwise the first check does), and the frequency list too
        if ``frequencies`` (otherwise the first suggestion does)."""
        if frequencies:
            _ = self.frequencies
        if self._hunspell is None:
            with self._lock:
                if self._hunspell is None:
                    import hunspell  # chunspell's module; imported only when spelling is on

                    folder = self._data_dir or data_path()
                    self._extra = frozenset(_read_list("loanwords.txt"))
                    blocked = _read_list("offensive.txt")
                    self._blocked = frozenset(w for w in blocked if not w.endswith("*"))
                    self._blocked_prefixes = tuple(w[:-1] for w in blocked if w.endswith("*"))
                    self._hunspell = hunspell.Hunspell("it_IT", hunspell_data_dir=str(folder))
        return self

    @property
    def frequencies(self) -> dict[str, float]:
        if self._freq is None:
            freq: dict[str, float] = {}
            with gzip.open(data_path() / "it_freq.tsv.gz", "rt", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("#"):
                        continue
                    word, _, zipf = line.rstrip("\n").partition("\t")
                    freq[word] = float(zipf)
            self._freq = freq
        return self._freq

    def describe(self) -> str:
        return "embedded (Hunspell, LibreOffice it_IT dictionary 5.1.1, via chunspell)"

    def close(self) -> None:
        if self._stored_verdicts < len(self._spell_cache) <= MAX_STORED_VERDICTS:
            write_marshal(self._verdicts_path(), self._spell_cache)
            self._stored_verdicts = len(self._spell_cache)

    def _verdicts_path(self) -> Path:
        """The verdict cache of this dictionary and word list (a change to either starts a new one)."""
        folder = self._data_dir or data_path()
        stamp = "-".join(f"{(folder / name).stat().st_size}" for name in ("it_IT.dic", "it_IT.aff", "loanwords.txt")
                         if (folder / name).exists())
        where = zlib.crc32(str(folder.resolve()).encode())
        return cache_dir() / f"spelling-verdicts-{where:08x}-{stamp}.marshal"

    # -- checking ------------------------------------------------------------------------------

    def spell(self, word: str) -> bool:
        """Does the dictionary (or the shipped list of loanwords) accept ``word`` as written?"""
        known = self._spell_cache.get(word)
        if known is None:
            if self._hunspell is None:
                self.load()
            known = word.lower() in self._extra or bool(self._hunspell.spell(word))
            if len(self._spell_cache) > 500_000:
                self._spell_cache.clear()
            self._spell_cache[word] = known
        return known

    def check_words(self, words, accept=None) -> list[Misspelling]:
        """Misspellings among ``(start, end, word, initial)`` items (see ``tokens.iter_words``).

        ``accept`` is the user's own word list, in lower case: those words are never flagged.
        """
        found = []
        cache = self._parts_cache
        for start, _end, word, initial in words:
            key = word + "\x00" if initial and word[:1].isupper() else word
            parts = cache.get(key)
            if parts is None:
                parts = self._analyse(word, initial)
                if len(cache) > 200_000:
                    cache.clear()
                cache[key] = parts
            if not parts:
                continue
            if accept and word.lower() in accept:
                continue
            for part in parts:
                text = word[part.start:part.end]
                if accept and text.lower() in accept:
                    continue
                found.append(Misspelling(start + part.start, start + part.end, text, part.suggestions,
                                         part.replacement))
        return found

    def _analyse(self, word: str, initial: bool = False) -> tuple[_Part, ...]:
        """The rejected parts of one word (usually none; the whole word; or one part of it)."""
        lower = word.lower()
        fix = KNOWN_ERRORS.get(lower)
        if fix is not None:
            if lower == "e'" and word == "E'":
                fix = "È"
            fixed = match_case(word, fix)
            return (_Part(0, len(word), (fixed,), fixed),)
        if self.spell(word) or (lower != word and self.spell(lower) and not _camel(word)):
            return ()
        if word.endswith("'"):
            if lower in ELIDED:
                return ()
            # An apostrophe typed for an accent ("cio'", "citta'"): a sure fix when one accented
            # form is a word.
            if len(word) > 2 and lower[-2] in _ACCENTS:
                accented = [word[:-2] + acc for acc in _ACCENTS[lower[-2]]
                            if self.spell(word[:-2] + acc)]
                if len(accented) == 1:
                    return (_Part(0, len(word), (accented[0],), accented[0]),)
            return (self._rejected(0, len(word), word),)
        if "'" in word[:-1]:
            head_end = word.index("'") + 1
            head, tail = word[:head_end], word[head_end:]
            parts = [] if head.lower() in ELIDED else [self._rejected(0, head_end, head)]
            if len(tail) > 1:
                parts.extend(_shift(p, head_end) for p in self._analyse(tail))
            return tuple(parts)
        if "-" in word:
            parts = []
            pos = 0
            for piece in word.split("-"):
                if len(piece) > 1:
                    parts.extend(_shift(p, pos) for p in self._analyse(piece))
                pos += len(piece) + 1
            return tuple(parts)
        if _camel(word):
            # Courtesy enclitic ("rimborsarLe"): the lower-case form decides. Other internal
            # capitals are brands and products ("PayPal", "iPhone"): not words of the language.
            if ENCLITIC.match(word):
                return () if self.spell(lower) else (self._rejected(0, len(word), word),)
            return ()
        if word[0].isupper():
            return self._capitalised(word, initial)
        return (self._rejected(0, len(word), word),)

    def _capitalised(self, word: str, initial: bool) -> tuple[_Part, ...]:
        """The name policy for a capitalised word the dictionary does not know.

        Mid-sentence, such a word is most often a name (of a person, a brand, a place:
        "Santoro", "Martini", "Sanna"), so it is flagged only when it is a typical slip away from
        a common word, among the candidates one edit away:

        - a doubled or missing double consonant or a wrong accent, towards a word of Zipf
          frequency >= 2.5 ("Egreggio" -> "egregio"), for words of 6 letters or more;
        - a wrong final vowel, towards a word of Zipf >= 4 ("Cliento" -> "cliente"), 6 letters or more;
        - any single edit towards one of the most common words, Zipf >= 5 ("Grazi", "Avate").

        At the start of a sentence or of a line the capital says nothing, so any single edit
        towards a word of Zipf >= 3 is enough ("Cordali saluti"). Words shorter than 5 letters
        are never flagged ("Eni", "Hera", "Ikea" are one edit from "era", "idea").
        """
        if self.looks_like_typo(word, initial):
            return (self._rejected(0, len(word), word),)
        return ()

    def looks_like_typo(self, word: str, initial: bool) -> bool:
        """The name policy's decision (see ``_capitalised``). Needs only the frequency list, not
        Hunspell, so the LanguageTool backend applies the same policy to its own matches."""
        size = len(word)
        if size < 5:
            return False
        lower = word.lower()
        freq = self.frequencies
        for candidate, cost in _edits1(lower).items():
            zipf = freq.get(candidate)
            if zipf is None or cost > 1.0:
                continue
            if (
                (cost <= 0.5 and zipf >= 2.5 and (size >= 6 or initial))
                or zipf >= 5.0
                or (initial and zipf >= 3.0)
                or (size >= 6 and zipf >= 4.0 and _final_vowel_slip(lower, candidate))
            ):
                return True
        return False

    def _rejected(self, start: int, end: int, word: str) -> _Part:
        return _Part(start, end, tuple(self.suggest(word)), None)

    # -- suggestions ---------------------------------------------------------------------------

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` corrections of ``word``, best first, in its capitalisation.

        Never takes much more than ``self.budget`` seconds; offensive words are never offered.
        """
        lower = word.lower()
        fix = KNOWN_ERRORS.get(lower)
        if fix is not None:
            return [match_case(word, "È" if word == "E'" else fix)]
        return [match_case(word, c) for c, _zipf, _cost in self._ranked(lower)[:limit]]

    def _ranked(self, lower: str) -> tuple[tuple[str, float, float], ...]:
        """Candidates for a lower-case word: ``(candidate, zipf, cost)``, best first."""
        cached = self._suggest_cache.get(lower)
        if cached is not None:
            return cached
        deadline = time.perf_counter() + self.budget
        freq = self.frequencies
        edits = _edits1(lower)
        scored: dict[str, tuple[float, float]] = {}
        for candidate, cost in edits.items():
            zipf = freq.get(candidate)
            if zipf is not None:
                scored[candidate] = (zipf, cost)
        # Words the dictionary knows but the frequency list does not: rare inflections, and
        # elided forms ("d'accordo"), which weigh as much as the word after the apostrophe.
        for i, (candidate, cost) in enumerate(edits.items()):
            if candidate in scored or cost > 1.0:
                continue
            if i % 64 == 0 and time.perf_counter() > deadline:
                break
            if self.spell(candidate):
                _, apostrophe, after = candidate.rpartition("'")
                zipf = freq.get(after, RARE_ZIPF + 0.5) - 0.5 if apostrophe and after else RARE_ZIPF
                scored[candidate] = (zipf, cost)
        for candidate, (zipf, cost) in _splits(lower, freq).items():
            if candidate not in scored:
                scored[candidate] = (zipf, cost)
        if not scored and len(lower) <= 16:
            scored = self._two_edits(edits, freq, deadline)
        if not scored:
            scored = _splits(lower, freq, three=True)
        ranked = sorted(
            ((c, z, k) for c, (z, k) in scored.items() if not self._offensive(c)),
            key=lambda item: (-(item[1] - EDIT_WEIGHT * item[2]), item[0]),
        )[:10]
        result = tuple(ranked)
        if len(self._suggest_cache) > 20_000:
            self._suggest_cache.clear()
        self._suggest_cache[lower] = result
        return result

    def _two_edits(self, edits, freq, deadline) -> dict[str, tuple[float, float]]:
        """Frequent words two edits away (only asked when one edit finds nothing).

        Most two-edit slips hold a cheap one (a doubled letter, an accent: "pacheto",
        "disponibilta"), so those pairs are searched first, in a few milliseconds; any two edits
        are searched only if they find nothing, until the time budget runs out.
        """
        freq_keys = freq.keys()
        scored: dict[str, tuple[float, float]] = {}

        def score(first: str, cost1: float, hits) -> None:
            second = _edits1(first)
            for candidate in hits:
                cost = cost1 + second[candidate]
                if candidate not in scored or scored[candidate][1] > cost:
                    scored[candidate] = (freq[candidate], cost)

        ordered = sorted(edits.items(), key=lambda item: item[1])
        for first, cost1 in ordered:
            hits = (_edit_strings(first) if cost1 <= 0.5 else _cheap_strings(first)) & freq_keys
            if hits:
                score(first, cost1, hits)
        if scored:
            return scored
        for i, (first, cost1) in enumerate(ordered):
            if i % 16 == 0 and time.perf_counter() > deadline:
                break
            hits = _edit_strings(first) & freq_keys
            if hits:
                score(first, cost1, hits)
        return scored

    def _offensive(self, word: str) -> bool:
        return word in self._blocked or any(part.startswith(self._blocked_prefixes) for part in word.split())


def _final_vowel_slip(word: str, candidate: str) -> bool:
    return (len(word) == len(candidate) and word[:-1] == candidate[:-1]
            and word[-1] in "aeiou" and candidate[-1] in "aeiou")


def _shift(part: _Part, offset: int) -> _Part:
    return _Part(part.start + offset, part.end + offset, part.suggestions, part.replacement)


def _camel(word: str) -> bool:
    return any(ch.isupper() for ch in word[1:])


def _sub_cost(old: str, new: str, last: bool) -> float:
    if _BASE.get(old, old) == _BASE.get(new, new):
        return ACCENT  # wrong accent: perchè -> perché
    near = new in _NEIGHBOURS.get(old, ()) or frozenset((old, new)) in _SOUNDALIKE
    cost = 0.8 if near else 1.0
    if last and ((old in _SINGULAR_END and new in _PLURAL_END) or (old in _PLURAL_END and new in _SINGULAR_END)):
        cost += 0.4  # a final vowel that changes number: Cliento -> cliente before clienti
    return cost


def _cheap_strings(word: str) -> set[str]:
    """The strings one cheap edit from ``word``: a letter doubled or undoubled, an accent."""
    out = set()
    for i, ch in enumerate(word):
        out.add(word[:i] + ch + word[i:])  # doubled
        if i and word[i - 1] == ch:
            out.add(word[:i] + word[i + 1:])  # undoubled
        base = _BASE.get(ch, ch)
        for acc in _ACCENTS.get(base, ""):
            out.add(word[:i] + acc + word[i + 1:])
        if ch in _BASE:
            out.add(word[:i] + base + word[i + 1:])
    return out


def _edit_strings(word: str) -> set[str]:
    """Every string one edit from ``word`` (no costs: the fast path for two-edit search)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {left + right[1:] for left, right in splits if right}
    out.update(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1)
    out.update(left + ch + right[1:] for left, right in splits if right for ch in ALPHABET)
    out.update(left + ch + right for left, right in splits for ch in ALPHABET)
    return out


def _splits(word: str, freq: dict[str, float], three: bool = False) -> dict[str, tuple[float, float]]:
    """Run-on words split into two or three frequent words: "ciscusiamo" -> "ci scusiamo"."""
    found: dict[str, tuple[float, float]] = {}

    def common(part: str) -> float | None:
        zipf = freq.get(part)
        return zipf if zipf is not None and zipf >= 3.0 and len(part) > 1 else None

    for i in range(1, len(word)):
        left = common(word[:i])
        if left is None:
            continue
        rest = word[i:]
        right = common(rest)
        if right is not None:
            found[word[:i] + " " + rest] = (min(left, right), SPLIT)
            continue
        for j in range(2, len(rest) - 1) if three else ():
            middle, last = common(rest[:j]), common(rest[j:])
            if middle is not None and last is not None:
                found[word[:i] + " " + rest[:j] + " " + rest[j:]] = (min(left, middle, last), 2 * SPLIT)
    return found


def _edits1(word: str) -> dict[str, float]:
    """Every string one edit from ``word``, with the cost of the edit (lower = more typical).

    Doubling or undoubling a letter and changing an accent are cheap (the commonest Italian
    slips); adding the accent a final vowel lacks ("verra" -> "verrà") is cheapest; a keyboard
    neighbour or a sound-alike costs less than any other letter; the first letter of a word is
    rarely the wrong one, so edits there cost more.
    """
    out: dict[str, float] = {}

    def add(candidate: str, cost: float) -> None:
        old = out.get(candidate)
        if old is None or cost < old:
            out[candidate] = cost

    n = len(word)
    for i in range(n + 1):
        left, right = word[:i], word[i:]
        first_letter = FIRST_LETTER if i == 0 else 0.0
        if right:
            first = right[0]
            doubled = (left and left[-1] == first) or (len(right) > 1 and right[1] == first)
            add(left + right[1:], DOUBLING if doubled else 1.0 + first_letter)
            if len(right) > 1 and right[1] != first:
                add(left + right[1] + first + right[2:], 0.8 + first_letter)
            last = len(right) == 1
            rest = right[1:]
            for ch in ALPHABET:
                if ch != first:
                    cost = _sub_cost(first, ch, last)
                    if last and cost == ACCENT and ch in _BASE:
                        cost = FINAL_ACCENT
                    add(left + ch + rest, cost + (first_letter if cost > ACCENT else 0.0))
        for ch in ALPHABET:
            doubled = (left and left[-1] == ch) or (right and right[0] == ch)
            add(left + ch + right, DOUBLING if doubled else (0.6 if ch == "'" else 1.0 + first_letter))
    # An apostrophe written for an accent and the other way round: piu' -> più, pò -> po'.
    if n > 1 and word[-1] == "'" and word[-2] in _ACCENTS:
        for acc in _ACCENTS[word[-2]]:
            add(word[:-2] + acc, 0.3)
    if word and word[-1] in _BASE:
        add(word[:-1] + _BASE[word[-1]] + "'", 0.3)
    out.pop(word, None)
    return out
