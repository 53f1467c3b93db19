"""Données jamais lues comme gabarit : marques Jinja, `</script>` et guillemets dans chaque champ texte.

Chaque champ texte des points et du référentiel reçoit une chaîne hostile différente (le nom du
champ la rend unique) ; on vérifie octet par octet qu'elle est publiée échappée dans la page, la
carte (JSON) et les données de recherche, et que rien n'a été évalué (`{{ 7*7 }}` ne devient
jamais `49`, `{#` non fermé ne casse pas le build).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from outils_points import FIXTURE, construire_isole, settings_fixture

from points_accueil.carte import json_sur, rendre_ici

HOSTILE = (
    "{{ 7*7 }} {% if 1 %}si{% endif %} {# pas fermé </script><script>alert(1)</script> \"d\" 'a' `${c}` \\"
)
CHAMPS_POINT = ("structure", "adresse", "precisions", "contact")
APPEL = re.compile(r"^pointsCarte\(\w+, (.*)\);$", re.M)


def hostile(champ: str) -> str:
    return f"{champ} {HOSTILE}"


@pytest.fixture(scope="module")
def site_hostile(tmp_path_factory):
    racine = tmp_path_factory.mktemp("hostile")
    donnees = racine / "data"
    shutil.copytree(FIXTURE / "data", donnees)
    points = yaml.safe_load((donnees / "points-accueil.yml").read_text(encoding="utf-8"))
    for point in points["points"]:
        if point["actif"]:
            for champ in CHAMPS_POINT:
                point[champ] = hostile(f"{point['id']}-{champ}")
            point["services"] = [hostile(f"{point['id']}-service")]
            point["publier_contact"] = True
    (donnees / "points-accueil.yml").write_text(yaml.safe_dump(points, allow_unicode=True), encoding="utf-8")
    referentiel = yaml.safe_load((donnees / "points-accueil-referentiel.yml").read_text(encoding="utf-8"))
    for liste, entrees in referentiel.items():
        for entree in entrees:
            entree["libelle"] = hostile(f"{liste}-{entree['slug']}")
    (donnees / "points-accueil-referentiel.yml").write_text(
        yaml.safe_dump(referentiel, allow_unicode=True), encoding="utf-8"
    )
    override = settings_fixture()
    override["SOCLE"] = {"donnees": str(donnees)}
    sortie = racine / "output"
    [resultat] = construire_isole((sortie, True, override))
    assert resultat == {"ok": True, "journal": []}
    return sortie, points, referentiel


def textes_attendus(points, referentiel) -> list[str]:
    textes = [hostile(f"{liste}-{e['slug']}") for liste, entrees in referentiel.items() for e in entrees]
    for point in points["points"]:
        if point["actif"]:
            textes += [point[c] for c in CHAMPS_POINT] + point["services"]
    return textes


def test_chaque_champ_publie_echappe_dans_la_page(site_hostile):
    sortie, points, referentiel = site_hostile
    page = (sortie / "points-accueil" / "index.html").read_text(encoding="utf-8")
    for point in points["points"]:
        if point["actif"]:
            for texte in [point[c] for c in CHAMPS_POINT] + point["services"]:
                assert str(escape(texte)) in page, texte
    for texte in textes_attendus(points, referentiel):
        assert texte not in page  # jamais brut : guillemets et chevrons toujours échappés
    assert " 49 " not in page and page.count("{{ 7*7 }}") >= 5 * 2  # rien d'évalué
    # Aucune balise venue des données : seulement nos deux scripts, le menu et la carte.
    scripts = re.findall(r"<script[^>]*>", page)
    assert [re.sub(r'src="[^"]*/js/', 'src="', b) for b in scripts] == [
        '<script src="menu.js" defer>',
        '<script src="points-accueil.js" defer>',
    ]


def test_carte_porte_les_donnees_en_json_hors_de_tout_gabarit(site_hostile):
    sortie, points, _referentiel = site_hostile
    script = (sortie / "points-accueil" / "carte.js").read_text(encoding="utf-8")
    [appel] = APPEL.findall(script)
    donnees = json.loads(appel)
    assert appel == json_sur(donnees)  # octet pour octet : notre JSON, rien réécrit ensuite
    publies = {p["structure"] for t in donnees["territoires"] for p in t["points"]}
    assert publies == {p["structure"] for p in points["points"] if p["actif"]}
    assert {t["libelle"] for t in donnees["territoires"]} >= {hostile("territoires-est")}
    avant_donnees = script[: script.index("function pointsEchapper")]
    assert "7*7" not in avant_donnees and "siege" not in avant_donnees  # rien des données chez folium
    assert "</script" not in script and "<script" not in script


def test_donnees_de_recherche_a_l_identique(site_hostile):
    sortie, points, _referentiel = site_hostile
    brut = (sortie / "points-accueil" / "recherche.json").read_text(encoding="utf-8")
    assert "<" not in brut
    structures = {p[1] for p in json.loads(brut)["p"]}
    assert structures == {p["structure"] for p in points["points"] if p["actif"]}


TEXTE_HOSTILE = st.text(
    alphabet=st.sampled_from(list("{}%#<>/\\\"'`$ \n\u2028ascriptéÉ7*")) | st.characters(codec="utf-8"),
    min_size=1,
    max_size=40,
)
ESSAIS_RENDU = 60


@settings(max_examples=ESSAIS_RENDU, deadline=None)
@given(structure=TEXTE_HOSTILE, libelle=TEXTE_HOSTILE, adresse=TEXTE_HOSTILE)
def test_rendu_de_la_carte_rend_les_textes_a_l_identique(structure, libelle, adresse):
    """Propriété : quels que soient les textes, le script les porte tels quels, en JSON, une fois."""
    point = {"id": "p", "structure": structure, "type": libelle, "adresse": adresse, "accueil": "x"}
    point |= {"approx": False, "contact": structure, "lat": 50.6, "lon": 3.1, "lien": "#p"}
    plan = {
        "tuiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap",
        "zoom_max": 18,
        "bibliotheques": {c: f"/static/{c}.js" for c in ("leaflet_js", "leaflet_css", "markercluster_js")}
        | {c: f"/static/{c}" for c in ("markercluster_css", "markercluster_default_css", "subgroup_js")}
        | {"locate_js": "/l.js", "locate_css": "/l.css"},
        "territoires": [{"slug": "t", "libelle": libelle, "points": [point]}],
        "bornes": [[50.6, 3.1], [50.6, 3.1]],
    }
    script = rendre_ici(plan).script
    [appel] = APPEL.findall(script)
    assert json.loads(appel) == {"territoires": plan["territoires"]}
    assert "</script" not in script.lower()


# Propriété sur de vrais builds : des textes générés dans chaque champ texte des deux fichiers.
CHAMPS_GENERES = ("structure", "adresse", "precisions", "contact", "service", "territoire", "type", "accueil")
TEXTE_CHAMP = st.text(
    alphabet=st.sampled_from(list("{}%#<>/\\\"'`$ &;=ascriptéÉ7*:-"))
    | st.characters(codec="utf-8", categories=("L", "N", "P", "S")),
    max_size=30,
)
ESSAIS_BUILDS = 6
FRANCAIS_AVEC_LIGNE = re.compile(r"data/points-accueil(?:-referentiel)?\.yml:\d+ : erreur : ")


@settings(
    max_examples=ESSAIS_BUILDS, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(textes=st.fixed_dictionaries({champ: TEXTE_CHAMP for champ in CHAMPS_GENERES}))
def test_build_refuse_en_francais_ou_publie_echappe(tmp_path_factory, textes):
    racine = tmp_path_factory.mktemp("propriete")
    donnees = racine / "data"
    shutil.copytree(FIXTURE / "data", donnees)
    points = yaml.safe_load((donnees / "points-accueil.yml").read_text(encoding="utf-8"))
    point = next(p for p in points["points"] if p["id"] == "lesquin-mairie")
    for champ in ("structure", "adresse", "precisions", "contact"):
        point[champ] = textes[champ]
    point["services"] = [textes["service"]]
    (donnees / "points-accueil.yml").write_text(yaml.safe_dump(points, allow_unicode=True), encoding="utf-8")
    referentiel = yaml.safe_load((donnees / "points-accueil-referentiel.yml").read_text(encoding="utf-8"))
    for liste, cle in (("territoires", "territoire"), ("types", "type"), ("accueil", "accueil")):
        referentiel[liste][-1]["libelle"] = textes[cle]
    (donnees / "points-accueil-referentiel.yml").write_text(
        yaml.safe_dump(referentiel, allow_unicode=True), encoding="utf-8"
    )
    override = settings_fixture()
    override["SOCLE"] = {"donnees": str(donnees)}
    [resultat] = construire_isole((racine / "output", True, override))
    if not resultat["ok"]:
        # Refus (champ obligatoire vide…) : un message en français, avec le fichier et la ligne.
        assert resultat["erreur"].startswith("DonneesInvalides: "), resultat
        assert FRANCAIS_AVEC_LIGNE.search(resultat["erreur"]), resultat
        event("refusé en français")
        return
    page = (racine / "output" / "points-accueil" / "index.html").read_text(encoding="utf-8")
    for champ, texte in textes.items():
        if texte.strip():
            assert str(escape(texte.strip())) in page, (champ, texte)
    script = (racine / "output" / "points-accueil" / "carte.js").read_text(encoding="utf-8")
    donnees_carte = json.loads(APPEL.findall(script)[0])
    assert textes["structure"].strip() in {
        p["structure"] for t in donnees_carte["territoires"] for p in t["points"]
    }
