"""Italian verb morphology from endings: which lemma and which features a verb form has.

A form is split into stem + ending for each of the three conjugations; the stem with the
conjugation's infinitive ending must be a verb of the lexicon ("rimborseremo" -> "rimborsare",
future, 1st plural). The spelling changes of -care/-gare, -ciare/-giare and -iare are undone on the
way. Irregular forms come from a closed table (``irregular.yml``); other irregular forms take their
lemma from the lexicon's verb table and their features from the endings all verbs share (futures,
conditionals, remote pasts in -ero, participles). Enclitic pronouns ("rimborsarLa",
"inviarglielo", "scusandoci") are split off and returned with the reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from scusa_lint.language.lexicon import LEXICON
from scusa_lint.safe_yaml import load_data

PERSONS = (("1", "Sing"), ("2", "Sing"), ("3", "Sing"), ("1", "Plur"), ("2", "Plur"), ("3", "Plur"))
INFINITIVES = ("are", "ere", "ire")

# (mood, tense): endings of the six persons for -are, -ere, -ire; "a|b" gives alternatives.
FINITE_ENDINGS = {
    ("Ind", "Pres"): ("o i a iamo ate ano", "o i e iamo ete ono", "o|isco i|isci e|isce iamo ite ono|iscono"),
    ("Ind", "Imp"): ("avo avi ava avamo avate avano", "evo evi eva evamo evate evano",
                     "ivo ivi iva ivamo ivate ivano"),
    ("Ind", "Past"): ("ai asti ò ammo aste arono", "ei|etti esti é|è|ette emmo este erono|ettero",
                      "ii isti ì immo iste irono"),
    ("Ind", "Fut"): ("erò erai erà eremo erete eranno", "erò erai erà eremo erete eranno",
                     "irò irai irà iremo irete iranno"),
    ("Cnd", "Pres"): ("erei eresti erebbe eremmo ereste erebbero", "erei eresti erebbe eremmo ereste erebbero",
                      "irei iresti irebbe iremmo ireste irebbero"),
    ("Sub", "Pres"): ("i i i iamo iate ino", "a a a iamo iate ano", "a|isca a|isca a|isca iamo iate ano|iscano"),
    ("Sub", "Imp"): ("assi assi asse assimo aste assero", "essi essi esse essimo este essero",
                     "issi issi isse issimo iste issero"),
}
# Imperative of tu and voi (the courtesy imperative "ci scriva" is the present subjunctive).
IMPERATIVE_ENDINGS = {("2", "Sing"): ("a", "i", "i|isci"), ("2", "Plur"): ("ate", "ete", "ite")}
NONFINITE_ENDINGS = (("are ere ire", {"VerbForm": "Inf"}), ("ando endo endo", {"VerbForm": "Ger"}))
PARTICIPLE_VOWELS = {"o": ("Masc", "Sing"), "a": ("Fem", "Sing"), "i": ("Masc", "Plur"), "e": ("Fem", "Plur")}
PARTICIPLE_STEMS = ("at", "ut", "it")

# Endings every verb shares, regular or not: what an irregular form of the verb table still tells.
SHARED_ENDINGS = [
    *((end, {"Mood": "Ind", "Tense": "Fut", "Person": p, "Number": n, "VerbForm": "Fin"})
      for end, (p, n) in zip(("rò", "rai", "rà", "remo", "rete", "ranno"), PERSONS, strict=True)),
    *((end, {"Mood": "Cnd", "Tense": "Pres", "Person": p, "Number": n, "VerbForm": "Fin"})
      for end, (p, n) in zip(("rei", "resti", "rebbe", "remmo", "reste", "rebbero"), PERSONS, strict=True)),
    ("ndo", {"VerbForm": "Ger"}),
    ("ero", {"Mood": "Ind", "Tense": "Past", "Person": "3", "Number": "Plur", "VerbForm": "Fin"}),
    ("rre", {"VerbForm": "Inf"}),
    ("re", {"VerbForm": "Inf"}),
]
# Clitic pronouns that attach to infinitives, gerunds and imperatives, outermost last.
ENCLITIC = re.compile(r"(?:(?P<pair>glie|me|te|ce|ve|se)(?P<second>lo|la|li|le|ne)|(?P<one>mi|ti|ci|vi|si|gli|lo|la"
                      r"|li|le|ne))$", re.IGNORECASE)


@dataclass(frozen=True)
class VerbReading:
    lemma: str
    features: tuple[tuple[str, str], ...]  # sorted (name, value) pairs, UD names
    clitics: tuple[str, ...] = field(default=())

    @property
    def feats(self) -> dict[str, str]:
        return dict(self.features)


def _reading(lemma: str, features: dict[str, str], clitics: tuple[str, ...] = ()) -> VerbReading:
    return VerbReading(lemma, tuple(sorted(features.items())), clitics)


def _ending_table() -> dict[str, list[tuple[int, dict[str, str]]]]:
    """ending -> [(conjugation index, features)], built once from the tables above."""
    table: dict[str, list[tuple[int, dict[str, str]]]] = {}

    def add(ending: str, conjugation: int, features: dict[str, str]) -> None:
        table.setdefault(ending, []).append((conjugation, features))

    for (mood, tense), by_conjugation in FINITE_ENDINGS.items():
        for conjugation, endings in enumerate(by_conjugation):
            for alternatives, (person, number) in zip(endings.split(), PERSONS, strict=True):
                for ending in alternatives.split("|"):
                    add(ending, conjugation, {"Mood": mood, "Tense": tense, "Person": person, "Number": number,
                                              "VerbForm": "Fin"})
    for (person, number), by_conjugation in IMPERATIVE_ENDINGS.items():
        for conjugation, alternatives in enumerate(by_conjugation):
            for ending in alternatives.split("|"):
                add(ending, conjugation, {"Mood": "Imp", "Person": person, "Number": number, "VerbForm": "Fin"})
    for endings, features in NONFINITE_ENDINGS:
        for conjugation, ending in enumerate(endings.split()):
            add(ending, conjugation, features)
    for conjugation, stem in enumerate(PARTICIPLE_STEMS):
        for vowel, (gender, number) in PARTICIPLE_VOWELS.items():
            add(stem + vowel, conjugation, {"VerbForm": "Part", "Tense": "Past", "Gender": gender, "Number": number})
    return table


ENDINGS = _ending_table()
_LONGEST_ENDING = max(map(len, ENDINGS))


def _stems(stem: str, ending: str, conjugation: int) -> list[str]:
    """Stems of the infinitive that give ``stem + ending`` after Italian spelling changes."""
    stems = [stem]
    front = ending[:1] in ("e", "i", "è", "é", "ì")
    if front and stem.endswith(("ch", "gh")):
        stems.append(stem[:-1])  # cerch-eremo: cercare
    if front and stem.endswith(("c", "g", "sc")):
        stems.append(stem + "i")  # cominc-eremo: cominciare; lasc-erò: lasciare
    if conjugation == 0 and ending[:1] == "i":
        stems.append(stem + "i")  # inv-iamo: inviare
    return stems


PREFIXES = ("ri", "re", "dis", "sod", "sopra", "sotto", "contraf", "man", "ot", "ap", "con", "de", "in", "inter",
            "pre", "pro", "sov", "sos", "tras", "com", "dis", "es", "im", "op", "pro", "sup", "a", "so",
            "av", "as", "trat", "per", "contrav", "sv", "ag", "rag", "sog")


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, tuple[VerbReading, ...]]:
    """form -> readings, from the closed table of irregular verbs."""
    data = load_data((Path(__file__).parent / "irregular.yml").read_text(encoding="utf-8"))  # libyaml when present
    forms: dict[str, list[VerbReading]] = {}
    for lemma, paradigm in data.items():
        for key, cells in paradigm.items():
            for cell, features in zip(str(cells).split(), _slots(key), strict=True):
                for form in cell.split("|"):
                    if form != "-":
                        forms.setdefault(form, []).append(_reading(lemma, features))
    return {form: tuple(dict.fromkeys(readings)) for form, readings in forms.items()}


def _slots(key: str) -> list[dict[str, str]]:
    """The features of each cell of a paradigm row of ``irregular.yml``."""
    if key in ("Inf", "Ger"):
        return [{"VerbForm": key}]
    if key == "Part":
        return [{"VerbForm": "Part", "Tense": "Past", "Gender": g, "Number": n} for g, n in PARTICIPLE_VOWELS.values()]
    if key == "Imp":
        return [{"Mood": "Imp", "Person": p, "Number": n, "VerbForm": "Fin"} for p, n in PERSONS]
    mood, tense = key.split(".")
    return [{"Mood": mood, "Tense": tense, "Person": p, "Number": n, "VerbForm": "Fin"} for p, n in PERSONS]


def _irregular(form: str) -> tuple[VerbReading, ...]:
    """Readings of an irregular form, also behind a prefix ("rifaremo", "mantenuto", "proporremo")."""
    table = irregular_forms()
    if form in table:
        return table[form]
    for prefix in dict.fromkeys(PREFIXES):
        base = table.get(form[len(prefix):]) if form.startswith(prefix) and len(form) - len(prefix) >= 3 else None
        if base and is_verb_lemma(prefix + base[0].lemma):
            return tuple(VerbReading(prefix + r.lemma, r.features) for r in base)
    return ()


def is_verb_lemma(lemma: str) -> bool:
    return LEXICON.is_lemma(lemma, "VERB") or LEXICON.is_lemma(lemma, "AUX")


@lru_cache(maxsize=100_000)
def analyse(form: str) -> tuple[VerbReading, ...]:
    """Every reading of a lower-case form as a verb, enclitic pronouns split off; none if it is no verb."""
    bare = _analyse_bare(form)
    if bare and "r" in form[-6:-1] and not _irregular(form):
        # "farci" is fare + ci before it is a regular-looking "tu farci" of farcire: the shortened
        # infinitive of an irregular verb with its clitic (farci, dirvi, porlo) wins
        enclitic = analyse_enclitic(form)
        if enclitic and all(r.lemma in irregular_forms() for r in enclitic):
            return enclitic
    return bare or analyse_enclitic(form) or _analyse_apocope(form) or _analyse_table(form)


def _analyse_apocope(form: str) -> tuple[VerbReading, ...]:
    """Infinitives without their final vowel: "aver causato", "poter rimediare", "far sapere"."""
    if len(form) < 3 or not form.endswith("r"):
        return ()
    for lemma in (form + "e", form[:-1] + "rre"):
        if is_verb_lemma(lemma):
            return (_reading(lemma, {"VerbForm": "Inf"}),)
    return ()


def _analyse_bare(form: str) -> tuple[VerbReading, ...]:
    """Irregular forms, then stem + regular ending."""
    irregular = _irregular(form)
    if irregular:
        return irregular
    found: list[VerbReading] = []
    for size in range(min(_LONGEST_ENDING, len(form) - 1), 0, -1):
        ending = form[-size:]
        for conjugation, features in ENDINGS.get(ending, ()):
            for stem in _stems(form[:-size], ending, conjugation):
                lemma = stem + INFINITIVES[conjugation]
                # "ri-" makes a verb of any verb: "ricontrolleremo", "riverificato"
                known = is_verb_lemma(lemma) or (lemma.startswith("ri") and is_verb_lemma(lemma[2:]))
                if len(stem) >= 2 and known:
                    found.append(_reading(lemma, features))
    if len({r.lemma for r in found}) > 1:  # "attendiamo": attendere (the table's lemma), not "attendare"
        table_lemma = LEXICON.readings(form).get("VERB")
        found.sort(key=lambda r: r.lemma != table_lemma)
    return tuple(dict.fromkeys(found))


def _analyse_table(form: str) -> tuple[VerbReading, ...]:
    """A form of the lexicon's verb table that no ending explains: lemma from the table."""
    lemma = LEXICON.readings(form).get("VERB")
    if lemma is None:
        return ()
    return (_reading(lemma, _shared_features(form, lemma)),)


def _shared_features(form: str, lemma: str) -> dict[str, str]:
    """Features of an irregular form of the verb table, from what its ending still tells."""
    base = form[:-1] + "o"
    if form[-1:] in PARTICIPLE_VOWELS and (base == form or LEXICON.readings(base).get("VERB") == lemma) \
            and base.endswith(("to", "so", "sto", "tto", "rto", "lto", "nto", "sso")):
        gender, number = PARTICIPLE_VOWELS[form[-1]]
        return {"VerbForm": "Part", "Tense": "Past", "Gender": gender, "Number": number}
    for ending, features in SHARED_ENDINGS:
        if form.endswith(ending):
            return features
    if form.endswith(("i", "e")) and not form.endswith(("ai", "ei")):  # decisi, decise: remote past
        person, number = ("1", "Sing") if form.endswith("i") else ("3", "Sing")
        return {"Mood": "Ind", "Tense": "Past", "Person": person, "Number": number, "VerbForm": "Fin"}
    return {}


def analyse_enclitic(form: str) -> tuple[VerbReading, ...]:
    """"rimborsarla" -> rimborsare, infinitive, clitics ("la",); "inviarglielo" -> ("glie", "lo")."""
    clitics: list[str] = []
    rest = form
    for _ in range(2):
        match = ENCLITIC.search(rest)
        if not match or len(rest) - len(match.group(0)) < 3:
            break
        pieces = [match.group("pair"), match.group("second")] if match.group("pair") else [match.group("one")]
        clitics[:0] = pieces
        rest = rest[: match.start()]
        for host in _hosts(rest):
            readings = [r for r in _analyse_bare(host) or _analyse_table(host) if _takes_clitics(r)]
            if readings:
                return tuple(VerbReading(r.lemma, r.features, tuple(clitics)) for r in readings)
    return ()


def _hosts(rest: str) -> list[str]:
    """The verb forms a stripped remainder may stand for: "rimborsar" is "rimborsare"."""
    if rest.endswith("r"):  # "proporLe", "tradurlo": porre and -urre verbs lose "re"
        return [rest + "e", rest[:-1] + "rre"] if rest.endswith("rr") else [rest + "e", rest + "re"]
    if len(rest) <= 4 and rest[-1:] in "mtlcn" and rest[-2:-1] in "aeiou":  # "dammi", "dacci", "fallo"
        return [rest, rest[:-1]]
    if rest.endswith(("mm", "tt", "ll", "dd")):  # "fammi", "dillo": the clitic doubles its consonant
        return [rest, rest[:-1]]
    return [rest]


def _takes_clitics(reading: VerbReading) -> bool:
    features = reading.feats
    return features.get("VerbForm") in ("Inf", "Ger", "Part") or features.get("Mood") == "Imp" or (
        features.get("Mood") == "Sub" and features.get("Person") == "1" and features.get("Number") == "Plur")
