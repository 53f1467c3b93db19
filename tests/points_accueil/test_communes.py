"""Table des communes : contenu produit par le script, recherche tolérante (accents, tirets, codes postaux)."""

from __future__ import annotations

import pytest
from outils_points import COMMUNES

from points_accueil.communes import charger_communes, libelle_choix, normaliser, sans_article

# La table des communes de Maillage (Nord, Pas-de-Calais) : voir tests/conftest.py.
pytestmark = pytest.mark.contenu_maillage


@pytest.fixture(scope="module")
def table():
    table, problemes = charger_communes(COMMUNES, "data/communes-59-62.csv")
    assert problemes == []
    return table


def test_table_complete_du_nord_et_du_pas_de_calais(table):
    assert 1500 <= len(table.communes) <= 1600
    codes = {c.code_insee[:2] for c in table.communes}
    assert codes <= {"59", "62", "02"}  # Escaufourt : commune associée du Nord au code de l'Aisne
    for commune in table.communes:
        assert commune.codes_postaux, commune
        assert all(cp[:2] in ("59", "62") for cp in commune.codes_postaux), commune
        assert 49.95 <= commune.latitude <= 51.15 and 1.5 <= commune.longitude <= 4.3, commune
        assert commune.precision in ("exacte", "code_postal", "arrondissement")


def test_plus_de_la_moitie_des_communes_exactes(table):
    exactes = sum(not c.approximative for c in table.communes)
    assert exactes / len(table.communes) > 0.5


def test_fichier_identique_a_ce_que_produit_la_commande():
    """Le fichier versionné est bien celui de `gestion.py communes` (rien de saisi à la main)."""
    from points_accueil.production_communes import produire

    assert produire(("59", "62")) == COMMUNES.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("villeneuve dascq", "Villeneuve-d'Ascq"),
        ("VILLENEUVE D'ASCQ", "Villeneuve-d'Ascq"),
        ("Mons en baroeul", "Mons-en-Barœul"),
        ("peronne en melantois", "Péronne-en-Mélantois"),
        ("st omer", "Saint-Omer"),
        ("  Lesquin ", "Lesquin"),
        ("59810", "Lesquin"),
        ("Lomme", "Lomme"),
        ("Bassée", "La Bassée"),
        ("bassee (la)", "La Bassée"),
        ("Quesnoy (Le)", "Le Quesnoy"),
        ("quesnoy", "Le Quesnoy"),
        ("Orée de Mormal", "L'Orée de Mormal"),
        ("L Oree de Mormal", "L'Orée de Mormal"),
        ("Lens", "Lens"),
        ("Les Attaques", "Les Attaques"),
        # Une adresse copiée : le code postal avant ou après le nom, sans parenthèses ; il trouve
        # aussi la commune d'un nom mal tapé.
        ("Lille 59000", "Lille"),
        ("59000 Lille", "Lille"),
        ("Bray-Dunes 59123", "Bray-Dunes"),
        ("Lesquin, 59810", "Lesquin"),
        ("59650 Villeneuve d'Ascq", "Villeneuve-d'Ascq"),
        ("Lesqin 59810", "Lesquin"),
    ],
)
def test_rechercher_une_commune(table, saisie, attendu):
    lieu, candidats = table.rechercher(saisie)
    assert candidats == []
    assert lieu is not None and lieu.libelle == attendu


def test_code_postal_partage_demande_quelle_commune(table):
    lieu, candidats = table.rechercher("59152")
    communes = table.par_code_postal["59152"]
    assert len(communes) > 1
    assert lieu is None
    assert sorted(c.code_insee for c in candidats) == sorted(c.code_insee for c in communes)
    # Chaque choix proposé désigne une seule commune, à sa propre position.
    for commune in candidats:
        choisi, autres = table.rechercher(libelle_choix(commune))
        assert autres == [] and (choisi.latitude, choisi.longitude) == (commune.latitude, commune.longitude)


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("La Bassée", "Bassée"),
        ("Quesnoy (Le)", "Quesnoy"),
        ("L'Orée de Mormal", "Orée de Mormal"),
        ("Lens", "Lens"),
    ],
)
def test_sans_article(nom, attendu):
    assert sans_article(nom) == attendu


def test_faute_de_frappe_donne_des_suggestions(table):
    lieu, candidats = table.rechercher("Lesqin")
    assert lieu is None
    assert candidats[0].nom == "Lesquin"


def test_homonymes_departages_par_le_code_postal(table):
    homonymes = {k: v for k, v in table.par_nom.items() if len(v) > 1}
    assert homonymes, "le Nord et le Pas-de-Calais ont des communes homonymes"
    cle, communes = sorted(homonymes.items())[0]
    lieu, candidats = table.rechercher(communes[0].nom)
    assert lieu is None and len(candidats) == len(communes)
    choix = communes[1]
    lieu, _ = table.rechercher(f"{choix.nom} ({choix.codes_postaux[0]})")
    assert (lieu.latitude, lieu.longitude) == (choix.latitude, choix.longitude)


def test_normaliser():
    assert normaliser("Cœur-d'Œuvre  Ste Marie") == "coeurdoeuvresaintemarie"
    assert normaliser("") == ""


def test_nom_mal_tape_et_code_partage_propose_les_communes_du_code(table):
    lieu, candidats = table.rechercher("Lile 59000")
    assert lieu is None
    assert candidats == table.du_code("59000") and len(candidats) > 1


def test_le_choix_propose_porte_le_code_tape(table):
    _lieu, candidats = table.rechercher("59160")
    assert len(candidats) > 1
    assert all(libelle_choix(c, "59160").endswith("(59160)") for c in candidats)
    for commune in candidats:
        choisi, autres = table.rechercher(libelle_choix(commune, "59160"))
        assert autres == [] and choisi.libelle == commune.nom


@pytest.mark.parametrize(
    ("saisie", "proposee"),
    [("Lille Fives", "Lille"), ("Berck-sur-Mer", "Berck"), ("Roubaix centre", "Roubaix")],
)
def test_un_quartier_ou_un_nom_d_usage_propose_la_commune(table, saisie, proposee):
    # Le nom d'un quartier (« Lille Fives ») ou d'usage (« Berck-sur-Mer » pour Berck) commence
    # par celui de la commune : elle est proposée au lieu de « Aucune commune ».
    lieu, candidats = table.rechercher(saisie)
    assert lieu is None
    assert candidats[0].nom == proposee
