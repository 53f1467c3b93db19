"""Fixtures de la lettre : site d'essai, numéro préparé, vrais serveurs SMTP (aiosmtpd) sur 127.0.0.1.

Les abonnés sont écrits directement dans la base (`inscrire`), comme le service les y mettrait
après une confirmation : les tests de l'envoi ne dépendent pas du service.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from postgresql import port_libre

from outils import RACINE

FIXTURE = RACINE / "tests" / "fixtures" / "lettre"
SECRET = "secret-de-test-assez-long-0123456789"


class Boite:
    """Gestionnaire aiosmtpd : garde les messages acceptés et simule des pannes à la demande.

    - `temporaires[adresse] = n` : les n premiers RCPT de cette adresse reçoivent 451
      (`toujours_temporaires` : indéfiniment) ;
    - `definitifs` : adresses refusées en 550 ;
    - `refuser_expediteur` : MAIL FROM refusé en 553 ; `refuser_message` : DATA refusé en 554 ;
    - `retenir` (un threading.Event) : le premier DATA attend qu'il soit levé avant de répondre
      (`retenu` est levé pendant ce temps : l'envoyeur tient alors son verrou) ;
    - `couper_au` : au n-ième DATA, la connexion est coupée sans réponse (message non accepté) ;
    - `tuer_au`, `victime` : au n-ième DATA, le message est *accepté*, puis le processus d'envoi est
      tué avant d'avoir pu le noter (la fenêtre de doublon documentée) ;
    - `apres[n] = fonction` : au n-ième DATA, le message est accepté puis `fonction()` appelée
      (un test qui change le disque pendant l'envoi).
    """

    def __init__(self):
        self.recus: list[tuple[str, object]] = []
        self.bruts: list[bytes] = []
        self.temporaires: dict[str, int] = {}
        self.toujours_temporaires: set[str] = set()
        self.definitifs: set[str] = set()
        self.refuser_expediteur = False
        self.refuser_message = False
        self.couper_au: int | None = None
        self.tuer_au: int | None = None
        self.apres: dict[int, object] = {}
        self.victime = None
        self.tue: str | None = None
        self.retenir: threading.Event | None = None
        self.retenu = threading.Event()
        self.donnees = 0
        self.verrou = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuser_expediteur:
            return "553 5.7.1 Expediteur non autorise"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.definitifs:
            return "550 5.1.1 Destinataire inconnu"
        if address in self.toujours_temporaires:
            return "452 4.2.2 Boite pleine"
        if self.temporaires.get(address, 0) > 0:
            self.temporaires[address] -= 1
            return "451 4.2.1 Boite pleine, reessayez plus tard"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.verrou:
            self.donnees += 1
            rang = self.donnees
        if self.refuser_message:
            return "554 5.7.1 Message refuse"
        if self.retenir is not None and not self.retenu.is_set():
            self.retenu.set()
            await asyncio.get_running_loop().run_in_executor(None, self.retenir.wait, 60)
        if self.couper_au == rang:
            server.transport.abort()
            return "421 4.3.0 coupure"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.bruts.append(envelope.original_content)
        for destinataire in envelope.rcpt_tos:
            self.recus.append((destinataire, message))
        if self.tuer_au == rang and self.victime is not None:
            # Le serveur a le message ; l'envoyeur meurt avant d'avoir reçu le 250 et noté la remise.
            self.tue = envelope.rcpt_tos[0]
            os.kill(self.victime.pid, signal.SIGKILL)
            self.victime.wait()
        if rang in self.apres:
            self.apres[rang]()
        return "250 Message accepte"

    def copies(self) -> dict[str, int]:
        comptes: dict[str, int] = {}
        for destinataire, _message in self.recus:
            comptes[destinataire] = comptes.get(destinataire, 0) + 1
        return comptes


@contextlib.contextmanager
def serveur_aiosmtpd(**options):
    """(boîte, port) d'un serveur aiosmtpd sur 127.0.0.1, arrêté à la sortie du bloc."""
    boite = Boite()
    controleur = Controller(boite, hostname="127.0.0.1", port=port_libre(), **options)
    controleur.start()
    try:
        yield boite, controleur.port
    finally:
        controleur.stop()


@pytest.fixture
def serveur_smtp():
    with serveur_aiosmtpd() as serveur:
        yield serveur


@pytest.fixture
def serveur_sans_smtputf8():
    """Un serveur qui n'annonce pas SMTPUTF8 : il ne prend pas d'adresse non ASCII."""
    with serveur_aiosmtpd(enable_SMTPUTF8=False) as serveur:
        yield serveur


@pytest.fixture
def serveur_auth_refusee():
    """Un serveur qui propose AUTH et refuse tout identifiant (535)."""
    from aiosmtpd.smtp import AuthResult

    def refuser(*_arguments):
        return AuthResult(success=False, handled=False)

    with serveur_aiosmtpd(auth_require_tls=False, authenticator=refuser) as serveur:
        yield serveur


@pytest.fixture
def serveur_muet():
    """Un port qui accepte les connexions et ne répond jamais (pas même la bannière SMTP)."""
    ecoute = socket.create_server(("127.0.0.1", 0))
    ouvertes: list[socket.socket] = []
    arret = threading.Event()

    def accepter():
        ecoute.settimeout(0.2)
        while not arret.is_set():
            try:
                connexion, _ = ecoute.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            ouvertes.append(connexion)

    fil = threading.Thread(target=accepter, daemon=True)
    fil.start()
    try:
        yield ecoute.getsockname()[1]
    finally:
        arret.set()
        fil.join()
        for connexion in ouvertes:
            connexion.close()
        ecoute.close()


def inscrire(adresse_base: str, abonnes, edition: str = "complete", statut: str = "confirme") -> list[int]:
    """Écrit des abonnés (adresse, ou (adresse, nom)) dans la base, abonnés à `edition` ; leurs ids."""
    from abonnements.base import maintenant, moteur
    from abonnements.tables import abonnements
    from abonnements.tables import abonnes as table_abonnes

    instant = maintenant()
    base = moteur(adresse_base)
    ids = []
    with base.begin() as connexion:
        for abonne in abonnes:
            courriel, nom = (abonne, "") if isinstance(abonne, str) else abonne
            existant = connexion.execute(
                table_abonnes.select().where(table_abonnes.c.courriel_canonique == courriel.lower())
            ).first()
            if existant is None:
                ident = connexion.execute(
                    table_abonnes.insert().values(
                        courriel=courriel,
                        courriel_canonique=courriel.strip().lower(),
                        nom=nom,
                        statut=statut,
                        cree_le=instant,
                        confirme_le=instant if statut == "confirme" else None,
                        modifie_le=instant,
                    )
                ).inserted_primary_key[0]
            else:
                ident = existant.id
            connexion.execute(abonnements.insert().values(abonne_id=ident, edition=edition, depuis=instant))
            ids.append(ident)
    base.dispose()
    return ids


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


def environnement_smtp(port: int, adresse_base: str) -> dict:
    return {
        **os.environ,
        "LETTRE_SMTP_HOTE": "127.0.0.1",
        "LETTRE_SMTP_PORT": str(port),
        "LETTRE_SMTP_SECURITE": "aucune",
        "LETTRE_SECRET": SECRET,
        "ABONNEMENTS_BASE": adresse_base,
        "RACINE_PROJET_LETTRE": str(RACINE),
        "PYTHONPATH": f"{RACINE / 'plugins'}:{RACINE}",
    }


def commande_envoi(reglages, *options) -> list[str]:
    return [
        sys.executable,
        str(RACINE / "gestion.py"),
        "lettre",
        "envoyer",
        "--reglages",
        str(reglages),
        *options,
    ]


def lancer(reglages, env, *options) -> subprocess.CompletedProcess:
    """`gestion.py lettre envoyer --reglages … options`, attendue (sorties gardées)."""
    return subprocess.run(
        commande_envoi(reglages, *options),
        env=env,
        capture_output=True,
        text=True,
        cwd=RACINE,
        check=False,
        timeout=120,
    )


def demarrer(reglages, env, *options) -> subprocess.Popen:
    """La même commande lancée en arrière-plan (sorties gardées)."""
    return subprocess.Popen(
        commande_envoi(reglages, *options),
        env=env,
        cwd=RACINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reglages_modifies(site, nom: str, **valeurs):
    """Une copie de pelicanconf.py du site d'essai, dans le même dossier, avec d'autres valeurs de LETTRE."""
    texte = (site / "pelicanconf.py").read_text(encoding="utf-8")
    ajout = "".join(f"LETTRE[{cle!r}] = {valeur!r}\n" for cle, valeur in valeurs.items())
    chemin = site / nom
    chemin.write_text(texte + ajout, encoding="utf-8")
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
        environnement_smtp=environnement_smtp,
        inscrire=inscrire,
        reglages_modifies=reglages_modifies,
        lancer=lancer,
        demarrer=demarrer,
        fixture=FIXTURE,
    )
