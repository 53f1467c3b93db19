"""Moteur, sans Pelican : textes réglables, région desservie, zone déduite des communes."""

from __future__ import annotations

import json

import pytest

from outils import RACINE
from points_accueil import reglages as reglages_points
from points_accueil.modeles import Commune
from points_accueil.production_communes import regions_des_departements
from socle.reglages import fusionner


def test_textes_du_site_par_dessus_les_defauts():
    options = reglages_points.lire({"POINTS_ACCUEIL": {"textes": {"titre": "Structures adhérentes"}}})
    assert options["textes"]["titre"] == "Structures adhérentes"
    assert options["textes"]["titre_carte"] == reglages_points.DEFAUTS["textes"]["titre_carte"]


def test_une_cle_de_texte_inconnue_est_refusee():
    with pytest.raises(ValueError, match=r"POINTS_ACCUEIL\['textes'\] : clé\(s\) inconnue\(s\) titr"):
        fusionner({"POINTS_ACCUEIL": {"textes": {"titr": "x"}}}, "POINTS_ACCUEIL", reglages_points.DEFAUTS)


def test_remplir_les_textes_garde_les_champs_de_l_affichage():
    textes = reglages_points.remplir_textes(
        {"a": "{nom} : {nombre} points", "b": "Les {nombre} plus proches de {lieu}"}, nom="Mesclun", nombre=3
    )
    assert textes == {"a": "Mesclun : 3 points", "b": "Les 3 plus proches de {lieu}"}


def test_aucun_texte_par_defaut_ne_nomme_une_association_ou_une_region():
    from actualites import reglages as reglages_actualites
    from formations import reglages as reglages_formations

    tout = json.dumps(
        [dict(m.DEFAUTS["textes"]) for m in (reglages_points, reglages_actualites, reglages_formations)],
        ensure_ascii=False,
    )
    for mot in ("Maillage", "Mesclun", "Lille", "Nord", "porteurs", "centres sociaux"):
        assert mot not in tout


def test_fichier_des_communes_nomme_d_apres_les_departements():
    assert (
        reglages_points.lire({"POINTS_ACCUEIL": {"departements": ["2A", "2B"]}})["communes"]
        == "communes-2A-2B.csv"
    )
    assert (
        reglages_points.lire({"POINTS_ACCUEIL": {"communes": "ma-table.csv"}})["communes"] == "ma-table.csv"
    )


def test_zone_deduite_des_communes_avec_une_marge():
    communes = [
        Commune("13055", "Marseille", ("13001",), 43.29695, 5.38107, "exacte"),
        Commune("13001", "Aix-en-Provence", ("13100",), 43.5283, 5.44973, "exacte"),
    ]
    zone = reglages_points.zone_des_communes(communes)
    assert zone == {"lat_min": 43.2, "lat_max": 43.63, "lon_min": 5.28, "lon_max": 5.55}
    assert reglages_points.zone_des_communes([]) is None


def test_departement_inconnu_message_en_francais():
    source = RACINE / "node_modules" / "@etalab" / "decoupage-administratif" / "data" / "departements.json"
    departements = json.loads(source.read_text(encoding="utf-8"))
    assert regions_des_departements(["13"], departements) == {"93"}
    assert regions_des_departements(["59", "62"], departements) == {"32"}
    with pytest.raises(ValueError, match=r"département\(s\) inconnu\(s\) 99 dans POINTS_ACCUEIL"):
        regions_des_departements(["99"], departements)
