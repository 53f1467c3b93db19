"""Chiffres clés : séries par année et par territoire (`data/chiffres.yml`), graphiques SVG, accueil.

- `chargement` : lecture et validation (fichier, ligne, message en français) ;
- `modeles` : séries, valeurs (une valeur absente de la source reste absente), formatage ;
- `graphiques` : SVG accessibles dessinés par pygal au build ;
- `generateur` : contexte des gabarits (`CHIFFRES_RUBRIQUES`, `CHIFFRES_ACCUEIL`) et fichiers SVG.

La page qui montre les graphiques est une page Markdown ordinaire avec « Template: chiffres ».
"""

from __future__ import annotations

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .donnees import charger_donnees


def verifier(settings):
    """Pour `make check` : problèmes de data/chiffres.yml."""
    _chiffres, problemes = charger_donnees(settings)
    return problemes


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.lire(pelican.settings)


def fournir_generateur(pelican):
    if not actif(pelican.settings):
        return None
    from .generateur import GenerateurChiffres

    return GenerateurChiffres


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier"]
