"""Éditeur en ligne `/admin/` (Decap CMS, auto-hébergé) : le personnel publie depuis un navigateur.

Il écrit les mêmes fichiers que les commandes (en-têtes « Clé: valeur » des actualités, YAML de
`data/` avec sa mise en page et ses commentaires) et refuse ce que `make check` refuserait, à
partir des règles que `regles.py` tire des chargeurs. Voir docs/publier.md.
"""

from __future__ import annotations

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .commandes import ajouter_commandes
from .generateur import GenerateurEditeur


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.valider(pelican.settings)


def verifier(settings):
    """Pour `make check` : les réglages de l'éditeur (lève ValueError, en français, s'ils sont faux)."""
    reglages.valider(settings)
    return []


def fournir_generateur(pelican):
    return GenerateurEditeur if actif(pelican.settings) else None


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "ajouter_commandes"]
