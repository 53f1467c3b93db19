"""Recherche plein texte en français avec Pagefind, qui fonctionne depuis les seuls fichiers statiques.

Pendant le build, Pagefind indexe les pages (seules les zones `data-pagefind-body` du thème)
au fur et à mesure de leur écriture, sur un autre cœur que Pelican, puis écrit son index et son
interface dans `output/pagefind/` : aucun service tiers (voir `indexation.py`).
"""

from __future__ import annotations

from types import MappingProxyType

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from socle.reglages import fusionner, plugin_actif

from .indexation import CLE_CONTEXTE, Indexation
from .service import ErreurPagefind

DEFAUTS = MappingProxyType(
    {
        "indexer": True,  # les sites d'essai des tests peuvent s'en passer
        "page": "recherche/index.html",
    }
)


def lire(settings) -> dict:
    return fusionner(settings, "RECHERCHE", DEFAUTS)


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


class GenerateurRecherche(Generator):
    def generate_context(self):
        self.context["RECHERCHE_ACTIVE"] = bool(lire(self.settings)["indexer"])

    def generate_output(self, writer):
        writer.write_file(
            lire(self.settings)["page"],
            self.get_template("recherche"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name="recherche",
        )


def fournir_generateur(pelican):
    if not actif(pelican.settings):
        return None
    return GenerateurRecherche


def ecrit_peu_de_pages_indexees(generateur) -> bool:
    """Les pages de Pelican (`page.html`) et celles d'un générateur qui le déclare (attribut
    `ecrit_des_pages_indexees`, comme la page des points d'accueil) portent `data-pagefind-body`."""
    return isinstance(generateur, PagesGenerator) or getattr(generateur, "ecrit_des_pages_indexees", False)


def pages_indexees_d_abord(generateurs: list) -> None:
    """Réordonne sur place la liste des générateurs, que Pelican parcourt ensuite pour écrire.

    Les quelques pages indexées hors actualités passent avant les actualités, qui passent avant
    tout le reste (mots-clés, lettre, formations…). Pagefind peut ainsi écrire son index dès la
    dernière actualité, une seule fois, pendant que Pelican écrit le reste (`Indexation`).
    L'ordre ne change rien aux pages produites : chaque générateur écrit ses propres fichiers.
    """

    def rang(generateur) -> int:
        if ecrit_peu_de_pages_indexees(generateur):
            return 0
        return 1 if isinstance(generateur, ArticlesGenerator) else 2

    generateurs.sort(key=rang)  # tri stable : l'ordre des autres ne bouge pas


def demarrer_indexation(generateurs) -> None:
    """Juste avant l'écriture des pages : lance Pagefind, qui les indexera au fil de l'eau."""
    generateur = generateurs[0]
    if not actif(generateur.settings) or not lire(generateur.settings)["indexer"]:
        return
    pages_indexees_d_abord(generateurs)
    # Le contexte du build garde l'indexation en vie jusqu'à la fin de ce build, pas au-delà.
    generateur.context[CLE_CONTEXTE] = Indexation(generateur.settings, generateur.output_path)


def register():
    signals.get_generators.connect(fournir_generateur)
    signals.all_generators_finalized.connect(demarrer_indexation)


__all__ = ["ErreurPagefind", "register"]
