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

from spacy.language import Language
from spacy.tokens import Doc, Token

from scusa_lint.language.lexicon import LEXICON
from scusa_lint.language.verbs import VerbReading, analyse, analyse_enclitic
from scusa_lint.limits import check_time
from scusa_lint.safe_yaml import load_data

if not Token.has_extension("clitics"):
    Token.set_extension("clitics", default=())  # enclitic pronouns of a verb form: "rimborsarLa" -> ("La",)

AUXILIARIES = {"essere", "avere", "stare", "venire"}
MODALS = {"dovere", "potere", "volere"}
OPENING_QUOTES = {'"', "«", "“", "‘", "'"}
ARTICLES = {"il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "un'", "l'"}
VOWELS = "aeiouàèéìòù"
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
ARTICULATED = (("de", "di"), ("da", "da"), ("a", "a"), ("ne", "in"), ("su", "su"), ("co", "con"), ("pe", "per"))
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


def _coordinated_participle(history: list[Analysis]) -> bool:
    """Does the word follow "participle + e/o (+ adverbs)"?"""
    i = len(history) - 1
    while i >= 0 and history[i].pos == "ADV":
        i -= 1
    return i >= 1 and history[i].lemma in ("e", "o") and "VerbForm=Part" in history[i - 1].morph


def _consonant_typo(word: str) -> str | None:
    """The one known word that a doubled or undoubled consonant turns ``word`` into, the commonest slip
    of Italian spelling: "ringrazziamo" -> "ringraziamo", "spedizzione" -> "spedizione"."""
    if not word.isalpha():
        return None
    candidates = {word[:i] + word[i + 1:] for i in range(1, len(word))
                  if word[i] == word[i - 1] and word[i] not in VOWELS}
    candidates |= {word[:i] + word[i] + word[i:] for i in range(1, len(word) - 1)
                   if word[i] not in VOWELS + "h" and word[i - 1] in VOWELS and word[i + 1] in VOWELS + "rl"}
    known = [w for w in sorted(candidates) if LEXICON.is_word(w) or analyse(w)]
    return known[0] if len(known) == 1 else None



@dataclass
class Analysis:
    pos: str
    lemma: str
    morph: str = ""
    clitics: tuple[str, ...] = ()
    readings: tuple[VerbReading, ...] = ()  # every verb reading of the form, for the contextual pass


@lru_cache(maxsize=1)
def function_words() -> dict[str, tuple[str, str]]:
    data = load_data((Path(__file__).parent / "function_words.yml").read_text(encoding="utf-8"))  # libyaml when present
    return {word: (pos, features or "") for pos, words in data.items() for word, features in words.items()}


def _morph(features: dict[str, str]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(features.items()))


def _parse_morph(morph: str) -> dict[str, str]:
    """The features of an analysis's ``morph`` string, the inverse of ``_morph``."""
    return dict(f.split("=") for f in morph.split("|") if "=" in f)


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
        # "dell' invio", "l' ordine": an elision split from its apostrophe by a space is still one word
        elisions = {t.i - 1 for t in doc if t.text in ("'", "’") and t.i and not doc[t.i - 1].whitespace_
                    and doc[t.i - 1].lower_ + "'" in function_words()}
        apostrophes = [doc[i + 1] for i in elisions]
        words = [t for t in doc if not t.is_space and t.i - 1 not in elisions]
        chosen: list[Analysis] = []
        for i, token in enumerate(words):
            if not i % 1024:
                check_time()
            following = words[i + 1] if i + 1 < len(words) else None
            elided = token.lower_ + "'" if token.i in elisions else None
            chosen.append(self._choose(token, chosen, words[i - 1] if i else None, following, elided))
        for token in apostrophes:
            token.pos_, token.lemma_ = "PUNCT", token.text
        self._auxiliaries(words, chosen)
        self._courtesy(words, chosen)
        self._contextual_moods(words, chosen)
        self._agreement(chosen)
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
                following: Token | None, elided: str | None = None) -> Analysis:
        """The reading of ``token`` given the ones chosen before it (``history``)."""
        text, lower = token.text, elided or token.lower_
        if history and history[-1].pos == "PUNCT" and history[-1].lemma in OPENING_QUOTES:
            # 'un "ritorno di fiamma"': the word is read as if the quote were not there (a short window
            # of what came before is all the context rules look at)
            history = history[-13:-1]
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
        if not readings and not verbs and text.islower() and len(lower) >= 6 and not LEXICON.is_word(lower):
            variant = _consonant_typo(lower)  # "ringrazziamo" is read as "ringraziamo" (spelling still flags it)
            if variant is not None:
                readings, verbs = LEXICON.readings(variant), sorted(analyse(variant), key=_verb_key)
        starts_sentence = token.is_sent_start or previous_token is None or previous_token.text in ("\n", ":")
        if text[:1].isupper() and not starts_sentence and not verbs and not LEXICON.is_word(lower):
            return Analysis("PROPN", text)
        if text[:1].isupper() and not readings and not verbs and not LEXICON.is_word(lower):
            return Analysis("PROPN", text)
        return self._open(token, readings, verbs, history, following)

    def _closed(self, lower: str, closed: tuple[str, str], previous: Analysis | None,
                following: Token | None) -> Analysis:
        pos, features = closed
        if lower in ARTICLE_PRONOUNS and following is not None and (
                self._verb_follows(following) or self._disagrees(lower, following)):
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
        if pos == "ADP" and "PronType=Art" in features:  # "del", "nelle", "dall'": the bare preposition
            lemma = next(base for prefix, base in ARTICULATED if lower.startswith(prefix))
        if pos == "DET" and "PronType=Dem" in features and following is not None and (
                following.is_punct or following.lower_ in ("non", "è", "sarà", "era", "ci", "mi", "ha")):
            return Analysis("PRON", lemma, features)  # "questo non dovrebbe succedere"
        if pos == "DET" and features.startswith("Definite") and lemma in ("lo", "la", "i", "gli", "le"):
            lemma = "il"
        if pos == "DET" and lemma in ("una",):
            lemma = "uno"
        return Analysis(pos, lemma, features)

    @staticmethod
    def _disagrees(article: str, token: Token) -> bool:
        """"lo segnali": an article that cannot go with the noun reading of a verb form is a pronoun."""
        noun = LEXICON.readings(token.lower_).get("NOUN")
        if noun is None or not any(r.feats.get("VerbForm") == "Fin" for r in analyse(token.lower_)):
            return False
        number = _nominal_features(token.lower_, noun).get("Number")
        if article not in ("lo", "la", "le", "li") or number is None:
            return False
        return (number == "Plur") == (article in ("lo", "la"))

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

    def _open(self, token: Token, readings: dict[str, str], verbs: list[VerbReading], history: list[Analysis],
              following: Token | None) -> Analysis:
        lower = token.lower_
        previous = history[-1] if history else None
        governor = _governor(history)
        nominal = [pos for pos in ("NOUN", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM") if pos in readings]
        prev_pos = previous.pos if previous else None
        after_clitic = previous is not None and (previous.lemma in CLITICS or previous.lemma in SUBJECTS
                                                 or previous.lemma == "non"
                                                 or (previous.pos == "PRON" and "PronType=Prs" in previous.morph))
        if verbs and not nominal and prev_pos == "DET" and all(v.feats.get("VerbForm") == "Part" for v in verbs):
            # a participle right after a determiner is a noun: "il reso", "ogni reso", "l'accaduto"
            return Analysis("NOUN", lower, _morph(_nominal_features(lower, lower)))
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
            if _coordinated_participle(history) and "ADV" not in readings \
                    and any(v.feats.get("VerbForm") == "Part" for v in verbs):
                return self._verb(verbs, prefer=("Part",))  # "è stato esposto e subito rimosso"
            subject_verb = self._after_subject(history, verbs, following)
            if subject_verb is not None:
                return subject_verb
            if prev_pos == "NOUN" and following is not None and following.lower_ in ARTICLES:
                # a noun, then this word, then an article: "il magazzino genera un promemoria"
                finite = [v for v in verbs if v.feats.get("VerbForm") == "Fin" and v.feats.get("Person") == "3"]
                if finite:
                    return self._verb_analysis(finite[0], verbs)
            if prev_pos not in _NOUN_CONTEXT and previous is not None and previous.lemma in ("essere", "avere") \
                    and any(v.feats.get("VerbForm") == "Part" for v in verbs) and "ADJ" not in readings:
                return self._verb(verbs, prefer=("Part",))
            if prev_pos in (None, "PUNCT") and following is not None and following.lower_ in function_words() \
                    and function_words()[following.lower_][0] in ("DET", "PRON", "ADP", "ADV") \
                    and any(v.feats.get("VerbForm") == "Fin" for v in verbs):
                return self._verb(verbs, prefer=("Fin",))
        if nominal:
            pos = nominal[0]
            if "ADJ" in readings and "NOUN" in readings and prev_pos in ("NOUN", "PROPN"):
                pos = "ADJ"
            if "ADJ" in readings and previous is not None and (
                    previous.lemma in ("essere", "molto", "più", "così", "troppo", "meno", "stato")
                    or previous.pos in ("VERB", "AUX")):  # "risulta smarrito", "è arrivato danneggiato"
                pos = "ADJ"
            finite_before = previous is not None and previous.pos == "VERB" and "VerbForm=Fin" in previous.morph
            if "ADV" in readings and (finite_before or (following is not None and any(  # "e subito rimosso"
                    v.feats.get("VerbForm") == "Part" for v in analyse(following.lower_)))):
                pos = "ADV"  # "Le risponderemo subito", "arriverà presto"
            lemma = readings[pos]
            return Analysis(pos, lemma, _morph(_nominal_features(lower, lemma)) if pos in ("NOUN", "ADJ") else "")
        if lower.endswith("mente") and len(lower) > 7:
            return Analysis("ADV", lower)
        if verbs:
            return self._verb(verbs)
        lemma = LEXICON.get(lower) or lower
        return Analysis("NOUN", lemma.lower())

    def _after_subject(self, history: list[Analysis], verbs: list[VerbReading],
                       following: Token | None) -> Analysis | None:
        """A finite verb right after the noun phrase that is its subject: "il corriere consegna di
        solito", "la direzione decise di", "che il prodotto faccia rumore" (not "il codice sconto è")."""
        if not history or history[-1].pos not in ("NOUN", "PROPN"):
            return None
        j = len(history) - 2
        # adjectives and possessives between article and noun: "il Suo nuovo pagamento era"
        while j >= 0 and (history[j].pos == "ADJ" or (history[j].pos == "DET" and "Poss=Yes" in history[j].morph)):
            j -= 1
        if j < 0 or history[j].pos != "DET" or "PronType=Art" not in history[j].morph:
            return None
        number = "Plur" if "Number=Plur" in history[-1].morph else "Sing"
        agreeing = [v for v in verbs if v.feats.get("VerbForm") == "Fin" and v.feats.get("Person") == "3"
                    and v.feats.get("Number") == number]
        if not agreeing:
            return None
        after_che = any(a.lemma == "che" and a.pos == "SCONJ" for a in history[max(0, j - 2):j])
        if following is None or following.is_punct or following.like_num:
            fits = True
        elif following.lower_ in function_words():
            fits = function_words()[following.lower_][0] in ("DET", "ADP", "ADV", "PRON", "SCONJ")
        else:  # a copula before its predicate: "la mia risposta era chiara"
            fits = (after_che and any(v.feats.get("Mood") == "Sub" for v in agreeing)) or any(
                v.lemma == "essere" for v in agreeing)
        if not fits:
            return None
        if after_che:
            agreeing.sort(key=lambda v: v.feats.get("Mood") != "Sub")
        return self._verb_analysis(agreeing[0], verbs)

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
                    return self._verb_analysis(reading, verbs)
        return self._verb_analysis(verbs[0], verbs)

    @staticmethod
    def _verb_analysis(reading: VerbReading, verbs: list[VerbReading] = ()) -> Analysis:
        pos = "AUX" if reading.lemma == "essere" else "VERB"
        return Analysis(pos, reading.lemma, _morph(reading.feats), reading.clitics, tuple(verbs))

    @staticmethod
    def _agreement(chosen: list[Analysis]) -> None:
        """Gender and number of a noun or adjective from its article ("il problema", "la fattura")."""
        for i, analysis in enumerate(chosen):
            if analysis.pos not in ("NOUN", "ADJ") or "Gender=" in analysis.morph:
                continue
            j = i - 1
            while j >= 0 and chosen[j].pos == "ADJ":
                j -= 1
            article = chosen[j] if j >= 0 and chosen[j].pos in ("DET", "ADP") else None
            own = _parse_morph(analysis.morph)
            if article is not None and "Gender=" in article.morph:
                theirs = _parse_morph(article.morph)
                own.setdefault("Number", theirs.get("Number", ""))
                if own["Number"] == theirs.get("Number"):
                    own["Gender"] = theirs["Gender"]
            elif analysis.lemma.endswith("o") and own.get("Number") == "Sing":
                own["Gender"] = "Masc"
            elif analysis.lemma.endswith("a") and own.get("Number") == "Sing" and not analysis.lemma.endswith("ma"):
                own["Gender"] = "Fem"
            analysis.morph = _morph({k: v for k, v in own.items() if v})

    @staticmethod
    def _contextual_moods(words: list[Token], chosen: list[Analysis]) -> None:
        """Person and mood of an ambiguous finite form from its context: an explicit subject ("che tu
        riceva"), the register of the text ("Ci contatti" is the customer as Lei, "contatti" after
        "tu" is not), the place of an order ("Verifica l'ordine", "Se non arriva, controlla lo spam"),
        a subordinate "che" ("preferisce che sostituiamo"), an enclitic (never on a participle)."""
        polite = sum("Polite=Form" in a.morph for a in chosen)
        familiar = sum(t.lower_ in FAMILIAR for t in words)
        register = "tu" if familiar > polite else "Lei" if polite > familiar else None
        for i, analysis in enumerate(chosen):
            if analysis.pos == "VERB" and "VerbForm=Part" in analysis.morph and i and register != "Lei" \
                    and words[i - 1].text in (":", ";", "\n"):
                # "...: registrati dal sito": an order with its clitic, not a participle
                ordered = [r for r in analyse_enclitic(words[i].lower_) if r.feats.get("Mood") == "Imp"]
                if ordered:
                    analysis.morph, analysis.clitics = _morph(ordered[0].feats), ordered[0].clitics
                continue
            if len(analysis.readings) < 2 or analysis.pos not in ("VERB", "AUX"):
                continue
            feats = _parse_morph(analysis.morph)
            readings = [r.feats for r in analysis.readings]
            if analysis.clitics and feats.get("VerbForm") == "Part":
                wanted = next((r for r in readings if r.get("VerbForm") in ("Fin", "Inf", "Ger")), None)
            elif feats.get("VerbForm") != "Fin":
                continue
            else:
                wanted = _contextual_reading(words, chosen, i, feats, readings, register)
            if wanted and wanted != feats:
                analysis.morph = _morph(wanted)


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
                form = _parse_morph(nxt.morph).get("VerbForm")
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
                features = _parse_morph(analysis.morph)
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


FAMILIAR = {"tu", "ti", "te", "tuo", "tua", "tuoi", "tue", "vi", "voi", "vostro", "vostra", "vostri", "vostre"}
SUBJECT_PERSON = {"io": ("1", "Sing"), "tu": ("2", "Sing"), "lui": ("3", "Sing"), "lei": ("3", "Sing"),
                  "noi": ("1", "Plur"), "voi": ("2", "Plur"), "loro": ("3", "Plur")}
IMPERSONAL = {"sembrare", "bastare", "servire", "occorrere", "capitare", "succedere", "accadere", "dispiacere",
              "piacere", "mancare", "dipendere", "risultare", "bisognare"}
CONDITION_OPENERS = {"se", "qualora", "quando", "appena", "dopo", "prima", "nel", "una", "per", "in"}
_SKIPPED_BEFORE_VERB = {"non", "pure", "gentilmente", "cortesemente", "ora", "poi", "quindi", "allora", "anche"}


def _contextual_reading(words: list[Token], chosen: list[Analysis], i: int, feats: dict[str, str],
                        readings: list[dict[str, str]], register: str | None) -> dict[str, str] | None:
    j = i - 1
    proclitic = False  # "Ci contatti" is the customer as Lei: a tu or voi imperative takes its clitics after
    while j >= 0 and ((chosen[j].pos == "PRON" and chosen[j].lemma in CLITICS)
                      or words[j].lower_ in _SKIPPED_BEFORE_VERB):
        proclitic = proclitic or chosen[j].pos == "PRON"
        j -= 1
    before = words[j] if j >= 0 else None
    subject = SUBJECT_PERSON.get(before.lower_) if before is not None and chosen[j].pos == "PRON" else None
    if subject:
        person, number = subject
        same = [r for r in readings if r.get("Person") == person and r.get("Number") == number]
        if same and feats.get("Person") != person:
            return same[0]
        return None
    after_che = any(chosen[k].lemma == "che" and chosen[k].pos == "SCONJ" and words[k + 1].lower_ != "cosa"
                    for k in range(max(0, j - 3), j + 1))
    subjunctives = [r for r in readings if r.get("Mood") == "Sub" and r.get("Tense") == feats.get("Tense")]
    if after_che and feats.get("Mood") == "Ind":
        same = [r for r in subjunctives
                if r.get("Person") == feats.get("Person") and r.get("Number") == feats.get("Number")]
        if same:
            return same[0]
    sentence = next((k for k in range(i, -1, -1) if words[k].is_sent_start or (k and words[k - 1].text == "\n")), 0)
    opener = words[sentence].lower_ if sentence < len(words) else ""
    question = any(t.text == "?" for t in words[i:i + 12] if not t.is_sent_start)
    ordering = not question and chosen[i].lemma not in IMPERSONAL and (
        before is None or j < sentence or before.text in (":", ";", "\n", "!") or (
            before.text == "," and opener in CONDITION_OPENERS) or (
            before.lower_ in ("e", "poi") and (any("Mood=Imp" in chosen[k].morph for k in range(sentence, j))
                                               or "Mood=Sub" in chosen[sentence].morph)))
    # a tu order outside a Lei text, a voi order in any text ("Inviate il modulo")
    voi = feats.get("Person") == "2" and feats.get("Number") == "Plur"
    if ordering and not proclitic and not after_che and (register != "Lei" or voi):
        imperative = [r for r in readings if r.get("Mood") == "Imp" and r.get("Number") == feats.get("Number")]
        if imperative:
            return imperative[0]
    if (register == "Lei" or (register is None and ordering)) and feats.get("Person") == "2" \
            and feats.get("Number") == "Sing" and not after_che:
        polite = [r for r in subjunctives if r.get("Person") == "3" and r.get("Number") == "Sing"]
        if polite:  # "Ci contatti", "lo segnali subito": the customer addressed as Lei
            return polite[0]
    return None


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
