"""Le registre gardé dans CACHE_PATH : repris tel quel s'il n'a pas changé, relu sinon."""

from __future__ import annotations

import shutil

import pytest

from lettre import cache
from lettre.registre import charger_registre
from outils import RACINE

REGISTRE = RACINE / "tests" / "fixtures" / "lettre" / "data" / "lettre" / "registre.yml"


@pytest.fixture
def registre(tmp_path):
    chemin = tmp_path / "registre.yml"
    shutil.copy(REGISTRE, chemin)
    return chemin


def reglages(tmp_path, lire=True, ecrire=True):
    return {"CACHE_PATH": str(tmp_path / "cache"), "LOAD_CONTENT_CACHE": lire, "CACHE_CONTENT": ecrire}


def compter_lectures(monkeypatch) -> list:
    lectures = []

    def compte(chemin, affiche):
        lectures.append(chemin)
        return charger_registre(chemin, affiche)

    monkeypatch.setattr(cache, "charger_registre", compte)
    return lectures


def test_le_second_build_reprend_le_registre_du_cache(tmp_path, registre, monkeypatch):
    lectures = compter_lectures(monkeypatch)
    premier, problemes = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    second, problemes_second = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    assert problemes == problemes_second == []
    assert len(lectures) == 1
    assert second == premier == charger_registre(registre, "r.yml")[0]
    assert second.lignes == premier.lignes


def test_un_registre_modifie_est_relu(tmp_path, registre, monkeypatch):
    lectures = compter_lectures(monkeypatch)
    avant, _ = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    registre.write_text(
        registre.read_text(encoding="utf-8").replace("destinataires: 198", "destinataires: 199"),
        encoding="utf-8",
    )
    apres, _ = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    assert len(lectures) == 2
    assert [n.destinataires for n in apres.numeros] != [n.destinataires for n in avant.numeros]
    assert 199 in [n.destinataires for n in apres.numeros]


def test_sans_load_content_cache_le_registre_est_toujours_relu(tmp_path, registre, monkeypatch):
    lectures = compter_lectures(monkeypatch)
    cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    cache.charger_registre_garde(reglages(tmp_path, lire=False), registre, "r.yml")
    assert len(lectures) == 2
    cache.charger_registre_garde(reglages(tmp_path, lire=False, ecrire=False), registre, "r.yml")
    assert len(lectures) == 3


def test_un_cache_abime_est_ignore(tmp_path, registre, monkeypatch):
    cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    fichier = tmp_path / "cache" / cache.NOM
    fichier.write_bytes(fichier.read_bytes()[:100])
    lectures = compter_lectures(monkeypatch)
    relu, problemes = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
    assert len(lectures) == 1 and problemes == []
    assert relu == charger_registre(registre, "r.yml")[0]


def test_un_registre_a_probleme_n_est_pas_garde_et_son_probleme_est_redit(tmp_path, registre):
    registre.write_text("numeros:\n- numero: 2026-01\n", encoding="utf-8")
    for _ in range(2):
        _registre, problemes = cache.charger_registre_garde(reglages(tmp_path), registre, "r.yml")
        assert [p.ligne for p in problemes] == [2]
        assert "numéro illisible" in problemes[0].message
    assert not (tmp_path / "cache" / cache.NOM).exists()


def test_un_registre_absent_reste_un_registre_vide(tmp_path):
    registre, problemes = cache.charger_registre_garde(reglages(tmp_path), tmp_path / "absent.yml", "r.yml")
    assert registre.numeros == () and problemes == []
