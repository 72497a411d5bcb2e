"""E-mail messages (``.eml``, RFC 5322/MIME): the Subject and the preferred body part.

The body is the ``text/plain`` part, else the ``text/html`` one (through the HTML reader);
quoted-printable and base64 are decoded, quoted replies and the signature left out.

Positions. The document's source is the message *as decoded*, laid over the raw file so that
line numbers stay those of the raw file wherever they can:

- header lines keep their numbers; a plain Subject maps character by character to the raw header
  (folded lines included); an RFC 2047 encoded Subject (``=?utf-8?q?...?=``) is decoded on the
  Subject's first line, columns counted in the decoded text;
- a body part stored as it is (7bit, 8bit, binary) is decoded text identical to the raw lines:
  line and column are those of the raw file;
- a quoted-printable or base64 body is decoded in place: its decoded line ``k`` (0-based) is
  reported as line ``L + k``, where ``L`` is the raw file's first line of that part's body (the
  line after the blank line that ends the part's headers), the column counted in the decoded line.

The excerpts therefore show the decoded text. E-mails are never fixed in place.
"""

from __future__ import annotations

import email
import email.errors
import re
from email import policy
from email.message import EmailMessage

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.errors import InputError
from scusa_lint.readers.html import html_lines
from scusa_lint.readers.mapped import Mapped, add_lines, add_prose
from scusa_lint.readers.structured import align_scalar

_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_SUBJECT = re.compile(rb"(?im)^subject[ \t]*:[ \t]*((?:[^\r\n]*)(?:\r?\n[ \t][^\r\n]*)*)")
# "Re:", "R:", "RE:", "Rif:", "Fwd:", "I:" (Outlook's Italian "Inoltro"), "AW:", "SV:", "[#123]".
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|r|rif|fw|fwd|i|inoltro|aw|sv|wg)\s*(?:\[\d+\])?\s*:\s*|\[#?\w+\]\s*)+",
                           re.I)
_BASE64_DEFECTS = (email.errors.InvalidBase64LengthDefect,)  # the body could not be decoded at all


def read_eml(path: str, data: bytes, *, template: bool, settings=None) -> list[Document]:
    message = _parse(path, data)
    spans: dict[int, tuple[int, int]] = {}
    _locate(message, data, 0, len(data), spans)
    body = message.get_body(preferencelist=("plain", "html"))
    replacements: list[tuple[int, int, str]] = []  # raw byte spans shown decoded

    subject = _subject_span(message, data, spans)
    subject_text = str(message.get("subject", "") or "")
    encoded_subject = subject is not None and (b"=?" in data[subject[0]:subject[1]] or not _is_utf8(
        data[subject[0]:subject[1]]))
    if subject is not None and encoded_subject:
        breaks = data[subject[0]:subject[1]].count(b"\n")
        replacements.append((subject[0], subject[1], subject_text + "\n" * breaks))

    body_text = None
    if body is not None and id(body) in spans:
        body_text = _content(path, body)
        replacements.append((*spans[id(body)], body_text))
    if not (body_text or "").strip():  # a Subject alone is no reply: it would lack everything
        raise InputError(path, "no text body (a text/plain or text/html part) to check")

    view, starts = _overlay(data, replacements)  # raw byte offset -> offset in the view
    builder = DocumentBuilder(path, view, template=template, fixable=False)
    if subject is not None and subject_text.strip():
        start = starts.get(subject[0], len(data[:subject[0]].decode("utf-8", "replace")))
        if encoded_subject:
            subject_mapped = Mapped.verbatim(subject_text, start)
        else:
            raw = view[start:start + (subject[1] - subject[0]) + len(subject_text)]
            subject_mapped = Mapped(subject_text, *align_scalar(subject_text, raw, 0, len(raw), None,
                                                                yaml_properties=False)).shifted(start)
        prefix = _REPLY_PREFIX.match(subject_text)
        subject_prose = subject_mapped[prefix.end() if prefix else 0:]
        subject_prose = subject_prose[:len(subject_prose.text.rstrip())]
        builder.add_mapped(subject_prose.text, subject_prose.offsets, subject_prose.ends)
    if body_text:
        start = starts[spans[id(body)][0]]
        if body.get_content_subtype() == "html":
            add_lines(builder, [line.shifted(start) for line in html_lines(body_text)])
        else:
            add_prose(builder, Mapped.verbatim(body_text, start))
    return [builder.build()]


read_eml.binary = True  # the reader wants the file's bytes: the charset is the message's business


def _parse(path: str, data: bytes) -> EmailMessage:
    if not data.strip():
        raise InputError(path, "not an e-mail message: the file is empty")
    try:
        message = email.message_from_bytes(data, policy=policy.default)
    except Exception as exc:  # the parser is lenient; this is a safety net
        raise InputError(path, f"not a valid e-mail message ({exc})") from None
    if not message.keys():
        raise InputError(f"{path}:1", "not an e-mail message: the first line is not a header field "
                                      "(\"Name: value\")")
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, email.errors.NoBoundaryInMultipartDefect):
                raise InputError(path, f"malformed MIME: a {part.get_content_type()} part has no boundary")
            if isinstance(defect, email.errors.StartBoundaryNotFoundDefect):
                raise InputError(path, f"malformed MIME: the boundary {part.get_boundary()!r} of a "
                                       f"{part.get_content_type()} part is never used")
    return message


def _content(path: str, part: EmailMessage) -> str:
    try:
        text = part.get_content()
    except LookupError:
        raise InputError(path, f"unknown charset {part.get_content_charset()!r} in the "
                               f"{part.get_content_type()} part") from None
    except (ValueError, AssertionError) as exc:
        raise InputError(path, f"cannot decode the {part.get_content_type()} part ({exc})") from None
    if any(isinstance(d, _BASE64_DEFECTS) for d in part.defects):
        raise InputError(path, f"the {part.get_content_type()} part is not valid base64")
    if not isinstance(text, str):
        return ""
    return text


def _header_end(data: bytes, start: int, end: int) -> int:
    """Offset where the body of the entity ``data[start:end]`` begins."""
    if data.startswith(b"\r\n", start):
        return start + 2
    if data.startswith(b"\n", start):
        return start + 1
    m = _BLANK_LINE.search(data, start, end)
    return m.end() if m else end


def _locate(part: EmailMessage, data: bytes, start: int, end: int, spans: dict[int, tuple[int, int]]) -> None:
    """Record the raw byte span of the body of ``part`` and of each of its sub-parts."""
    body_start = _header_end(data, start, end)
    spans[id(part)] = (body_start, end)
    if not part.is_multipart():
        return
    boundary = part.get_boundary()
    children = part.get_payload()
    if not boundary or not isinstance(children, list):
        return
    delimiter = re.compile(rb"(?m)^--" + re.escape(boundary.encode("ascii", "replace")) + rb"(--)?[ \t]*(\r?\n|$)")
    marks = list(delimiter.finditer(data, body_start, end))
    for index, child in enumerate(children):
        if index >= len(marks) or marks[index].group(1):
            break
        child_start = marks[index].end()
        child_end = marks[index + 1].start() if index + 1 < len(marks) else end
        # The line break before a delimiter belongs to the delimiter.
        if data[child_end - 2:child_end] == b"\r\n":
            child_end -= 2
        elif data[child_end - 1:child_end] == b"\n":
            child_end -= 1
        _locate(child, data, child_start, max(child_start, child_end), spans)


def _subject_span(message: EmailMessage, data: bytes, spans) -> tuple[int, int] | None:
    header_end = spans[id(message)][0]
    m = _SUBJECT.search(data, 0, header_end)
    if m is None:
        return None
    return m.start(1), m.end(1)


def _overlay(data: bytes, replacements: list[tuple[int, int, str]]) -> tuple[str, dict[int, int]]:
    """The raw message with each replaced span shown decoded; and where each replacement starts."""
    pieces: list[str] = []
    starts: dict[int, int] = {}
    length = 0
    pos = 0
    for start, end, text in sorted(replacements):
        raw = data[pos:start].decode("utf-8", "replace")
        pieces.append(raw)
        length += len(raw)
        starts[start] = length
        pieces.append(text)
        length += len(text)
        pos = end
    pieces.append(data[pos:].decode("utf-8", "replace"))
    return "".join(pieces), starts


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
