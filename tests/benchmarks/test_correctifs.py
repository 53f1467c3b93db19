"""Les correctifs de performance gardent le comportement : index Pagefind, YAML rapide."""

from __future__ import annotations

import pytest

from outils import construire_site
from socle.sources_yaml import ErreurYaml, charger_yaml


@pytest.fixture(scope="module")
def site_indexe(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("indexe") / "output"
    construire_site(sortie, indexer=True)
    return sortie


def test_pagefind_n_est_pas_relance_si_aucune_page_ne_change(site_indexe):
    entree = site_indexe / "pagefind" / "pagefind-entry.json"
    avant = entree.stat().st_mtime_ns
    construire_site(site_indexe, indexer=True)
    assert entree.stat().st_mtime_ns == avant


def test_pagefind_est_relance_si_une_page_change(site_indexe):
    temoin = site_indexe / "pagefind" / ".empreinte-pages"
    temoin.write_text("empreinte d'un ancien état des pages", encoding="utf-8")
    entree = site_indexe / "pagefind" / "pagefind-entry.json"
    avant = entree.stat().st_mtime_ns
    construire_site(site_indexe, indexer=True)
    assert entree.stat().st_mtime_ns != avant
    assert temoin.read_text(encoding="utf-8") != "empreinte d'un ancien état des pages"


def test_le_yaml_rapide_refuse_toujours_une_cle_en_double_avec_sa_ligne(tmp_path):
    chemin = tmp_path / "double.yml"
    chemin.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(ErreurYaml) as erreur:
        charger_yaml(chemin, "double.yml")
    assert erreur.value.probleme.ligne == 3
    assert "deux fois" in erreur.value.probleme.message
