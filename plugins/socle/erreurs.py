"""Problèmes de contenu ou de données, signalés en français au personnel.

Chaque chargeur (YAML, Markdown) produit des `Probleme` ; le build et `make check`
les affichent de la même façon. En mode strict (publication) une erreur arrête le
build par `DonneesInvalides` ; en développement elle est journalisée et le site continue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
# Pelican déduplique les messages identiques pour tout le processus : le serveur de
# développement ne redirait pas une erreur toujours présente au build suivant. On veut la redire.
if hasattr(logger, "disable_filter"):
    logger.disable_filter()

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


@dataclass(frozen=True, order=True)
class Probleme:
    """Un défaut localisé dans un fichier : quoi, où, et comment le corriger."""

    fichier: str
    ligne: int | None
    message: str
    conseil: str = ""
    gravite: str = ERREUR

    @property
    def est_erreur(self) -> bool:
        return self.gravite == ERREUR

    def __str__(self) -> str:
        lieu = self.fichier if self.ligne is None else f"{self.fichier}:{self.ligne}"
        texte = f"{lieu} : {self.gravite} : {self.message}"
        if self.conseil:
            texte += f"\n    → {self.conseil}"
        return texte


class DonneesInvalides(ValueError):
    """Levée quand des erreurs empêchent de publier ; porte la liste des problèmes."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = sorted(problemes, key=_cle_tri)
        erreurs = [p for p in self.problemes if p.est_erreur]
        entete = f"{len(erreurs)} erreur(s) empêchent la publication :"
        super().__init__("\n".join([entete, *map(str, erreurs)]))


def fichier_vide(affiche: str, attendu: str, conseil: str = "") -> Probleme:
    """Un fichier de données vide (souvent vidé par erreur) : une erreur, jamais un site amputé."""
    return Probleme(
        affiche,
        1,
        f"fichier vide : il doit contenir {attendu}",
        conseil or f"rétablissez-le depuis git (git checkout -- {affiche})",
    )


def _cle_tri(probleme: Probleme):
    return (probleme.fichier, probleme.ligne or 0, probleme.message)


def chemin_affiche(chemin: str | Path, racine: str | Path | None = None) -> str:
    """Chemin lisible pour le personnel : relatif à la racine du dépôt si possible."""
    chemin = Path(chemin)
    base = Path(racine) if racine else Path.cwd()
    if chemin.is_absolute() and base.is_absolute() and ".." not in chemin.parts and ".." not in base.parts:
        # Cas courant (fichiers trouvés sous content/ ou data/) : sans `resolve()`, qui interroge
        # le disque pour chaque dossier du chemin (des milliers d'appels par build).
        try:
            return str(chemin.relative_to(base))
        except ValueError:
            pass
    try:
        return str(chemin.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(chemin)


def signaler(problemes: list[Probleme], strict: bool) -> None:
    """Journalise les problèmes ; en mode strict, lève `DonneesInvalides` s'il y a une erreur.

    En développement, les erreurs sont des avertissements : le serveur continue ; chaque
    chargeur dit lui-même ce qu'il fait de l'élément fautif (actualité affichée sans le mot-clé
    inconnu, point d'accueil écarté…).
    """
    for probleme in sorted(problemes, key=_cle_tri):
        if probleme.est_erreur and not strict:
            logger.warning("%s\n    (toléré en développement ; la publication refusera)", probleme)
        elif probleme.est_erreur:
            logger.error("%s", probleme)
        else:
            logger.warning("%s", probleme)
    if strict and any(p.est_erreur for p in problemes):
        raise DonneesInvalides(problemes)
