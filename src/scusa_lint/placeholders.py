"""Template placeholders of helpdesk tools, found so they can be masked or reported.

A *value* placeholder ("{{ticket.requester.first_name}}") stands for a word and is masked as a
name; a *control* tag ("{% if %}") or a *comment* ("{# ... #}") is not text at all. A *broken*
placeholder ("{{nome}") is an opening or closing delimiter with no partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_CONTROL_WORDS = (
    "if|elsif|elif|else|endif|unless|endunless|for|endfor|case|when|endcase|assign|capture|"
    "endcapture|raw|endraw|comment|endcomment|include|render|set|endset|block|endblock|macro|"
    "endmacro|with|endwith|break|continue|cycle|increment|decrement|tablerow|endtablerow|liquid|echo"
)

# Order matters: the longest delimiters are tried first at each position.
_SYNTAXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("comment", re.compile(r"\{\{!--.*?--\}\}|\{\{!.*?\}\}|\{#.*?#\}", re.S)),
    ("value", re.compile(r"\{\{\{[^{}]*\}\}\}")),
    ("value", re.compile(r"\{\{[^{}]*\}\}")),
    ("control", re.compile(r"\{%-?\s*(?:" + _CONTROL_WORDS + r")\b.*?-?%\}", re.S)),
    ("value", re.compile(r"\{%[^{}%]*%\}")),  # Help Scout: {%customer.firstName,fallback=...%}
    ("value", re.compile(r"\{![^{}]*\}")),  # Salesforce merge fields
    ("value", re.compile(r"\$\{[^{}]*\}")),  # Zoho Desk
    ("value", re.compile(r"<attribute\b[^<>]*/>")),  # Intercom
    ("value", re.compile(r"\*\|[A-Z0-9_:]+\|\*")),  # Mailchimp merge tags
    ("value", re.compile(r"%[A-Z][A-Z0-9_]{1,40}%")),  # %NOME%
)
_ANY = re.compile("|".join(f"(?P<s{i}>{p.pattern})" for i, (_, p) in enumerate(_SYNTAXES)), re.S)
_STRAY_DELIMITER = re.compile(r"\{\{+|\}\}+|\{%|%\}|\{#|#\}")


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
    found: list[Placeholder] = []
    pos = 0
    for m in _ANY.finditer(text):
        found.extend(_broken_between(text, pos, m.start()))
        kind = _SYNTAXES[int(m.lastgroup[1:])][0]
        found.append(Placeholder(m.start(), m.end(), m.group(), kind))
        pos = m.end()
    found.extend(_broken_between(text, pos, len(text)))
    return found


def _broken_between(text: str, start: int, end: int) -> list[Placeholder]:
    broken = []
    for m in _STRAY_DELIMITER.finditer(text, start, end):
        # The broken placeholder runs to the end of the word that follows or precedes it.
        stop = m.end()
        while stop < end and not text[stop].isspace():
            stop += 1
        begin = m.start()
        while begin > start and not text[begin - 1].isspace() and m.group()[0] in "}%#":
            begin -= 1
        broken.append(Placeholder(begin, stop, text[begin:stop], "broken"))
    return broken
