"""Clauses: each sentence split at conjunctions, relative pronouns and punctuation, with who acts,
negation, time, hypothesis and reported speech worked out from the tagged tokens.

No parser is needed (one is used when a trained pipeline supplies the tags): a clause boundary is a
semicolon, colon or bracket, a subordinating conjunction or relative pronoun with a verb after it, a
coordinating conjunction or comma with a finite verb on both sides. The actor of a clause is read
from its finite verb's person and the noun phrase before it (classified by the vocabularies
``writer``, ``customer`` and ``third-party``, and by the company names of the configuration and the
signature), with passives and impersonal "si" told apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from scusa_lint.limits import check_time

if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=())
if not Token.has_extension("clause"):
    Token.set_extension("clause", default=-1)  # index of the token's clause in doc._.clauses

AGENTS = ("writer", "customer", "third-party", "impersonal", "thing")
TIMES = ("past", "present", "future")
# How many words away a clause's verb or its end is looked for: a real clause is far shorter, and the
# bound keeps a run without verbs (20,000 commas, "e e e ...") linear instead of quadratic.
REACH = 80
HARD_BREAKS = {";", ":", "(", ")", "«", "»", "“", "”", '"', "—", "–"}
OPENING = {"(", "«", "“"}
SUBORDINATORS = {"che", "perché", "poiché", "giacché", "affinché", "benché", "sebbene", "qualora", "quando", "mentre",
                 "se", "siccome", "finché", "purché", "dove", "cui", "quale", "quali", "laddove", "ove", "dopo",
                 "nonostante", "anche", "visto", "dato", "considerato", "appena", "semmai", "casomai"}
COORDINATORS = {"e", "ed", "ma", "però", "o", "oppure", "quindi", "pertanto", "perciò", "dunque", "anzi", "tuttavia",
                "inoltre", "infatti", "né"}
CONDITIONAL_OPENERS = {"se", "qualora", "casomai", "semmai", "ove", "laddove", "purché"}
CONDITIONAL_PHRASES = (("nel", "caso"), ("in", "caso"), ("nell'", "eventualità"), ("a", "meno", "che"))
# "nel caso in questione", "nel caso specifico": the case at hand, not an "if"
CASE_AT_HAND = (("in", "questione"), ("di", "specie"), ("specifico",), ("particolare",), ("attuale",),
                ("presente",), ("descritto",), ("segnalato",), ("concreto",))
HYPOTHETICAL_WORDS = {"eventualmente", "ipoteticamente"}
# "Eventuali addebiti saranno stornati" is a hypothesis; "ci scusiamo per gli eventuali disagi" is not:
# the word counts before the clause's verb only.
HYPOTHETICAL_SUBJECTS = {"eventuale", "eventuali"}
# Polite conditionals are no hypothesis: "vorremmo scusarci", "ci terremmo a".
POLITE_CONDITIONALS = {"volere", "desiderare", "piacere", "tenere", "gradire"}
COMMUNICATION = {"comunicare", "dire", "riferire", "informare", "segnalare", "scrivere", "affermare", "dichiarare",
                 "sostenere", "spiegare", "confermare", "assicurare", "rispondere", "precisare", "notificare",
                 "avvisare", "indicare", "far sapere", "riportare", "garantire", "lamentare"}
FUTURE_WORDS = {"domani", "entro", "prossimo", "prossima", "prossimi", "prossime", "presto", "dopodomani"}
BULLETS = {"-", "–", "—", "•", "*", "·"}
PASSIVE_AGENT = {"da", "dal", "dallo", "dalla", "dall'", "dai", "dagli", "dalle"}
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"'}
WRITER_POSSESSIVES = {"nostro", "nostra", "nostri", "nostre"}


@dataclass
class Clause:
    start: int  # token offsets in the document
    end: int
    agent: str = "thing"
    negated: bool = False
    time: str = "present"
    hypothetical: bool = False
    reported: bool = False
    verb: int | None = None  # the clause's finite verb (the auxiliary of a compound tense)

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]

    def as_dict(self, doc: Doc) -> dict:
        return {"start": self.start, "end": self.end, "text": self.span(doc).text.strip(), "agent": self.agent,
                "negated": self.negated, "time": self.time, "hypothetical": self.hypothetical,
                "reported": self.reported}


def _feats(token: Token) -> dict[str, str]:
    return token.morph.to_dict()


def _is_finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.morph.get("VerbForm") == ["Fin"]


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


class ClauseAnalyser:
    """Splits and describes the clauses of a tagged document; ``company`` holds the writer's names."""

    def __init__(self, company: tuple[str, ...] = ()) -> None:
        self.company = tuple(c.lower().split() for c in company if c.strip())

    def __call__(self, doc: Doc) -> list[Clause]:
        names = self.company + signature_names(doc) + apologiser_names(doc)
        _tag_names(doc, names)
        clauses: list[Clause] = []
        for sentence in doc.sents:
            check_time()
            pieces = self._split(sentence)
            question = sentence.text.rstrip().endswith("?")
            quoted_line = sentence.text.lstrip().startswith(">")
            previous: Clause | None = None
            pending_condition = False
            own: list[Clause] = []
            for start, end in pieces:
                clause = self._describe(doc, start, end, previous)
                # "se crede che l'addebito sia sbagliato": the "che" clause is part of the hypothesis
                opens_with_che = doc[start:end].text.lstrip().startswith("che")
                inside = previous is not None and previous.hypothetical and opens_with_che
                # "se il link non arriva, ci scusiamo": the main clause after an "if" clause is its consequence
                consequence = pending_condition and not opens_with_che
                pending_condition = _opens_condition(doc[start:end]) or (pending_condition and opens_with_che)
                clause.hypothetical = clause.hypothetical or question or inside or consequence
                clause.reported = clause.reported or quoted_line or _inside_quotes(doc, sentence, start)
                own.append(clause)
                previous = clause
            _lend_agents(own)
            clauses.extend(own)
        for number, clause in enumerate(clauses):
            for token in doc[clause.start:clause.end]:
                token._.clause = number
        doc._.clauses = tuple(clauses)
        return clauses

    # Splitting
    def _split(self, sentence: Span) -> list[tuple[int, int]]:
        words = [t for t in sentence if not t.is_space]
        if not words:
            return [(sentence.start, sentence.end)]
        cuts = {sentence.start}
        for i, token in enumerate(words):
            if not i % 1024:
                check_time()  # one sentence may be a whole file
            if token.text in HARD_BREAKS:
                cuts.add(token.i if token.text in OPENING else token.i + 1)
                continue
            lower = token.lower_
            if lower in SUBORDINATORS and self._subordinator(words, i) and self._verb_until_break(words, i + 1):
                cuts.add(self._phrase_start(words, i))
            elif lower in COORDINATORS and i and self._finite_on_both_sides(words, i, cuts):
                cuts.add(token.i)
            elif lower == "," and self._finite_on_both_sides(words, i, cuts):
                cuts.add(token.i + 1)
            elif lower in ("per", "senza") and i + 1 < len(words) and words[i + 1].morph.get("VerbForm") == ["Inf"]:
                cuts.add(token.i)  # "per restituirLe la differenza ci basta ...": a clause of its own
                end = self._finite_start(words, i + 2)
                if end is not None:
                    cuts.add(end)
        edges = sorted(c for c in cuts if sentence.start <= c < sentence.end)
        pieces = [(a, b) for a, b in zip(edges, [*edges[1:], sentence.end], strict=True) if a < b]
        return [p for p in pieces if any(not t.is_space and not t.is_punct for t in sentence.doc[p[0]:p[1]])] or [
            (sentence.start, sentence.end)]

    @staticmethod
    def _finite_start(words: list[Token], i: int) -> int | None:
        """Where the next finite verb's clause starts (with the clitics and "non" before it)."""
        for j in range(i, min(len(words), i + REACH)):
            if words[j].text in HARD_BREAKS or words[j].text == ",":
                return None
            if _is_finite(words[j]):
                k = j
                while k > i and (words[k - 1].lower_ == "non" or words[k - 1].pos_ == "PRON"):
                    k -= 1
                return words[k].i
        return None

    @staticmethod
    def _subordinator(words: list[Token], i: int) -> bool:
        token, lower = words[i], words[i].lower_
        if lower in ("anche", "visto", "dato", "considerato", "dopo"):  # "anche se", "visto che", "dopo che"
            return i + 1 < len(words) and words[i + 1].lower_ in ("se", "che")
        if lower in ("quale", "quali"):
            return i > 0 and words[i - 1].pos_ in ("DET", "ADP")
        if lower == "se":
            return token.pos_ == "SCONJ"
        if lower == "dove":
            return i > 0
        if lower == "appena":
            return i > 0 and words[i - 1].lower_ == "non"
        return True

    @staticmethod
    def _phrase_start(words: list[Token], i: int) -> int:
        """A relative or conjunction phrase starts at its preposition ("per cui", "il quale", "nel caso in cui")."""
        if words[i].lower_ in ("cui", "quale", "quali") and i and words[i - 1].pos_ in ("ADP", "DET"):
            return words[i - 1].i
        if words[i].lower_ == "appena" and i and words[i - 1].lower_ == "non":
            return words[i - 1].i
        return words[i].i

    @staticmethod
    def _verb_until_break(words: list[Token], i: int) -> bool:
        for token in words[i:i + REACH]:
            if token.text in HARD_BREAKS or token.lower_ in COORDINATORS and token.lower_ != "e":
                return False
            if _is_verb(token):
                return True
        return False

    @staticmethod
    def _finite_on_both_sides(words: list[Token], i: int, cuts: set[int]) -> bool:
        left = False
        for token in reversed(words[max(0, i - REACH):i]):
            if token.text in HARD_BREAKS or token.i + 1 in cuts and token.i + 1 != words[i].i:
                break
            if _is_finite(token):
                left = True
                break
        if not left:
            return False
        for token in words[i + 1:i + 1 + REACH]:
            if token.text in HARD_BREAKS or token.text == ",":
                return False
            if _is_finite(token):
                return True
            if token.lower_ in SUBORDINATORS | COORDINATORS:
                return False
        return False

    # Describing
    def _describe(self, doc: Doc, start: int, end: int, previous: Clause | None) -> Clause:
        tokens = [t for t in doc[start:end] if not t.is_space]
        clause = Clause(start, end)
        finite = next((t for t in tokens if _is_finite(t)), None)
        clause.verb = finite.i if finite is not None else None
        clause.negated = any(_negates(t, finite) for t in tokens)
        clause.time = self._time(tokens, finite)
        clause.hypothetical = self._hypothetical(tokens, finite)
        clause.agent = self._agent(tokens, finite, previous)
        clause.reported = self._reported(doc, tokens, previous)
        return clause

    @staticmethod
    def _time(tokens: list[Token], finite: Token | None) -> str:
        if finite is None:
            return "future" if any(t.lower_ in FUTURE_WORDS for t in tokens) else "present"
        feats = _feats(finite)
        tense, mood = feats.get("Tense"), feats.get("Mood")
        after = [t for t in tokens if t.i > finite.i]
        auxiliary = finite.lemma_ in ("avere", "essere", "venire")  # "sostituiremo i prodotti scaduti" is future
        participle = next((t for t in after[:4] if t.morph.get("VerbForm") == ["Part"] and _is_verb(t)), None) \
            if auxiliary else None
        if finite.lemma_ == "stare" and after and after[0].lower_ == "per":
            return "future"
        if tense == "Fut":  # "avremo risolto" is past by then; "sarà rimborsato", "verrà sostituito" are passives
            reflexive = any(t.lower_ == "si" for t in tokens if finite.i - 3 <= t.i < finite.i)
            passive = participle is not None and ClauseAnalyser._passive(finite, after, reflexive)
            return "future" if participle is None or passive else "past"
        if tense in ("Past", "Imp") or participle is not None:
            return "past"
        if mood == "Imp":
            return "present"
        if tense == "Pres" and any(t.lower_ in FUTURE_WORDS for t in tokens):
            return "future"
        return "present"

    @staticmethod
    def _hypothetical(tokens: list[Token], finite: Token | None) -> bool:
        words = [t.lower_ for t in tokens if not t.is_punct]
        if _opens_condition(tokens):
            return True
        if any(w in HYPOTHETICAL_WORDS for w in words):
            return True
        if any(t.lower_ in HYPOTHETICAL_SUBJECTS and (finite is None or t.i < finite.i) for t in tokens):
            return True
        if finite is None:
            return False
        feats = _feats(finite)
        if finite.lemma_ == "potere" and feats.get("Person") == "3":
            return True  # "i tempi possono subire ritardi": a possibility, not a fact
        if feats.get("Mood") == "Cnd":
            return not (finite.lemma_ in POLITE_CONDITIONALS and feats.get("Person") == "1")
        return feats.get("Mood") == "Sub" and feats.get("Tense") == "Imp"

    def _agent(self, tokens: list[Token], finite: Token | None, previous: Clause | None) -> str:
        verb = finite or next((t for t in tokens if _is_verb(t)), None)
        if verb is None:
            return previous.agent if previous is not None else "thing"
        if finite is None:  # an infinitive or gerund clause: see _lend_agents
            return "unknown"
        feats = _feats(finite)
        person = feats.get("Person")
        if person == "1":
            return "writer"
        if person == "2":
            return "customer"
        before = [t for t in tokens if t.i < finite.i]
        after = [t for t in tokens if t.i > finite.i]
        subject = self._noun_before(before)
        if subject is None and previous is not None and tokens[0].morph.get("PronType") == ["Rel"]:
            # "il produttore, che non aveva controllato": the relative's antecedent acts
            head = tokens[0].doc[previous.start:tokens[0].i]
            subject = self._noun_before([t for t in head if not t.is_space and t.text != ","])
        if subject is None and previous is not None and tokens[0].i > 0 and tokens[0].doc[tokens[0].i - 1].text == ",":
            subject = self._subject_before_relative(tokens[0], previous)
        reflexive_si = any(t.lower_ == "si" for t in before[-3:])
        if subject is None and reflexive_si:
            subject = self._noun_after(after)
            return self._classify(subject) if subject is not None else "impersonal"
        if self._passive(finite, after, reflexive_si):
            by = next((i for i, t in enumerate(after) if t.lower_ in PASSIVE_AGENT or
                       (t.lower_ == "parte" and i and after[i - 1].lower_ == "da")), None)
            if by is not None:
                agent_noun = self._noun_after(after[by + 1:])
                if agent_noun is not None:
                    return self._classify(agent_noun)
            if subject is not None and self._classify(subject) in ("writer", "customer"):
                return self._classify(subject)
            return "impersonal"
        if subject is None:
            lead = self._list_lead(tokens[0])
            if lead is not None and self._classify(lead) != "thing":  # "Ecco i prossimi passi:" names no one
                subject = lead
        if subject is not None:
            return self._classify(subject)
        # "..., come invece avrebbe dovuto fare": a comparison keeps the subject of the clause it compares
        continues = tokens[0].lower_ in COORDINATORS or tokens[0].lower_ == "come" or (
            tokens[0].lower_ == "che" and previous is not None and previous.agent == "writer")
        if previous is not None and previous.verb is not None and continues:
            # "il team sta analizzando ... e rilascerà", "Rossi Spa informa che ha già rimborsato": same subject
            earlier = tokens[0].doc[previous.verb]
            if earlier.morph.get("Person") == [person] and earlier.morph.get("Number") == [feats.get("Number")]:
                return previous.agent
        from scusa_lint.language.tagger import ESSERE_VERBS

        if finite.lemma_ in ESSERE_VERBS or any(t.lemma_ in ESSERE_VERBS for t in after[:3] if t.pos_ == "VERB"):
            subject = self._noun_after(after)  # "è arrivato il pacco": the subject follows
            return self._classify(subject) if subject is not None else "thing"
        return "customer"  # no subject: in a reply, "riceverà", "ha ragione" address the reader

    def _list_lead(self, first: Token) -> list[Token] | None:
        """"Il nostro team tecnico:\n- sta analizzando il problema;\n- rilascerà una correzione": a list item
        without a subject has the subject of the verbless line that introduces the list."""
        if first.text not in BULLETS:
            return None
        doc = first.doc
        for i in range(first.i - 1, max(first.i - 120, 0) - 1, -1):
            token = doc[i]
            if token.text == ":" and i + 1 < len(doc) and "\n" in doc[i].whitespace_ + doc[i + 1].text:
                line = []
                for earlier in reversed(doc[max(i - 12, 0):i]):
                    if "\n" in earlier.text or "\n" in earlier.whitespace_:
                        break
                    line.insert(0, earlier)
                if any(_is_finite(t) for t in line):
                    return None
                return self._noun_before([t for t in line if not t.is_space])
        return None

    def _subject_before_relative(self, first: Token, previous: Clause) -> list[Token] | None:
        """"Sara, che ti ha seguita, avrebbe dovuto fermarsi": after a relative clause set off by commas,
        the main clause resumes with the noun that the relative describes."""
        doc = first.doc
        opener = doc[previous.start:previous.start + 2]
        relative = opener[0].lower_ in ("che", "cui") or (len(opener) == 2 and opener[1].lower_ in ("quale", "quali"))
        if not relative:
            return None
        head = [t for t in doc[first.sent.start:previous.start] if not t.is_space and t.text != ","]
        return self._noun_before(head) if head else None

    @staticmethod
    def _passive(finite: Token, after: list[Token], reflexive: bool) -> bool:
        """essere/venire + participle of a verb that does not take essere itself ("è stato disposto")."""
        from scusa_lint.language.tagger import ESSERE_VERBS

        if finite.lemma_ not in ("essere", "venire") or reflexive:
            return False
        # "la confezione era aperta": the imperfect of essere with a bare participle is a state
        stative = finite.lemma_ == "essere" and finite.morph.get("Tense") == ["Imp"]
        for token in after[:4]:
            if token.pos_ == "AUX":
                stative = False  # "erano già stati spediti": a pluperfect passive
            elif stative and token.pos_ == "VERB":
                return False
            if token.pos_ == "VERB" and token.morph.get("VerbForm") == ["Part"]:
                return token.lemma_ not in ESSERE_VERBS
            if token.pos_ not in ("AUX", "ADV"):
                return False
        return False

    @staticmethod
    def _noun_before(before: list[Token]) -> list[Token] | None:
        """The noun phrase before the verb (its last words), skipping clitics, negation and adverbs."""
        phrase: list[Token] = []
        for token in reversed(before):
            if token.pos_ in ("PRON",) and token.morph.get("PronType") == ["Prs"] and not phrase:
                if token.lower_ == "lei" or "Polite=Form" in str(token.morph) and token.text in ("Lei",):
                    return [token]
                if token.lower_ in ("noi", "io"):
                    return [token]
                continue
            if token.pos_ == "ADV" and not phrase:
                continue
            if token.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM") or token.text == "'":
                phrase.insert(0, token)
                continue
            if token.pos_ == "ADP" and phrase:  # "il team di Rossi": keep the head noun phrase before "di"
                phrase.insert(0, token)
                continue
            break
        heads = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
        return phrase if heads else None

    @staticmethod
    def _noun_after(after: list[Token]) -> list[Token] | None:
        phrase: list[Token] = []
        for token in after:
            if token.pos_ in ("AUX", "VERB", "ADV") and not phrase:
                continue
            if token.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
                phrase.append(token)
                continue
            if token.pos_ == "ADP" and phrase:
                phrase.append(token)
                continue
            break
        return phrase if any(t.pos_ in ("NOUN", "PROPN") for t in phrase) else None

    @staticmethod
    def _classify(phrase: list[Token]) -> str:
        if len(phrase) == 1 and phrase[0].pos_ == "PRON":
            return {"lei": "customer", "tu": "customer", "voi": "customer", "noi": "writer", "io": "writer"}.get(
                phrase[0].lower_, "third-party")
        heads = [t for t in phrase if t.pos_ in ("NOUN", "PROPN")]
        head = heads[0] if heads else phrase[0]
        ours = any(t.lower_ in WRITER_POSSESSIVES for t in phrase)
        for token in heads:
            classes = token._.vc
            if "writer" in classes:
                if "business-kind" in classes and not ours and _plural(phrase):
                    return "thing"  # "le imprese che hanno subito danni": other businesses, neither writer nor blamed
                return "writer"
            if "customer" in classes or (token.text == "Lei"):
                return "customer"
            if "third-party" in classes:
                return "third-party"
        if ours:  # "i nostri tecnici"
            return "writer"
        if head.pos_ == "PROPN":
            return "third-party"
        return "thing"

    @staticmethod
    def _reported(doc: Doc, tokens: list[Token], previous: Clause | None) -> bool:
        """A "che" clause after a third party's verb of saying ("il vettore ci comunica che ...")."""
        words = [t for t in tokens if not t.is_punct]
        if previous is None or not words or words[0].lower_ != "che" or words[0].pos_ != "SCONJ":
            return False
        says = any(t.lemma_ in COMMUNICATION for t in doc[previous.start:previous.end] if _is_verb(t))
        return says and previous.agent == "third-party"


def _negates(token: Token, finite: Token | None) -> bool:
    """Whether a word negates its clause: not "non solo", nor a "non" that, after the verb, only
    denies a phrase ("l'errore è nostro, non del corriere")."""
    if token.morph.get("PronType") == ["Neg"] or token.lower_ in ("né", "nessuno", "niente", "nulla", "mai"):
        return True
    if token.lower_ != "non":
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in ("solo", "soltanto", "solamente"):
        return False
    after_verb = finite is not None and token.i > finite.i
    return not (after_verb and following is not None and following.pos_ in ("ADP", "DET"))


def _opens_condition(tokens) -> bool:
    """Whether a clause is the "if" part of a condition: "se ...", "qualora ...", "nel caso in cui ..."."""
    words = [t.lower_ for t in tokens if not t.is_punct]
    head = words[1:] if words and words[0] in COORDINATORS else words
    if head and head[0] in CONDITIONAL_OPENERS:
        return True
    for phrase in CONDITIONAL_PHRASES:
        if tuple(head[: len(phrase)]) == phrase:
            rest = head[len(phrase):]
            return not (phrase[-1] == "caso" and any(tuple(rest[: len(a)]) == a for a in CASE_AT_HAND))
    return False


def _inside_quotes(doc: Doc, sentence: Span, start: int) -> bool:
    """Does the clause start inside «...», “...” or "..." of its sentence?"""
    open_quote = None
    for token in sentence:
        if token.i >= start:
            return open_quote is not None
        if open_quote is None and token.text in QUOTE_PAIRS:
            open_quote = token.text
        elif open_quote is not None and token.text == QUOTE_PAIRS[open_quote]:
            open_quote = None
    return False


def _lend_agents(clauses: list[Clause]) -> None:
    """An infinitive or gerund clause acts for the finite clause it depends on: the one before it,
    or, when it opens the sentence ("Per sostituire la batteria, deve ..."), the one after it."""
    for i, clause in enumerate(clauses):
        if clause.agent != "unknown":
            continue
        earlier = [c for c in clauses[:i] if c.verb is not None]
        later = [c for c in clauses[i + 1:] if c.verb is not None]
        source = earlier[-1] if earlier else later[0] if later else None
        clause.agent = source.agent if source is not None else "writer"


def apologiser_names(doc: Doc) -> tuple[tuple[str, ...], ...]:
    """A name that opens a sentence in which it apologises ("Rossi Spa si scusa", "Tim desidera
    scusarsi") is the writer's own, in the third person of a press note."""
    names = []
    for sentence in doc.sents:
        if not any(t.lemma_ in ("scusare", "rammaricare") for t in sentence):
            continue
        words = [t for t in sentence if not t.is_space]
        run = []
        for i, token in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else None
            # "Aia si scusa": a capitalised opening word that the apology has for subject, whatever its tag
            named = not run and i == 0 and token.text[:1].isupper() and token.is_alpha and token.pos_ in (
                "NOUN", "ADJ", "X") and following is not None and (following.lower_ == "si" or _is_finite(following))
            if token.pos_ == "PROPN" or named or (run and token.text[:1].isupper() and token.is_alpha):
                run.append(token.lower_)
            elif not run and token.pos_ == "DET":
                continue
            else:
                break
        if run and not any(t.pos_ in ("VERB", "AUX") and "Person=1" in str(t.morph) for t in words):
            names.append(tuple(run))
    return tuple(names)


def _tag_names(doc: Doc, names) -> None:
    """The writer's names (configuration, signature) belong to the vocabulary class ``writer``."""
    words = [t for t in doc if not t.is_space]
    lowers = [t.lower_ for t in words]
    for name in names:
        size = len(name)
        for i in range(len(words) - size + 1):
            if tuple(lowers[i:i + size]) == tuple(name):
                for token in words[i:i + size]:
                    token._.vc = tuple(sorted({*token._.vc, "writer"}))


CLOSINGS = ("cordiali saluti", "distinti saluti", "un saluto", "saluti", "un cordiale saluto", "a presto",
            "cordialmente", "con i migliori saluti", "un caro saluto", "buona giornata", "grazie e saluti")
SIGNATURE_WORDS = {"servizio", "clienti", "team", "ufficio", "assistenza", "staff", "customer", "care", "support",
                   "il", "lo", "la", "di", "del", "della", "e", "dott", "dott.", "sig", "sig.", "direzione"}


def signature_names(doc: Doc) -> tuple[tuple[str, ...], ...]:
    """Capitalised names in the sign-off after a closing formula ("Cordiali saluti, Rossi Spa")."""
    text = doc.text.lower()
    position = max((text.rfind(c) for c in CLOSINGS), default=-1)
    if position < 0:
        return ()
    names, current = [], []
    for token in doc:
        if token.idx <= position:
            continue
        if token.text[:1].isupper() and token.lower_ not in SIGNATURE_WORDS and token.is_alpha:
            current.append(token.lower_)
        elif current:
            names.append(tuple(current))
            current = []
    if current:
        names.append(tuple(current))
    return tuple(n for n in names if n)


def _plural(phrase: list[Token]) -> bool:
    return any(t.morph.get("Number") == ["Plur"] for t in phrase if t.pos_ in ("NOUN", "DET"))
