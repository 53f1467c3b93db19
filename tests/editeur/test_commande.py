"""`gestion.py editeur` (make editeur) : le site et le proxy sur 127.0.0.1, arrêtés ensemble."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from depot_copie import copier_depot, port_libre

from outils import RACINE


def ports_ecoutes() -> dict[int, str]:
    """Port → adresse IPv4 des sockets TCP en écoute (lu dans /proc/net/tcp, Linux)."""
    ecoutes = {}
    for ligne in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        locale, _distante, etat = ligne.split()[1:4]
        if etat == "0A":
            adresse, port = locale.split(":")
            ecoutes[int(port, 16)] = ".".join(str(int(adresse[i : i + 2], 16)) for i in (6, 4, 2, 0))
    return ecoutes


def lire(url: str, donnees: bytes | None = None) -> bytes:
    requete = urllib.request.Request(url, data=donnees, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(requete, timeout=5) as reponse:
        return reponse.read()


def attendre(url: str, donnees: bytes | None = None, delai: float = 90) -> bytes:
    """La réponse de `url` dès qu'il répond (le site et le proxy démarrent chacun à leur rythme)."""
    fin = time.monotonic() + delai
    while True:
        try:
            return lire(url, donnees)
        except OSError:
            if time.monotonic() > fin:
                raise
            time.sleep(0.5)


def test_make_editeur_sert_sur_127_0_0_1_et_s_arrete(tmp_path):
    # Dans la suite complète lancée sur un clone neuf, le proxy a deux fois cessé de répondre juste
    # après avoir annoncé son écoute (cause non trouvée, jamais reproduit seul) : un second essai, sur
    # d'autres ports, avant de conclure. Voir la note de clôture du 2026-12-01.
    for essai in (1, 2):
        try:
            return essayer_make_editeur(tmp_path / f"essai-{essai}")
        except urllib.error.URLError:
            if essai == 2:
                raise


def essayer_make_editeur(tmp_path):
    tmp_path.mkdir()
    port = port_libre()
    while port + 1 in ports_ecoutes():
        port = port_libre()
    reglages = copier_depot(tmp_path / "depot", port + 1)
    journal = (tmp_path / "editeur.log").open("w")
    commande = [
        sys.executable,
        str(RACINE / "gestion.py"),
        "editeur",
        "--port",
        str(port),
        "--reglages",
        str(reglages),
    ]
    processus = subprocess.Popen(commande, cwd=tmp_path, stdout=journal, stderr=subprocess.STDOUT)
    try:
        config = yaml.safe_load(attendre(f"http://127.0.0.1:{port}/admin/config.yml"))
        assert config["local_backend"]["url"] == f"http://127.0.0.1:{port + 1}/api/v1"
        info = json.loads(
            attendre(config["local_backend"]["url"], b'{"action":"info","params":{"branch":"main"}}')
        )
        assert info["repo"] == "depot", "le proxy écrit dans le dépôt des réglages donnés"
        ecoutes = ports_ecoutes()
        assert ecoutes[port] == "127.0.0.1" and ecoutes[port + 1] == "127.0.0.1"
    finally:
        processus.send_signal(signal.SIGTERM)
        code = processus.wait(timeout=30)
        journal.close()
    assert code == 0, (tmp_path / "editeur.log").read_text()
    ecoutes = ports_ecoutes()
    assert port not in ecoutes and port + 1 not in ecoutes, "site et proxy arrêtés"
