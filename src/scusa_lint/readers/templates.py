"""Helpdesk template collections in JSON or YAML: each template (macro, canned response, saved
reply) is one document, titled with the template's name.

Presets know where each helpdesk keeps the text:

- ``zendesk`` (also ``zendesk-yaml``, the one-macro-per-file YAML layout GitLab's support team
  keeps): ``{"macros": [...]}``, ``{"macro": {...}}``, a list, or one macro; the text is in the
  actions ``subject``, ``comment_value`` (a string or ``["channel:all", "text"]``) and
  ``comment_value_html``;
- ``freshdesk`` canned responses: ``content_html`` (else ``content``), titled by ``title``;
- ``helpscout`` saved replies: ``body`` (else ``text``, else ``chatText``), titled by ``name``;
- ``gorgias`` macros: ``actions[].arguments.body_text`` (else ``body_html``), titled by ``name``;
- ``front`` message templates: ``subject`` and ``body``, titled by ``name``;
- ``collection``: the fields the configuration's ``collection`` table names.

``templates`` (the format of ``.json``, ``.yml`` and ``.yaml`` files) recognises the preset from
the data. HTML fields (names ending in ``html``, and ``body``/``text`` of Help Scout and Front) go
through the HTML reader. Every character maps to its place in the JSON or YAML file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import yaml

from scusa_lint.document import Document, DocumentBuilder
from scusa_lint.errors import InputError
from scusa_lint.readers.html import html_lines
from scusa_lint.readers.mapped import Mapped, add_lines, add_prose
from scusa_lint.readers.structured import LocatedStr, load, syntax_of
from scusa_lint.safe_yaml import load_data

# Keys under which exports keep their list of templates.
CONTAINERS = ("macros", "macro", "canned_responses", "saved_replies", "saved-replies", "templates",
              "message_templates", "responses", "data", "_results", "results", "items")


@dataclass(frozen=True)
class Field:
    parents: tuple[str, ...]  # keys leading to the object holding the value; lists are walked into
    names: tuple[str, ...]  # alternatives: the first one present is read
    html: tuple[bool, ...]  # per alternative: read as HTML?


@dataclass(frozen=True)
class Preset:
    name: str
    label: str  # "Zendesk macros"
    noun: str  # one of them: "macro"
    titles: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    matches: Callable[[dict], bool] = lambda item: False
    containers: tuple[str, ...] = CONTAINERS

    def texts(self, item: dict) -> list[tuple[LocatedStr, bool]]:
        found = []
        for spec in self.fields:
            for parent in _walk(item, spec.parents):
                if not isinstance(parent, dict):
                    continue
                for name, html in zip(spec.names, spec.html, strict=True):
                    value = parent.get(name)
                    if value is not None and not isinstance(value, str):
                        raise ShapeError(".".join((*spec.parents, name)), "a text", value)
                    if isinstance(value, str) and value.strip():
                        found.append((value, html))
                        break
        return found


class ShapeError(Exception):
    """A template whose field holds the wrong kind of value (a number where a list belongs)."""

    def __init__(self, field: str, expected: str, value) -> None:
        super().__init__(f"{field}: expected {expected}, got {kind_of(value)}")
        self.field = field


def kind_of(value) -> str:
    for kinds, name in ((bool, "a boolean"), ((int, float), "a number"), (str, "a text"), (list, "a list"),
                        (dict, "an object")):
        if isinstance(value, kinds):
            return name
    return "nothing (null)" if value is None else f"a {type(value).__name__}"


def field(path: str, html: tuple[str, ...] = ()) -> Field:
    """``"a.b.c|d"``: the value of ``c`` (else ``d``) in ``a.b``; a name is HTML if it ends in "html"."""
    *parents, last = path.split(".")
    names = tuple(name.strip() for name in last.split("|"))
    return Field(tuple(parents), names, tuple(
        name.lower().endswith("html") or name in html or ".".join((*parents, name)) in html for name in names))


def _walk(value, keys: tuple[str, ...]) -> list:
    if isinstance(value, list):
        return [found for item in value for found in _walk(item, keys)]
    if not keys:
        return [value]
    if isinstance(value, dict) and keys[0] in value:
        return _walk(value[keys[0]], keys[1:])
    return []


class ZendeskPreset(Preset):
    def texts(self, item: dict) -> list[tuple[LocatedStr, bool]]:
        found = []
        actions = item.get("actions")
        if actions is not None and not isinstance(actions, list):
            raise ShapeError("actions", "a list", actions)
        for number, action in enumerate(actions or ()):
            if not isinstance(action, dict):
                raise ShapeError(f"actions[{number}]", "an object with 'field' and 'value'", action)
            name, value = action.get("field"), action.get("value")
            if name not in ("subject", "comment_value", "comment_value_html"):
                continue
            if isinstance(value, list):  # ["channel:all", "text"]
                value = next((v for v in reversed(value) if isinstance(v, str) and not v.startswith("channel:")),
                             value)
            if not isinstance(value, str):
                raise ShapeError(f"actions[{number}].value", "a text", value)
            if value.strip():
                found.append((value, name == "comment_value_html"))
        return found


def _zendesk_item(item: dict) -> bool:
    actions = item.get("actions")
    return isinstance(actions, list) and any(isinstance(a, dict) and "field" in a and "value" in a for a in actions)


def _gorgias_item(item: dict) -> bool:
    actions = item.get("actions")
    return isinstance(actions, list) and any(
        isinstance(a, dict) and isinstance(a.get("arguments"), dict)
        and ("body_text" in a["arguments"] or "body_html" in a["arguments"]) for a in actions)


PRESETS: dict[str, Preset] = {
    "zendesk": ZendeskPreset("zendesk", "Zendesk macros", "macro", ("title", "raw_title"), matches=_zendesk_item,
                             containers=("macros", "macro")),
    "gorgias": Preset("gorgias", "Gorgias macros", "macro", ("name",), (field("actions.arguments.subject"),
                                                               field("actions.arguments.body_text|body_html")),
                      matches=_gorgias_item),
    "freshdesk": Preset("freshdesk", "Freshdesk canned responses", "canned response", ("title",),
                        (field("content_html|content"),),
                        matches=lambda item: isinstance(item.get("content_html"), str)
                        or isinstance(item.get("content"), str) and "title" in item),
    "front": Preset("front", "Front message templates", "template", ("name",),
                    (field("subject"), field("body", html=("body",))),
                    matches=lambda item: isinstance(item.get("body"), str) and "subject" in item and "name" in item),
    "helpscout": Preset("helpscout", "Help Scout saved replies", "saved reply", ("name",),
                        (field("body|text|chatText", html=("body", "text")),),
                        matches=lambda item: "name" in item and any(isinstance(item.get(k), str)
                                                                    for k in ("body", "text", "chatText"))),
}
PRESETS["zendesk-yaml"] = PRESETS["zendesk"]
# Tried in this order when the format is recognised from the data.
_DETECTION_ORDER = ("zendesk", "gorgias", "freshdesk", "front", "helpscout")


def custom_preset(settings) -> Preset | None:
    """The ``collection`` table of the configuration as a preset."""
    table = dict(getattr(settings, "collection", ()) or ())
    if not table:
        return None
    html = tuple(table.get("html", ()))
    fields = tuple(field(path, html) for path in (*table.get("fields", ()), *(
        h for h in html if h not in table.get("fields", ()))))
    items = table.get("items")
    return Preset("collection", "templates", "template", (table.get("title", "title"),), fields,
                  matches=partial(_has_texts, Preset("", "", "", (), fields)),
                  containers=(items,) if items else CONTAINERS)


def _has_texts(preset: Preset, item: dict) -> bool:
    try:
        return bool(preset.texts(item))
    except ShapeError:  # it is one of ours, written wrong: reading it says where
        return True


def items_of(data, preset: Preset, strict: bool = False) -> list[dict]:
    """The templates of ``data``; ``strict``: an item that is not an object is a ``ShapeError``
    (reading says so; recognising a file only looks at the objects)."""
    if not isinstance(data, (list, dict)):
        return []
    value = data
    if isinstance(data, dict):
        for key in preset.containers:
            value = data
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, (list, dict)):
                break
        else:
            return [data]
    if isinstance(value, dict):
        return [value]
    if strict:
        for number, item in enumerate(value):
            if not isinstance(item, dict):
                raise ShapeError(f"[{number}]", f"a {preset.noun} (an object)", item)
    return [item for item in value if isinstance(item, dict)]


def _container(data, preset: Preset) -> str | None:
    """How the items of ``data`` are named in a field path: ``macros`` for ``{"macros": [...]}``,
    ``""`` for a list, None for one template."""
    if isinstance(data, list):
        return ""
    for key in preset.containers if isinstance(data, dict) else ():
        value = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, list):
            return key
        if isinstance(value, dict):
            return None
    return None


def detect(data, settings=None) -> Preset | None:
    """The preset whose templates the data holds, or None."""
    custom = custom_preset(settings)
    if custom is not None and any(custom.matches(item) for item in items_of(data, custom)):
        return custom
    if isinstance(data, dict) and (isinstance(data.get("macros"), list) or isinstance(data.get("macro"), dict)):
        return PRESETS["zendesk"]
    for name in _DETECTION_ORDER:
        preset = PRESETS[name]
        if any(preset.matches(item) for item in items_of(data, preset)):
            return preset
    return None


def read_collection(path: str, source: str, *, template: bool, settings=None,
                    preset: str | None = None) -> list[Document]:
    """Read a template collection with a given preset (``None``: recognise it from the data)."""
    data = load(path, source)
    if preset == "collection":
        chosen = custom_preset(settings)
        if chosen is None:
            raise InputError(path, "format 'collection' needs a 'collection' table in the configuration "
                                   "(title, fields)")
    elif preset is not None:
        chosen = PRESETS[preset]
    else:
        chosen = detect(data, settings)
        if chosen is None:
            raise InputError(path, "not a template collection: no Zendesk macros, Freshdesk canned responses, "
                                   "Help Scout saved replies, Gorgias macros or Front templates found "
                                   "(set 'formats' or 'collection' in the configuration)")
    where = _container(data, chosen)
    try:
        items = items_of(data, chosen, strict=True)
    except ShapeError as exc:
        raise InputError(path, f"{where or ''}{exc}") from None
    lint_inactive = getattr(settings, "lint_inactive", True)
    documents = []
    matched = 0
    for number, item in enumerate(items, 1):
        try:
            texts = chosen.texts(item)
        except ShapeError as exc:
            raise InputError(path, f"{where}[{number - 1}].{exc}" if where is not None else str(exc)) from None
        if not texts and not chosen.matches(item):
            continue
        matched += 1
        if item.get("active") is False and not lint_inactive:
            continue
        title = _title(item, chosen, number, path)
        builder = DocumentBuilder(path, source, title=title, template=template, fixable=False)
        for value, is_html in texts:
            if is_html:
                lines = [line.through(value) for line in html_lines(str(value))]
                add_lines(builder, lines)
            else:
                builder.add_break()
                add_prose(builder, Mapped(str(value), value.offsets, value.ends))
        documents.append(builder.build())
    if not matched and preset is not None and (items or not isinstance(data, (list, dict))):
        # (an export with an empty list of templates is fine)
        raise InputError(path, f"no {chosen.label} found: no template has {_expected(chosen)}")
    return documents


def _title(item: dict, preset: Preset, number: int, path: str) -> str:
    for key in preset.titles:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return str(value).strip()
    if isinstance(item.get("id"), (int, str)) and str(item["id"]).strip():
        return f"{preset.noun} {item['id']}"
    stem = os.path.splitext(os.path.basename(path))[0]
    return f"{stem} #{number}"


def _expected(preset: Preset) -> str:
    if isinstance(preset, ZendeskPreset):
        return "'actions' with 'field' and 'value'"
    names = [".".join((*spec.parents, name)) for spec in preset.fields for name in spec.names]
    return " or ".join(repr(name) for name in names)


# -- walking directories -------------------------------------------------------------------

_MARKERS = re.compile(rb"""["']?\b(?:macros|macro|actions|comment_value|comment_value_html|content_html|body_html|
                           body_text|saved_replies|canned_responses|chatText)\b["']?\s*:""", re.X)
SNIFF_LIMIT = 65536


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:  # a regular file: read_regular said it was only too large
            return handle.read(SNIFF_LIMIT)
    except OSError:
        return b""


def looks_like_templates(path: str, settings) -> bool:
    """Should a directory walk lint this .json/.yml/.yaml file? Only when it holds templates.

    A file that parses and whose data no preset recognises is skipped (package.json, docker-compose
    files, rule files); a file that does not parse is kept when it mentions template keys, so that
    a broken macro file is reported rather than silently left out.
    """
    from scusa_lint.limits import read_regular
    from scusa_lint.readers import decode

    limit = getattr(settings, "max_file_size", 5_000_000)
    try:
        data = read_regular(path, limit)
    except InputError as error:  # unreadable, a FIFO: reported when read; too large: if it looks like templates
        return "too large" not in error.cause or _MARKERS.search(_head(path)) is not None
    markers = _MARKERS.search(data[:SNIFF_LIMIT]) is not None
    custom = custom_preset(settings)
    try:
        parsed = _quick_load(path, decode(path, data))
    except (InputError, ValueError, yaml.YAMLError, RecursionError):
        return markers or custom is not None
    return detect(parsed, settings) is not None


def _quick_load(path: str, source: str):
    """The data without positions, with the fast parsers: enough to recognise a collection."""
    if syntax_of(path, source) == "json":
        return json.loads(source)
    return load_data(source)
