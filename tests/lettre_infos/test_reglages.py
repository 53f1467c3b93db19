"""Réglages LETTRE_INFOS refusés avec un message en français."""

from __future__ import annotations

import pytest
from lettre_infos import reglages


@pytest.mark.parametrize("valeur", ["deux", 0, 1.5, True])
def test_pages_max_qui_n_est_pas_un_entier_positif(valeur):
    with pytest.raises(ValueError, match=r"« pages_max » vaut .* ; il faut un nombre entier, au moins 1"):
        reglages.lire({"LETTRE_INFOS": {"pages_max": valeur}})


def test_pages_max_valide():
    assert reglages.lire({"LETTRE_INFOS": {"pages_max": 3}})["pages_max"] == 3
