"""Carte folium rendue en morceaux pour le thème : liens des bibliothèques, `<div>`, script externe.

Le script a deux parties :
- le fond (carte, tuiles, cadre), rendu par folium dans `carte_folium.py` à partir des réglages
  et des bornes des points seulement ;
- le reste, ajouté ici sans folium ni gabarit : nos fonctions (`FONCTIONS_JS`), qui créent la
  grappe (Leaflet.markercluster), la localisation (Leaflet.Locate), les sous-groupes et la légende,
  et un appel qui leur passe les territoires et les points en JSON.
Le fond est gardé dans un cache sur disque (sous CACHE_PATH), clé = empreinte des réglages de la
carte, des bornes, du code de la carte et des versions de folium, branca et Jinja : un build qui le
retrouve n'importe pas folium (plus d'un tiers de seconde), même si des points ont changé à
l'intérieur du cadre ; sinon il est rendu dans le build, au moment d'écrire la page.
Le cache suit les réglages du cache de Pelican : écrit si CACHE_CONTENT, relu si
LOAD_CONTENT_CACHE (la publication redessine donc toujours le fond).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from socle.ecriture import ecrire_atomiquement

from .fermetures import Annonce
from .modeles import Point, Referentiel

logger = logging.getLogger(__name__)

# Bibliothèques copiées par scripts/bibliotheques_carte.py, relatives au dossier statique du thème.
VENDOR = {
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "markercluster_js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "markercluster_css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "markercluster_default_css": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    "subgroup_js": "vendor/leaflet.featuregroup.subgroup/leaflet.featuregroup.subgroup.js",
    "locate_js": "vendor/leaflet.locatecontrol/L.Control.Locate.min.js",
    "locate_css": "vendor/leaflet.locatecontrol/L.Control.Locate.min.css",
}
MODULE_RENDU = Path(__file__).with_name("carte_folium.py")
SOUS_DOSSIER_CACHE = "points_accueil"
CARTES_GARDEES = 8  # au-delà, les fonds les plus anciens du cache sont effacés
NOM_CARTE = "carte_points_accueil"  # variable JavaScript de la carte (nommée par carte_folium) et id du <div>


def json_sur(valeur) -> str:
    """JSON sans `<`, `>` ni `&` bruts : inoffensif même recopié dans une page HTML."""
    texte = json.dumps(valeur, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Nos fonctions, ajoutées après le script de folium sans passer par aucun gabarit : ni elles
# ni les données ne sont jamais lues par Jinja (branca relit comme gabarit tout ce que rend une
# macro : un `{{ 7*7 }}` dans un nom de structure y devenait `49`, et pire).
FONCTIONS_JS = r"""
function pointsEchapper(texte) {
    var entites = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
    return String(texte).replace(/[&<>"']/g, function (c) { return entites[c]; });
}
// Grappe et localisation : appelées ici plutôt que par folium.plugins, dont l'import (une
// quarantaine de modules et leurs gabarits) coûtait 80 ms de processeur à chaque build à froid.
function pointsCarte(carte, donnees) {
    var grappe = L.markerClusterGroup({showCoverageOnHover: false, spiderfyDistanceMultiplier: 2})
        .addTo(carte);
    L.control.locate({flyTo: true, strings: {
        title: "Me localiser sur la carte",
        popup: "Vous êtes à moins de {distance} {unit} de ce point",
        outsideMapBoundsMsg: "Vous semblez être hors de la zone de la carte",
        metersUnit: "mètres",
        feetUnit: "pieds"
    }}).addTo(carte);
    var couches = {};
    donnees.territoires.forEach(function (t) {
        var classe = "pa-t-" + t.slug;
        var groupe = L.featureGroup.subGroup(grappe).addTo(carte);
        pointsMarqueurs(groupe, t.points, classe);
        // Leaflet affiche le nom des couches en HTML : le libellé est échappé ici.
        couches['<span class="pa-pastille ' + classe + '"></span> ' + pointsEchapper(t.libelle)] = groupe;
    });
    // Légende dépliée sur grand écran ; repliée (bouton) sur un téléphone, où elle cacherait la carte.
    L.control.layers(null, couches, {collapsed: window.matchMedia("(max-width: 40rem)").matches})
        .addTo(carte);
}
function pointsMarqueurs(groupe, points, classe) {
    points.forEach(function (p) {
        // Un point fermé ce jour-là garde son marqueur, barré, et le dit dans son nom.
        var nom = p.ferme ? p.structure + " (fermé en ce moment)" : p.structure;
        var icone = L.divIcon({className: "pa-marqueur " + classe + (p.ferme ? " pa-marqueur--ferme" : ""),
                               iconSize: [32, 32], iconAnchor: [16, 16], popupAnchor: [0, -14]});
        var marqueur = L.marker([p.lat, p.lon], {icon: icone, title: nom, alt: nom, riseOnHover: true});
        marqueur.bindPopup(function () { return pointsBulle(p); });
        marqueur.pointId = p.id;
        marqueur.addTo(groupe);
    });
}
function pointsBulle(p) {
    var bulle = document.createElement("div");
    function ligne(balise, texte, classe) {
        var e = document.createElement(balise);
        e.textContent = texte;
        if (classe) { e.className = classe; }
        bulle.appendChild(e);
        return e;
    }
    ligne("strong", p.structure, "pa-bulle__titre");
    (p.fermetures || []).forEach(function (texte) {
        ligne("span", texte, "pa-fermeture" + (p.ferme ? " pa-fermeture--en-cours" : ""));
    });
    ligne("span", p.type, "pa-bulle__type");
    ligne("span", p.adresse + (p.approx ? " (position approximative)" : ""));
    ligne("span", p.accueil);
    if (p.contact) { ligne("span", "Contact : " + p.contact); }
    var liens = ligne("span", "", "pa-bulle__liens");
    var itineraire = document.createElement("a");
    itineraire.href = "https://www.openstreetmap.org/directions?route=%3B" + p.lat + "%2C" + p.lon
        + "#map=15/" + p.lat + "/" + p.lon;
    itineraire.textContent = "Itinéraire";
    itineraire.rel = "noopener";
    var fiche = document.createElement("a");
    fiche.href = p.lien;
    fiche.textContent = "Détails dans la liste";
    liens.appendChild(itineraire);
    liens.appendChild(document.createTextNode(" · "));
    liens.appendChild(fiche);
    return bulle;
}
"""


@dataclass(frozen=True)
class PartiesCarte:
    """Ce que le gabarit place dans la page : feuilles de style, scripts, id du `<div>`, script."""

    css: tuple[str, ...]
    js: tuple[str, ...]
    id_div: str
    script: str


def donnees_marqueur(point: Point, lien_liste: str, annonce: Annonce | None = None) -> dict:
    """Champs d'une bulle, en texte brut (le script ne les insère qu'avec textContent).

    `annonce` : les fermetures à dire (« Fermé du … au … ») ; un point fermé ce jour-là a sa marque.
    """
    fermeture = {"fermetures": list(annonce.textes), "ferme": annonce.ferme} if annonce else {}
    return {
        **fermeture,
        "id": point.id,
        "structure": point.structure,
        "type": point.type.libelle,
        "adresse": point.adresse_complete,
        "accueil": point.accueil.libelle,
        "approx": point.position_approximative,
        "contact": point.contact_public,
        "lat": point.latitude,
        "lon": point.longitude,
        "lien": f"{lien_liste}#{point.id}",
    }


def plan_carte(
    points: list[Point],
    referentiel: Referentiel,
    options: dict,
    url_statique: str,
    lien_liste: str,
    annonces: dict[str, Annonce] | None = None,
) -> dict:
    """Tout ce dont dépend la carte des points actifs, en données JSON (et clé de son cache)."""
    actifs = [p for p in points if p.actif]
    annonces = annonces or {}
    territoires = []
    for territoire in referentiel.territoires:
        du_territoire = [
            donnees_marqueur(p, lien_liste, annonces.get(p.id))
            for p in actifs
            if p.territoire.slug == territoire.slug
        ]
        if du_territoire:
            territoires.append(
                {"slug": territoire.slug, "libelle": territoire.libelle, "points": du_territoire}
            )
    bornes = None
    if actifs:
        bornes = [
            [min(p.latitude for p in actifs), min(p.longitude for p in actifs)],
            [max(p.latitude for p in actifs), max(p.longitude for p in actifs)],
        ]
    return {
        "tuiles": options["tuiles"],
        "attribution": options["attribution"],
        "zoom_max": options["zoom_max"],
        "bibliotheques": {cle: f"{url_statique}/{chemin}" for cle, chemin in VENDOR.items()},
        "territoires": territoires,
        "bornes": bornes,
    }


def fond_de_carte(plan: dict) -> dict:
    """Ce que folium dessine (réglages et bornes, sans les points) : la clé du cache."""
    return {cle: plan[cle] for cle in ("tuiles", "attribution", "zoom_max", "bornes")}


def assembler(plan: dict, fond: str) -> PartiesCarte:
    """Les parties de la carte : le script du fond, puis nos fonctions et les points en JSON."""
    bibliotheques = plan["bibliotheques"]  # dans l'ordre de VENDOR, qui est celui du chargement
    appel = f"pointsCarte({NOM_CARTE}, {json_sur({'territoires': plan['territoires']})});\n"
    return PartiesCarte(
        css=tuple(url for cle, url in bibliotheques.items() if cle.endswith("_css")),
        js=tuple(url for cle, url in bibliotheques.items() if cle.endswith("_js")),
        id_div=NOM_CARTE,
        script=fond + FONCTIONS_JS.lstrip() + appel,
    )


def rendre_fond(plan: dict) -> str:
    """Le script du fond, rendu par folium dans ce processus (importé à la première carte seulement)."""
    from .carte_folium import rendre

    return rendre(fond_de_carte(plan))


def rendre_ici(plan: dict) -> PartiesCarte:
    """La carte entière, rendue dans ce processus, sans cache."""
    return assembler(plan, rendre_fond(plan))


def _version(paquet: str) -> str:
    try:
        return metadata.version(paquet)
    except metadata.PackageNotFoundError:
        return "absent"


def empreinte(fond_json: bytes) -> str:
    """SHA-256 de tout ce dont dépend le fond rendu : réglages et bornes, code, versions, Python."""
    somme = hashlib.sha256(fond_json + b"\0")
    for source in (Path(__file__), MODULE_RENDU):
        somme.update(source.read_bytes() + b"\0")
    versions = [_version(p) for p in ("folium", "branca", "jinja2")] + [sys.version.split()[0]]
    somme.update("\0".join(versions).encode())
    return somme.hexdigest()


class PreparationCarte:
    """La carte d'un build : fond lu dans le cache, sinon rendu ici, par `resultat()`.

    `cache` : dossier du cache (None : ni lecture ni écriture) ; `relire` : le lire ou non.
    """

    def __init__(self, plan: dict, cache: str | os.PathLike | None, *, relire: bool = True):
        self.plan = plan
        self.parties: PartiesCarte | None = None
        self._cle = self._fichier = None
        try:
            fond_json = json.dumps(fond_de_carte(plan), ensure_ascii=True, sort_keys=True).encode("ascii")
        except (TypeError, ValueError):
            return  # réglage qui n'est pas du JSON : rendu ici, sans cache, où folium en jugera
        if cache:
            try:
                self._cle = empreinte(fond_json)
            except OSError:
                return
            self._fichier = Path(cache) / SOUS_DOSSIER_CACHE / f"carte-{self._cle}.json"
            if relire:
                fond = self._lire_cache()
                if fond is not None:
                    self.parties = assembler(plan, fond)

    def _lire_cache(self) -> str | None:
        """Le fond du cache, ou None s'il est absent ou illisible (il sera rendu de nouveau)."""
        try:
            contenu = json.loads(self._fichier.read_text(encoding="utf-8"))
            if contenu.get("empreinte") == self._cle and isinstance(contenu.get("fond"), str):
                return contenu["fond"]
        except (OSError, ValueError, AttributeError):
            return None
        return None

    def resultat(self) -> PartiesCarte:
        """Les parties de la carte (fond rendu ici si le cache ne l'avait pas)."""
        if self.parties is None:
            fond = rendre_fond(self.plan)
            self.parties = assembler(self.plan, fond)
            self._ecrire_cache(fond)
        return self.parties

    def _ecrire_cache(self, fond: str) -> None:
        if self._fichier is None:
            return
        contenu = {"empreinte": self._cle, "fond": fond}
        try:
            # Écriture atomique : un build concurrent lit l'ancien fond ou le nouveau, jamais un morceau.
            ecrire_atomiquement(self._fichier, json.dumps(contenu, ensure_ascii=False).encode("utf-8"))
            anciens = sorted(
                self._fichier.parent.glob("carte-*.json"), key=lambda f: f.stat().st_mtime, reverse=True
            )
            for ancien in anciens[CARTES_GARDEES:]:
                ancien.unlink(missing_ok=True)
        except OSError as exc:
            logger.debug("carte des points d'accueil : cache non écrit (%s)", exc)
