"""The token pattern language of rule files, compiled to spaCy Matcher patterns.

A pattern is a string of token specs separated by spaces::

    pattern: "<corriere|vettore> non? <avere>? ( [VerbForm=Part] )"

Each spec is one or more atoms joined by ``&`` (all must hold), each optionally negated with ``!``
(``PROPN&!@writer``), and the spec followed by a quantifier (``?``, ``*``, ``+``, ``{n,m}``):

- ``word`` or ``a|b``: the lower-cased text; ``'Le'`` in quotes: the exact text;
- ``<lemma>`` or ``<a|b>``: the lemma;
- ``@class``: a member of a vocabulary class, one word or a phrase of several (``@third-party``
  includes ``@third-party.carrier``);
- ``VERB``, ``NOUN|PROPN``: the part of speech (Universal Dependencies tags);
- ``[Tense=Fut,Person=1]``: morphological features, all required; ``[Mood=Ind|Cnd]`` one of several
  values (one such key per bracket); a bracket may follow another atom: ``VERB[Person=1]``;
- ``_``: any token.

Round brackets around specs mark what the finding underlines: ``non ( <addebitare> )``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UD_POS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
          "SCONJ", "SYM", "VERB", "X", "SPACE"}
_QUANTIFIER = re.compile(r"(\?|\*|\+|\{\d*,?\d*\})$")
_FEATURE = re.compile(r"^[A-Z][A-Za-z]*=[A-Za-z0-9,]+(?:\|[A-Za-z0-9,]+)*$")


class PatternSyntaxError(ValueError):
    """A malformed pattern string; the message says which spec and why."""


@dataclass
class CompiledPattern:
    tokens: list[dict]  # spaCy Matcher token dicts
    marked: tuple[int, int] | None  # the pattern indices the finding underlines (first, last)
    classes: set[str]  # vocabulary classes the pattern names


def compile_pattern(text: str, class_names: list[str]) -> CompiledPattern:
    if not isinstance(text, str) or not text.strip():
        raise PatternSyntaxError("a pattern must be a non-empty string")
    specs = _split(text)
    tokens, marks, classes, open_at = [], [], set(), None
    for spec in specs:
        opens = spec.startswith("(")
        closes = spec.endswith(")") and not spec.endswith("\\)")
        body = spec[1 if opens else 0: len(spec) - 1 if closes else len(spec)]
        if opens:
            if open_at is not None or marks:
                raise PatternSyntaxError(f"only one marked part ( ... ) per pattern, at {spec!r}")
            open_at = len(tokens)
        if body:
            tokens.append(_token(body, class_names, classes))
        if closes:
            if open_at is None:
                raise PatternSyntaxError(f"')' without '(' at {spec!r}")
            marks.append((open_at, len(tokens) - 1))
            open_at = None
    if open_at is not None:
        raise PatternSyntaxError("'(' is never closed")
    if not tokens:
        raise PatternSyntaxError("a pattern needs at least one token")
    if all(t.get("OP") in ("?", "*") for t in tokens):
        raise PatternSyntaxError("every token is optional: the pattern would match nothing")
    return CompiledPattern(tokens, marks[0] if marks else None, classes)


def _split(text: str) -> list[str]:
    """Specs split at spaces, with "( a" and "b )" joined to their neighbour."""
    parts = text.split()
    specs: list[str] = []
    pending_open = False
    for part in parts:
        if part == "(":
            pending_open = True
            continue
        if part == ")":
            if not specs:
                raise PatternSyntaxError("')' without '('")
            specs[-1] += ")"
            continue
        specs.append("(" + part if pending_open else part)
        pending_open = False
    if pending_open:
        raise PatternSyntaxError("'(' at the end of the pattern")
    return specs


def _token(spec: str, class_names: list[str], classes: set[str]) -> dict:
    body, op = spec, None
    quantifier = _QUANTIFIER.search(body)
    if quantifier and body != quantifier.group(1):
        op = quantifier.group(1)
        body = body[: quantifier.start()]
    token: dict = {}
    atoms = _atoms(body, spec)
    for atom in atoms:
        negated = atom.startswith("!")
        _add_atom(token, atom[1:] if negated else atom, negated, class_names, classes, spec)
    if len(atoms) == 1 and atoms[0].startswith("@"):
        op = {None: "+", "?": "*"}.get(op, op)  # a class member may be a phrase of several tokens
    if op:
        token["OP"] = op
    return token


def _atoms(body: str, spec: str) -> list[str]:
    """``VERB[Person=1]&<essere>`` -> ["VERB", "[Person=1]", "<essere>"]."""
    atoms: list[str] = []
    for part in body.split("&"):
        if not part:
            raise PatternSyntaxError(f"empty atom in {spec!r}")
        bracket = part.find("[")
        if bracket > 0:
            atoms.extend([part[:bracket], part[bracket:]])
        else:
            atoms.append(part)
    return atoms


def _add_atom(token: dict, atom: str, negated: bool, class_names: list[str], classes: set[str], spec: str) -> None:
    def put(attr: str, value) -> None:
        if attr in token:
            raise PatternSyntaxError(f"two atoms of the same kind in {spec!r}")
        token[attr] = value

    if atom == "_":
        if negated:
            raise PatternSyntaxError(f"'!_' matches nothing, in {spec!r}")
        return
    if atom.startswith("[") and atom.endswith("]"):
        put("MORPH", _morph(atom[1:-1], negated, spec))
    elif atom.startswith("<") and atom.endswith(">"):
        lemmas = _alternatives(atom[1:-1], spec)
        put("LEMMA", {"NOT_IN" if negated else "IN": [w.lower() for w in lemmas]})
    elif atom.startswith("@"):
        alternatives = atom.split("|")
        if not all(name.startswith("@") for name in alternatives):
            raise PatternSyntaxError(f"one atom cannot mix classes with other kinds of token, in {spec!r}: "
                                     "write one pattern for each")
        names = _alternatives("|".join(name[1:] for name in alternatives), spec)
        for name in names:
            if name not in class_names:
                raise PatternSyntaxError(f"unknown vocabulary class {name!r} in {spec!r}")
        classes.update(names)
        if negated:
            put("_", {"vc": {"IS_SUBSET": [n for n in class_names if n not in names]}})
        else:
            put("_", {"vc": {"INTERSECTS": names}})
    elif atom.startswith("'") and atom.endswith("'") and len(atom) > 2:
        put("ORTH", {"NOT_IN" if negated else "IN": _alternatives(atom[1:-1], spec)})
    elif all(part in UD_POS for part in atom.split("|")):
        put("POS", {"NOT_IN" if negated else "IN": atom.split("|")})
    elif any(part in UD_POS for part in atom.split("|")):
        raise PatternSyntaxError(f"{atom!r} mixes parts of speech with words, in {spec!r}: write one pattern "
                                 "for each alternative")
    elif any(part.isupper() and part.isalpha() for part in atom.split("|")):
        raise PatternSyntaxError(f"{atom!r} is not a part-of-speech tag (known: {', '.join(sorted(UD_POS))}); "
                                 "write words in lower case")
    else:
        words = _alternatives(atom, spec)
        put("LOWER", {"NOT_IN" if negated else "IN": [w.lower() for w in words]})


def _alternatives(text: str, spec: str) -> list[str]:
    words = text.split("|")
    if not all(words):
        raise PatternSyntaxError(f"empty alternative in {spec!r}")
    if any(c in w for w in words for c in "<>[]()&!@"):
        raise PatternSyntaxError(f"unexpected character in {spec!r}")
    return words


def _morph(text: str, negated: bool, spec: str) -> dict:
    required, alternatives = [], []
    for feature in (f.strip() for f in text.split(",") if f.strip()):
        if not _FEATURE.match(feature):
            raise PatternSyntaxError(f"feature {feature!r} is not Name=Value, in {spec!r}")
        name, values = feature.split("=", 1)
        choices = values.split("|")
        if len(choices) > 1:
            if alternatives:
                raise PatternSyntaxError(f"one feature with alternatives per bracket, in {spec!r}")
            alternatives = [f"{name}={v}" for v in choices]
        else:
            required.append(feature)
    if not required and not alternatives:
        raise PatternSyntaxError(f"empty feature bracket in {spec!r}")
    if negated:
        raise PatternSyntaxError(f"features cannot be negated; name the values wanted instead, in {spec!r}")
    morph: dict = {}
    if required:
        morph["IS_SUPERSET"] = required
    if alternatives:
        morph["INTERSECTS"] = alternatives
    return morph
