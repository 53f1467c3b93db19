"""Écrire les fichiers que nos plugins produisent eux-mêmes (calendriers, flux de la lettre, caches).

Les pages passent par le `Writer` de Pelican, tel quel.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def ecrire_si_different(chemin: str | os.PathLike, contenu: bytes) -> bool:
    """Écrit `contenu` dans `chemin` sauf si le fichier contient déjà exactement ces octets.

    Renvoie True si le fichier a été écrit. Crée les dossiers manquants. Un fichier identique garde
    sa date de modification (un `rsync` de déploiement ne le renvoie pas).
    """
    chemin = Path(chemin)
    try:
        if chemin.stat().st_size == len(contenu) and chemin.read_bytes() == contenu:
            return False
    except FileNotFoundError:
        chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(contenu)
    return True


def ecrire_atomiquement(chemin: str | os.PathLike, contenu: bytes, *, durable: bool = False) -> None:
    """Écrit `contenu` dans un fichier temporaire du même dossier, puis le renomme en `chemin`.

    Un lecteur concurrent (autre build) voit l'ancien fichier ou le nouveau, jamais un morceau ;
    un échec ne laisse pas de fichier temporaire. Crée les dossiers manquants ; lève OSError.
    Le fichier est lisible de tous (0644, comme un fichier du site : `mkstemp` le créerait lisible
    de son seul propriétaire, et un serveur web ne pourrait pas le servir). `durable` : sur le
    disque avant le renommage (`fsync`), pour un fichier que rien ne pourrait refaire (registre).
    """
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=f".{chemin.name}-", suffix=".tmp")
    try:
        with os.fdopen(descripteur, "wb") as flux:
            flux.write(contenu)
            if durable:
                flux.flush()
                os.fsync(flux.fileno())
        os.chmod(temporaire, 0o644)
        os.replace(temporaire, chemin)
    finally:
        Path(temporaire).unlink(missing_ok=True)


def lier_ou_copier(source: str | os.PathLike, destination: str | os.PathLike) -> str:
    """Publie `source` en `destination` par un lien physique (comme STATIC_CREATE_LINKS de Pelican),
    sinon (autre disque, système sans liens) par une copie ; renvoie `destination`.

    Pour ce que le build reprend tel quel sans jamais le modifier (bundle de l'éditeur, index de
    recherche du site en place) : ni données recopiées, ni nouveaux fichiers sur le disque.
    S'utilise aussi comme `copy_function` de `shutil.copytree`.
    """
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return str(destination)
