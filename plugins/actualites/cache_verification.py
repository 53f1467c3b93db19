"""Constats de la vérification gardés d'un build à l'autre, dans CACHE_PATH.

Chaque build vérifie toutes les actualités (en-têtes, mots-clés, liens) : ~0,35 s à 1 000
actualités, à chaque enregistrement pendant `make devserver`. Le constat d'un fichier ne dépend
que de ses octets et de ce qui est pris en compte dans la clé : code de la vérification, versions
de Pelican et d'unidecode (adresses), vocabulaire des mots-clés, date du jour (actualités
programmées), réglages des chemins, et liste des fichiers de `content/` (cibles des liens). Le
constat d'un fichier dont la taille et la date de modification n'ont pas changé est repris tel
quel ; toute autre différence vide le cache. Les doublons (adresses, uid) sont toujours
recherchés sur tous les fichiers, à partir des constats.

Écrit si CACHE_CONTENT, relu si LOAD_CONTENT_CACHE, comme le cache de contenu de Pelican
(la publication, qui ne le relit pas, vérifie donc tout).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from importlib import metadata
from pathlib import Path

from socle import reglages as reglages_socle
from socle.ecriture import ecrire_atomiquement

from . import reglages

logger = logging.getLogger(__name__)

SOUS_DOSSIER = "actualites"
NOM = "verification.pickle"
# Le code dont dépend un constat (messages compris).
MODULES = (
    Path(__file__).with_name("verification.py"),
    Path(__file__).with_name("entetes.py"),
    Path(__file__).with_name("vocabulaire.py"),
    Path(__file__),
    Path(reglages_socle.__file__).with_name("erreurs.py"),
    Path(reglages_socle.__file__).with_name("dates.py"),
)
REGLAGES = ("PATH", "ARTICLE_PATHS", "PAGE_PATHS", "SLUG_REGEX_SUBSTITUTIONS")


def _version(paquet: str) -> str:
    try:
        return metadata.version(paquet)
    except metadata.PackageNotFoundError:
        return "?"


def cle_globale(settings, contexte: dict) -> str:
    """Empreinte de tout ce dont un constat dépend, hors du fichier lui-même."""
    empreinte = hashlib.sha256()
    for module in MODULES:
        empreinte.update(module.read_bytes())
    vocabulaire = reglages_socle.dossier_donnees(settings) / reglages.lire(settings)["vocabulaire"]
    try:
        empreinte.update(vocabulaire.read_bytes())
    except OSError:
        empreinte.update(b"\0vocabulaire illisible")
    reperes = [
        _version("pelican"),
        _version("unidecode"),
        contexte["vocabulaire"] is None,
        contexte["aujourdhui"].isoformat(),
        str(contexte["racine"]),
        *(repr(settings.get(cle)) for cle in REGLAGES),
    ]
    empreinte.update(repr(reperes).encode())
    contenu = str(contexte["contenu"])
    for dossier, sous_dossiers, fichiers in os.walk(contenu):
        sous_dossiers.sort()
        empreinte.update(f"{os.path.relpath(dossier, contenu)}\0{sorted(fichiers)!r}\n".encode())
    return empreinte.hexdigest()


class CacheVerification:
    """Les constats du build précédent, et ceux de ce build à garder pour le suivant."""

    def __init__(self, fichier: Path | None, cle: str, anciens: dict):
        self._fichier, self._cle = fichier, cle
        self._anciens = anciens
        self._nouveaux: dict[str, tuple] = {}
        self._recalcules = 0

    @classmethod
    def ouvrir(cls, settings, contexte: dict) -> CacheVerification:
        if not settings.get("CACHE_CONTENT") or not settings.get("CACHE_PATH"):
            return cls(None, "", {})
        fichier = Path(settings["CACHE_PATH"]) / SOUS_DOSSIER / NOM
        cle = cle_globale(settings, contexte)
        anciens = {}
        if settings.get("LOAD_CONTENT_CACHE"):
            try:
                with fichier.open("rb") as flux:
                    contenu = pickle.load(flux)
                if contenu.get("cle") == cle:
                    anciens = contenu["constats"]
            except Exception as exc:  # noqa: BLE001 — cache absent, illisible ou d'une autre version
                logger.debug("vérification : cache non relu (%s)", exc)
        return cls(fichier, cle, anciens)

    def constat(self, fichier: Path, genre: str, calculer):
        """Le constat gardé pour `fichier` s'il n'a pas changé, sinon `calculer()`."""
        try:
            etat = os.stat(fichier)
            signature = (genre, etat.st_size, etat.st_mtime_ns)
        except OSError:
            return calculer()
        cle = str(fichier)
        garde = self._anciens.get(cle)
        if garde is not None and garde[0] == signature:
            constat = garde[1]
        else:
            constat = calculer()
            self._recalcules += 1
        self._nouveaux[cle] = (signature, constat)
        return constat

    def enregistrer(self) -> None:
        """Écrit les constats de ce build, s'il y a du nouveau (écriture atomique)."""
        if self._fichier is None or (not self._recalcules and self._nouveaux.keys() == self._anciens.keys()):
            return
        contenu = pickle.dumps({"cle": self._cle, "constats": self._nouveaux}, pickle.HIGHEST_PROTOCOL)
        try:
            ecrire_atomiquement(self._fichier, contenu)
        except OSError as exc:
            logger.debug("vérification : cache non écrit (%s)", exc)
