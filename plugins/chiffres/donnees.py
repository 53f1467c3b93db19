"""Chargement des chiffres à partir des réglages du site (sans Pelican) : build et `make check`."""

from __future__ import annotations

import logging
from pathlib import Path

from socle import reglages as reglages_socle
from socle.erreurs import chemin_affiche

from . import reglages
from .chargement import charger_chiffres

logger = logging.getLogger(__name__)


def chemin_donnees(settings) -> Path:
    return reglages_socle.dossier_donnees(settings) / reglages.lire(settings)["fichier"]


def charger_donnees(settings):
    """(chiffres ou None, problèmes) du fichier réglé dans CHIFFRES["fichier"].

    Un site sans ce fichier n'a simplement pas de chiffres (la page d'accueil reprend alors
    ceux de data/association.yml) : ce n'est pas une erreur.
    """
    chemin = chemin_donnees(settings)
    if not chemin.exists():
        logger.info("Chiffres : pas de fichier %s, pas de graphiques", chemin)
        return None, []
    return charger_chiffres(chemin, chemin_affiche(chemin, reglages_socle.racine_projet(settings)))
