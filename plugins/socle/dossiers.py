"""Dossiers de sortie créés d'avance, par un autre processus, pendant que Pelican rend les pages.

Chaque page a son dossier (adresses « actualites/mon-titre/ ») et le `Writer` de Pelican crée
celui de chaque page juste avant de l'écrire (`os.makedirs`). Sur l'ext4 de nos machines, créer
un dossier coûte 0,3 à 0,9 ms, autant que rendre une actualité : près de 2 s d'un build à froid
de 1 000 actualités (~2 000 dossiers), sur le seul cœur qu'utilise Pelican.

Dès que toutes les adresses sont connues (`all_generators_finalized`), un processus à part crée
les dossiers dans l'ordre où Pelican écrira, sur l'autre cœur, et prend vite de l'avance. Le
`makedirs` de Pelican trouve alors le dossier prêt (une quinzaine de µs). Seuls sont
créés les dossiers que Pelican créerait lui-même : mêmes adresses, même pagination (son
`Paginator`), rien de plus dans `output/`. Un générateur de plugin peut annoncer les siennes par
une méthode `pages_a_ecrire()` (chemins relatifs à OUTPUT_PATH).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.paginator import Paginator
from pelican.utils import sanitised_join

from .processus import PRIORITE_PROCHE, en_priorite_basse
from .reglages import plugin_actif

logger = logging.getLogger(__name__)
CLE_CONTEXTE = "_SOCLE_CREATION_DOSSIERS"


def _paginees(settings, save_as: str, url: str, objets: list, gabarit: str) -> Iterator[str]:
    """Les pages qu'écrit `Writer.write_file` pour une liste paginée (ou la seule page sinon)."""
    if gabarit not in settings["PAGINATED_TEMPLATES"] or not objets:
        yield save_as
        return
    par_page = settings["PAGINATED_TEMPLATES"][gabarit] or settings["DEFAULT_PAGINATION"]
    paginateur = Paginator(save_as, url, objets, settings, par_page)
    for numero in range(1, paginateur.num_pages + 1):
        yield paginateur.page(numero).save_as


def _pages_des_actualites(generateur: ArticlesGenerator) -> Iterator[str]:
    """Dans l'ordre de `ArticlesGenerator.generate_pages` (les plus nombreuses d'abord)."""
    settings = generateur.settings
    for article in chain(
        generateur.translations,
        generateur.articles,
        generateur.hidden_translations,
        generateur.hidden_articles,
    ):
        yield article.save_as
    for periodes in generateur.period_archives.values():
        for periode in periodes:
            yield periode["save_as"]
    for gabarit in settings["DIRECT_TEMPLATES"]:
        save_as = settings.get(f"{gabarit.upper()}_SAVE_AS", f"{gabarit}.html")
        if save_as:
            url = settings.get(f"{gabarit.upper()}_URL", f"{gabarit}.html")
            yield from _paginees(settings, save_as, url, generateur.articles, gabarit)
    for mot_cle, articles in generateur.tags.items():
        if mot_cle.save_as:
            yield from _paginees(settings, mot_cle.save_as, mot_cle.url, articles, "tag")
    for brouillon in chain(generateur.drafts_translations, generateur.drafts):
        yield brouillon.save_as


def _pages_des_pages(generateur: PagesGenerator) -> Iterator[str]:
    for page in chain(
        generateur.translations,
        generateur.pages,
        generateur.hidden_translations,
        generateur.hidden_pages,
        generateur.draft_translations,
        generateur.draft_pages,
    ):
        yield page.save_as


def dossiers_a_creer(generateurs: Iterable, sortie: str) -> list[str]:
    """Les dossiers des pages que les générateurs vont écrire, sans doublon, dans l'ordre d'écriture."""
    dossiers: dict[str, None] = {}
    for generateur in generateurs:
        if isinstance(generateur, ArticlesGenerator):
            pages = _pages_des_actualites(generateur)
        elif isinstance(generateur, PagesGenerator):
            pages = _pages_des_pages(generateur)
        elif callable(getattr(generateur, "pages_a_ecrire", None)):
            pages = generateur.pages_a_ecrire()
        else:
            continue
        for page in pages:
            if page:
                dossiers.setdefault(os.path.dirname(sanitised_join(sortie, page)), None)
    return list(dossiers)


def creer_en_arriere_plan(dossiers: list[str]) -> subprocess.Popen | None:
    """Lance `xargs -0 mkdir -p` sur `dossiers`, sans l'attendre ; None s'il n'a pas pu partir.

    Un processus et non un fil : un fil devrait reprendre le GIL après chaque appel système et
    n'avancerait qu'au rythme où Pelican le lâche. La liste passe par un fichier anonyme (ni tube
    plein qui bloquerait le build, ni fichier à effacer) ; `xargs` découpe selon la limite du système.
    Un dossier qui ne peut pas être créé est laissé à Pelican, qui rapportera l'erreur.
    """
    xargs = shutil.which("xargs")
    if not dossiers or xargs is None or os.name != "posix":
        return None
    try:
        with tempfile.TemporaryFile() as liste:
            liste.write(b"\0".join(os.fsencode(dossier) for dossier in dossiers))
            liste.seek(0)
            return subprocess.Popen(
                en_priorite_basse([xargs, "-0", "mkdir", "-p", "--"], PRIORITE_PROCHE),
                stdin=liste,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    except OSError as exc:
        logger.debug("dossiers non créés d'avance : %s", exc)
        return None


class CreationDossiers:
    """Le processus de création des dossiers d'un build, attendu à la fin de ce build (`finalized`).

    Gardé en vie par le contexte du build ; branché à `finalized` par une référence faible. Si le
    build lève une exception, `finalized` n'arrive pas : le processus est alors arrêté et attendu
    quand le contexte disparaît (ou à la sortie de Python), jamais laissé en zombie.
    """

    def __init__(self, settings, processus: subprocess.Popen):
        self._settings = settings
        self._arret = weakref.finalize(self, _arreter, processus)
        signals.finalized.connect(self.attendre)

    def attendre(self, pelican) -> None:
        if pelican.settings is self._settings:
            signals.finalized.disconnect(self.attendre)
            self._arret()


def _arreter(processus: subprocess.Popen) -> None:
    if processus.poll() is None:
        processus.kill()
    processus.wait()


def sortie_deja_construite(generateurs) -> bool:
    """Les dossiers de la première et de la dernière actualité existent : un build précédent a créé
    ceux des pages (cas de `make devserver`), inutile de calculer la liste."""
    for generateur in generateurs:
        if isinstance(generateur, ArticlesGenerator) and generateur.articles:
            sortie = generateur.output_path
            return all(
                os.path.isdir(os.path.dirname(sanitised_join(sortie, article.save_as)))
                for article in (generateur.articles[0], generateur.articles[-1])
            )
    return False


def preparer_dossiers(generateurs) -> None:
    """Signal `all_generators_finalized` : les dossiers des pages, créés sur l'autre cœur."""
    if not generateurs or not plugin_actif(generateurs[0].settings, "socle"):
        return
    if sortie_deja_construite(generateurs):
        return
    processus = creer_en_arriere_plan(dossiers_a_creer(generateurs, generateurs[0].output_path))
    if processus is not None:
        generateurs[0].context[CLE_CONTEXTE] = CreationDossiers(generateurs[0].settings, processus)
