"""Données d'exemple (« exemple: true ») : affichées sur les pages, jamais dans le JSON-LD ni les calendriers."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from icalendar import Calendar

from outils import FIXTURES, construire_site, lire_html

SITEURL = "https://essai.example"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    racine = tmp_path_factory.mktemp("exemples")
    donnees = racine / "data"
    shutil.copytree(FIXTURES / "formations" / "data", donnees)
    formations = yaml.safe_load((donnees / "formations.yml").read_text(encoding="utf-8"))
    for session in formations["sessions"]:
        if session["id"] == "beta-printemps":
            session["exemple"] = True
    (donnees / "formations.yml").write_text(yaml.safe_dump(formations, allow_unicode=True), encoding="utf-8")
    agenda = yaml.safe_load((donnees / "agenda.yml").read_text(encoding="utf-8"))
    for evenement in agenda["evenements"]:
        if evenement["id"] == "matinale-elus":
            evenement["exemple"] = True
    (donnees / "agenda.yml").write_text(yaml.safe_dump(agenda, allow_unicode=True), encoding="utf-8")
    override = {
        "PLUGINS": ["socle", "actualites", "recherche", "formations"],
        "PATH": str(FIXTURES / "formations" / "content"),
        "SOCLE": {"donnees": str(donnees)},
        "SITEURL": SITEURL,
        "FEED_DOMAIN": SITEURL,
    }
    sortie, journal = construire_site(racine / "output", publication=True, override=override)
    assert journal.textes() == []
    return sortie


def _json_ld(page) -> str:
    return " ".join(s.string for s in lire_html(page).find_all("script", type="application/ld+json"))


def test_exemples_absents_du_json_ld(site):
    formations = json.loads(_json_ld(site / "formations" / "index.html"))
    instances = [i["url"] for cours in formations for i in cours["hasCourseInstance"]]
    assert instances and not [u for u in instances if "beta-printemps" in u]
    agenda = _json_ld(site / "agenda" / "index.html")
    assert "Matinale" not in agenda and "forum" in agenda.lower()


def test_exemples_absents_des_calendriers(site):
    textes = []
    for fichier in sorted(site.rglob("*.ics")):
        calendrier = Calendar.from_ical(fichier.read_bytes())
        textes += [str(e.get("UID")) + " " + str(e.get("SUMMARY")) for e in calendrier.walk("VEVENT")]
    assert textes and not [t for t in textes if "beta-printemps" in t or "Matinale" in t]
    assert not list(site.rglob("beta-printemps.ics")) and not list(site.rglob("matinale-elus.ics"))


def test_exemples_affiches_comme_tels_sans_lien_de_calendrier(site):
    page = lire_html(site / "formations" / "index.html")
    ligne = page.find(id=lambda i: i and "beta-printemps" in i)
    assert ligne is not None and ligne.find(class_="etiquette").get_text() == "exemple"
    assert not [a for a in ligne.find_all("a") if a["href"].endswith(".ics")]
    agenda = (site / "agenda" / "index.html").read_text(encoding="utf-8")
    assert "Donnée d'exemple" in agenda and "matinale-elus.ics" not in agenda
