"""La police du thème, réduite aux caractères du français par scripts/bibliotheques_carte.py.

L'`unicode-range` de chaque @font-face de site.css doit dire exactement les caractères que la police
contient : un caractère déclaré mais absent s'afficherait mal (le navigateur ne chercherait pas
ailleurs), un caractère présent mais non déclaré serait pris dans la police du système.
"""

from __future__ import annotations

import importlib.util
import re
import shutil

import pytest
from fontTools.ttLib import TTFont

from outils import RACINE

FRANCAIS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()[]-/&%@#*+=€"
    "àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜÆŒ«»’–—…°§·²\u00a0"
)


def _script():
    chemin = RACINE / "scripts" / "bibliotheques_carte.py"
    spec = importlib.util.spec_from_file_location("bibliotheques_carte", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bibliotheques = _script()


def faces() -> list[tuple[str, set[int]]]:
    """(fichier de police relatif au dossier statique du thème, caractères déclarés) de site.css."""
    css = (RACINE / "theme" / "templates" / "site.css").read_text(encoding="utf-8")
    resultat = []
    for corps in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        fichier = re.search(r'url\("\.\./(?P<chemin>[^"]+)"\)', corps)["chemin"]
        plages = re.search(r"unicode-range:\s*([^;]+);", corps).group(1)
        resultat.append((fichier, bibliotheques.points_de_code(plages)))
    return resultat


def caracteres(fichier: str) -> set[int]:
    with TTFont(RACINE / "theme" / "static" / fichier) as police:
        return set(police.getBestCmap())


def test_unicode_range_dit_exactement_ce_que_la_police_contient():
    trouvees = faces()
    assert len(trouvees) == 2  # droite et italique
    attendus = bibliotheques.points_de_code(bibliotheques.CARACTERES_POLICE)
    for fichier, declares in trouvees:
        assert declares == attendus, f"site.css ({fichier}) et CARACTERES_POLICE diffèrent"
        assert caracteres(fichier) == declares, fichier


def test_le_francais_et_sa_typographie_sont_dans_la_police():
    for fichier, _declares in faces():
        presents = caracteres(fichier)
        assert [c for c in FRANCAIS if ord(c) not in presents] == [], fichier


@pytest.mark.parametrize("style", ["normal", "italic"])
def test_police_versionnee_refaite_a_l_identique_depuis_le_paquet_npm(tmp_path, style):
    nom = f"atkinson-hyperlegible-next-latin-wght-{style}.woff2"
    copie = tmp_path / nom
    shutil.copyfile(RACINE / "node_modules" / bibliotheques.POLICE / "files" / nom, copie)
    avant = copie.stat().st_size
    bibliotheques.reduire_police(copie)
    versionnee = RACINE / "theme" / "static" / "vendor" / bibliotheques.POLICE / "files" / nom
    assert copie.read_bytes() == versionnee.read_bytes()
    assert copie.stat().st_size < 0.85 * avant  # ce que la réduction fait gagner
