"""The embedded tagger: part of speech, features and lemma for every token, offline.

Each word gets its readings (closed classes from ``function_words.yml``; open classes from the
lexicon's part-of-speech tables; verbs from ``verbs.analyse``), and the context picks one: an
article or preposition before it asks for a noun, a clitic or "non" for a verb, an auxiliary for a
participle. Auxiliaries are told from main verbs by what follows them (essere/avere/venire +
participle, stare + gerund, dovere/potere/volere + infinitive), articles from clitic pronouns by the
word after them, and the courtesy forms (Lei, La, Le, Sua ...) get ``Polite=Form``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

from scusa_lint.language.lexicon import LEXICON
from scusa_lint.language.verbs import VerbReading, analyse

if not Token.has_extension("clitics"):
    Token.set_extension("clitics", default=())  # enclitic pronouns of a verb form: "rimborsarLa" -> ("La",)

AUXILIARIES = {"essere", "avere", "stare", "venire"}
MODALS = {"dovere", "potere", "volere"}
CLITICS = {"mi", "ti", "ci", "vi", "si", "lo", "la", "li", "le", "gli", "ne", "me", "te", "ce", "ve", "se", "l'",
           "glielo", "gliela", "glieli", "gliele", "gliene"}
SUBJECTS = {"io", "tu", "lui", "lei", "noi", "voi", "loro"}
ARTICLE_PRONOUNS = {"la", "le", "lo", "li", "gli", "l'"}
COURTESY = {"Lei": "PRON", "La": "PRON", "Le": "PRON", "Sua": "DET", "Suo": "DET", "Sue": "DET", "Suoi": "DET",
            "Loro": "PRON"}
# Verbs whose object is a person: "la ringraziamo" is the customer, "la spediamo" a thing.
PERSON_OBJECT = {"ringraziare", "contattare", "ricontattare", "informare", "aggiornare", "avvisare", "aiutare",
                 "invitare", "pregare", "richiamare", "rassicurare", "tenere", "attendere", "salutare",
                 "accogliere", "assistere", "rimborsare", "risarcire", "indennizzare", "disturbare", "chiamare"}
# Verbs whose compound tenses take essere: "è arrivato" is a verb, "è corretto" an adjective.
ESSERE_VERBS = {"arrivare", "partire", "tornare", "rientrare", "andare", "venire", "stare", "essere", "succedere",
                "accadere", "capitare", "rimanere", "restare", "diventare", "uscire", "entrare", "giungere",
                "nascere", "morire", "sparire", "scomparire", "comparire", "apparire", "sembrare", "risultare",
                "crescere", "calare", "diminuire", "aumentare", "scadere", "decadere", "avvenire", "pervenire",
                "sopraggiungere", "mancare", "bastare", "servire", "piacere", "dispiacere", "costare", "durare"}
# Participles that after essere are predicate adjectives ("l'importo è corretto", "siamo dispiaciuti");
# any other participle after essere is a passive or a compound tense ("è risolto", "è fissato").
ADJECTIVAL_PARTICIPLES = {"corretto", "giusto", "esatto", "aperto", "chiuso", "pieno", "stanco", "contento",
                          "soddisfatto", "dispiaciuto", "rammaricato", "mortificato", "desolato", "interessato",
                          "preoccupato", "convinto", "sicuro", "certo", "abituato", "dedicato", "legato",
                          "sorpreso", "stupito", "deluso", "arrabbiato", "offeso", "attrezzato", "autorizzato",
                          "obbligato", "tenuto", "pronto", "ubicato", "situato", "composto",
                          "incluso", "escluso", "limitato", "riservato", "vietato", "consentito"}
# Closed-class forms whose lemma is another form: possessives and demonstratives by their masc. sing.
CLOSED_LEMMAS = {**{f"{stem}{end}": f"{stem}o" for stem in ("nostr", "vostr") for end in "aie"},
                 **dict.fromkeys(("mia", "miei", "mie"), "mio"), **dict.fromkeys(("tua", "tuoi", "tue"), "tuo"),
                 **dict.fromkeys(("sua", "suoi", "sue"), "suo"), **{f"quest{e}": "questo" for e in "aie"},
                 **{f"quell{e}": "quello" for e in ("a", "e", "i")}, "quel": "quello", "quei": "quello",
                 "quegli": "quello", **{f"tutt{e}": "tutto" for e in "aie"}, **{f"altr{e}": "altro" for e in "aie"},
                 "nessuna": "nessuno", "nessun": "nessuno", "alcune": "alcuno", "alcuni": "alcuno"}
PASSIVE_AGENT = {"da", "dal", "dallo", "dalla", "dall'", "dai", "dagli", "dalle"}
# Mood preference among the readings of an ambiguous verb form.
_MOOD_RANK = {"Ind": 0, "Part": 1, "Inf": 1, "Ger": 1, "Cnd": 2, "Sub": 3, "Imp": 4}
_NOUN_CONTEXT = {"DET", "ADP", "NUM"}


def _governor(history: list[Analysis]) -> Analysis | None:
    """The word an auxiliary-led form depends on: the last one before adverbs and clitics
    ("è già stato spedito", "abbiamo ora risolto", "l'abbiamo appena spedito")."""
    for analysis in reversed(history[-4:]):
        if analysis.pos == "ADV" or (analysis.pos == "PRON" and analysis.lemma in CLITICS):
            continue
        return analysis
    return None


@dataclass
class Analysis:
    pos: str
    lemma: str
    morph: str = ""
    clitics: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def function_words() -> dict[str, tuple[str, str]]:
    data = yaml.safe_load((Path(__file__).parent / "function_words.yml").read_text(encoding="utf-8"))
    return {word: (pos, features or "") for pos, words in data.items() for word, features in words.items()}


def _morph(features: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(features.items()))


def _verb_key(reading: VerbReading) -> tuple[int, int]:
    feats = reading.feats
    mood = feats.get("Mood") or feats.get("VerbForm", "")
    # Of "scriva" (1st, 2nd or 3rd singular) a reply means the 3rd: the customer as Lei.
    return _MOOD_RANK.get(mood, 5), {"3": 0, "1": 1, "2": 2}.get(feats.get("Person", "3"), 0)


def _nominal_features(form: str, lemma: str) -> dict[str, str]:
    """Number (and gender) of a noun or adjective from its ending against its lemma."""
    if form == lemma:
        return {"Number": "Sing"} if form[-1:] in "oa" else {}
    if lemma.endswith("o") and form.endswith("i"):
        return {"Gender": "Masc", "Number": "Plur"}
    if lemma.endswith("a") and form.endswith("e"):
        return {"Gender": "Fem", "Number": "Plur"}
    if lemma.endswith("o") and form.endswith("a"):
        return {"Gender": "Fem", "Number": "Sing"}
    if lemma.endswith("o") and form.endswith("e"):
        return {"Gender": "Fem", "Number": "Plur"}
    if lemma.endswith("e") and form.endswith("i"):
        return {"Number": "Plur"}
    return {}


class Tagger:
    """Tags one document in place (``token.pos_``, ``token.morph``, ``token.lemma_``, ``token._.clitics``)."""

    def __call__(self, doc: Doc) -> Doc:
        words = [t for t in doc if not t.is_space]
        chosen: list[Analysis] = []
        for i, token in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else None
            chosen.append(self._choose(token, chosen, words[i - 1] if i else None, following))
        self._auxiliaries(words, chosen)
        self._courtesy(words, chosen)
        for token, analysis in zip(words, chosen, strict=True):
            token.pos_ = analysis.pos
            token.set_morph(analysis.morph or None)
            token.lemma_ = analysis.lemma
            if analysis.clitics:
                token._.clitics = analysis.clitics
        for token in doc:
            if token.is_space:
                token.pos_ = "SPACE"
                token.lemma_ = token.text
        return doc

    def _choose(self, token: Token, history: list[Analysis], previous_token: Token | None,
                following: Token | None) -> Analysis:
        """The reading of ``token`` given the ones chosen before it (``history``)."""
        text, lower = token.text, token.lower_
        previous = history[-1] if history else None
        before = history[-2] if len(history) > 1 else None
        if token.is_punct or (not any(c.isalnum() for c in text)):
            return Analysis("SYM" if token.is_currency else "PUNCT", text)
        if token.like_num:
            return Analysis("NUM", lower, "NumType=Card")
        if token.like_url or token.like_email:
            return Analysis("X", text)
        closed = function_words().get(lower)
        if closed:
            antecedent = before if previous is not None and previous.lemma == "," else previous
            return self._closed(lower, closed, antecedent, following)
        readings = LEXICON.readings(lower)
        verbs = sorted(analyse(lower), key=_verb_key)
        starts_sentence = token.is_sent_start or previous_token is None or previous_token.text in ("\n", ":")
        if text[:1].isupper() and not starts_sentence and not verbs and not LEXICON.is_word(lower):
            return Analysis("PROPN", text)
        if text[:1].isupper() and not readings and not verbs and not LEXICON.is_word(lower):
            return Analysis("PROPN", text)
        return self._open(token, readings, verbs, previous, following, _governor(history))

    def _closed(self, lower: str, closed: tuple[str, str], previous: Analysis | None,
                following: Token | None) -> Analysis:
        pos, features = closed
        if lower in ARTICLE_PRONOUNS and following is not None and self._verb_follows(following):
            person = "Person=3|PronType=Prs"
            gender = {"la": "Gender=Fem|", "le": "Gender=Fem|", "lo": "Gender=Masc|", "li": "Gender=Masc|",
                      "gli": "Gender=Masc|"}.get(lower, "")
            number = "Number=Plur|" if lower in ("le", "li") else "Number=Sing|"
            return Analysis("PRON", lower, gender + number + person)
        if lower == "che":
            relative = previous is not None and previous.pos in ("NOUN", "PROPN", "PRON")
            return Analysis("PRON", "che", "PronType=Rel") if relative else Analysis("SCONJ", "che")
        if lower == "se" and following is not None and following.lower_ in ("ne", "lo", "la", "li", "le"):
            return Analysis("PRON", "se", "Person=3|PronType=Prs|Reflex=Yes")
        lemma = {"l'": "il", "un'": "uno", "un": "uno", "ed": "e", "od": "o", "ad": "a", "d'": "di",
                 **CLOSED_LEMMAS}.get(lower, lower)
        if pos == "DET" and features.startswith("Definite") and lemma in ("lo", "la", "i", "gli", "le"):
            lemma = "il"
        if pos == "DET" and lemma in ("una",):
            lemma = "uno"
        return Analysis(pos, lemma, features)

    @staticmethod
    def _verb_follows(token: Token) -> bool:
        """Is the word after an article-or-pronoun a verb (so the first word is a pronoun)?"""
        lower = token.lower_
        if lower in CLITICS or lower in ("ho", "hai", "ha", "abbiamo", "avete", "hanno", "è", "sono"):
            return True
        if lower in function_words():
            return False
        readings = LEXICON.readings(lower)
        if "NOUN" in readings or "ADJ" in readings:
            return False
        return any(r.feats.get("VerbForm") == "Fin" for r in analyse(lower))

    def _open(self, token: Token, readings: dict[str, str], verbs: list[VerbReading], previous: Analysis | None,
              following: Token | None, governor: Analysis | None) -> Analysis:
        lower = token.lower_
        nominal = [pos for pos in ("NOUN", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM") if pos in readings]
        prev_pos = previous.pos if previous else None
        after_clitic = previous is not None and (previous.lemma in CLITICS or previous.lemma in SUBJECTS
                                                 or previous.lemma == "non"
                                                 or (previous.pos == "PRON" and "PronType=Prs" in previous.morph))
        if verbs:
            wanted = self._after_auxiliary(governor, verbs, "ADJ" in readings, token.lower_)
            if wanted:
                return self._verb(verbs, prefer=(wanted,))
            if after_clitic:
                participle = previous is not None and previous.lemma in AUXILIARIES
                return self._verb(verbs, prefer=("Part",) if participle else ("Fin", "Inf", "Ger"))
            if following is not None and following.lower_ in PASSIVE_AGENT and any(
                    v.feats.get("VerbForm") == "Part" for v in verbs):  # "imposte dalla Regione"
                return self._verb(verbs, prefer=("Part",))
            if prev_pos == "ADP" and any(v.feats.get("VerbForm") == "Inf" for v in verbs):
                return self._verb(verbs, prefer=("Inf",))
            if not nominal:
                return self._verb(verbs)
            if prev_pos not in _NOUN_CONTEXT and previous is not None and previous.lemma in ("essere", "avere") \
                    and any(v.feats.get("VerbForm") == "Part" for v in verbs) and "ADJ" not in readings:
                return self._verb(verbs, prefer=("Part",))
            if prev_pos is None and following is not None and following.lower_ in function_words() \
                    and function_words()[following.lower_][0] in ("DET", "PRON", "ADP") \
                    and any(v.feats.get("VerbForm") == "Fin" for v in verbs):
                return self._verb(verbs, prefer=("Fin",))
        if nominal:
            pos = nominal[0]
            if "ADJ" in readings and "NOUN" in readings and prev_pos in ("NOUN", "PROPN"):
                pos = "ADJ"
            if "ADJ" in readings and previous is not None and previous.lemma in ("essere", "molto", "più", "così",
                                                                                  "troppo", "meno", "stato"):
                pos = "ADJ"
            lemma = readings[pos]
            return Analysis(pos, lemma, _morph(_nominal_features(lower, lemma)) if pos in ("NOUN", "ADJ") else "")
        if lower.endswith("mente") and len(lower) > 7:
            return Analysis("ADV", lower)
        if verbs:
            return self._verb(verbs)
        lemma = LEXICON.get(lower) or lower
        return Analysis("NOUN", lemma.lower())

    @staticmethod
    def _after_auxiliary(previous: Analysis | None, verbs: list[VerbReading], adjective: bool,
                         form: str) -> str | None:
        """The verb form an auxiliary before the word asks for (participle, gerund, infinitive)."""
        if previous is None or previous.pos not in ("VERB", "AUX"):
            return None
        forms = {v.feats.get("VerbForm") for v in verbs}
        lemma = previous.lemma
        if lemma == "stare" and "Ger" in forms:
            return "Ger"
        if lemma in MODALS and "Inf" in forms:
            return "Inf"
        if "Part" not in forms or lemma not in AUXILIARIES:
            return None
        predicate = lemma == "essere" and "VerbForm=Part" not in previous.morph  # "è corretto", not "è stato corretto"
        return None if predicate and adjective and form in ADJECTIVAL_PARTICIPLES else "Part"

    def _verb(self, verbs: list[VerbReading], prefer: tuple[str, ...] = ()) -> Analysis:
        for wanted in prefer:
            for reading in verbs:
                if reading.feats.get("VerbForm") == wanted:
                    return self._verb_analysis(reading)
        return self._verb_analysis(verbs[0])

    @staticmethod
    def _verb_analysis(reading: VerbReading) -> Analysis:
        pos = "AUX" if reading.lemma == "essere" else "VERB"
        return Analysis(pos, reading.lemma, _morph(reading.feats), reading.clitics)

    @staticmethod
    def _auxiliaries(words: list[Token], chosen: list[Analysis]) -> None:
        """avere/essere/venire + participle, stare + gerund, modal + infinitive: the first is AUX."""
        for i, analysis in enumerate(chosen):
            if analysis.pos not in ("VERB", "AUX") or analysis.lemma not in AUXILIARIES | MODALS:
                continue
            for j in range(i + 1, min(i + 4, len(chosen))):
                nxt = chosen[j]
                if nxt.pos in ("ADV", "PRON") or nxt.lemma in CLITICS:
                    continue
                form = dict(f.split("=") for f in nxt.morph.split("|") if "=" in f).get("VerbForm")
                wanted = {"stare": ("Ger",), **dict.fromkeys(MODALS, ("Inf",))}.get(analysis.lemma, ("Part",))
                if nxt.pos in ("VERB", "AUX") and form in wanted:
                    analysis.pos = "AUX"
                break

    @staticmethod
    def _courtesy(words: list[Token], chosen: list[Analysis]) -> None:
        """Lei, La, Le, Sua ... capitalised inside a sentence, or la/le before a 1st-person verb."""
        for i, (token, analysis) in enumerate(zip(words, chosen, strict=True)):
            text = token.text
            nxt = chosen[i + 1] if i + 1 < len(chosen) else None
            first_person = nxt is not None and nxt.pos in ("VERB", "AUX") and "Person=1" in nxt.morph
            capitalised = text in COURTESY and not token.is_sent_start and i and words[i - 1].text != "\n"
            if text in COURTESY and analysis.pos == "PRON" and token.is_sent_start and first_person:
                capitalised = True
            lower_courtesy = analysis.pos == "PRON" and text in ("le", "la") and first_person and (
                text == "le" or nxt.lemma in PERSON_OBJECT)
            if text == "Lei" and analysis.pos == "PRON":
                capitalised = True  # at a sentence start too: in a reply "Lei" is the customer
            if capitalised and analysis.pos in ("PRON", "DET") or lower_courtesy:
                features = dict(f.split("=") for f in analysis.morph.split("|") if "=" in f)
                features.update(Polite="Form", Person="3", PronType="Prs")
                if text.lower() in ("lei", "la", "le", "l'") and analysis.pos == "PRON":
                    features["Number"] = "Sing"
                    features.pop("Gender", None)
                analysis.morph = _morph(features)
        for i, analysis in enumerate(chosen):  # "rimborsarLa", "dandoLe": capitalised enclitics
            if analysis.clitics:
                text = words[i].text
                clitics, end = [], len(text)
                for clitic in reversed(analysis.clitics):
                    clitics.insert(0, text[end - len(clitic):end])
                    end -= len(clitic)
                analysis.clitics = tuple(clitics)


@Language.factory("scusa_lint_morphology", assigns=["token.pos", "token.morph", "token.lemma"])
def make_tagger(nlp: Language, name: str) -> Tagger:
    return Tagger()


@Language.component("scusa_lint_lemmas", assigns=["token.lemma"])
def lookup_lemmas(doc: Doc) -> Doc:
    """Lemmas for a trained pipeline without a lemmatizer: the lexicon's, by the tagged part of speech."""
    for token in doc:
        if not token.is_space:
            lower = token.lower_
            token.lemma_ = (LEXICON.readings(lower).get(token.pos_) or LEXICON.get(lower) or lower).lower()
    return doc
