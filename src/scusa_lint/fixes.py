"""Safe fixes: planned from a report, shown as a diff, or written back atomically.

A safe fix is a finding's ``fix`` (a rule's ``fix:`` substitution, or a spelling correction with
one confident suggestion). Per file, fixes are applied from first to last; one that overlaps a
fix already chosen is left for the author (its finding stays). Files are rewritten atomically in
their own encoding (UTF-8 with or without BOM, UTF-16 with BOM) and line endings; files whose
format cannot be rewritten (e-mails, JSON exports) and standard input are never written (the
fixed standard input goes to stdout instead).
"""

from __future__ import annotations

import codecs
import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field

from scusa_lint.atomic import write_atomic
from scusa_lint.errors import InputError, UserError, describe
from scusa_lint.findings import Finding, Fix
from scusa_lint.lines import LINE_BREAK, line_col, line_starts
from scusa_lint.renderers import counted, relative_path
from scusa_lint.report import Report

# Never rewritten whatever their reader says: e-mails keep their encoded bodies, exports their escapes.
NEVER_REWRITTEN = (".eml", ".msg", ".mbox", ".json")
_ENCODINGS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FileFix:
    """The fixes of one file: its text before and after, the edits, and the findings they settle."""

    path: str
    before: str
    after: str
    edits: list[Fix]
    fixed: list[Finding]


@dataclass
class FixPlan:
    files: dict[str, FileFix] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # one line each, for stderr
    errors: list[UserError] = field(default_factory=list)  # files that could not be written
    stdin: str | None = None  # the path standard input is reported under: printed back, never written

    @property
    def fixed(self) -> list[Finding]:
        return [f for item in self.files.values() for f in item.fixed]

    @property
    def changed(self) -> list[FileFix]:
        return [item for item in self.files.values() if item.after != item.before]


def plan_fixes(report: Report) -> FixPlan:
    """Choose the fixes to apply in every file of the report (nothing is written)."""
    plan = FixPlan(stdin=report.stdin_path)
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    for path, findings in by_path.items():
        if path in report.unfixable or os.path.splitext(path)[1].lower() in NEVER_REWRITTEN:
            plan.notices.append(f"{path}: not fixed: files of this format (e-mail, HTML, export) are never rewritten")
            continue
        source = report.sources.get(path)
        candidates = [f for f in findings if f.fix is not None]
        if source is None or not candidates:
            continue
        edits, fixed = choose_edits(candidates, source)
        if edits:
            plan.files[path] = FileFix(path, source, apply_edits(source, edits), edits, fixed)
    stdin = report.stdin_path
    if stdin in report.sources and stdin not in plan.files:  # printed back whole by --fix
        source = report.sources[stdin]
        plan.files[stdin] = FileFix(stdin, source, source, [], [])
    return plan


def choose_edits(findings: list[Finding], source: str) -> tuple[list[Fix], list[Finding]]:
    """Non-overlapping edits, first to last; the same edit from two findings settles both."""
    newline = _newline_of(source)
    edits: list[Fix] = []
    fixed: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.fix.start, f.fix.end)):
        edit = Fix(f.fix.start, f.fix.end, f.fix.replacement.replace("\r\n", "\n").replace("\n", newline))
        if source[edit.start:edit.end] == edit.replacement:
            continue  # nothing to change
        if edits and edit == edits[-1]:
            fixed.append(f)
            continue
        if edits and (edit.start < edits[-1].end or edit.start == edits[-1].start):
            continue  # overlaps a fix already chosen
        edits.append(edit)
        fixed.append(f)
    return edits, fixed


def apply_edits(source: str, edits: list[Fix]) -> str:
    parts, position = [], 0
    for edit in edits:
        parts += [source[position:edit.start], edit.replacement]
        position = edit.end
    parts.append(source[position:])
    return "".join(parts)


def write_fixes(plan: FixPlan, stdin_out=None) -> None:
    """Write every changed file back; the fixed standard input goes to ``stdin_out``.

    A file that changed on disk since it was read is left alone (notice); one that cannot be
    written is an error. Either way its findings stay in the report.
    """
    for path, item in list(plan.files.items()):
        if path == plan.stdin:
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            bom, codec = encoding_of(data)
            try:
                current = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                current = None
            if current != item.before:
                plan.notices.append(f"{path}: not fixed: the file changed while it was being checked")
                del plan.files[path]
                continue
            if item.after != item.before:
                write_atomic(path, bom + item.after.encode(codec))
        except OSError as exc:
            plan.errors.append(InputError(path, f"cannot write the fixes: {describe(exc)}"))
            del plan.files[path]
    if stdin_out is not None and plan.stdin in plan.files:
        stdin_out.write(plan.files[plan.stdin].after)


def encoding_of(data: bytes) -> tuple[bytes, str]:
    """The byte-order mark of the file (may be empty) and the codec of the rest."""
    for bom, codec in _ENCODINGS:
        if data.startswith(bom):
            return bom, codec
    return b"", "utf-8"


def settle(report: Report, plan: FixPlan) -> None:
    """Leave in the report only what the fixes did not settle, at its position in the fixed text."""
    fixed_ids = {id(f) for f in plan.fixed}
    remaining: list[Finding] = []
    starts: dict[str, list[int]] = {}
    for f in report.findings:
        if id(f) in fixed_ids:
            continue
        item = plan.files.get(f.path)
        if item is None:
            remaining.append(f)
            continue
        if f.path not in starts:
            starts[f.path] = line_starts(item.after)
            report.sources[f.path] = item.after
        remaining.append(_moved(f, item.edits, starts[f.path]))
    report.findings[:] = remaining


def _moved(f: Finding, edits: list[Fix], starts: list[int]) -> Finding:
    start, end = _new_offset(f.offset, edits, False), _new_offset(f.end_offset, edits, True)
    line, column = line_col(starts, start)
    end_line, end_column = line_col(starts, end)
    return dataclasses.replace(f, line=line, column=column, end_line=end_line, end_column=end_column,
                               offset=start, end_offset=end, fix=None)


def _new_offset(offset: int, edits: list[Fix], is_end: bool) -> int:
    delta = 0
    for edit in edits:
        if edit.end < offset or edit.end == offset and (edit.start < offset or not is_end):
            delta += len(edit.replacement) - (edit.end - edit.start)
        elif edit.start < offset < edit.end:  # inside a rewritten span: snap to its edge
            return edit.start + delta + (len(edit.replacement) if is_end else 0)
        else:
            break
    return offset + delta


def _newline_of(source: str) -> str:
    match = LINE_BREAK.search(source)
    return match.group() if match else "\n"


def unified_diff(plan: FixPlan) -> str:
    """The changes as a unified diff that ``git apply`` and ``patch -p1`` accept."""
    chunks = []
    for item in plan.changed:
        name = relative_path(item.path)
        lines = difflib.unified_diff(_LINES.findall(item.before), _LINES.findall(item.after),
                                     fromfile=f"a/{name}", tofile=f"b/{name}")
        for line in lines:
            chunks.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(chunks)


def fixed_summary(plan: FixPlan, applied: bool) -> str:
    """One Italian line: how many findings the fixes settle, in how many files."""
    count = len(plan.fixed)
    files = len(plan.changed)
    if applied:
        if not count:
            return "Nessuna correzione applicata."
        return f"{counted(count, 'correzione applicata', 'correzioni applicate')} in {files} file."
    if not count:
        return "Nessuna correzione automatica disponibile."
    return f"--fix applicherebbe {counted(count, 'correzione', 'correzioni')} in {files} file."


def describe_fixes(plan: FixPlan, applied: bool) -> list[str]:
    """``--show-fixes``: a heading and one line per fix (positions in the file as it was read)."""
    findings = sorted(plan.fixed, key=lambda f: (f.path, f.line, f.column, f.rule))
    if not findings:
        return ["Nessuna correzione automatica disponibile."]
    lines = ["Correzioni applicate:" if applied else "Correzioni disponibili (da applicare con --fix):"]
    for f in findings:
        before = plan.files[f.path].before[f.fix.start:f.fix.end]
        lines.append(f"  {f.path}:{f.line}:{f.column}  {f.rule}  «{before}» → «{f.fix.replacement}»")
    return lines
