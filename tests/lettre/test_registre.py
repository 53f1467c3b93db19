"""Le registre en deux fichiers : registre.yml (décisions du personnel) et registre.jsonl (numéros).

Vrais fichiers : l'ancien format (numéros dans registre.yml) encore lu et converti à la première
écriture ; une conversion interrompue sans conséquence ; chaque défaut dit en français avec le
fichier et la ligne ; un envoi n'ajoute qu'une ligne à registre.jsonl sans toucher registre.yml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import pytest

from lettre.registre import charger_registre, chemin_numeros, ecrire_registre, inscrire_numeros
from outils import RACINE, copier_site_essai, copier_site_reel, lancer_gestion

ESSAI = RACINE / "tests" / "fixtures" / "lettre"
ANCIEN = ESSAI / "ancien_format" / "registre.yml"


@pytest.fixture
def registre(tmp_path):
    """Une copie du registre du site d'essai (nouveau format : registre.yml et registre.jsonl)."""
    for nom in ("registre.yml", "registre.jsonl"):
        shutil.copy(ESSAI / "data" / "lettre" / nom, tmp_path / nom)
    return tmp_path / "registre.yml"


def lire(chemin):
    return charger_registre(chemin, "data/lettre/registre.yml")


def numero_suivant(registre):
    """Le numéro 2026-04 de l'édition complète, comme l'envoi l'ajoute."""
    dernier = registre.numeros[0]
    return dataclasses.replace(
        dernier, ident="2026-04", parution=dt.date(2026, 11, 23), envoye="2026-11-23T08:01:00+01:00"
    )


def test_l_ancien_format_est_lu_comme_le_nouveau(registre):
    ancien, problemes_ancien = lire(ANCIEN)
    nouveau, problemes = lire(registre)
    assert problemes_ancien == problemes == []
    assert ancien == nouveau and len(nouveau.numeros) == 2
    assert [(n.ident, n.edition) for n in nouveau.numeros] == [("2026-03", "complete"), ("2026-03", "elus")]
    assert nouveau.numeros[0].actualites[0].titre == "Titre d'origine, tel qu'envoyé"


def test_le_premier_envoi_convertit_l_ancien_format(tmp_path):
    chemin = tmp_path / "registre.yml"
    shutil.copy(ANCIEN, chemin)
    avant, _ = lire(chemin)
    inscrire_numeros(chemin, avant.avec(numero_suivant(avant)))
    apres, problemes = lire(chemin)
    assert problemes == []
    assert apres.numeros[:2] == avant.numeros and apres.numeros[2].ident == "2026-04"
    assert (apres.depart_uids, apres.depart_date) == (avant.depart_uids, avant.depart_date)
    assert "numeros" not in chemin.read_text(encoding="utf-8")
    lignes = chemin_numeros(chemin).read_text(encoding="utf-8").splitlines()
    assert [json.loads(ligne)["numero"] for ligne in lignes] == ["2026-03", "2026-03", "2026-04"]


def test_lettre_demarrer_convertit_l_ancien_format(tmp_path):
    conf = copier_site_essai("lettre", tmp_path / "site")
    registre = tmp_path / "site" / "data" / "lettre" / "registre.yml"
    shutil.copy(ANCIEN, registre)
    chemin_numeros(registre).unlink()
    avant, _ = lire(registre)
    refus = lancer_gestion("lettre", "demarrer", "--reglages", str(conf))
    assert refus.returncode == 1 and "des numéros sont déjà envoyés" in refus.stderr
    assert registre.read_bytes() == ANCIEN.read_bytes()
    fait = lancer_gestion("lettre", "demarrer", "--reglages", str(conf), "--forcer")
    assert fait.returncode == 0, fait.stderr
    apres, problemes = lire(registre)
    assert problemes == [] and apres.numeros == avant.numeros
    assert avant.depart_uids < apres.depart_uids  # les actualités du site d'essai ajoutées
    assert "numeros" not in registre.read_text(encoding="utf-8")


def test_une_conversion_interrompue_ne_double_rien(tmp_path):
    """registre.jsonl écrit, registre.yml pas encore réécrit : chaque numéro est lu une fois."""
    chemin = tmp_path / "registre.yml"
    shutil.copy(ANCIEN, chemin)
    avant, _ = lire(chemin)
    ecrire_registre(tmp_path / "autre.yml", avant)
    shutil.copy(tmp_path / "autre.jsonl", chemin_numeros(chemin))
    relu, problemes = lire(chemin)
    assert problemes == [] and relu == avant


def test_un_envoi_ajoute_une_ligne_sans_toucher_aux_decisions(registre):
    decisions = registre.read_text(encoding="utf-8").replace(
        "ecartees: []", "ecartees: []  # rien pour l'instant"
    )
    registre.write_text(decisions, encoding="utf-8")
    numeros = chemin_numeros(registre).read_text(encoding="utf-8")
    avant, _ = lire(registre)
    inscrire_numeros(registre, avant.avec(numero_suivant(avant)))
    assert registre.read_text(encoding="utf-8") == decisions  # le commentaire du personnel reste
    apres = chemin_numeros(registre).read_text(encoding="utf-8")
    assert apres.startswith(numeros) and apres.count("\n") == 3
    assert lire(registre)[0].numeros[-1].ident == "2026-04"


def ligne_abimee(registre, rang: int, remplacement: str) -> None:
    fichier = chemin_numeros(registre)
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    lignes[rang] = remplacement
    fichier.write_text("\n".join(lignes) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("remplacement", "message"),
    [
        ('{"numero": "2026-03", "edition": ', "numéro illisible : JSON invalide à la colonne 34"),
        ('{"numero": "2026-03", "edition": "elus"}', "numéro illisible : champ « parution » manquant"),
        ('["2026-03"]', "numéro illisible : fiche de numéro attendue"),
        (
            '{"numero": "2026-03", "edition": "elus", "parution": "2026-11-09", "envoye": '
            '"2026-11-09T08:06:40+01:00", "destinataires": "vingt"}',
            "numéro illisible : destinataires « vingt » invalide (nombre entier attendu)",
        ),
    ],
)
def test_un_numero_illisible_est_dit_a_sa_ligne(registre, remplacement, message):
    ligne_abimee(registre, 1, remplacement)
    relu, problemes = lire(registre)
    assert [(p.fichier, p.ligne) for p in problemes] == [("data/lettre/registre.jsonl", 2)]
    assert problemes[0].message.startswith(message) and problemes[0].est_erreur
    assert "historique git" in problemes[0].conseil
    assert [(n.ident, n.edition) for n in relu.numeros] == [("2026-03", "complete")]


def test_un_registre_jsonl_enregistre_par_un_editeur_reste_lisible(registre):
    """Fins de ligne Windows, BOM, ligne vide finale : les mêmes numéros."""
    avant, _ = lire(registre)
    numeros = chemin_numeros(registre)
    numeros.write_bytes(b"\xef\xbb\xbf" + numeros.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
    assert lire(registre) == (avant, [])


def test_un_numero_en_double_et_different_est_une_erreur(registre):
    premiere = chemin_numeros(registre).read_text(encoding="utf-8").splitlines()[0]
    ligne_abimee(registre, 1, premiere.replace('"destinataires": 198', '"destinataires": 5'))
    _relu, problemes = lire(registre)
    assert [(p.ligne, p.message) for p in problemes] == [(2, "numéro 2026-03 (complete) en double")]
    assert "déjà en data/lettre/registre.jsonl:1" in problemes[0].conseil


@pytest.mark.parametrize(
    ("texte", "ligne", "message"),
    [
        ("depart:\n  date: '2026-10-01'\necartees: 12121212\n", 3, "« ecartees » doit être une liste d'uids"),
        ("depart: oui\n", 1, "« depart » doit contenir date: et uids:"),
        ("depart:\n  date: 2026-13-01\n", 2, "syntaxe YAML invalide : date « 2026-13-01 » impossible"),
        ("depart:\n  date: '2026-13-01'\n", 2, "date de départ « 2026-13-01 » invalide"),
        ("depart:\n  date: '2026-10-01'\n a_envoyer: []\n", 3, "syntaxe YAML invalide"),
    ],
)
def test_une_decision_mal_ecrite_est_dite_a_sa_ligne(registre, texte, ligne, message):
    registre.write_text(texte, encoding="utf-8")
    relu, problemes = lire(registre)
    assert [(p.fichier, p.ligne) for p in problemes] == [("data/lettre/registre.yml", ligne)]
    assert problemes[0].message.startswith(message)
    assert len(relu.numeros) == 2  # les numéros envoyés restent lus


def test_make_check_dit_le_numero_illisible_sans_traceback(tmp_path):
    conf, donnees = copier_site_reel(tmp_path)
    (donnees / "lettre" / "registre.jsonl").write_text('{"numero": "2026-01",\n', encoding="utf-8")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert "data/lettre/registre.jsonl:1 : erreur : numéro illisible : JSON invalide" in resultat.stderr
    assert "Traceback" not in resultat.stderr
