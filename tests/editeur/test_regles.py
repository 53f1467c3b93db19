"""Les règles de l'éditeur viennent des chargeurs et des réglages, pas d'une copie à la main."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from editeur.configuration import configuration
from editeur.generateur import MODULES
from editeur.regles import adresses_prises, entetes_actualite, regles

from actualites.commandes import creer_actualite
from actualites.verification import FORMAT_DATE, lire_date
from outils import RACINE, lire_html, reglages
from points_accueil import reglages as reglages_points
from points_accueil.chargement import OBLIGATOIRES, zone_desservie
from points_accueil.communes import charger_communes
from socle.entetes import lire_fichier

pytestmark = pytest.mark.contenu_maillage


def champ(collection: dict, nom: str) -> dict:
    return next(c for c in collection["fields"] if c["name"] == nom)


def test_les_en_tetes_sont_ceux_de_nouvelle_actualite(tmp_path):
    contenu = tmp_path / "content"
    (contenu / "actualites").mkdir(parents=True)
    settings = reglages(override={"PATH": str(contenu), "SOCLE": {"donnees": str(RACINE / "data")}})
    chemin = creer_actualite(settings, "Un titre", dt.datetime(2026, 11, 23, 14, 30), ["emploi"], "Résumé.")
    ecrites = [cle for cle in chemin.read_text(encoding="utf-8").split("\n\n")[0].splitlines()]
    assert [ligne.split(":")[0] for ligne in ecrites] == entetes_actualite()
    assert set(lire_fichier(chemin).champs) == {c.lower() for c in entetes_actualite()}


def test_un_en_tete_ajoute_au_modele_est_ecrit_par_l_editeur():
    modele = "Title: {titre}\nDate: {date}\nSlug: {slug}\nTags: {mots_cles}\nSummary: {resume}\nUid: {uid}\n\nTexte.\n"
    assert entetes_actualite(modele) == ["Title", "Date", "Slug", "Tags", "Summary", "Uid"]


def test_seulement_les_capacites_actives():
    actifs = ["socle", "actualites", "editeur"]
    les_regles = regles(reglages(override={"PLUGINS": actifs}))
    assert not {"points_accueil", "formations", "agenda", "lettre"} & set(les_regles)
    noms = [c["name"] for c in configuration(les_regles, _options(), "")["collections"]]
    assert noms == ["actualites", "pages"]
    complet = configuration(regles(reglages()), _options(), "")["collections"]
    assert [c["name"] for c in complet] == ["actualites", "pages", "donnees", "editos"]


def test_les_mots_cles_sont_ceux_du_vocabulaire(tmp_path):
    donnees = tmp_path / "data"
    donnees.mkdir()
    for nom in (
        "association.yml",
        "points-accueil-referentiel.yml",
        "points-accueil.yml",
        "communes-59-62.csv",
    ):
        (donnees / nom).write_bytes((RACINE / "data" / nom).read_bytes())
    (donnees / "mots-cles.yml").write_text(
        "- slug: jardins\n  libelle: Jardins partagés\n  description: Les jardins.\n"
        "- slug: cafes\n  libelle: Cafés associatifs\n  description: Les cafés.\n",
        encoding="utf-8",
    )
    settings = reglages(override={"SOCLE": {"donnees": str(donnees)}})
    les_regles = regles(settings)
    assert les_regles["actualites"]["mots_cles"] == [
        {"slug": "cafes", "libelle": "Cafés associatifs"},
        {"slug": "jardins", "libelle": "Jardins partagés"},
    ]
    config = configuration(les_regles, {**_options(), "proxy_local": None}, "")
    mots = champ(config["collections"][0], "tags")
    assert mots["options"] == [
        {"label": "Cafés associatifs", "value": "cafes"},
        {"label": "Jardins partagés", "value": "jardins"},
    ]
    assert mots["multiple"] and mots["min"] == 1


def _options():
    from editeur import reglages as reglages_editeur

    return reglages_editeur.lire({})


def test_les_regles_des_points_d_accueil_sont_celles_du_chargeur():
    settings = reglages()
    points = regles(settings)["points_accueil"]
    assert points["obligatoires"] == list(OBLIGATOIRES)
    # Sans réglage « zone », celle que le chargeur déduit de la table des communes.
    options = reglages_points.lire(settings)
    table, _ = charger_communes(RACINE / "data" / options["communes"], options["communes"])
    assert (
        points["zone"] == zone_desservie(options, table) == reglages_points.zone_des_communes(table.communes)
    )
    autre_zone = {"lat_min": 43.1, "lat_max": 43.5, "lon_min": 5.2, "lon_max": 5.6}  # Marseille
    assert (
        regles(reglages(override={"POINTS_ACCUEIL": {"zone": autre_zone}}))["points_accueil"]["zone"]
        == autre_zone
    )
    referentiel = yaml.safe_load(
        (RACINE / "data" / "points-accueil-referentiel.yml").read_text(encoding="utf-8")
    )
    assert [t["slug"] for t in points["referentiel"]["territoires"]] == [
        t["slug"] for t in referentiel["territoires"]
    ]


def test_les_publics_de_l_agenda_sont_ceux_du_chargeur(tmp_path):
    from formations import reglages as reglages_formations

    settings = reglages()
    attendus = reglages_formations.lire(settings)["publics"]  # data/agenda.yml n'a pas de « publics: »
    assert regles(settings)["agenda"]["publics"] == [{"slug": k, "libelle": v} for k, v in attendus.items()]
    donnees = tmp_path / "data"
    donnees.mkdir()
    for fichier in (RACINE / "data").iterdir():
        if fichier.is_file():
            (donnees / fichier.name).write_bytes(fichier.read_bytes())
    agenda = donnees / "agenda.yml"
    agenda.write_text(
        "publics: {membres: Structures adhérentes}\n" + agenda.read_text(encoding="utf-8"), encoding="utf-8"
    )
    propres = regles(reglages(override={"SOCLE": {"donnees": str(donnees)}}))["agenda"]["publics"]
    assert propres == [{"slug": "membres", "libelle": "Structures adhérentes"}]


def test_le_motif_de_date_du_formulaire_est_celui_de_la_verification():
    config = configuration(regles(reglages()), _options(), "")
    motif, message = champ(config["collections"][0], "date")["pattern"]
    assert motif == FORMAT_DATE.pattern
    for texte in ("2026-11-23 14:30", "2026-11-23", "23/11/2026", "2026-11-23 14h30"):
        assert bool(re.match(motif, texte)) == (lire_date(texte) is not None), texte
    assert "année-mois-jour" in message


def test_champs_obligatoires_des_points_d_accueil():
    config = configuration(regles(reglages()), _options(), "")
    donnees = next(c for c in config["collections"] if c["name"] == "donnees")
    points = next(f for f in donnees["files"] if f["name"] == "points_accueil")["fields"][0]["fields"]
    obligatoires = {c["name"] for c in points if c.get("required", True) and c["widget"] != "boolean"}
    # « actif » est un booléen : absent, Decap écrit false ; le chargeur l'exige, le formulaire le propose coché.
    assert obligatoires == set(OBLIGATOIRES) - {"actif"}
    assert {c["name"] for c in points} == set(OBLIGATOIRES) | set(
        regles(reglages())["points_accueil"]["facultatifs"]
    )


@pytest.mark.parametrize(
    ("fichier", "liste", "champs"),
    [
        ("formations", "lieux", "CHAMPS_LIEU"),
        ("formations", "modules", "CHAMPS_MODULE"),
        ("formations", "sessions", "CHAMPS_SESSION"),
        ("agenda", "evenements", "CHAMPS_EVENEMENT"),
    ],
)
def test_le_formulaire_propose_chaque_champ_que_le_chargeur_lit(fichier, liste, champs):
    """Un champ lu par le chargeur mais absent du formulaire ne s'écrit pas dans l'éditeur (le statut
    « annulee » d'un rendez-vous manquait : le personnel ne pouvait pas annuler depuis le navigateur)."""
    from formations import chargement, chargement_agenda

    module = chargement_agenda if fichier == "agenda" else chargement
    config = configuration(regles(reglages()), _options(), "")
    donnees = next(c for c in config["collections"] if c["name"] == "donnees")
    fiches = next(
        c for c in next(f for f in donnees["files"] if f["name"] == fichier)["fields"] if c["name"] == liste
    )
    assert {c["name"] for c in fiches["fields"]} == set(getattr(module, champs))


def test_local_ou_production():
    les_regles = regles(reglages())
    local = configuration(les_regles, {**_options(), "proxy_local": "http://127.0.0.1:8081/api/v1"}, "")
    assert local["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert local["publish_mode"] == "simple"
    depot = {"name": "forgejo", "repo": "maillage/site", "base_url": "https://forge.example.org"}
    production = configuration(les_regles, {**_options(), "depot": depot}, "https://www.maillage.asso.fr")
    assert "local_backend" not in production
    assert production["publish_mode"] == "editorial_workflow"
    assert production["backend"] == depot
    assert production["locale"] == "fr"
    gitea = configuration(les_regles, {**_options(), "depot": {**depot, "name": "gitea"}}, "")
    assert "publish_mode" not in gitea, "Decap ne fait pas de brouillons sur Gitea"


def test_les_adresses_prises_du_build_sont_celles_des_fichiers(site_public):
    """Le build reprend les slugs relevés par la vérification au lieu de relire chaque fichier :
    mêmes adresses que la lecture des fichiers par l'éditeur seul."""
    publiees = json.loads((site_public / "admin" / "regles.json").read_text(encoding="utf-8"))
    settings = reglages(publication=True)
    assert publiees["actualites"]["adresses"] == adresses_prises(settings, "ARTICLE_PATHS")
    assert publiees["pages"]["adresses"] == adresses_prises(settings, "PAGE_PATHS")
    assert len(publiees["actualites"]["adresses"]) > 10 and "contact" in publiees["pages"]["adresses"]


def test_le_site_construit_contient_l_editeur_et_seulement_sous_admin(site_public):
    admin = site_public / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert (
        json.loads((admin / "regles.json").read_text(encoding="utf-8"))["actualites"]["entetes"]
        == entetes_actualite()
    )
    assert (admin / "decap" / "decap-cms.js").stat().st_size > 1_000_000
    # Le bundle est publié par un lien physique (même disque), pas recopié à chaque build.
    source = MODULES / "decap-cms" / "dist" / "decap-cms.js"
    if source.stat().st_dev == admin.stat().st_dev:
        assert (admin / "decap" / "decap-cms.js").stat().st_ino == source.stat().st_ino
    assert (admin / "decap" / "decap-cms.js").read_bytes() == source.read_bytes()
    page = lire_html(admin / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    scripts = [s.get("src") for s in page.find_all("script")]
    assert all(s and not s.startswith(("http:", "https:", "//")) for s in scripts), "aucun CDN"
    assert "Disallow: /admin/" in (site_public / "robots.txt").read_text(encoding="utf-8")
    assert "/admin/" not in (site_public / "sitemap.xml").read_text(encoding="utf-8")
    for html in site_public.rglob("*.html"):
        if admin in html.parents:
            continue
        texte = html.read_text(encoding="utf-8")
        assert "admin/" not in texte and "decap" not in texte.lower(), html
    assert "data-pagefind-body" not in (admin / "index.html").read_text(encoding="utf-8"), (
        "hors de la recherche"
    )


def test_un_second_build_ne_reecrit_pas_la_configuration(tmp_path):
    """config.yml et regles.json identiques gardent leur date (un rsync de déploiement ne les renvoie pas)."""
    from outils import construire_site

    sortie, _journal = construire_site(tmp_path / "sortie")
    fichiers = [sortie / "admin" / "config.yml", sortie / "admin" / "regles.json"]
    avant = [f.stat().st_mtime_ns for f in fichiers]
    construire_site(tmp_path / "sortie")
    assert [f.stat().st_mtime_ns for f in fichiers] == avant
