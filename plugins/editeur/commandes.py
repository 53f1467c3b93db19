"""Commande `editeur` (`make editeur`) : l'éditeur en local, sur 127.0.0.1 seulement.

Lance decap-server (le proxy git local de Decap CMS, qui écrit dans ce dépôt) et le serveur de
développement de Pelican (reconstruit à chaque enregistrement) ; Ctrl-C arrête les deux.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from socle import reglages as reglages_socle

from . import reglages
from .generateur import MODULES

SERVEUR_DECAP = MODULES / "decap-server" / "dist" / "index.js"


def environnement_proxy(depot: Path, port: int) -> dict[str, str]:
    """Variables de decap-server : ce dépôt, 127.0.0.1 seulement, fichiers écrits tels quels."""
    return {
        **os.environ,
        "GIT_REPO_DIRECTORY": str(depot),
        "BIND_HOST": "127.0.0.1",
        "PORT": str(port),
        "MODE": "fs",
    }


def lancer_proxy(depot: Path, port: int, **options) -> subprocess.Popen:
    """decap-server sur 127.0.0.1:`port`, pour le dépôt `depot` ; à arrêter par l'appelant."""
    node = shutil.which("node")
    if node is None or not SERVEUR_DECAP.exists():
        raise FileNotFoundError("decap-server ou Node.js introuvable : lancez « make installer »")
    return subprocess.Popen([node, str(SERVEUR_DECAP)], env=environnement_proxy(depot, port), **options)


def _commande(args) -> int:
    from gestion import lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    depot = reglages_socle.racine_projet(settings)
    port_proxy = args.port + 1
    editeur = {**(settings.get("EDITEUR") or {}), "proxy_local": f"http://127.0.0.1:{port_proxy}/api/v1"}
    chemin = reglages.lire({**settings, "EDITEUR": editeur})["chemin"]
    try:
        proxy = lancer_proxy(depot, port_proxy)
    except FileNotFoundError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    print(f"✓ Éditeur : http://127.0.0.1:{args.port}/{chemin}  (Ctrl-C pour arrêter)")
    print("  Les fichiers enregistrés sont écrits dans ce dépôt : vérifiez (make check), puis commitez.")
    pelican = Path(sys.executable).with_name("pelican")
    commande = [str(pelican), "-lr", settings["PATH"], "-o", settings["OUTPUT_PATH"]]
    commande += [
        "-s",
        args.reglages or str(depot / "pelicanconf.py"),
        "-b",
        "127.0.0.1",
        "-p",
        str(args.port),
    ]
    commande += ["-e", f"EDITEUR={json.dumps(editeur)}"]
    # Pelican (-lr) sert et reconstruit dans deux processus : on le lance dans son propre groupe
    # pour les arrêter ensemble ; Ctrl-C ou SIGTERM arrêtent aussi le proxy.
    serveur = subprocess.Popen(commande, start_new_session=True)
    signal.signal(signal.SIGTERM, _interrompre)
    try:
        return serveur.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        _arreter_groupe(serveur)
        proxy.terminate()
        proxy.wait(timeout=10)


def _interrompre(_signal, _cadre):
    raise KeyboardInterrupt


def _arreter_groupe(processus: subprocess.Popen) -> None:
    if processus.poll() is not None:
        return
    os.killpg(processus.pid, signal.SIGTERM)
    try:
        processus.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(processus.pid, signal.SIGKILL)
        processus.wait()


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("editeur", help="l'éditeur en ligne /admin/ en local (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port du site ; le proxy prend le suivant")
    p.add_argument("--reglages", help="autre fichier de réglages Pelican (autre site)")
    p.set_defaults(fonction=_commande)
