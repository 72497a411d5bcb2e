"""``scusa-lint analyze``: what the rules see, for people writing rules.

For each document: its sentences, each sentence's clauses with their features (who acts, negation,
time, hypothesis, reported speech), and each token with its lemma, part of speech, morphological
features (spaCy's ``Key=Value|...`` form, Universal Dependencies names), vocabulary classes and
enclitic pronouns. JSON shape (``--output-format json``)::

    {"documents": [{"path": ..., "title": ..., "sentences": [{"text": ..., "clauses": [
        {"text": ..., "agent": ..., "negated": ..., "time": ..., "hypothetical": ..., "reported": ...,
         "tokens": [{"text": ..., "offset": ..., "lemma": ..., "pos": ..., "morph": ...,
                     "classes": [...], "clitics": [...]}]}]}]}]}

``offset`` is the token's character offset in the document text the rules see.
"""

from __future__ import annotations

import json

from spacy.tokens import Doc, Token


def token_record(token: Token) -> dict:
    return {"text": token.text, "offset": token.idx, "lemma": token.lemma_, "pos": token.pos_,
            "morph": str(token.morph), "classes": list(token._.vc), "clitics": list(token._.clitics)}


def document_record(parsed: Doc, path: str, title: str | None) -> dict:
    clauses = parsed._.clauses
    sentences = []
    for sentence in parsed.sents:
        if not sentence.text.strip():
            continue
        own = [c for c in clauses if sentence.start <= c.start < sentence.end]
        sentences.append({"text": sentence.text.strip(), "clauses": [
            {**{k: v for k, v in c.as_dict(parsed).items() if k not in ("start", "end")},
             "tokens": [token_record(t) for t in parsed[c.start:c.end] if not t.is_space]} for c in own]})
    return {"path": path, "title": title, "sentences": sentences}


def render_json(records: list[dict]) -> str:
    return json.dumps({"documents": records}, ensure_ascii=False, indent=2) + "\n"


def render_text(records: list[dict]) -> str:
    lines: list[str] = []
    for record in records:
        lines.append(f"== {record['path']}" + (f" ({record['title']})" if record["title"] else ""))
        for number, sentence in enumerate(record["sentences"], 1):
            lines.append(f"{number}. {sentence['text']}")
            for clause in sentence["clauses"]:
                flags = [f"agent={clause['agent']}", f"time={clause['time']}"]
                flags += [name for name in ("negated", "hypothetical", "reported") if clause[name]]
                lines.append(f"   [{' '.join(flags)}] {clause['text']}")
                for token in clause["tokens"]:
                    extra = ""
                    if token["classes"]:
                        extra += "  @" + " @".join(token["classes"])
                    if token["clitics"]:
                        extra += "  +" + "+".join(token["clitics"])
                    lines.append(f"      {token['text']:<16} {token['lemma']:<16} {token['pos']:<6} "
                                 f"{token['morph']}{extra}".rstrip())
    return "\n".join(lines) + "\n"
