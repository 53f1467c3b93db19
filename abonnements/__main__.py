"""`python -m abonnements [--hote 127.0.0.1] [--port 8001]` : lance le service (uvicorn).

Lit les réglages (abonnements/reglages.py), met la base au dernier schéma, puis sert sur
127.0.0.1 : en production, un serveur mandataire (nginx) assure TLS devant (docs/abonnements.md).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

# Les lignes de la vie du service qu'uvicorn écrit au journal (version épinglée), en français ; les
# autres (rares : erreurs de protocole) restent telles qu'uvicorn les écrit.
JOURNAL_UVICORN = {
    "Started server process [%d]": "Service démarré (processus %d)",
    "Waiting for application startup.": "Démarrage de l'application…",
    "Application startup complete.": "Application prête.",
    "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)": "À l'écoute sur %s://%s:%d (Ctrl-C pour arrêter)",
    "Shutting down": "Arrêt demandé",
    "Waiting for connections to close. (CTRL+C to force quit)": (
        "Attente de la fin des connexions en cours (Ctrl-C pour forcer l'arrêt)"
    ),
    "Waiting for background tasks to complete. (CTRL+C to force quit)": (
        "Attente de la fin des tâches en cours (Ctrl-C pour forcer l'arrêt)"
    ),
    "Waiting for application shutdown.": "Arrêt de l'application…",
    "Application shutdown complete.": "Application arrêtée.",
    "Finished server process [%d]": "Service arrêté (processus %d)",
}


class JournalEnFrancais(logging.Filter):
    """Filtre du journal « uvicorn.error » : traduit les lignes connues (JOURNAL_UVICORN)."""

    def filter(self, record: logging.LogRecord) -> bool:
        traduction = JOURNAL_UVICORN.get(record.msg) if isinstance(record.msg, str) else None
        if traduction is not None:
            record.msg = traduction
            record.__dict__.pop("color_message", None)  # la version en couleurs, en anglais
        return True


def adresse_indisponible(hote: str, port: int) -> str | None:
    """Pourquoi le service ne pourrait pas écouter sur hote:port (en français), ou None.

    Sans ce contrôle, uvicorn dit seulement « [Errno 98] error while attempting to bind », en anglais.
    """
    import errno
    import socket

    try:
        famille = socket.getaddrinfo(hote, port, type=socket.SOCK_STREAM)[0][0]
        with socket.create_server((hote, port), family=famille):
            return None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return (
                f"le port {port} de {hote} est déjà pris, sans doute par un service d'abonnement déjà "
                "lancé (dans un autre terminal, ou « systemctl status abonnements ») : arrêtez-le, ou "
                "choisissez un autre port (--port, ou make abonnements ABONNEMENTS_PORT=…)"
            )
        return f"écoute impossible sur {hote}:{port} ({exc.strerror or exc}) : vérifiez --hote et --port"


def base_et_abonnes(adresse: str) -> str:
    """« base … : N personne(s) confirmée(s) » : au journal du démarrage, une base vide se voit
    (ABONNEMENTS_BASE mal recopiée, fichier SQLite d'un autre dossier, PostgreSQL pas encore copié)."""
    from .base import adresse_affichee, moteur
    from .rgpd import compter

    base = moteur(adresse)
    try:
        with base.connect() as connexion:
            statuts = compter(connexion)["statuts"]
    finally:
        base.dispose()
    return (
        f"base {adresse_affichee(adresse)} : {statuts['confirme']} personne(s) confirmée(s), "
        f"{statuts['en_attente']} en attente"
    )


# Ce que le bénévole doit régler avant de lancer le service (le détail : docs/abonnements.md).
AIDE_ENVIRONNEMENT = """réglages (variables d'environnement, /etc/maillage/abonnements.env en production) :
  ABONNEMENTS_BASE   la base : sqlite:////chemin/abonnements.sqlite3 ou
                     postgresql+psycopg://abonnements@/abonnements (défaut : fichier local)
  LETTRE_SECRET      clé des liens, la même que pour l'envoi (openssl rand -hex 32)
  LETTRE_SMTP_HOTE   serveur des courriels de confirmation (et LETTRE_SMTP_PORT,
                     _SECURITE, _UTILISATEUR, _MOT_DE_PASSE) ; en développement :
                     ABONNEMENTS_COURRIELS=journal
  SITEURL, ABONNEMENTS_URL   adresses publiques du site et du service
Toutes les variables : docs/abonnements.md."""


def main(argv=None) -> int:
    from .ligne_de_commande import ParseurFrancais

    parseur = ParseurFrancais(
        prog="python -m abonnements",
        description="Lance le service d'abonnement à la lettre (inscriptions, confirmations,\n"
        "désinscriptions) ; met d'abord la base au dernier schéma.",
        epilog=AIDE_ENVIRONNEMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parseur.add_argument("--hote", default="127.0.0.1", help="adresse d'écoute (défaut 127.0.0.1)")
    parseur.add_argument("--port", type=int, default=8001, help="port d'écoute (défaut 8001)")
    args = parseur.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s : %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    import sqlalchemy as sa
    import uvicorn

    from .application import creer_application
    from .base import BaseInvalide, migrer
    from .reglages import ReglagesInvalides, depuis_environnement

    try:
        reglages = depuis_environnement(os.environ)
        migrer(reglages.adresse_base)
        base = base_et_abonnes(reglages.adresse_base)
    except (ReglagesInvalides, BaseInvalide) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        cause = getattr(exc, "orig", None) or exc
        print(
            f"✗ Démarrage impossible : base injoignable ou illisible ({str(cause).strip().splitlines()[0]}) ; "
            "vérifiez ABONNEMENTS_BASE et que le serveur de base de données tourne",
            file=sys.stderr,
        )
        return 2
    probleme = adresse_indisponible(args.hote, args.port)
    if probleme:
        print(f"✗ Démarrage impossible : {probleme}", file=sys.stderr)
        return 2
    print(
        f"Service d'abonnement sur http://{args.hote}:{args.port} (public : {reglages.service_url}) ; {base}",
        flush=True,
    )
    logging.getLogger("uvicorn.error").addFilter(JournalEnFrancais())
    uvicorn.run(
        creer_application(reglages, relire=lambda: depuis_environnement(os.environ)),
        host=args.hote,
        port=args.port,
        # Derrière nginx : l'IP du visiteur vient de X-Forwarded-For, cru seulement depuis ces adresses.
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("ABONNEMENTS_MANDATAIRES", "127.0.0.1"),
        server_header=False,
        # Le journal d'accès écrirait les jetons des adresses (liens de préférences) : désactivé.
        access_log=False,
        limit_concurrency=200,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
