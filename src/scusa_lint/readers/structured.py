"""JSON and YAML loaded with the position of every string value, character by character.

``load_json`` and ``load_yaml`` return plain Python data in which every string value is a
``LocatedStr``: a ``str`` whose i-th character is written at source offsets ``[offsets[i], ends[i])``.
A JSON escape (``\\n``, ``\\"``, ``\\u00e8``) spans from its backslash to its end; a YAML scalar is aligned
with its source (quoted, plain, literal ``|`` and folded ``>`` styles), so each character of a
block scalar keeps its own line and column. Syntax errors raise ``InputError`` naming the line and
column.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from array import array

import yaml

from scusa_lint.errors import InputError
from scusa_lint.limits import YAML_MAX_DEPTH
from scusa_lint.safe_yaml import BoundedLoader, check_graph, construct


class LocatedStr(str):
    """A string value of a JSON or YAML file, with the source span of each character."""

    offsets: array
    ends: array


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def located(value: str, offsets, ends) -> LocatedStr:
    # A lone surrogate (a JSON "\ud800" escape) is no character: U+FFFD stands in for it, one for
    # one, so that the offsets hold and no later step meets text it cannot encode.
    result = LocatedStr(_LONE_SURROGATE.sub("\ufffd", value))
    result.offsets = array("q", offsets)
    result.ends = array("q", ends)
    return result


def syntax_of(path: str, source: str) -> str:
    """``json`` or ``yaml``: by extension, else by the first character."""
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    return "json" if source.lstrip()[:1] in ("{", "[") else "yaml"


def load(path: str, source: str):
    return load_json(path, source) if syntax_of(path, source) == "json" else load_yaml(path, source)


# -- JSON -------------------------------------------------------------------------------------

def load_json(path: str, source: str):
    decoder = json.JSONDecoder()

    def parse_string(text: str, end: int, strict: bool):
        value, stop = json.decoder.py_scanstring(text, end, strict)
        return located(value, *_json_string_offsets(text, end, stop - 1, len(value))), stop

    decoder.parse_string = parse_string
    decoder.memo = {}
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        return decoder.decode(source)
    except json.JSONDecodeError as exc:
        cause = exc.msg[:1].lower() + exc.msg[1:]
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}", f"invalid JSON: {cause}") from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None


def _json_string_offsets(text: str, begin: int, end: int, length: int) -> tuple[array, array]:
    """Source spans (starts, ends) of the decoded characters of the JSON string ``text[begin:end]``
    (no quotes)."""
    offsets, ends = array("q"), array("q")
    i = begin
    while i < end:
        offsets.append(i)
        if text[i] != "\\":
            i += 1
        elif text[i + 1] != "u":
            i += 2
        else:
            code = int(text[i + 2:i + 6], 16)
            i += 6
            if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i) and 0xDC00 <= int(text[i + 2:i + 6], 16) < 0xE000:
                i += 6  # a surrogate pair is one character
        ends.append(i)
    if len(offsets) != length:  # cannot happen for valid JSON; never a wrong map
        return array("q", [begin] * length), array("q", [end] * length)
    return offsets, ends


# -- YAML -------------------------------------------------------------------------------------

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def load_yaml(path: str, source: str):
    loader = None
    try:
        loader = BoundedLoader(source)  # reads the first characters: a bad one is an error already
        node = loader.get_single_node()
        check_graph(node)
        if node is None:
            return None
        return _Converter(loader, source, path).convert(node, 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        cause = exc.problem or exc.context or "syntax error"
        if exc.context and exc.problem:
            # "while scanning a quoted scalar" says where; "expected a single document" says what
            cause = f"{cause} ({exc.context})" if exc.context.startswith("while") else f"{exc.context}, {cause}"
        raise InputError(where, f"invalid YAML: {cause}") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {' '.join(str(exc).split())}") from None
    finally:
        if loader is not None:
            loader.dispose()


class _Converter:
    def __init__(self, loader: yaml.SafeLoader, source: str, path: str) -> None:
        self.loader = loader
        self.source = source
        self.path = path

    def convert(self, node: yaml.Node, depth: int):
        if depth > YAML_MAX_DEPTH:
            raise InputError(self.path, "invalid YAML: nested too deeply")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return located(node.value, *align_scalar(node.value, self.source, node.start_mark.index,
                                                         node.end_mark.index, node.style))
            return construct(self.loader, node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, depth + 1) for item in node.value]
        result = {}
        merged: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # "<<: *base": the base's keys, unless given here
                bases = self.convert(value_node, depth + 1)
                for base in bases if isinstance(bases, list) else [bases]:
                    if isinstance(base, dict):
                        merged = {**base, **merged}
                continue
            key = construct(self.loader, key_node) if isinstance(key_node, yaml.ScalarNode) else None
            try:
                result[key] = self.convert(value_node, depth + 1)
            except TypeError:  # an unhashable key (a list as key): not a template's key anyway
                continue
        return {**merged, **result} if merged else result


def align_scalar(value: str, source: str, start: int, end: int, style: str | None, *,
                 yaml_properties: bool = True) -> tuple[array, array]:
    """Source spans (starts, ends) of the characters of a YAML scalar ``value`` written at
    ``source[start:end]``.

    Characters that the scalar keeps as written map to themselves; a folded line break maps to the
    indentation of the next line; an escape spans from its backslash to its end.
    """
    if style in ("|", ">"):
        header_end = source.find("\n", start, end)
        start = header_end + 1 if header_end >= 0 else end
    elif yaml_properties:
        # An anchor or a tag before the scalar ("&firma Ciao", "!!str 3") is not part of it.
        while start < end and source[start] in "&!":
            while start < end and not source[start].isspace():
                start += 1
            while start < end and source[start] in " \t\r\n":
                start += 1
    skippable = " \t\r\n" + (style if style in ("'", '"') else "")
    offsets, ends = array("q"), array("q")
    last = max(start, min(end, len(source)) - 1)
    i = start
    for char in value:
        j = i
        found = -1
        while j < end:
            current = source[j]
            if style == '"' and current == "\\":
                following = source[j + 1:j + 2]
                if following in ("\r", "\n"):  # an escaped line break: nothing in the value
                    j += 2
                    continue
                if following in _HEX_ESCAPES:
                    length = 2 + _HEX_ESCAPES[following]
                    try:
                        produced = chr(int(source[j + 2:j + length], 16))
                    except ValueError:
                        break
                else:
                    length, produced = 2, _ESCAPES.get(following, following)
                if produced == char:
                    found, i = j, j + length
                elif produced in skippable:  # an escaped space, when the value's space was indentation
                    j += length
                    continue
                break
            if current == char:
                found, i = j, j + 1
                break
            if current in skippable:
                j += 1
                continue
            break
        offsets.append(found if found >= 0 else min(i, last))
        ends.append(i if found >= 0 else min(i, last) + 1)
    return offsets, ends

