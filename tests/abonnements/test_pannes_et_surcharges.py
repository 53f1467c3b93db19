"""Le service quand sa base tombe (503 en français, jamais de trace), et ses pages surchargées par un thème."""

from __future__ import annotations

import time

import requests
from outils_service import SITE, service_demarre
from postgresql import ServeurPostgreSQL

from abonnements.base import migrer
from outils import RACINE


def test_base_injoignable_503_en_francais_puis_reprise(tmp_path, boite, adresse):
    serveur = ServeurPostgreSQL()
    serveur.demarrer()
    try:
        base = serveur.nouvelle_base()
        migrer(base)
        with service_demarre(base, tmp_path, boite.port, ABONNEMENTS_RELANCE_COURRIELS_S="1") as service:
            assert requests.get(service.url + "/sante", timeout=20).text == "ok"
            accueil = requests.get(service.url + "/", allow_redirects=False, timeout=20)
            assert accueil.status_code == 302 and accueil.headers["Location"] == f"{SITE}/lettre/"
            serveur.arreter()
            for reponse in (
                requests.get(service.url + "/sante", timeout=30),
                service.poster(
                    "/inscription", {"courriel": adresse, "editions": "complete", "consentement": "oui"}
                ),
            ):
                assert reponse.status_code == 503
                assert "momentanément indisponible" in reponse.text
                assert "Traceback" not in reponse.text and "psycopg" not in reponse.text
                assert "nosniff" in reponse.headers["X-Content-Type-Options"]
            # La relance des courriels en attente, elle, le dit au journal et continue (sans trace).
            limite = time.monotonic() + 30
            while "Courriels en attente : base injoignable" not in service.texte_journal():
                assert time.monotonic() < limite, service.texte_journal()
                time.sleep(0.2)
            assert "Traceback" not in service.texte_journal(), service.texte_journal()
            assert service.processus.poll() is None, "le service tourne toujours"
            service.moteur.dispose()
    finally:
        serveur.arreter()


def test_les_pages_du_service_suivent_les_surcharges_du_theme(tmp_path, boite, adresse_base, adresse):
    surcharges = tmp_path / "surcharges" / "abonnements"
    surcharges.mkdir(parents=True)
    (surcharges / "demande-recue.html").write_text(
        '{% extends "abonnements/base.html" %}{% block titre %}Regardez vos courriels{% endblock %}',
        encoding="utf-8",
    )
    reglages = tmp_path / "reglages_site.py"
    reglages.write_text(
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('publishconf', {str(RACINE / 'publishconf.py')!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "globals().update({k: v for k, v in vars(module).items() if k.isupper()})\n"
        f"THEME_TEMPLATES_OVERRIDES = [{str(surcharges.parent)!r}]\n"
        f"PATH = {str(RACINE / 'content')!r}\n"
        f"THEME = {str(RACINE / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(RACINE / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    with service_demarre(
        adresse_base, tmp_path, boite.port, ABONNEMENTS_REGLAGES_SITE=str(reglages)
    ) as service:
        reponse = service.poster(
            "/inscription", {"courriel": adresse, "editions": "complete", "consentement": "oui"}
        )
        assert reponse.status_code == 200
        assert "<h1>Regardez vos courriels</h1>" in reponse.text
