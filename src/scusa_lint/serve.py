"""``scusa-lint serve``: a local web page for support agents and an HTTP API (Starlette + uvicorn).

``POST /v1/check`` takes ``{"text", "format", "select", "ignore"}`` and answers with the JSON
report of ``scusa-lint check --output-format json``; ``GET /v1/rules`` lists the rules as
``scusa-lint rules --output-format json`` does; ``/`` is the page. A request never names a file:
the configuration is the one of the folder the server starts in, read once at start-up, with the
pipeline and the rules.
"""

from __future__ import annotations

import ipaddress
import json
import threading
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from scusa_lint.api import FORMATS, Linter, render
from scusa_lint.errors import InputError, UserError

MAX_REQUEST_BYTES = 1_000_000
DRAFT_NAME = "-"  # findings name the draft as the CLI names standard input


class RequestProblem(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(linter: Linter, max_request_bytes: int = MAX_REQUEST_BYTES) -> Starlette:
    """The application; ``linter`` is loaded (and warmed) here, once for every request."""
    linter.settings_for(DRAFT_NAME)  # configuration read now: a request never makes the server open a file
    linter.check_text("Gentile cliente, grazie.", path=DRAFT_NAME)
    rules_json = json.loads(_rule_list(linter))
    page = resources.files("scusa_lint").joinpath("web/index.html").read_text(encoding="utf-8")
    lock = threading.Lock()  # one check at a time: the pipeline is shared

    async def read_json(request: Request) -> dict:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_request_bytes:
            raise RequestProblem(413, f"request body too large (limit {max_request_bytes} bytes)")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_request_bytes:
                raise RequestProblem(413, f"request body too large (limit {max_request_bytes} bytes)")
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RequestProblem(400, f"malformed JSON: {exc}") from None
        if not isinstance(payload, dict):
            raise RequestProblem(400, "the body must be a JSON object with a \"text\" string")
        return payload

    def check(payload: dict) -> str:
        text, name = payload.get("text"), payload.get("format", "text")
        if not isinstance(text, str):
            raise RequestProblem(400, "\"text\" must be a string")
        if name not in FORMATS:
            raise RequestProblem(400, f"unknown format {name!r} (known: {', '.join(FORMATS)})")
        selection = {key: payload.get(key) for key in ("select", "ignore") if payload.get(key) is not None}
        for key, value in selection.items():
            if not (isinstance(value, str) or isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise RequestProblem(400, f"\"{key}\" must be a string or a list of rule ids")
        with lock:
            report = linter.check_text(text, name, path=DRAFT_NAME, **selection)
        return render(report, "json")

    async def post_check(request: Request) -> Response:
        try:
            payload = await read_json(request)
            body = await run_in_threadpool(check, payload)
        except RequestProblem as problem:
            return JSONResponse({"error": str(problem)}, status_code=problem.status)
        except InputError as error:
            return JSONResponse({"error": error.cause}, status_code=422)
        except UserError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        return Response(body, media_type="application/json")

    async def get_rules(_request: Request) -> Response:
        return JSONResponse(rules_json)

    async def index(_request: Request) -> Response:
        return HTMLResponse(page, headers={"Content-Security-Policy": "default-src 'self'; "
                                           "script-src 'unsafe-inline'; style-src 'unsafe-inline'"})

    app = Starlette(routes=[Route("/", index), Route("/v1/check", post_check, methods=["POST"]),
                            Route("/v1/rules", get_rules)])
    return app


def _rule_list(linter: Linter) -> str:
    from scusa_lint.rulebook import render_rule_list

    return render_rule_list(linter.rules, "json")


def run(linter: Linter, host: str, port: int, max_request_bytes: int) -> None:
    import uvicorn

    app = create_app(linter, max_request_bytes)
    uvicorn.run(app, host=host, port=port, log_level="warning")
