"""The LanguageTool backend: a LanguageTool HTTP server asked through language-tool-python.

language-tool-python (3.4) has traps that this module guards against:

- its constructor asks the server for its languages with a 300-second timeout, so a server that
  accepts connections but never answers hangs a run for five minutes: the server is probed here
  first (``/v2/healthcheck``, a short timeout), and every request it makes is bounded
  (``_TIMEOUT`` is overridden in a subclass);
- with no server URL it downloads LanguageTool and then tries every port from 8081 to 8998,
  starting a JVM for each: it is only ever given a URL here. A local install (``LTP_PATH``) is
  started by this module, once, on a free port, and the JVM is always stopped (``close``, and at
  exit as a last resort);
- offline, it raises ``requests`` exceptions as well as its own ``LanguageToolError``: both are
  turned into ``BackendError`` (one line, exit status 2);
- its ``Match`` fields are snake_case (``rule_id``, ``error_length``...), and it keeps only the
  category's id (``MISC``): the category's name (``Altre``), which the findings show, is read
  from the server's answer before ``Match`` drops it;
- ``new_spellings`` writes into the LanguageTool install: it is never used (the user's words are
  filtered out of the matches instead).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from scusa_lint.errors import BackendError, describe

LANGUAGE = "it-IT"
PROBE_TIMEOUT = 2.0  # seconds for /v2/healthcheck
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 20.0  # seconds for one /v2/check request of at most MAX_CHUNK characters
TOTAL_TIMEOUT = 20.0  # seconds for a whole request, however slowly its answer comes (within time-limit)
START_TIMEOUT = 90.0  # seconds a local LanguageTool server may take to start
MAX_CHUNK = 10_000  # characters per request (public servers refuse more than 20 KB)
SPELLING_RULE_PREFIX = "MORFOLOGIK_RULE"


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, in offsets of the text given to ``check``."""

    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str  # LanguageTool's category id ("TYPOGRAPHY")
    issue_type: str
    category_name: str = ""  # its name as the server gave it, in the text's language ("Tipografia")
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_spelling(self) -> bool:
        return self.rule_id.startswith(SPELLING_RULE_PREFIX) or self.issue_type == "misspelling"


def normalise_url(url: str) -> str:
    """The server's base URL, without the ``/v2`` API path: ``http://localhost:8010``."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[:-3]
    return url.rstrip("/")


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> str | None:
    """``None`` when ``url`` is a LanguageTool server that answers its health check in time, else
    why not (one short phrase)."""
    import requests

    try:
        response = requests.get(normalise_url(url) + "/v2/healthcheck", timeout=timeout)
    except requests.exceptions.Timeout:
        return f"no answer within {timeout:g} s"
    except requests.exceptions.ConnectionError:
        return "connection refused or host unreachable"
    except requests.exceptions.RequestException as exc:
        return f"request failed ({type(exc).__name__})"
    if response.status_code != 200:
        return f"health check answered HTTP {response.status_code}"
    return None


def _answer_problem(exc: BaseException) -> str:
    """What went wrong with an answer, in one line: an error page's markup is not the cause."""
    import re

    import requests

    if isinstance(exc, requests.exceptions.RequestException):
        return describe(exc)
    text = " ".join(re.sub(r"<[^>]*>", " ", describe(exc)).split())
    if isinstance(exc, (KeyError, TypeError, AttributeError)):
        return f"an answer scusa-lint cannot read ({type(exc).__name__}: {text})"
    return text


def _bounded_client_class():
    import language_tool_python

    class BoundedLanguageTool(language_tool_python.LanguageTool):
        """Every request of the client has a connect and a read timeout; ``check_named`` also
        gives each match's category name from the server's answer."""

        _TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)
        _category_names: list[str] | None = None

        def _query_server(self, url, *args, **kwargs):
            response = _within(TOTAL_TIMEOUT, lambda: super(BoundedLanguageTool, self)._query_server(
                url, *args, **kwargs))
            if isinstance(response, dict) and isinstance(response.get("matches"), list):
                # Read now: ``Match(...)`` deletes each match's "rule" (and its category) later.
                self._category_names = [_category_name(m) for m in response["matches"]]
            return response

        def check_named(self, text: str) -> list[tuple]:
            """``(Match, category name)`` pairs; ``Match`` itself drops attributes it does not
            know, so the name travels beside it ("" if this client version asked differently)."""
            self._category_names = None
            matches = self.check(text)
            names = self._category_names
            if names is None or len(names) != len(matches):
                names = [""] * len(matches)
            return list(zip(matches, names, strict=True))

    return BoundedLanguageTool


def _within(seconds: float, call):
    """``call()``, or a timeout error after ``seconds`` in all: a server that trickles its answer
    a byte at a time never meets a per-read timeout. (The abandoned request ends on its own.)"""
    import queue
    import threading

    import requests

    answers: queue.Queue = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            answers.put((True, call()))
        except BaseException as exc:  # handed to the caller's thread
            answers.put((False, exc))

    threading.Thread(target=run, daemon=True, name="languagetool-request").start()
    try:
        ok, value = answers.get(timeout=seconds)
    except queue.Empty:
        raise requests.exceptions.Timeout(f"no complete answer within {seconds:g} s") from None
    if not ok:
        raise value
    return value


def _category_name(raw_match) -> str:
    """The ``rule.category.name`` of one match of a ``/v2/check`` answer ("" if absent)."""
    rule = raw_match.get("rule") if isinstance(raw_match, dict) else None
    category = rule.get("category") if isinstance(rule, dict) else None
    name = category.get("name") if isinstance(category, dict) else None
    return name.strip() if isinstance(name, str) else ""


class LanguageToolBackend:
    """A connected LanguageTool server (remote, or local and started by us)."""

    name = "languagetool"

    def __init__(self, url: str, *, server: LocalServer | None = None) -> None:
        """Connect to the server at ``url``; raises ``BackendError`` if it is not usable."""
        import requests
        from language_tool_python.exceptions import LanguageToolError

        self.url = normalise_url(url)
        self.server = server
        reason = probe(self.url)
        if reason is not None:
            self.close()
            raise BackendError(f"LanguageTool server {self.url}", reason)
        try:
            self._client = _bounded_client_class()(LANGUAGE, remote_server=self.url)
        except (LanguageToolError, requests.exceptions.RequestException, ValueError, KeyError,
                TypeError, AttributeError) as exc:
            self.close()
            raise BackendError(f"LanguageTool server {self.url}", _answer_problem(exc)) from None

    def describe(self) -> str:
        where = f"local, {self.server.jar}" if self.server else self.url
        return f"LanguageTool ({where})"

    def check(self, text: str) -> list[LTMatch]:
        """LanguageTool's matches on ``text``, one bounded request per chunk of the text."""
        import requests
        from language_tool_python.exceptions import LanguageToolError

        found: list[LTMatch] = []
        for offset, chunk in split_text(text):
            if not chunk.strip():
                continue
            try:
                matches = self._client.check_named(chunk)
                for match, category_name in matches:
                    start = offset + int(match.offset)
                    end = start + int(match.error_length)
                    if not 0 <= start <= end <= offset + len(chunk):
                        raise ValueError(f"a match at {match.offset} (+{match.error_length}) outside the text")
                    found.append(LTMatch(
                        start=start, end=end, message=str(match.message),
                        replacements=tuple(str(r) for r in (match.replacements or ())),
                        rule_id=str(match.rule_id), category=str(match.category),
                        issue_type=str(getattr(match, "rule_issue_type", "") or ""),
                        category_name=category_name,
                    ))
            except (LanguageToolError, requests.exceptions.RequestException, ValueError, KeyError,
                    TypeError, AttributeError) as exc:
                raise BackendError(f"LanguageTool server {self.url}", _answer_problem(exc)) from None
        return found

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()  # remote: nothing to stop; never a JVM of its own
            self._client = None
        if self.server is not None:
            self.server.stop()


def split_text(text: str, limit: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """``(offset, chunk)`` pieces of at most ``limit`` characters, cut at paragraph breaks,
    else at line ends, else at spaces."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n\n"), 0)
        if cut < limit // 4:
            cut = max(window.rfind("\n"), window.rfind(" "))
        if cut < limit // 4:
            cut = limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


# -- a local install under LTP_PATH ----------------------------------------------------------------


def find_local_jar(ltp_path: str | None = None) -> Path | None:
    """The ``languagetool-server.jar`` of a local LanguageTool install under ``LTP_PATH``
    (language-tool-python's layout, ``LTP_PATH/LanguageTool-6.6/``, or the jar's own folder)."""
    root = ltp_path if ltp_path is not None else os.environ.get("LTP_PATH")
    if not root:
        return None
    folder = Path(root).expanduser()
    candidates = [folder / "languagetool-server.jar"]
    candidates += sorted(folder.glob("LanguageTool*/languagetool-server.jar"), reverse=True)
    return next((p for p in candidates if p.is_file()), None)


def local_install_problem(ltp_path: str | None = None) -> str | None:
    """Why ``LTP_PATH`` (set, non-empty) holds no usable LanguageTool jar, or ``None`` when it is
    unset or ``find_local_jar`` finds one."""
    root = ltp_path if ltp_path is not None else os.environ.get("LTP_PATH")
    if not root or find_local_jar(root) is not None:
        return None
    folder = Path(root).expanduser()
    expected = "a LanguageTool install (languagetool-server.jar, or LanguageTool-*/languagetool-server.jar)"
    if not folder.exists():
        return f"folder not found; it should hold {expected}"
    if not folder.is_dir():
        return f"not a folder; it should hold {expected}"
    return "no languagetool-server.jar in it or in a LanguageTool-*/ folder inside it"


def ltp_path_label() -> str:
    """``LTP_PATH <folder>``, the ``where`` of messages about a local install that is not there."""
    return f"LTP_PATH {Path(os.environ.get('LTP_PATH', '')).expanduser()}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalServer:
    """A LanguageTool server started from a local jar, on one free port, stopped by ``stop``."""

    def __init__(self, jar: Path, *, java: str | None = None, start_timeout: float = START_TIMEOUT) -> None:
        self.jar = jar
        java = java or shutil.which("java")
        if not java:
            raise BackendError(f"LanguageTool install {jar.parent}", "java was not found on PATH")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "-p", str(self.port)]
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: stopped with everything it starts
            )
        except OSError as exc:
            raise BackendError(f"LanguageTool install {jar.parent}", f"cannot start java: {exc.strerror}") from None
        atexit.register(self.stop)
        deadline = time.monotonic() + start_timeout
        while True:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.stop()
                raise BackendError(f"LanguageTool install {jar.parent}", f"the server exited at start (status {code})")
            if probe(self.url, timeout=1.0) is None:
                return
            if time.monotonic() > deadline:
                self.stop()
                raise BackendError(f"LanguageTool install {jar.parent}",
                                   f"the server did not start within {start_timeout:g} s")
            time.sleep(0.2)

    def stop(self) -> None:
        process, self.process = getattr(self, "process", None), None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError, AttributeError):
            process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError, AttributeError):
                process.kill()
            process.wait(timeout=5)
