"""Commandes `python gestion.py lettre …` : aperçu, démarrage du registre, envoi.

lettre apercu                      construit l'aperçu du prochain numéro et dit où le lire
lettre demarrer                    inscrit les actualités déjà en ligne comme point de départ
lettre envoyer                     simulation (rien n'est envoyé) : ce qui partirait, à qui
lettre envoyer --test moi@exemple.fr    un message d'essai, à cette adresse seule
lettre envoyer --envoyer                l'envoi réel, reprenable, aux abonnés de la base

Les destinataires viennent de la base des abonnements (ABONNEMENTS_BASE ou --base) : les abonnés
confirmés de l'édition au moment où le numéro est figé. Codes de sortie : 0 fait (ou rien à
faire), 1 erreur (réglage, refus du serveur, base), 3 à relancer plus tard (envoi arrêté sur
des pannes de connexion, ou un autre envoi en cours), 130 envoi interrompu (Ctrl-C, SIGTERM) : à relancer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sys
import tempfile
from pathlib import Path

from socle import reglages as reglages_socle
from socle.dates import date_longue
from socle.erreurs import chemin_affiche

from . import reglages
from .generateur import chemins_donnees, lire_registre
from .registre import ecrire_registre
from .selection import Registre


def erreur(texte: str, code: int = 1) -> int:
    print(f"✗ {texte}", file=sys.stderr)
    return code


def construire_preparation(
    settings, edition: str, fichier: str | None = None, aujourdhui: dt.date | None = None
) -> dict:
    """Construit le site (réglages donnés) dans un dossier temporaire ; renvoie la préparation.

    Le même générateur et les mêmes gabarits que l'aperçu : ce qu'on relit est ce qui part.
    """
    from pelican import Pelican

    from gestion import lire_reglages

    with tempfile.TemporaryDirectory(prefix="lettre-") as temporaire:
        socle = dict(settings.get("SOCLE") or {})
        if aujourdhui is not None:
            socle["date_construction"] = aujourdhui.isoformat()
        override = {
            "OUTPUT_PATH": temporaire,
            "DELETE_OUTPUT_DIRECTORY": False,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "RECHERCHE": {**(settings.get("RECHERCHE") or {}), "indexer": False},
            "LETTRE": {**(settings.get("LETTRE") or {}), "apercu": True},
            "SOCLE": socle,
        }
        complets = lire_reglages(publication=True, fichier=fichier, override=override)
        # Pelican écrit son bilan en anglais (« Done: Processed 41 articles… ») sur la sortie
        # standard : ce build dans un dossier temporaire n'est pas celui du site, le personnel n'a
        # pas à le lire. Avertissements et erreurs passent par le journal (sortie d'erreur).
        with contextlib.redirect_stdout(io.StringIO()):
            Pelican(complets).run()
        dossier = Path(temporaire) / "lettre" / "apercu" / edition
        preparation = json.loads((dossier / "numero.json").read_text(encoding="utf-8"))
        preparation["html"] = (dossier / "courriel.html").read_text(encoding="utf-8")
        preparation["texte"] = (dossier / "courriel.txt").read_text(encoding="utf-8")
        preparation["edition"] = edition
        return preparation


def commande_apercu(args) -> int:
    from gestion import lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    options = reglages.valider(settings)
    sortie = Path(settings["OUTPUT_PATH"])
    from pelican import Pelican

    Pelican(settings).run()
    for edition in reglages.editions(options):
        dossier = sortie / "lettre" / "apercu" / edition.ident
        donnees = json.loads((dossier / "numero.json").read_text(encoding="utf-8"))
        numero = donnees["numero"]
        quand = (
            "à envoyer"
            if donnees["du"]
            else "paraîtra le " + date_longue(dt.date.fromisoformat(numero["parution"]))
        )
        print(
            f"✓ {edition.titre} {numero['numero']} ({quand}) : "
            f"{len(numero['actualites'])} actualité(s), {len(numero['rendez_vous'])} rendez-vous, "
            f"{donnees['taille_html'] / 1024:.1f} Ko"
        )
        print(f"  page : {dossier / 'index.html'}\n  courriel : {dossier / 'courriel.html'}")
    return 0


def commande_demarrer(args) -> int:
    """Point de départ : les actualités déjà en ligne ne partiront jamais dans la lettre."""
    from actualites.verification import fichiers_markdown
    from gestion import lire_reglages
    from socle.entetes import lire_fichier

    settings = lire_reglages(fichier=args.reglages)
    options = reglages.valider(settings)
    registre, problemes = lire_registre(settings, options)
    if any(p.est_erreur for p in problemes):
        return erreur("registre illisible :\n" + "\n".join(map(str, problemes)))
    if registre.numeros and not args.forcer:
        return erreur("des numéros sont déjà envoyés : le point de départ ne sert qu'au démarrage")
    uids = set(registre.depart_uids)
    for fichier in fichiers_markdown(settings, "ARTICLE_PATHS"):
        uid = (lire_fichier(fichier).valeur("uid") or "").strip().lower()
        if uid:
            uids.add(uid)
    nouveau = Registre(
        registre.numeros,
        frozenset(uids),
        reglages_socle.aujourdhui(settings),
        registre.ecartees,
        registre.a_envoyer,
    )
    chemin, _ = chemins_donnees(settings, options)
    ecrire_registre(chemin, nouveau)
    print(
        f"✓ {len(uids)} actualité(s) existante(s) inscrite(s) comme point de départ dans "
        f"{chemin_affiche(chemin, reglages_socle.racine_projet(settings))} : elles ne seront pas envoyées."
    )
    return 0


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("lettre", help="la lettre : aperçu, démarrage, envoi")
    sous = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = sous.add_parser("apercu", help="construit le site de développement avec l'aperçu du prochain numéro")
    a.add_argument("--reglages", help="autre fichier de réglages Pelican")
    a.set_defaults(fonction=commande_apercu)
    d = sous.add_parser("demarrer", help="les actualités déjà en ligne ne seront pas envoyées")
    d.add_argument("--reglages", help="autre fichier de réglages Pelican")
    d.add_argument("--forcer", action="store_true", help="même si des numéros sont déjà envoyés")
    d.set_defaults(fonction=commande_demarrer)
    e = sous.add_parser(
        "envoyer", help="envoie le numéro dû aux abonnés de la base (simulation sans --envoyer)"
    )
    e.add_argument("--edition", help="édition à envoyer (par défaut : la principale)")
    e.add_argument("--envoyer", action="store_true", help="envoi réel (sinon : simulation)")
    e.add_argument("--test", metavar="ADRESSE", help="envoie un seul message d'essai à cette adresse")
    e.add_argument("--base", metavar="URL", help="base des abonnements (par défaut : ABONNEMENTS_BASE)")
    e.add_argument("--debit", type=float, help="messages par seconde au plus (réglage debit_par_seconde)")
    e.add_argument("--reglages", help="autre fichier de réglages Pelican (par défaut publishconf.py)")
    e.set_defaults(fonction=commande_envoyer)


def commande_envoyer(args) -> int:
    # smtplib, ssl, email et SQLAlchemy ne servent qu'à l'envoi : importés par lui seulement, pas
    # à chaque `python gestion.py construire` (qui déclare toutes les commandes).
    from .commandes_envoi import envoyer

    return envoyer(args)
