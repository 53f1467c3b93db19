"""Aides des tests des points d'accueil : données d'essai écrites dans de vrais fichiers YAML."""

from __future__ import annotations

from pathlib import Path

import yaml

from outils import FIXTURES, RACINE

FIXTURE = FIXTURES / "points_accueil"
COMMUNES = RACINE / "data" / "communes-59-62.csv"
REFERENTIEL = FIXTURE / "data" / "points-accueil-referentiel.yml"
ZONE = {"lat_min": 49.95, "lat_max": 51.15, "lon_min": 1.5, "lon_max": 4.3}

POINT_VALIDE = {
    "id": "mairie-lesquin",
    "structure": "Mairie de Lesquin",
    "type": "mairie",
    "territoire": "est",
    "commune": "Lesquin",
    "code_postal": "59810",
    "coordonnees": [50.58232, 3.119],
    "accueil": "rendez-vous",
    "services": ["Premier entretien"],
    "actif": True,
}


def ecrire_points(dossier: Path, *points: dict) -> Path:
    """Écrit un vrai fichier points-accueil.yml ; chaque point commence à une ligne connue."""
    chemin = dossier / "points-accueil.yml"
    texte = "# essai\npoints:\n" + "".join(
        yaml.safe_dump([p], allow_unicode=True, sort_keys=False, default_flow_style=None) for p in points
    )
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def settings_fixture(sortie: Path | None = None, **points_accueil) -> dict:
    """Réglages d'un site d'essai (PATH, données, plugins) pour `construire_site` ou `reglages`."""
    override = {
        "PATH": str(FIXTURE / "content"),
        "PLUGINS": ["socle", "actualites", "points_accueil"],
        "SOCLE": {"donnees": str(FIXTURE / "data")},
        "POINTS_ACCUEIL": {"communes": str(COMMUNES), **points_accueil},
    }
    if sortie is not None:
        override["OUTPUT_PATH"] = str(sortie)
    return override
