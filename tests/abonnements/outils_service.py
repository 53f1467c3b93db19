"""Aides des tests du service d'abonnement : lancer le vrai service (python -m abonnements) sur
127.0.0.1 dans un sous-processus (arrêté par son PID), boîte SMTP (aiosmtpd), liens des courriels.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import requests
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from postgresql import port_libre

from outils import RACINE

SECRET = "secret-des-essais-du-service-0123456789"
SITE = "https://site.essai.example"


class Boite:
    """Gestionnaire aiosmtpd : garde chaque message reçu, par destinataire."""

    def __init__(self):
        self.recus: list[tuple[str, object]] = []
        self.verrou = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.verrou:
            for destinataire in envelope.rcpt_tos:
                self.recus.append((destinataire, message))
        return "250 Message accepte"

    def pour(self, adresse: str) -> list:
        with self.verrou:
            return [m for d, m in self.recus if d == adresse]

    def attendre(self, adresse: str, nombre: int = 1, delai_s: float = 15.0) -> list:
        """Les messages reçus pour `adresse`, dès qu'il y en a `nombre` (échec après le délai)."""
        limite = time.monotonic() + delai_s
        while time.monotonic() < limite:
            messages = self.pour(adresse)
            if len(messages) >= nombre:
                return messages
            time.sleep(0.05)
        raise AssertionError(
            f"{nombre} courriel(s) attendu(s) pour {adresse}, reçu(s) : {len(self.pour(adresse))}"
        )


@contextlib.contextmanager
def serveur_smtp(boite, port: int | None = None):
    """Un vrai serveur SMTP (aiosmtpd) sur 127.0.0.1 qui remet à `boite` ; renvoie son port."""
    port = port or port_libre()
    controleur = Controller(boite, hostname="127.0.0.1", port=port)
    controleur.start()
    try:
        yield port
    finally:
        controleur.stop()


def lien_du_courriel(message, chemin: str) -> str:
    corps = message.get_body(preferencelist=("plain",)).get_content()
    trouve = re.search(rf"https?://\S+/{chemin}/\S+", corps)
    assert trouve, corps
    return trouve.group(0)


@dataclass
class ServiceLance:
    url: str
    base: str
    processus: subprocess.Popen
    journal: Path
    moteur: sa.Engine = field(init=False)

    def __post_init__(self):
        from abonnements.base import moteur

        self.moteur = moteur(self.base)

    def arreter(self) -> None:
        if self.processus.poll() is None:
            os.kill(self.processus.pid, signal.SIGTERM)
            try:
                self.processus.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.processus.pid, signal.SIGKILL)
                self.processus.wait()
        self.moteur.dispose()

    def texte_journal(self) -> str:
        return self.journal.read_text(encoding="utf-8", errors="replace")

    def compter(self, table) -> int:
        with self.moteur.connect() as connexion:
            return connexion.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    def poster(self, chemin: str, donnees, origine: str | None = SITE, **options) -> requests.Response:
        entetes = {"Origin": origine} if origine else {}
        entetes.update(options.pop("headers", {}))
        return requests.post(self.url + chemin, data=donnees, headers=entetes, timeout=20, **options)


def environnement_service(base: str, url: str, smtp_port: int, **autres: str) -> dict:
    return {
        **os.environ,
        "LETTRE_SECRET": SECRET,
        "ABONNEMENTS_BASE": base,
        "SITEURL": SITE,
        "ABONNEMENTS_URL": url,
        "LETTRE_SMTP_HOTE": "127.0.0.1",
        "LETTRE_SMTP_PORT": str(smtp_port),
        "LETTRE_SMTP_SECURITE": "aucune",
        "ABONNEMENTS_LIMITE_IP": "100000",
        **autres,
    }


def lancer_service(base: str, journal: Path, environ: dict, port: int) -> ServiceLance:
    """`python -m abonnements` sur 127.0.0.1:port ; rend la main quand il répond."""
    with journal.open("ab") as sortie:
        processus = subprocess.Popen(
            [sys.executable, "-m", "abonnements", "--port", str(port)],
            cwd=RACINE,
            env=environ,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
    service = ServiceLance(f"http://127.0.0.1:{port}", base, processus, journal)
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise RuntimeError("le service s'est arrêté au démarrage :\n" + service.texte_journal())
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return service
        time.sleep(0.1)
    service.arreter()
    raise RuntimeError("le service n'a pas répondu en 60 s :\n" + service.texte_journal())


@contextlib.contextmanager
def service_demarre(base: str, dossier: Path, smtp_port: int, **autres: str):
    port = port_libre()
    url = f"http://127.0.0.1:{port}"
    service = lancer_service(
        base, dossier / "service.log", environnement_service(base, url, smtp_port, **autres), port
    )
    try:
        yield service
    finally:
        service.arreter()
