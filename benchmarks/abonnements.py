"""Banc du service d'abonnement : demandes d'inscription par seconde et latence p99, SQLite et PostgreSQL.

    python -m benchmarks abonnements [--demandes 400] [--clients 4] [--sans-postgresql]

Le vrai service (`python -m abonnements`, uvicorn sur 127.0.0.1) reçoit des POST /inscription
complets (Origin du site, adresses toutes différentes) de `--clients` clients HTTP en parallèle ;
chaque demande écrit en base (limites, abonné, consentement, historique) puis le courriel de
confirmation part vers un serveur SMTP local (aiosmtpd, dans ce processus). La limite par IP est
levée (tous les clients sont 127.0.0.1) ; la limite par adresse reste active. Temps processeur du
service lu dans /proc (Linux) : il dit ce que coûte une demande, indépendamment de l'autre cœur.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SITE = "https://www.maillage.asso.fr"


class Puits:
    """Serveur SMTP qui accepte et compte les messages (aiosmtpd)."""

    def __init__(self):
        self.recus = 0
        self.verrou = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.verrou:
            self.recus += 1
        return "250 OK"


def temps_processeur_s(pid: int) -> float:
    """Temps utilisateur + système d'un processus (Linux, /proc/<pid>/stat)."""
    champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")


def percentile(valeurs: list[float], rang: float) -> float:
    ordonnees = sorted(valeurs)
    return ordonnees[min(len(ordonnees) - 1, int(round(rang / 100 * (len(ordonnees) - 1))))]


def mesurer_moteur(nom: str, base: str, port_smtp: int, puits: Puits, demandes: int, clients: int) -> dict:
    import requests
    from outils_service import environnement_service, lancer_service, port_libre

    from abonnements.base import migrer

    migrer(base)
    dossier = Path(tempfile.mkdtemp(prefix=f"banc-abonnements-{nom}-"))
    port = port_libre()
    url = f"http://127.0.0.1:{port}"
    environ = environnement_service(base, url, port_smtp, SITEURL=SITE, ABONNEMENTS_LIMITE_IP="0")
    service = lancer_service(base, dossier / "service.log", environ, port)
    try:
        sessions = threading.local()

        def une(rang: int) -> float:
            if not hasattr(sessions, "client"):
                sessions.client = requests.Session()
            donnees = {
                "courriel": f"banc-{nom}-{rang}@exemple.fr",
                "nom": "Banc",
                "editions": "complete",
                "consentement": "oui",
            }
            debut = time.perf_counter()
            reponse = sessions.client.post(
                f"{url}/inscription", data=donnees, headers={"Origin": SITE}, timeout=30
            )
            duree = time.perf_counter() - debut
            if reponse.status_code != 200:
                raise RuntimeError(f"réponse {reponse.status_code} : {reponse.text[:200]}")
            return duree

        avant_puits = puits.recus
        with ThreadPoolExecutor(clients) as groupe:
            list(groupe.map(une, range(-20, 0)))  # échauffement, non compté
            cpu_debut, debut = temps_processeur_s(service.processus.pid), time.perf_counter()
            latences = list(groupe.map(une, range(demandes)))
            duree = time.perf_counter() - debut
            cpu = temps_processeur_s(service.processus.pid) - cpu_debut
        limite = time.monotonic() + 30
        while puits.recus - avant_puits < demandes + 20 and time.monotonic() < limite:
            time.sleep(0.05)
        return {
            "moteur": nom,
            "demandes": demandes,
            "clients": clients,
            "par_seconde": demandes / duree,
            "latence_mediane_ms": statistics.median(latences) * 1000,
            "latence_p99_ms": percentile(latences, 99) * 1000,
            "cpu_service_ms_par_demande": cpu / demandes * 1000,
            "courriels_recus": puits.recus - avant_puits,
        }
    finally:
        service.arreter()


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(
        prog="python -m benchmarks abonnements", description=__doc__.split("\n\n")[0]
    )
    parseur.add_argument("--demandes", type=int, default=400, help="demandes mesurées par moteur (400)")
    parseur.add_argument("--clients", type=int, default=4, help="clients HTTP en parallèle (4)")
    parseur.add_argument("--sans-postgresql", action="store_true", help="SQLite seulement")
    parseur.add_argument("--resultats", type=Path, default=RACINE / "benchmarks" / "resultats")
    args = parseur.parse_args(argv)
    for chemin in (RACINE / "tests", RACINE / "tests" / "abonnements"):
        sys.path.insert(0, str(chemin))
    from aiosmtpd.controller import Controller
    from outils_service import port_libre
    from postgresql import ServeurPostgreSQL

    puits = Puits()
    controleur = Controller(puits, hostname="127.0.0.1", port=port_libre())
    controleur.start()
    lignes = []
    with contextlib.ExitStack() as pile:
        pile.callback(controleur.stop)
        with tempfile.TemporaryDirectory(prefix="banc-abonnements-") as dossier:
            moteurs = [("SQLite", f"sqlite:///{dossier}/abonnements.sqlite3")]
            if not args.sans_postgresql:
                serveur = ServeurPostgreSQL()
                serveur.demarrer()
                pile.callback(serveur.arreter)
                moteurs.append(("PostgreSQL", serveur.nouvelle_base()))
            for nom, base in moteurs:
                print(f"Mesure sur {nom} ({args.demandes} demandes, {args.clients} clients)…", flush=True)
                lignes.append(mesurer_moteur(nom, base, controleur.port, puits, args.demandes, args.clients))
    print()
    print(
        "| Moteur | Inscriptions/s | Latence médiane | Latence p99 | CPU du service par demande | Courriels reçus |"
    )
    print("|---|---|---|---|---|---|")
    for ligne in lignes:
        print(
            f"| {ligne['moteur']} | {ligne['par_seconde']:.0f} | {ligne['latence_mediane_ms']:.1f} ms | "
            f"{ligne['latence_p99_ms']:.1f} ms | {ligne['cpu_service_ms_par_demande']:.1f} ms | "
            f"{ligne['courriels_recus']} |"
        )
    args.resultats.mkdir(parents=True, exist_ok=True)
    (args.resultats / "abonnements.json").write_text(json.dumps(lignes, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
