"""Le chargeur sur libyaml (C) donne exactement ce que donne le chargeur Python de PyYAML.

Mêmes valeurs, mêmes types, mêmes lignes (`ligne`, `ligne_de`), mêmes fichiers refusés (les
messages d'erreur, eux, viennent toujours de l'analyseur Python : voir test_logique_socle.py).
"""

from __future__ import annotations

import random

import pytest
import yaml

from outils import FIXTURES, RACINE
from socle import sources_yaml
from socle.sources_yaml import charger_yaml


def forme(valeur):
    """Valeur, type et lignes, récursivement (deux chargements égaux ont la même forme)."""
    if isinstance(valeur, dict):
        return (
            type(valeur).__name__,
            getattr(valeur, "ligne", None),
            getattr(valeur, "lignes_cles", None),
            [(forme(cle), forme(v)) for cle, v in valeur.items()],
        )
    if isinstance(valeur, list):
        return [forme(v) for v in valeur]
    return (type(valeur).__name__, repr(valeur))


def avec(chargeur, texte):
    try:
        return ("ok", forme(yaml.load(texte, Loader=chargeur)))  # noqa: S506 (chargeurs sûrs)
    except yaml.YAMLError:
        return ("erreur",)


def comparer(texte) -> str:
    """« ok » ou « erreur », identique avec l'analyseur C (libyaml) et l'analyseur Python.

    Seule différence admise : libyaml accepte quelques blancs que l'analyseur Python refuse
    (une tabulation après « : ») ; « toléré » alors.
    """
    rapide, lent = (
        avec(sources_yaml.ChargeurRapideAvecLignes, texte),
        avec(sources_yaml.ChargeurAvecLignes, texte),
    )
    if rapide[0] == "ok" and lent[0] == "erreur" and "\t" in texte:
        return "toléré"
    assert rapide == lent, texte
    return rapide[0]


@pytest.mark.parametrize(
    "chemin",
    sorted(
        p
        for p in [*RACINE.glob("data/**/*.yml"), *FIXTURES.glob("**/*.yml")]
        if "node_modules" not in p.parts
    ),
    ids=str,
)
def test_les_fichiers_du_depot_se_lisent_pareil(chemin):
    assert comparer(chemin.read_text(encoding="utf-8")) in ("ok", "erreur")


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("", "ok"),
        ("# rien\n", "ok"),
        ("---\n", "ok"),
        ("a: 1\nb: [x, 2020-01-02, yes, ~, 1.5, '3', 0x1f, .inf]\nc: {d: e}\n", "ok"),
        ("- a: 1\n  b: 2\n-\n  - c\n  - 2026-03-29T10:00:00+02:00\n", "ok"),
        ("~: 1\n2: a\n1.5: b\ntrue: c\n", "ok"),
        ("1: a\ntrue: b\n", "erreur"),  # True == 1 : clé en double pour Python
        ("a: &x 1\nb: *x\n", "ok"),
        ("base: &b {x: 1}\nautre:\n  <<: *b\n  y: 2\n", "ok"),
        ("a: !!str 5\n", "ok"),
        ("a: 1\n---\nb: 2\n", "erreur"),
        ("? [a, b]\n: c\n", "erreur"),
        ("a: 1\na: 2\n", "erreur"),
        ("2026-01-01: a\n", "erreur"),  # clé non textuelle
        ("a: 2026-13-01\n", "erreur"),  # date impossible : erreur YAML à sa ligne, pas ValueError
        ("a: =\n", "erreur"),
        ("a: b: c\n", "erreur"),
    ],
)
def test_cas_particuliers(texte, attendu):
    assert comparer(texte) == attendu


def test_yaml_tire_au_hasard():
    morceaux = [
        "a", "b", "1", "1.5", "yes", "no", "~", "null", "2020-01-02", "2020-01-02 10:00:00",
        "'q'", '"d\\n"', "<<", "=", "0x1f", "0o7", "!!str 5", "&x 1", "*x", "[1, 2]", "{a: 1}",
        "", "-", ":", "? a", "#c", "|\n  t", ">\n  t", "---", "...", "\t", "'", "é", ".inf", "+1",
    ]  # fmt: skip
    tirage = random.Random(2026)
    vus = set()
    for _ in range(3000):
        lignes = []
        for _ in range(tirage.randint(1, 6)):
            retrait = "  " * tirage.randint(0, 2)
            forme_ligne = tirage.random()
            if forme_ligne < 0.5:
                lignes.append(f"{retrait}{tirage.choice(morceaux)}: {tirage.choice(morceaux)}")
            elif forme_ligne < 0.8:
                lignes.append(f"{retrait}- {tirage.choice(morceaux)}")
            else:
                lignes.append(f"{retrait}- {tirage.choice(morceaux)}: {tirage.choice(morceaux)}")
        vus.add(comparer("\n".join(lignes) + "\n"))
    assert {"ok", "erreur"} <= vus


def test_les_cles_de_fusion_gardent_leurs_lignes(tmp_path):
    fichier = tmp_path / "f.yml"
    fichier.write_text("base: &b\n  x: 1\nautre:\n  <<: *b\n  y: 2\n", encoding="utf-8")
    donnees = charger_yaml(fichier)
    assert donnees == {"base": {"x": 1}, "autre": {"x": 1, "y": 2}}
    assert donnees["autre"].ligne == 4 and donnees["autre"].ligne_de("y") == 5
