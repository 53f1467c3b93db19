"""Où va le temps : le build du site, puis le même sans un composant à la fois (`--decomposition`).

Coût d'un composant = médiane, tour par tour, de (site complet − site sans lui), builds alternés dans
la même boucle ; en temps de processeur hors noyau (le calcul du composant : la part du noyau, qui
crée les fichiers, varie d'un build à l'autre avec l'état du disque) et en durée. Plus parlant qu'un
profil (cProfile gonfle les appels Python nombreux) et sans rien changer au code : chaque variante
n'ajoute qu'une ligne à ses réglages.
"""

from __future__ import annotations

from pathlib import Path

from . import mesures
from .tableau import Ligne, mediane

# libellé → ligne de réglages qui retire le composant (évaluée après pelicanconf.py)
SANS = {
    "de l'index Pagefind": 'RECHERCHE = {**RECHERCHE, "indexer": False}  # noqa: F405',
    "de la typographie française du Markdown": (
        'MARKDOWN = {**MARKDOWN, "extension_configs": {k: v for k, v in MARKDOWN["extension_configs"].items()'
        ' if "typographie" not in k}}  # noqa: F405'
    ),
    "du plugin lettre": 'PLUGINS = [p for p in PLUGINS if p != "lettre"]  # noqa: F405',
    "du plugin points_accueil": 'PLUGINS = [p for p in PLUGINS if p != "points_accueil"]  # noqa: F405',
    "du plugin formations": 'PLUGINS = [p for p in PLUGINS if p != "formations"]  # noqa: F405',
    "du plugin chiffres": 'PLUGINS = [p for p in PLUGINS if p != "chiffres"]  # noqa: F405',
    "du plugin lettre_infos": 'PLUGINS = [p for p in PLUGINS if p != "lettre_infos"]  # noqa: F405',
    "du plugin editeur": 'PLUGINS = [p for p in PLUGINS if p != "editeur"]  # noqa: F405',
}


def variantes(site: mesures.Variante, travail: Path, plugins: list[str]) -> dict[str, mesures.Variante]:
    """Une variante par composant retiré (plugins actifs seulement), à côté du site complet."""
    base = site.reglages.read_text(encoding="utf-8")
    resultat = {}
    for rang, (libelle, ligne) in enumerate(SANS.items()):
        if libelle.startswith("du plugin ") and libelle.removeprefix("du plugin ") not in plugins:
            continue
        dossier = travail / f"sans-{rang}"
        dossier.mkdir(parents=True, exist_ok=True)
        variante = mesures.Variante(
            "site", dossier / "reglages.py", dossier / "output", dossier / "cache", dossier / "journal.txt"
        )
        variante.reglages.write_text(
            base.replace(str(site.sortie), str(variante.sortie)).replace(str(site.cache), str(variante.cache))
            + ligne
            + "\n",
            encoding="utf-8",
        )
        resultat[libelle] = variante
    return resultat


def mesurer(
    site: mesures.Variante, travail: Path, plugins: list[str], repetitions: int, annoncer=print
) -> list[Ligne]:
    """Coût de chaque composant, à froid et avec le cache de contenu ; une ligne par composant."""
    sans = variantes(site, travail, plugins)
    mesures_par: dict[tuple[str, bool], list[mesures.Resultat]] = {}
    for froid in (True, False):
        for tour in range(repetitions + 1):  # un tour d'échauffement
            annoncer(
                f"  décomposition {'à froid' if froid else 'à chaud'} : tour {tour + 1}/{repetitions + 1}"
            )
            for libelle, variante in [("", site), *sans.items()]:
                resultat = mesures.construire(variante, froid=froid)
                if tour:
                    mesures_par.setdefault((libelle, froid), []).append(resultat)
    lignes = []
    for libelle in sans:
        couts = [
            texte_cout(mesures_par[("", froid)], mesures_par[(libelle, froid)], froid)
            for froid in (True, False)
        ]
        lignes.append(Ligne(f"cout {libelle}", f"Coût {libelle}", " ; ".join(couts)))
    return lignes


def texte_cout(complets: list[mesures.Resultat], sans: list[mesures.Resultat], froid: bool) -> str:
    """Le coût d'un composant, des builds du site complet et sans lui pris tour par tour."""
    paires = list(zip(complets, sans, strict=True))
    calcul = mediane([c.hors_noyau_s - v.hors_noyau_s for c, v in paires])
    duree = mediane([c.secondes - v.secondes for c, v in paires])
    part = calcul / mediane([c.hors_noyau_s for c in complets])
    quand = "à froid" if froid else "à chaud"
    return f"{calcul:+.2f} s de processeur hors noyau ({part:.0%}), durée {duree:+.2f} s {quand}"
