"""Boucle d'édition : l'actualité qu'on vient d'enregistrer est réécrite avant toute autre page.

Pelican n'a pas de build incrémental : `make devserver` (`pelican -r`) reconstruit tout le site
après chaque enregistrement, et la page modifiée n'est réécrite qu'à son tour, après les pages,
la carte et les actualités plus récentes qu'elle. Ici, les actualités que ce build a vraiment lues
(absentes du cache de contenu ou modifiées depuis : `LecteurMarkdown.lus`) sont écrites d'abord,
dès les contextes prêts ; Pelican les écrit ensuite une seconde fois à leur place habituelle, à
l'identique, donc sans toucher au fichier (`EcrivainSansReecriture.ecrire_d_avance`) ni à l'index
de recherche (une page envoyée deux fois à l'identique n'est pas réindexée).

Seulement pour quelques actualités (`ECRITES_D_AVANCE_MAX`) : à froid, tout est « lu », et
l'ordre de Pelican reste le bon.
"""

from __future__ import annotations

import os
from itertools import chain

from pelican.generators import ArticlesGenerator

from .lecteur import LecteurMarkdown

ECRITES_D_AVANCE_MAX = 20


def actualites_relues(generateur: ArticlesGenerator) -> list:
    """Les actualités publiées (traductions comprises) dont le fichier a été lu par ce build."""
    lus = set()
    for lecteur in generateur.readers.readers.values():
        if isinstance(lecteur, LecteurMarkdown):
            lus.update(lecteur.lus)
    if not lus:
        return []
    return [
        article
        for article in chain(generateur.translations, generateur.articles)
        if article.source_path in lus and not hasattr(article, "override_save_as")
    ]


class EcritureDAbord:
    """Un « générateur » placé en tête de la liste de Pelican : il n'écrit que les actualités relues."""

    # Pour recherche.pages_indexees_d_abord : ces pages indexées restent en tête de l'écriture.
    ecrit_des_pages_indexees = True

    def __init__(self, generateur: ArticlesGenerator, actualites: list):
        self.generateur = generateur
        self.actualites = actualites
        # Ce que d'autres gestionnaires de signaux lisent sur un générateur (souvent le premier).
        self.settings = generateur.settings
        self.context = generateur.context
        self.output_path = generateur.output_path

    def generate_output(self, writer) -> None:
        ecrire_d_avance = getattr(writer, "ecrire_d_avance", None)
        if ecrire_d_avance is None:
            return  # un autre Writer que le nôtre : Pelican écrira chaque page à son tour
        generateur = self.generateur
        for article in self.actualites:
            ecrire_d_avance(article.save_as)
            writer.write_file(
                article.save_as,
                generateur.get_template(article.template),
                generateur.context,
                relative_urls=generateur.settings["RELATIVE_URLS"],
                article=article,
                category=getattr(article, "category", None),
                url=article.url,
                blog=True,
            )


def ecrire_d_abord_les_relues(generateurs: list) -> None:
    """Signal `all_generators_finalized` : place `EcritureDAbord` en tête si peu d'actualités ont changé."""
    if os.linesep != "\n":
        return  # `ecrire_d_avance` compare les octets sans conversion des fins de ligne
    generateur = next((g for g in generateurs if isinstance(g, ArticlesGenerator)), None)
    if generateur is None:
        return
    relues = actualites_relues(generateur)
    if relues and len(relues) <= ECRITES_D_AVANCE_MAX and len(relues) < len(generateur.articles):
        generateurs.insert(0, EcritureDAbord(generateur, relues))
