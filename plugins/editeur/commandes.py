"""Commande `editeur` (`make editeur`) : l'éditeur en local, sur 127.0.0.1 seulement.

Lance decap-server (le proxy git local de Decap CMS, qui écrit dans ce dépôt), construit le site,
le sert, et le reconstruit à chaque enregistrement : contenus, données (`data/`), thème ou
réglages, comme l'aperçu (`make devserver`). L'adresse n'est annoncée qu'une fois le site construit,
servi et le proxy prêt ; Ctrl-C arrête tout.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from socle import reglages as reglages_socle

from . import reglages
from .generateur import MODULES

SERVEUR_DECAP = MODULES / "decap-server" / "dist" / "index.js"
DELAI_PROXY_S = 60


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


def attendre_proxy(port: int, processus: subprocess.Popen, delai: float = DELAI_PROXY_S) -> None:
    """Attend que decap-server réponde ; RuntimeError (en français) s'il s'arrête ou se tait."""
    fin = time.monotonic() + delai
    while True:
        if processus.poll() is not None:
            raise RuntimeError(
                f"Le proxy decap-server s'est arrêté (code {processus.returncode}) : le port {port} "
                "est peut-être déjà pris ; choisissez-en un autre (make editeur PORT=8100)"
            )
        requete = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1",
            data=b'{"action":"info","params":{"branch":"main"}}',
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(requete, timeout=5):  # noqa: S310 (127.0.0.1)
                return
        except OSError:
            if time.monotonic() > fin:
                raise RuntimeError(f"Le proxy decap-server ne répond pas sur le port {port}") from None
            time.sleep(0.2)


def construire(fichier: str, editeur: dict, precedents: dict) -> dict:
    """Un build du site local ; les réglages lus, ou `precedents` s'ils ne se lisent pas."""
    from gestion import construire_en_continu

    settings = construire_en_continu(
        fichier, override={"EDITEUR": editeur}, succes="✓ Site construit", montre="Le site local montre"
    )
    return precedents if settings is None else settings


def ouvrir_serveur(sortie: str, port: int):
    """Le serveur du site sur 127.0.0.1:`port`, port réservé tout de suite (OSError s'il est pris) ;
    `serve_forever` à lancer une fois le site construit (les requêtes arrivées avant attendent)."""
    from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

    class Gestionnaire(ComplexHTTPRequestHandler):
        # config.yml en YAML : Decap CMS le lit sans avertissement.
        extensions_map = {**ComplexHTTPRequestHandler.extensions_map, ".yml": "text/yaml"}

    return RootedHTTPServer(sortie, ("127.0.0.1", port), Gestionnaire)


def _commande(args) -> int:
    import watchfiles

    from gestion import chemins_du_site, configurer_journal, lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    fichier = args.reglages or str(reglages_socle.racine_projet(settings) / "pelicanconf.py")
    depot = reglages_socle.racine_depot(settings)  # decap-server écrit à partir de sa racine
    port_proxy = args.port + 1
    editeur = {**(settings.get("EDITEUR") or {}), "proxy_local": f"http://127.0.0.1:{port_proxy}/api/v1"}
    chemin = reglages.lire({**settings, "EDITEUR": editeur})["chemin"]
    configurer_journal(False)
    try:
        serveur = ouvrir_serveur(settings["OUTPUT_PATH"], args.port)
    except OSError as exc:
        print(
            f"✗ Port {args.port} indisponible ({exc.strerror}) : essayez make editeur PORT=8100",
            file=sys.stderr,
        )
        return 1
    try:
        proxy = lancer_proxy(depot, port_proxy)
    except FileNotFoundError as exc:
        serveur.server_close()
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _interrompre)
    fil = None
    try:
        print("Premier build en cours…", flush=True)
        settings = construire(fichier, editeur, settings)
        fil = threading.Thread(target=serveur.serve_forever, daemon=True)
        fil.start()
        try:
            attendre_proxy(port_proxy, proxy)
        except RuntimeError as exc:
            print(f"✗ {exc}", file=sys.stderr)
            return 1
        print(f"✓ Éditeur : http://127.0.0.1:{args.port}/{chemin}  (Ctrl-C pour arrêter)", flush=True)
        print(
            "  Les fichiers enregistrés sont écrits dans ce dépôt : vérifiez (make check), puis commitez.",
            flush=True,
        )
        for _changements in watchfiles.watch(*chemins_du_site(settings, fichier)):
            settings = construire(fichier, editeur, settings)
    except KeyboardInterrupt:
        return 0
    finally:
        if fil is not None:
            serveur.shutdown()  # attendrait sans fin un serve_forever jamais lancé
        serveur.server_close()
        proxy.terminate()
        proxy.wait(timeout=10)


def _interrompre(_signal, _cadre):
    raise KeyboardInterrupt


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("editeur", help="l'éditeur en ligne /admin/ en local (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port du site ; le proxy prend le suivant")
    p.add_argument("--reglages", help="autre fichier de réglages Pelican (autre site)")
    p.set_defaults(fonction=_commande)
