"""Où va le temps : le build du site, puis le même sans un composant à la fois (`--decomposition`).

Coût d'un composant = médiane(site complet) − médiane(site sans lui), builds alternés dans la même
boucle. Plus parlant qu'un profil (cProfile gonfle les appels Python nombreux) et sans rien changer
au code : chaque variante n'ajoute qu'une ligne à ses réglages.
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
    durees: dict[tuple[str, bool], list[float]] = {}
    for froid in (True, False):
        for tour in range(repetitions + 1):  # un tour d'échauffement
            annoncer(
                f"  décomposition {'à froid' if froid else 'à chaud'} : tour {tour + 1}/{repetitions + 1}"
            )
            for libelle, variante in [("", site), *sans.items()]:
                resultat = mesures.construire(variante, froid=froid)
                if tour:
                    durees.setdefault((libelle, froid), []).append(resultat.secondes)
    lignes = []
    for libelle in sans:
        couts = []
        for froid in (True, False):
            complet = mediane(durees[("", froid)])
            cout = complet - mediane(durees[(libelle, froid)])
            couts.append(f"{cout:+.2f} s ({cout / complet:.0%}) {'à froid' if froid else 'à chaud'}")
        lignes.append(Ligne(f"cout {libelle}", f"Coût {libelle}", " ; ".join(couts)))
    return lignes
