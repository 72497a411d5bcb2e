"""``scusa-lint lsp``: a Language Server on stdio (pygls), on the library API's path.

Diagnostics are published when a file opens and, debounced, while it changes; each carries the
rule id, the level as severity, and the message with the hint. Safe fixes are code actions, and
hovering a finding shows ``scusa-lint explain``. Each file is checked with the configuration of
its folder, exactly as ``scusa-lint check`` would check it; positions are those of the source
(LSP counts UTF-16 code units, which the conversion below respects).
"""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from scusa_lint import __version__
from scusa_lint.api import Linter
from scusa_lint.errors import UserError
from scusa_lint.findings import Finding
from scusa_lint.fixes import NEVER_REWRITTEN
from scusa_lint.lines import line_col, line_starts
from scusa_lint.renderers import advice

DEBOUNCE_SECONDS = 0.3
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


class ScusaLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("scusa-lint", __version__)
        self.linter = Linter()
        self.findings: dict[str, tuple[str, list[Finding]]] = {}  # uri -> (source, findings)
        self.pending: dict[str, asyncio.Task] = {}
        self.lock = asyncio.Lock()  # one check at a time: the spaCy pipeline is shared

    def check(self, uri: str, source: str) -> list[Finding]:
        return self.linter.check_text(source, None, path=to_fs_path(uri) or uri).findings

    async def publish(self, uri: str, delay: float = 0.0) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        source = document.source
        async with self.lock:
            try:
                findings = await asyncio.to_thread(self.check, uri, source)
            except UserError as error:  # e.g. broken JSON: one line in the editor's log
                self.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"scusa-lint: {error}"))
                findings = []
        self.findings[uri] = (source, findings)
        diagnostics = [diagnostic(source, f) for f in findings]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))

    def schedule(self, uri: str, delay: float) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self.publish(uri, delay))


def position(starts: list[int], source: str, offset: int) -> types.Position:
    """An LSP position (0-based line, UTF-16 column) of a source offset (code points)."""
    line, _column = line_col(starts, offset)
    before = source[starts[line - 1]:offset]
    return types.Position(line=line - 1, character=len(before.encode("utf-16-le")) // 2)


def span(source: str, finding: Finding) -> types.Range:
    starts = line_starts(source)
    return types.Range(position(starts, source, finding.offset), position(starts, source, finding.end_offset))


def diagnostic(source: str, finding: Finding) -> types.Diagnostic:
    return types.Diagnostic(range=span(source, finding), message=advice(finding), severity=SEVERITY[finding.level],
                            code=finding.rule, source="scusa-lint")


def safe_fix(finding: Finding) -> bool:
    return finding.fix is not None and os.path.splitext(finding.path)[1].lower() not in NEVER_REWRITTEN


def _within(pos: types.Position, rng: types.Range) -> bool:
    return (rng.start.line, rng.start.character) <= (pos.line, pos.character) <= (rng.end.line, rng.end.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


server = ScusaLanguageServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: ScusaLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: ScusaLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: ScusaLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0.0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ScusaLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.findings.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: ScusaLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    source, findings = ls.findings.get(uri, ("", []))
    actions = []
    for finding in findings:
        rng = span(source, finding)
        if safe_fix(finding) and _overlaps(rng, params.range):
            actions.append(types.CodeAction(
                title=f"Sostituisca con «{finding.fix.replacement}» ({finding.rule})",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic(source, finding)], is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=rng, new_text=finding.fix.replacement)]})))
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: ScusaLanguageServer, params: types.HoverParams) -> types.Hover | None:
    from scusa_lint.rulebook import explain_rule

    source, findings = ls.findings.get(params.text_document.uri, ("", []))
    path = to_fs_path(params.text_document.uri) or params.text_document.uri
    rules = {rule.id: rule for rule in ls.linter.engine(ls.linter.settings_for(path)).rules}
    texts = [explain_rule(rules[f.rule]) for f in findings
             if f.rule in rules and _within(params.position, span(source, f))]
    if not texts:
        return None
    body = "\n\n".join(f"```text\n{text}\n```" for text in dict.fromkeys(texts))
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body))


@server.feature(types.SHUTDOWN)
def shutdown(ls: ScusaLanguageServer, _params) -> None:
    ls.linter.close()


def run() -> None:
    server.start_io()
