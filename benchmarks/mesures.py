"""Builds mesurés : chaque build dans un interpréteur neuf, comme un vrai `make html`.

- `site` : notre site (tous nos plugins, notre thème, les vrais réglages de pelicanconf.py, Pagefind
  compris) lancé par `gestion.py construire`, avec PATH et data/ pointant sur le corpus ;
- `sans_recherche` : notre site sans l'index Pagefind (`RECHERCHE["indexer"] = False`) ;
- `nu` : Pelican seul sur les mêmes actualités (thème par défaut, aucun plugin, mêmes flux).

Durée : `time.perf_counter` autour du processus (démarrage de Python compris) ; temps de processeur
(utilisateur + système, sous-processus compris) et pic de mémoire résidente du build et de ses
sous-processus (Pagefind), relevés par `benchmarks.lanceur`. `Charge` occupe un cœur pendant une
mesure (un autre programme qui calcule sur la machine).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import generateur

RACINE_DEPOT = Path(__file__).resolve().parent.parent
DATE_CONSTRUCTION = generateur.DATE_CONSTRUCTION.isoformat()  # passé/à venir identiques d'un run à l'autre
PYTHON = sys.executable


class EchecConstruction(RuntimeError):
    """Un build mesuré a échoué : le message donne la fin de sa sortie."""


@dataclass(frozen=True)
class Variante:
    """Un site à construire : son fichier de réglages et ses dossiers de sortie et de cache."""

    nom: str  # « site », « sans_recherche » ou « nu »
    reglages: Path
    sortie: Path
    cache: Path
    journal: Path

    def commande(self, *, surveiller: bool = False) -> list[str]:
        if self.nom != "nu" and not surveiller:
            return [PYTHON, str(RACINE_DEPOT / "gestion.py"), "construire", "--reglages", str(self.reglages)]
        # `make devserver` lance `pelican -lr` : même boucle de reconstruction, sans le serveur.
        return [PYTHON, "-m", "pelican", "-s", str(self.reglages), *(["-r"] if surveiller else ["-q"])]


@dataclass(frozen=True)
class Resultat:
    secondes: float  # durée réelle (wall)
    cpu_s: float  # temps de processeur, utilisateur + système, sous-processus compris
    memoire_mo: float
    systeme_s: float  # dont temps du noyau pour la commande (fichiers, dossiers, lectures)

    @property
    def hors_noyau_s(self) -> float:
        """Le calcul de la commande elle-même : la part du noyau varie avec l'état du disque."""
        return self.cpu_s - self.systeme_s


REGLAGES_SITE = '''"""Réglages de mesure : les vrais réglages du site, sur le corpus généré."""
import sys
sys.path.insert(0, {depot!r})
from pelicanconf import *  # noqa: F403

PATH = {contenu!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
OUTPUT_PATH = {sortie!r}
CACHE_PATH = {cache!r}
SOCLE = {{**SOCLE, "donnees": {donnees!r}, "date_construction": {date!r}}}  # noqa: F405
'''
SANS_RECHERCHE = 'RECHERCHE = {**globals().get("RECHERCHE", {}), "indexer": False}\n'

REGLAGES_NU = '''"""Pelican nu : thème par défaut, aucun plugin, mêmes actualités et mêmes flux que le site."""
PATH = {contenu!r}
OUTPUT_PATH = {sortie!r}
CACHE_PATH = {cache!r}
SITENAME = "Pelican nu"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
ARTICLE_PATHS = ["actualites"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "flux/actualites.atom.xml"
FEED_ALL_RSS = "flux/actualites.rss.xml"
TAG_FEED_ATOM = "flux/thematiques/{{slug}}.atom.xml"
TAG_FEED_RSS = "flux/thematiques/{{slug}}.rss.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
'''


def preparer(nom: str, contenu: Path, donnees: Path, travail: Path, reglages: dict | None = None) -> Variante:
    """Écrit le fichier de réglages de la variante `nom` dans `travail/nom/`.

    `reglages` : réglages propres au corpus (dictionnaires fusionnés sur ceux de pelicanconf.py),
    pour le site seulement.
    """
    dossier = travail / nom
    dossier.mkdir(parents=True, exist_ok=True)
    variante = Variante(
        nom, dossier / "reglages.py", dossier / "output", dossier / "cache", dossier / "journal.txt"
    )
    modele = REGLAGES_NU if nom == "nu" else REGLAGES_SITE
    texte = modele.format(
        depot=str(RACINE_DEPOT),
        contenu=str(contenu),
        theme=str(RACINE_DEPOT / "theme"),
        plugins=str(RACINE_DEPOT / "plugins"),
        sortie=str(variante.sortie),
        cache=str(variante.cache),
        donnees=str(donnees),
        date=DATE_CONSTRUCTION,
    )
    if nom != "nu":
        for cle, valeur in sorted((reglages or {}).items()):
            texte += f"{cle} = {{**globals().get({cle!r}, {{}}), **{valeur!r}}}\n"
    if nom == "sans_recherche":
        texte += SANS_RECHERCHE
    if nom == "nu":
        texte += gabarits_de_pages_pour_pelican_nu(contenu, dossier / "gabarits")
    variante.reglages.write_text(texte, encoding="utf-8")
    return variante


def gabarits_de_pages_pour_pelican_nu(contenu: Path, dossier: Path) -> str:
    """Une page du corpus peut nommer un gabarit de notre thème (`Template: mentions-legales`) que
    le thème par défaut n'a pas : pour Pelican nu, chacun est sa page ordinaire (`page.html`).
    Renvoie la ligne de réglages qui les lui donne."""
    if str(RACINE_DEPOT / "plugins") not in sys.path:
        sys.path.insert(0, str(RACINE_DEPOT / "plugins"))
    from socle.entetes import lire_fichier  # le lecteur d'en-têtes du site

    noms = {lire_fichier(page).valeur("template") for page in (contenu / "pages").glob("*.md")} - {None, ""}
    dossier.mkdir(parents=True, exist_ok=True)
    for nom in sorted(noms):
        (dossier / f"{nom}.html").write_text('{% extends "page.html" %}\n', encoding="utf-8")
    return f"THEME_TEMPLATES_OVERRIDES = [{str(dossier)!r}]\n"


def _fin_du_journal(chemin: Path, lignes: int = 15) -> str:
    return "\n".join(chemin.read_text(encoding="utf-8", errors="replace").splitlines()[-lignes:])


def attendre_le_disque() -> None:
    """Vide les écritures différées du noyau avant un build mesuré (hors chronométrage).

    Sans cela, le noyau écrit encore sur le disque les fichiers du build précédent (et efface ceux
    de la sortie supprimée) pendant le build suivant : le site, qui écrit 41 Mo, ralentissait ainsi
    le build de Pelican nu qui le suivait, et inversement dans une moindre mesure.
    """
    if hasattr(os, "sync"):
        os.sync()


# Les sorties et caches des builds précédents, mis de côté plutôt qu'effacés (voir `ecarter`).
_ECARTES: set[Path] = set()


def ecarter(chemin: Path, variante: Variante) -> None:
    """Retire `chemin` du chemin des builds en le renommant dans `.ecartes/` du dossier de `variante`.

    Pas d'effacement pendant les mesures : ext4 évite de réutiliser pendant une minute les inodes
    d'un fichier effacé, et juste après l'effacement de milliers de fichiers, chaque création de
    fichier ou de dossier les passe en revue. Le build suivant payait ainsi dans son temps « système »
    l'effacement du précédent, d'autant plus qu'il crée de fichiers : mesuré le 2026-12-01, le site
    sans recherche à 1 000 actualités passait de 0,3 à 1,9 s de noyau, Pelican nu de 0,25 à 0,7 s,
    Pagefind seul de 0,3 à 1,4 s. Un build à froid sur un clone neuf ne paie pas cela. Les dossiers
    mis de côté sont effacés à la fin du banc (`effacer_les_ecartes`).
    """
    if not chemin.exists():
        return
    ecartes = variante.sortie.parent / ".ecartes"
    ecartes.mkdir(exist_ok=True)
    _ECARTES.add(ecartes)
    chemin.rename(Path(tempfile.mkdtemp(prefix=chemin.name + "-", dir=ecartes)) / chemin.name)


def effacer_les_ecartes() -> None:
    """Efface ce que `ecarter` a mis de côté (fin du banc, hors mesure)."""
    while _ECARTES:
        shutil.rmtree(_ECARTES.pop(), ignore_errors=True)


def construire(variante: Variante, *, froid: bool) -> Resultat:
    """Un build complet en sous-processus ; `froid` : sans sortie ni cache de contenu précédents.

    Durée et pic de mémoire sont relevés par `benchmarks.lanceur` (voir pourquoi là-bas). La sortie
    et le cache précédents sont mis de côté, pas effacés (voir `ecarter`).
    """
    if froid:
        ecarter(variante.sortie, variante)
        ecarter(variante.cache, variante)
    return mesurer_commande(variante.commande(), variante.journal, f"le build « {variante.nom} »")


def recherche_seule(variante: Variante) -> Resultat:
    """La recherche seule, comme à la fin du build : `recherche.indexation.indexer` sur la sortie déjà
    construite (lecture des pages indexées, puis Pagefind sur elles seules), dans un interpréteur neuf."""
    ecarter(variante.sortie / "pagefind", variante)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from recherche.indexation import indexer; "
        "indexer(sys.argv[2])"
    )
    commande = [PYTHON, "-c", code, str(RACINE_DEPOT / "plugins"), str(variante.sortie)]
    return mesurer_commande(commande, variante.journal.with_name("pagefind.txt"), "Pagefind")


def mesurer_commande(commande: list[str], journal: Path, quoi: str) -> Resultat:
    """Durée, temps de processeur et pic de mémoire de `commande`, disque vidé avant (hors mesure)."""
    attendre_le_disque()
    rapport = journal.with_suffix(".mesure.json")
    with journal.open("w", encoding="utf-8") as sortie:
        code = subprocess.call(
            [PYTHON, "-m", "benchmarks.lanceur", str(rapport), *commande],
            cwd=RACINE_DEPOT,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    if code != 0:
        raise EchecConstruction(f"{quoi} a échoué (code {code}) :\n{_fin_du_journal(journal)}")
    mesure = json.loads(rapport.read_text(encoding="utf-8"))
    # ru_maxrss est en Kio sous Linux
    return Resultat(mesure["secondes"], mesure["cpu_s"], mesure["pic_kio"] / 1024, mesure["systeme_s"])


# Boucle de calcul bornée (au plus une heure) : la charge s'arrête d'elle-même si le banc meurt.
BOUCLE_DE_CHARGE = "import time\nfin = time.monotonic() + 3600\nwhile time.monotonic() < fin:\n    pass\n"


@contextmanager
def charge():
    """Un autre processus garde un cœur occupé pendant le bloc ; arrêté par son PID à la sortie."""
    processus = subprocess.Popen([PYTHON, "-c", BOUCLE_DE_CHARGE], stdin=subprocess.DEVNULL)
    try:
        time.sleep(0.2)  # la boucle tourne déjà quand la mesure commence
        yield processus.pid
    finally:
        arreter(processus, 10)


def arreter(processus: subprocess.Popen, delai: float) -> None:
    """Arrête `processus` (SIGTERM, puis SIGKILL après `delai` secondes) et l'attend."""
    processus.terminate()
    try:
        processus.wait(timeout=delai)
    except subprocess.TimeoutExpired:
        processus.kill()
        processus.wait()


def _attendre(condition, delai: float, quoi: str, journal: Path) -> None:
    limite = time.perf_counter() + delai
    while not condition():
        if time.perf_counter() > limite:
            raise EchecConstruction(
                f"délai dépassé ({delai:.0f} s) en attendant {quoi} :\n{_fin_du_journal(journal)}"
            )
        time.sleep(0.005)


def _builds_termines(journal: Path) -> int:
    return journal.read_text(encoding="utf-8", errors="replace").count("Done: Processed")


def _contient(chemin: Path, marque: str) -> bool:
    try:
        return marque in chemin.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):  # fichier en cours d'écriture
        return False


def boucle_edition(
    variante: Variante,
    source: Path,
    page: Path,
    repetitions: int,
    echauffement: int = 1,
    delai: float = 300.0,
) -> list[float]:
    """Secondes entre l'enregistrement d'une actualité modifiée et la réécriture de sa page.

    Lance la boucle de reconstruction de Pelican (`pelican -r`, comme `make devserver`) avec le
    cache de contenu, attend le premier build, puis modifie `source` `echauffement + repetitions`
    fois ; chaque mesure attend la fin du build précédent. `source` est restauré à la fin.
    """
    original = source.read_bytes()
    with variante.journal.open("w", encoding="utf-8") as journal:
        processus = subprocess.Popen(
            variante.commande(surveiller=True),
            cwd=RACINE_DEPOT,
            stdout=journal,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    durees = []
    try:
        _attendre(
            lambda: _builds_termines(variante.journal) >= 1, delai, "le premier build", variante.journal
        )
        for numero in range(echauffement + repetitions):
            marque = f"Modification de mesure numéro {numero}."
            faits = _builds_termines(variante.journal)
            attendre_le_disque()
            time.sleep(0.3)  # laisse l'observateur de fichiers se réarmer
            source.write_bytes(original + f"\n{marque}\n".encode())
            debut = time.perf_counter()
            _attendre(
                lambda marque=marque: _contient(page, marque), delai, "la page modifiée", variante.journal
            )
            if numero >= echauffement:
                durees.append(time.perf_counter() - debut)
            _attendre(
                lambda faits=faits: _builds_termines(variante.journal) > faits,
                delai,
                "la fin du build",
                variante.journal,
            )
    finally:
        arreter(processus, 20)
        source.write_bytes(original)
    return durees
