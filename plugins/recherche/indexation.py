"""Indexation Pagefind pendant le build : chaque page écrite part aussitôt vers Pagefind.

Pelican rend les pages sur un seul cœur ; Pagefind, lancé en mode service juste avant l'écriture
des pages, analyse chacune sur un autre cœur au fur et à mesure (signal `content_written`).
Les pages indexées sont écrites d'abord (`pages_indexees_d_abord`) : dès la première page non
indexée qui suit les actualités, et s'il a rattrapé Pelican, Pagefind écrit l'index, une seule fois,
pendant que Pelican rend le reste ; à la fin (`finalized`), il n'y a en général plus rien à faire.
Le résultat est le même que celui de la ligne de commande `pagefind --site output`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from importlib import metadata
from pathlib import Path

from pelican import signals

from .service import ErreurPagefind, ServicePagefind, executable_pagefind

logger = logging.getLogger(__name__)

SOUS_DOSSIER = "pagefind"
TEMOIN = ".empreinte-pages"  # empreinte des pages indexées, à côté de l'index
CLE_CONTEXTE = "_recherche_indexation"  # l'indexation du build, dans le contexte de Pelican
# Dès qu'une page du site porte cet attribut, Pagefind ignore toutes celles qui ne l'ont pas :
# inutile de lui envoyer les pages de mots-clés, les listes paginées, les archives de la lettre…
MARQUEUR_CORPS = b"data-pagefind-body"
CONFIGURATION = None  # les réglages par défaut de Pagefind, ceux de la ligne de commande d'avant
# Chemins que Pagefind peut relire lui-même (`AddDir` avec ce chemin pour motif) : aucun caractère
# spécial des motifs de fichiers. Les autres pages lui sont envoyées avec leur contenu (`AddFile`).
CHEMIN_LITTERAL = re.compile(r"[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*")
# Écriture anticipée de l'index : pas pour les petits sites, dont l'index s'écrit vite.
PAGES_AVANT_ANTICIPATION = 200
DELAI_DEMARRAGE = 30.0  # secondes
DELAI_ECRITURE = 60.0  # secondes, plus DELAI_PAR_PAGE par page envoyée
DELAI_PAR_PAGE = 0.02
ERREURS_AFFICHEES = 5


def url_pagefind(relatif: str) -> str:
    """L'URL que Pagefind donne à une page d'après son chemin dans `output/` (séparateur « / »).

    Comme sa ligne de commande (pour les pages envoyées par `AddFile` ; avec `AddDir`, Pagefind
    la calcule lui-même) : `actualites/x/index.html` → `/actualites/x/`, `404.html` → `/404.html`.
    L'interface de recherche reçoit donc les mêmes liens qu'avant, en dev comme en publication.
    """
    if relatif == "index.html" or relatif.endswith("/index.html"):
        relatif = relatif[: -len("index.html")]
    return "/" + relatif


def entete_empreinte(executable: Path) -> bytes:
    """Ce dont l'index dépend en plus des pages : version, binaire et configuration de Pagefind."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = "?"
    try:
        etat = os.stat(executable)
        binaire = f"{executable}:{etat.st_size}:{etat.st_mtime_ns}"
    except OSError:
        binaire = str(executable)
    return f"pagefind {version}\0{binaire}\0{CONFIGURATION!r}\0".encode()


def probleme_de_page(reponse: dict | None, attendue: bool) -> str | None:
    """Ce qui ne va pas dans la réponse de Pagefind à une page (`AddDir` ou `AddFile`), sinon None."""
    if reponse is None:
        return "aucune réponse" if attendue else None
    if reponse.get("type") == "Error":
        return str(reponse.get("message"))
    if reponse.get("type") == "IndexedDir" and reponse.get("page_count") != 1:
        return "page introuvable par Pagefind"
    return None


def lire_temoin(dossier: Path) -> list[str]:
    """[empreinte de toutes les pages, empreinte partielle] de l'index présent, ou [] s'il manque."""
    if not all((dossier / nom).is_file() for nom in ("pagefind.js", "pagefind-entry.json", TEMOIN)):
        return []
    return (dossier / TEMOIN).read_text(encoding="utf-8").split("\n")


def fichiers_d_un_index(dossier: Path) -> set[Path]:
    """Les fichiers propres à un état de l'index (métadonnées, morceaux), sans les fragments de pages.

    Un fragment ne dépend que de sa page : ceux d'une écriture anticipée restent bons ensuite.
    """
    fichiers = set(dossier.glob("pagefind.*.pf_meta"))
    for sous_dossier in ("index", "filter"):
        if (dossier / sous_dossier).is_dir():
            fichiers.update((dossier / sous_dossier).iterdir())
    return fichiers


class Indexation:
    """L'indexation d'un build : un service Pagefind, les pages envoyées, leur empreinte.

    Les signaux de Pelican sont globaux ; cet objet ne s'y branche que pour son build, par des
    références faibles, et il est gardé en vie par le contexte de ce build (`CLE_CONTEXTE`).
    Si le build lève une exception, `finalized` n'arrive jamais : le service est alors arrêté au
    début du build suivant (`get_generators`), ou quand le contexte disparaît, ou en fin de processus.
    """

    def __init__(self, settings, sortie: str | os.PathLike):
        self._settings = settings
        self._sortie = os.path.abspath(sortie)
        self._prefixe = os.path.join(self._sortie, "")
        self._dossier = Path(self._sortie) / SOUS_DOSSIER
        executable = executable_pagefind()
        self._service = ServicePagefind(executable)
        self._demande_index = self._service.envoyer("NewIndex", config=CONFIGURATION)
        self._service.expedier()  # l'index sera prêt avant la première page
        self._index_id: int | None = None
        self._entete = entete_empreinte(executable)
        self._pages: dict[int, str] = {}  # identifiant de message → chemin, pour nommer une page refusée
        self._chemins: dict[str, bytes] = {}  # chemin → empreinte de la page envoyée
        # Cas marginaux, où l'on indexe tout `output/` à la fin comme la ligne de commande :
        # une page écrite deux fois (autrement qu'à l'identique), ou aucune page `data-pagefind-body`.
        self._reindexer_tout = False
        self._partielle = ""  # empreinte des pages envoyées avant la première anticipation possible
        self._anticiper: bool | None = None  # None : pas encore décidé
        # Écriture anticipée en cours ou faite : (message, fichiers de l'index d'avant, pages couvertes).
        self._anticipee: tuple[int, set[Path], int] | None = None
        self._brancher()

    # Branchements -------------------------------------------------------------------------

    def _brancher(self) -> None:
        signals.content_written.connect(self.page_ecrite)
        signals.finalized.connect(self.terminer)
        signals.get_generators.connect(self.abandonner)

    def _debrancher(self) -> None:
        signals.content_written.disconnect(self.page_ecrite)
        signals.finalized.disconnect(self.terminer)
        signals.get_generators.disconnect(self.abandonner)

    def arreter(self) -> None:
        self._debrancher()
        self._service.arreter()

    def abandonner(self, _pelican) -> None:
        """Un nouveau build commence alors que celui-ci n'a pas fini (il a levé une exception)."""
        logger.debug("Indexation Pagefind d'un build interrompu abandonnée")
        self.arreter()

    # Pendant le build -----------------------------------------------------------------------

    def _index(self) -> int:
        if self._index_id is None:
            reponse = self._service.attendre(self._demande_index, DELAI_DEMARRAGE)
            if reponse.get("type") != "NewIndex":
                raise ErreurPagefind(f"Pagefind n'a pas créé d'index : {reponse.get('message', reponse)}")
            self._index_id = reponse["index_id"]
        return self._index_id

    def page_ecrite(self, chemin: str, context=None) -> None:
        """`content_written` : relit la page (elle est en cache) et l'envoie à Pagefind si elle compte."""
        proprietaire = context.get(CLE_CONTEXTE) if context else None
        if proprietaire is not None and proprietaire is not self:
            return  # page d'un autre build
        if not chemin.endswith(".html") or self._reindexer_tout:
            return
        if chemin.startswith(self._prefixe):  # le cas de Pelican : chemin absolu sous `output/`
            relatif = chemin[len(self._prefixe) :]
        else:
            relatif = os.path.relpath(chemin, self._sortie)
            if relatif.startswith(os.pardir):
                return
        with open(chemin, "rb", buffering=0) as fichier:
            html = fichier.readall()
        if MARQUEUR_CORPS not in html:
            if len(self._pages) >= PAGES_AVANT_ANTICIPATION and self._service.en_marche:
                self._anticiper_l_ecriture()
            return
        relatif = relatif.replace(os.sep, "/")
        empreinte_page = hashlib.blake2b(html, digest_size=16).digest()
        if relatif in self._chemins:
            # Page réécrite à l'identique (écrite d'avance, voir actualites/priorite.py) : rien à
            # refaire. Autrement, Pagefind ne sait pas retirer la première version envoyée.
            if self._chemins[relatif] != empreinte_page:
                self._reindexer_tout = True
            return
        self._chemins[relatif] = empreinte_page
        if not self._service.en_marche:
            return  # Pagefind s'est arrêté : l'erreur est signalée à la fin
        if CHEMIN_LITTERAL.fullmatch(relatif):
            # Pagefind relit la page (en cache) et calcule son URL comme sa ligne de commande :
            # rien à encoder ici, et moins de travail pour lui qu'un contenu en JSON et base64.
            message = self._service.envoyer("AddDir", index_id=self._index(), path=self._sortie, glob=relatif)
        else:
            message = self._service.envoyer(
                "AddFile",
                index_id=self._index(),
                url=url_pagefind(relatif),
                file_contents=html.decode("utf-8", "replace"),
            )
        self._pages[message] = relatif

    def _empreinte(self) -> str:
        """Empreinte des pages envoyées (chemins et contenus), quel que soit leur ordre d'écriture,
        et de ce dont l'index dépend en plus (version et configuration de Pagefind)."""
        empreinte = hashlib.sha256(self._entete)
        for relatif, empreinte_page in sorted(self._chemins.items()):
            empreinte.update(f"{relatif}\0".encode() + empreinte_page)
        return empreinte.hexdigest()

    def _anticiper_l_ecriture(self) -> None:
        """Une page non indexée suit des pages indexées : Pagefind, s'il n'a rien d'autre à faire,
        écrit déjà l'index de celles-ci, une seule fois par build.

        Les pages indexées passent d'abord (`pages_indexees_d_abord`) : c'est en général l'index
        définitif, écrit pendant que Pelican rend le reste. Sinon, Pagefind récrit tout à la fin
        (fragments compris) : une seconde anticipation doublerait ce travail, qui prend déjà sur
        deux cœurs le temps de calcul dont Pelican a besoin (mesuré : 12,5 et 11,3 s par build
        sans anticipation, 14,0 et 14,2 s avec des anticipations répétées).
        """
        if self._anticiper is None:
            # Première occasion : si les pages envoyées jusqu'ici sont celles de l'index présent
            # (build sans changement), on ne touche à rien, l'index sera sans doute gardé tel quel.
            self._partielle = f"{len(self._chemins)} {self._empreinte()}"
            self._anticiper = lire_temoin(self._dossier)[1:2] != [self._partielle]
            if self._anticiper:
                (self._dossier / TEMOIN).unlink(missing_ok=True)  # l'index présent va changer
        if not self._anticiper or self._reindexer_tout:
            return
        if self._anticipee is not None:
            return  # déjà faite
        if not self._service.inoccupe:
            # Pagefind a du retard : une écriture de plus ne ferait que lui prendre du temps.
            # On réessaiera à la prochaine page non indexée.
            return
        avant = fichiers_d_un_index(self._dossier)
        message = self._ecrire(self._index())
        self._service.expedier()
        self._anticipee = (message, avant, len(self._pages))

    def _retirer_l_anticipee(self) -> None:
        """Attend l'écriture anticipée, puis efface ses métadonnées et ses morceaux d'index (pas ses fragments)."""
        message, avant, _ = self._anticipee
        self._exiger_ecriture(message)
        for fichier in fichiers_d_un_index(self._dossier) - avant:
            fichier.unlink(missing_ok=True)
        self._anticipee = None

    # Fin du build ---------------------------------------------------------------------------

    def terminer(self, pelican) -> None:
        """`finalized` : écrit l'index dans `output/pagefind/`, sauf s'il est déjà à jour ; arrête Pagefind."""
        if pelican.settings is not self._settings:
            return
        try:
            self._ecrire_index()
        finally:
            self.arreter()

    def _ecrire_index(self) -> None:
        temoin = self._dossier / TEMOIN
        if self._reindexer_tout or not self._chemins:
            if self._anticipee is not None:
                self._retirer_l_anticipee()
            self._indexer_le_dossier()
            temoin.unlink(missing_ok=True)  # index fait d'autres pages que celles de l'empreinte
            return
        empreinte = self._empreinte()
        # Pelican réécrit toutes les pages à chaque build, à l'identique si rien n'a changé
        # (`make html` relancé, `pelican -r` après une retouche de CSS). Pagefind les a déjà
        # analysées en parallèle, mais construire et écrire l'index coûte encore : on s'en passe
        # si les pages envoyées (chemin et contenu), la version et la configuration de Pagefind sont
        # celles de l'index présent. Leurs erreurs éventuelles auraient empêché d'écrire ce témoin.
        if self._anticipee is None and lire_temoin(self._dossier)[:1] == [empreinte]:
            self._verifier_pages(attendre=False)
            logger.info("Index de recherche Pagefind à jour (aucune page indexée modifiée)")
            return
        self._verifier_pages(attendre=True)
        if self._anticipee is not None and self._anticipee[2] == len(self._pages):
            self._exiger_ecriture(self._anticipee[0])  # l'écriture anticipée a tout couvert
        else:
            if self._anticipee is not None:
                self._retirer_l_anticipee()
            self._exiger_ecriture(self._ecrire(self._index()))
        temoin.write_text(f"{empreinte}\n{self._partielle}", encoding="utf-8")
        logger.info("Index de recherche Pagefind écrit (%d pages)", len(self._pages))

    def _indexer_le_dossier(self) -> None:
        """Repli rare (voir `_reindexer_tout`) : tout `output/`, comme la ligne de commande."""
        logger.info("Index de recherche Pagefind : indexation de tout le dossier de sortie")
        nouvel_index = self._exiger(self._service.envoyer("NewIndex", config=CONFIGURATION), DELAI_DEMARRAGE)
        index_id = nouvel_index["index_id"]
        self._exiger(self._service.envoyer("AddDir", index_id=index_id, path=self._sortie), DELAI_ECRITURE)
        self._exiger_ecriture(self._ecrire(index_id))

    def _ecrire(self, index_id: int) -> int:
        return self._service.envoyer("WriteFiles", index_id=index_id, output_path=str(self._dossier))

    def _exiger_ecriture(self, message: int) -> None:
        """La réponse à `WriteFiles`, puis la fin effective de ses écritures sur le disque."""
        self._exiger(message, DELAI_ECRITURE)
        self._service.attendre_ecritures(self._dossier, DELAI_DEMARRAGE)

    def _exiger(self, message: int, delai: float) -> dict:
        reponse = self._service.attendre(message, delai + DELAI_PAR_PAGE * len(self._pages))
        if reponse.get("type") == "Error":
            raise ErreurPagefind(f"l'indexation Pagefind a échoué : {reponse.get('message')}")
        return reponse

    def _verifier_pages(self, attendre: bool) -> None:
        """Chaque page envoyée doit avoir été acceptée par Pagefind."""
        if attendre:
            limite = time.monotonic() + DELAI_ECRITURE + DELAI_PAR_PAGE * len(self._pages)
            for message in self._pages:  # sans attente pour celles qui ont déjà leur réponse
                self._service.attendre(message, max(0.0, limite - time.monotonic()))
        reponses, erreurs = self._service.reponses(self._pages)
        for message, reponse in reponses.items():
            probleme = probleme_de_page(reponse, attendre)
            if probleme:
                erreurs.append(f"{self._pages[message]} : {probleme}")
        if erreurs:
            raise ErreurPagefind(
                f"l'indexation Pagefind a échoué pour {len(erreurs)} page(s) : "
                + " ; ".join(erreurs[:ERREURS_AFFICHEES])
            )
