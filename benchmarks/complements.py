"""Données des autres capacités pour le corpus : points d'accueil, formations et agenda, lettre.

Chaque capacité a son format, écrit et validé par son propre plugin : on génère ici du YAML que
leur chargeur accepte (le test de fumée le repasse dans `verifier` de chaque plugin). Tant qu'un
format n'est pas dans le dépôt, la capacité est notée « n/a » au lieu d'inventer un format.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from . import donnees_formations, donnees_lettre, donnees_points

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
    """Empreinte des réglages et du code des plugins imités : le corpus est refait s'ils changent."""
    propres = hashlib.sha256()
    for fichier in [RACINE_DEPOT / "pelicanconf.py", *sorted(Path(__file__).parent.glob("[cdgt]*.py"))]:
        propres.update(fichier.read_bytes())  # réglages et générateurs du corpus (pas le harnais)
    resultat = {"generateurs": propres.hexdigest()[:16]}
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


def reglages_du_site() -> dict:
    """Les vrais réglages (pelicanconf.py), plugins importables : on génère pour ces réglages-là."""
    from pelican.settings import read_settings

    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))
    return read_settings(str(RACINE_DEPOT / "pelicanconf.py"))


def generer_tout(
    donnees: Path, actualites, vocabulaire, debut, date_construction, graine: int
) -> tuple[dict[str, str], dict]:
    """Génère les données de chaque capacité présente.

    Renvoie (capacité → « ok » ou la raison, réglages à poser sur le site du corpus).
    """
    settings = reglages_du_site()
    actifs = set(settings.get("PLUGINS") or [])
    etats: dict[str, str] = {}
    reglages: dict = {}
    for capacite, paquet in sorted(CAPACITES.items()):
        if not plugin_present(paquet):
            etats[capacite] = "n/a — format pas encore dans le dépôt"
        elif paquet not in actifs:
            etats[capacite] = "n/a — plugin pas encore dans PLUGINS"
        elif capacite == "lettre":
            reglages.update(
                donnees_lettre.ecrire_registre(donnees, actualites, settings, date_construction, graine)
            )
            etats[capacite] = f"ok ({donnees_lettre.PARUTIONS_ENVOYEES} parutions envoyées)"
        elif capacite == "formations":
            etats[capacite] = donnees_formations.ecrire_formations(
                donnees, settings, vocabulaire, debut, date_construction, graine
            )
        elif capacite == "points_accueil":
            etats[capacite] = donnees_points.ecrire_points(donnees, settings, graine)
        else:
            etats[capacite] = "n/a — générateur pas encore écrit"  # TODO(bench) : voir le rapport
    return etats, reglages
