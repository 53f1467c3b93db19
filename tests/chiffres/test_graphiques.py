"""Les graphiques SVG : bien formés, accessibles (title, desc), sans script, identiques d'un build à l'autre."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from chiffres.graphiques import dessiner
from chiffres.modeles import Serie, Valeur

SVG = "{http://www.w3.org/2000/svg}"
ANNEES = Serie(
    "projets", "Projets accueillis", "d", "projets", "s", "r", (Valeur(2012, 68.0), Valeur(2013, 82.0))
)
TERRITOIRES = Serie(
    "territoires",
    "Projets par territoire",
    "d",
    "projets",
    "s",
    "r",
    (Valeur(2012, None, "nord"), Valeur(2013, 81.0, "nord"), Valeur(2013, 31.0, "lille")),
)
NOMS = {"nord": "Nord", "lille": "Lille"}


def dessin(serie):
    return dessiner(serie, NOMS.get, ("#1b5e8c", "#b3410e"), 640, 360)


def test_svg_accessible():
    for serie in (ANNEES, TERRITOIRES):
        racine = ET.fromstring(dessin(serie))
        enfants = list(racine)
        assert [enfants[0].tag, enfants[1].tag] == [f"{SVG}title", f"{SVG}desc"]
        assert enfants[0].text == serie.titre
        assert racine.get("role") == "img"
        assert racine.get("aria-labelledby") == f"graphique-{serie.id}-titre graphique-{serie.id}-desc"
        assert racine.get("viewBox") == "0 0 640 360" and racine.get("width") is None  # s'adapte à l'écran
        assert racine.find(f".//{SVG}script") is None
        assert len(racine.findall(f"{SVG}title")) == 1


def test_description_donne_toutes_les_valeurs():
    desc = ET.fromstring(dessin(TERRITOIRES)).find(f"{SVG}desc").text
    assert (
        desc
        == "Projets par territoire (projets). En 2012, Nord : non communiqué. En 2013, Nord : 81 ; Lille : 31."
    )


def test_valeurs_ecrites_sur_les_barres():
    textes = [
        t.text
        for t in ET.fromstring(dessin(ANNEES)).iter(f"{SVG}text")
        if t.get("class", "").startswith("value")
    ]
    assert {"68", "82"} <= set(textes)


def test_meme_serie_memes_octets():
    assert dessin(ANNEES) == dessin(ANNEES)
    assert "<!--" not in dessin(ANNEES)  # pas de commentaire daté


SOLDE = Serie(
    "solde",
    "Solde des créations",
    "d",
    "projets",
    "s",
    "r",
    (Valeur(2012, 68.0), Valeur(2013, -40.0), Valeur(2014, None), Valeur(2015, 20.0)),
)


def valeurs_ecrites(svg: str) -> list[tuple[str, str, float]]:
    """(texte, classes, x) de chaque valeur écrite sur les barres."""
    return [
        (t.text, t.get("class"), float(t.get("x")))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
        if "value" in t.get("class", "").split()
    ]


def test_annee_manquante_marquee_nc_a_sa_place():
    """Une année `manquant` était une place vide, sans un mot : « n.c. » y est écrit."""
    racine = ET.fromstring(dessin(SOLDE))
    annees = {t.text: float(t.get("x")) for t in racine.iter(f"{SVG}text") if t.text in ("2013", "2014")}
    (manquante,) = [v for v in valeurs_ecrites(dessin(SOLDE)) if "manquante" in v[1].split()]
    assert manquante[0] == "n.c." and abs(manquante[2] - annees["2014"]) < 1
    assert (
        "2014 : non communiqué" in racine.find(f"{SVG}desc").text
    )  # texte de remplacement en toutes lettres


def test_territoire_manquant_marque_nc():
    serie = Serie(
        "t", "Projets", "d", "projets", "s", "r", (Valeur(2013, None, "nord"), Valeur(2013, 31.0, "lille"))
    )
    assert [(t, c) for t, c, _x in valeurs_ecrites(dessin(serie))] == [
        ("31", "value"),
        ("n.c.", "value manquante"),
    ]


def test_valeur_negative_avec_le_signe_moins():
    textes = {t: c for t, c, _x in valeurs_ecrites(dessin(SOLDE))}
    assert textes["\u221240"] == "value negative" and "-40" not in textes
    assert "2013 : \u221240" in ET.fromstring(dessin(SOLDE)).find(f"{SVG}desc").text
