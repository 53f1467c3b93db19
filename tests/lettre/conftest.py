"""Fixtures de la lettre : site d'essai, numéro préparé, vrai serveur SMTP (aiosmtpd) sur 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from outils import RACINE

FIXTURE = RACINE / "tests" / "fixtures" / "lettre"
SECRET = "secret-de-test-assez-long-0123456789"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Boite:
    """Gestionnaire aiosmtpd : garde les messages acceptés et simule des pannes à la demande.

    - `temporaires[adresse] = n` : les n premiers RCPT de cette adresse reçoivent 451 ;
    - `definitifs` : adresses refusées en 550 ;
    - `couper_au` : au n-ième DATA, la connexion est coupée sans réponse (message non accepté) ;
    - `tuer_au`, `victime` : au n-ième DATA, le processus d'envoi est tué (message non accepté).
    """

    def __init__(self):
        self.recus: list[tuple[str, object]] = []
        self.temporaires: dict[str, int] = {}
        self.definitifs: set[str] = set()
        self.couper_au: int | None = None
        self.tuer_au: int | None = None
        self.victime = None
        self.donnees = 0
        self.verrou = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.definitifs:
            return "550 5.1.1 Destinataire inconnu"
        if self.temporaires.get(address, 0) > 0:
            self.temporaires[address] -= 1
            return "451 4.2.1 Boite pleine, reessayez plus tard"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.verrou:
            self.donnees += 1
            rang = self.donnees
        if self.tuer_au == rang and self.victime is not None:
            os.kill(self.victime.pid, signal.SIGKILL)
            self.victime.wait()
            server.transport.abort()
            return "421 4.3.0 arret"
        if self.couper_au == rang:
            server.transport.abort()
            return "421 4.3.0 coupure"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        for destinataire in envelope.rcpt_tos:
            self.recus.append((destinataire, message))
        return "250 Message accepte"

    def copies(self) -> dict[str, int]:
        comptes: dict[str, int] = {}
        for destinataire, _message in self.recus:
            comptes[destinataire] = comptes.get(destinataire, 0) + 1
        return comptes


@pytest.fixture
def serveur_smtp():
    boite = Boite()
    controleur = Controller(boite, hostname="127.0.0.1", port=port_libre())
    controleur.start()
    try:
        yield boite, controleur.port
    finally:
        controleur.stop()


@pytest.fixture(scope="module")
def preparation():
    """Le numéro 2026-04 (édition complète) du site d'essai, préparé comme par la commande d'envoi."""
    from gestion import lire_reglages
    from lettre.commandes import construire_preparation

    fichier = str(FIXTURE / "pelicanconf.py")
    return construire_preparation(lire_reglages(publication=True, fichier=fichier), "complete", fichier)


@pytest.fixture
def site_copie(tmp_path):
    """Une copie du site d'essai (la commande d'envoi écrit dans son registre)."""
    copie = tmp_path / "site"
    shutil.copytree(FIXTURE, copie)
    return copie


def environnement_smtp(port: int, journaux: Path) -> dict:
    return {
        **os.environ,
        "LETTRE_SMTP_HOTE": "127.0.0.1",
        "LETTRE_SMTP_PORT": str(port),
        "LETTRE_SMTP_SECURITE": "aucune",
        "LETTRE_SECRET": SECRET,
        "LETTRE_JOURNAUX": str(journaux),
        "RACINE_PROJET_LETTRE": str(RACINE),
        "PYTHONPATH": f"{RACINE / 'plugins'}:{RACINE}",
    }


def ecrire_abonnes(chemin: Path, adresses: list[str]) -> Path:
    chemin.write_text(
        "courriel,nom\n" + "".join(f"{a},Abonné {i}\n" for i, a in enumerate(adresses)), encoding="utf-8"
    )
    return chemin


@pytest.fixture
def secret() -> str:
    return SECRET


@pytest.fixture
def port_ferme() -> int:
    """Un port où rien n'écoute (serveur injoignable)."""
    return port_libre()


@pytest.fixture
def aides():
    """Fonctions d'aide des tests d'envoi (les tests n'importent pas conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        environnement_smtp=environnement_smtp, ecrire_abonnes=ecrire_abonnes, fixture=FIXTURE
    )
