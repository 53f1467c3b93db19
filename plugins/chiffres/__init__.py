"""Chiffres clés : séries par année et par territoire (`data/chiffres.yml`), graphiques SVG, accueil.

- `chargement` : lecture et validation (fichier, ligne, message en français) ;
- `modeles` : séries, valeurs (une valeur absente de la source reste absente), formatage ;
- `graphiques` : SVG accessibles dessinés par pygal au build ;
- `generateur` : contexte des gabarits (`CHIFFRES_RUBRIQUES`, `CHIFFRES_ACCUEIL`) et fichiers SVG.

La page qui montre les graphiques est une page Markdown ordinaire (slug réglé par
CHIFFRES["page"]) : le plugin lui donne le gabarit `chiffres` du thème ; sans lui, ou avec un
autre thème, elle reste une page de texte.
"""

from __future__ import annotations

import logging

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .donnees import charger_donnees, chemin_donnees

logger = logging.getLogger(__name__)


def verifier(settings):
    """Pour `make check` : problèmes de data/chiffres.yml."""
    _chiffres, problemes = charger_donnees(settings)
    return problemes


def adresses(settings) -> list[str]:
    """Adresses que le plugin écrit (socle.liens) ; la page des chiffres est une page de Pelican."""
    return [reglages.lire(settings)["dossier_graphiques"]]


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


def choisir_gabarit(generateur) -> None:
    """Signal `page_generator_finalized` : la page des chiffres prend le gabarit des graphiques."""
    if not actif(generateur.settings) or not chemin_donnees(generateur.settings).exists():
        return  # plugin inactif, ou pas de data/chiffres.yml : la page reste une page ordinaire
    options = reglages.lire(generateur.settings)
    for page in generateur.pages:
        if page.slug == options["page"]:
            page.template = options["gabarit"]
            generateur.context["CHIFFRES_URL"] = page.url
            return
    logger.warning(
        "Chiffres : aucune page de slug « %s » : les graphiques ne sont montrés nulle part "
        "(créez content/pages/%s.md, ou réglez CHIFFRES['page'])",
        options["page"],
        options["page"],
    )


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)
    signals.page_generator_finalized.connect(choisir_gabarit)


__all__ = ["register", "verifier", "adresses"]
