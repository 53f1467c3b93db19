"""Logique pure du fil d'actualités : en-têtes, dates, vocabulaire, actualités liées."""

import datetime as dt
import itertools
import random

import pytest

from actualites.connexes import actualites_liees, voisines_chronologiques
from actualites.verification import lire_date
from actualites.vocabulaire import MotCle, Vocabulaire, normaliser
from socle.entetes import lire_entete


def test_les_entetes_gardent_leur_ligne_et_le_corps_commence_apres_la_ligne_vide():
    entete = lire_entete("Title: Un titre\nTags: a,\n    b\nDate: 2013-05-24\n\nLe corps.\nSuite.")
    assert entete.valeur("title") == "Un titre"
    assert entete.valeur("tags") == "a, b"
    assert entete.ligne("date") == 4
    assert entete.ligne_corps == 6
    assert entete.corps == "Le corps.\nSuite."


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("2013-05-24", dt.datetime(2013, 5, 24)),
        ("2013-05-24 14:30", dt.datetime(2013, 5, 24, 14, 30)),
        ("2013-05-24T14:30:10", dt.datetime(2013, 5, 24, 14, 30, 10)),
        ("24/05/2013", None),
        ("2013-02-30", None),
        ("2013-5-4", None),
        ("demain", None),
    ],
)
def test_lire_date(texte, attendu):
    assert lire_date(texte) == attendu


def test_normaliser_ignore_accents_casse_et_ponctuation():
    assert normaliser("Création d'activité") == normaliser("creation-d-activite") == "creation d activite"


def test_le_vocabulaire_retrouve_par_slug_ou_libelle_et_suggere():
    vocabulaire = Vocabulaire(
        [MotCle("creation-activite", "Création d'activité", "d"), MotCle("formation", "Formation", "d")]
    )
    assert vocabulaire.trouver("CRÉATION D'ACTIVITÉ").slug == "creation-activite"
    assert vocabulaire.trouver("formation").slug == "formation"
    assert vocabulaire.trouver("formations") is None
    assert vocabulaire.suggestion("formations") == "Formation"
    assert vocabulaire.suggestion("zzzz") is None


def _liees_par_force_brute(cles, nombre):
    """Référence indépendante : toutes les paires, même score et même départage."""
    resultat = []
    for i, a in enumerate(cles):
        candidats = [(-(len(a & b)), abs(i - j), j) for j, b in enumerate(cles) if j != i and a & b]
        resultat.append([j for *_c, j in sorted(candidats)[:nombre]])
    return resultat


@pytest.mark.parametrize("graine", range(5))
def test_les_liees_egalent_la_force_brute_quand_la_fenetre_couvre_tout(graine):
    hasard = random.Random(graine)
    cles = [set(hasard.sample("abcdefg", hasard.randint(1, 3))) for _ in range(40)]
    indices = list(range(len(cles)))
    liees = actualites_liees(indices, lambda i: cles[i], nombre=3, voisines=len(cles))
    assert liees == _liees_par_force_brute(cles, 3)


def test_les_liees_ne_contiennent_ni_l_article_ni_d_article_sans_cle_commune():
    cles = [{"a"}, {"b"}, {"a", "b"}, {"c"}]
    liees = actualites_liees(list(range(4)), lambda i: cles[i], nombre=3, voisines=2)
    for i, autres in enumerate(liees):
        assert i not in autres
        assert all(cles[i] & cles[j] for j in autres)
    assert liees[3] == []


def test_les_liees_ne_regardent_que_les_voisines_dans_chaque_mot_cle():
    # 100 articles du même mot-clé : seuls les 2 voisins de chaque côté sont candidats.
    liees = actualites_liees(list(range(100)), lambda i: {"a"}, nombre=10, voisines=2)
    assert liees[50] == [49, 51, 48, 52]


def test_voisines_chronologiques():
    assert voisines_chronologiques(["c", "b", "a"]) == [(None, "b"), ("c", "a"), ("b", None)]
    assert voisines_chronologiques([]) == []
    assert list(itertools.chain(*voisines_chronologiques(["x"]))) == [None, None]
