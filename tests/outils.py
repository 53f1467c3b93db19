"""Outils partagés des tests : construire un site, le servir, le lire."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import threading
from pathlib import Path

from bs4 import BeautifulSoup
from playwright.sync_api import expect

RACINE = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MESCLUN = RACINE / "exemples" / "mesclun"
DATE_TESTS = "2026-11-23"
SITEURL_PUBLIC = "https://www.maillage.asso.fr"


class CollecteurJournal(logging.Handler):
    """Garde les messages de journal (avertissements et plus) émis pendant un build."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[logging.LogRecord] = []

    def emit(self, record):
        self.messages.append(record)

    def textes(self) -> list[str]:
        return [r.getMessage() for r in self.messages]


def reglages(override: dict | None = None, publication: bool = False, fichier: str | None = None):
    from gestion import lire_reglages

    return lire_reglages(publication=publication, fichier=fichier, override=override)


def construire_site(
    sortie: Path,
    *,
    publication: bool = False,
    override: dict | None = None,
    fichier: str | None = None,
    indexer: bool = False,
) -> tuple[Path, CollecteurJournal]:
    """Construit un site (réel ou d'essai) dans `sortie` ; renvoie (sortie, messages du journal).

    `override` remplace des réglages (PATH d'un site d'essai, SOCLE…) ; le cache de contenu
    est désactivé pour que chaque build soit indépendant.
    """
    from pelican import Pelican

    base = reglages(publication=publication, fichier=fichier)
    socle = {**base.get("SOCLE", {}), "date_construction": DATE_TESTS}
    tout = {
        "OUTPUT_PATH": str(sortie),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "DELETE_OUTPUT_DIRECTORY": False,
        "RECHERCHE": {"indexer": indexer},
        **(override or {}),
    }
    tout["SOCLE"] = {**socle, **(override or {}).get("SOCLE", {})}
    settings = reglages(override=tout, publication=publication, fichier=fichier)
    collecteur = CollecteurJournal()
    journal = logging.getLogger()
    journal.addHandler(collecteur)
    try:
        Pelican(settings).run()
    finally:
        journal.removeHandler(collecteur)
    return Path(settings["OUTPUT_PATH"]), collecteur


def lire_html(chemin: Path) -> BeautifulSoup:
    return BeautifulSoup(chemin.read_text(encoding="utf-8"), "html.parser")


class _Gestionnaire(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # silence dans la sortie des tests
        pass


def verifier_page_accessible(page, axe, url: str, titre: str | None = None) -> None:
    """La page `url` dans le navigateur : un seul h1, `titre` (s'il est donné) dans son titre,
    aucune violation d'accessibilité (axe-core) et aucune requête vers un autre hôte."""
    page.goto(url)
    expect(page.locator("h1")).to_have_count(1)
    if titre is not None:
        assert titre in page.title()
    assert axe(page) == []
    assert page.requetes_externes == []


def verifier_tableau_defilant(page, portee: str, entetes: list[str]) -> None:
    """Sur la page ouverte (téléphone) : elle ne défile pas de côté, le tableau large de `portee`
    (sélecteur CSS de ce qui le contient) défile seul dans son cadre, ses en-têtes sont `entetes`."""
    largeur = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    cadre = page.locator(f"{portee} .tableau-defilant")
    assert cadre.evaluate("div => div.scrollWidth > div.clientWidth")  # le tableau, lui, défile
    assert page.locator(f"{portee} table th").all_inner_texts() == entetes


@contextlib.contextmanager
def servir(dossier: Path):
    """Sert `dossier` sur 127.0.0.1 (port libre) le temps du bloc ; donne l'URL de base."""
    gestionnaire = functools.partial(_Gestionnaire, directory=str(dossier))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}"
    finally:
        serveur.shutdown()
        serveur.server_close()


def copier_site_essai(nom: str, destination: Path) -> Path:
    """Copie le site d'essai `tests/fixtures/<nom>` dans `destination` ; renvoie son pelicanconf.py.

    Le fichier de réglages copié pointe vers les plugins et le thème du projet.
    """
    import shutil

    shutil.copytree(FIXTURES / nom, destination, dirs_exist_ok=True)
    conf = destination / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("ICI.parents[2]", f"Path({str(RACINE)!r})"), encoding="utf-8"
    )
    return conf


def lancer_gestion(*arguments: str, cwd: Path = RACINE):
    """Lance `python gestion.py …` comme le ferait le personnel ; renvoie le CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, str(RACINE / "gestion.py"), *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def lecture_assainie(lecteur, chemin: str):
    """`lecteur.read(chemin)` (Pelican seul), HTML assaini comme le fait notre lecteur."""
    from socle.assainissement import assainir

    contenu, meta = lecteur.read(chemin)
    return assainir(contenu), {c: assainir(v) if c == "summary" else v for c, v in meta.items()}


def copier_site_reel(dossier: Path, publication: bool = False, contenu: bool = False) -> tuple[Path, Path]:
    """Les données du vrai site copiées dans `dossier`, et des réglages qui les lisent.

    `contenu` : copie aussi `content/` (pour y ajouter des fichiers) ; sinon le contenu réel est lu.

    Renvoie (fichier de réglages, dossier des données) ; la sortie et le cache restent dans `dossier`.
    """
    import shutil

    donnees = dossier / "data"
    shutil.copytree(RACINE / "data", donnees)
    chemin_contenu = RACINE / "content"
    if contenu:
        chemin_contenu = dossier / "content"
        shutil.copytree(RACINE / "content", chemin_contenu)
    conf = dossier / "reglages.py"
    base = "publishconf" if publication else "pelicanconf"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(RACINE)!r})\nfrom {base} import *  # noqa\n"
        f"SOCLE = {{**SOCLE, 'donnees': {str(donnees)!r}}}\nOUTPUT_PATH = {str(dossier / 'output')!r}\n"
        f"CACHE_PATH = {str(dossier / 'cache')!r}\nRECHERCHE = {{'indexer': False}}\n"
        f"PATH = {str(chemin_contenu)!r}\nTHEME = {str(RACINE / 'theme')!r}\n",
        encoding="utf-8",
    )
    return conf, donnees
