"""Recherche plein texte en français avec Pagefind, qui fonctionne depuis les seuls fichiers statiques.

Une fois toutes les pages écrites (`finalized`), Pagefind indexe les pages (seules les zones
`data-pagefind-body` du thème) et écrit son index et son interface dans `output/pagefind/` :
aucun service tiers (voir `indexation.py`).
"""

from __future__ import annotations

from types import MappingProxyType

from pelican import signals
from pelican.generators import Generator

from socle.reglages import fusionner, plugin_actif

from .indexation import ErreurPagefind, indexer

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
        reglages = lire(self.settings)
        self.context["RECHERCHE_ACTIVE"] = bool(reglages["indexer"])
        # Adresse de la page de recherche, pour le champ de l'en-tête (formulaire GET « ?q= »).
        self.context["RECHERCHE_URL"] = reglages["page"].removesuffix("index.html")

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


def indexer_le_site(pelican) -> None:
    """`finalized` : la dernière page est écrite, Pagefind indexe la sortie (sauf si rien n'a changé)."""
    if actif(pelican.settings) and lire(pelican.settings)["indexer"]:
        indexer(pelican.settings["OUTPUT_PATH"], pelican.settings.get("SORTIE_PRECEDENTE"))


def register():
    signals.get_generators.connect(fournir_generateur)
    signals.finalized.connect(indexer_le_site)


__all__ = ["ErreurPagefind", "register"]
