"""Points d'accueil de proximité : données validées, carte folium auto-hébergée, « le plus proche ».

- données : `data/points-accueil.yml`, `data/points-accueil-referentiel.yml`,
  la table des communes des départements du réglage « departements »
  (produite par `python gestion.py communes`) ;
- sorties : `points-accueil/` (page, carte.js, recherche.json, points-accueil.geojson,
  communes/<initiale>/ sans JavaScript) ;
- `make check` appelle `verifier`, `gestion.py plus-proche COMMUNE` répond au téléphone.
"""

from __future__ import annotations

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .chargement import charger_tout
from .commandes import ajouter_commandes
from .generateur import GenerateurPointsAccueil


def verifier(settings):
    """Pour `make check` : tous les problèmes des données des points d'accueil."""
    reglages.lire(settings)
    return charger_tout(settings).problemes


def adresses(settings) -> list[str]:
    """Adresses que le plugin écrit (socle.liens : menu et liens suivent PLUGINS)."""
    return [reglages.lire(settings)["chemin"]]


def sources_csp(settings) -> dict:
    """Hôte des tuiles de la carte, seule requête vers un tiers (socle.securite)."""
    from socle.securite import origine

    return {"img-src": [origine(reglages.lire(settings)["tuiles"])]}


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.lire(pelican.settings)  # une clé mal orthographiée arrête tout de suite


def fournir_generateur(pelican):
    return GenerateurPointsAccueil if actif(pelican.settings) else None


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier", "ajouter_commandes", "adresses", "sources_csp"]
