"""La Lettre d'infos : un numéro trimestriel par fichier Markdown, en PDF A4 de deux pages et en page web.

- `lecture` : lecture et validation des numéros (`content/lettre-infos/<numéro>.md`) ;
- `modeles` : le numéro, et les numéros d'une période (annonce dans la lettre de quinzaine) ;
- `pdf` : composition WeasyPrint (PDF/UA balisé), contrôle des deux pages, cache dans CACHE_PATH ;
- `generateur` : pages des numéros, liste /lettre-infos/, flux Atom, fichiers PDF ;
- `commandes` : `python gestion.py lettre-infos apercu` (PDF et PNG dans captures/).
"""

from __future__ import annotations

from pelican import signals

from socle.reglages import plugin_actif

from . import reglages
from .commandes import ajouter_commandes


def nouveau_generateur(settings, context=None):
    """Un générateur hors build (pour `make check` et le banc), avec le thème du site."""
    from .generateur import GenerateurLettreInfos

    contexte = dict(settings) if context is None else context
    return GenerateurLettreInfos(
        contexte, settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"]
    )


def verifier(settings):
    """Pour `make check` : numéros lisibles, et chaque PDF tient dans ses pages (composé ou repris du cache)."""
    return nouveau_generateur(settings).preparer()


def adresses(settings) -> list[str]:
    """Adresses que le plugin écrit (socle.liens : menu et liens suivent PLUGINS)."""
    return [reglages.lire(settings)["url"]]


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.lire(pelican.settings)


def fournir_generateur(pelican):
    if not actif(pelican.settings):
        return None
    from .generateur import GenerateurLettreInfos

    return GenerateurLettreInfos


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier", "adresses", "ajouter_commandes"]
