"""Socle commun : identité de l'association, dates françaises, erreurs en français, pages de base.

Les autres plugins s'appuient sur `socle.erreurs`, `socle.sources_yaml` et `socle.reglages`.
"""

from __future__ import annotations

from pelican import signals

from . import reglages
from .adresses_uniques import EcrivainAdressesUniques
from .commandes import ajouter_commandes
from .dates import FILTRES
from .erreurs import chemin_affiche
from .gabarits import partager_compilation
from .generateur import GenerateurSocle, charger_identite, fichier_identite_affiche
from .images import reduire_images_publiees, verifier_images
from .liens import problemes_liens
from .nouveau_site import a_completer
from .plan_du_site import ecrire_plan_du_site


def preparer_environnement(generateur) -> None:
    """Filtres de dates françaises et compilation des gabarits partagée (socle.gabarits)."""
    generateur.env.filters.update(FILTRES)
    partager_compilation(generateur)


def fournir_generateur(_pelican):
    return GenerateurSocle


def fournir_ecrivain(_pelican):
    """L'écrivain de Pelican, qui nomme en français deux sources à la même adresse (socle.adresses)."""
    return EcrivainAdressesUniques


def valider_reglages(pelican) -> None:
    reglages.lire(pelican.settings)  # lève tout de suite sur une clé mal orthographiée


def verifier(settings):
    """Pour `make check` : fichier d'identité, liens vers des pages non écrites, images trop grandes ;
    en publication, les valeurs d'exemple du modèle de site encore présentes."""
    association, problemes = charger_identite(settings)
    problemes = problemes + verifier_images(settings)
    if reglages.est_strict(settings):
        problemes += a_completer(settings)
    if association is None:
        return problemes
    return problemes + problemes_liens(settings, association, fichier_identite_affiche(settings))


def apres_publication(settings) -> list[str]:
    """Après `gestion.py construire --publication` réussi : ce qui reste « À COMPLÉTER » (rappel)."""
    return [f"⚠ {probleme}" for probleme in a_completer(settings)]


def register():
    signals.initialized.connect(valider_reglages)
    signals.generator_init.connect(preparer_environnement)
    signals.get_generators.connect(fournir_generateur)
    signals.get_writer.connect(fournir_ecrivain)
    signals.finalized.connect(ecrire_plan_du_site)
    signals.finalized.connect(reduire_images_publiees)


__all__ = ["register", "verifier", "chemin_affiche", "ajouter_commandes"]
