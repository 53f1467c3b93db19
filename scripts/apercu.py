"""Aperçu du personnel (`make devserver`) : construit le site, le sert, le reconstruit et recharge la page.

1. Construit le site une première fois ; rien n'est servi avant (ni liste de dossier, ni page
   d'un build précédent à moitié réécrite).
2. Sert la sortie sur http://127.0.0.1:PORT avec `livereload`, qui ajoute à chaque page HTML un
   petit script (servi par lui-même, sur le même port : aucune requête vers un autre hôte).
3. À chaque modification de content/, data/, theme/ ou du fichier de réglages, reconstruit le site,
   puis la page ouverte dans le navigateur se recharge d'elle-même.

Une erreur de build est affichée en français ; l'aperçu garde alors la dernière version construite.

    python scripts/apercu.py [--site DOSSIER] [--port 8000] [--reglages pelicanconf.py]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

import gestion  # noqa: E402 (après le chemin du dépôt)


def lire_arguments(argv: list[str] | None) -> argparse.Namespace:
    parseur = argparse.ArgumentParser(prog="apercu", description=__doc__.split("\n\n")[0])
    parseur.add_argument("--port", type=int, default=8000, help="port local (8000 par défaut)")
    parseur.add_argument("--hote", default="127.0.0.1", help="adresse d'écoute (127.0.0.1 par défaut)")
    parseur.add_argument(
        "--site", help="dossier du site (celui du dépôt par défaut, comme gestion.py --site)"
    )
    parseur.add_argument("--reglages", help="fichier de réglages Pelican (pelicanconf.py du site par défaut)")
    return parseur.parse_args(argv)


def construire(fichier: str) -> dict | None:
    """Un build de l'aperçu ; les réglages lus, ou None s'ils ne se lisent pas."""
    return gestion.construire_en_continu(
        fichier, succes="✓ Site construit : la page ouverte se recharge", montre="L'aperçu montre"
    )


def main(argv: list[str] | None = None) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    # livereload ne renvoie pas l'ordre de recharger la page s'il l'a fait moins de 3 s plus tôt
    # (pour les rafales de fichiers d'un outil de compilation) : deux enregistrements rapprochés
    # laisseraient la page sur l'avant-dernière version. Ici un build suit chaque modification.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    args = lire_arguments(argv)
    fichier = str(args.reglages or gestion.fichier_reglages(False, args.site))
    gestion.configurer_journal(False)
    print("Premier build en cours…", flush=True)
    settings = construire(fichier)
    if settings is None:
        return 2
    serveur = Server()
    for chemin in gestion.chemins_du_site(settings, fichier):
        serveur.watch(str(chemin), lambda: construire(fichier))
    print(f"Aperçu sur http://{args.hote}:{args.port}/ (Ctrl+C pour arrêter)", flush=True)
    for nom in ("livereload", "tornado"):  # livereload leur donne son propre affichage
        logging.getLogger(nom).propagate = False
    serveur.serve(port=args.port, host=args.hote, root=settings["OUTPUT_PATH"], restart_delay=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
