"""Un vrai serveur PostgreSQL (paquet Debian « postgresql ») démarré dans un dossier temporaire.

Les tests du service d'abonnement et de l'envoi tournent sur SQLite et sur PostgreSQL. Le serveur
écoute sur 127.0.0.1, sur un port libre, et s'arrête par son PID à la fin de la session de tests.
PostgreSQL refuse de tourner en root : sous root (CI), il tourne sous l'utilisateur « postgres »
que crée le paquet Debian, dans un dossier à lui sous /tmp (ceux de pytest lui sont fermés).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def _binaire(nom: str) -> str:
    candidats = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{nom}")) or [shutil.which(nom) or ""]
    if not candidats[-1]:
        raise RuntimeError(
            f"{nom} introuvable : lancez « make test », qui installe le paquet Debian postgresql"
        )
    return candidats[-1]


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeurPostgreSQL:
    """initdb, postgres sur 127.0.0.1:port, une base neuve par demande (`nouvelle_base`)."""

    def __init__(self):
        self.dossier = Path(tempfile.mkdtemp(prefix="essais-postgresql-"))
        self.donnees = self.dossier / "donnees"
        self.port = port_libre()
        self.processus: subprocess.Popen | None = None
        self.utilisateur = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    def _commande(self, *arguments: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *arguments]
        return list(arguments)

    def demarrer(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dossier, "postgres", "postgres")
        subprocess.run(
            self._commande(
                _binaire("initdb"),
                "-D",
                str(self.donnees),
                "-U",
                self.utilisateur,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
        )
        journal = open(self.dossier / "postgres.log", "ab")  # noqa: SIM115 (fermé avec le processus)
        self.processus = subprocess.Popen(
            self._commande(
                _binaire("postgres"),
                "-D",
                str(self.donnees),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self.dossier),
                "-c",
                "fsync=off",
                "-c",
                "max_connections=200",
            ),
            stdout=journal,
            stderr=subprocess.STDOUT,
        )
        journal.close()
        limite = time.monotonic() + 30
        while time.monotonic() < limite:
            if self.processus.poll() is not None:
                raise RuntimeError(
                    "PostgreSQL s'est arrêté au démarrage : "
                    + (self.dossier / "postgres.log").read_text(errors="replace")[-2000:]
                )
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                # Le port répond ; on attend encore que le serveur accepte les connexions.
                if self._psql("SELECT 1").returncode == 0:
                    return
            time.sleep(0.1)
        self.arreter()
        raise RuntimeError("PostgreSQL n'a pas démarré en 30 s")

    def _psql(self, requete: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                _binaire("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                self.utilisateur,
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-qAtc",
                requete,
            ],
            capture_output=True,
            text=True,
        )

    def nouvelle_base(self) -> str:
        """Crée une base vide et renvoie son adresse SQLAlchemy (pilote psycopg 3)."""
        nom = f"essai_{uuid.uuid4().hex[:12]}"
        resultat = self._psql(f'CREATE DATABASE "{nom}"')
        if resultat.returncode != 0:
            raise RuntimeError(f"création de la base {nom} impossible : {resultat.stderr}")
        return f"postgresql+psycopg://{self.utilisateur}@127.0.0.1:{self.port}/{nom}"

    def _pid_postgres(self) -> int | None:
        # Sous root, le processus lancé est runuser, qui ne transmet pas SIGINT : on vise le PID
        # du serveur lui-même, première ligne de postmaster.pid.
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.donnees / "postmaster.pid").read_text().split()[0])
        return None

    def arreter(self) -> None:
        if self.processus is not None and self.processus.poll() is None:
            pid = self._pid_postgres() or self.processus.pid
            # SIGINT : arrêt « fast » de PostgreSQL (les connexions sont coupées, pas d'attente).
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)
            try:
                self.processus.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                self.processus.wait()
        self.processus = None
        shutil.rmtree(self.dossier, ignore_errors=True)
