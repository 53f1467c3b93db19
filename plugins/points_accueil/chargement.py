"""Lecture et validation des données : référentiel, points d'accueil, table des communes.

Chaque défaut devient un `Probleme` en français avec fichier et ligne ; un point fautif est
écarté (le message le dit) et la publication refuse de se faire (`socle.erreurs.signaler`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from socle import reglages as reglages_socle
from socle.erreurs import AVERTISSEMENT, Probleme, chemin_affiche, fichier_vide
from socle.sources_yaml import ErreurYaml, charger_yaml

from . import reglages
from .communes import TableCommunes, charger_communes
from .distances import distance_km
from .fermetures import lire_fermetures
from .modeles import Entree, Point, Referentiel

OBLIGATOIRES = (
    "id",
    "structure",
    "type",
    "territoire",
    "commune",
    "code_postal",
    "coordonnees",
    "accueil",
    "services",
    "actif",
)
FACULTATIFS = (
    "adresse",
    "position_approximative",
    "precisions",
    "horaires",
    "telephone",
    "rendez_vous",
    "contact",
    "publier_contact",
    "fermetures",
)
_TELEPHONE = re.compile(r"^\+?[0-9][0-9 .]{7,18}[0-9]$")
VOCABULAIRES = {"territoire": "territoires", "type": "types", "accueil": "accueil"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COULEUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Au-delà, la position est sans doute celle d'une autre commune (faute de frappe).
ECART_COMMUNE_KM = 15


@dataclass(frozen=True)
class Region:
    """La région desservie, pour des messages qui disent où corriger : réglage ou table."""

    departements: tuple[str, ...] = ()
    table: str = "la table des communes"

    @property
    def libelle(self) -> str:
        if not self.departements:
            return "table des communes"
        return f"table des communes (départements {', '.join(self.departements)})"


@dataclass
class Donnees:
    """Tout ce que lit le plugin, avec les problèmes trouvés."""

    referentiel: Referentiel
    points: list[Point]
    communes: TableCommunes | None
    problemes: list[Probleme] = field(default_factory=list)


def charger_tout(settings) -> Donnees:
    """Charge référentiel, communes et points selon les réglages ; ne lève pas."""
    options = reglages.lire(settings)
    dossier = reglages_socle.dossier_donnees(settings)
    racine = reglages_socle.racine_projet(settings)

    def chemin(nom):
        return dossier / options[nom], chemin_affiche(dossier / options[nom], racine)

    referentiel, problemes = charger_referentiel(*chemin("referentiel"))
    table, problemes_communes = charger_communes(*chemin("communes"))
    problemes += problemes_communes
    zone = zone_desservie(options, table)
    region = Region(options["departements"], chemin("communes")[1])
    points, problemes_points = charger_points(
        *chemin("points"), referentiel, table, zone, region, reglages_socle.aujourdhui(settings)
    )
    return Donnees(referentiel, points, table, problemes + problemes_points)


def zone_desservie(options, table: TableCommunes | None) -> dict | None:
    """Le cadre où un point est accepté : le réglage « zone », sinon celui de la table des communes."""
    return options["zone"] or reglages.zone_des_communes(table.communes if table else None)


def _lire(chemin, affiche):
    try:
        return charger_yaml(chemin, affiche), []
    except ErreurYaml as exc:
        return None, [exc.probleme]


def charger_referentiel(chemin, affiche) -> tuple[Referentiel, list[Probleme]]:
    """Territoires, types et façons d'être reçu ; chaque entrée a un slug et un libellé."""
    brut, problemes = _lire(chemin, affiche)
    if brut is None:
        return Referentiel(), problemes
    if not isinstance(brut, dict):
        return Referentiel(), [Probleme(affiche, 1, "le fichier doit contenir territoires, types et accueil")]
    listes = {}
    for nom in ("territoires", "types", "accueil"):
        entrees, vus = [], {}
        valeur = brut.get(nom)
        if not isinstance(valeur, list) or not valeur:
            problemes.append(
                Probleme(
                    affiche,
                    getattr(brut, "ligne_de", lambda _c: 1)(nom),
                    f"liste « {nom} » manquante ou vide",
                    f"ajoutez « {nom}: » suivi d'entrées « - slug: … libelle: … »",
                )
            )
            valeur = []
        for entree in valeur:
            ligne = getattr(entree, "ligne", None)
            if not isinstance(entree, dict) or not entree.get("slug") or not entree.get("libelle"):
                problemes.append(
                    Probleme(
                        affiche,
                        ligne,
                        f"entrée de « {nom} » sans slug ou sans libellé",
                        "chaque entrée a « slug: » et « libelle: »",
                    )
                )
                continue
            slug = str(entree["slug"])
            if not _SLUG.match(slug):
                problemes.append(
                    Probleme(
                        affiche,
                        ligne,
                        f"slug « {slug} » invalide",
                        "minuscules sans accent, chiffres et tirets (ex. : couronne-sud)",
                    )
                )
                continue
            if slug in vus:
                problemes.append(
                    Probleme(
                        affiche,
                        ligne,
                        f"slug « {slug} » en double dans « {nom} » (déjà ligne {vus[slug]})",
                        "donnez un slug unique",
                    )
                )
                continue
            couleur = str(entree.get("couleur") or "")
            if nom == "territoires" and not _COULEUR.match(couleur):
                problemes.append(
                    Probleme(
                        affiche,
                        entree.ligne_de("couleur"),
                        f"territoire « {slug} » : couleur « {couleur} » invalide",
                        'écrivez une couleur hexadécimale entre guillemets, ex. : "#1b5e8c"',
                    )
                )
                continue
            vus[slug] = ligne
            entrees.append(Entree(slug, str(entree["libelle"]), couleur))
        listes[nom] = tuple(entrees)
    return Referentiel(**listes), problemes


def charger_points(
    chemin,
    affiche,
    referentiel: Referentiel,
    table: TableCommunes | None,
    zone,
    region: Region = Region(),
    aujourdhui: dt.date | None = None,
) -> tuple[list[Point], list[Probleme]]:
    """Les points valides, triés par identifiant, et les problèmes des autres.

    `aujourdhui` (date du build) : une fermeture terminée depuis longtemps y est signalée.
    """
    brut, problemes = _lire(chemin, affiche)
    if brut is None:
        return [], problemes or [fichier_vide(affiche, "« points: » suivi des points d'accueil")]
    if isinstance(brut, dict) and brut.get("points") in ([], None) and "points" in brut:
        return [], [fichier_vide(affiche, "au moins un point d'accueil sous « points: »")]
    if not isinstance(brut, dict) or not isinstance(brut.get("points"), list):
        return [], [
            Probleme(
                affiche,
                1,
                "liste « points: » introuvable",
                "le fichier commence par « points: » suivi des points « - id: … »",
            )
        ]
    points, lignes_ids = [], {}
    for rang, brut_point in enumerate(brut["points"]):
        if not isinstance(brut_point, dict):
            problemes.append(
                Probleme(
                    affiche,
                    brut["points"].ligne_de(rang),
                    f"un élément de « points » n'est pas un point : « {brut_point} »",
                    "chaque point commence par « - id: … » suivi de ses champs, décalés de deux espaces",
                )
            )
            continue
        point, defauts = _valider_point(
            brut_point, chemin, affiche, referentiel, table, zone, region, aujourdhui
        )
        identifiant = brut_point.get("id")
        if isinstance(identifiant, str) and identifiant in lignes_ids:
            defauts.append(
                Probleme(
                    affiche,
                    brut_point.ligne_de("id"),
                    f"identifiant « {identifiant} » en double (déjà utilisé ligne {lignes_ids[identifiant]})",
                    "chaque point a un identifiant unique et qui ne change jamais",
                )
            )
            point = None
        elif isinstance(identifiant, str):
            lignes_ids[identifiant] = brut_point.ligne_de("id")
        problemes += defauts
        if point is not None and not any(p.est_erreur for p in defauts):
            points.append(point)
    return sorted(points, key=lambda p: p.id), problemes


def _valider_point(brut, chemin, affiche, referentiel, table, zone, region, aujourdhui=None):
    nom = brut.get("id") if isinstance(brut.get("id"), str) else f"ligne {brut.ligne}"
    problemes = []

    def erreur(cle, message, conseil="", gravite="erreur"):
        problemes.append(
            Probleme(affiche, brut.ligne_de(cle), f"point « {nom} » : {message}", conseil, gravite)
        )

    manquants = [cle for cle in OBLIGATOIRES if brut.get(cle) is None or brut.get(cle) == ""]
    for cle in manquants:
        erreur(
            cle,
            f"champ obligatoire « {cle} » manquant",
            _centre_de_la_commune(brut, table)
            if cle == "coordonnees"
            else f"ajoutez « {cle}: … » (les champs sont décrits en tête de {affiche})",
        )
    for cle in sorted(set(brut) - set(OBLIGATOIRES) - set(FACULTATIFS), key=str):
        proche = difflib.get_close_matches(str(cle), OBLIGATOIRES + FACULTATIFS, n=1)
        erreur(
            cle,
            f"champ inconnu « {cle} »",
            f"vouliez-vous dire « {proche[0]} » ?" if proche else "retirez-le ou corrigez son nom",
        )
    if manquants:
        return None, problemes  # la suite lit les champs obligatoires
    # Un champ inconnu n'arrête pas les autres contrôles du point : toutes ses fautes en une fois.

    if not _SLUG.match(str(brut["id"])):
        erreur("id", f"identifiant « {brut['id']} » invalide", "minuscules sans accent, chiffres et tirets")
    entrees = {}
    for cle, liste in VOCABULAIRES.items():
        connus = referentiel.dictionnaire(liste)
        valeur = str(brut[cle])
        if valeur in connus:
            entrees[cle] = connus[valeur]
            continue
        proche = difflib.get_close_matches(valeur, list(connus), n=1)
        aide = f"vouliez-vous dire « {proche[0]} » ? " if proche else ""
        erreur(
            cle,
            f"{cle} inconnu « {valeur} »",
            f"{aide}valeurs possibles : {', '.join(connus) or 'aucune'} "
            f"(liste « {liste} » de data/points-accueil-referentiel.yml)",
        )
    for cle in ("actif", "position_approximative", "publier_contact"):
        if cle in brut and not isinstance(brut[cle], bool):
            erreur(cle, f"« {cle} » doit valoir true ou false (trouvé : {brut[cle]!r})")
    services = brut["services"]
    if not isinstance(services, list) or not all(isinstance(s, str) and s.strip() for s in services):
        erreur(
            "services",
            "« services » doit être une liste de textes",
            "ex. : services: [Accueil et orientation]",
        )
    telephone = str(brut.get("telephone") or "").strip()
    if isinstance(brut.get("telephone"), int | float):
        # Sans guillemets, YAML lit « 0320000001 » en octal et « +33320000001 » sans son « + ».
        erreur(
            "telephone",
            "téléphone lu comme un nombre (zéro ou « + » du début perdu)",
            'écrivez-le entre guillemets, ex. : telephone: "03 20 00 00 00"',
        )
    elif telephone and not _TELEPHONE.match(telephone):
        erreur(
            "telephone",
            f"téléphone « {telephone} » invalide",
            'chiffres et espaces, ex. : telephone: "03 20 00 00 00"',
        )
    elif telephone.startswith("0") and len(chiffres := re.sub(r"\D", "", telephone)) != 10:
        # Un numéro français a dix chiffres : le lien « appeler » d'un numéro tronqué sonne ailleurs.
        erreur(
            "telephone",
            f"téléphone « {telephone} » : {len(chiffres)} chiffres au lieu de 10",
            'vérifiez le numéro, ex. : telephone: "03 20 00 00 00"',
        )
    rendez_vous = str(brut.get("rendez_vous") or "").strip()
    if rendez_vous and not rendez_vous.startswith(("https://", "http://", "mailto:")):
        erreur(
            "rendez_vous",
            f"lien de rendez-vous « {rendez_vous} » invalide",
            "l'adresse de la page de réservation (https://…) ou « mailto:adresse@exemple.fr »",
        )
    horaires = _horaires(brut.get("horaires"), erreur)
    precisions = brut.get("precisions")
    if precisions is not None and not isinstance(precisions, str):
        erreur("precisions", "« precisions » doit être une phrase", "ex. : precisions: Accès par la cour")
        precisions = ""

    def erreur_fermeture(ligne, message, conseil, gravite="erreur"):
        ligne = ligne or brut.ligne_de("fermetures")
        problemes.append(Probleme(affiche, ligne, f"point « {nom} » : {message}", conseil, gravite))

    fermetures = lire_fermetures(brut.get("fermetures"), erreur_fermeture, aujourdhui)
    if brut.get("publier_contact") is True and not brut.get("contact"):
        erreur("publier_contact", "publier_contact est true mais « contact » est vide")
    latitude, longitude = _coordonnees(brut, chemin, zone, erreur)
    code_postal = str(brut["code_postal"])
    if not re.fullmatch(r"\d{5}", code_postal):
        erreur(
            "code_postal",
            f"code postal « {code_postal} » invalide",
            'cinq chiffres entre guillemets, ex. : code_postal: "01000"',
        )
    elif table is not None:
        _verifier_commune(brut, code_postal, latitude, longitude, table, erreur, region)
    adresse = " ".join(str(brut.get("adresse") or "").split())  # espaces insécables, retours à la ligne
    if re.search(r"\b\d{5}\b", adresse):
        # Copiée d'une page web, l'adresse finit souvent par « 59810 Lesquin » : publiée deux fois.
        erreur(
            "adresse",
            f"l'adresse « {adresse} » contient un code postal : le site l'écrirait deux fois",
            "gardez dans « adresse » la rue et le numéro ; le code postal et la commune ont leurs champs",
            AVERTISSEMENT,
        )
    if problemes and any(p.est_erreur for p in problemes):
        return None, problemes
    point = Point(
        id=brut["id"],
        structure=str(brut["structure"]).strip(),
        type=entrees["type"],
        territoire=entrees["territoire"],
        commune=str(brut["commune"]),
        code_postal=code_postal,
        latitude=latitude,
        longitude=longitude,
        accueil=entrees["accueil"],
        services=tuple(s.strip() for s in services),
        actif=brut["actif"],
        adresse=adresse,
        position_approximative=bool(brut.get("position_approximative", False)),
        precisions=(precisions or "").strip(),
        horaires=horaires,
        telephone=telephone,
        rendez_vous=rendez_vous,
        contact=str(brut.get("contact") or ""),
        publier_contact=bool(brut.get("publier_contact", False)),
        fermetures=fermetures,
        ligne=brut.ligne,
    )
    return point, problemes


def _horaires(valeur, erreur) -> str:
    """Les horaires : une phrase, ou une liste de lignes (« - mardi 9 h – 12 h ») jointes par « ; ».

    Une autre forme (tableau « lundi: … », nombre) serait publiée en notation Python : erreur.
    """
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur.strip()
    if isinstance(valeur, list) and valeur and all(isinstance(v, str) and v.strip() for v in valeur):
        return " ; ".join(v.strip() for v in valeur)
    erreur(
        "horaires",
        "« horaires » doit être une phrase ou une liste de lignes",
        'entre guillemets, ex. : horaires: "Mardi 9 h – 12 h ; jeudi 14 h – 17 h"',
    )
    return ""


def dans_zone(latitude: float, longitude: float, zone) -> bool:
    """Le point est-il dans le cadre ? Sans cadre (pas de table des communes), on ne juge pas."""
    if zone is None:
        return True
    return zone["lat_min"] <= latitude <= zone["lat_max"] and zone["lon_min"] <= longitude <= zone["lon_max"]


def _coordonnees(brut, chemin, zone, erreur):
    valeur = brut["coordonnees"]
    if (
        not isinstance(valeur, list)
        or len(valeur) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in valeur)
    ):
        ecrit = (
            _ligne_du_fichier(chemin, brut.ligne_de("coordonnees")).partition(":")[2].split("#")[0].strip()
        )
        voulu = _coordonnees_voulues(ecrit)
        if voulu and "," in ecrit.replace(", ", " "):
            conseil = f"écrivez [{voulu[0]}, {voulu[1]}] : un point pour les décimales, pas de virgule"
        elif voulu:
            conseil = f"écrivez [{voulu[0]}, {voulu[1]}] : deux nombres sans guillemets, entre crochets"
        else:
            conseil = "écrivez [latitude, longitude] en degrés décimaux, ex. : [50.6339, 3.0551]"
        erreur("coordonnees", f"coordonnées illisibles : « {ecrit or repr(valeur)} »", conseil)
        return 0.0, 0.0
    latitude, longitude = float(valeur[0]), float(valeur[1])
    if dans_zone(latitude, longitude, zone):
        return latitude, longitude
    cadre = f"latitude {zone['lat_min']} à {zone['lat_max']}, longitude {zone['lon_min']} à {zone['lon_max']}"
    autre_departement = (
        " ; si le point est bien dans un autre département, ajoutez celui-ci au réglage "
        "POINTS_ACCUEIL['departements'] et relancez « python gestion.py communes »"
    )
    if dans_zone(longitude, latitude, zone):
        erreur(
            "coordonnees",
            f"latitude et longitude inversées ? [{valeur[0]}, {valeur[1]}] est hors de la "
            f"zone desservie ({cadre})",
            f"écrivez [{valeur[1]}, {valeur[0]}] : la latitude d'abord",
        )
    else:
        erreur(
            "coordonnees",
            f"coordonnées [{valeur[0]}, {valeur[1]}] hors de la zone desservie ({cadre})",
            "vérifiez le point sur une carte (clic droit « Afficher l'adresse » sur openstreetmap.org)"
            + autre_departement,
        )
    # Position déjà fautive : pas d'avertissement « à 6889 km du centre » en plus.
    return 0.0, 0.0


def _centre_de_la_commune(brut, table: TableCommunes | None) -> str:
    """Que faire sans position : la ligne de la commune dans la table, prête à copier."""
    conseil = (
        "ajoutez « coordonnees: [latitude, longitude] », la position du bâtiment (clic droit "
        "« Afficher l'adresse » sur openstreetmap.org)"
    )
    communes = table.trouver(str(brut.get("commune") or "")) if table is not None else []
    code_postal = str(brut.get("code_postal") or "")
    communes = [c for c in communes if code_postal in c.codes_postaux] or communes
    if len(communes) != 1:
        return conseil
    c = communes[0]
    return (
        f"{conseil} ; sans adresse relevée, le centre de {c.nom} : « coordonnees: [{c.latitude}, "
        f"{c.longitude}] » et « position_approximative: true »"
    )


def _ligne_du_fichier(chemin, ligne: int) -> str:
    """Le texte écrit à une ligne du fichier : YAML a déjà défait « 50,63 » en deux nombres."""
    try:
        return Path(chemin).read_text(encoding="utf-8").splitlines()[ligne - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def _coordonnees_voulues(ecrit: str) -> tuple[float, float] | None:
    """Les deux nombres que voulait dire « [50,63, 3,06] » ou « ["50.63", "3.06"] », sinon None."""
    nombres = re.findall(r"-?\d+(?:[.,]\d+)?", ecrit)
    if len(nombres) != 2:
        return None
    latitude, longitude = (float(n.replace(",", ".")) for n in nombres)
    return latitude, longitude


def _verifier_commune(brut, code_postal, latitude, longitude, table, erreur, region):
    nom = str(brut["commune"])
    communes = table.trouver(nom)
    if not communes:
        suggestions = table.suggestions(nom, 3)
        aide = f"vouliez-vous dire « {suggestions[0].nom} » ? " if suggestions else ""
        erreur(
            "commune",
            f"commune « {nom} » introuvable dans la {region.libelle}",
            f"{aide}écrivez le nom officiel, comme dans {region.table} ; si la commune est dans un "
            "autre département, ajoutez-le au réglage POINTS_ACCUEIL['departements'] et relancez "
            "« python gestion.py communes »",
        )
        return
    avec_code = [c for c in communes if code_postal in c.codes_postaux]
    if not avec_code:
        codes = ", ".join(sorted({cp for c in communes for cp in c.codes_postaux}))
        erreur(
            "code_postal",
            f"le code postal {code_postal} n'est pas celui de {communes[0].nom} ({codes})",
            "corrigez le code postal ou la commune",
        )
        return
    commune = avec_code[0]
    if commune.nom != nom:
        erreur(
            "commune",
            f"commune écrite « {nom} » au lieu de « {commune.nom} »",
            "écrivez le nom officiel (accents, tirets)",
            AVERTISSEMENT,
        )
    ecart = distance_km(latitude, longitude, commune.latitude, commune.longitude)
    if ecart > ECART_COMMUNE_KM and latitude:
        erreur(
            "coordonnees",
            f"position à {ecart:.0f} km du centre de {commune.nom}",
            "vérifiez les coordonnées (ou la commune)",
            AVERTISSEMENT,
        )
