"""Recherche plein texte en français avec Pagefind, qui fonctionne depuis les seuls fichiers statiques.

Après le build, Pagefind indexe les pages (seules les zones `data-pagefind-body` du thème)
et écrit son index et son interface dans `output/pagefind/` : aucun service tiers.
"""

from __future__ import annotations

import hashlib
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

    return [str(get_executable()), "--site", str(sortie), "--output-subdir", SOUS_DOSSIER, "--silent"]


SOUS_DOSSIER = "pagefind"
TEMOIN = ".empreinte-pages"  # empreinte des pages indexées, à côté de l'index


def empreinte_pages(sortie: Path, commande: list[str]) -> str:
    """SHA-256 de la commande Pagefind et des pages HTML qu'elle lit (chemins et contenus, triés)."""
    empreinte = hashlib.sha256("\0".join(commande).encode() + b"\0")
    for fichier in sorted(sortie.rglob("*.html")):
        relatif = fichier.relative_to(sortie).as_posix()
        if not relatif.startswith(f"{SOUS_DOSSIER}/"):
            empreinte.update(relatif.encode() + b"\0" + fichier.read_bytes() + b"\0")
    return empreinte.hexdigest()


def indexer(pelican) -> None:
    """Indexe le site avec Pagefind, sauf si aucune page n'a changé depuis le dernier index.

    Pelican réécrit toutes les pages à chaque build, mais à l'identique si rien n'a changé
    (rebuild de `make html`, `pelican -r` après une retouche de CSS) : Pagefind, qui coûte
    autant qu'une bonne part du build, n'est relancé que si le contenu des pages diffère.
    """
    if not lire(pelican.settings)["indexer"]:
        return
    sortie = Path(pelican.output_path)
    temoin = sortie / SOUS_DOSSIER / TEMOIN
    commande = commande_pagefind(sortie)
    empreinte = empreinte_pages(sortie, commande)
    if (sortie / SOUS_DOSSIER / "pagefind.js").is_file() and temoin.is_file():
        if temoin.read_text(encoding="utf-8") == empreinte:
            logger.info("Index de recherche Pagefind à jour (aucune page modifiée)")
            return
    resultat = subprocess.run(commande, capture_output=True, text=True, check=False)
    if resultat.returncode != 0:
        raise RuntimeError(
            f"l'indexation Pagefind a échoué : {resultat.stderr.strip() or resultat.stdout.strip()}"
        )
    temoin.write_text(empreinte, encoding="utf-8")
    logger.info("Index de recherche Pagefind écrit")


def fournir_generateur(_pelican):
    return GenerateurRecherche


def register():
    signals.get_generators.connect(fournir_generateur)
    signals.finalized.connect(indexer)
