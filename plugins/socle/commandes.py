"""Commande `nouveau-site DOSSIER` (voir socle.nouveau_site) : le site minimal d'une autre association."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from .nouveau_site import creer_site


def _commande(args) -> int:
    from gestion import RACINE

    dossier = Path(args.dossier)
    maintenant = dt.datetime.now().replace(second=0, microsecond=0)
    try:
        ecrits = creer_site(dossier, RACINE, args.nom, maintenant)
    except FileExistsError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # droits, disque plein, chemin impossible : dit en français, sans trace
        print(
            f"✗ Impossible d'écrire le site dans {dossier} ({exc.filename or dossier}) : vérifiez le chemin, "
            "les droits d'écriture et la place sur le disque",
            file=sys.stderr,
        )
        return 1
    site = os.path.relpath(dossier.resolve(), RACINE)
    print(f"✓ Site créé dans {dossier} ({len(ecrits)} fichiers). Ensuite, depuis {RACINE} :")
    print(f"  python gestion.py --site {site} verifier     (ou make check SITE={site})")
    print(f"  python gestion.py --site {site} construire   (ou make html SITE={site})")
    print("  puis complétez data/association.yml (« À COMPLÉTER ») : voir docs/autre-association.md")
    return 0


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("nouveau-site", help="crée un site minimal pour une autre association")
    p.add_argument("dossier", help="dossier du nouveau site (vide ou absent)")
    p.add_argument("--nom", default="Nouvelle association", help="nom de l'association")
    p.set_defaults(fonction=_commande)
