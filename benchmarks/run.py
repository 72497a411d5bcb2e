"""Speed and memory of scusa-lint, printed as figures.

    python benchmarks/run.py [--words 100000] [--repeat 5]

Builds a corpus of Italian support drafts (at least --words words), then measures:
- batch throughput: the CLI over the whole corpus in one run (words/second, start-up included),
  and proselint's CLI over the same files when proselint is installed (``pip install -e '.[bench]'``);
- a one-draft run against a bare ``python -c "import spacy; spacy.blank('it')"``;
- peak memory of a batch run on the corpus and on a corpus four times larger (flat is the target).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

GREETINGS = ["Gentile cliente,", "Gentile signora Bianchi,", "Buongiorno signor Esposito,", "Egregio dottor Conti,",
             "Gentile {{ticket.requester.first_name}},", "Ciao Marta,"]
OPENINGS = [
    "La ringraziamo per averci scritto in merito all'ordine n. 48213.",
    "abbiamo ricevuto la Sua segnalazione sul pacco arrivato danneggiato.",
    "Le scrivo a proposito della fattura di marzo che ci ha segnalato.",
    "ci scusiamo per il ritardo nella consegna del Suo ordine.",
    "siamo spiacenti per il disagio che ha avuto con il nostro servizio.",
    "Le chiediamo scusa: la lavatrice doveva arrivare martedì e non è arrivata.",
    "abbiamo verificato la pratica di rimborso che ha aperto la settimana scorsa.",
]
BODIES = [
    "È stato un nostro errore di magazzino: abbiamo spedito il modello sbagliato.",
    "Purtroppo il corriere ha perso il pacco durante il trasporto.",
    "A causa di problemi tecnici il nostro sistema non ha registrato il pagamento.",
    "Abbiamo già rispedito l'articolo corretto con consegna prevista per giovedì 14.",
    "Provvederemo al rimborso completo entro venerdì, sullo stesso metodo di pagamento.",
    "Da oggi ogni pacco viene controllato due volte prima della spedizione.",
    "Ci assumiamo la piena responsabilità dell'accaduto.",
    "Il tecnico passerà da Lei lunedì mattina tra le 9 e le 12.",
    "Le abbiamo accreditato un buono di 20 euro, utilizzabile quando preferisce.",
    "Ribadiamo che i tempi di consegna indicati sul sito sono indicativi.",
    "In questo periodo siamo sommersi di richieste e abbiamo poco personale.",
    "Risolveremo il problema al più presto.",
    "Non ci risulta alcun problema con la Sua spedizione.",
    "Per la sostituzione dovrà pagare le spese di spedizione di 9,90 euro.",
    "Il codice sconto SCUSA10 scade tra 48 ore, lo usi SUBITO!!",
    "Abbiamo aggiornato la procedura di imballaggio per evitare altri danni.",
    "Il numero di tracciamento è 1Z999AA10123456784 e può seguirlo sul nostro sito.",
    "Per reimpostare la password apra la pagina di accesso e scelga «Password dimenticata».",
    "Il nostro negozio è aperto dal lunedì al sabato, dalle 9 alle 19.",
    "La fattura corretta è allegata a questa e-mail in formato PDF.",
]
CLOSINGS = [
    "La ringraziamo per la pazienza e per la fiducia che ci accorda.",
    "Grazie per essere nostro cliente da tanti anni.",
    "Restiamo a disposizione per qualsiasi chiarimento.",
    "Attendiamo una Sua risposta entro domani.",
    "Se ha altre domande, può rispondere a questa e-mail quando vuole.",
]
SIGNATURES = ["Cordiali saluti,\nGiulia\nServizio clienti", "Un saluto,\nMarco - Assistenza clienti",
              "A presto,\nil team di assistenza"]


def build_corpus(folder: Path, min_words: int, seed: int = 7) -> tuple[int, int]:
    """Write drafts into ``folder`` until ``min_words`` words; return (files, words)."""
    rng = random.Random(seed)
    words = files = 0
    while words < min_words:
        body = rng.sample(BODIES, rng.randint(3, 6))
        text = "\n".join([rng.choice(GREETINGS), "", rng.choice(OPENINGS), " ".join(body), "",
                          rng.choice(CLOSINGS), "", rng.choice(SIGNATURES)]) + "\n"
        (folder / f"bozza-{files:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
        files += 1
    return files, words


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a command, measured in a fresh child process."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
             "sys.stderr.write(done.stderr)\n")
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    seconds, rss, status = out.stdout.split()
    if int(status) not in (0, 1):  # 1 is "findings": a run that failed would only look fast
        raise SystemExit(f"{' '.join(command[:2])} failed ({status}): {out.stderr.strip()[:300]}")
    return float(seconds), int(rss)


def median_time(command: list[str], repeat: int) -> float:
    return statistics.median(timed(command)[0] for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scusa = [str(BIN / "scusa-lint"), "--quiet", "--output-format", "json", "--isolated"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, big = Path(tmp) / "corpus", Path(tmp) / "corpus-x4"
        corpus.mkdir()
        big.mkdir()
        files, words = build_corpus(corpus, args.words)
        big_files, big_words = build_corpus(big, args.words * 4, seed=11)
        print(f"corpus: {files} drafts, {words} words (and {big_files} drafts, {big_words} words for memory)")

        subprocess.run([*scusa, str(corpus / "bozza-00000.txt")], capture_output=True)  # warm caches
        batch_seconds, batch_rss = timed([*scusa, str(corpus)])
        print(f"scusa-lint batch: {batch_seconds:.2f} s, {words / batch_seconds:,.0f} words/s, "
              f"peak {batch_rss / 1024:.0f} MiB")

        proselint = shutil.which("proselint", path=str(BIN)) or shutil.which("proselint")
        if proselint:
            pl_seconds, _ = timed([proselint, "check", *map(str, sorted(corpus.iterdir()))])
            ratio = (words / batch_seconds) / (words / pl_seconds)
            print(f"proselint batch:  {pl_seconds:.2f} s, {words / pl_seconds:,.0f} words/s "
                  f"(scusa-lint is {ratio:.1f}x; target >= 2x)")
        else:
            print("proselint batch:  not installed (pip install -e '.[bench]')")

        one = str(REPO / "examples" / "bad-courier-blame.txt")
        one_draft = median_time([*scusa, one], args.repeat)
        bare = median_time([sys.executable, "-c", "import spacy; spacy.blank('it')"], args.repeat)
        print(f"one draft: {one_draft:.3f} s; bare spaCy blank('it'): {bare:.3f} s "
              f"({one_draft / bare:.2f}x; target <= 1.3x)")

        big_seconds, big_rss = timed([*scusa, str(big)])
        print(f"memory: peak {batch_rss / 1024:.0f} MiB for {words} words, {big_rss / 1024:.0f} MiB for "
              f"{big_words} words ({big_rss / batch_rss:.2f}x; flat is ~1x); {big_words / big_seconds:,.0f} words/s")


if __name__ == "__main__":
    main()
