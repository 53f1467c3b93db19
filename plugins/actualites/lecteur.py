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

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

PRIORITE_META = 27  # celle que lui donne markdown.extensions.meta


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
        md = self._markdown()
        md.reset()
        with pelican_open(source_path) as texte:
            contenu = md.convert(texte)
        return contenu, self._parse_metadata(md.Meta)


def remplacer_lecteur(lecteurs) -> None:
    """Signal `readers_init` : notre lecteur pour les extensions confiées au lecteur Markdown de Pelican."""
    for extension, classe in list(lecteurs.reader_classes.items()):
        if classe is MarkdownReader:
            lecteurs.reader_classes[extension] = LecteurMarkdown
