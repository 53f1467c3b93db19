"""Catalogue de formations (modules, sessions) et agenda : données YAML, pages, calendriers.

L'API de la lettre d'information est dans `formations.a_venir`.
"""

from __future__ import annotations

from pelican import signals

from . import reglages
from .donnees import charger_donnees


def verifier(settings):
    """Pour `make check` : problèmes du catalogue et de l'agenda."""
    _catalogue, _agenda, problemes = charger_donnees(settings)
    return problemes


def actif(settings) -> bool:
    """Le plugin est-il dans PLUGINS de ce build ?

    Les signaux de Pelican sont globaux : un plugin enregistré par un build reste branché pour
    les builds suivants du même processus (tests, `pelican -r`), même s'ils ne le listent pas.
    """
    noms = (p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or [])
    return __name__ in noms


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


__all__ = ["register", "verifier"]
