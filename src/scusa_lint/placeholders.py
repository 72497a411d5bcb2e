"""Template placeholders of helpdesk tools, found so they can be masked or reported.

A *value* placeholder stands for a word and is masked as a name:

- Liquid, Handlebars, Mustache, Jinja: ``{{ticket.requester.first_name}}``, ``{{{name}}}``,
  ``{{ name | default: "cliente" }}`` (Zendesk, Freshdesk, Gorgias, Front, Intercom's new syntax);
- Help Scout: ``{%customer.firstName,fallback=cliente%}`` (a ``{%...%}`` whose first word is dotted);
- Salesforce merge fields ``{!Contact.FirstName}``, Zoho Desk ``${Contacts.First Name}``,
  Intercom ``<attribute key="first_name" default="cliente"/>``, Mailchimp ``*|FNAME|*``, ``%NOME%``,
  ``%%SUBJECT%%``, Python and Mailman ``%(listname)s`` and ``{firstname}``, Ruby i18n ``%{ticket.title}``.

A *control* tag is not text at all: Liquid/Jinja ``{% if %}``, ``{%- for -%}``, ``{% endif %}``,
Handlebars blocks ``{{#if}}``, ``{{/if}}``, ``{{else}}``, ``{{^list}}``, partials ``{{> footer}}``,
Hugo shortcodes ``{{< x >}}``. A *comment* is not text either: ``{# #}``, ``{{! }}``, ``{{!-- --}}``,
and a Liquid ``{% comment %}...{% endcomment %}`` block with what it encloses.

A *broken* placeholder is a delimiter with no partner (``{{nome}``, ``{nome}}``, ``{% if``, ``${nome``),
or a well-formed one glued to an extra brace (``{{{nome}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_CONTROL_WORDS = (
    "if|elsif|elif|else|endif|unless|endunless|for|endfor|case|when|endcase|assign|capture|"
    "endcapture|raw|endraw|comment|endcomment|include|render|set|endset|block|endblock|macro|"
    "endmacro|with|endwith|break|continue|cycle|increment|decrement|tablerow|endtablerow|liquid|echo|"
    "extends|import|from|filter|endfilter|call|endcall|autoescape|endautoescape|trans|endtrans|do"
)
_TAG_OPEN = r"\{%[-+]?\s*"
_TAG_CLOSE = r"\s*[-+]?%\}"

# Order matters: at one position the first syntax that matches wins.
_SYNTAXES: tuple[tuple[str, str], ...] = (
    # Liquid comment block: the tags and everything between them.
    ("comment", _TAG_OPEN + r"comment" + _TAG_CLOSE + r".*?" + _TAG_OPEN + r"endcomment" + _TAG_CLOSE),
    ("comment", r"\{\{!--.*?--\}\}|\{\{!.*?\}\}|\{#.*?#\}"),
    # Handlebars/Mustache sections, partials, else; Hugo shortcodes.
    ("control", r"\{\{~?\s*(?:[#/^>]|else\b)[^{}]*\}\}|\{\{<.*?>\}\}|\{\{%.*?%\}\}"),
    ("value", r"\{\{\{[^{}]*\}\}\}"),
    ("value", r"\{\{[^{}]*\}\}"),
    ("control", _TAG_OPEN + r"(?:" + _CONTROL_WORDS + r")\b[^{}]*?" + r"[-+]?%\}"),
    # Help Scout: {%customer.firstName,fallback=cliente%}; the first word is dotted.
    ("value", r"\{%\s*[A-Za-z_][\w]*\.[\w.]*[^{}%]*%\}"),
    ("control", r"\{%[^{}]*?%\}"),  # any other tag of a template language
    ("value", r"\{![A-Za-z_$][^{}]*\}"),  # Salesforce merge fields
    ("value", r"\$\{[^{}]+\}"),  # Zoho Desk
    ("value", r"<attribute\b[^<>]*/?>"),  # Intercom
    ("value", r"\*\|[A-Z0-9_:]+\|\*"),  # Mailchimp merge tags
    ("value", r"%%[A-Za-z][A-Za-z0-9_]{0,40}%%"),  # %%SUBJECT%%
    ("value", r"%[A-Z][A-Z0-9_]{1,40}%"),  # %NOME%
    ("value", r"%\([A-Za-z_][\w.]{0,40}\)[sdir]"),  # Python %-format, Mailman: %(listname)s
    ("value", r"%\{[A-Za-z_][\w.]{0,60}\}"),  # Ruby i18n, Zammad, Discourse: %{ticket.title}
    # One brace (PrestaShop, Python str.format): {firstname}; never part of a double brace.
    ("value", r"(?<![{$!%\w])\{[A-Za-z_][\w.]{0,60}\}(?!\})"),
)
_KINDS = tuple(kind for kind, _ in _SYNTAXES)
_ANY = re.compile("|".join(f"(?P<s{i}>{pattern})" for i, (_, pattern) in enumerate(_SYNTAXES)), re.S)
# Delimiters left over once every well-formed placeholder is matched.
# Where the word of a broken placeholder ends (after an opening delimiter) or starts (before a closing one).
_WORD_END = frozenset(",;:!?()[]<>\"'}%#")
_WORD_START = frozenset(",;:!?()[]<>\"'{")
_STRAY_DELIMITER = re.compile(r"\{\{+|\}\}+|\{%|%\}|\{#|#\}|\$\{|\{!(?=\w)")


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    raw: str
    kind: str  # "value", "control", "comment" or "broken"

    @property
    def broken(self) -> bool:
        return self.kind == "broken"

    @property
    def masks_as_word(self) -> bool:
        return self.kind == "value"

    def moved(self, start: int, end: int) -> Placeholder:
        return replace(self, start=start, end=end)


def find_placeholders(text: str) -> list[Placeholder]:
    """Every placeholder of ``text`` in order, broken delimiters included."""
    if not any(mark in text for mark in ("{", "}", "<attribute", "*|", "%")):
        return []
    found: list[Placeholder] = []
    pos = 0
    for m in _ANY.finditer(text):
        if m.start() < pos:
            continue
        start, end = m.start(), m.end()
        kind = _KINDS[int(m.lastgroup[1:])]
        if m.group()[0] == "{" or m.group()[-1] == "}":
            # A well-formed placeholder glued to an extra brace ("{{{nome}}") is broken as a whole.
            glued_start, glued_end = start, end
            while glued_start > pos and text[glued_start - 1] == "{":
                glued_start -= 1
            while glued_end < len(text) and text[glued_end] == "}":
                glued_end += 1
            if (glued_start, glued_end) != (start, end):
                found.extend(_broken_between(text, pos, glued_start))
                found.append(Placeholder(glued_start, glued_end, text[glued_start:glued_end], "broken"))
                pos = glued_end
                continue
        found.extend(_broken_between(text, pos, start))
        found.append(Placeholder(start, end, m.group(), kind))
        pos = end
    found.extend(_broken_between(text, pos, len(text)))
    return found


def _broken_between(text: str, start: int, end: int) -> list[Placeholder]:
    broken: list[Placeholder] = []
    pos = start
    for m in _STRAY_DELIMITER.finditer(text, start, end):
        if m.start() < pos:
            continue
        # The broken placeholder runs to the end of the word that follows an opening delimiter,
        # or back to the start of the word before a closing one.
        begin, stop = m.start(), m.end()
        if m.group()[0] in "{$":
            while stop < end and not text[stop].isspace() and text[stop] not in _WORD_END:
                stop += 1
            while stop < end and text[stop] in "}%#":  # "{{nome}": the lone closing brace too
                stop += 1
        else:
            while begin > pos and not text[begin - 1].isspace() and text[begin - 1] not in _WORD_START:
                begin -= 1
            while begin > pos and text[begin - 1] in "{%#$":  # "{nome}}": the lone opening brace too
                begin -= 1
        broken.append(Placeholder(begin, stop, text[begin:stop], "broken"))
        pos = stop
    return broken
