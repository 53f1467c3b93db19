"""De bout en bout, sur SQLite et PostgreSQL : inscription au vrai service (double opt-in), envoi d'un
numéro par la vraie commande, désinscription en un clic comme la fait une messagerie (RFC 8058),
et le numéro suivant ne part plus à cette adresse.
"""

from __future__ import annotations

import re
import sys
import time

import pytest
import requests
from playwright.sync_api import expect

from abonnements import envois
from abonnements.base import moteur
from outils import RACINE, construire_site, servir

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


@pytest.mark.navigateur
def test_le_formulaire_du_site_jusqu_a_la_desinscription_en_un_clic(
    serveur_smtp, site_copie, adresse_base, aides, tmp_path, page, monkeypatch
):
    """Tel qu'une personne le vit : le formulaire du site construit, rempli dans Chromium, le lien
    de confirmation suivi, un numéro envoyé par la vraie commande, la désinscription postée en un
    clic par la messagerie, puis le numéro suivant envoyé : il ne lui parvient plus."""
    boite, port = serveur_smtp
    monkeypatch.setenv("RACINE_PROJET_LETTRE", str(RACINE))  # la copie du site lit les réglages du projet
    env = {**aides.environnement_smtp(port, adresse_base), "LETTRE_SECRET": SECRET}
    sortie = tmp_path / "output"
    sortie.mkdir()
    # Le service lit les réglages du site construit (même texte de consentement : il le vérifie),
    # avec les adresses du site et du service de l'essai (variables lues comme par publishconf.py).
    reglages_service = site_copie / "service.py"
    reglages_service.write_text(
        (site_copie / "pelicanconf.py").read_text(encoding="utf-8")
        + '\nSITEURL = os.environ["SITEURL"]\nLETTRE["service_url"] = os.environ["ABONNEMENTS_URL"]\n',
        encoding="utf-8",
    )
    with (
        servir(sortie) as url_site,
        service_demarre(
            adresse_base, tmp_path, port, SITEURL=url_site, ABONNEMENTS_REGLAGES_SITE=str(reglages_service)
        ) as service,
    ):
        reglages = aides.reglages_modifies(site_copie, "avec-service.py", service_url=service.url)
        construire_site(
            sortie,
            publication=True,
            fichier=str(reglages),
            override={"SITEURL": url_site, "FEED_DOMAIN": url_site},
        )
        page.goto(url_site + "/lettre/")
        page.get_by_label("Votre adresse électronique").fill(ANNE)
        page.get_by_label("Votre nom").fill("Anne Lefèvre")
        page.get_by_label("La lettre", exact=True).check()
        page.get_by_label("J'accepte de recevoir la lettre").check()
        page.get_by_role("button", name="Je m'inscris").click()
        expect(page.locator("h1")).to_have_text("Vérifiez votre boîte aux lettres")
        assert page.requetes_externes == []

        (confirmation,) = attendre(boite, ANNE, "")
        page.goto(lien_du_courriel(confirmation, "confirmation"))
        page.get_by_role("button", name="Je confirme mon inscription").click()
        expect(page.locator("h1")).to_have_text("Inscription confirmée")
        aides.inscrire(adresse_base, [BOB])  # un autre abonné, qui reste

        fait = aides.lancer(reglages, env, "--envoyer")
        assert fait.returncode == 0, fait.stdout + fait.stderr
        (lettre,) = attendre(boite, ANNE, "La lettre n° 4")
        # La messagerie d'Anne poste la désinscription en un clic (RFC 8058) : sans cookie, sans Origin.
        desinscription = re.findall(r"<([^>]+)>", lettre["List-Unsubscribe"])[0]
        # (List-Unsubscribe-Post n'accompagne qu'une adresse https, RFC 8058 : le service d'essai est en http.)
        reponse = requests.post(desinscription, data={"List-Unsubscribe": "One-Click"}, timeout=20)
        assert reponse.status_code == 200, reponse.text

        # Quinze jours plus tard, une nouvelle actualité : le numéro suivant part à Bob seulement.
        (site_copie / "content" / "actualites" / "h-decembre.md").write_text(
            "Title: Rencontre de décembre\nDate: 2026-12-01 09:00\nTags: emploi\n"
            "Summary: Une rencontre en décembre.\nUid: 99999999-0000-4000-8000-000000000009\n"
            "Slug: h-decembre\n\nLe texte de la rencontre.\n",
            encoding="utf-8",
        )
        suivant = site_copie / "quinze-jours-plus-tard.py"
        suivant.write_text(
            reglages.read_text(encoding="utf-8") + 'SOCLE = {**SOCLE, "date_construction": "2026-12-07"}\n',
            encoding="utf-8",
        )
        fait = aides.lancer(suivant, env, "--envoyer")
        assert fait.returncode == 0, fait.stdout + fait.stderr
        assert len(attendre(boite, BOB, "La lettre n° 5")) == 1
        assert [m["Subject"] for d, m in boite.recus if d == ANNE and "La lettre n°" in m["Subject"]] == [
            lettre["Subject"]
        ]
