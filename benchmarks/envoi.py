"""Banc de l'envoi de la lettre : `python -m benchmarks envoi [--destinataires N] [--postgresql]`.

Mesure la vraie commande (`gestion.py lettre envoyer --envoyer`, dans son propre processus) sur le
site d'essai de la lettre, vers un serveur aiosmtpd local (autre processus, qui compte et jette les
messages), débit non limité :

- débit d'envoi (messages par seconde, boucle d'envoi seule, d'après le bilan de la commande) ;
- durée et temps CPU (utilisateur + système) de toute la commande (build du numéro, gel des
  destinataires, envoi, registre) et sa mémoire maximale (RSS) ;
- temps d'arrêt quand le serveur est injoignable (port fermé) et quand il est muet (accepte la
  connexion et ne répond jamais), avec les réglages par défaut.

Les destinataires sont écrits directement en base (abonnés confirmés), SQLite par défaut ;
`--postgresql` mesure aussi sur un PostgreSQL démarré pour l'occasion (paquet Debian).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SITE_ESSAI = RACINE / "tests" / "fixtures" / "lettre"
SECRET = "secret-du-banc-assez-long-0123456789"


class Compteur:
    """Gestionnaire aiosmtpd qui accepte tout et ne garde que le nombre de messages."""

    def __init__(self):
        self.recus = 0

    async def handle_DATA(self, server, session, envelope):
        self.recus += len(envelope.rcpt_tos)
        return "250 OK"


def servir(port: int) -> None:
    """Processus serveur : aiosmtpd sur 127.0.0.1:port jusqu'à SIGTERM ; écrit le compte à la fin."""
    from aiosmtpd.controller import Controller

    compteur = Compteur()
    controleur = Controller(compteur, hostname="127.0.0.1", port=port)
    controleur.start()
    print("pret", flush=True)
    arret = asyncio.Event()
    boucle = asyncio.new_event_loop()
    boucle.add_signal_handler(signal.SIGTERM, arret.set)
    boucle.run_until_complete(arret.wait())
    controleur.stop()
    print(compteur.recus, flush=True)


def inscrire(adresse: str, nombre: int) -> None:
    """`nombre` abonnés confirmés de l'édition « complete », en une transaction."""
    import sqlalchemy as sa

    from abonnements.base import maintenant, migrer, moteur
    from abonnements.tables import abonnements, abonnes

    migrer(adresse)
    instant = maintenant()
    base = moteur(adresse)
    with base.begin() as connexion:
        connexion.execute(
            abonnes.insert(),
            [
                {
                    "courriel": f"abonne{i:05d}@banc.example",
                    "courriel_canonique": f"abonne{i:05d}@banc.example",
                    "nom": f"Abonné {i}",
                    "statut": "confirme",
                    "cree_le": instant,
                    "confirme_le": instant,
                    "modifie_le": instant,
                }
                for i in range(nombre)
            ],
        )
        ids = connexion.execute(sa.select(abonnes.c.id)).scalars().all()
        connexion.execute(
            abonnements.insert(), [{"abonne_id": i, "edition": "complete", "depuis": instant} for i in ids]
        )
    base.dispose()


def environnement(port: int, adresse: str) -> dict:
    return {
        **os.environ,
        "LETTRE_SMTP_HOTE": "127.0.0.1",
        "LETTRE_SMTP_PORT": str(port),
        "LETTRE_SMTP_SECURITE": "aucune",
        "LETTRE_SECRET": SECRET,
        "ABONNEMENTS_BASE": adresse,
        "RACINE_PROJET_LETTRE": str(RACINE),
        "PYTHONPATH": f"{RACINE / 'plugins'}:{RACINE}",
    }


def lancer_commande(site: Path, env: dict) -> dict:
    """La commande d'envoi dans son propre processus : code, durée, sorties (CPU et RSS : RUSAGE_CHILDREN)."""
    debut = time.monotonic()
    processus = subprocess.Popen(
        [
            sys.executable,
            str(RACINE / "gestion.py"),
            "lettre",
            "envoyer",
            "--envoyer",
            "--reglages",
            str(site / "pelicanconf.py"),
        ],
        env=env,
        cwd=RACINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sortie, erreurs = processus.communicate()
    duree = time.monotonic() - debut
    return {"code": processus.returncode, "duree_s": duree, "sortie": sortie, "erreurs": erreurs}


def mesurer_envoi(adresse: str, nombre: int, dossier: Path) -> dict:
    import resource

    from postgresql import port_libre

    site = dossier / "site"
    shutil.copytree(SITE_ESSAI, site)
    inscrire(adresse, nombre)
    port = port_libre()
    serveur = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.envoi", "--serveur", str(port)],
        cwd=RACINE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert serveur.stdout.readline().strip() == "pret"
        avant = resource.getrusage(resource.RUSAGE_CHILDREN)
        resultat = lancer_commande(site, environnement(port, adresse))
        apres = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        serveur.send_signal(signal.SIGTERM)
        recus = int((serveur.communicate(timeout=60)[0].split() or ["0"])[-1])
    if resultat["code"] != 0:
        raise RuntimeError(f"envoi en échec ({resultat['code']}) : {resultat['erreurs'][-2000:]}")
    bilan = re.search(r"Bilan : (\d+) envoyé\(s\) en ([\d.]+) s \(([\d.]+)/s\)", resultat["sortie"])
    return {
        "destinataires": nombre,
        "recus_par_le_serveur": recus,
        "envoyes": int(bilan.group(1)),
        "boucle_s": float(bilan.group(2)),
        "debit_par_s": float(bilan.group(3)),
        "commande_s": resultat["duree_s"],
        "cpu_s": (apres.ru_utime - avant.ru_utime) + (apres.ru_stime - avant.ru_stime),
        # ru_maxrss des enfants : le plus gros enfant attendu depuis le début (la commande ici,
        # bien plus grosse que les builds et le serveur ; en Ko sous Linux).
        "rss_max_mo": apres.ru_maxrss / 1024,
    }


def mesurer_arret(adresse: str, dossier: Path, muet: bool) -> dict:
    """Temps pour que la commande abandonne un serveur injoignable (ou muet), réglages par défaut."""
    site = dossier / ("site-muet" if muet else "site-ferme")
    shutil.copytree(SITE_ESSAI, site)
    conf = site / "pelicanconf.py"
    # Réglages par défaut de l'envoi (le site d'essai raccourcit les attentes pour les tests).
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'LETTRE.pop("attente_initiale_s", None)\n', encoding="utf-8"
    )
    from postgresql import port_libre

    ecoute = socket.create_server(("127.0.0.1", 0), backlog=16) if muet else None
    port = ecoute.getsockname()[1] if ecoute else port_libre()
    try:
        resultat = lancer_commande(site, environnement(port, adresse))
    finally:
        if ecoute is not None:
            ecoute.close()
    return {
        "code": resultat["code"],
        "duree_s": resultat["duree_s"],
        "message": resultat["erreurs"].strip()[-200:],
    }


def afficher(titre: str, envoi: dict, ferme: dict, muet: dict) -> None:
    print(f"\n{titre}")
    print(
        f"  {envoi['envoyes']} envoyés / {envoi['destinataires']} destinataires "
        f"({envoi['recus_par_le_serveur']} reçus par le serveur)"
    )
    print(f"  débit de la boucle d'envoi : {envoi['debit_par_s']:.0f} messages/s ({envoi['boucle_s']:.1f} s)")
    print(
        f"  commande entière : {envoi['commande_s']:.1f} s, CPU {envoi['cpu_s']:.1f} s, "
        f"mémoire max {envoi['rss_max_mo']:.0f} Mo"
    )
    print(f"  arrêt, serveur injoignable : {ferme['duree_s']:.1f} s (code {ferme['code']})")
    print(f"  arrêt, serveur muet : {muet['duree_s']:.1f} s (code {muet['code']})")


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m benchmarks envoi", description=__doc__.split("\n\n")[0])
    parseur.add_argument("--destinataires", type=int, default=20_000)
    parseur.add_argument("--postgresql", action="store_true", help="mesurer aussi sur PostgreSQL")
    parseur.add_argument("--serveur", type=int, help=argparse.SUPPRESS)
    args = parseur.parse_args(argv)
    if args.serveur:
        servir(args.serveur)
        return 0
    sys.path[:0] = [str(RACINE / "plugins"), str(RACINE), str(RACINE / "tests")]
    moteurs = ["sqlite"] + (["postgresql"] if args.postgresql else [])
    for nom in moteurs:
        with tempfile.TemporaryDirectory(prefix="banc-envoi-") as temporaire:
            dossier = Path(temporaire)
            serveur_pg = None
            if nom == "sqlite":
                adresses = [f"sqlite:///{dossier / f'base{i}.sqlite3'}" for i in range(3)]
            else:
                from postgresql import ServeurPostgreSQL

                serveur_pg = ServeurPostgreSQL()
                serveur_pg.demarrer()
                adresses = [serveur_pg.nouvelle_base() for _ in range(3)]
            try:
                envoi = mesurer_envoi(adresses[0], args.destinataires, dossier)
                inscrire(adresses[1], 100)
                ferme = mesurer_arret(adresses[1], dossier, muet=False)
                inscrire(adresses[2], 100)
                muet = mesurer_arret(adresses[2], dossier, muet=True)
            finally:
                if serveur_pg is not None:
                    serveur_pg.arreter()
            afficher(f"Envoi de la lettre ({nom})", envoi, ferme, muet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
