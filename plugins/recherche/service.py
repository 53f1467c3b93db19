"""Client synchrone du mode service de Pagefind (`pagefind --service`).

Le protocole : chaque requête est `base64(JSON)` suivi d'une virgule sur l'entrée standard ;
les réponses reviennent de même sur la sortie standard, avec le `message_id` de la requête.

Le client asynchrone officiel (`pagefind.index.PagefindIndex`) attend 0,1 s par réponse :
100 s pour 1 000 pages. Ici, un fil écrit les requêtes mises en file (Pelican ne bloque jamais
sur un tube plein) et un autre lit les réponses ; seules les attentes explicites (`attendre`)
bloquent, et toujours avec un délai.

Les deux fils prennent le verrou global de Python à chaque réveil, au détriment du rendu des
pages : les requêtes partent donc par lots, et le fil de lecture ne se réveille qu'une vingtaine
de fois par seconde, sauf quand quelqu'un attend une réponse.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import queue
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

from socle.processus import PRIORITE_FIN, en_priorite_basse

logger = logging.getLogger(__name__)

DELAI_ARRET = 5.0  # secondes laissées à Pagefind pour quitter après la fin de son entrée
REQUETES_PAR_LOT = 32
PAUSE_LECTURE = 0.05  # secondes entre deux lectures des réponses quand personne ne les attend
PAUSE_ECRITURES = 0.5  # secondes laissées à Pagefind pour finir d'écrire, là où /proc manque
# Priorité basse (`nice`) : Pagefind, qui a plusieurs fils, ne prend que le temps de calcul dont
# Pelican n'a pas besoin ; sans cela, sur deux cœurs, il ralentit le rendu des pages.
GENTILLESSE = PRIORITE_FIN


class ErreurPagefind(RuntimeError):
    """Pagefind absent, arrêté ou en erreur : message en français, sans trace technique."""


def executable_pagefind() -> Path:
    """Le binaire Pagefind du paquet `pagefind_bin` (dépendance épinglée du projet)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise ErreurPagefind(
            "Pagefind est introuvable (paquet Python pagefind_bin absent) : lancez « make installer »"
        ) from exc
    return Path(get_executable())


class _Reponses:
    """Réponses reçues, partagées entre le fil de lecture et le fil de Pelican."""

    def __init__(self):
        self.condition = threading.Condition()
        self.attente = threading.Event()  # quelqu'un attend une réponse : lire sans pause
        self.par_message: dict[int, dict] = {}
        self.erreurs: list[str] = []  # erreurs sans requête identifiable
        self.fini = False  # la sortie de Pagefind est fermée : plus rien n'arrivera

    def recevoir(self, brut: bytes) -> None:
        # Un `println!` de Pagefind (fichier illisible…) peut précéder une réponse sur la même
        # sortie : le base64 ne contient pas de fin de ligne, le texte qui précède est mis à part.
        texte, _, message = brut.rpartition(b"\n")
        if texte.strip():
            logger.warning("Pagefind : %s", texte.decode("utf-8", "replace").strip())
        if not message.strip():
            return
        try:
            reponse = json.loads(base64.b64decode(message, validate=True))
            identifiant = reponse.get("message_id")
            contenu = reponse["payload"]
        except (binascii.Error, ValueError, KeyError, TypeError, AttributeError):
            # Texte hors protocole : une réponse qu'il aurait abîmée manquera, et cela se verra.
            logger.warning("Pagefind : sortie inattendue : %s", message[:200].decode("utf-8", "replace"))
            return
        with self.condition:
            if identifiant is None:
                self.erreurs.append(str(contenu.get("message") or contenu))
            else:
                self.par_message[identifiant] = contenu
            self.condition.notify_all()

    def terminer(self) -> None:
        with self.condition:
            self.fini = True
            self.condition.notify_all()


def _lire_reponses(sortie, reponses: _Reponses) -> None:
    """Fil de lecture : découpe la sortie de Pagefind aux virgules, jusqu'à sa fermeture."""
    tampon = bytearray()
    try:
        while bloc := sortie.read1(1 << 16):
            tampon += bloc
            *messages, reste = tampon.split(b",")
            for message in messages:
                reponses.recevoir(bytes(message))
            tampon = bytearray(reste)
            reponses.attente.wait(PAUSE_LECTURE)  # laisse les réponses s'accumuler dans le tube
    except (OSError, ValueError):  # tube fermé par l'arrêt forcé
        pass
    finally:
        reponses.terminer()


def _ecrire_requetes(entree, file: queue.SimpleQueue) -> None:
    """Fil d'écriture : vide la file dans l'entrée de Pagefind ; `None` ferme l'entrée."""
    try:
        while (lot := file.get()) is not None:
            entree.write(lot)
            entree.flush()
    except (OSError, ValueError):  # Pagefind s'est arrêté : les réponses manquantes le diront
        pass
    finally:
        try:
            entree.close()  # fin de l'entrée : Pagefind quitte
        except OSError:
            pass


def _arreter(processus: subprocess.Popen, file: queue.SimpleQueue, fils, journal) -> None:
    """Arrête Pagefind (fin de son entrée, puis arrêt forcé) et ferme les tubes."""
    file.put(None)
    try:
        processus.wait(timeout=DELAI_ARRET)
    except subprocess.TimeoutExpired:
        processus.kill()
        processus.wait()
    for fil in fils:  # les tubes sont fermés côté Pagefind : les deux fils finissent aussitôt
        fil.join(timeout=DELAI_ARRET)
    processus.stdout.close()
    journal.close()


class ServicePagefind:
    """Un processus `pagefind --service` et ses deux fils d'échange.

    `envoyer` ne bloque jamais ; `attendre` bloque au plus `delai` secondes. Le processus est
    arrêté par `arreter`, ou à défaut quand l'objet disparaît (build interrompu par une
    exception) ou à la sortie de Python.
    """

    def __init__(self, executable: Path):
        if not os.access(executable, os.X_OK):  # vérifié ici : `nice` masquerait l'erreur
            raise ErreurPagefind(
                f"impossible de lancer Pagefind ({executable}) : fichier absent ou non exécutable ; "
                "relancez « make installer »"
            )
        self._journal = tempfile.TemporaryFile()  # stderr : lu seulement pour expliquer un échec
        try:
            self._processus = subprocess.Popen(
                en_priorite_basse([str(executable), "--service"], GENTILLESSE),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._journal,
            )
        except OSError as exc:
            self._journal.close()
            raise ErreurPagefind(
                f"impossible de lancer Pagefind ({executable}) : {exc.strerror or exc} ; "
                "relancez « make installer »"
            ) from exc
        self._file: queue.SimpleQueue = queue.SimpleQueue()
        self._lot: list[bytes] = []
        self._reponses = _Reponses()
        self._prochain = 0
        self._expedie = 0  # identifiant du dernier message expédié
        # Les fils ne tiennent pas l'objet : s'il disparaît, `weakref.finalize` arrête Pagefind.
        fils = (
            threading.Thread(
                target=_ecrire_requetes, args=(self._processus.stdin, self._file), name="pagefind-ecriture"
            ),
            threading.Thread(
                target=_lire_reponses, args=(self._processus.stdout, self._reponses), name="pagefind-lecture"
            ),
        )
        for fil in fils:
            fil.daemon = True
            fil.start()
        self._arret = weakref.finalize(self, _arreter, self._processus, self._file, fils, self._journal)

    def envoyer(self, type_: str, **champs) -> int:
        """Ajoute une requête au lot en cours (parti tous les `REQUETES_PAR_LOT`) ; renvoie son identifiant."""
        self._prochain += 1
        requete = {"message_id": self._prochain, "payload": {"type": type_, **champs}}
        # `json.dumps` sans option reprend un encodeur tout prêt : le plus rapide.
        self._lot.append(base64.b64encode(json.dumps(requete).encode("ascii")) + b",")
        if len(self._lot) >= REQUETES_PAR_LOT:
            self.expedier()
        return self._prochain

    def expedier(self) -> None:
        """Confie le lot en cours au fil d'écriture."""
        if self._lot:
            self._file.put(b"".join(self._lot))
            self._lot = []
            self._expedie = self._prochain

    @property
    def inoccupe(self) -> bool:
        """Pagefind a répondu à tout ce qui lui a été expédié (il traite les requêtes dans l'ordre)."""
        return self._expedie == 0 or self._expedie in self._reponses.par_message

    @property
    def en_marche(self) -> bool:
        return not self._reponses.fini

    def attendre(self, message_id: int, delai: float) -> dict:
        """La réponse au message `message_id` (peut-être une erreur) ; lève `ErreurPagefind` si
        Pagefind s'est arrêté avant de répondre ou si le délai est dépassé."""
        self.expedier()
        reponses = self._reponses
        with reponses.condition:
            reponses.attente.set()
            try:
                recue = reponses.condition.wait_for(
                    lambda: message_id in reponses.par_message or reponses.fini, timeout=delai
                )
            finally:
                reponses.attente.clear()
            reponse = reponses.par_message.get(message_id)
        if reponse is None:
            if not recue:
                raise ErreurPagefind("Pagefind ne répond plus (délai d'attente dépassé)")
            raise ErreurPagefind(f"Pagefind s'est arrêté en cours de route{self._explication()}")
        return reponse

    def reponses(self, messages: Iterable[int]) -> tuple[dict[int, dict | None], list[str]]:
        """Sans attendre : la réponse reçue pour chaque message (ou None), et les erreurs sans message."""
        with self._reponses.condition:
            return {m: self._reponses.par_message.get(m) for m in messages}, list(self._reponses.erreurs)

    def attendre_ecritures(self, dossier: Path, delai: float) -> None:
        """Attend que Pagefind ait fini d'écrire dans `dossier` après sa réponse à `WriteFiles`.

        Pagefind répond dès que ses écritures sont lancées, pas finies ; or il quitte sur-le-champ
        à la fin de son entrée, en laissant des fichiers vides (`pagefind-entry.json`…). Un fichier
        en cours d'écriture reste ouvert : on attend qu'il n'en ait plus aucun ouvert dans `dossier`.
        """
        descripteurs = Path(f"/proc/{self._processus.pid}/fd")
        if not Path("/proc/self/fd").is_dir():  # pas de /proc (hors Linux) : un délai de grâce
            time.sleep(PAUSE_ECRITURES)
            return
        prefixe = os.path.join(os.path.realpath(dossier), "")  # /proc donne des chemins réels
        limite = time.monotonic() + delai
        while descripteurs.is_dir():  # le processus existe encore
            try:
                ouverts = [os.readlink(descripteurs / d) for d in os.listdir(descripteurs)]
            except FileNotFoundError:  # un descripteur fermé entre-temps : on regarde de nouveau
                ouverts = [prefixe]
            except OSError:  # processus terminé : plus rien ne s'écrit
                return
            if not any(chemin.startswith(prefixe) for chemin in ouverts):
                return
            if time.monotonic() > limite:
                raise ErreurPagefind("Pagefind n'a pas fini d'écrire l'index de recherche")
            time.sleep(0.002)

    def _explication(self) -> str:
        try:
            self._journal.seek(0)
            texte = self._journal.read()[-2000:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            texte = ""
        return f" : {texte}" if texte else ""

    def arreter(self) -> None:
        """Ferme l'entrée de Pagefind (il quitte), l'arrête de force au bout de quelques secondes."""
        self._arret()
