"""Réglages du plugin points_accueil : valeurs par défaut, fusionnées avec `POINTS_ACCUEIL`."""

from __future__ import annotations

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Fichiers du dossier data/
        "points": "points-accueil.yml",
        "referentiel": "points-accueil-referentiel.yml",
        "communes": "communes-59-62.csv",
        # Adresse de la page (les autres fichiers sont rangés dessous)
        "chemin": "points-accueil/",
        # Serveur de tuiles : la seule requête vers un tiers, après le clic « Afficher la carte ».
        "tuiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": (
            '&copy; <a href="https://www.openstreetmap.org/copyright">les contributrices et '
            "contributeurs d'OpenStreetMap</a>"
        ),
        "zoom_max": 19,
        # Zone desservie : un point hors de ce cadre est une erreur de saisie.
        "zone": MappingProxyType({"lat_min": 49.95, "lat_max": 51.15, "lon_min": 1.5, "lon_max": 4.3}),
        # Nombre de points proposés par la recherche « le plus proche ».
        "resultats": 3,
        # Les pages statiques (sans JavaScript) listent les communes à moins de ce rayon d'un point.
        "rayon_communes_km": 40,
        # Section « Trouver un point d'accueil » sur la page d'accueil.
        "section_accueil": True,
    }
)


def lire(settings) -> dict:
    """Réglages complets ; lève ValueError sur une clé inconnue."""
    return fusionner(settings, "POINTS_ACCUEIL", DEFAUTS)
