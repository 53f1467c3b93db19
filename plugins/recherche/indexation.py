"""Index Pagefind du site : la ligne de commande de Pagefind, une fois, après la dernière page écrite.

Au signal `finalized`, toutes les pages sont sur le disque. On lit les pages HTML de la sortie et
on garde celles que Pagefind indexe (dès qu'une page porte `data-pagefind-body`, Pagefind ignore
les autres) ; si leurs chemins et leurs octets, et la version de Pagefind, sont ceux de l'index
présent (`make html` relancé, retouche de CSS, page non indexée modifiée), l'index est gardé tel
quel. Sinon on lance `pagefind`, qui écrit son index et son interface dans `output/pagefind/`, en
lui donnant la liste exacte de ces pages (réglage `glob` de son fichier de configuration) : il ne
relit pas les pages qu'il n'indexerait pas (listes, mots-clés, archives de la lettre), soit à
1 000 actualités environ 40 % de temps de processeur en moins. Une ligne de commande plutôt que le client Python officiel (asynchrone) :
le build tourne aussi dans la boucle asyncio du serveur d'aperçu (`scripts/apercu.py`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

from socle.ecriture import lier_ou_copier

logger = logging.getLogger(__name__)

SOUS_DOSSIER = "pagefind"
TEMOIN = ".empreinte-pages"  # empreinte des pages indexées, à côté de l'index
MARQUEUR_CORPS = b"data-pagefind-body"
LIGNES_D_ERREUR = 15


class ErreurPagefind(RuntimeError):
    """Pagefind absent ou en erreur : message en français, sans trace technique."""


def executable_pagefind() -> Path:
    """Le binaire Pagefind du paquet `pagefind_bin` (dépendance épinglée du projet)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise ErreurPagefind(
            "Pagefind est introuvable (paquet Python pagefind_bin absent) : lancez « make installer »"
        ) from exc
    return Path(get_executable())


def pages_indexees(sortie: Path) -> dict[str, bytes]:
    """{chemin relatif (« / ») : octets} des pages HTML que Pagefind indexera dans `sortie`.

    Comme Pagefind : si au moins une page porte `data-pagefind-body`, seules celles-là comptent.
    Le dossier de l'index lui-même est écarté.
    """
    toutes: dict[str, bytes] = {}
    for dossier, sous_dossiers, fichiers in os.walk(sortie):
        if dossier == str(sortie) and SOUS_DOSSIER in sous_dossiers:
            sous_dossiers.remove(SOUS_DOSSIER)
        for nom in fichiers:
            if nom.endswith(".html"):
                chemin = Path(dossier, nom)
                toutes[chemin.relative_to(sortie).as_posix()] = chemin.read_bytes()
    avec_corps = {relatif: html for relatif, html in toutes.items() if MARQUEUR_CORPS in html}
    return avec_corps or toutes


def empreinte(pages: dict[str, bytes]) -> str:
    """Empreinte des pages indexées (chemins et contenus, dans l'ordre des chemins) et de Pagefind."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = "?"
    somme = hashlib.sha256(f"pagefind {version}\0".encode())
    for relatif in sorted(pages):
        somme.update(relatif.encode() + b"\0" + hashlib.blake2b(pages[relatif], digest_size=16).digest())
    return somme.hexdigest()


# Caractères spéciaux des motifs de Pagefind : échappés pour désigner un fichier tel quel.
SPECIAUX_GLOB = "\\*?[]{},"
# À partir de ce nombre de pages indexées sœurs (« actualites/<slug>/index.html »), le motif les
# désigne ensemble (« actualites/*/index.html ») : une liste exacte de milliers de chemins dépasse
# la taille de motif que Pagefind accepte. Pagefind relit alors aussi les quelques pages voisines
# non indexées (archives par année), qu'il écarte faute de `data-pagefind-body`.
SOEURS_REGROUPEES = 20


def _echapper(chemin: str) -> str:
    return "".join("\\" + c if c in SPECIAUX_GLOB else c for c in chemin)


def motif_des_pages(chemins) -> str:
    """Le motif (`glob` de Pagefind) des pages à lire : ces chemins relatifs, les sœurs nombreuses
    regroupées (voir SOEURS_REGROUPEES)."""
    groupes: dict[tuple[str, str], list[str]] = {}
    for chemin in chemins:
        dossier, _, nom = chemin.rpartition("/")
        parent = dossier.rpartition("/")[0] if "/" in dossier else ("" if dossier else None)
        groupes.setdefault((parent, nom), []).append(chemin)
    motifs = []
    for (parent, nom), membres in groupes.items():
        if parent is not None and len(membres) >= SOEURS_REGROUPEES:
            motifs.append(f"{_echapper(parent)}/*/{_echapper(nom)}" if parent else f"*/{_echapper(nom)}")
        else:
            motifs += [_echapper(chemin) for chemin in membres]
    return "{" + ",".join(sorted(motifs)) + "}"


def index_a_jour(dossier: Path, attendue: str) -> bool:
    try:
        return (dossier / "pagefind.js").is_file() and (dossier / TEMOIN).read_text("utf-8") == attendue
    except OSError:
        return False


def reprendre(ancien: Path, dossier: Path, attendue: str) -> bool:
    """Reprend l'index `ancien` dans `dossier` s'il a été fait sur ces pages ; False sinon (à refaire).

    Par liens physiques (`lier_ou_copier`) : l'index n'est jamais modifié en place (Pagefind l'écrit
    dans un dossier neuf), et le site en place, qui le partage, est effacé juste après la bascule.
    Pas de durée gagnée mesurable à 1 000 actualités, mais 5 Mo de moins écrits à chaque `make html`.
    """
    if ancien.resolve() == dossier.resolve() or not index_a_jour(ancien, attendue):
        return False
    try:
        shutil.rmtree(dossier, ignore_errors=True)
        shutil.copytree(ancien, dossier, copy_function=lier_ou_copier)
    except OSError as exc:
        logger.debug("index de recherche non repris (%s) : Pagefind le refait", exc)
        return False
    return index_a_jour(dossier, attendue)  # le site en place a pu changer pendant la copie


def indexer(sortie: str | os.PathLike, precedente: str | os.PathLike | None = None) -> bool:
    """Écrit l'index de `sortie` sauf s'il est à jour ; renvoie True s'il a été (ré)écrit.

    `precedente` : le site en place, que ce build remplacera (`gestion.py construire` construit dans
    un dossier neuf) ; si son index a été fait sur les mêmes pages, il est recopié au lieu d'être refait.
    """
    sortie = Path(sortie)
    dossier = sortie / SOUS_DOSSIER
    pages = pages_indexees(sortie)
    attendue = empreinte(pages)
    if index_a_jour(dossier, attendue):
        logger.info("Index de recherche Pagefind à jour (aucune page indexée modifiée)")
        return False
    if precedente is not None and reprendre(Path(precedente) / SOUS_DOSSIER, dossier, attendue):
        logger.info("Index de recherche Pagefind repris du site en place (aucune page indexée modifiée)")
        return False
    (dossier / TEMOIN).unlink(missing_ok=True)  # l'index présent ne correspond plus
    # Le motif passe par le fichier de configuration de Pagefind (lu dans le dossier courant),
    # à l'abri des limites de longueur d'un argument.
    configuration = {"site": str(sortie.resolve()), "glob": motif_des_pages(pages)}
    try:
        with tempfile.TemporaryDirectory(prefix="pagefind-") as dossier_conf:
            Path(dossier_conf, "pagefind.json").write_text(json.dumps(configuration), encoding="utf-8")
            resultat = subprocess.run(
                [str(executable_pagefind()), "--quiet"],
                cwd=dossier_conf,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                check=False,
            )
    except OSError as exc:
        raise ErreurPagefind(f"Pagefind n'a pas pu être lancé ({exc}) : lancez « make installer »") from exc
    if resultat.returncode != 0:
        lignes = (resultat.stderr or resultat.stdout).strip().splitlines()[-LIGNES_D_ERREUR:]
        fin = "\n".join(ligne if len(ligne) <= 300 else ligne[:300] + "…" for ligne in lignes)
        raise ErreurPagefind(f"l'indexation Pagefind a échoué (code {resultat.returncode}) : {fin}")
    (dossier / TEMOIN).write_text(attendue, encoding="utf-8")
    logger.info("Index de recherche Pagefind écrit")
    return True
