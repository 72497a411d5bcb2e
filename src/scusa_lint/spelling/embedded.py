"""The embedded, offline Italian speller: Hunspell's decisions, frequency-ranked suggestions.

*Is a word right?* is answered by libhunspell (through ``chunspell``) with the LibreOffice it_IT
dictionary shipped in ``data/``; it knows the inflections ("provvederemo", "disservizio") that a
frequency list misses. *What should it be?* is answered here, not by Hunspell (whose suggestions
are slow and often second-best): the candidates one edit away that Hunspell accepts are ranked by
Italian word frequency (``data/it_freq.tsv.gz``, derived from wordfreq) and by how typical the
edit is (a doubled or missing double consonant, a wrong accent and a swapped pair are cheap).
Two edits are tried only when one finds nothing, within a time budget.

A word Hunspell rejects is still accepted when it is explained (see ``EmbeddedSpeller._unknown``):

- a common English word (``data/en_words.tsv.gz``, from wordfreq): the loanwords of support
  Italian ("report", "workspace", "voucher");
- a known prefix followed by a word the speller accepts ("rietichettato", "autolettura",
  "coprizaino"), or two English words run together ("webhook", "changelog");

unless it is one typical slip from an Italian word that is much more common than the word itself
is in Italian text: "moment" (momento), "sara" (sarà), "cone" (come), "detaglio" (de + taglio,
but dettaglio) are still flagged. Such an English word is let through only next to another
English word ("low cost", "Customer Success").

Nothing is loaded until the first word is checked: ``EmbeddedSpeller()`` is cheap, and importing
this module does not import Hunspell. The English list is read only when Hunspell rejects a word.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import zlib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from scusa_lint.cache import cache_dir, is_table_of, read_marshal, write_marshal
from scusa_lint.limits import check_time

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
FILE_SUGGEST_BUDGET = 4.0  # seconds of suggestions per text; later misspellings are reported without
MAX_STORED_VERDICTS = 200_000  # word types kept in the cache across runs

# Words Hunspell rejects that are explained all the same (see ``EmbeddedSpeller._unknown``).
# Prefixes that make new Italian words freely ("ri-etichettato", "auto-lettura", "copri-zaino");
# what follows them must be a word the speller accepts, of four letters or more.
PREFIXES = tuple(sorted((
    "ri", "re", "pre", "post", "de", "dis", "co", "bi", "tri", "ex", "sub",
    "auto", "anti", "multi", "pluri", "poli", "mono", "super", "iper", "ultra", "extra", "micro", "mini", "maxi",
    "macro", "mega", "semi", "neo", "contro", "sotto", "sovra", "sopra", "inter", "intra", "infra", "trans", "vice",
    "proto", "pseudo", "retro", "stra", "fuori", "eco", "euro", "tele", "radio", "foto", "video", "elettro", "bio",
    "geo", "termo", "idro", "aero", "agro", "moto", "cine", "copri", "porta", "salva", "lava", "apri", "para",
), key=lambda prefix: (-len(prefix), prefix)))
_PREFIX_SET = frozenset(PREFIXES)
MIN_STEM = 4  # letters after a prefix
# Two-letter English particles that start a compound ("onboarding") or stand in a hyphenated
# English word ("pick-up", "add-on", "opt-in").
_PARTICLES = frozenset(("on", "up", "in", "by", "to", "of"))
# An explained word is flagged all the same when it is one typical slip from an Italian word that
# is more common, in Italian text, than the word itself by the slip's margin (in Zipf units, log10
# of frequency): the commoner the slip, the smaller the margin. "sara" (Italian Zipf 4.5) is a
# missing final accent from "sarà" (5.7): flagged; "moment" (3.3) a dropped letter from "momento"
# (5.7): flagged; "problem" (3.6) from "problema" (5.55): 1.99 apart, let through (a measured
# trade-off: the loanword "form" is as near "forma").
# A slip at the first letter is rarer: its margin is FIRST_LETTER_MARGIN larger ("ono" <- "sono").
SLIP_MARGINS = {
    "final accent": 0.2,  # già -> gia
    "accent": 0.6,  # perché -> perche
    "apostrophe": 0.8,  # dell' -> dell
    "double": 0.8,  # dettaglio -> detaglio, al -> all
    "dropped": 2.0,  # consegna -> cosegna, dispiace -> dispace
    "swapped": 1.6,  # two letters swapped: ricevuto -> ricveuto
    "near key": 1.6,  # come -> cone (m, n)
    "extra": 2.0,  # a letter too many
    "far key": 3.0,  # any other letter for another: rare as a slip of one given word
}
FIRST_LETTER_MARGIN = 1.0
UNSEEN_ZIPF = 1.0  # Italian frequency of a compound or of an English word unseen in Italian text

# the endings of an -izzare verb (infinitive, participles, gerund, common finite forms) and its noun
_IZZARE_ENDINGS = frozenset(
    "izz" + e for e in ("are", "ato", "ata", "ati", "ate", "ando", "a", "ano", "iamo", "ate", "erà", "eranno",
                        "eremo", "erò", "azione", "azioni"))

# Verdicts on a word Hunspell rejects, kept across runs with Hunspell's under "\x01" + the word.
_UNEXPLAINED, _ENGLISH, _ENGLISH_NEAR, _COMPOUND = 0, 1, 2, 3
_RULES = repr((PREFIXES, sorted(_PARTICLES), sorted(SLIP_MARGINS.items()), FIRST_LETTER_MARGIN, UNSEEN_ZIPF, MIN_STEM,
               sorted(_IZZARE_ENDINGS)))


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
    english: bool = False  # an English word near an Italian one: let through next to English


def data_path() -> Path:
    """The folder of the shipped dictionary and word lists."""
    return Path(str(resources.files("scusa_lint.spelling") / "data"))


def _read_list(name: str) -> list[str]:
    text = (data_path() / name).read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _read_table(name: str) -> dict[str, float]:
    """A shipped ``word<TAB>zipf`` list (gzip, "#" comment lines first) as a dict, read fast."""
    text = gzip.decompress((data_path() / name).read_bytes()).decode("utf-8")
    start = 0
    while text.startswith("#", start):
        start = text.index("\n", start) + 1
    cells = text[start:].rstrip("\n").replace("\n", "\t").split("\t")
    return dict(zip(cells[0::2], map(float, cells[1::2]), strict=True))


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
        self._suggest_until = float("inf")  # end of the current text's suggestion time
        self._hunspell = None
        self._freq: dict[str, float] | None = None
        self._english: dict[str, float] | None = None
        self._lock = threading.Lock()
        # Verdicts by word type, kept across runs: a draft of known words never loads the dictionary.
        self._spell_cache: dict[str, bool | int] = read_marshal(
            self._verdicts_path(), lambda value: is_table_of(value, str, lambda v: isinstance(v, (bool, int)))) or {}
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
            self._freq = _read_table("it_freq.tsv.gz")
        return self._freq

    @property
    def english(self) -> dict[str, float]:
        """Common English words -> their Zipf frequency in Italian text (read on first use)."""
        if self._english is None:
            self._english = _read_table("en_words.tsv.gz")
        return self._english

    def describe(self) -> str:
        return "embedded (Hunspell, LibreOffice it_IT dictionary 5.1.1, via chunspell)"

    def close(self) -> None:
        if self._stored_verdicts < len(self._spell_cache) <= MAX_STORED_VERDICTS:
            write_marshal(self._verdicts_path(), self._spell_cache)
            self._stored_verdicts = len(self._spell_cache)

    def _verdicts_path(self) -> Path:
        """The verdict cache of this dictionary and these word lists and rules (a change to any
        of them starts a new one)."""
        folder = self._data_dir or data_path()
        stamp = "-".join(f"{(folder / name).stat().st_size}" for name in ("it_IT.dic", "it_IT.aff", "loanwords.txt")
                         if (folder / name).exists())
        lists = "".join(f"{(data_path() / name).stat().st_size}" for name in ("en_words.tsv.gz", "it_freq.tsv.gz"))
        rules = zlib.crc32((lists + _RULES).encode())
        where = zlib.crc32(str(folder.resolve()).encode())
        return cache_dir() / f"spelling-verdicts-{where:08x}-{stamp}-{rules:08x}.marshal"

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
        items = words if isinstance(words, list) else list(words)
        self._suggest_until = time.perf_counter() + FILE_SUGGEST_BUDGET
        for index, (start, _end, word, initial) in enumerate(items):
            check_time()
            key = word + "\x00" if initial and word[:1].isupper() else word
            parts = cache.get(key)
            if parts is None:
                parts = self._analyse(word, initial)
                if len(cache) > 200_000:
                    cache.clear()
                if time.perf_counter() < self._suggest_until:  # parts without suggestions are not kept
                    cache[key] = parts
            if not parts:
                continue
            if accept and word.lower() in accept:
                continue
            for part in parts:
                text = word[part.start:part.end]
                if accept and text.lower() in accept:
                    continue
                if part.english and self._next_to_english(items, index):
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
            return self._hyphenated(word)
        if _camel(word):
            # Courtesy enclitic ("rimborsarLe"): the lower-case form decides. Other internal
            # capitals are brands and products ("PayPal", "iPhone"): not words of the language.
            if ENCLITIC.match(word):
                return () if self.spell(lower) else (self._rejected(0, len(word), word),)
            return ()
        verdict = self._unknown(lower)
        if verdict in (_ENGLISH, _COMPOUND):
            return ()
        parts = self._capitalised(word, initial) if word[0].isupper() else (self._rejected(0, len(word), word),)
        if verdict == _ENGLISH_NEAR:
            parts = tuple(replace(part, english=True) for part in parts)
        return parts

    def _hyphenated(self, word: str) -> tuple[_Part, ...]:
        """The pieces of a hyphenated word, checked one by one, except a known prefix before
        another piece ("ri-etichettato", "pre-autorizzazione"). In an English compound (a piece
        is an English word: "pick-up", "low-cost", "opt-in") two-letter pieces and English words
        near an Italian one pass."""
        pieces = word.split("-")
        rejected = []
        pos = 0
        for i, piece in enumerate(pieces):
            prefix = piece.lower() in _PREFIX_SET and i < len(pieces) - 1
            if len(piece) > 1 and not prefix and (parts := self._analyse(piece)):
                rejected.append((pos, piece, parts))
            pos += len(piece) + 1
        if not rejected:
            return ()
        english = any(self._foreign(piece) for piece in pieces)
        return tuple(_shift(part, pos) for pos, piece, parts in rejected if not (english and len(piece) == 2)
                     for part in parts if not (english and part.english))

    # -- words Hunspell rejects ------------------------------------------------------------------

    def _unknown(self, lower: str) -> int:
        """Is a lower-case word that Hunspell rejects explained all the same?

        - ``_ENGLISH``: a common English word (the loanwords of support Italian);
        - ``_COMPOUND``: a known prefix and a word the speller accepts ("riaccredito",
          "multiutenza"), or two English words ("webhook", "onboarding");
        - ``_ENGLISH_NEAR``: an English word one edit from a much more common Italian word
          ("moment", "sara", "cone"): flagged unless it stands next to another English word;
        - ``_UNEXPLAINED``: neither, or a compound one edit from a common Italian word
          ("detaglio" is de + taglio, and one letter from "dettaglio").
        """
        key = "\x01" + lower
        verdict = self._spell_cache.get(key)
        if verdict is None:
            zipf = self.english.get(lower)
            if zipf is not None:
                verdict = _ENGLISH_NEAR if self._near_italian(lower, zipf) else _ENGLISH
            elif self._compound(lower) or self._english_compound(lower) or self._izzare(lower):
                verdict = _UNEXPLAINED if self._near_italian(lower, UNSEEN_ZIPF) else _COMPOUND
            else:
                verdict = _UNEXPLAINED
            if len(self._spell_cache) > 500_000:
                self._spell_cache.clear()
            self._spell_cache[key] = verdict
        return verdict

    def _near_italian(self, lower: str, zipf: float) -> bool:
        """Is ``lower`` (whose Zipf frequency in Italian text is ``zipf``) one typical slip from
        a much more common Italian word? See ``SLIP_MARGINS``."""
        limit = max(zipf, UNSEEN_ZIPF)
        freq = self.frequencies
        for candidate, margin in _slips(lower):
            other = freq.get(candidate)
            if other is not None and other - limit >= margin:
                return True
        return False

    def _known(self, word: str) -> bool:
        """Hunspell's verdict when it is loaded, else the frequency list's (for the name policy
        applied to LanguageTool's matches, which never loads Hunspell)."""
        return self.spell(word) if self._hunspell is not None else word in self.frequencies

    def _compound(self, lower: str, depth: int = 2) -> bool:
        """A known prefix followed by a word the speller accepts (or an English word, or, once,
        another prefixed word: "preautorizzazione")."""
        for prefix in PREFIXES:
            if lower.startswith(prefix) and len(lower) - len(prefix) >= MIN_STEM:
                stem = lower[len(prefix):]
                if (self._known(stem) or self._unknown(stem) in (_ENGLISH, _COMPOUND)
                        or (depth > 1 and self._compound(stem, depth - 1))):
                    return True
        return False

    def _izzare(self, lower: str) -> bool:
        """A verb of the productive -izzare family, or its -izzazione noun, built on a word the speller
        knows ("anonimizzata" on anonimo, "velocizzeremo" on veloce), which dictionaries lag behind."""
        at = lower.rfind("izz")
        if at < MIN_STEM or lower[at:] not in _IZZARE_ENDINGS:
            return False
        stem = lower[:at]
        return any(self._known(stem + vowel) for vowel in "oea") or stem in self.english

    def _english_compound(self, lower: str) -> bool:
        """Two English words run together ("webhook", "changelog"), the first of them possibly
        a particle ("onboarding")."""
        english = self.english
        if len(lower) >= 6 and lower[:2] in _PARTICLES and lower[2:] in english:
            return True
        return any(lower[:i] in english and lower[i:] in english for i in range(3, len(lower) - 2))

    def explained(self, word: str, items=(), index: int = -1) -> bool:
        """Would this speller let ``word`` through although it is not in the dictionary (an
        English word, a prefixed or English compound; see ``_unknown``)? ``items[index]`` is the
        word's place among the words of its text (``tokens.iter_words``), for the English
        context. For the matches of another speller (LanguageTool); without Hunspell loaded, the
        stem after a prefix must be on the frequency list."""
        lower = word.lower().rpartition("'")[2]  # the word after an elision: dell'upgrade
        pieces = [piece for piece in lower.split("-") if piece]
        if not pieces:
            return False
        if len(pieces) > 1:
            english = any(self._foreign(piece) for piece in pieces)
            return all(piece in _PREFIX_SET or (english and len(piece) <= 2) or self._known(piece)
                       or self.explained(piece) or (english and self._unknown(piece) == _ENGLISH_NEAR)
                       for piece in pieces)
        verdict = self._unknown(lower)
        return verdict in (_ENGLISH, _COMPOUND) or (
            verdict == _ENGLISH_NEAR and 0 <= index < len(items) and self._next_to_english(items, index))

    def _foreign(self, word: str) -> bool:
        """An English word that is not Italian (for the English context of a neighbour)."""
        lower = word.lower()
        return lower in self.english and lower not in self.frequencies

    def _next_to_english(self, items, index: int) -> bool:
        """Does the word ``items[index]`` stand next to an English word, in the same sentence
        with one space between ("low cost", "Customer Success")?"""
        start, end, _word, initial = items[index]
        if index > 0 and not initial:
            before = items[index - 1]
            if start - before[1] == 1 and self._foreign(before[2]):
                return True
        if index + 1 < len(items):
            after = items[index + 1]
            if after[0] - end == 1 and not after[3] and self._foreign(after[2]):
                return True
        return False

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
        if time.perf_counter() > self._suggest_until:  # this file has had its share of suggestion time
            return _Part(start, end, (), None)
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


def _slips(word: str):
    """``(intended, margin)``: the words ``word`` could be a slip of, by one edit, with the
    margin of that kind of slip (``SLIP_MARGINS``, plus ``FIRST_LETTER_MARGIN`` at the start)."""
    m = SLIP_MARGINS
    n = len(word)
    for i in range(n + 1):
        left, right = word[:i], word[i:]
        extra = FIRST_LETTER_MARGIN if i == 0 else 0.0
        for ch in ALPHABET:
            # ``word`` lacks a letter: a doubled one ("detaglio"), an apostrophe, any other.
            doubled = left[-1:] == ch or right[:1] == ch
            kind = "double" if doubled else "apostrophe" if ch == "'" else "dropped"
            yield left + ch + right, m[kind] + extra
        if not right:
            continue
        first = right[0]
        doubled = left[-1:] == first or right[1:2] == first
        yield left + right[1:], m["double" if doubled else "extra"] + extra
        if len(right) > 1 and right[1] != first:
            yield left + right[1] + first + right[2:], m["swapped"] + extra
        for ch in ALPHABET:
            if ch == first:
                continue
            if _BASE.get(ch, ch) == _BASE.get(first, first):
                kind = "final accent" if len(right) == 1 and ch in _BASE else "accent"
            elif ch in _NEIGHBOURS.get(first, ()) or frozenset((first, ch)) in _SOUNDALIKE:
                kind = "near key"
            else:
                kind = "far key"
            yield left + ch + right[1:], m[kind] + extra


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
