"""Le vrai site, chaque champ texte de chaque fichier de données rendu hostile : tout publié échappé.

Build de publication (strict) : il réussit (les textes hostiles sont des textes valides) et rien de
ce qui est publié n'est exécutable — ni attribut d'événement, ni script en ligne, ni lien
`javascript:` —, rien n'est évalué comme gabarit, et chaque valeur publiée l'est échappée, à l'octet.
Le même site est chargé dans Chromium par `tests/navigateur/test_site_hostile.py`.
"""

from __future__ import annotations

import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from markupsafe import escape
from outils_hostiles import CHARGE, site_hostile

from outils import construire_site
from points_accueil.carte import json_sur

SITEURL = "https://essai.example"
TYPES_NON_EXECUTES = {"application/ld+json", "application/json"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    racine = tmp_path_factory.mktemp("site-hostile")
    reglages, injectees = site_hostile(racine)
    sortie, journal = construire_site(
        racine / "output", publication=True, override={**reglages, "SITEURL": SITEURL, "FEED_DOMAIN": SITEURL}
    )
    return sortie, injectees, journal.textes()


def test_le_build_de_publication_accepte_les_textes_et_avertit_du_html_retire(hostile):
    _sortie, injectees, journal = hostile
    assert len(injectees) >= 300
    assert journal and all("retiré" in m or "retirée" in m for m in journal), journal
    assert all(m.startswith(("content/actualites/hostile.md:", "content/pages/hostile.md:")) for m in journal)


def test_rien_d_executable_dans_aucune_page(hostile):
    sortie, _injectees, _journal = hostile
    pages = sorted(sortie.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        soupe = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for balise in soupe.find_all(True):
            assert not [a for a in balise.attrs if a.lower().startswith("on")], (page, balise)
            for attribut in ("href", "src", "action", "formaction"):
                valeur = str(balise.get(attribut, "")).strip().lower()
                assert not valeur.startswith(("javascript:", "vbscript:", "data:text")), (page, balise)
        for script in soupe.find_all("script"):
            if script.get("type") in TYPES_NON_EXECUTES:
                json.loads(script.string)  # du JSON intact, jamais fermé par un « </script> » des données
            else:
                assert script.get("src") and not script.string, (page, script)


def test_chaque_valeur_publiee_l_est_echappee_et_jamais_evaluee(hostile):
    sortie, injectees, _journal = hostile
    textes = {
        p: p.read_text(encoding="utf-8")
        for p in sorted(sortie.rglob("*"))
        if p.suffix in {".html", ".xml", ".js", ".json"}
    }
    tout = "\n".join(textes.values())
    publiees = 0
    for valeur in injectees:
        assert valeur not in tout, valeur  # jamais brute (guillemets et chevrons toujours échappés)
        sous_formes = (
            str(escape(valeur)),
            json_sur(valeur)[1:-1],
            json.dumps(valeur, ensure_ascii=False)[1:-1],
        )
        publiees += any(forme in tout for forme in sous_formes)
    # Toutes ne sont pas publiées (contacts non publics, sessions passées d'un module…) : la plupart le sont.
    print(f"valeurs hostiles injectées : {len(injectees)}, publiées (échappées) : {publiees}")
    assert publiees >= 0.8 * len(injectees), (publiees, len(injectees))
    # « {{ 7*7 }} » jamais évalué en 49 (« 49 km » est une distance des pages par commune).
    assert not re.search(r" 49 (?!km)", tout) and tout.count("{{ 7*7 }}") >= publiees
    assert "{% if 1 %}si{% endif %}" in tout


def test_flux_et_calendriers_restent_lisibles(hostile):
    sortie, _injectees, _journal = hostile
    flux = sorted(sortie.rglob("*.atom.xml")) + sorted(sortie.rglob("*.rss.xml"))
    assert flux
    for fichier in flux:
        lu = feedparser.parse(fichier.read_bytes())
        assert not lu.bozo, (fichier, lu.get("bozo_exception"))
    calendriers = sorted(sortie.rglob("*.ics"))
    assert calendriers
    for fichier in calendriers:
        for evenement in Calendar.from_ical(fichier.read_bytes()).walk("VEVENT"):
            assert "\n" not in str(evenement.get("SUMMARY", ""))
    assert CHARGE[:10] not in (sortie / "sitemap.xml").read_text(encoding="utf-8")
