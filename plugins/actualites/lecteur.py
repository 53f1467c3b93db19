"""Lecteur Markdown qui garde la même instance de `Markdown` pour tout le build.

Le lecteur de Pelican crée un `Markdown(**MARKDOWN)` neuf pour chaque fichier : charger les
extensions (`extra` en regroupe huit) coûte à lui seul environ un tiers de la conversion d'une
actualité courte. Python-Markdown prévoit `reset()` pour réutiliser une instance (Pelican s'en sert
déjà pour le résumé) : on fait de même pour le corps, ce qui donne le même HTML.

Seule subtilité : Pelican retire le préprocesseur `meta` (en-têtes « Title: ») avant de convertir le
résumé, pour qu'un résumé commençant par « Mot: » ne soit pas lu comme un en-tête ; on le remet en
place avant chaque fichier.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open

from socle.assainissement import assainir
from socle.erreurs import chemin_affiche

PRIORITE_META = 27  # celle que lui donne markdown.extensions.meta

logger = logging.getLogger(__name__)


class LecteurMarkdown(MarkdownReader):
    """`MarkdownReader` de Pelican, avec une instance de `Markdown` réutilisée d'un fichier à l'autre."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._md = None
        self._meta = None

    def _markdown(self) -> Markdown:
        if self._md is None:
            self._md = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._md.preprocessors["meta"]
        elif "meta" not in self._md.preprocessors:
            self._md.preprocessors.register(self._meta, "meta", PRIORITE_META)
        return self._md

    def read(self, source_path):
        """Contenu HTML et métadonnées d'un fichier Markdown (même résultat que Pelican)."""
        self._source_path = source_path
        contenu, brutes = self.convertir(source_path)
        return contenu, self.metadonnees(brutes)

    def convertir(self, source_path) -> tuple[str, dict]:
        """La partie coûteuse de la lecture, sans effet de bord.

        Rend le HTML du corps et les métadonnées brutes (nom en minuscules → liste de lignes), les
        champs formatés (FORMATTED_FIELDS, comme le résumé) déjà convertis en HTML. Tout HTML rendu
        est assaini (`socle.assainissement`) : ce qu'il retire, la vérification le signale.
        """
        md = self._markdown()
        md.reset()
        with pelican_open(source_path) as texte:
            contenu = assainir(md.convert(texte))
        meta = getattr(md, "Meta", {})
        # Comme Pelican : pas d'en-têtes « Titre: » dans les champs formatés.
        md.preprocessors.deregister("meta")
        formates = self.settings["FORMATTED_FIELDS"]
        brutes = {}
        for nom, valeur in meta.items():
            nom = nom.lower()
            if nom in formates:
                md.reset()
                brutes[nom] = assainir(md.convert("\n".join(valeur)))
            else:
                brutes[nom] = valeur
        return contenu, brutes

    def metadonnees(self, brutes: dict) -> dict:
        """Les métadonnées typées (dates, mots-clés…), comme `MarkdownReader._parse_metadata`."""
        formates = self.settings["FORMATTED_FIELDS"]
        sortie = {}
        for nom, valeur in brutes.items():
            if nom in formates:
                sortie[nom] = self.process_metadata(nom, valeur)
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(nom, True):
                if len(valeur) > 1:
                    logger.warning(
                        "%s : « %s » figure plusieurs fois dans l'en-tête ; seule la première ligne compte "
                        "(supprimez les autres)",
                        chemin_affiche(self._source_path, Path(self.settings["PATH"]).parent),
                        nom.capitalize(),
                    )
                sortie[nom] = self.process_metadata(nom, valeur[0])
            elif len(valeur) > 1:
                sortie[nom] = self.process_metadata(nom, valeur)
            else:
                sortie[nom] = self.process_metadata(nom, valeur[0])
        return sortie


def remplacer_lecteur(lecteurs) -> None:
    """Signal `readers_init` : notre lecteur pour les extensions confiées au lecteur Markdown de Pelican."""
    for extension, classe in list(lecteurs.reader_classes.items()):
        if classe is MarkdownReader:
            lecteurs.reader_classes[extension] = LecteurMarkdown
