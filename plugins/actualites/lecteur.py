"""Lecteur Markdown qui garde la même instance de `Markdown` pour tout le build.

Le lecteur de Pelican crée un `Markdown(**MARKDOWN)` neuf pour chaque fichier : charger les
extensions (`extra` en regroupe huit) coûte à lui seul environ un tiers de la conversion d'une
actualité courte. Python-Markdown prévoit `reset()` pour réutiliser une instance (Pelican s'en sert
déjà pour le résumé) : on fait de même pour le corps, ce qui donne le même HTML.

Les en-têtes (« Title: … ») ne sont pas lus par l'extension `meta` de Python-Markdown mais par
`entetes.lire_entete`, celui de la vérification : ce que `make check` accepte, le build le lit
(« Title : … » avec une espace avant les deux-points compris). Seul le corps passe par Markdown.

Ce que l'assainissement retire du HTML rendu est signalé ici, au moment où le fichier est lu (fichier
et ligne) : la vérification d'avant build ne refait pas la conversion ; `make check`, lui, la fait.
Chaque tableau est ensuite mis dans un cadre qui défile (`socle.tableaux`).
"""

from __future__ import annotations

import logging

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from socle import reglages as reglages_socle
from socle.assainissement import assainir
from socle.entetes import lire_entete
from socle.erreurs import chemin_affiche, signaler
from socle.markdown_site import convertisseur
from socle.tableaux import envelopper_tableaux

from .html_retire import problemes_retires

logger = logging.getLogger(__name__)


class LecteurMarkdown(MarkdownReader):
    """`MarkdownReader` de Pelican, avec une instance de `Markdown` réutilisée d'un fichier à l'autre."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.convertisseur = None

    def markdown(self) -> Markdown:
        if self.convertisseur is None:
            # Les en-têtes sont lus par `entetes.lire_entete`, comme pour la vérification.
            self.convertisseur = convertisseur(self.settings)
        return self.convertisseur

    def read(self, source_path):
        """Contenu HTML et métadonnées d'un fichier Markdown (même résultat que Pelican)."""
        contenu, brutes = self.convertir(source_path)
        return contenu, self.metadonnees(brutes)

    def convertir(self, source_path) -> tuple[str, dict]:
        """La partie coûteuse de la lecture, sans effet de bord.

        Rend le HTML du corps et les métadonnées brutes (nom en minuscules → liste de lignes), les
        champs formatés (FORMATTED_FIELDS, comme le résumé) déjà convertis en HTML. Tout HTML rendu
        est assaini (`socle.assainissement`) : ce qu'il retire, la vérification le signale.
        """
        md = self.markdown()
        with pelican_open(source_path) as texte:
            entete = lire_entete(texte)
        md.reset()
        rendu = md.convert(entete.corps)
        formates = self.settings["FORMATTED_FIELDS"]
        brutes, rendus = {}, {}
        for nom, valeur in entete.valeurs.items():
            if nom in formates:
                md.reset()
                rendus[nom] = md.convert(valeur[0])
                brutes[nom] = assainir(rendus[nom])
            else:
                brutes[nom] = valeur
        contenu = assainir(rendu)
        # Le détail de ce qui est retiré ne se calcule que si l'assainissement a changé quelque chose.
        corps_change = rendu if contenu != rendu else ""
        resume_change = rendus.get("summary", "") if brutes.get("summary") != rendus.get("summary") else ""
        if corps_change or resume_change:
            affiche = chemin_affiche(source_path, reglages_socle.racine_projet(self.settings))
            signaler(problemes_retires(entete, affiche, corps_change, resume_change), False)
        # Sur un téléphone, un tableau large défile dans son cadre, pas toute la page.
        return envelopper_tableaux(contenu), brutes

    def metadonnees(self, brutes: dict) -> dict:
        """Les métadonnées typées (dates, mots-clés…), comme le lecteur Markdown de Pelican.

        Un champ répété : la première ligne compte, comme pour la vérification (qui le signale).
        """
        formates = self.settings["FORMATTED_FIELDS"]
        return {
            nom: self.process_metadata(nom, valeur if nom in formates else valeur[0])
            for nom, valeur in brutes.items()
        }


def remplacer_lecteur(lecteurs) -> None:
    """Signal `readers_init` : notre lecteur pour les extensions confiées au lecteur Markdown de Pelican."""
    for extension, classe in list(lecteurs.reader_classes.items()):
        if classe is MarkdownReader:
            lecteurs.reader_classes[extension] = LecteurMarkdown
