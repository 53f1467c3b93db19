"""De bout en bout, sur SQLite et PostgreSQL : inscription au vrai service (double opt-in), envoi d'un
numéro par la vraie commande, désinscription en un clic comme la fait une messagerie (RFC 8058),
et le numéro suivant ne part plus à cette adresse.
"""

from __future__ import annotations

import re
import sys
import time

import requests

from abonnements import envois
from abonnements.base import moteur
from outils import RACINE

sys.path.insert(0, str(RACINE / "tests" / "abonnements"))
from outils_service import SECRET, lien_du_courriel, service_demarre  # noqa: E402

ANNE, BOB = "anne@essai.example", "bob@essai.example"


def attendre(boite, adresse: str, objet: str, delai_s: float = 20.0):
    """Le courriel reçu pour `adresse` dont l'objet contient `objet`."""
    limite = time.monotonic() + delai_s
    while time.monotonic() < limite:
        trouves = [m for d, m in list(boite.recus) if d == adresse and objet in m["Subject"]]
        if trouves:
            return trouves
        time.sleep(0.05)
    raise AssertionError(f"aucun courriel « {objet} » pour {adresse}")


def test_inscription_envoi_puis_desinscription_en_un_clic(
    serveur_smtp, site_copie, adresse_base, aides, tmp_path
):
    boite, port = serveur_smtp
    with service_demarre(adresse_base, tmp_path, port) as service:
        for adresse, nom in ((ANNE, "Anne Lefèvre"), (BOB, "")):
            donnees = {"courriel": adresse, "nom": nom, "editions": ["complete"], "consentement": "oui"}
            assert service.poster("/inscription", donnees).status_code == 200
        for adresse in (ANNE, BOB):
            (confirmation,) = attendre(boite, adresse, "")
            lien = lien_du_courriel(confirmation, "confirmation")
            assert requests.post(lien, headers={"Origin": service.url}, timeout=20).status_code == 200

        reglages = aides.reglages_modifies(site_copie, "avec-service.py", service_url=service.url)
        env = {**aides.environnement_smtp(port, adresse_base), "LETTRE_SECRET": SECRET}
        fait = aides.lancer(reglages, env, "--envoyer")
        assert fait.returncode == 0, fait.stdout + fait.stderr
        (lettre,) = attendre(boite, ANNE, "La lettre n° 4")
        assert len(attendre(boite, BOB, "La lettre n° 4")) == 1
        assert lettre["To"].addresses[0].display_name == "Anne Lefèvre"

        # Le lien de préférences du courriel ouvre la page du service.
        preferences = lien_du_courriel(lettre, "preferences")
        assert requests.get(preferences, timeout=20).status_code == 200
        # La messagerie d'Anne poste la désinscription en un clic : sans cookie, sans Origin.
        desinscription = re.findall(r"<([^>]+)>", lettre["List-Unsubscribe"])[0]
        assert desinscription.startswith(f"{service.url}/desinscription/")
        reponse = requests.post(desinscription, data={"List-Unsubscribe": "One-Click"}, timeout=20)
        assert reponse.status_code == 200, reponse.text

    base = moteur(adresse_base)
    try:
        (envoye,) = envois.numeros_de(base, "complete")
        assert envoye.termine_le is not None
        suivant = {**envoye.preparation, "numero": {**envoye.preparation["numero"], "numero": "2026-05"}}
        prochain = envois.figer(base, suivant, "complete")
        assert [d.courriel for d in envois.restants(base, prochain)[0]] == [BOB]
    finally:
        base.dispose()
