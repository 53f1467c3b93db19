"""Socle commun : identité de l'association, dates françaises, erreurs en français, pages de base.

Les autres plugins s'appuient sur `socle.erreurs`, `socle.sources_yaml` et `socle.reglages`.
"""

from __future__ import annotations

from pelican import signals

from . import reglages
from .dates import FILTRES
from .erreurs import chemin_affiche
from .generateur import GenerateurSocle, charger_identite
from .plan_du_site import ecrire_plan_du_site


def ajouter_filtres(generateur) -> None:
    generateur.env.filters.update(FILTRES)


def fournir_generateur(_pelican):
    return GenerateurSocle


def valider_reglages(pelican) -> None:
    reglages.lire(pelican.settings)  # lève tout de suite sur une clé mal orthographiée


def verifier(settings):
    """Pour `make check` : problèmes du fichier d'identité."""
    _association, problemes = charger_identite(settings)
    return problemes


def register():
    signals.initialized.connect(valider_reglages)
    signals.generator_init.connect(ajouter_filtres)
    signals.get_generators.connect(fournir_generateur)
    signals.finalized.connect(ecrire_plan_du_site)


__all__ = ["register", "verifier", "chemin_affiche"]
