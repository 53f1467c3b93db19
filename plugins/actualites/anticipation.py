"""Lecture des actualités sur les deux cœurs : un second processus convertit le Markdown d'avance.

Pelican lit les actualités une à une, sur un seul cœur ; convertir le Markdown en est la plus
grosse part (un quart d'un build à froid à 1 000 actualités). Pendant ce temps le second cœur de
la machine ne fait rien : Pagefind et la carte ne travaillent qu'ensuite, pendant l'écriture.

Au signal `article_generator_init`, avant même les vérifications, on dresse la liste des fichiers
que Pelican va convertir (ceux que son cache de contenu n'a pas) et un processus fils, copie du
build (`fork`), les convertit en partant de la fin de la liste pendant que Pelican part du début.
Chaque fichier est réservé par l'un ou l'autre dans un tableau partagé, jamais converti deux fois.
Quand Pelican arrive à un fichier réservé par le fils, il prend son résultat au lieu de le
convertir. Le fils ne fait que `LecteurMarkdown.convertir` (HTML et métadonnées brutes, sans effet
de bord) ; le typage des métadonnées, les avertissements, le cache de contenu et les signaux
restent dans le build, dans l'ordre de Pelican : le site produit est identique, octet pour octet.

Sans `fork` (Windows, macOS), pour un petit nombre de fichiers, ou si le fils échoue ou meurt,
Pelican convertit lui-même : l'anticipation n'est qu'un raccourci, jamais une condition.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import weakref

from pelican.utils import file_suffix

try:
    import fcntl
except ImportError:  # Windows : pas d'anticipation de toute façon (pas de fork)
    fcntl = None

from . import reglages
from .lecteur import LecteurMarkdown

logger = logging.getLogger(__name__)

LIBRE, AU_BUILD, AU_FILS = 0, 1, 2
ATTENTE_S = 1.0  # entre deux contrôles que le fils vit encore, quand on attend un de ses résultats
TAILLE_TUBE = 1 << 20  # octets ; le plafond par défaut de Linux (/proc/sys/fs/pipe-max-size)


def fichiers_a_convertir(generateur) -> list[tuple[str, LecteurMarkdown]]:
    """Les fichiers d'actualités que la lecture de Pelican va convertir, dans l'ordre où il les lit.

    Mêmes fichiers que `ArticlesGenerator.generate_context` ; sont écartés ceux qu'un autre lecteur
    que le nôtre lit et ceux que le cache de contenu de Pelican fournira sans conversion.
    """
    settings = generateur.settings
    lecteurs = generateur.readers
    fichiers = []
    for relatif in generateur.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]):
        chemin = os.path.abspath(os.path.join(generateur.path, relatif))
        lecteur = lecteurs.readers.get(file_suffix(chemin))
        if not isinstance(lecteur, LecteurMarkdown):
            continue
        if generateur.get_cached_data(relatif, None) is not None:
            continue
        if lecteurs.get_cached_data(chemin, (None, None))[0] is not None:
            continue
        fichiers.append((chemin, lecteur))
    return fichiers


def _convertir_depuis_la_fin(fichiers, etats, envoi) -> None:
    """Travail du processus fils : réserve et convertit les fichiers libres, du dernier au premier."""
    for indice in range(len(fichiers) - 1, -1, -1):
        with etats.get_lock():
            if etats[indice] != LIBRE:
                continue  # réservé par le build
            etats[indice] = AU_FILS
        chemin, lecteur = fichiers[indice]
        try:
            resultat = lecteur.convertir(chemin)
        except Exception:  # noqa: BLE001 — le build reconvertira ce fichier et rapportera l'erreur
            resultat = None
        envoi.send((indice, resultat))
    envoi.close()


def _agrandir(tube) -> None:
    """Tube d'1 Mo au lieu de 64 Ko (Linux) : le fils n'attend presque jamais que le build le vide."""
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(tube.fileno(), fcntl.F_SETPIPE_SZ, TAILLE_TUBE)


class Anticipation:
    """Le processus fils et les résultats qu'il a déjà rendus.

    Les résultats passent par un tube que le fils remplit directement, et que le build vide à
    chaque fichier qu'il lit. Pas de `multiprocessing.Queue` : son fil d'envoi, dans le fils,
    attendrait le GIL (jusqu'à 5 ms) à chaque résultat pendant que le fils convertit, et le build
    attendait ainsi ~0,8 s par build des résultats pourtant prêts.
    """

    def __init__(self, fichiers: list[tuple[str, LecteurMarkdown]]):
        contexte = multiprocessing.get_context("fork")
        self._indices = {chemin: indice for indice, (chemin, _) in enumerate(fichiers)}
        self._etats = contexte.Array("b", len(fichiers))
        self._reception, envoi = contexte.Pipe(duplex=False)
        _agrandir(envoi)
        self._recus: dict[int, tuple | None] = {}
        self._fils_termine = False
        self._du_fils = 0
        self._lecteurs = list({id(lecteur): lecteur for _, lecteur in fichiers}.values())
        for lecteur in self._lecteurs:
            lecteur._markdown()  # extensions importées ici : le fils n'importe rien
        # Le processus fils (multiprocessing.Process), qu'on peut attendre ou arrêter.
        self.fils = contexte.Process(
            target=_convertir_depuis_la_fin,
            args=(fichiers, self._etats, envoi),
            name="actualites-anticipation",
            daemon=True,
        )
        try:
            self.fils.start()
        finally:
            envoi.close()  # seul le fils écrit : sa sortie ferme le tube (EOFError ici)
        # Build interrompu avant `fermer()` (erreur de contenu, serveur de développement) : le fils
        # est arrêté quand le générateur, et donc cet objet, disparaît.
        self._arret = weakref.finalize(self, _arreter, self.fils, self._reception)
        for lecteur in self._lecteurs:
            lecteur._anticipation = self

    def prendre(self, chemin: str) -> tuple[str, dict] | None:
        """Le résultat du fils pour `chemin`, ou None : le build convertit alors lui-même."""
        indice = self._indices.get(chemin)
        if indice is None:
            return None
        self._recevoir(0)  # vide le tube, pour que le fils n'attende jamais
        with self._etats.get_lock():
            if self._etats[indice] == LIBRE:
                self._etats[indice] = AU_BUILD
            if self._etats[indice] == AU_BUILD:
                return None
        while indice not in self._recus and not self._fils_termine:
            if not self._recevoir(ATTENTE_S) and not self.fils.is_alive():
                logger.debug("anticipation : processus fils arrêté (code %s)", self.fils.exitcode)
                self._fils_termine = True
        resultat = self._recus.pop(indice, None)
        self._du_fils += resultat is not None
        return resultat

    def _recevoir(self, delai: float) -> bool:
        """Range les résultats arrivés (en attendant au plus `delai` le premier) ; False si aucun."""
        recu = False
        try:
            while not self._fils_termine and self._reception.poll(delai):
                indice, resultat = self._reception.recv()
                self._recus[indice] = resultat
                recu, delai = True, 0
        except (EOFError, OSError, ValueError) as exc:  # fils fini (tube fermé) ou résultat illisible
            logger.debug("anticipation : fin des résultats (%s)", exc or type(exc).__name__)
            self._fils_termine = True
        return recu

    def fermer(self) -> None:
        """Arrête le fils s'il travaille encore et rend aux lecteurs leur conversion ordinaire."""
        for lecteur in self._lecteurs:
            if lecteur._anticipation is self:
                lecteur._anticipation = None
        logger.debug(
            "anticipation : %d fichier(s) sur %d convertis par le second processus",
            self._du_fils,
            len(self._indices),
        )
        self._recus.clear()
        self._arret()


def _arreter(fils, reception) -> None:
    if fils.is_alive():
        fils.terminate()
    fils.join()
    fils.close()
    reception.close()


def arreter(generateur) -> None:
    """Après la lecture : ferme l'anticipation des lecteurs de ce générateur, s'il y en a une."""
    for lecteur in generateur.readers.readers.values():
        anticipation = getattr(lecteur, "_anticipation", None)
        if anticipation is not None:
            anticipation.fermer()


def demarrer(generateur) -> Anticipation | None:
    """Lance l'anticipation si la machine s'y prête et qu'il y a assez à convertir ; sinon None."""
    minimum = reglages.lire(generateur.settings)["lecture_parallele_min"]
    if minimum is None or "fork" not in multiprocessing.get_all_start_methods() or sys.platform != "linux":
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    fichiers = fichiers_a_convertir(generateur)
    if len(fichiers) < max(minimum, 1):
        return None
    try:
        return Anticipation(fichiers)
    except OSError as exc:
        logger.debug("anticipation impossible (%s) : Pelican convertit seul", exc)
        return None
