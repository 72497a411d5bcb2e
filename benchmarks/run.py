"""Speed, cache and memory of scusa-lint next to proselint, printed as figures with their targets.

    python benchmarks/run.py [--words 100000] [--big-words 1000000] [--repeat 3] [--big-repeat 2]

One command prints every figure of issue 10, on corpora of distinct drafts (no two files alike, so
throughput measures linting, not the results cache, which is off for those runs):
- batch words/second at --words and --big-words, text and JSON output, against
  ``proselint check DIR`` on the same folder (``pip install -e '.[bench]'``); runs interleaved,
  min and median of the repetitions; target >= 2x proselint;
- one draft in a cold process against a bare ``python -c "import spacy; spacy.blank('it')"``
  (target <= 1.1x);
- the results cache: an unchanged re-run of the --words corpus against its first run (<= 0.2x);
- one draft with empty user caches (a fresh ``XDG_CACHE_HOME``) against a warm run (<= 1.5x);
- peak memory of the whole process tree (proportional set size, PSS) at --words and --big-words
  (1M at most 1.2x 100k, and under 250 MiB).

The run under test is ``python -m scusa_lint`` of this interpreter: ``PYTHONPATH=OTHER/src`` measures
another checkout with the same environment (the "before" figures of a change).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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
    """Write distinct drafts into ``folder`` until ``min_words`` words; return (files, words)."""
    rng = random.Random(seed)
    words = files = 0
    seen: set[str] = set()
    while words < min_words:
        body = rng.sample(BODIES, rng.randint(3, 6))
        text = "\n".join([rng.choice(GREETINGS), "", rng.choice(OPENINGS), " ".join(body), "",
                          rng.choice(CLOSINGS), "", rng.choice(SIGNATURES)]) + "\n"
        if text in seen:
            continue
        seen.add(text)
        (folder / f"bozza-{files:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
        files += 1
    return files, words


def _tree_pss_kib(root: int) -> int:
    """Proportional set size of ``root`` and its descendants (KiB): shared pages count once."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, StopIteration, ValueError):  # the process ended meanwhile
            continue
    return total


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak PSS of the process tree (KiB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_pss_kib(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode(errors="replace")
    if process.returncode not in (0, 1):  # 1 is "findings": a run that failed would only look fast
        raise SystemExit(f"{' '.join(command[:4])} failed ({process.returncode}): {error.strip()[:300]}")
    return seconds, peak


def scusa_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "scusa_lint", "check", "--quiet", "--isolated", *options]


def has_cache() -> bool:
    help_text = subprocess.run(scusa_command("--help"), capture_output=True, text=True).stdout
    return "--no-cache" in help_text


def figure(times: list[float]) -> str:
    return f"min {min(times):6.2f} s, median {statistics.median(times):6.2f} s"


def batch(folder: Path, words: int, repeat: int, no_cache: list[str]) -> dict[str, list[float]]:
    """Interleaved runs of every tool on ``folder``: name -> wall times."""
    proselint = shutil.which("proselint", path=str(BIN)) or shutil.which("proselint")
    tools = {"scusa-lint text": scusa_command(*no_cache, str(folder)),
             "scusa-lint json": scusa_command(*no_cache, "--output-format", "json", str(folder))}
    if proselint:
        tools["proselint"] = [proselint, "check", str(folder)]
    times: dict[str, list[float]] = {name: [] for name in tools}
    peaks: list[int] = []
    for _ in range(repeat):
        for name, command in tools.items():
            seconds, peak = timed(command)
            times[name].append(seconds)
            if name == "scusa-lint text":
                peaks.append(peak)
    for name, values in times.items():
        rate = words / statistics.median(values)
        line = f"  {name:16} {figure(values)}  {rate:9,.0f} words/s (median)"
        if name != "proselint" and "proselint" in times:
            ratio = statistics.median(times["proselint"]) / statistics.median(values)
            best = min(times["proselint"]) / min(values)
            line += f"  {ratio:.2f}x proselint (min: {best:.2f}x; target >= 2x)"
        print(line, flush=True)
    if "proselint" not in times:
        print("  proselint: not installed (pip install -e '.[bench]')")
    times["peak"] = [max(peaks)]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--big-words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions at --words and of the one-draft runs")
    parser.add_argument("--big-repeat", type=int, default=2, help="repetitions at --big-words")
    args = parser.parse_args()
    no_cache = ["--no-cache"] if has_cache() else []
    with tempfile.TemporaryDirectory() as tmp:
        corpus, big = Path(tmp) / "corpus", Path(tmp) / "corpus-big"
        corpus.mkdir()
        big.mkdir()
        files, words = build_corpus(corpus, args.words)
        big_files, big_words = build_corpus(big, args.big_words, seed=11)
        one = str(REPO / "examples" / "bad-courier-blame.txt")
        subprocess.run(scusa_command(one), capture_output=True)  # the user's caches, as after any first run
        print(f"scusa-lint {'with' if no_cache else 'without'} a results cache "
              f"(off for the throughput runs); {os.cpu_count()} cores")

        print(f"batch, {files} distinct drafts, {words:,} words, {args.repeat} interleaved runs:", flush=True)
        small = batch(corpus, words, args.repeat, no_cache)
        print(f"batch, {big_files} distinct drafts, {big_words:,} words, {args.big_repeat} interleaved runs:",
              flush=True)
        large = batch(big, big_words, args.big_repeat, no_cache)

        one_draft, bare = [], []
        for _ in range(args.repeat):
            one_draft.append(timed(scusa_command(*no_cache, one))[0])
            bare.append(timed([sys.executable, "-c", "import spacy; spacy.blank('it')"])[0])
        print(f"one draft, cold process: {figure(one_draft)}; bare spaCy blank('it'): {figure(bare)} "
              f"({statistics.median(one_draft) / statistics.median(bare):.2f}x; target <= 1.1x)")

        cache_home = Path(tmp) / "cache-home"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
        empty = timed(scusa_command(one), env)[0]
        warm = statistics.median(timed(scusa_command(*no_cache, one), env)[0] for _ in range(args.repeat))
        print(f"one draft, empty user caches: {empty:.2f} s; warm: {warm:.2f} s "
              f"({empty / warm:.2f}x; target <= 1.5x)")
        first = timed(scusa_command(str(corpus)), env)[0]
        again = statistics.median(timed(scusa_command(str(corpus)), env)[0] for _ in range(args.repeat))
        print(f"re-run of the {words:,}-word batch, nothing changed: first {first:.2f} s, re-run {again:.2f} s "
              f"({again / first:.2f}x; target <= 0.2x)")

        small_peak, large_peak = small["peak"][0] / 1024, large["peak"][0] / 1024
        print(f"peak memory of the process tree (PSS, text output): {small_peak:.0f} MiB at {words:,} words, "
              f"{large_peak:.0f} MiB at {big_words:,} words ({large_peak / small_peak:.2f}x; "
              f"target <= 1.2x and < 250 MiB)")


if __name__ == "__main__":
    main()
