"""Le second site réel (exemples/mesclun) : vérifié, construit, et rien de Maillage ni de sa région."""

from __future__ import annotations

import re
import subprocess

import feedparser

from outils import MESCLUN, RACINE, lancer_gestion, lire_html

# Noms, région et adresses de Maillage : aucun ne doit paraître dans le site de Mesclun.
INTERDITS = re.compile(
    r"maillage|lille|pas-de-calais|nord-pas|\bnord\b|lesquin|villeneuve|wazemmes|porteurs? de projet"
    r"|centres? sociaux|communes-59|(?<![\d.])(?:59|62)\d{3}(?!\d)",
    re.IGNORECASE,
)
TEXTES = {".html", ".xml", ".json", ".geojson", ".js", ".css", ".txt", ".ics", ""}
# carte.js vient de plugins/points_accueil/carte.py et carte_folium.py : vérifié à part (noms de fonctions et
# centre initial tirés des données, plus de « maillage… » ni de Lille).
A_PART = "structures/carte.js"


def fichiers_texte(sortie):
    for fichier in sorted(sortie.rglob("*")):
        relatif = fichier.relative_to(sortie).as_posix()
        if fichier.is_file() and fichier.suffix in TEXTES and not relatif.startswith("pagefind/"):
            yield relatif, fichier.read_text(encoding="utf-8")


def test_aucun_nom_ni_lieu_de_maillage_dans_le_site_de_mesclun(mesclun_public):
    trouves = {
        relatif: sorted(set(INTERDITS.findall(texte)))
        for relatif, texte in fichiers_texte(mesclun_public)
        if relatif != A_PART and INTERDITS.search(texte)
    }
    assert trouves == {}


def test_le_script_de_la_carte_ne_nomme_pas_maillage(mesclun_public):
    assert not INTERDITS.search((mesclun_public / A_PART).read_text(encoding="utf-8"))


def test_mesclun_passe_la_verification():
    resultat = lancer_gestion("--site", "exemples/mesclun", "verifier")
    assert resultat.returncode == 0, resultat.stderr
    assert "0 avertissement" in resultat.stdout


def test_mesclun_ne_tient_qu_a_son_dossier():
    """Rien du moteur n'est propre à Mesclun : ses réglages pointent vers theme/ et plugins/ du dépôt."""
    suivis = subprocess.run(
        ["git", "ls-files"], cwd=RACINE, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    hors_du_dossier = [f for f in suivis if "mesclun" in f.lower() and not f.startswith("exemples/mesclun/")]
    assert [f for f in hors_du_dossier if not f.startswith(("tests/", "docs/", "CHANGELOG", "README"))] == []
    reglages = (MESCLUN / "pelicanconf.py").read_text(encoding="utf-8")
    assert 'MOTEUR / "theme"' in reglages and 'MOTEUR / "plugins"' in reglages


def test_structures_adherentes_a_la_place_des_points_d_accueil(mesclun_public):
    page = lire_html(mesclun_public / "structures" / "index.html")
    assert page.h1.get_text(strip=True) == "Structures adhérentes"
    fiches = page.select(".pa-fiche")
    assert len(fiches) == 3 and all("exemple" in f.get_text() for f in fiches)
    menu = [
        a.get_text(strip=True) for a in lire_html(mesclun_public / "index.html").select("nav.navigation a")
    ]
    assert "Structures adhérentes" in menu and "La lettre" not in menu
    assert not (mesclun_public / "lettre").exists() and not (mesclun_public / "points-accueil").exists()
    # Ce que la carte dit à un lecteur d'écran (grappes, échec du chargement) : ses mots, pas les nôtres.
    commande = page.select_one("#pa-carte-commande")
    assert commande["data-texte-grappe"] == "{n} structures adhérentes ici : zoomer pour les voir"
    assert "structures adhérentes" in commande["data-texte-sans-carte"]
    script = (RACINE / "theme" / "static" / "js" / "points-accueil.js").read_text(encoding="utf-8")
    assert "points d'accueil" not in script.split("\n", 1)[1], "textes de la carte pris dans les réglages"


def test_evenements_et_plan_de_formation(mesclun_public):
    agenda = lire_html(mesclun_public / "agenda" / "index.html").get_text(" ", strip=True)
    assert "Le temps des alternatives solidaires" in agenda and "Parcours solidaires" in agenda
    formations = lire_html(mesclun_public / "plan-de-formation" / "index.html")
    assert "Plan de formation interne mutualisé" in formations.get_text(" ", strip=True)
    assert (mesclun_public / "plan-de-formation" / "plan-de-formation-interne" / "index.html").is_file()


def test_couleurs_logo_et_flux_de_mesclun(mesclun_public):
    css = (mesclun_public / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "#2f6b2a" in css and "#8a3266" in css
    accueil = lire_html(mesclun_public / "index.html")
    assert accueil.select_one("img.marque__logo")["src"].endswith("/images/logo.svg")
    assert (mesclun_public / "images" / "logo.svg").is_file()
    assert accueil.select_one('link[rel="icon"][sizes]') is None  # pas de favicon.ico : le logo seul
    flux = feedparser.parse((mesclun_public / "flux" / "actualites.atom.xml").read_bytes())
    assert flux.feed.title == "Mesclun : actualités" and len(flux.entries) == 3


def test_table_des_communes_de_mesclun_produite_par_la_commande():
    from points_accueil.production_communes import produire

    attendu = (MESCLUN / "data" / "communes-13.csv").read_text(encoding="utf-8")
    assert produire(("13",)) == attendu
    assert "Bouches-du-Rhône (13)" in attendu.splitlines()[0]
    assert "\n13055,Marseille," in attendu
