"""Réglages du plugin points_accueil : valeurs par défaut, fusionnées avec `POINTS_ACCUEIL`."""

from __future__ import annotations

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Région desservie : codes des départements (« 13 », « 2A »…). La table des communes en
        # est produite par « python gestion.py communes » ; la zone et la carte en découlent.
        "departements": (),
        # Fichiers du dossier data/ ; table des communes vide = « communes-<départements>.csv ».
        "points": "points-accueil.yml",
        "referentiel": "points-accueil-referentiel.yml",
        "communes": "",
        # Adresse de la page (les autres fichiers sont rangés dessous)
        "chemin": "points-accueil/",
        # Serveur de tuiles : la seule requête vers un tiers, après le clic « Afficher la carte ».
        "tuiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": (
            '&copy; <a href="https://www.openstreetmap.org/copyright">les contributrices et '
            "contributeurs d'OpenStreetMap</a>"
        ),
        "zoom_max": 19,
        # Zone desservie {lat_min, lat_max, lon_min, lon_max} : un point hors de ce cadre est une
        # erreur de saisie. None = le cadre des communes de la table, avec une marge.
        "zone": None,
        # Nombre de points proposés par la recherche « le plus proche ».
        "resultats": 3,
        # Fermeture datée d'un point (« fermetures: ») : annoncée ce nombre de jours avant son début.
        "preavis_fermeture": 30,
        # Section « Trouver un point d'accueil » sur la page d'accueil.
        "section_accueil": True,
        # Textes des pages, de la section d'accueil, de la recherche et de « plus-proche ». Un site
        # qui appelle autrement ses points (« Structures adhérentes »…) les remplace ici.
        # {nom} : nom de l'association ; {nombre} : nombre de points ; {commune}, {code_postal} :
        # ceux d'un point ; {lieu}, {texte}, {code}, {n}, {initiale} : remplis à l'affichage.
        "textes": MappingProxyType(
            {
                "titre": "Points d'accueil de proximité",
                "description": (
                    "Où être reçu par {nom} près de chez vous : {nombre} points d'accueil, la carte "
                    "et le plus proche de votre commune."
                ),
                "chapeau": "{nom} vous reçoit près de chez vous, sur rendez-vous, dans {nombre} lieux partenaires.",
                "rendez_vous": "Trouvez le plus proche, puis prenez rendez-vous au",
                "rendez_vous_communes": "Prenez rendez-vous au",
                "titre_recherche": "Trouver le point d'accueil le plus proche",
                "exemple_recherche": (
                    "Par exemple : {commune}, ou {code_postal}. Les accents et les tirets sont facultatifs."
                ),
                "plus_proches": "Les {nombre} points d'accueil les plus proches de {lieu}",
                "plus_proche": "Le point d'accueil le plus proche de {lieu}",  # un seul proposé
                "aucune_commune": "Aucune commune de la zone desservie ne correspond à « {texte} ».",
                "suggestions_annonce": "{n} communes proposées sous le champ.",
                "suggestion_annonce_une": "Une commune proposée sous le champ.",
                "code_postal_partage": "Plusieurs communes ont le code postal {code} : choisissez la vôtre ci-dessous.",
                "titre_carte": "Carte des points d'accueil",
                # Une grappe de marqueurs, pour un lecteur d'écran ({n} : combien elle en regroupe).
                "grappe": "{n} points d'accueil ici : zoomer pour les voir",
                "sans_carte": "La liste ci-dessous donne tous les points d'accueil.",
                "titre_liste": "Tous les points d'accueil, par territoire",
                "comment_etre_recu": "Comment être reçu :",
                "horaires": "Horaires :",
                # Fermeture datée : {du}, {au} (dates en toutes lettres), {jour} si un seul jour ;
                # le motif suit entre parenthèses.
                "fermeture": "Fermé du {du} au {au}",
                "fermeture_jour": "Fermé le {jour}",
                # Après les points proposés : celui ou ceux, plus près, qui sont fermés ce jour-là.
                "ferme_plus_pres": "Plus près, mais fermé en ce moment :",
                "fermes_plus_pres": "Plus près, mais fermés en ce moment :",
                # plus-proche --le : fermé ce jour-là ({jour} : « lundi 28 décembre 2026 »).
                "ferme_plus_pres_le": "Plus près, mais fermé le {jour} :",
                "fermes_plus_pres_le": "Plus près, mais fermés le {jour} :",
                "prendre_rendez_vous": "Prendre rendez-vous :",
                "rendez_vous_en_ligne": "réserver en ligne",
                "donnees_ouvertes": "La liste des points d'accueil est disponible au format",
                "geojson": "Points d'accueil (GeoJSON)",
                "fil_ariane": "Points d'accueil",
                "titre_communes": "le point d'accueil le plus proche",
                "description_communes": (
                    "Pour chaque commune commençant par {initiale}, les points d'accueil de {nom} les plus proches."
                ),
                "accueil_titre": "Être reçu près de chez vous",
                "accueil_texte": "{nom} vous accueille sur rendez-vous dans {nombre} points d'accueil de proximité.",
                "accueil_bouton": "Trouver un point d'accueil près de chez vous",
            }
        ),
    }
)
# Marge autour du cadre des communes (degrés, une dizaine de kilomètres) pour la zone desservie.
MARGE_ZONE = 0.1


class _Champs(dict):
    """Pour `str.format_map` : un champ inconnu reste tel quel (rempli plus tard, à l'affichage)."""

    def __missing__(self, cle):
        return "{" + cle + "}"


def lire(settings) -> dict:
    """Réglages complets ; lève ValueError sur une clé inconnue."""
    options = fusionner(settings, "POINTS_ACCUEIL", DEFAUTS)
    departements = [str(d) for d in options["departements"] or ()]
    options["departements"] = tuple(departements)
    if not options["communes"]:
        options["communes"] = "-".join(["communes", *departements]) + ".csv"
    preavis = options["preavis_fermeture"]
    if isinstance(preavis, bool) or not isinstance(preavis, int) or preavis < 0:
        raise ValueError(
            "Réglage POINTS_ACCUEIL['preavis_fermeture'] : un nombre de jours, 0 ou plus "
            f"(trouvé : {preavis!r})"
        )
    return options


def remplir_textes(textes, **champs) -> dict:
    """Les textes avec {nom}, {nombre}… remplacés ; les autres champs restent pour l'affichage."""
    return {cle: str(texte).format_map(_Champs(champs)) for cle, texte in textes.items()}


def zone_des_communes(communes) -> dict | None:
    """Le cadre des communes de la table, avec une marge ; None sans table."""
    if not communes:
        return None
    latitudes = [c.latitude for c in communes]
    longitudes = [c.longitude for c in communes]
    return {
        "lat_min": round(min(latitudes) - MARGE_ZONE, 2),
        "lat_max": round(max(latitudes) + MARGE_ZONE, 2),
        "lon_min": round(min(longitudes) - MARGE_ZONE, 2),
        "lon_max": round(max(longitudes) + MARGE_ZONE, 2),
    }
