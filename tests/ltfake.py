"""A stand-in LanguageTool HTTP server for the tests. NOT a real LanguageTool.

It speaks the parts of LanguageTool's HTTP API v2 that scusa-lint uses: ``GET /v2/healthcheck``,
``GET /v2/languages`` and ``POST /v2/check``. Its answers are recorded-format fixtures: the JSON
has the shape LanguageTool documents for ``/v2/check`` (software, warnings, language, matches with
message, shortMessage, replacements, offset, length, context, sentence, type and rule with id,
description, issueType and category {id, name}), and the rule ids, issue types, category ids,
Italian category names and Italian messages are those LanguageTool's Italian module uses. But the
matches are written by hand, not produced by any grammar, and were not captured from a server:

- ``RECORDED``: whole texts (the ``grammar`` rule's examples in rules/grammar.yml) with the
  matches a LanguageTool server would plausibly give for them; such a text is answered from this
  table only;
- ``FINDINGS``: for any other text, a few fixed patterns found by regular-expression search.

So tests that use it check scusa-lint's plumbing, never LanguageTool's judgement. It listens on
127.0.0.1 only and stops when the test stops it.

Run as a script (``python ltfake.py -p PORT``) it stands in for ``java -cp languagetool-server.jar
org.languagetool.server.HTTPServer -p PORT``, for the tests of a local install under LTP_PATH.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# LanguageTool's rules as its Italian module reports them:
# rule id -> (issue type, category id, category name in Italian, message in Italian)
RULES = {
    "ITALIAN_WORD_REPEAT_RULE": ("duplication", "MISC", "Altre", "Possibile errore di battitura: parola ripetuta"),
    "COMMA_PARENTHESIS_WHITESPACE": ("whitespace", "TYPOGRAPHY", "Tipografia",
                                     "Inserire lo spazio dopo la virgola e non prima"),
    "WHITESPACE_RULE": ("whitespace", "TYPOGRAPHY", "Tipografia", "Probabile errore: ripetizione di spazio"),
    "UPPERCASE_SENTENCE_START": ("typographical", "CASING", "Uso delle maiuscole",
                                 "Questa frase non inizia con una maiuscola"),
    "MORFOLOGIK_RULE_IT_IT": ("misspelling", "TYPOS", "Possibile errore di battitura",
                              "Trovato un probabile errore di battitura."),
}

# Recorded-format fixtures for whole texts: text -> [(matched text, rule id, replacements)].
# The matched text is located in the text sent (first occurrence); texts mapped to [] have no match.
RECORDED: dict[str, list[tuple[str, str, list[str]]]] = {
    # rules/grammar.yml, bad examples
    "Ci scusiamo per il il ritardo nella consegna del Suo ordine.": [
        ("il il", "ITALIAN_WORD_REPEAT_RULE", ["il"])],
    "Gentile cliente , il rimborso è stato disposto oggi stesso.": [
        (" ,", "COMMA_PARENTHESIS_WHITESPACE", [","])],
    "Il pacco è ripartito questa mattina. arriverà entro venerdì.": [
        ("arriverà", "UPPERCASE_SENTENCE_START", ["Arriverà"])],
    "Le abbiamo  inviato per email il codice per il reso gratuito.": [
        ("  ", "WHITESPACE_RULE", [" "])],
    # rules/grammar.yml, good examples
    "Ci scusiamo per il ritardo nella consegna del Suo ordine.": [],
    "Gentile cliente, il rimborso è stato disposto oggi stesso.": [],
    "Il pacco è ripartito questa mattina e arriverà entro venerdì.": [],
    "Le abbiamo inviato per email il codice per il reso gratuito.": [],
}

# Any other text: (regular expression, rule id, replacements), every occurrence.
FINDINGS = [
    (r"\bil il\b", "ITALIAN_WORD_REPEAT_RULE", ["il"]),
    (r" ,", "COMMA_PARENTHESIS_WHITESPACE", [","]),
    (r"(?<=\S)  (?=\S)", "WHITESPACE_RULE", [" "]),
    (r"\bCliento\b", "MORFOLOGIK_RULE_IT_IT", ["Cliente", "Clienti"]),
    (r"\bEgreggio\b", "MORFOLOGIK_RULE_IT_IT", ["Egregio"]),
    (r"\bZalando\b", "MORFOLOGIK_RULE_IT_IT", ["Zelando", "Calando"]),
    (r"\bscusalink\b", "MORFOLOGIK_RULE_IT_IT", ["scusa link"]),
    (r"\bNome\b", "MORFOLOGIK_RULE_IT_IT", ["Nomi"]),  # never real: shows placeholders are filtered
    (r"\bORD123\b", "MORFOLOGIK_RULE_IT_IT", ["ORDI"]),
]

LANGUAGES = [
    {"name": "Italian", "code": "it", "longCode": "it"},
    {"name": "Italian", "code": "it", "longCode": "it-IT"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
]


def _spans(text: str) -> list[tuple[int, int, str, list[str]]]:
    """(offset, length, rule id, replacements) of every match for ``text``."""
    recorded = RECORDED.get(text.rstrip("\n"))
    if recorded is not None:
        return [(text.index(needle), len(needle), rule_id, replacements)
                for needle, rule_id, replacements in recorded]
    return [(found.start(), found.end() - found.start(), rule_id, replacements)
            for pattern, rule_id, replacements in FINDINGS for found in re.finditer(pattern, text)]


def _match(text: str, offset: int, length: int, rule_id: str, replacements: list[str]) -> dict:
    issue, cat_id, cat_name, message = RULES[rule_id]
    ctx_start = max(0, offset - 20)
    return {
        "message": message,
        "shortMessage": "",
        "replacements": [{"value": r} for r in replacements],
        "offset": offset,
        "length": length,
        "context": {"text": text[ctx_start:offset + length + 20], "offset": offset - ctx_start, "length": length},
        "sentence": text,
        "type": {"typeName": "Other"},
        "rule": {"id": rule_id, "description": message, "issueType": issue,
                 "category": {"id": cat_id, "name": cat_name}},
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_response(text: str, language: str = "it-IT") -> dict:
    matches = sorted((_match(text, *span) for span in _spans(text)), key=lambda m: m["offset"])
    return {
        "software": {"name": "LanguageTool", "version": "6.6", "buildDate": "2025-03-27 10:00:00 +0000",
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": "Italian", "code": language,
                     "detectedLanguage": {"name": "Italian", "code": "it-IT", "confidence": 0.99}},
        "matches": matches,
    }


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout test) is not news


class FakeLanguageTool:
    """The fake server on 127.0.0.1 in a thread. ``check_delay`` makes /v2/check hang."""

    def __init__(self, check_delay: float = 0.0) -> None:
        self.check_delay = check_delay
        self.requests: list[tuple[str, str, dict]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                path = urllib.parse.urlparse(self.path).path
                owner.requests.append(("GET", path, {}))
                if path == "/v2/healthcheck":
                    self._send(200, b"OK", "text/plain")
                elif path == "/v2/languages":
                    self._send(200, json.dumps(LANGUAGES).encode(), "application/json")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self):
                path = urllib.parse.urlparse(self.path).path
                size = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(size).decode()).items()}
                owner.requests.append(("POST", path, form))
                if path != "/v2/check":
                    self._send(404, b"not found", "text/plain")
                    return
                if owner.check_delay:
                    time.sleep(owner.check_delay)
                body = json.dumps(check_response(form.get("text", ""), form.get("language", "it-IT")))
                self._send(200, body.encode(), "application/json")

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def checks(self) -> list[dict]:
        return [form for method, path, form in self.requests if path == "/v2/check"]

    def __enter__(self) -> FakeLanguageTool:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv: list[str]) -> None:
    port = int(argv[argv.index("-p") + 1])
    server = FakeLanguageTool()
    server.httpd.server_close()
    server.httpd = QuietServer(("127.0.0.1", port), server.httpd.RequestHandlerClass)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
