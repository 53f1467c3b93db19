"""data/chiffres.yml : le vrai fichier se charge ; chaque faute donne un message en français avec sa ligne."""

from __future__ import annotations

import textwrap

import pytest
from chiffres.chargement import charger_chiffres

from outils import RACINE

DEBUT = """\
source: Rapport
territoires:
  - id: nord
    nom: Nord
series:
  - id: accueils
    rubrique: Accueil
    titre: Accueils
    definition: Personnes reçues.
    source: Rapport, page 1
    valeurs:
"""


def charger(tmp_path, texte):
    chemin = tmp_path / "chiffres.yml"
    chemin.write_text(texte, encoding="utf-8")
    return charger_chiffres(chemin, "data/chiffres.yml")


def test_le_vrai_fichier_est_valide():
    chiffres, problemes = charger_chiffres(RACINE / "data" / "chiffres.yml", "data/chiffres.yml")
    assert problemes == []
    assert chiffres.serie("projets-accueillis").derniere_connue().nombre == 82
    # Les valeurs que le rapport ne donne pas restent absentes, jamais remplacées.
    manquantes = [v for s in chiffres.series for v in s.valeurs if v.manquante]
    assert manquantes and all(v.nombre is None for v in manquantes)


@pytest.mark.parametrize(
    ("valeurs", "ligne", "message"),
    [
        ("      - valeur: 82\n", 12, "série « accueils » : année manquante"),
        ("      - annee: 2013\n        valeur: 82 projets\n", 13, "« 82 projets » n'est pas un nombre"),
        ("      - annee: 2013\n        valeur: beaucoup\n", 13, "« beaucoup » n'est pas un nombre"),
        ("      - annee: 2013\n        valeur:\n", 13, "valeur vide"),
        ("      - annee: 2013\n", 12, "champ « valeur » manquant"),
        ("      - annee: 13\n        valeur: 82\n", 12, "année « 13 » invalide"),
        (
            "      - annee: 2013\n        territoire: sud\n        valeur: 4\n",
            13,
            "territoire « sud » inconnu",
        ),
        (
            "      - annee: 2013\n        valeur: 4\n      - annee: 2013\n        valeur: 5\n",
            14,
            "l'année 2013 figure deux fois (ligne 12)",
        ),
        ("      - annee: 2013\n        valuer: 4\n", 13, "champ « valuer » inconnu"),
        # YAML lit 1.200 comme 1,2 : mille deux cents publié « 1,2 », sans un mot.
        ("      - annee: 2013\n        valeur: 1.200\n", 13, "« 1.200 » est ambigu : 1 200 (point"),
        ("      - annee: 2013\n        valeur: '1,200'\n", 13, "« 1,200 » est ambigu : 1 200"),
        ("      - {annee: 2013, valeur: -2.500}\n", 12, "« -2.500 » est ambigu : -2 500 (point"),
    ],
)
def test_erreurs_avec_fichier_et_ligne(tmp_path, valeurs, ligne, message):
    _chiffres, problemes = charger(tmp_path, DEBUT + valeurs)
    textes = [str(p) for p in problemes]
    assert any(t.startswith(f"data/chiffres.yml:{ligne} : erreur : ") and message in t for t in textes), (
        textes
    )


def test_virgule_decimale_et_manquant_acceptes(tmp_path):
    chiffres, problemes = charger(
        tmp_path,
        DEBUT
        + "      - annee: 2012\n        valeur: manquant\n      - annee: 2013\n        valeur: '59,1'\n",
    )
    assert problemes == []
    assert [v.nombre for v in chiffres.serie("accueils").valeurs] == [None, 59.1]


def test_milliers_espaces_et_decimales_acceptes(tmp_path):
    """« 1 200 » (espace des milliers), 12.5 et 1.25 ne sont pas ambigus : lus sans un mot."""
    valeurs = "".join(
        f"      - annee: {annee}\n        valeur: {valeur}\n"
        for annee, valeur in [(2011, "1 200"), (2012, "12.5"), (2013, "1.25"), (2014, "1200")]
    )
    chiffres, problemes = charger(tmp_path, DEBUT + valeurs)
    assert problemes == []
    assert [v.nombre for v in chiffres.serie("accueils").valeurs] == [1200, 12.5, 1.25, 1200]


def test_valeur_negative_gardee_et_signalee(tmp_path):
    """-40 visiteurs : sans doute un signe en trop ; un avertissement à sa ligne, la valeur reste."""
    chiffres, problemes = charger(tmp_path, DEBUT + "      - annee: 2013\n        valeur: -40\n")
    assert [str(p) for p in problemes] == [
        "data/chiffres.yml:13 : avertissement : série « accueils », année 2013 : valeur négative (-40), "
        "dessinée sous zéro\n    → vérifiez le signe : un nombre de personnes, de projets… ou une part "
        "n'est jamais négatif"
    ]
    assert chiffres.serie("accueils").valeurs[0].nombre == -40


def test_syntaxe_yaml_invalide(tmp_path):
    _chiffres, problemes = charger(tmp_path, DEBUT + "      - annee: 2013\n\tvaleur: 4\n")
    assert [p.ligne for p in problemes] == [13]
    assert "tabulation interdite" in problemes[0].message


def test_chiffre_d_accueil_inconnu(tmp_path):
    texte = (
        DEBUT
        + "      - annee: 2013\n        valeur: 4\n"
        + textwrap.dedent(
            """\
        accueil:
          - serie: inconnue
            libelle: quelque chose
        """
        )
    )
    _chiffres, problemes = charger(tmp_path, texte)
    assert [(p.ligne, p.message) for p in problemes] == [
        (15, "chiffre d'accueil : série « inconnue » inconnue")
    ]


def test_chiffre_d_accueil_dont_le_libelle_dit_une_autre_annee(tmp_path):
    """2014 ajoutée : « stagiaires formés en 2013 » aurait montré le chiffre de 2014 sous ce libellé."""
    valeurs = "      - annee: 2013\n        valeur: 76\n      - annee: 2014\n        valeur: 90\n"
    accueil = "accueil:\n  - serie: accueils\n    libelle: personnes reçues en 2013\n"
    chiffres, problemes = charger(tmp_path, DEBUT + valeurs + accueil)
    assert [str(p) for p in problemes] == [
        "data/chiffres.yml:18 : erreur : chiffre d'accueil « personnes reçues en 2013 » : la page d'accueil "
        "montrerait 90, le chiffre de 2014 (le dernier connu de la série « accueils »), pas celui de 2013"
        "\n    → mettez le libellé à jour (« en 2014 »), ou retirez-en l'année"
    ]
    assert chiffres.chiffres_accueil(4) == []
    # Libellé à jour, ou sans « en AAAA » (« depuis 2000 ») : rien à dire.
    for libelle in ("personnes reçues en 2014", "personnes reçues depuis 2000"):
        chiffres, problemes = charger(
            tmp_path, DEBUT + valeurs + accueil.replace("personnes reçues en 2013", libelle)
        )
        assert problemes == []
        assert [c.valeur for c in chiffres.chiffres_accueil(4)] == ["90"]


@pytest.mark.parametrize(
    ("suite", "attendu"),
    [
        # Un élément sans clés est signalé à sa propre ligne, pas à celle de « valeurs: ».
        (
            "      - 2013\n      - annee: 2013\n        valeur: 4\n",
            (12, "série « accueils » : valeur mal écrite"),
        ),
        # « accueil » qui n'est pas une liste : un message, pas une erreur Python.
        ("      - annee: 2013\n        valeur: 4\naccueil: 5\n", (14, "« accueil » doit être une liste")),
        (
            "      - annee: 2013\n        valeur: 4\naccueil: accueils\n",
            (14, "« accueil » doit être une liste"),
        ),
    ],
)
def test_liste_mal_ecrite_signalee_a_sa_ligne(tmp_path, suite, attendu):
    _chiffres, problemes = charger(tmp_path, DEBUT + suite)
    assert [(p.ligne, p.message) for p in problemes] == [attendu]


@pytest.mark.parametrize(
    ("nombre", "unite", "texte"),
    [
        (-40, "", "\u221240"),
        (-1234.5, "", "\u22121\u00a0234,5"),
        (-2.5, "%", "\u22122,5\u00a0%"),
        (1234, "", "1\u00a0234"),
    ],
)
def test_nombres_affiches_avec_le_signe_moins(nombre, unite, texte):
    from chiffres.modeles import formater

    assert formater(nombre, unite) == texte
