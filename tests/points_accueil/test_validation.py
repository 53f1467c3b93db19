"""Validation des données : un test par erreur, message en français, fichier et ligne."""

from __future__ import annotations

import pytest
from outils_points import COMMUNES, POINT_VALIDE, REFERENTIEL, ZONE, ecrire_points

from points_accueil.chargement import charger_points, charger_referentiel
from points_accueil.communes import charger_communes


@pytest.fixture(scope="module")
def table():
    table, problemes = charger_communes(COMMUNES, "data/communes-59-62.csv")
    assert problemes == []
    return table


@pytest.fixture(scope="module")
def referentiel():
    referentiel, problemes = charger_referentiel(REFERENTIEL, "referentiel.yml")
    assert problemes == []
    return referentiel


def valider(tmp_path, table, referentiel, *points):
    chemin = ecrire_points(tmp_path, *points)
    return charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)


def ligne_de(tmp_path, texte: str, occurrence: int = 1) -> int:
    """Numéro (1-indexé) de la n-ième ligne du fichier écrit qui contient `texte`."""
    lignes = (tmp_path / "points-accueil.yml").read_text(encoding="utf-8").splitlines()
    trouvees = [i for i, ligne in enumerate(lignes, start=1) if texte in ligne]
    return trouvees[occurrence - 1]


def seul_probleme(problemes):
    erreurs = [p for p in problemes if p.est_erreur]
    assert len(erreurs) == 1, [str(p) for p in problemes]
    assert erreurs[0].fichier == "data/points-accueil.yml"
    return erreurs[0]


def test_point_valide_sans_probleme(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, POINT_VALIDE)
    assert problemes == []
    assert [p.id for p in points] == ["mairie-lesquin"]
    assert points[0].territoire.libelle == "Est <b>lillois</b>"


def test_champ_manquant(tmp_path, table, referentiel):
    point = {k: v for k, v in POINT_VALIDE.items() if k != "structure"}
    points, problemes = valider(tmp_path, table, referentiel, point)
    probleme = seul_probleme(problemes)
    assert points == []
    assert "point « mairie-lesquin » : champ obligatoire « structure » manquant" in probleme.message
    assert probleme.ligne == ligne_de(tmp_path, "- id: mairie-lesquin")


def test_sans_coordonnees_le_message_donne_le_centre_de_la_commune_a_copier(tmp_path, table, referentiel):
    # « Sans adresse connue, prenez la ligne de la commune » : le message la donne, prête à copier.
    point = {k: v for k, v in POINT_VALIDE.items() if k != "coordonnees"}
    points, problemes = valider(tmp_path, table, referentiel, point)
    probleme = seul_probleme(problemes)
    assert points == []
    assert "champ obligatoire « coordonnees » manquant" in probleme.message
    assert "le centre de Lesquin : « coordonnees: [50.58232, 3.119] »" in probleme.conseil
    assert "« position_approximative: true »" in probleme.conseil
    # Commune inconnue : pas de centre à proposer, la façon de relever la position reste dite.
    _points, problemes = valider(tmp_path, table, referentiel, {**point, "commune": "Lesqin"})
    conseils = [p.conseil for p in problemes if "« coordonnees » manquant" in p.message]
    assert conseils and "openstreetmap.org" in conseils[0] and "centre" not in conseils[0]


def test_adresse_copiee_d_une_page_web(tmp_path, table, referentiel):
    # Espaces insécables et retour à la ligne d'un copier-coller ; code postal et commune répétés.
    point = {**POINT_VALIDE, "adresse": "12,\u00a0rue Faidherbe\n59810\u00a0Lesquin"}
    points, problemes = valider(tmp_path, table, referentiel, point)
    [probleme] = problemes
    assert not probleme.est_erreur and points  # avertissement : le point reste publié
    assert "l'adresse « 12, rue Faidherbe 59810 Lesquin » contient un code postal" in probleme.message
    assert "la rue et le numéro" in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, "adresse:")
    points, problemes = valider(tmp_path, table, referentiel, {**point, "adresse": "12,\u00a0rue  Faidherbe"})
    assert problemes == [] and points[0].adresse == "12, rue Faidherbe"


def test_champ_inconnu_avec_suggestion(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "territoir": "est"})
    probleme = seul_probleme(problemes)
    assert "champ inconnu « territoir »" in probleme.message
    assert "territoire" in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, "territoir:")


def test_un_champ_inconnu_n_arrete_pas_les_autres_controles_du_point(tmp_path, table, referentiel):
    # Toutes les fautes d'un point en une vérification : le personnel ne corrige pas une faute par passage.
    point = {**POINT_VALIDE, "territoir": "est", "coordonnees": [48.85, 2.35]}
    points, problemes = valider(tmp_path, table, referentiel, point)
    assert points == []
    messages = [p.message for p in problemes if p.est_erreur]
    assert any("champ inconnu « territoir »" in m for m in messages), messages
    assert any("coordonnées [48.85, 2.35] hors de la zone desservie" in m for m in messages), messages


def test_coordonnees_hors_zone(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "coordonnees": [48.85, 2.35]})
    probleme = seul_probleme(problemes)
    assert points == []
    assert "coordonnées [48.85, 2.35] hors de la zone desservie" in probleme.message
    assert probleme.ligne == ligne_de(tmp_path, "coordonnees:")


def test_latitude_longitude_inversees(tmp_path, table, referentiel):
    points, problemes = valider(
        tmp_path, table, referentiel, {**POINT_VALIDE, "coordonnees": [3.119, 50.58232]}
    )
    probleme = seul_probleme(problemes)
    assert "latitude et longitude inversées" in probleme.message
    assert "[50.58232, 3.119]" in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, "coordonnees:")


@pytest.mark.parametrize("coordonnees", [[3.119, 50.58232], [48.85, 2.35]])
def test_position_hors_zone_un_seul_message(tmp_path, table, referentiel, coordonnees):
    # Pas d'avertissement « position à 6889 km du centre de Lesquin » en plus de l'erreur.
    _points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "coordonnees": coordonnees})
    assert [p.est_erreur for p in problemes] == [True], [str(p) for p in problemes]


def test_coordonnees_illisibles(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "coordonnees": "50.5, 3.1"})
    probleme = seul_probleme(problemes)
    assert "coordonnées illisibles" in probleme.message


@pytest.mark.parametrize(
    ("ecrit", "conseil"),
    [
        ("[50,58232, 3,119]", "écrivez [50.58232, 3.119] : un point pour les décimales, pas de virgule"),
        ("[50,05, 3,0123]", "écrivez [50.05, 3.0123] : un point pour les décimales, pas de virgule"),
        ('["50,58232", "3,119"]', "écrivez [50.58232, 3.119] : un point pour les décimales, pas de virgule"),
        ("50,58232, 3,119  # relevé sur la carte", "écrivez [50.58232, 3.119] : un point pour les décimales"),
        ('["50.58232", "3.119"]', "écrivez [50.58232, 3.119] : deux nombres sans guillemets, entre crochets"),
    ],
)
def test_virgule_decimale_ou_guillemets_dans_les_coordonnees(tmp_path, table, referentiel, ecrit, conseil):
    # YAML lit « 50,05 » comme deux nombres (et « 05 » en octal) : le conseil part du texte écrit.
    chemin = ecrire_points(tmp_path, POINT_VALIDE)
    texte = chemin.read_text(encoding="utf-8")
    chemin.write_text(
        texte.replace("coordonnees: [50.58232, 3.119]", f"coordonnees: {ecrit}"), encoding="utf-8"
    )
    points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    probleme = seul_probleme(problemes)
    assert points == []
    assert f"coordonnées illisibles : « {ecrit.split('#')[0].strip()} »" in probleme.message
    assert probleme.conseil.startswith(conseil)
    assert probleme.ligne == ligne_de(tmp_path, "coordonnees:")


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [
        ("territoire", "ouest", "territoire inconnu « ouest »"),
        ("type", "mairi", "type inconnu « mairi »"),
        ("accueil", "au-hasard", "accueil inconnu « au-hasard »"),
    ],
)
def test_vocabulaire_inconnu(tmp_path, table, referentiel, champ, valeur, attendu):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, champ: valeur})
    probleme = seul_probleme(problemes)
    assert points == []
    assert attendu in probleme.message
    assert "points-accueil-referentiel.yml" in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, f"{champ}: {valeur}")


def test_suggestion_de_type_proche(tmp_path, table, referentiel):
    _points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "type": "mairi"})
    assert "vouliez-vous dire « mairie »" in seul_probleme(problemes).conseil


def test_identifiant_en_double(tmp_path, table, referentiel):
    autre = {**POINT_VALIDE, "structure": "Autre structure"}
    points, problemes = valider(tmp_path, table, referentiel, POINT_VALIDE, autre)
    probleme = seul_probleme(problemes)
    premiere = ligne_de(tmp_path, "- id: mairie-lesquin", 1)
    assert f"identifiant « mairie-lesquin » en double (déjà utilisé ligne {premiere})" in probleme.message
    assert probleme.ligne == ligne_de(tmp_path, "- id: mairie-lesquin", 2)
    assert [p.structure for p in points] == ["Mairie de Lesquin"]


def test_identifiant_invalide(tmp_path, table, referentiel):
    _points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "id": "Mairie Lesquin"})
    assert "identifiant « Mairie Lesquin » invalide" in seul_probleme(problemes).message


def test_commune_introuvable(tmp_path, table, referentiel):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "commune": "Lesqin"})
    probleme = seul_probleme(problemes)
    assert points == []
    assert "commune « Lesqin » introuvable dans la table des communes" in probleme.message
    assert "vouliez-vous dire « Lesquin »" in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, "commune: Lesqin")


def test_code_postal_d_une_autre_commune(tmp_path, table, referentiel):
    _points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "code_postal": "59000"})
    probleme = seul_probleme(problemes)
    assert "le code postal 59000 n'est pas celui de Lesquin (59810)" in probleme.message


def test_actif_doit_etre_booleen(tmp_path, table, referentiel):
    _points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, "actif": "oui"})
    assert "« actif » doit valoir true ou false" in seul_probleme(problemes).message


def test_horaires_telephone_et_lien_de_rendez_vous(tmp_path, table, referentiel):
    point = {
        **POINT_VALIDE,
        "horaires": "Mardi, 9 h – 12 h",
        "telephone": "03 20 00 00 01",
        "rendez_vous": "https://exemple.fr/rdv",
    }
    points, problemes = valider(tmp_path, table, referentiel, point)
    assert problemes == []
    assert points[0].horaires == "Mardi, 9 h – 12 h"
    assert points[0].telephone_international == "+33320000001"
    assert points[0].rendez_vous == "https://exemple.fr/rdv"


def test_horaires_en_liste_de_lignes(tmp_path, table, referentiel):
    point = {**POINT_VALIDE, "horaires": ["Mardi 9 h – 12 h", "Jeudi 14 h – 17 h"]}
    points, problemes = valider(tmp_path, table, referentiel, point)
    assert problemes == []
    assert points[0].horaires == "Mardi 9 h – 12 h ; Jeudi 14 h – 17 h"


@pytest.mark.parametrize(
    ("champ", "valeur"),
    [
        ("horaires", {"lundi": "9h-12h", "mercredi": "14h-17h"}),  # publié « {'lundi': … } »
        ("horaires", 570),  # « horaires: 9:30 » sans guillemets : YAML lit 570 minutes
        ("precisions", ["Accès par la cour"]),
    ],
)
def test_texte_libre_d_une_autre_forme_est_refuse(tmp_path, table, referentiel, champ, valeur):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, champ: valeur})
    probleme = seul_probleme(problemes)
    assert points == []
    assert f"« {champ} » doit être une phrase" in probleme.message
    assert probleme.ligne == ligne_de(tmp_path, f"{champ}:")


@pytest.mark.parametrize(
    ("champ", "valeur", "attendu"),
    [
        ("telephone", "appeler Mme X", "téléphone « appeler Mme X » invalide"),
        ("telephone", "03 20 12 34 5", "téléphone « 03 20 12 34 5 » : 9 chiffres au lieu de 10"),
        ("telephone", "03 20 12 34 56 7", "téléphone « 03 20 12 34 56 7 » : 11 chiffres au lieu de 10"),
        ("rendez_vous", "javascript:alert(1)", "lien de rendez-vous « javascript:alert(1) » invalide"),
    ],
)
def test_telephone_ou_lien_de_rendez_vous_invalide(tmp_path, table, referentiel, champ, valeur, attendu):
    points, problemes = valider(tmp_path, table, referentiel, {**POINT_VALIDE, champ: valeur})
    probleme = seul_probleme(problemes)
    assert points == []
    assert attendu in probleme.message
    assert probleme.ligne == ligne_de(tmp_path, f"{champ}:")


def test_commune_sans_accent_avertit_et_garde_le_point(tmp_path, table, referentiel):
    point = {
        **POINT_VALIDE,
        "commune": "Villeneuve d'Ascq",
        "code_postal": "59650",
        "coordonnees": [50.6167, 3.1666],
    }
    points, problemes = valider(tmp_path, table, referentiel, point)
    assert [p.est_erreur for p in problemes] == [False]
    assert "« Villeneuve-d'Ascq »" in problemes[0].message
    assert len(points) == 1


def test_position_loin_de_sa_commune_avertit(tmp_path, table, referentiel):
    _points, problemes = valider(
        tmp_path, table, referentiel, {**POINT_VALIDE, "coordonnees": [50.35909, 3.52506]}
    )
    assert [p.est_erreur for p in problemes] == [False]
    assert "km du centre de Lesquin" in problemes[0].message


def test_yaml_invalide_signale_la_ligne(tmp_path, table, referentiel):
    chemin = tmp_path / "points-accueil.yml"
    chemin.write_text("points:\n  - id: a\n    structure: x: y\n", encoding="utf-8")
    points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    assert points == []
    assert problemes[0].ligne == 3
    assert "syntaxe YAML invalide" in problemes[0].message


def test_referentiel_couleur_invalide_et_slug_en_double(tmp_path):
    chemin = tmp_path / "ref.yml"
    chemin.write_text(
        "territoires:\n"
        "  - slug: lille\n    libelle: Lille\n    couleur: rouge\n"
        "types:\n  - slug: mairie\n    libelle: Mairie\n  - slug: mairie\n    libelle: Autre\n"
        "accueil:\n  - slug: rdv\n    libelle: Sur rendez-vous\n",
        encoding="utf-8",
    )
    referentiel, problemes = charger_referentiel(chemin, "ref.yml")
    messages = sorted((p.ligne, p.message) for p in problemes)
    assert messages == [
        (4, "territoire « lille » : couleur « rouge » invalide"),
        (8, "slug « mairie » en double dans « types » (déjà ligne 6)"),
    ]
    assert [t.slug for t in referentiel.types] == ["mairie"]


def test_un_element_qui_n_est_pas_un_point_est_signale_avec_sa_ligne(tmp_path, table, referentiel):
    chemin = ecrire_points(tmp_path, POINT_VALIDE)
    chemin.write_text(chemin.read_text(encoding="utf-8") + "- Mairie de Tressin\n", encoding="utf-8")
    points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    probleme = seul_probleme(problemes)
    assert [p.id for p in points] == ["mairie-lesquin"]
    assert probleme.message == "un élément de « points » n'est pas un point : « Mairie de Tressin »"
    assert probleme.ligne == ligne_de(tmp_path, "- Mairie de Tressin")


@pytest.mark.parametrize("ecrit", ["0320000001", "+33320000001"])
def test_telephone_sans_guillemets_lu_comme_un_nombre(tmp_path, table, referentiel, ecrit):
    """YAML lit « 0320000001 » en octal (54525953) et « +33320000001 » sans son « + »."""
    chemin = ecrire_points(tmp_path, {**POINT_VALIDE, "telephone": "NUMERO"})
    chemin.write_text(chemin.read_text(encoding="utf-8").replace("NUMERO", ecrit), encoding="utf-8")
    points, problemes = charger_points(chemin, "data/points-accueil.yml", referentiel, table, ZONE)
    probleme = seul_probleme(problemes)
    assert points == []
    assert "téléphone lu comme un nombre" in probleme.message
    assert 'telephone: "03 20 00 00 00"' in probleme.conseil
    assert probleme.ligne == ligne_de(tmp_path, "telephone:")
