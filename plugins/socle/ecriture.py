"""Écrire un fichier de sortie seulement si son contenu change.

Pelican réécrit toutes les pages à chaque build, presque toutes à l'identique quand une seule
actualité a changé (`make devserver`). Or rouvrir en écriture un fichier existant (troncature,
puis ext4 qui force l'écriture sur disque du fichier remplacé) coûte ici plusieurs fois plus cher
que de le relire pour comparer : pour les ~3 000 fichiers du site de mesure, 0,3 à 0,7 s par build.
Un fichier identique n'est donc pas rouvert en écriture, et garde sa date de modification
(un `rsync` de déploiement ne le renvoie pas non plus).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from pelican.writers import logger as logger_pelican


def ecrire_si_different(chemin: str | os.PathLike, contenu: bytes) -> bool:
    """Écrit `contenu` dans `chemin` sauf si le fichier contient déjà exactement ces octets.

    Renvoie True si le fichier a été écrit. Crée les dossiers manquants.
    """
    chemin = Path(chemin)
    try:
        if chemin.stat().st_size == len(contenu) and chemin.read_bytes() == contenu:
            return False
    except FileNotFoundError:
        chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(contenu)
    return True


def ecrire_atomiquement(chemin: str | os.PathLike, contenu: bytes) -> None:
    """Écrit `contenu` dans un fichier temporaire du même dossier, puis le renomme en `chemin`.

    Un lecteur concurrent (autre build) voit l'ancien fichier ou le nouveau, jamais un morceau ;
    un échec ne laisse pas de fichier temporaire. Crée les dossiers manquants ; lève OSError.
    Pour les caches de CACHE_PATH.
    """
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}-", suffix=".tmp")
    try:
        with os.fdopen(descripteur, "wb") as flux:
            flux.write(contenu)
        os.replace(temporaire, chemin)
    finally:
        Path(temporaire).unlink(missing_ok=True)


class _FichierSiDifferent(io.StringIO):
    """Fichier texte en mémoire, écrit sur le disque à sa fermeture s'il diffère de l'existant."""

    def __init__(self, chemin: str, encodage: str):
        super().__init__()
        self._chemin, self._encodage = chemin, encodage

    def close(self) -> None:
        if not self.closed:
            ecrire_si_different(self._chemin, self.getvalue().encode(self._encodage))
        super().close()


class EcrivainSansReecriture(Writer):
    """Le `Writer` de Pelican, qui ne réécrit pas une page ou un flux identique à celui sur le disque.

    Mêmes contrôles que Pelican (un même fichier écrit deux fois est une erreur, sauf
    `override`) : seule l'ouverture du fichier change.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ecrits_d_avance: set[str] = set()

    def ecrire_d_avance(self, nom: str) -> str:
        """Annonce que la page `nom` (relative à la sortie) est écrite avant son tour.

        Son générateur pourra l'écrire une seconde fois, à sa place habituelle, sans l'erreur
        « déjà écrit » de Pelican : identique, elle ne sera pas réécrite sur le disque.
        Renvoie le chemin complet du fichier.
        """
        chemin = sanitised_join(self.output_path, nom)
        self._ecrits_d_avance.add(chemin)
        return chemin

    def _open_w(self, filename, encoding, override=False):
        if filename in self._ecrits_d_avance and filename in self._written_files and not override:
            self._ecrits_d_avance.discard(filename)  # une seule seconde écriture
            return _FichierSiDifferent(filename, encoding)
        if os.linesep != "\n":  # comparaison d'octets valable sans conversion des fins de ligne
            return super()._open_w(filename, encoding, override)
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger_pelican.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115 (fermé par l'appelant)
        elif filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            logger_pelican.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _FichierSiDifferent(filename, encoding)
