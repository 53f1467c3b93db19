"""Ce que le build écrit : fichiers et octets par rubrique, par actualité et par thématique.

Compté sur la sortie de chaque variante, après le build : c'est là que se voit le travail qu'aucun
visiteur ne demande (pages en trop, copies, doublons). Une « rubrique » est le premier dossier du
chemin (`actualites`, `thematiques`, `lettre`…) ; les fichiers à la racine comptent pour « / ».
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

RUBRIQUES_AFFICHEES = 6


@dataclass
class Ecritures:
    fichiers: int = 0
    octets: int = 0
    dossiers: int = 0
    par_rubrique: Counter = field(default_factory=Counter)  # rubrique → fichiers

    @property
    def mo(self) -> float:
        return self.octets / 1e6


def compter(sortie: Path) -> Ecritures:
    """Fichiers, octets et dossiers de `sortie`, et fichiers par rubrique."""
    compte = Ecritures()
    for dossier, sous_dossiers, fichiers in os.walk(sortie):
        compte.dossiers += len(sous_dossiers)
        relatif = Path(dossier).relative_to(sortie).parts
        rubrique = relatif[0] if relatif else "/"
        for nom in fichiers:
            compte.fichiers += 1
            compte.octets += os.stat(os.path.join(dossier, nom)).st_size
            compte.par_rubrique[rubrique] += 1
    return compte


def pages_par_thematique(sortie: Path, dossier_thematiques: str = "thematiques") -> float | None:
    """Nombre moyen de pages HTML écrites par thématique (pagination comprise), None sans thématique."""
    racine = sortie / dossier_thematiques
    if not racine.is_dir():
        return None
    comptes = [sum(1 for _ in d.rglob("*.html")) for d in racine.iterdir() if d.is_dir()]
    return sum(comptes) / len(comptes) if comptes else None


def resume(site: Path, nu: Path, actualites: int) -> str:
    """Le texte de la ligne du tableau : le site, Pelican nu, par actualité et par thématique."""
    a, b = compter(site), compter(nu)
    rubriques = ", ".join(f"{nom} {n}" for nom, n in a.par_rubrique.most_common(RUBRIQUES_AFFICHEES))
    texte = (
        f"site : {a.fichiers} fichiers, {a.dossiers} dossiers, {a.mo:.0f} Mo ({rubriques}…) ; "
        f"Pelican nu : {b.fichiers} fichiers, {b.dossiers} dossiers, {b.mo:.0f} Mo ; "
        f"par actualité : {a.fichiers / actualites:.2f} fichiers (nu : {b.fichiers / actualites:.2f})"
    )
    pages = pages_par_thematique(site)
    if pages is not None:
        texte += f" ; par thématique : {pages:.1f} pages"
    return texte
