"""`python gestion.py …` mal tapé ou `--help` : en français, comme le reste des messages au personnel."""

from __future__ import annotations

import pytest

from outils import lancer_gestion

ANGLAIS = ("usage:", "error:", "the following", "invalid choice", "unrecognized", "expected one", "show this")


@pytest.mark.parametrize(
    ("arguments", "attendu"),
    [
        ((), "✗ gestion.py : il manque : COMMANDE"),
        (("publier",), "✗ gestion.py : COMMANDE : « publier » n'existe pas ; possibles : 'construire'"),
        (("abonnes", "importer"), "✗ gestion.py abonnes importer : il manque : fichier, --source"),
        (("abonnes", "liste", "--base"), "✗ gestion.py abonnes liste : --base : une valeur est attendue"),
        (("abonnes", "liste", "--tout"), "✗ gestion.py : arguments inconnus : --tout"),
        (("--site",), "✗ gestion.py : --site : une valeur est attendue"),
    ],
)
def test_une_commande_mal_tapee_le_dit_en_francais(arguments, attendu):
    fait = lancer_gestion(*arguments)
    assert fait.returncode == 2
    assert attendu in fait.stderr, fait.stderr
    assert "--help » explique les commandes et options" in fait.stderr
    assert fait.stderr.startswith("usage : gestion.py")
    assert not any(mot in fait.stderr for mot in ANGLAIS), fait.stderr


@pytest.mark.parametrize("arguments", [("--help",), ("abonnes", "copier", "--help"), ("plus-proche", "-h")])
def test_l_aide_est_en_francais(arguments):
    fait = lancer_gestion(*arguments)
    assert fait.returncode == 0, fait.stderr
    assert fait.stdout.startswith("usage : gestion.py")
    assert "-h, --help" in fait.stdout and "affiche cette aide" in fait.stdout
    assert "\narguments :\n" in fait.stdout and "\noptions :\n" in fait.stdout
    assert not any(mot in fait.stdout for mot in ANGLAIS + ("positional arguments",)), fait.stdout
