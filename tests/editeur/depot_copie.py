"""Une copie du dépôt (contenus et données) où l'éditeur écrit, servie comme par `make editeur`.

`copier_depot(dossier)` copie content/ et data/ et écrit un pelicanconf.py qui reprend les
réglages du vrai site (plugins et thème du projet) pour cette copie ; `EditeurLocal` démarre
decap-server sur la copie et sert le site construit, sur 127.0.0.1, et arrête tout par PID.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

from editeur.commandes import attendre_proxy, lancer_proxy

from outils import RACINE, construire_site, servir

REGLAGES_COPIE = """import sys
sys.path.insert(0, {racine!r})
sys.modules.pop("pelicanconf", None)
from pelicanconf import *  # noqa: F403

PATH = {contenu!r}
SOCLE = {{**SOCLE, "donnees": {donnees!r}}}
PLUGIN_PATHS = [{plugins!r}]
THEME = {theme!r}
CACHE_PATH = {cache!r}
OUTPUT_PATH = {sortie!r}
EDITEUR = {{"proxy_local": {proxy!r}}}
"""


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def copier_depot(dossier: Path, port_proxy: int) -> Path:
    """Copie contenus et données dans `dossier` ; renvoie le pelicanconf.py de la copie."""
    for nom in ("content", "data"):
        shutil.copytree(RACINE / nom, dossier / nom)
    reglages = dossier / "pelicanconf.py"
    reglages.write_text(
        REGLAGES_COPIE.format(
            racine=str(RACINE),
            contenu=str(dossier / "content"),
            donnees=str(dossier / "data"),
            plugins=str(RACINE / "plugins"),
            theme=str(RACINE / "theme"),
            cache=str(dossier / "cache"),
            sortie=str(dossier / "output"),
            proxy=f"http://127.0.0.1:{port_proxy}/api/v1",
        ),
        encoding="utf-8",
    )
    return reglages


class EditeurLocal:
    """decap-server sur la copie + le site construit servi, le temps d'un bloc `with`."""

    def __init__(self, dossier: Path, journal: Path):
        self.dossier = dossier
        self.journal = journal
        self.port_proxy = port_libre()
        self.reglages = copier_depot(dossier, self.port_proxy)

    def construire(self):
        return construire_site(self.dossier / "output", fichier=str(self.reglages))

    def __enter__(self):
        self._journal = self.journal.open("w", encoding="utf-8")
        self.proxy = lancer_proxy(
            self.dossier, self.port_proxy, stdout=self._journal, stderr=subprocess.STDOUT
        )
        try:
            attendre_proxy(self.port_proxy, self.proxy)
            self.construire()
            self._service = servir(self.dossier / "output")
            self.url = self._service.__enter__()
        except BaseException:
            self._arreter()
            raise
        return self

    def _arreter(self):
        self.proxy.terminate()
        try:
            self.proxy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proxy.kill()
            self.proxy.wait()
        self._journal.close()

    def __exit__(self, *exc):
        self._service.__exit__(*exc)
        self._arreter()
