"""`make abonnements SITE=…` sert l'autre site : ses pages portent son nom, pas celui de Maillage."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time

import requests

from outils import RACINE, lancer_gestion


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


@contextlib.contextmanager
def make_abonnements(site, port: int, dossier):
    """`make abonnements SITE=site ABONNEMENTS_PORT=port` (SQLite dans `dossier`) ; arrêté à la fin."""
    environ = {
        **os.environ,
        "ABONNEMENTS_BASE": f"sqlite:///{dossier / 'abonnes.db'}",
        "ABONNEMENTS_COURRIELS": "journal",
        "ABONNEMENTS_URL": f"http://127.0.0.1:{port}",
    }
    environ.pop("ABONNEMENTS_REGLAGES_SITE", None)
    journal = dossier / "service.log"
    with journal.open("wb") as sortie:
        # Groupe à lui : make et le service qu'il lance s'arrêtent ensemble (par le PID de make).
        processus = subprocess.Popen(
            ["make", "-s", "abonnements", f"SITE={site}", f"ABONNEMENTS_PORT={port}"],
            cwd=RACINE,
            env=environ,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        limite = time.monotonic() + 60
        while True:
            assert processus.poll() is None, journal.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < limite, "pas de réponse en 60 s"
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"http://127.0.0.1:{port}/sante", timeout=5).status_code == 200:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):  # déjà arrêté (erreur au démarrage)
            os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=30)


def test_make_abonnements_sert_le_site_choisi(tmp_path):
    site = tmp_path / "site"
    assert lancer_gestion("nouveau-site", str(site), "--nom", "Les Ruches").returncode == 0
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as reglages:
        reglages.write(
            'PLUGINS = [*PLUGINS, "lettre"]\nLETTRE = {"service_url": "http://127.0.0.1:8001", "expediteur": "Les Ruches <l@ruches.example>"}\n'
        )
    with make_abonnements(site, port_libre(), tmp_path) as service:
        # Une demande sans consentement : la page de refus, aux couleurs et au nom du site.
        reponse = requests.post(
            f"{service}/inscription",
            data={"courriel": "a@exemple.org", "editions": "complete"},
            headers={"Origin": "http://localhost:8000"},
            timeout=20,
        )
    assert "· Les Ruches</title>" in reponse.text
    assert "Maillage" not in reponse.text
