"""Catalogue de formations (modules, sessions) et agenda : données YAML, pages, calendriers.

L'API de la lettre d'information est dans `formations.a_venir`.
"""

from __future__ import annotations

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .donnees import charger_donnees


def verifier(settings):
    """Pour `make check` : problèmes du catalogue et de l'agenda."""
    _catalogue, _agenda, problemes = charger_donnees(settings)
    return problemes


def adresses(settings) -> list[str]:
    """Adresses que le plugin écrit (socle.liens : menu et liens suivent PLUGINS)."""
    options = reglages.lire(settings)
    return [options["url_formations"], options["url_agenda"], options["dossier_calendriers"]]


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.lire(pelican.settings)  # lève tout de suite sur une clé mal orthographiée


def fournir_generateur(pelican):
    if not actif(pelican.settings):
        return None
    from .generateur import GenerateurFormations

    return GenerateurFormations


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier", "adresses"]
