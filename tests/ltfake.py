"""A stand-in LanguageTool HTTP server for the tests. NOT a real LanguageTool.

It speaks the parts of LanguageTool's HTTP API v2 that scusa-lint uses: ``GET /v2/healthcheck``,
``GET /v2/languages`` and ``POST /v2/check``. Its answers are recorded-format fixtures: the JSON
has the shape LanguageTool documents for ``/v2/check`` (software, warnings, language, matches with
message, replacements, offset, length, context, sentence, type and rule with id, issueType and
category), but the matches come from the fixed list ``FINDINGS`` below, found by plain substring
search, not from any grammar. It listens on 127.0.0.1 only and stops when the test stops it.

Run as a script (``python ltfake.py -p PORT``) it stands in for ``java -cp languagetool-server.jar
org.languagetool.server.HTTPServer -p PORT``, for the tests of a local install under LTP_PATH.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (text to find, rule id, issue type, category id, category name, message, replacements)
FINDINGS = [
    ("il il", "WORD_REPEAT_RULE", "duplication", "MISC", "Varie",
     "Possibile errore di battitura: una parola è stata ripetuta", ["il"]),
    (" ,", "COMMA_PARENTHESIS_WHITESPACE", "whitespace", "TYPOGRAPHY", "Tipografia",
     "Non si mette uno spazio prima della virgola", [","]),
    ("  ", "WHITESPACE_RULE", "whitespace", "TYPOGRAPHY", "Tipografia",
     "Sono stati trovati più spazi consecutivi", [" "]),
    ("Cliento", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["Cliente", "Clienti"]),
    ("Egreggio", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["Egregio"]),
    ("Zalando", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["Zelando", "Calando"]),
    ("scusalink", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["scusa link"]),
    ("Nome", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["Nomi"]),  # never real: shows placeholders are filtered
    ("ORD123", "MORFOLOGIK_RULE_IT_IT", "misspelling", "TYPOS", "Possibile errore di battitura",
     "Errore di ortografia trovato.", ["ORDI"]),
]

LANGUAGES = [
    {"name": "Italian", "code": "it", "longCode": "it"},
    {"name": "Italian", "code": "it", "longCode": "it-IT"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
]


def check_response(text: str, language: str = "it-IT") -> dict:
    matches = []
    for needle, rule_id, issue, cat_id, cat_name, message, replacements in FINDINGS:
        start = text.find(needle)
        while start != -1:
            ctx_start = max(0, start - 20)
            context = text[ctx_start:start + len(needle) + 20]
            matches.append({
                "message": message,
                "shortMessage": "",
                "replacements": [{"value": r} for r in replacements],
                "offset": start,
                "length": len(needle),
                "context": {"text": context, "offset": start - ctx_start, "length": len(needle)},
                "sentence": text,
                "type": {"typeName": "Other"},
                "rule": {"id": rule_id, "description": message, "issueType": issue,
                         "category": {"id": cat_id, "name": cat_name}},
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            })
            start = text.find(needle, start + len(needle))
    matches.sort(key=lambda m: m["offset"])
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
