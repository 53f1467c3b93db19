"""Données des autres capacités pour le corpus : points d'accueil, formations et agenda, lettre.

Chaque capacité a son format, écrit et validé par son propre plugin : on génère ici du YAML que
leur chargeur accepte (le test de fumée le repasse dans `verifier` de chaque plugin). Tant qu'un
format n'est pas dans le dépôt, la capacité est notée « n/a » au lieu d'inventer un format.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RACINE_DEPOT = Path(__file__).resolve().parent.parent
PLUGINS = RACINE_DEPOT / "plugins"

NOMBRE_POINTS = 60
NOMBRE_RENDEZ_VOUS = 300  # sessions de formation et événements de l'agenda
NOMBRE_LETTRES = 300

# capacité → paquet de plugin dont le format fait foi
CAPACITES = {"points_accueil": "points_accueil", "formations": "formations", "lettre": "lettre"}


def plugin_present(paquet: str) -> bool:
    return (PLUGINS / paquet / "__init__.py").is_file()


def empreinte() -> dict[str, str]:
    """Empreinte du code des plugins dont on imite le format : le corpus est refait s'il change."""
    resultat = {}
    for capacite, paquet in sorted(CAPACITES.items()):
        dossier = PLUGINS / paquet
        if not plugin_present(paquet):
            resultat[capacite] = "absent"
            continue
        h = hashlib.sha256()
        for fichier in sorted(dossier.rglob("*.py")):
            h.update(fichier.read_bytes())
        resultat[capacite] = h.hexdigest()[:16]
    return resultat


def generer_tout(donnees: Path, contenu: Path, vocabulaire: list[str], graine: int) -> dict[str, str]:
    """Génère les données de chaque capacité présente ; renvoie capacité → « ok » ou la raison."""
    etats = {}
    for capacite, paquet in sorted(CAPACITES.items()):
        if not plugin_present(paquet):
            etats[capacite] = "n/a — format pas encore dans le dépôt"
            continue
        etats[capacite] = "n/a — générateur pas encore écrit"  # TODO(bench) : voir le rapport
    return etats
