"""Fermetures datées d'un point d'accueil : règles pures, validation des vrais fichiers, build."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup
from outils_points import (
    COMMUNES,
    FERME_LESQUIN,
    FERME_SIEGE,
    POINT_VALIDE,
    REFERENTIEL,
    ZONE,
    construire_isole,
    ecrire_points,
    settings_fermetures,
)

from points_accueil import reglages
from points_accueil.chargement import charger_points, charger_referentiel
from points_accueil.communes import charger_communes
from points_accueil.distances import OuvertsPuisFermes
from points_accueil.fermetures import Fermeture, a_annoncer, annonces, ferme_le, texte_fermeture
from points_accueil.modeles import Entree, Point

JOUR = dt.date(2026, 11, 23)
ETE = Fermeture(dt.date(2026, 7, 20), dt.date(2026, 8, 24), "congés d'été")
TEXTES = reglages.DEFAUTS["textes"]


@pytest.mark.parametrize(
    ("jour", "annoncee", "fermee"),
    [
        (dt.date(2026, 6, 19), False, False),  # 31 jours avant : trop tôt pour l'annoncer
        (dt.date(2026, 6, 20), True, False),  # 30 jours avant : l'avis paraît
        (dt.date(2026, 7, 19), True, False),
        (dt.date(2026, 7, 20), True, True),  # premier jour compris
        (dt.date(2026, 8, 24), True, True),  # dernier jour compris
        (dt.date(2026, 8, 25), False, False),  # rouvert : plus rien
    ],
)
def test_annoncee_trente_jours_avant_et_jusqu_au_dernier_jour(jour, annoncee, fermee):
    assert a_annoncer([ETE], jour, 30) == ((ETE,) if annoncee else ())
    assert ferme_le([ETE], jour) is fermee


def test_plusieurs_fermetures_dans_l_ordre_et_les_lointaines_tues():
    noel = Fermeture(dt.date(2026, 12, 21), dt.date(2027, 1, 2))
    travaux = Fermeture(dt.date(2026, 11, 16), dt.date(2026, 12, 4), "travaux")
    lointaine = Fermeture(dt.date(2027, 7, 19), dt.date(2027, 8, 20))
    assert a_annoncer([lointaine, noel, travaux, ETE], JOUR, 30) == (travaux, noel)
    assert a_annoncer([noel], JOUR, 0) == ()  # préavis nul : seulement le jour venu


@pytest.mark.parametrize(
    ("fermeture", "attendu"),
    [
        (ETE, "Fermé du 20 juillet au 24 août 2026 (congés d'été)"),
        (
            Fermeture(dt.date(2026, 12, 21), dt.date(2027, 1, 1)),
            "Fermé du 21 décembre 2026 au 1er janvier 2027",
        ),
        (Fermeture(dt.date(2026, 5, 1), dt.date(2026, 5, 1), "pont"), "Fermé le 1er mai 2026 (pont)"),
    ],
)
def test_texte_en_toutes_lettres(fermeture, attendu):
    assert texte_fermeture(fermeture, TEXTES["fermeture"], TEXTES["fermeture_jour"]) == attendu


def _point(identifiant, latitude, fermetures=()):
    entree = Entree("x", "X")
    return Point(
        identifiant,
        identifiant,
        entree,
        entree,
        "C",
        "59000",
        latitude,
        3.0,
        entree,
        (),
        fermetures=fermetures,
    )


def test_un_point_ferme_n_est_jamais_le_plus_proche_mais_il_est_cite_apres():
    points = [_point("a-ferme", 50.60, (ETE,)), _point("b", 50.62), _point("c", 50.65), _point("d", 50.70)]
    dites = annonces(points, dt.date(2026, 8, 1), 30, TEXTES)
    assert list(dites) == ["a-ferme"] and dites["a-ferme"].ferme
    fermes = frozenset(cle for cle, annonce in dites.items() if annonce.ferme)
    proches, plus_pres = OuvertsPuisFermes(points, fermes).plus_proches(50.60, 3.0, 2)
    assert [p.point.id for p in proches] == ["b", "c"]
    assert [p.point.id for p in plus_pres] == ["a-ferme"]
    # Plus loin que le dernier point proposé, un point fermé n'ajoute rien à la réponse.
    proches, plus_pres = OuvertsPuisFermes(points, fermes).plus_proches(50.70, 3.0, 2)
    assert [p.point.id for p in proches] == ["d", "c"] and plus_pres == []
    # Le jour de la réouverture, il redevient le plus proche.
    dites = annonces(points, dt.date(2026, 8, 25), 30, TEXTES)
    assert dites == {}
    proches, _ = OuvertsPuisFermes(points, frozenset()).plus_proches(50.60, 3.0, 2)
    assert proches[0].point.id == "a-ferme"


# --- Validation de vrais fichiers YAML ----------------------------------------------------------


@pytest.fixture(scope="module")
def table():
    return charger_communes(COMMUNES, "data/communes-59-62.csv")[0]


@pytest.fixture(scope="module")
def referentiel():
    return charger_referentiel(REFERENTIEL, "referentiel.yml")[0]


def valider(tmp_path, table, referentiel, fermetures, aujourdhui=JOUR):
    chemin = ecrire_points(tmp_path, {**POINT_VALIDE, "fermetures": fermetures})
    return charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE, aujourdhui=aujourdhui)


def ligne_de(tmp_path, texte):
    lignes = (tmp_path / "points-accueil.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ligne in enumerate(lignes, start=1) if texte in ligne)


def test_plusieurs_fermetures_lues_dans_l_ordre(tmp_path, table, referentiel):
    points, problemes = valider(
        tmp_path,
        table,
        referentiel,
        [
            {"du": dt.date(2026, 12, 21), "au": "2027-01-02"},  # entre guillemets : lue aussi
            {"du": dt.date(2026, 7, 20), "au": dt.date(2026, 8, 24), "motif": "congés  d'été"},
        ],
    )
    assert problemes == []
    assert points[0].fermetures == (ETE, Fermeture(dt.date(2026, 12, 21), dt.date(2027, 1, 2)))


def test_une_seule_fermeture_sans_tiret_est_comprise(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, {"du": ETE.du, "au": ETE.au})
    assert problemes == [] and points[0].fermetures == (Fermeture(ETE.du, ETE.au),)


def test_fin_avant_debut_refusee_avec_la_ligne(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, [{"du": ETE.au, "au": ETE.du}])
    [erreur] = problemes
    assert points == [] and erreur.est_erreur
    assert erreur.fichier == "data/points-accueil.yml"
    assert erreur.ligne == ligne_de(tmp_path, "au: 2026-07-20")
    assert erreur.message == (
        "point « mairie-lesquin » : fermeture : le dernier jour (2026-07-20) est avant le premier (2026-08-24)"
    )
    assert "échangez-les" in erreur.conseil


def test_date_a_la_francaise_refusee_avec_l_ecriture_juste(tmp_path, table, referentiel):
    _points, problemes = valider(tmp_path, table, referentiel, [{"du": "20/07/2026", "au": ETE.au}])
    [erreur] = problemes
    assert erreur.message == "point « mairie-lesquin » : fermeture : date « 20/07/2026 » illisible"
    assert erreur.conseil == "écrivez « du: 2026-07-20 » (année-mois-jour)"
    assert erreur.ligne == ligne_de(tmp_path, "20/07/2026")


@pytest.mark.parametrize(
    ("du", "au", "conseils"),
    [
        ("20 juillet 2026", "24 août 2026", ["« du: 2026-07-20 »", "« au: 2026-08-24 »"]),
        ("2026-7-20", "2026-8-4", ["« du: 2026-07-20 »", "« au: 2026-08-04 »"]),
        ("20 juilet 2026", "en août", ["ex. : « du: 2026-07-20 »", "ex. : « au: 2026-08-24 »"]),
    ],
)
def test_date_en_lettres_ou_sans_zeros_refusee_avec_l_ecriture_juste(
    tmp_path, table, referentiel, du, au, conseils
):
    """Le personnel écrit la date comme dans un courrier : le conseil donne celle à copier (pour « au »,
    un exemple de fin d'été et non le premier jour de l'exemple de « du »)."""
    _points, problemes = valider(tmp_path, table, referentiel, [{"du": du, "au": au}])
    assert [p.message.split(" : ", 2)[2] for p in problemes] == [
        f"date « {du} » illisible",
        f"date « {au} » illisible",
    ]
    for probleme, conseil in zip(problemes, conseils, strict=True):
        assert conseil in probleme.conseil


def test_periode_ecrite_sur_la_ligne_du_refusee_avec_les_deux_lignes_a_ecrire(tmp_path, table, referentiel):
    """« du: 20/07/2026 au 24/08/2026 », comme on le dit : un seul message, qui donne les deux lignes
    (pas « illisible » suivi de « date « au » manquante »)."""
    chemin = ecrire_points(tmp_path, POINT_VALIDE)
    texte = chemin.read_text(encoding="utf-8") + "  fermetures:\n  - du: 20/07/2026 au 2026-08-24\n"
    chemin.write_text(texte, encoding="utf-8")
    points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    [erreur] = problemes
    assert points == [] and erreur.est_erreur
    assert erreur.message == (
        "point « mairie-lesquin » : fermeture : « 20/07/2026 au 2026-08-24 » sur la seule ligne « du: »"
    )
    assert (
        erreur.conseil == "« au: » a sa propre ligne, sous « du: » : « du: 2026-07-20 », « au: 2026-08-24 »"
    )
    assert erreur.ligne == ligne_de(tmp_path, "20/07/2026 au")


@pytest.mark.parametrize(
    ("fermeture", "inconnu", "voulu"),
    [
        ({"Du": "2026-07-20", "au": "2026-08-24"}, "Du", "du"),
        ({"du": "2026-07-20", "aux": "2026-08-24"}, "aux", "au"),
        ({"du": "2026-07-20", "au": "2026-08-24", "motifs": "été"}, "motifs", "motif"),
    ],
)
def test_champ_mal_ecrit_d_une_fermeture_dit_le_bon_nom_une_seule_fois(
    tmp_path, table, referentiel, fermeture, inconnu, voulu
):
    """« Du: » ou « aux: » : un message qui nomme le bon champ, sans « date « du » manquante » en prime."""
    points, problemes = valider(tmp_path, table, referentiel, [fermeture])
    [erreur] = problemes
    assert points == [] and erreur.est_erreur
    assert erreur.message == f"point « mairie-lesquin » : fermeture : champ inconnu « {inconnu} »"
    assert erreur.conseil.startswith(f"vouliez-vous dire « {voulu} » ?")


def test_date_impossible_refusee_avec_la_ligne(tmp_path, table, referentiel):
    chemin = ecrire_points(tmp_path, POINT_VALIDE)
    texte = chemin.read_text(encoding="utf-8") + "  fermetures:\n  - du: 2026-02-30\n    au: 2026-03-02\n"
    chemin.write_text(texte, encoding="utf-8")
    _points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    [erreur] = problemes
    assert "date « 2026-02-30 » impossible" in erreur.message
    assert erreur.ligne == ligne_de(tmp_path, "2026-02-30")


@pytest.mark.parametrize(
    ("fermetures", "message"),
    [
        ([{"du": ETE.du}], "fermeture : date « au » manquante"),
        ([{"du": ETE.du, "au": ETE.au, "raison": "été"}], "fermeture : champ inconnu « raison »"),
        ("en août", "« fermetures » doit être une liste de périodes"),
        (["en août"], "fermeture illisible : « en août »"),
    ],
)
def test_fermeture_mal_ecrite(tmp_path, table, referentiel, fermetures, message):
    points, problemes = valider(tmp_path, table, referentiel, fermetures)
    assert points == []
    assert [p.message for p in problemes] == [f"point « mairie-lesquin » : {message}"]


def test_fermeture_finie_depuis_longtemps_est_un_avertissement(tmp_path, table, referentiel):
    ancienne = [{"du": dt.date(2025, 7, 1), "au": dt.date(2025, 8, 1)}]
    points, problemes = valider(tmp_path, table, referentiel, ancienne)
    [avis] = problemes
    assert not avis.est_erreur and points  # le point reste publié
    assert "fermeture terminée depuis le 1er août 2025" in avis.message
    assert valider(tmp_path, table, referentiel, ancienne, dt.date(2026, 7, 1))[1] == []


def test_preavis_mal_regle_refuse():
    with pytest.raises(ValueError, match="preavis_fermeture"):
        reglages.lire({"POINTS_ACCUEIL": {"preavis_fermeture": "30"}})


# --- Le site construit ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("fermetures")
    sortie = dossier / "output"
    [resultat] = construire_isole((sortie, True, settings_fermetures(dossier / "data")))
    assert resultat["ok"], resultat
    return sortie / "points-accueil"


def _texte(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_la_liste_marque_la_fermeture_en_cours_et_annonce_la_prochaine(site):
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    lesquin = page.find(id="lesquin-mairie").select(".pa-fermeture")
    assert [_texte(e) for e in lesquin] == [FERME_LESQUIN]
    assert "pa-fermeture--en-cours" in lesquin[0]["class"]
    # À venir : l'avis seul (la fermeture de l'été 2027, trop lointaine, n'est pas dite).
    siege = page.find(id="siege").select(".pa-fermeture")
    assert [_texte(e) for e in siege] == [FERME_SIEGE]
    assert "pa-fermeture--en-cours" not in siege[0]["class"]
    assert page.find(id="hostile").select(".pa-fermeture") == []  # passée : rien


def test_sans_javascript_la_commune_propose_d_abord_les_points_ouverts(site):
    page = BeautifulSoup((site / "communes" / "l" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = next(h.parent for h in page.select(".pa-commune h2") if h.get_text().startswith("Lesquin "))
    proposes = [a.get_text() for a in section.select("ol.pa-proches > li > a")]
    assert "Mairie de Lesquin" not in proposes and len(proposes) == 2
    assert _texte(section.select_one(".pa-fermes")) == "Plus près, mais fermé en ce moment :"
    [ferme] = section.select("ul.pa-proches > li")
    assert ferme.a.get_text() == "Mairie de Lesquin" and FERME_LESQUIN in _texte(ferme)
    assert FERME_SIEGE in _texte(section.select_one("ol.pa-proches"))


def test_recherche_carte_et_geojson_portent_les_fermetures(site):
    recherche = json.loads((site / "recherche.json").read_text(encoding="utf-8"))
    par_id = {p[0]: p for p in recherche["p"]}
    assert par_id["lesquin-mairie"][10:] == [[FERME_LESQUIN], 1]
    assert par_id["siege"][10:] == [[FERME_SIEGE], 0]
    assert len(par_id["hostile"]) == 10  # rien à dire : rien de plus dans le fichier
    carte = (site / "carte.js").read_text(encoding="utf-8")
    assert '"ferme":true' in carte and '"fermetures":["Fermé du 16 novembre' in carte
    geojson = json.loads((site / "points-accueil.geojson").read_text(encoding="utf-8"))
    fermetures = {f["id"]: f["properties"]["fermetures"] for f in geojson["features"]}
    assert fermetures["lesquin-mairie"] == [{"du": "2026-11-16", "au": "2026-12-04", "motif": "travaux"}]
    assert fermetures["hostile"] == []  # finie avant le build
