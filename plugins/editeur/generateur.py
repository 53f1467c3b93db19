"""Écrit l'éditeur dans le site construit : `admin/` (page, configuration, règles, bundle).

Rien de l'éditeur n'est chargé par les pages des visiteurs : tout vit sous `admin/`, que la
page marque `noindex` (hors du plan du site) et que robots.txt exclut ; Pagefind ne l'indexe pas
(pas de `data-pagefind-body`).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import yaml
from pelican.generators import Generator

from socle.ecriture import ecrire_si_different, lier_ou_copier

from . import reglages
from .configuration import configuration
from .regles import regles

logger = logging.getLogger(__name__)

RACINE_DEPOT = Path(__file__).resolve().parents[2]
MODULES = RACINE_DEPOT / "node_modules"
FICHIERS_EDITEUR = Path(__file__).resolve().parent / "admin"

# dossier de node_modules → (motifs des fichiers à copier, sous-dossier de admin/)
BIBLIOTHEQUES = {
    "decap-cms/dist": (("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt"), "decap"),
    "yaml/browser/dist": (("**/*.js",), "vendor/yaml"),
    "yaml": (("LICENSE",), "vendor/yaml"),
}


def copier_si_change(source: Path, destination: Path) -> bool:
    """Publie `source` en `destination` sauf si elle a déjà la même taille et n'est pas plus ancienne.

    Un lien physique plutôt qu'une copie quand les deux sont sur le même disque (comme le réglage
    STATIC_CREATE_LINKS de Pelican) : le bundle de Decap (7 Mo, 180 fichiers) n'est jamais modifié
    par le build ni par le déploiement, et `gestion.py construire` le publierait dans chaque dossier
    neuf. Sinon, une copie.
    """
    if destination.exists():
        etat_source, etat_dest = source.stat(), destination.stat()
        if etat_source.st_size == etat_dest.st_size and etat_dest.st_mtime >= etat_source.st_mtime:
            return False
        destination.unlink()
    destination.parent.mkdir(parents=True, exist_ok=True)
    lier_ou_copier(source, destination)
    return True


def fichiers_bibliotheques(modules: Path = MODULES) -> list[tuple[Path, str]]:
    """(fichier source, chemin relatif sous admin/) de chaque fichier tiers de l'éditeur, triés."""
    trouves = []
    for dossier, (motifs, cible) in BIBLIOTHEQUES.items():
        base = modules / dossier
        for motif in motifs:
            for fichier in base.glob(motif):
                if fichier.is_file():
                    trouves.append((fichier, f"{cible}/{fichier.relative_to(base).as_posix()}"))
    return sorted(set(trouves), key=lambda t: t[1])


def texte_configuration(config: dict) -> str:
    entete = (
        "# Écrit par le build (plugins/editeur) à partir des chargeurs et des réglages : ne pas modifier.\n"
    )
    return entete + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


class GenerateurEditeur(Generator):
    """Page `admin/index.html` (gabarit « editeur »), `config.yml`, `regles.json` et scripts."""

    def generate_context(self):
        self.options = reglages.lire(self.settings)
        self.regles = regles(self.settings, self.context.get("ADRESSES_DES_FICHIERS"))
        # Pour robots.txt (gabarit du socle) : l'éditeur n'est pas à indexer.
        self.context["EDITEUR_CHEMIN"] = self.options["chemin"]

    def generate_output(self, writer):
        chemin = self.options["chemin"].strip("/")
        sortie = Path(self.output_path) / chemin
        copies = fichiers_bibliotheques()
        if not any(cible.startswith("decap/") for _source, cible in copies):
            logger.error(
                "Éditeur : bundle Decap CMS introuvable dans %s ; lancez « make installer » (il l'installe)",
                MODULES / "decap-cms",
            )
        copies += sorted((f, f.name) for f in FICHIERS_EDITEUR.iterdir() if f.is_file())
        for source, cible in copies:
            copier_si_change(source, sortie / cible)
        site_url = "" if self.settings["RELATIVE_URLS"] else self.settings["SITEURL"]
        config = configuration(self.regles, self.options, site_url)
        ecrire_si_different(sortie / "config.yml", texte_configuration(config).encode("utf-8"))
        texte_regles = json.dumps(self.regles, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        ecrire_si_different(sortie / "regles.json", texte_regles.encode("utf-8"))
        writer.write_file(
            f"{chemin}/index.html",
            self.get_template("editeur"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            version_decap=_version_decap(),
        )


def _version_decap() -> str:
    paquet = MODULES / "decap-cms" / "package.json"
    return json.loads(paquet.read_text(encoding="utf-8"))["version"] if paquet.exists() else ""
