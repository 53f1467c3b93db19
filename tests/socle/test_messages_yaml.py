"""Messages des erreurs de syntaxe YAML : la bonne ligne, en français, jamais l'anglais de l'analyseur."""

from __future__ import annotations

import pytest

from socle.sources_yaml import ErreurYaml, charger_yaml


def erreur_de(tmp_path, texte: str):
    chemin = tmp_path / "donnees.yml"
    chemin.write_text(texte, encoding="utf-8")
    with pytest.raises(ErreurYaml) as erreur:
        charger_yaml(chemin, "data/donnees.yml")
    return erreur.value.probleme


def test_un_guillemet_jamais_referme_est_signale_a_sa_ligne(tmp_path):
    lignes = ["points:", "- id: a", '  nom: "Maison des associations'] + [
        f"- id: p{rang}\n  nom: Point {rang}" for rang in range(6)
    ]
    probleme = erreur_de(tmp_path, "\n".join(lignes) + "\n")
    assert probleme.ligne == 3
    assert "guillemet jamais refermé" in probleme.message


@pytest.mark.parametrize(
    "texte",
    [
        "liste: [a, b\n",  # crochet jamais refermé
        "cle: {a: 1\n",  # accolade jamais refermée
        "- a\nb: c\n",  # liste puis mapping au même niveau
        "cle: 'a' b\n",
        "a: b: c\n",
        "cle: !!python/object:os.system x\n",
    ],
)
def test_aucune_erreur_ne_garde_l_anglais_de_l_analyseur(tmp_path, texte):
    probleme = erreur_de(tmp_path, texte)
    texte_message = f"{probleme.message} {probleme.conseil}"
    for mot in ("while", "expected", "found", "could not", "scanning", "parsing", "but"):
        assert f" {mot} " not in f" {texte_message} ", texte_message
    assert probleme.message.startswith("syntaxe YAML invalide")


def test_chaque_element_d_une_liste_garde_sa_ligne(tmp_path):
    chemin = tmp_path / "donnees.yml"
    chemin.write_text("points:\n- id: a\n\n- juste du texte\n- [x, y]\n", encoding="utf-8")
    points = charger_yaml(chemin)["points"]
    assert [points.ligne_de(rang) for rang in range(3)] == [2, 4, 5]
    assert points == [{"id": "a"}, "juste du texte", ["x", "y"]]
