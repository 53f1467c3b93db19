"""Fichiers de données produits au build : JSON de recherche compact, GeoJSON, pages par initiale."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .communes import TableCommunes
from .distances import OuvertsPuisFermes, formater_km
from .fermetures import Annonce
from .modeles import Commune, Point, Proche


def json_recherche(
    points: list[Point], table: TableCommunes, nombre: int, annonces: dict[str, Annonce] | None = None
) -> str:
    """Données de « Trouver le point d'accueil le plus proche », aussi petites que possible.

    p : [id, structure, commune, latitude, longitude, comment être reçu, horaires, téléphone,
         téléphone international, lien de rendez-vous] des points actifs (textes vides si inconnus :
         la page prend alors le numéro de l'association), suivis, pour un point qui a une fermeture
         à annoncer, de [textes « Fermé du … au … », 1 s'il est fermé le jour du build, sinon 0] ;
    c : [nom, codes postaux séparés par des espaces, latitude, longitude, 1 si approximative].
    Le script n'insère ces textes qu'avec textContent : aucun HTML n'est interprété.
    """
    annonces = annonces or {}
    donnees = {
        "n": nombre,
        "p": [
            [
                p.id,
                p.structure,
                p.commune,
                p.latitude,
                p.longitude,
                f"{p.accueil.libelle} {p.precisions}".strip(),
                p.horaires,
                p.telephone,
                p.telephone_international,
                p.rendez_vous,
                *_annonce_json(annonces.get(p.id)),
            ]
            for p in points
            if p.actif
        ],
        "c": [
            [c.nom, " ".join(c.codes_postaux), c.latitude, c.longitude, int(c.approximative)]
            for _cle, c in table.alphabetique
        ],
    }
    texte = json.dumps(donnees, ensure_ascii=False, separators=(",", ":"))
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _annonce_json(annonce: Annonce | None) -> list:
    """Rien pour un point sans fermeture à dire (le fichier reste petit)."""
    return [list(annonce.textes), int(annonce.ferme)] if annonce else []


def geojson(points: list[Point], url_page: str, licence: str, jour=None) -> str:
    """Les points actifs en GeoJSON (RFC 7946 : [longitude, latitude]), pour uMap ou QGIS ;
    `jour` (date du build) : les fermetures qui ne sont pas encore finies, dates ISO."""
    entites = []
    for p in points:
        if not p.actif:
            continue
        proprietes = {
            "id": p.id,
            "structure": p.structure,
            "type": p.type.slug,
            "type_libelle": p.type.libelle,
            "territoire": p.territoire.slug,
            "territoire_libelle": p.territoire.libelle,
            "commune": p.commune,
            "code_postal": p.code_postal,
            "adresse": p.adresse,
            "accueil": p.accueil.libelle,
            "precisions": p.precisions,
            # Comment prendre rendez-vous, comme sur la fiche (textes vides si inconnus).
            "horaires": p.horaires,
            "telephone": p.telephone,
            "rendez_vous": p.rendez_vous,
            "services": list(p.services),
            "position_approximative": p.position_approximative,
            "fermetures": [
                {"du": f.du.isoformat(), "au": f.au.isoformat(), "motif": f.motif}
                for f in p.fermetures
                if jour is None or f.au >= jour
            ],
            "url": f"{url_page}#{p.id}",
        }
        if p.contact_public:
            proprietes["contact"] = p.contact_public
        entites.append(
            {
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": proprietes,
            }
        )
    collection = {"type": "FeatureCollection", "licence": licence, "features": entites}
    return json.dumps(collection, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@dataclass(frozen=True)
class CommuneProche:
    """Une commune et ses points d'accueil les plus proches, pour les pages sans JavaScript."""

    commune: Commune
    proches: tuple[Proche, ...]
    # Ancre de la section : le code INSEE, suivi d'un rang quand une commune nouvelle garde
    # sous le même code le nom d'une commune déléguée (Téteghem, Téteghem-Coudekerque-Village).
    ancre: str = ""
    # Points fermés le jour du build, plus près que le dernier des `proches` : cités après eux.
    fermes_plus_pres: tuple[Proche, ...] = ()

    @cached_property
    def distances(self) -> tuple[str, ...]:
        # Lu une fois par point dans le gabarit : calculé une seule fois.
        return tuple(formater_km(p.distance_km) for p in self.proches)

    @cached_property
    def distances_fermes(self) -> tuple[str, ...]:
        return tuple(formater_km(p.distance_km) for p in self.fermes_plus_pres)


def communes_par_initiale(
    points: list[Point], table: TableCommunes, nombre: int, fermes: frozenset[str] = frozenset()
) -> dict[str, list[CommuneProche]]:
    """Initiale (a–z) → toutes les communes de la zone desservie, triées par nom, chacune avec ses
    points actifs les plus proches, si loin soient-ils : chaque commune a sa réponse sans JavaScript.

    `fermes` : identifiants des points fermés le jour du build, jamais proposés comme les plus
    proches, mais cités après eux s'ils sont plus près (`distances.OuvertsPuisFermes`).
    """
    groupes = defaultdict(list)
    voisinage = OuvertsPuisFermes(points, fermes)
    vus: dict[str, int] = defaultdict(int)
    for cle, commune in table.alphabetique:
        proches, plus_pres = voisinage.plus_proches(commune.latitude, commune.longitude, nombre)
        if proches or plus_pres:
            vus[commune.code_insee] += 1
            rang = vus[commune.code_insee]
            ancre = commune.code_insee if rang == 1 else f"{commune.code_insee}-{rang}"
            groupes[cle[:1] or "#"].append(CommuneProche(commune, tuple(proches), ancre, tuple(plus_pres)))
    return dict(sorted(groupes.items()))
