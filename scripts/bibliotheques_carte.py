#!/usr/bin/env python3
"""Copie Leaflet, ses extensions et la police du thème depuis node_modules/ vers theme/static/vendor/
(avec licences).

Les fichiers copiés sont versionnés : ni le build ni le visiteur n'ont besoin d'un CDN. La police
est réduite aux caractères du français (`CARACTERES_POLICE`, avec fontTools) : elle est la plus
grosse part de chaque page (34 Ko sur 42 pour l'accueil).
Les versions sont celles épinglées dans package.json / package-lock.json ; après une mise à
jour (`npm install --save-dev --save-exact paquet@version`), relancer :

    .venv/bin/python scripts/bibliotheques_carte.py
"""

from __future__ import annotations

import io
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


# Caractères gardés dans la police : le français et sa typographie. Les autres s'affichent dans
# la police du système : l'`unicode-range` des @font-face de theme/templates/site.css est cette même
# liste (vérifié par tests/socle/test_police.py). Les symboles rares de Latin-1 (¹ ½ ¿ ¤…) n'y sont
# pas : ils tirent fractions et exposants de la police, 3,4 Ko de plus pour chaque page.
CARACTERES_POLICE = (
    "U+0020-007E, U+00A0, U+00A7, U+00A9, U+00AB, U+00B0, U+00B2, U+00B7, U+00BB, U+00C0-00FF, "
    "U+0152-0153, U+2013-2014, U+2018-2019, U+201C-201D, U+2022, U+2026, U+2039-203A, U+20AC"
)
POLICE = "@fontsource-variable/atkinson-hyperlegible-next"


def points_de_code(plages: str) -> set[int]:
    """Les caractères d'une liste au format `unicode-range` de CSS (« U+0020-007E, U+00A0 »)."""
    points = set()
    for plage in plages.split(","):
        debut, _, fin = plage.strip().removeprefix("U+").partition("-")
        points.update(range(int(debut, 16), int(fin or debut, 16) + 1))
    return points


def reduire_police(chemin: Path) -> None:
    """Garde dans la police WOFF2 `chemin` les seuls `CARACTERES_POLICE` (axes et crénage intacts)."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    police = subset.load_font(io.BytesIO(chemin.read_bytes()), options)
    sous_ensemble = subset.Subsetter(options)
    sous_ensemble.populate(unicodes=points_de_code(CARACTERES_POLICE))
    sous_ensemble.subset(police)
    subset.save_font(police, str(chemin), options)


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
            if paquet == POLICE and cible.suffix == ".woff2":
                reduire_police(cible)
        note = f", réduite à {CARACTERES_POLICE}" if paquet == POLICE else ""
        (dossier / "VERSION").write_text(f"{paquet} {version} (npm{note})\n", encoding="utf-8")
        print(f"✓ {paquet} {version} → {dossier.relative_to(RACINE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
