"""One spelling backend per run, chosen from the settings, shared by the ``spelling`` and
``grammar`` checks.

Choice (``speller`` = auto, the default):

1. a LanguageTool server URL: ``--languagetool-url``, config ``languagetool-url``, or the
   ``LANGUAGETOOL_URL`` environment variable;
2. else a local LanguageTool install under ``LTP_PATH`` (started once, stopped at the end);
3. else the embedded speller. When a LanguageTool set-up was given but cannot be used (a server
   that does not answer, an ``LTP_PATH`` without a LanguageTool jar, an install that does not
   start), one notice line on stderr says why; with no LanguageTool set-up at all the embedded
   speller is simply the default (no notice).

``speller = "languagetool"`` makes an unusable LanguageTool an error (``BackendError``, exit 2);
``speller = "embedded"`` never contacts LanguageTool.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from scusa_lint.errors import BackendError, ConfigError, InputError
from scusa_lint.limits import MAX_TOKEN_CHARS
from scusa_lint.spelling.embedded import ELIDED, KNOWN_ERRORS, EmbeddedSpeller, Misspelling, match_case
from scusa_lint.spelling.tokens import iter_words

if TYPE_CHECKING:
    from scusa_lint.config import Settings
    from scusa_lint.document import Document
    from scusa_lint.spelling.languagetool import LTMatch

SPELLERS = ("auto", "embedded", "languagetool")


def _stderr_notice(line: str) -> None:
    print(f"scusa-lint: {line}", file=sys.stderr)


#: Where the one-line fallback notice goes (``notices_shown(False)`` silences it, for --quiet).
notice: Callable[[str], None] = _stderr_notice


@contextmanager
def notices_shown(shown: bool) -> Iterator[None]:
    """Within the block, fallback notices go to stderr (``shown``) or nowhere."""
    global notice
    previous = notice
    notice = _stderr_notice if shown else (lambda _line: None)
    try:
        yield
    finally:
        notice = previous


def service_key(settings: Settings) -> tuple:
    """What makes two settings need different backends (for ``Services.get``)."""
    return (settings.speller, settings.languagetool_url, os.environ.get("LANGUAGETOOL_URL"),
            os.environ.get("LTP_PATH"))


def create_service(settings: Settings) -> SpellingService:
    """The factory registered as the ``speller`` service."""
    return SpellingService(select_backend(settings), may_fall_back=(settings.speller or "auto") == "auto")


def may_use_languagetool(settings: Settings) -> bool:
    """Could these settings pick LanguageTool (without contacting it)? A set ``LTP_PATH`` counts
    even without a jar in it: the run then stays in one process, so its notice is shown once."""
    if (settings.speller or "auto") == "embedded":
        return False
    url, jar = _languagetool_setup()
    return settings.speller == "languagetool" or bool(settings.languagetool_url or url or jar
                                                      or os.environ.get("LTP_PATH"))


def select_backend(settings: Settings):
    choice = settings.speller or "auto"
    if choice not in SPELLERS:
        raise ConfigError("speller", f"must be auto, embedded or languagetool, not {choice!r}")
    if choice == "embedded":
        return EmbeddedSpeller()
    from scusa_lint.spelling import languagetool as lt

    url = settings.languagetool_url or os.environ.get("LANGUAGETOOL_URL") or None
    jar = None if url else lt.find_local_jar()
    try:
        if url is None and jar is None:
            problem = lt.local_install_problem()
            if problem is not None:
                raise BackendError(lt.ltp_path_label(), problem)
            if choice == "languagetool":
                raise BackendError("speller languagetool", "no LanguageTool server: set --languagetool-url, "
                                   "the languagetool-url key or LANGUAGETOOL_URL, or LTP_PATH to a local install")
            return EmbeddedSpeller()
        if url is not None:
            return lt.LanguageToolBackend(url)
        server = lt.LocalServer(jar)
        return lt.LanguageToolBackend(server.url, server=server)
    except BackendError as exc:
        if choice == "languagetool":
            raise
        notice(f"{exc.where}: {exc.cause}; using the embedded speller instead")
        return EmbeddedSpeller()


class SpellingService:
    """Spelling and grammar issues of a document from the run's backend, computed once per
    document (both checks ask for the same document one after the other)."""

    def __init__(self, backend, *, may_fall_back: bool = False) -> None:
        self.backend = backend
        self.may_fall_back = may_fall_back  # ``auto``: a LanguageTool that fails mid-run gives way
        # The name policy for LanguageTool's matches (frequency list only; Hunspell is not loaded).
        self._policy = backend if isinstance(backend, EmbeddedSpeller) else EmbeddedSpeller()
        self._words_files: dict[Path, frozenset[str]] = {}
        self._last_doc: Document | None = None
        self._last_matches: list[LTMatch] = []

    @property
    def uses_languagetool(self) -> bool:
        return self.backend.name == "languagetool"

    def describe(self) -> str:
        return self.backend.describe()

    def close(self) -> None:
        self.backend.close()

    # -- the user's words ----------------------------------------------------------------------

    def accepted_words(self, settings: Settings) -> frozenset[str]:
        """Config ``words`` plus the lines of ``words-file``, in lower case."""
        words = {w.strip().lower() for w in settings.words if w.strip()}
        path = settings.words_file
        if path is not None:
            if path not in self._words_files:
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except OSError as exc:
                    raise ConfigError(str(path), f"words-file: {exc.strerror or exc}") from None
                except UnicodeDecodeError:
                    raise ConfigError(str(path), "words-file is not valid UTF-8") from None
                self._words_files[path] = frozenset(
                    line.split("#", 1)[0].strip().lower() for line in text.splitlines()
                    if line.split("#", 1)[0].strip())
            words |= self._words_files[path]
        return frozenset(words)

    # -- per document --------------------------------------------------------------------------

    def spelling(self, doc: Document, settings: Settings) -> list[Misspelling]:
        accept = self.accepted_words(settings)
        skip = [(p.start, p.end) for p in doc.placeholders]
        if self.uses_languagetool:
            self._matches(doc)  # a LanguageTool that fails now gives way to the embedded speller
        if not self.uses_languagetool:  # a "word" longer than any word (a hash, a run of letters) is not one
            words = [item for item in iter_words(doc.text, skip) if item[1] - item[0] <= MAX_TOKEN_CHARS]
            names = name_starts(doc.text, words)
            return self.backend.check_words([w for w in words if w[0] not in names], accept)
        return self._lt_spelling(doc, accept, skip)

    def grammar(self, doc: Document) -> list[LTMatch]:
        if not self.uses_languagetool:
            return []
        known = _known_error_spans(iter_words(doc.text, [(p.start, p.end) for p in doc.placeholders]))
        near_placeholder = [(p.start - 1, p.end + 1) for p in doc.placeholders]
        return [m for m in self._matches(doc) if not m.is_spelling
                and not _overlaps(m.start, m.end, near_placeholder)
                and (m.start, m.end) not in known]

    def _matches(self, doc: Document) -> list[LTMatch]:
        if self._last_doc is not doc:
            try:
                self._last_matches = self.backend.check(doc.text)
            except BackendError as exc:
                if not self.may_fall_back:  # speller = languagetool: this file is not checked
                    raise InputError(doc.path, f"not checked: {exc}") from None
                notice(f"{exc}; this and the remaining files are checked by the embedded speller "
                       "(no grammar checks)")
                self.backend.close()
                self.backend = self._policy
                self._last_matches = []
            self._last_doc = doc
        return self._last_matches

    def _lt_spelling(self, doc: Document, accept: frozenset[str], skip) -> list[Misspelling]:
        words = list(iter_words(doc.text, skip))
        found = [m for m in (_known_error(s, e, w) for s, e, w, _ in words) if m is not None]
        taken = [(m.start, m.end) for m in found]
        starts = {s: (e, w, i) for s, e, w, i in words}
        places = {s: index for index, (s, _e, _w, _i) in enumerate(words)}
        names = name_starts(doc.text, words)
        extra = _loanwords()
        for match in self._matches(doc):
            if not match.is_spelling or _overlaps(match.start, match.end, taken):
                continue
            token = _token_at(words, starts, match.start, match.end)
            if token is None:
                continue  # a placeholder, an address, a code, an acronym: not a word
            start, end, word, initial = token
            if start in names:
                continue
            text = doc.text[match.start:match.end]
            if {word.lower(), text.lower()} & (accept | extra):
                continue
            if self._policy.explained(text, words, places.get(start, -1)):
                continue  # an English word, a prefixed compound: as the embedded speller decides
            if any(ch.isupper() for ch in word[1:]):
                continue  # a courtesy enclitic ("rimborsarLe") or a brand ("PayPal")
            if word[:1].isupper() and not self._policy.looks_like_typo(word, initial):
                continue  # taken for a name, as the embedded speller does
            if KNOWN_ERRORS.get(word.lower()) is None and word.endswith("'") and word.lower() in ELIDED:
                continue
            found.append(Misspelling(match.start, match.end, text, match.replacements[:3], None))
        return found


# titles before a surname: "signora Caputo", "dott. Villa", "Sig.ra Bassi"
_TITLES = frozenset(("signor", "signore", "signora", "signorina", "signori", "sig", "ra", "sigg", "dott", "dottor",
                     "dottore", "dottoressa", "ssa", "avv", "avvocato", "ing", "ingegnere", "prof", "professore",
                     "professoressa", "geom", "rag", "arch", "famiglia"))
_LEGAL_FORMS = frozenset(("srl", "srls", "spa", "snc", "sas", "sapa", "scarl", "scrl", "sagl", "onlus", "gmbh", "ltd",
                          "inc"))
_NAME_GAP = re.compile(r"\.? +")


def name_starts(text: str, words) -> set[int]:
    """Starts of capitalised words that a title or a name just before them marks as a name: "signora
    Caputo", "Erboristeria Naturae" (a capital inside a sentence, then another). A dictionary cannot
    know surnames and brands; a typo is rarely capitalised after a title. The capitalised words just
    before a legal form ("Pastificio Valtrebbia srl") are a company name."""
    found: set[int] = set()
    previous = None
    run: list[int] = []  # starts of the capitalised words just before this one
    for start, end, word, initial in words:
        joined = previous is not None and _NAME_GAP.fullmatch(text[previous[1]:start])
        if joined and word[:1].isupper():
            before = previous[2]
            if before.lower() in _TITLES or (before[:1].isupper() and (not previous[3] or previous[0] in found)):
                found.add(start)
        if joined and word.lower() in _LEGAL_FORMS:  # "Pastificio Valtrebbia srl": the words before are the name
            found.update(run)
        run = ((run if joined else []) + [start]) if word[:1].isupper() else []
        previous = (start, end, word, initial)
    return found


def _token_at(words, starts, start: int, end: int):
    if start in starts:
        token_end, word, initial = starts[start]
        return start, token_end, word, initial
    for s, e, w, i in words:
        if s < end and start < e:
            return s, e, w, i
    return None


def _known_error(start: int, end: int, word: str) -> Misspelling | None:
    fix = KNOWN_ERRORS.get(word.lower())
    if fix is None:
        return None
    fixed = "È" if word == "E'" else match_case(word, fix)
    return Misspelling(start, end, word, (fixed,), fixed)


def _known_error_spans(words) -> set[tuple[int, int]]:
    return {(s, e) for s, e, w, _ in words if w.lower() in KNOWN_ERRORS}


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


_LOANWORDS: frozenset[str] | None = None


def _loanwords() -> frozenset[str]:
    global _LOANWORDS
    if _LOANWORDS is None:
        from scusa_lint.spelling.embedded import _read_list

        _LOANWORDS = frozenset(_read_list("loanwords.txt"))
    return _LOANWORDS


def _languagetool_setup() -> tuple[str | None, Path | None]:
    from scusa_lint.spelling import languagetool as lt

    url = os.environ.get("LANGUAGETOOL_URL") or None
    return url, (None if url else lt.find_local_jar())


_AVAILABILITY: dict[tuple, str] = {}


def languagetool_unavailable() -> str:
    """Why LanguageTool cannot be used by default here ("" when it can): for rules that need it
    (``requires: languagetool``). Looks at LANGUAGETOOL_URL (probed once) and LTP_PATH."""
    from scusa_lint.spelling import languagetool as lt

    url, jar = _languagetool_setup()
    key = (url, jar, os.environ.get("LTP_PATH"))
    if key not in _AVAILABILITY:
        if url:
            reason = lt.probe(url)
            _AVAILABILITY[key] = f"needs LanguageTool, and {lt.normalise_url(url)} is unusable: {reason}" \
                if reason else ""
        elif jar is not None:
            _AVAILABILITY[key] = "" if _which_java() else "needs LanguageTool: LTP_PATH is set but java is missing"
        elif (problem := lt.local_install_problem()) is not None:
            _AVAILABILITY[key] = f"needs LanguageTool, and {lt.ltp_path_label()} is unusable: {problem}"
        else:
            _AVAILABILITY[key] = "needs a LanguageTool server (set LANGUAGETOOL_URL or LTP_PATH), none is set up here"
    return _AVAILABILITY[key]


def _which_java() -> str | None:
    import shutil

    return shutil.which("java")


def describe_default_speller() -> str:
    """The speller a run with the default settings would use, for ``--version``."""
    from scusa_lint.spelling import languagetool as lt

    url, jar = _languagetool_setup()
    embedded = EmbeddedSpeller().describe()
    if url:
        reason = lt.probe(url)
        return f"LanguageTool at {lt.normalise_url(url)}" if reason is None else \
            f"{embedded}; LanguageTool at {lt.normalise_url(url)} is unusable: {reason}"
    if jar is not None:
        return f"LanguageTool, local install {jar.parent} (started on demand)"
    problem = lt.local_install_problem()
    if problem is not None:
        return f"{embedded}; {lt.ltp_path_label()} is unusable: {problem}"
    return embedded
