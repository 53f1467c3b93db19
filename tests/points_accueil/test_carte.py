"""Carte : folium importé seulement pour la rendre, cache sur disque."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest
from outils_points import construire_isole, settings_fixture

from outils import RACINE, reglages
from points_accueil import carte
from points_accueil import reglages as reglages_points
from points_accueil.carte import PreparationCarte, plan_carte, rendre_ici
from points_accueil.chargement import charger_tout


@pytest.fixture(scope="module")
def plan():
    settings = reglages(override=settings_fixture())
    donnees = charger_tout(settings)
    options = reglages_points.lire(settings)
    return plan_carte(donnees.points, donnees.referentiel, options, settings["THEME_STATIC_DIR"], "")


@pytest.fixture(scope="module")
def attendu(plan):
    return rendre_ici(plan)


def fichiers_cache(dossier):
    return sorted((dossier / carte.SOUS_DOSSIER_CACHE).glob("carte-*.json"))


def test_importer_le_plugin_n_importe_pas_folium():
    """`gestion.py verifier`, `plus-proche` et les builds dont la carte est en cache s'en passent."""
    code = "import sys, points_accueil; print(sorted({'folium', 'numpy', 'requests'} & set(sys.modules)))"
    chemin = os.pathsep.join(str(RACINE / d) for d in ("plugins", "."))
    sortie = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": chemin},
        capture_output=True,
        text=True,
        check=True,
    )
    assert sortie.stdout.strip() == "[]"


def test_plan_en_donnees_json_sans_texte_interprete(plan):
    assert json.loads(json.dumps(plan)) == plan
    assert [t["slug"] for t in plan["territoires"]] == ["lille", "est"]
    assert all(url.startswith("theme/vendor/") for url in plan["bibliotheques"].values())


def test_cache_relu_au_build_suivant(plan, attendu, tmp_path):
    premiere = PreparationCarte(plan, tmp_path)
    assert premiere.parties is None
    assert premiere.resultat() == attendu
    [fichier] = fichiers_cache(tmp_path)
    suivante = PreparationCarte(plan, tmp_path)
    assert suivante.parties == attendu  # lue dès generate_context : ni folium ni second processus
    assert suivante.resultat() == attendu
    assert fichiers_cache(tmp_path) == [fichier]


def test_cache_ignore_si_la_carte_change(plan, tmp_path):
    PreparationCarte(plan, tmp_path).resultat()
    autre = {**plan, "tuiles": "https://tuiles.exemple.org/{z}/{x}/{y}.png"}
    preparation = PreparationCarte(autre, tmp_path)
    assert preparation.parties is None
    assert "tuiles.exemple.org" in preparation.resultat().script
    assert len(fichiers_cache(tmp_path)) == 2


def test_cache_ignore_si_folium_ou_le_code_change(plan, tmp_path, monkeypatch):
    PreparationCarte(plan, tmp_path).resultat()
    monkeypatch.setattr(carte, "_version", lambda paquet: "9.9.9")
    assert PreparationCarte(plan, tmp_path).parties is None
    monkeypatch.undo()
    assert PreparationCarte(plan, tmp_path).parties is not None
    code = tmp_path / "carte_folium.py"
    code.write_bytes(carte.MODULE_RENDU.read_bytes() + b"\n# modifie\n")
    monkeypatch.setattr(carte, "MODULE_RENDU", code)
    assert PreparationCarte(plan, tmp_path).parties is None


def test_cache_ni_relu_en_publication_ni_ecrit_sans_cache(plan, attendu, tmp_path):
    PreparationCarte(plan, tmp_path).resultat()
    assert PreparationCarte(plan, tmp_path, relire=False).parties is None
    assert PreparationCarte(plan, None).resultat() == attendu


def test_cache_illisible_remplace(plan, attendu, tmp_path):
    PreparationCarte(plan, tmp_path).resultat()
    [fichier] = fichiers_cache(tmp_path)
    fichier.write_text('{"empreinte": "', encoding="utf-8")
    preparation = PreparationCarte(plan, tmp_path)
    assert preparation.parties is None
    assert preparation.resultat() == attendu
    assert attendu.script.startswith(json.loads(fichier.read_text(encoding="utf-8"))["fond"])


def test_cache_borne(plan, tmp_path):
    for zoom in range(carte.CARTES_GARDEES + 3):
        PreparationCarte({**plan, "zoom_max": zoom}, tmp_path).resultat()
    assert len(fichiers_cache(tmp_path)) == carte.CARTES_GARDEES
    assert not list((tmp_path / carte.SOUS_DOSSIER_CACHE).glob("*.tmp"))


def test_build_avec_cache_identique(tmp_path):
    """Deux builds partageant un cache (le second relit la carte) : pages identiques au premier."""
    cache = tmp_path / "cache"
    reglages_cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    sorties = [tmp_path / "premier", tmp_path / "second"]
    resultats = construire_isole(*[(s, True, {**settings_fixture(), **reglages_cache}) for s in sorties])
    assert resultats == [{"ok": True, "journal": []}] * 2
    assert len(fichiers_cache(cache)) == 1
    for nom in ("index.html", "carte.js"):
        premier, second = (s / "points-accueil" / nom for s in sorties)
        assert premier.read_bytes() == second.read_bytes(), nom


def test_rendu_deterministe(plan, attendu):
    """folium tire ses identifiants au hasard à chaque carte : aucun ne reste dans le script."""
    seconde = rendre_ici(plan)
    assert seconde == attendu
    assert f'L.map(\n                "{attendu.id_div}"' in attendu.script
    assert f"pointsCarte({carte.NOM_CARTE}, " in attendu.script


def test_fond_relu_quand_seuls_des_points_changent_dans_le_cadre(plan, tmp_path):
    """Le fond ne dépend que des réglages et du cadre : un point modifié ne fait pas réimporter folium."""
    PreparationCarte(plan, tmp_path).resultat()
    point = {**plan["territoires"][0]["points"][0], "structure": "Nouveau nom"}
    autre = {**plan, "territoires": [{**plan["territoires"][0], "points": [point]}]}
    preparation = PreparationCarte(autre, tmp_path)
    assert preparation.parties is not None
    assert preparation.parties == rendre_ici(autre)
    assert "Nouveau nom" in preparation.parties.script
    deplace = {**plan, "bornes": [[50.0, 3.0], [50.7, 3.2]]}
    assert PreparationCarte(deplace, tmp_path).parties is None


def test_aucun_nom_prive_de_folium_ni_de_branca():
    """Le guide : jamais d'attribut ni d'import `_x` d'une bibliothèque (ils changent sans prévenir).

    Dans carte_folium.py, tout attribut lu ou écrit l'est sur un objet ou un module de folium."""
    arbre = ast.parse(carte.MODULE_RENDU.read_text(encoding="utf-8"))
    prives = [
        (noeud.lineno, noeud.attr)
        for noeud in ast.walk(arbre)
        if isinstance(noeud, ast.Attribute) and noeud.attr.startswith("_") and not noeud.attr.endswith("__")
    ]
    prives += [
        (noeud.lineno, alias.name)
        for noeud in ast.walk(arbre)
        if isinstance(noeud, ast.ImportFrom)
        and noeud.module
        and noeud.module.split(".")[0] in ("folium", "branca")
        for alias in noeud.names
        if alias.name.startswith("_")
    ]
    assert prives == []
