"""`python -m benchmarks.publications` : Lettre d'infos (PDF) et chiffres clés, sur le vrai site.

- PDF d'un numéro : taille, pages ; composition à froid (cache vide) et reprise du cache, temps
  réel et temps processeur, dans ce processus (médiane, après un tour d'échauffement : imports
  de WeasyPrint et chargement des polices) ;
- build complet du vrai site, PDF en cache (aucun numéro changé), contre le même build sans
  les plugins lettre_infos et chiffres : chaque build dans un interpréteur neuf, alternés,
  temps réel et temps processeur des processus (ce que coûtent les deux plugins quand rien n'a changé) ;
- poids de la page /chiffres-cles/ (HTML, CSS, SVG, polices ; gzip comme un serveur qui compresse) :
  comme pour `make bench`, une police déclarée mais que Chromium ne télécharge pas (l'italique
  d'une page qui n'en a pas) ne compte pas.

Résultats affichés et écrits dans benchmarks/resultats/publications.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import navigateur
from .poids import poids_page
from .tableau import Ligne, formater, machine, mediane

RACINE_DEPOT = Path(__file__).resolve().parent.parent
NUMERO = "2026-T4"
PLUGINS_MESURES = ("lettre_infos", "chiffres")

REGLAGES = '''"""Réglages de mesure : le vrai site, sortie et cache à part{sans}."""
import sys
sys.path.insert(0, {depot!r})
from pelicanconf import *  # noqa: F403
PATH = {depot!r} + "/content"
THEME = {depot!r} + "/theme"
PLUGIN_PATHS = [{depot!r} + "/plugins"]
OUTPUT_PATH = {sortie!r}
CACHE_PATH = {cache!r}
RECHERCHE = {{"indexer": False}}
SOCLE = {{**SOCLE, "date_construction": "2026-11-23"}}  # noqa: F405
PLUGINS = [p for p in PLUGINS if p not in {retires!r}]  # noqa: F405
'''


def _chrono(fonction) -> tuple[float, float]:
    """(secondes réelles, secondes de processeur) d'un appel."""
    debut, processeur = time.perf_counter(), time.process_time()
    fonction()
    return time.perf_counter() - debut, time.process_time() - processeur


def mesurer_pdf(repetitions: int) -> dict:
    """Composition du PDF du numéro d'exemple : à froid (cache vide) puis repris du cache."""
    sys.path.insert(0, str(RACINE_DEPOT))
    from gestion import lire_reglages

    lire_reglages()  # rend les plugins importables
    from lettre_infos import nouveau_generateur

    froid, chaud, premier = [], [], None
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as dossier:
        for tour in range(repetitions + 1):
            cache = Path(dossier) / f"cache-{tour}"
            settings = lire_reglages(override={"CACHE_PATH": str(cache)})
            generateur = nouveau_generateur(settings)
            mesure = _chrono(generateur.preparer)
            if not tour:  # le tour 0 paie les imports de WeasyPrint et le chargement des polices
                premier = mesure
            else:
                froid.append(mesure)
                chaud.append(_chrono(nouveau_generateur(settings).preparer))
        publie = next(p for p in generateur.publies if p.numero.ident == NUMERO)
    return {
        "taille_octets": publie.taille_pdf,
        "pages": publie.pages,
        "premier_s": premier[0],
        "premier_cpu_s": premier[1],
        "froid_s": mediane([m[0] for m in froid]),
        "froid_cpu_s": mediane([m[1] for m in froid]),
        "cache_s": mediane([m[0] for m in chaud]),
        "cache_cpu_s": mediane([m[1] for m in chaud]),
    }


def _build(reglages: Path) -> tuple[float, float]:
    avant = resource.getrusage(resource.RUSAGE_CHILDREN)
    debut = time.perf_counter()
    resultat = subprocess.run(
        [sys.executable, str(RACINE_DEPOT / "gestion.py"), "construire", "--reglages", str(reglages)],
        capture_output=True,
        text=True,
        check=False,
    )
    duree = time.perf_counter() - debut
    if resultat.returncode:
        raise RuntimeError(f"build en échec : {resultat.stderr[-800:]}")
    apres = resource.getrusage(resource.RUSAGE_CHILDREN)
    return duree, (apres.ru_utime - avant.ru_utime) + (apres.ru_stime - avant.ru_stime)


def mesurer_builds(dossier: Path, repetitions: int) -> dict:
    """Vrai site avec et sans nos deux plugins, PDF en cache ; builds alternés dans des interpréteurs neufs."""
    variantes = {}
    for nom, retires in (("avec", ()), ("sans", PLUGINS_MESURES)):
        conf = dossier / f"reglages-{nom}.py"
        conf.write_text(
            REGLAGES.format(
                depot=str(RACINE_DEPOT),
                sortie=str(dossier / f"sortie-{nom}"),
                cache=str(dossier / f"cache-{nom}"),
                retires=list(retires),
                sans=f", sans {', '.join(retires)}" if retires else "",
            ),
            encoding="utf-8",
        )
        variantes[nom] = conf
    mesures = {nom: [] for nom in variantes}
    for tour in range(repetitions + 1):
        for nom, conf in variantes.items():
            mesure = _build(conf)
            if tour:  # le tour 0 remplit les caches (PDF compris) : on mesure « rien n'a changé »
                mesures[nom].append(mesure)
    resultat = {}
    for nom, valeurs in mesures.items():
        resultat[f"{nom}_s"] = mediane([v[0] for v in valeurs])
        resultat[f"{nom}_cpu_s"] = mediane([v[1] for v in valeurs])
    resultat["sortie"] = str(dossier / "sortie-avec")
    return resultat


def lignes(pdf: dict, builds: dict, sortie: Path) -> list[Ligne]:
    pages = ["chiffres-cles/index.html", "index.html"]
    charges = navigateur.fichiers_charges(sortie, pages) if navigateur.disponible() is None else {}
    page, accueil = (poids_page(sortie, chemin, charges.get(chemin)) for chemin in pages)
    rapport = builds["avec_s"] / builds["sans_s"]
    rapport_cpu = builds["avec_cpu_s"] / builds["sans_cpu_s"]
    return [
        Ligne(
            "pdf_taille",
            f"PDF de la Lettre d'infos {NUMERO}",
            f"{pdf['taille_octets'] / 1024:.1f} Ko, {pdf['pages']} pages",
            "2 pages",
            pdf["pages"] == 2,
        ),
        Ligne(
            "pdf_premier",
            "Premier PDF d'un build (import de WeasyPrint compris)",
            f"{pdf['premier_s']:.2f} s réel, {pdf['premier_cpu_s']:.2f} s processeur",
        ),
        Ligne(
            "pdf_froid",
            "Composition du PDF, cache vide",
            f"{pdf['froid_s']:.2f} s réel, {pdf['froid_cpu_s']:.2f} s processeur",
        ),
        Ligne(
            "pdf_cache",
            "PDF repris du cache (numéro inchangé)",
            f"{pdf['cache_s'] * 1000:.0f} ms réel, {pdf['cache_cpu_s'] * 1000:.0f} ms processeur",
        ),
        Ligne(
            "build_avec_sans",
            "Build du vrai site, PDF en cache, contre sans lettre_infos ni chiffres",
            f"{builds['avec_s']:.2f} s contre {builds['sans_s']:.2f} s : {rapport:.2f}x réel, {rapport_cpu:.2f}x processeur",
            "≤ 1.10x",
            rapport_cpu <= 1.10,
        ),
        Ligne(
            "poids_chiffres",
            "Page /chiffres-cles/ (HTML+CSS+SVG+polices)",
            f"{page.brut_ko:.1f} Ko brut, {page.gzip_ko:.1f} Ko gzip ({len(page.fichiers)} fichiers)",
            "≤ 40 Ko gzip",
            page.gzip_ko <= 40,
        ),
        Ligne(
            "poids_accueil",
            "Page d'accueil (chiffres clés compris)",
            f"{accueil.brut_ko:.1f} Ko brut, {accueil.gzip_ko:.1f} Ko gzip ({len(accueil.fichiers)} fichiers)",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(
        prog="python -m benchmarks.publications", description=__doc__.split("\n\n")[0]
    )
    parseur.add_argument("--repetitions", type=int, default=3, help="mesures par chiffre (médiane)")
    parseur.add_argument("--resultats", type=Path, default=Path(__file__).parent / "resultats")
    args = parseur.parse_args(argv)
    print("Lettre d'infos et chiffres clés : mesures en cours (moins d'une minute)…", flush=True)
    pdf = mesurer_pdf(args.repetitions)
    with tempfile.TemporaryDirectory(prefix="bench-publications-") as dossier:
        builds = mesurer_builds(Path(dossier), args.repetitions)
        resultat = lignes(pdf, builds, Path(builds["sortie"]))
    infos = machine()
    entete = [
        f"Machine : {infos['processeur']}, {infos['coeurs']} cœurs ; médiane de {args.repetitions} mesures",
    ]
    print(formater(resultat, entete))
    args.resultats.mkdir(parents=True, exist_ok=True)
    donnees = {"machine": infos, "pdf": pdf, "builds": {k: v for k, v in builds.items() if k != "sortie"}}
    donnees["lignes"] = [ligne.en_dict() for ligne in resultat]
    (args.resultats / "publications.json").write_text(
        json.dumps(donnees, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
