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


_SCRIPT_ISOLE = """
import json, sys
from pathlib import Path
from outils import construire_site
builds, sortie_json = json.loads(sys.argv[1]), sys.argv[2]
resultats = []
for b in builds:
    try:
        _sortie, journal = construire_site(Path(b["sortie"]), publication=b["publication"], override=b["override"])
        resultats.append({"ok": True, "journal": journal.textes()})
    except Exception as exc:
        resultats.append({"ok": False, "erreur": f"{type(exc).__name__}: {exc}"})
Path(sortie_json).write_text(json.dumps(resultats), encoding="utf-8")
"""


def construire_isole(*builds: tuple[Path, bool, dict]) -> list[dict]:
    """Builds (sortie, publication, override) dans un processus neuf, l'un après l'autre.

    Les signaux de Pelican sont globaux : les plugins enregistrés par d'autres builds du même
    processus de test (un autre site d'essai) resteraient branchés sur ceux-ci.
    Renvoie, par build, {"ok": True, "journal": [...]} ou {"ok": False, "erreur": "..."}.
    """
    import json
    import os
    import subprocess
    import sys
    import tempfile

    donnees = [{"sortie": str(s), "publication": p, "override": o} for s, p, o in builds]
    with tempfile.TemporaryDirectory() as dossier:
        resultat = Path(dossier) / "resultats.json"
        chemin = os.pathsep.join(str(RACINE / d) for d in ("plugins", ".", "tests"))
        environnement = {**os.environ, "PYTHONPATH": chemin}
        sortie = subprocess.run(
            [sys.executable, "-c", _SCRIPT_ISOLE, json.dumps(donnees), str(resultat)],
            cwd=RACINE,
            env=environnement,
            capture_output=True,
            text=True,
            check=False,
        )
        if sortie.returncode != 0 or not resultat.exists():
            raise RuntimeError(f"build isolé en échec : {sortie.stderr[-2000:]}")
        return json.loads(resultat.read_text(encoding="utf-8"))


# Fermetures datées ajoutées aux points du site d'essai, par rapport à la date des tests
# (outils.DATE_TESTS, 23 novembre 2026) : en cours, à venir dans le préavis, trop lointaine, passée.
FERMETURES_ESSAI = {
    "lesquin-mairie": "    fermetures:\n      - du: 2026-11-16\n        au: 2026-12-04\n        motif: travaux\n",
    "siege": (
        "    fermetures:\n      - du: 2026-12-21\n        au: 2027-01-02\n        motif: congés de fin d'année\n"
        "      - du: 2027-07-19\n        au: 2027-08-20\n"
    ),
    "hostile": "    fermetures:\n      - du: 2026-07-20\n        au: 2026-08-24\n        motif: congés d'été\n",
}
FERME_LESQUIN = "Fermé du 16 novembre au 4 décembre 2026 (travaux)"
FERME_SIEGE = "Fermé du 21 décembre 2026 au 2 janvier 2027 (congés de fin d'année)"


def donnees_avec_fermetures(dossier: Path) -> Path:
    """Les données du site d'essai copiées dans `dossier`, avec les fermetures de FERMETURES_ESSAI
    écrites à la fin de leurs points (un vrai fichier YAML, tel que l'écrirait le personnel)."""
    import shutil

    shutil.copytree(FIXTURE / "data", dossier, dirs_exist_ok=True)
    chemin = dossier / "points-accueil.yml"
    blocs = chemin.read_text(encoding="utf-8").split("\n  - id: ")
    for rang, bloc in enumerate(blocs[1:], start=1):
        identifiant = bloc.split("\n", 1)[0].strip()
        if identifiant in FERMETURES_ESSAI:
            blocs[rang] = bloc.rstrip("\n") + "\n" + FERMETURES_ESSAI[identifiant]
    chemin.write_text("\n  - id: ".join(blocs).rstrip("\n") + "\n", encoding="utf-8")
    return dossier


def settings_fermetures(dossier: Path, sortie: Path | None = None, **points_accueil) -> dict:
    """Réglages du site d'essai avec les données de `donnees_avec_fermetures(dossier)`."""
    override = settings_fixture(sortie, **points_accueil)
    override["SOCLE"] = {"donnees": str(donnees_avec_fermetures(dossier))}
    return override
