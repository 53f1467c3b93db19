"""Logique pure du socle : YAML avec lignes, contraste, dates françaises, réglages."""

import datetime as dt
import locale
import subprocess
import sys

import pytest

from socle.association import charger_association, contraste, numero_international
from socle.dates import date_longue, date_moyenne, heure, mois_annee
from socle.plan_du_site import urls_indexables
from socle.reglages import fusionner
from socle.sources_yaml import ErreurYaml, charger_yaml


def test_le_yaml_garde_les_numeros_de_ligne(tmp_path):
    fichier = tmp_path / "f.yml"
    fichier.write_text("- slug: a\n  libelle: A\n\n- slug: b\n  libelle: B\n", encoding="utf-8")
    donnees = charger_yaml(fichier)
    assert [d.ligne for d in donnees] == [1, 4]
    assert donnees[1].ligne_de("libelle") == 5


@pytest.mark.parametrize(
    ("texte", "ligne", "extrait"),
    [
        ("nom: a\n  rue: b: c\n", 2, "deux-points"),
        ("nom: a\n\tville: b\n", 2, "tabulation"),
        ("nom: 'a\n", 1, "guillemet jamais refermé"),  # la ligne du guillemet, pas la fin du fichier
        ("nom: a\nnom: b\n", 2, "apparaît deux fois"),
        # Cas que le chemin rapide (événements libyaml) laisse au chargeur complet : mêmes messages.
        ("a: 1\nb: 2\na: 3\n", 3, "apparaît deux fois"),
        ("a: 1\n? [x]\n: 2\n", 2, "clé non textuelle"),
        ("a: !!python/name:os.system x\n", 1, "étiquette « !!python/name:os.system » non permise"),
    ],
)
def test_une_erreur_de_syntaxe_yaml_est_dite_en_francais_avec_sa_ligne(tmp_path, texte, ligne, extrait):
    fichier = tmp_path / "f.yml"
    fichier.write_text(texte, encoding="utf-8")
    with pytest.raises(ErreurYaml) as erreur:
        charger_yaml(fichier, "data/f.yml")
    probleme = erreur.value.probleme
    assert (probleme.fichier, probleme.ligne) == ("data/f.yml", ligne)
    assert extrait in probleme.message
    assert "YAML" in probleme.message


def test_un_fichier_yaml_absent_est_signale(tmp_path):
    with pytest.raises(ErreurYaml) as erreur:
        charger_yaml(tmp_path / "absent.yml", "data/absent.yml")
    assert "introuvable" in erreur.value.probleme.message


@pytest.mark.parametrize(
    ("a", "b", "attendu"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48)],
)
def test_contraste_wcag(a, b, attendu):
    # Valeurs de référence de l'outil de contraste du W3C (WCAG 2.1, définition de la luminance relative).
    assert contraste(a, b) == pytest.approx(attendu, abs=0.01)


# Identité minimale : onze lignes obligatoires, puis les couleurs du test (ligne 12 et suivantes).
IDENTITE_SANS_COULEURS = (
    "nom: A\nslogan: s\ndescription: d\nrue: r\ncode_postal: '1'\nville: v\ntelephone: t\n"
    "courriel: c\nsiret: s\ndirecteur_publication: d\nhebergeur: h\n"
)


def charger_identite_essai(tmp_path, couleurs: str):
    fichier = tmp_path / "association.yml"
    fichier.write_text(IDENTITE_SANS_COULEURS + couleurs, encoding="utf-8")
    return charger_association(fichier, "data/association.yml")


def test_une_couleur_trop_claire_est_refusee(tmp_path):
    association, problemes = charger_identite_essai(
        tmp_path, "couleur_principale: '#7fb3d5'\ncouleur_accent: 'bleu'\n"
    )
    assert association is None
    messages = {p.ligne: p.message for p in problemes}
    assert "trop claire" in messages[12] and "contraste" in messages[12]
    assert "« bleu » invalide" in messages[13]


@pytest.mark.parametrize(
    ("lignes", "cle", "message", "lisible"),
    [
        ("couleur_pied: '#8899aa'\n", "couleur_pied", "sous du texte blanc", True),
        ("couleur_texte_doux: '#8a8a8a'\n", "couleur_texte_doux", "sur blanc", True),
        ("couleur_fond_doux: '#9fb0c0'\n", "couleur_fond_doux", "trop foncée", True),
        ("couleur_bord: 'gris'\n", "couleur_bord", "« gris » invalide", False),
    ],
)
def test_les_couleurs_facultatives_du_theme_sont_verifiees(tmp_path, lignes, cle, message, lisible):
    association, problemes = charger_identite_essai(
        tmp_path, "couleur_principale: '#1b5e8c'\ncouleur_accent: '#b3410e'\n" + lignes
    )
    # Un contraste trop faible est une erreur (la publication la refuse), mais l'aperçu peut
    # montrer la couleur ; une couleur illisible, non : pas d'identité.
    if lisible:
        assert getattr(association, cle) == lignes.split("'")[1] and problemes[0].est_erreur
    else:
        assert association is None
    assert [p.ligne for p in problemes] == [14]
    assert message in problemes[0].message


def test_couleurs_facultatives_par_defaut_et_remplacees(tmp_path):
    association, problemes = charger_identite_essai(
        tmp_path, "couleur_principale: '#1b5e8c'\ncouleur_accent: '#b3410e'\ncouleur_pied: '#3a1f33'\n"
    )
    assert problemes == []
    assert association.couleur_pied == "#3a1f33" and association.couleur_texte == "#1c1c1c"
    assert "couleur_pied" not in association.extra


def test_un_champ_obligatoire_manquant_est_nomme(tmp_path):
    fichier = tmp_path / "association.yml"
    fichier.write_text("nom: A\n", encoding="utf-8")
    _association, problemes = charger_association(fichier, "data/association.yml")
    assert any("« siret » manquant" in p.message for p in problemes)


@pytest.mark.parametrize(
    ("valeur", "longue", "moyenne", "mois"),
    [
        (dt.date(2013, 5, 24), "vendredi 24 mai 2013", "24 mai 2013", "mai 2013"),
        (dt.datetime(2014, 1, 21, 9, 30), "mardi 21 janvier 2014", "21 janvier 2014", "janvier 2014"),
        (dt.date(2013, 8, 1), "jeudi 1er août 2013", "1er août 2013", "août 2013"),
        (dt.date(2013, 8, 2), "vendredi 2 août 2013", "2 août 2013", "août 2013"),
    ],
)
def test_dates_en_francais(valeur, longue, moyenne, mois):
    assert (date_longue(valeur), date_moyenne(valeur), mois_annee(valeur)) == (longue, moyenne, mois)


def test_heures_a_la_francaise():
    assert heure(dt.time(14, 0)) == "14 h"
    assert heure(dt.datetime(2013, 5, 24, 9, 5)) == "9 h 05"


def test_les_dates_restent_francaises_quelle_que_soit_la_locale_de_la_machine():
    code = (
        "import locale, datetime; locale.setlocale(locale.LC_ALL, 'C');"
        "from socle.dates import date_longue; print(date_longue(datetime.date(2013, 5, 24)))"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"LANG": "C", "LC_ALL": "C", "PYTHONPATH": "plugins"},
    )
    assert sortie.stdout.strip() == "vendredi 24 mai 2013"
    assert locale.getlocale() is not None


def test_fusionner_ne_modifie_rien_et_refuse_une_cle_inconnue():
    defauts = {"a": 1, "b": 2}
    settings = {"X": {"b": 3}}
    assert fusionner(settings, "X", defauts) == {"a": 1, "b": 3}
    assert defauts == {"a": 1, "b": 2} and settings == {"X": {"b": 3}}
    with pytest.raises(ValueError, match="clé\\(s\\) inconnue\\(s\\) c"):
        fusionner({"X": {"c": 1}}, "X", defauts)


def test_urls_du_plan_du_site(tmp_path):
    pages = {
        "index.html": "<head></head>",
        "actualites/x/index.html": '<head><meta property="article:modified_time" '
        'content="2026-03-02T09:30:00+01:00"></head>',
        "lettre/mon-index.html": "<head></head>",
        "404.html": '<head><meta name="robots" content="noindex"></head>',
        "brouillons/y/index.html": '<head><meta name="robots" content="noindex, nofollow"></head>',
        "theme/site.css": "",
    }
    for chemin, texte in pages.items():
        (tmp_path / chemin).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / chemin).write_text(texte, encoding="utf-8")
    assert urls_indexables(tmp_path) == [
        ("", None),
        ("actualites/x/", "2026-03-02T09:30:00+01:00"),
        ("lettre/mon-index.html", None),
    ]


@pytest.mark.parametrize(
    ("remplace", "par", "ligne", "message"),
    [
        ("code_postal: '1'", "code_postal: 06000", 5, "« code_postal » lu comme un nombre (3072)"),
        ("telephone: t", "telephone: 0320000001", 7, "« telephone » lu comme un nombre (54525953)"),
        ("telephone: t", "telephone: +33320000001", 7, "« telephone » lu comme un nombre (33320000001)"),
    ],
)
def test_telephone_ou_code_postal_sans_guillemets_lu_comme_un_nombre(tmp_path, remplace, par, ligne, message):
    fichier = tmp_path / "association.yml"
    fichier.write_text(
        IDENTITE_SANS_COULEURS.replace(remplace, par)
        + "couleur_principale: '#1b5e8c'\ncouleur_accent: '#b3410e'\n",
        encoding="utf-8",
    )
    association, problemes = charger_association(fichier, "data/association.yml")
    assert association is None
    (probleme,) = problemes
    assert probleme.ligne == ligne and message in probleme.message
    assert "entre guillemets" in probleme.conseil


def test_code_postal_sans_guillemets_a_cinq_chiffres_accepte(tmp_path):
    fichier = tmp_path / "association.yml"
    fichier.write_text(
        IDENTITE_SANS_COULEURS.replace("code_postal: '1'", "code_postal: 59000")
        + "couleur_principale: '#1b5e8c'\ncouleur_accent: '#b3410e'\n",
        encoding="utf-8",
    )
    association, problemes = charger_association(fichier, "data/association.yml")
    assert problemes == [] and association.code_postal == "59000"


@pytest.mark.parametrize(
    "ecrit",
    [
        "03 20 15 14 18",
        "03.20.15.14.18",
        "0320151418",
        "+33 3 20 15 14 18",
        "+33 (0)3 20 15 14 18",
        "00 33 3 20 15 14 18",
        "0033320151418",
    ],
)
def test_le_lien_tel_compose_le_meme_numero_quelle_que_soit_l_ecriture(ecrit):
    """Le lien « appeler » d'un téléphone : un seul numéro, quelle que soit l'écriture usuelle."""
    assert numero_international(ecrit) == "+33320151418"


def test_un_numero_etranger_garde_son_indicatif():
    assert numero_international("+32 2 512 34 56") == "+3225123456"
    assert numero_international("00 32 2 512 34 56") == "+3225123456"


@pytest.mark.parametrize(
    ("adresse", "base", "attendue"),
    [
        ("agenda/", "https://site.example", "https://site.example/agenda/"),
        ("/formations/", "https://site.example/sous/", "https://site.example/sous/formations/"),
        ("{static}/documents/p.pdf", "https://site.example", "https://site.example/documents/p.pdf"),
        ("agenda/", "../..", "../../agenda/"),  # page d'un numéro en RELATIVE_URLS
        ("agenda/", "", "/agenda/"),
        ("#haut", "../..", "#haut"),
        ("mailto:contact@site.example", "../..", "mailto:contact@site.example"),
        ("https://ailleurs.example/", "../..", "https://ailleurs.example/"),
    ],
)
def test_adresse_absolue_part_de_la_racine_du_site(adresse, base, attendue):
    from socle.liens import adresse_absolue

    assert adresse_absolue(adresse, base) == attendue
