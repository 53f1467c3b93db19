"""Carte folium rendue en morceaux pour le thème : liens des bibliothèques, `<div>`, script externe.

Le rendu lui-même est dans `carte_folium.py` ; ici, sans importer folium :
- le plan de la carte : tout ce dont elle dépend, en données JSON (points actifs par territoire,
  cadre, tuiles, adresses des bibliothèques auto-hébergées) ;
- un cache sur disque (sous CACHE_PATH), clé = empreinte du plan, du code de la carte et des
  versions de folium, branca et Jinja : un build qui retrouve la même carte n'importe pas folium
  (plus d'une demi-seconde), sinon elle est rendue dans le build, au moment d'écrire sa page.
Le cache suit les réglages du cache de Pelican : écrit si CACHE_CONTENT, relu si
LOAD_CONTENT_CACHE (la publication reconstruit donc toujours la carte).
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
CARTES_GARDEES = 8  # au-delà, les cartes les plus anciennes du cache sont effacées


@dataclass(frozen=True)
class PartiesCarte:
    """Ce que le gabarit place dans la page : feuilles de style, scripts, id du `<div>`, script."""

    css: tuple[str, ...]
    js: tuple[str, ...]
    id_div: str
    script: str

    @classmethod
    def depuis_json(cls, valeur: dict) -> PartiesCarte:
        return cls(tuple(valeur["css"]), tuple(valeur["js"]), valeur["id_div"], valeur["script"])

    def en_json(self) -> dict:
        return {"css": list(self.css), "js": list(self.js), "id_div": self.id_div, "script": self.script}


def donnees_marqueur(point: Point, lien_liste: str) -> dict:
    """Champs d'une bulle, en texte brut (le script ne les insère qu'avec textContent)."""
    return {
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
    points: list[Point], referentiel: Referentiel, options: dict, url_statique: str, lien_liste: str
) -> dict:
    """Tout ce dont dépend la carte des points actifs, en données JSON (et clé de son cache)."""
    actifs = [p for p in points if p.actif]
    territoires = []
    for territoire in referentiel.territoires:
        du_territoire = [
            donnees_marqueur(p, lien_liste) for p in actifs if p.territoire.slug == territoire.slug
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


def rendre_ici(plan: dict) -> PartiesCarte:
    """Rendu folium dans ce processus (import de folium à la première carte seulement)."""
    from .carte_folium import rendre

    return PartiesCarte.depuis_json(rendre(plan))


def _version(paquet: str) -> str:
    try:
        return metadata.version(paquet)
    except metadata.PackageNotFoundError:
        return "absent"


def empreinte(plan_json: bytes) -> str:
    """SHA-256 de tout ce dont dépend la carte rendue : plan, code du rendu, versions, Python."""
    somme = hashlib.sha256(plan_json + b"\0")
    for source in (Path(__file__), MODULE_RENDU):
        somme.update(source.read_bytes() + b"\0")
    versions = [_version(p) for p in ("folium", "branca", "jinja2")] + [sys.version.split()[0]]
    somme.update("\0".join(versions).encode())
    return somme.hexdigest()


class PreparationCarte:
    """La carte d'un build : lue dans le cache, sinon rendue ici, par `resultat()`.

    `cache` : dossier du cache (None : ni lecture ni écriture) ; `relire` : le lire ou non.
    """

    def __init__(self, plan: dict, cache: str | os.PathLike | None, *, relire: bool = True):
        self.plan = plan
        self.parties: PartiesCarte | None = None
        self._cle = self._fichier = None
        try:
            self._plan_json = json.dumps(plan, ensure_ascii=True, sort_keys=True).encode("ascii")
        except (TypeError, ValueError):
            return  # réglage qui n'est pas du JSON : rendu ici, sans cache, où folium en jugera
        if cache:
            try:
                self._cle = empreinte(self._plan_json)
            except OSError:
                return
            self._fichier = Path(cache) / SOUS_DOSSIER_CACHE / f"carte-{self._cle}.json"
            if relire:
                self.parties = self._lire_cache()

    def _lire_cache(self) -> PartiesCarte | None:
        """La carte du cache, ou None si elle est absente ou illisible (elle sera rendue de nouveau)."""
        try:
            contenu = json.loads(self._fichier.read_text(encoding="utf-8"))
            if contenu.get("empreinte") == self._cle:
                return PartiesCarte.depuis_json(contenu["parties"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return None

    def resultat(self) -> PartiesCarte:
        """Les parties de la carte (rendue ici si le cache ne l'avait pas)."""
        if self.parties is None:
            self.parties = rendre_ici(self.plan)
            self._ecrire_cache()
        return self.parties

    def _ecrire_cache(self) -> None:
        if self._fichier is None:
            return
        contenu = {"empreinte": self._cle, "parties": self.parties.en_json()}
        try:
            # Écriture atomique : un build concurrent lit l'ancienne carte ou la nouvelle, jamais un morceau.
            ecrire_atomiquement(self._fichier, json.dumps(contenu, ensure_ascii=False).encode("utf-8"))
            anciennes = sorted(
                self._fichier.parent.glob("carte-*.json"), key=lambda f: f.stat().st_mtime, reverse=True
            )
            for ancienne in anciennes[CARTES_GARDEES:]:
                ancienne.unlink(missing_ok=True)
        except OSError as exc:
            logger.debug("carte des points d'accueil : cache non écrit (%s)", exc)
