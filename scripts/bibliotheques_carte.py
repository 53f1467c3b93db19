#!/usr/bin/env python3
"""Copie Leaflet, ses extensions et la police du thème depuis node_modules/ vers theme/static/vendor/
(avec licences).

Les fichiers copiés sont versionnés : ni le build ni le visiteur n'ont besoin d'un CDN.
Les versions sont celles épinglées dans package.json / package-lock.json ; après une mise à
jour (`npm install --save-dev --save-exact paquet@version`), relancer :

    .venv/bin/python scripts/bibliotheques_carte.py
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
MODULES = RACINE / "node_modules"
DESTINATION = RACINE / "theme" / "static" / "vendor"

# paquet npm → fichiers à copier (relatifs au paquet), licence comprise
FICHIERS = {
    "leaflet": [
        "dist/leaflet.js",
        "dist/leaflet.css",
        "dist/images/layers.png",
        "dist/images/layers-2x.png",
        "dist/images/marker-icon.png",
        "dist/images/marker-icon-2x.png",
        "dist/images/marker-shadow.png",
        "LICENSE",
    ],
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
        "MIT-LICENCE.txt",
    ],
    "leaflet.featuregroup.subgroup": ["dist/leaflet.featuregroup.subgroup.js", "LICENSE"],
    "leaflet.locatecontrol": ["dist/L.Control.Locate.min.js", "dist/L.Control.Locate.min.css", "LICENSE.md"],
    # Police variable du thème (SIL OFL 1.1), dessinée pour la lisibilité ; latin seul : le français.
    "@fontsource-variable/atkinson-hyperlegible-next": [
        "files/atkinson-hyperlegible-next-latin-wght-normal.woff2",
        "files/atkinson-hyperlegible-next-latin-wght-italic.woff2",
        "LICENSE",
    ],
}


def main() -> int:
    manquants = [p for p in FICHIERS if not (MODULES / p / "package.json").exists()]
    if manquants:
        print(
            f"✗ paquets npm absents ({', '.join(manquants)}) : lancez « make installer » (npm ci).",
            file=sys.stderr,
        )
        return 1
    for paquet, fichiers in FICHIERS.items():
        version = json.loads((MODULES / paquet / "package.json").read_text())["version"]
        dossier = DESTINATION / paquet
        if dossier.exists():
            shutil.rmtree(dossier)
        for relatif in fichiers:
            cible = dossier / relatif.removeprefix("dist/")
            cible.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(MODULES / paquet / relatif, cible)
        (dossier / "VERSION").write_text(f"{paquet} {version} (npm)\n", encoding="utf-8")
        print(f"✓ {paquet} {version} → {dossier.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
