"""Un vrai build du site d'essai : page, échappement, JSON, GeoJSON, pages sans JavaScript, refus en publication."""

from __future__ import annotations

import json
import re

import pytest
from outils_points import FIXTURE, POINT_VALIDE, construire_isole, ecrire_points, settings_fixture

from outils import lire_html, reglages
from socle.erreurs import DonneesInvalides

HOSTILE = "<script>alert('x')</script> Centre ${document.cookie} </script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("points") / "output"
    [resultat] = construire_isole((sortie, True, settings_fixture()))
    assert resultat == {"ok": True, "journal": []}
    return sortie


def test_page_liste_tous_les_points_actifs_par_territoire(site):
    soupe = lire_html(site / "points-accueil" / "index.html")
    territoires = [h.get_text(" ", strip=True) for h in soupe.select(".pa-territoire h3")]
    assert territoires == ["Lille (1 point)", "Est <b>lillois</b> (2 points)"]
    assert sorted(li["id"] for li in soupe.select(".pa-fiche")) == ["hostile", "lesquin-mairie", "siege"]
    assert soupe.find(id="ancien-point") is None


def test_nom_hostile_affiche_comme_texte_dans_la_liste(site):
    soupe = lire_html(site / "points-accueil" / "index.html")
    fiche = soupe.find(id="hostile")
    assert fiche.h4.get_text() == HOSTILE
    assert fiche.find("script") is None and fiche.find("img") is None and fiche.find("em") is None
    assert "<em>Orientation</em>" in fiche.get_text()
    # Les seuls scripts de la page, les nôtres, en fichiers : le menu (toutes les pages) et la carte.
    scripts = soupe.find_all("script")
    assert [s["src"].rsplit("/", 2)[-2:] for s in scripts] == [["js", "menu.js"], ["js", "points-accueil.js"]]
    assert not [s for s in scripts if s.string]


def test_nom_hostile_en_json_dans_la_carte_sans_balise_brute(site):
    script = (site / "points-accueil" / "carte.js").read_text(encoding="utf-8")
    assert "<script" not in script and "</script" not in script and "<img" not in script
    # Les bulles sont passées en JSON, jamais dans un gabarit de chaîne JavaScript.
    [appel] = re.findall(r"^pointsCarte\(\w+, (.*)\);$", script, re.M)
    donnees = json.loads(appel)
    structures = {p["structure"] for t in donnees["territoires"] for p in t["points"]}
    assert HOSTILE in structures
    assert "`" not in script.split("function pointsMarqueurs")[1]
    assert "innerHTML" not in script
    # La légende (HTML pour Leaflet) est échappée par le script ; le libellé part tel quel en JSON.
    assert "Est \\u003cb\\u003elillois\\u003c/b\\u003e" in appel
    assert "pointsEchapper(t.libelle)" in script


def test_json_de_recherche(site):
    brut = (site / "points-accueil" / "recherche.json").read_text(encoding="utf-8")
    assert "<" not in brut
    donnees = json.loads(brut)
    assert donnees["n"] == 3
    assert sorted(p[0] for p in donnees["p"]) == ["hostile", "lesquin-mairie", "siege"]
    assert HOSTILE in [p[1] for p in donnees["p"]]
    assert ["Villeneuve-d'Ascq", "59491 59493 59650", 50.61669, 3.16664, 0] in donnees["c"]
    assert len(donnees["c"]) > 1500


def test_geojson_un_objet_par_point_actif(site):
    collection = json.loads((site / "points-accueil" / "points-accueil.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    par_id = {f["id"]: f for f in collection["features"]}
    assert sorted(par_id) == ["hostile", "lesquin-mairie", "siege"]
    for entite in collection["features"]:
        assert entite["type"] == "Feature" and entite["geometry"]["type"] == "Point"
        lon, lat = entite["geometry"]["coordinates"]
        assert 1.5 < lon < 4.3 and 49.9 < lat < 51.2  # ordre GeoJSON : longitude d'abord
    assert par_id["hostile"]["properties"]["structure"] == HOSTILE
    assert par_id["hostile"]["properties"]["position_approximative"] is True


def test_geojson_dit_horaires_telephone_et_lien_de_rendez_vous_comme_la_fiche(tmp_path):
    from points_accueil.chargement import charger_tout
    from points_accueil.sorties import geojson

    donnees = tmp_path / "data"
    donnees.mkdir()
    for nom in ("association.yml", "mots-cles.yml", "points-accueil-referentiel.yml"):
        (donnees / nom).write_text((FIXTURE / "data" / nom).read_text(encoding="utf-8"), encoding="utf-8")
    rendez_vous = {
        "horaires": "Mardi 9 h – 12 h",
        "telephone": "03 20 87 50 50",
        "rendez_vous": "https://rdv.example/",
    }
    ecrire_points(donnees, {**POINT_VALIDE, **rendez_vous}, {**POINT_VALIDE, "id": "sans-rendez-vous"})
    lu = charger_tout(reglages(override={**settings_fixture(), "SOCLE": {"donnees": str(donnees)}}))
    assert lu.problemes == []
    par_id = {
        f["id"]: f["properties"]
        for f in json.loads(geojson(lu.points, "/points-accueil/", "CC0"))["features"]
    }
    assert {cle: par_id["mairie-lesquin"][cle] for cle in rendez_vous} == rendez_vous
    assert {cle: par_id["sans-rendez-vous"][cle] for cle in rendez_vous} == dict.fromkeys(rendez_vous, "")


def test_noms_des_personnes_publies_seulement_sur_accord(site):
    def lire(nom):
        return (site / "points-accueil" / nom).read_text(encoding="utf-8")

    for nom in ("index.html", "carte.js", "recherche.json", "points-accueil.geojson"):
        assert "Personne Secrète" not in lire(nom), nom
    for nom in ("index.html", "carte.js", "points-accueil.geojson"):
        assert "Camille Publique" in lire(nom), nom


def test_aucune_bibliotheque_depuis_un_cdn(site):
    page = (site / "points-accueil" / "index.html").read_text(encoding="utf-8")
    script = (site / "points-accueil" / "carte.js").read_text(encoding="utf-8")
    for texte in (page, script):
        assert not re.search(r"cdn|unpkg|jsdelivr|cloudflare|bootstrap|jquery|font-?awesome", texte, re.I)
    soupe = lire_html(site / "points-accueil" / "index.html")
    bibliotheques = json.loads(soupe.find(id="pa-carte-commande")["data-js"])
    assert bibliotheques[-1] == "points-accueil/carte.js"
    for chemin in bibliotheques + json.loads(soupe.find(id="pa-carte-commande")["data-css"]):
        assert (site / chemin).is_file(), chemin


def test_pages_sans_javascript_par_initiale(site):
    soupe = lire_html(site / "points-accueil" / "communes" / "l" / "index.html")
    lesquin = soupe.find(id="commune-59343").find_parent("section")
    proches = [li.get_text(" ", strip=True) for li in lesquin.select("ol li")]
    assert proches[0].startswith("Mairie de Lesquin")
    assert len(proches) == 3
    assert lesquin.select_one("ol li a")["href"].endswith("/points-accueil/#lesquin-mairie")
    # Chaque commune de la table a sa réponse, si loin que soit le point le plus proche.
    boulogne = lire_html(site / "points-accueil" / "communes" / "b" / "index.html").find(id="commune-62160")
    assert "Lille : 102 km" in boulogne.find_parent("section").get_text(" ", strip=True)
    listees = {
        h2["id"].removeprefix("commune-")
        for page in (site / "points-accueil" / "communes").glob("*/index.html")
        for h2 in lire_html(page).select("section.pa-commune h2[id]")
    }
    table = json.loads((site / "points-accueil" / "recherche.json").read_text(encoding="utf-8"))["c"]
    assert len(listees) == len(table)  # 100 % des communes, sans JavaScript


def test_chaque_fiche_dit_comment_etre_recu_et_prendre_rendez_vous(site):
    soupe = lire_html(site / "points-accueil" / "index.html")
    fiches = soupe.select("li.pa-fiche")
    assert fiches
    for fiche in fiches:
        assert fiche.select_one(".pa-reception").get_text(strip=True).startswith("Comment être reçu :")
        assert fiche.select_one(".pa-rdv a.pa-tel")["href"].startswith("tel:+")
    donnees = json.loads((site / "points-accueil" / "recherche.json").read_text(encoding="utf-8"))
    assert all(len(p) == 10 and p[5] for p in donnees["p"])


def test_page_dans_le_plan_du_site_et_le_menu_de_l_accueil(site):
    plan = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/points-accueil/</loc>" in plan and "/points-accueil/communes/l/</loc>" in plan
    accueil = lire_html(site / "index.html")
    assert accueil.find(id="titre-accueil-points") is not None


def test_sortie_identique_d_un_build_a_l_autre(site, tmp_path):
    autre = tmp_path / "output"
    assert construire_isole((autre, True, settings_fixture()))[0]["ok"]
    for nom in ("index.html", "carte.js", "recherche.json", "points-accueil.geojson"):
        assert (autre / "points-accueil" / nom).read_bytes() == (
            site / "points-accueil" / nom
        ).read_bytes(), nom


def test_publication_refuse_des_donnees_invalides(tmp_path):
    donnees = tmp_path / "data"
    donnees.mkdir()
    for nom in ("association.yml", "mots-cles.yml", "points-accueil-referentiel.yml"):
        (donnees / nom).write_text((FIXTURE / "data" / nom).read_text(encoding="utf-8"), encoding="utf-8")
    ecrire_points(donnees, {**POINT_VALIDE, "territoire": "inconnu"})
    override = {**settings_fixture(tmp_path / "output"), "SOCLE": {"donnees": str(donnees)}}
    sortie = tmp_path / "dev"
    publication, developpement = construire_isole(
        (tmp_path / "output", True, override), (sortie, False, {**override, "OUTPUT_PATH": str(sortie)})
    )
    assert not publication["ok"]
    assert publication["erreur"].startswith(DonneesInvalides.__name__)
    assert "territoire inconnu « inconnu »" in publication["erreur"]
    # En développement, le point fautif est écarté avec un avertissement et le site se construit.
    assert developpement["ok"]
    assert any("territoire inconnu « inconnu »" in t for t in developpement["journal"])
    assert lire_html(sortie / "points-accueil" / "index.html").select(".pa-fiche") == []


def test_verifier_pour_make_check():
    from points_accueil import verifier

    assert verifier(reglages(override=settings_fixture())) == []
    assert [str(p) for p in verifier(reglages()) if p.est_erreur] == []  # les vraies données


def test_serveur_de_tuiles_reglable(tmp_path):
    tuiles = "https://tuiles.exemple.org/{z}/{x}/{y}.png"
    sortie = tmp_path / "output"
    override = settings_fixture(sortie, tuiles=tuiles, attribution="Fond : Exemple")
    assert construire_isole((sortie, False, override))[0]["ok"]
    script = (sortie / "points-accueil" / "carte.js").read_text(encoding="utf-8")
    assert '"https://tuiles.exemple.org/{z}/{x}/{y}.png"' in script and "Fond : Exemple" in script
    assert "openstreetmap.org/{z}" not in script
    assert (
        "tuiles.exemple.org"
        in lire_html(sortie / "points-accueil" / "index.html").find(id="pa-carte-commande").text
    )


def test_reglage_inconnu_refuse():
    from points_accueil import verifier

    with pytest.raises(ValueError, match="clé\\(s\\) inconnue\\(s\\) tuile"):
        verifier(reglages(override=settings_fixture(tuile="x")))


def test_inactif_dans_un_build_qui_ne_le_liste_pas(tmp_path):
    """Enregistré par un premier build, le plugin ne touche pas un second site qui ne le liste pas."""
    donnees = tmp_path / "data"
    donnees.mkdir()
    for nom in ("association.yml", "mots-cles.yml"):
        (donnees / nom).write_text((FIXTURE / "data" / nom).read_text(encoding="utf-8"), encoding="utf-8")
    sortie = tmp_path / "output"
    override = {
        **settings_fixture(sortie),
        "PLUGINS": ["socle", "actualites"],
        "SOCLE": {"donnees": str(donnees)},
    }
    premier, second = construire_isole(
        (tmp_path / "avec", True, settings_fixture(tmp_path / "avec")), (sortie, True, override)
    )
    assert premier["ok"] and (tmp_path / "avec" / "points-accueil" / "index.html").is_file()
    assert second == {"ok": True, "journal": []}
    assert not (sortie / "points-accueil").exists()
