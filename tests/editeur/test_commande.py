"""`gestion.py editeur` (make editeur) : le site et le proxy sur 127.0.0.1, arrêtés ensemble."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
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


def lancer_editeur(tmp_path, port: int, site: str = "") -> tuple[subprocess.Popen, Path, Path]:
    """Lance `gestion.py editeur` sur une copie du dépôt (dans son sous-dossier `site`, s'il est
    donné) ; renvoie (processus, dossier du site, journal)."""
    reglages = copier_depot(tmp_path / "depot" / site, port + 1)
    journal = tmp_path / "editeur.log"
    commande = [
        sys.executable,
        str(RACINE / "gestion.py"),
        "editeur",
        "--port",
        str(port),
        "--reglages",
        str(reglages),
    ]
    with journal.open("w") as sortie:
        processus = subprocess.Popen(commande, cwd=tmp_path, stdout=sortie, stderr=subprocess.STDOUT)
    return processus, tmp_path / "depot" / site, journal


def attendre_annonce(processus: subprocess.Popen, journal: Path, delai: float = 120) -> None:
    """Attend « ✓ Éditeur : … », écrit une fois le site construit et servi et le proxy prêt."""
    fin = time.monotonic() + delai
    while "✓ Éditeur :" not in journal.read_text():
        assert processus.poll() is None, journal.read_text()
        assert time.monotonic() < fin, journal.read_text()
        time.sleep(0.2)


def arreter(processus: subprocess.Popen, journal: Path) -> None:
    processus.send_signal(signal.SIGTERM)
    code = processus.wait(timeout=30)
    assert code == 0, journal.read_text()


def ports_voisins_libres() -> int:
    """Un port libre dont le suivant (celui du proxy) est libre aussi."""
    port = port_libre()
    while port + 1 in ports_ecoutes():
        port = port_libre()
    return port


def test_make_editeur_sert_sur_127_0_0_1_et_s_arrete(tmp_path):
    # Plus de second essai : l'adresse n'est annoncée qu'une fois le site servi et le proxy prêt
    # (plus de `pelican -lr` dont l'échec arrêtait le proxy sans un mot).
    port = ports_voisins_libres()
    processus, _depot, journal = lancer_editeur(tmp_path, port)
    try:
        attendre_annonce(processus, journal)
        config = yaml.safe_load(attendre(f"http://127.0.0.1:{port}/admin/config.yml"))
        assert config["local_backend"]["url"] == f"http://127.0.0.1:{port + 1}/api/v1"
        info = json.loads(
            attendre(config["local_backend"]["url"], b'{"action":"info","params":{"branch":"main"}}')
        )
        assert info["repo"] == "depot", "le proxy écrit dans le dépôt des réglages donnés"
        ecoutes = ports_ecoutes()
        assert ecoutes[port] == "127.0.0.1" and ecoutes[port + 1] == "127.0.0.1"
    finally:
        arreter(processus, journal)
    ecoutes = ports_ecoutes()
    assert port not in ecoutes and port + 1 not in ecoutes, "site et proxy arrêtés"


def test_une_fiche_enregistree_dans_data_reconstruit_le_site_local(tmp_path):
    port = ports_voisins_libres()
    processus, depot, journal = lancer_editeur(tmp_path, port)
    try:
        attendre_annonce(processus, journal)
        horaires = "Du lundi au vendredi, 9 h – 17 h"
        page = f"http://127.0.0.1:{port}/points-accueil/"
        assert horaires not in attendre(page).decode(), "le premier build est fini avant l'enregistrement"
        fichier = depot / "data" / "points-accueil.yml"
        texte = fichier.read_text(encoding="utf-8").replace(
            "    accueil: siege\n", f"    accueil: siege\n    horaires: {horaires}\n", 1
        )
        # Ce qu'envoie l'éditeur quand on clique « Publier maintenant ».
        persister = {
            "action": "persistEntry",
            "params": {
                "branch": "main",
                "dataFiles": [{"slug": "points_accueil", "path": "data/points-accueil.yml", "raw": texte}],
                "assets": [],
                "options": {"commitMessage": "Point d'accueil", "useWorkflow": False, "status": "draft"},
            },
        }
        attendre(f"http://127.0.0.1:{port + 1}/api/v1", json.dumps(persister).encode("utf-8"))
        assert fichier.read_text(encoding="utf-8") == texte
        fin = time.monotonic() + 120
        while horaires not in attendre(page).decode():
            assert time.monotonic() < fin, f"site local non reconstruit :\n{journal.read_text()}"
            time.sleep(0.5)
    finally:
        arreter(processus, journal)


def test_site_dans_un_sous_dossier_du_depot_l_editeur_ecrit_dans_ce_sous_dossier(tmp_path):
    # Un site qui vit dans un sous-dossier de son dépôt (comme exemples/mesclun) : Decap CMS écrit
    # à partir de la racine du dépôt, donc ses chemins commencent par ce sous-dossier.
    (tmp_path / "depot").mkdir()
    subprocess.run(["git", "init", "-q", str(tmp_path / "depot")], check=True)
    port = ports_voisins_libres()
    processus, site, journal = lancer_editeur(tmp_path, port, site="sites/essai")
    try:
        attendre_annonce(processus, journal)
        config = yaml.safe_load(attendre(f"http://127.0.0.1:{port}/admin/config.yml"))
        dossiers = {c["name"]: c.get("folder") for c in config["collections"]}
        assert dossiers["actualites"] == "sites/essai/content/actualites", dossiers
        assert config["media_folder"] == "sites/essai/content/images"
        fichiers = {f["name"]: f["file"] for c in config["collections"] for f in c.get("files", [])}
        chemin = fichiers["points_accueil"]
        assert chemin == "sites/essai/data/points-accueil.yml", fichiers
        info = json.loads(
            attendre(config["local_backend"]["url"], b'{"action":"info","params":{"branch":"main"}}')
        )
        assert info["repo"] == "depot", "le proxy écrit à partir de la racine du dépôt"
        texte = (site / "data" / "points-accueil.yml").read_text(encoding="utf-8") + "\n# modifié\n"
        persister = {
            "action": "persistEntry",
            "params": {
                "branch": "main",
                "dataFiles": [{"slug": "points_accueil", "path": chemin, "raw": texte}],
                "assets": [],
                "options": {"commitMessage": "Point d'accueil", "useWorkflow": False, "status": "draft"},
            },
        }
        attendre(config["local_backend"]["url"], json.dumps(persister).encode("utf-8"))
        assert (site / "data" / "points-accueil.yml").read_text(encoding="utf-8") == texte
        assert not (tmp_path / "depot" / "data").exists(), "rien d'écrit hors du dossier du site"
    finally:
        arreter(processus, journal)


def test_port_pris_message_en_francais_et_rien_ne_reste(tmp_path):
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        processus, _depot, journal = lancer_editeur(tmp_path, port)
        code = processus.wait(timeout=60)
    assert code == 1
    texte = journal.read_text()
    assert f"✗ Port {port} indisponible" in texte and "PORT=8100" in texte, texte
    assert "Traceback" not in texte
    assert port + 1 not in ports_ecoutes(), "le proxy n'est pas resté lancé"
