"""JSON and YAML loaded with a source offset for every character of every string value."""

from __future__ import annotations

import pytest

from scusa_lint.errors import InputError
from scusa_lint.readers.structured import LocatedStr, load, load_json, load_yaml


def _where(source: str, value: LocatedStr) -> list[str]:
    """For each character of the value, the source text from its offset (3 characters)."""
    return [source[o:o + 3] for o in value.offsets]


def test_json_escapes_map_to_their_backslash():
    source = '{"t": "a\\nb \\"c\\" \\u00e8 \\ud83d\\ude00 z"}'
    value = load_json("x.json", source)["t"]
    assert value == 'a\nb "c" è \U0001F600 z'
    assert isinstance(value, LocatedStr)
    assert _where(source, value) == [
        'a\\n', '\\nb', 'b \\', ' \\"', '\\"c', 'c\\"', '\\" ', ' \\u', '\\u0', ' \\u', '\\ud', ' z"', 'z"}']


def test_json_escapes_end_after_their_last_character():
    source = '{"t": "a\\nb \\u00e8 \\ud83d\\ude00 z"}'
    value = load_json("x.json", source)["t"]
    assert [source[start:end] for start, end in zip(value.offsets, value.ends, strict=True)] == [
        "a", "\\n", "b", " ", "\\u00e8", " ", "\\ud83d\\ude00", " ", "z"]


def test_json_keys_numbers_and_nesting_are_plain_values():
    data = load_json("x.json", '{"a": [1, 2.5, true, null, {"b": "c"}], "d": "e"}')
    assert data == {"a": [1, 2.5, True, None, {"b": "c"}], "d": "e"}
    assert list(data["a"][4]["b"].offsets) == [34]


YAML = (
    "plain: Gentile cliente\n"
    "  ci scusiamo\n"
    "single: 'l''ordine'\n"
    "double: \"riga\\tuno \\u00e8\\\n"
    "  \\ due\"\n"
    "literal: |\n"
    "  prima\n"
    "    rientrata\n"
    "  ultima\n"
    "folded: >-\n"
    "  uno\n"
    "  due\n"
    "\n"
    "  tre\n"
    "alias: &a ancora\n"
    "again: *a\n"
    "number: 3\n"
    "flag: yes\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_yaml_scalars_of_every_style_map_character_by_character(newline):
    source = YAML.replace("\n", newline)
    data = load_yaml("x.yml", source)
    assert data["plain"] == "Gentile cliente ci scusiamo"
    assert data["single"] == "l'ordine"
    assert data["double"] == "riga\tuno è due"
    assert data["literal"] == "prima\n  rientrata\nultima\n"
    assert data["folded"] == "uno due\ntre"
    assert (data["again"], data["number"], data["flag"]) == ("ancora", 3, True)
    for key in ("plain", "single", "double", "literal", "folded", "again"):
        value = data[key]
        for char, offset in zip(value, value.offsets, strict=True):
            if char.isalpha() and char != "è":
                assert source[offset] == char, (key, char, offset)
    lines = source.split(newline)
    # "ci scusiamo" keeps its own line; "due" of the folded block too.
    start = data["plain"].index("ci")
    assert source[data["plain"].offsets[start]:].startswith("ci scusiamo")
    assert sum(len(line) + len(newline) for line in lines[:1]) + 2 == data["plain"].offsets[start]
    assert source[data["folded"].offsets[data["folded"].index("due")]:].startswith("due" + newline)
    assert source[data["double"].offsets[data["double"].index("è")]:].startswith("\\u00e8")
    double = data["double"]
    spans = [source[start:end] for start, end in zip(double.offsets, double.ends, strict=True)]
    assert spans[double.index("\t")] == "\\t" and spans[double.index("è")] == "\\u00e8"
    assert spans[double.index("n")] == "n"


def test_load_chooses_the_syntax_by_extension_then_content():
    assert load("a.json", '{"a": "b"}') == {"a": "b"}
    assert load("a.yaml", "a: b") == {"a": "b"}
    assert load("-", '[{"a": "b"}]') == [{"a": "b"}]
    assert load("-", "a: b") == {"a": "b"}


@pytest.mark.parametrize(("source", "where", "cause"), [
    ("a: 1\n---\nb: 2\n", "x.yml:2:1", "invalid YAML: expected a single document in the stream, "
                                        "but found another document"),
    ("a:\n\t- b\n", "x.yml:2:1", "invalid YAML: found character '\\t' that cannot start any token "
                                 "(while scanning for the next token)"),
    ("a: *nessuno\n", "x.yml:1:4", "invalid YAML: found undefined alias 'nessuno'"),
])
def test_yaml_errors(source, where, cause):
    with pytest.raises(InputError) as error:
        load_yaml("x.yml", source)
    assert (error.value.where, error.value.cause) == (where, cause)


def test_empty_yaml_is_no_data():
    assert load_yaml("x.yml", "# solo un commento\n") is None


def test_yaml_merge_keys_and_impossible_dates():
    source = "base: &b\n  active: false\n  title: Base\nmacro:\n  <<: *b\n  title: Mia\ndata: 2025-13-45\n"
    data = load_yaml("x.yml", source)
    assert data["macro"] == {"active": False, "title": "Mia"}
    assert source[data["macro"]["title"].offsets[0]:].startswith("Mia")
    assert data["data"] == "2025-13-45"
