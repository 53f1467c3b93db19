"""Le chargement YAML rapide (événements de libyaml) donne exactement ce que donne le chargeur complet.

Mêmes valeurs, mêmes types, mêmes lignes (`ligne`, `ligne_de`) ; ce qu'il ne sait pas faire
(ancres, étiquettes, clés de fusion, clés en double…) passe au chargeur complet, qui garde ses
résultats et ses messages.
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


def complet(texte):
    return yaml.load(texte, Loader=sources_yaml._ChargeurRapideAvecLignes)  # noqa: S506 (chargeur sûr)


def comparer(texte) -> str:
    """« ok », « erreur » (les deux chargeurs refusent) ou « repris » (laissé au chargeur complet)."""
    try:
        attendu = ("ok", forme(complet(texte)))
    except yaml.YAMLError:
        attendu = ("erreur",)
    try:
        obtenu = ("ok", forme(sources_yaml._charger_par_evenements(texte)))
    except sources_yaml._HorsCheminRapide:
        return "repris"
    except yaml.YAMLError:
        obtenu = ("erreur",)
    assert obtenu == attendu, texte
    return obtenu[0]


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
        ("1: a\ntrue: b\n", "repris"),  # True == 1 : clé en double pour Python
        ("a: &x 1\nb: *x\n", "repris"),
        ("base: &b {x: 1}\nautre:\n  <<: *b\n  y: 2\n", "repris"),
        ("a: !!str 5\n", "repris"),
        ("a: 1\n---\nb: 2\n", "repris"),
        ("? [a, b]\n: c\n", "repris"),
        ("a: 1\na: 2\n", "repris"),
        ("2026-01-01: a\n", "repris"),
        ("a: =\n", "repris"),
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
    assert vus == {"ok", "erreur", "repris"}


def test_ce_que_le_chemin_rapide_laisse_garde_le_resultat_du_chargeur_complet(tmp_path):
    fichier = tmp_path / "f.yml"
    fichier.write_text("base: &b\n  x: 1\nautre:\n  <<: *b\n  y: 2\n", encoding="utf-8")
    donnees = charger_yaml(fichier)
    assert donnees == {"base": {"x": 1}, "autre": {"x": 1, "y": 2}}
    assert donnees["autre"].ligne == 4 and donnees["autre"].ligne_de("y") == 5


# Les erreurs du chargeur complet (clé en double, clé non textuelle, étiquette refusée), reprises
# quand le chemin rapide renonce : voir le test paramétré de test_logique_socle.py.
