"""Recherche plein texte en français avec Pagefind, qui fonctionne depuis les seuls fichiers statiques.

Après le build, Pagefind indexe les pages (seules les zones `data-pagefind-body` du thème)
et écrit son index et son interface dans `output/pagefind/` : aucun service tiers.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from types import MappingProxyType

from pelican import signals
from pelican.generators import Generator

from socle.reglages import fusionner

logger = logging.getLogger(__name__)

DEFAUTS = MappingProxyType(
    {
        "indexer": True,  # les sites d'essai des tests peuvent s'en passer
        "page": "recherche/index.html",
    }
)


def lire(settings) -> dict:
    return fusionner(settings, "RECHERCHE", DEFAUTS)


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


def commande_pagefind(sortie: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(sortie), "--output-subdir", "pagefind", "--silent"]


def indexer(pelican) -> None:
    if not lire(pelican.settings)["indexer"]:
        return
    resultat = subprocess.run(
        commande_pagefind(Path(pelican.output_path)), capture_output=True, text=True, check=False
    )
    if resultat.returncode != 0:
        raise RuntimeError(
            f"l'indexation Pagefind a échoué : {resultat.stderr.strip() or resultat.stdout.strip()}"
        )
    logger.info("Index de recherche Pagefind écrit")


def fournir_generateur(_pelican):
    return GenerateurRecherche


def register():
    signals.get_generators.connect(fournir_generateur)
    signals.finalized.connect(indexer)
