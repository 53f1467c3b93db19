"""Le bénévole d'une autre association se trompe dans pelicanconf.py : `verifier` le dit en français, sans trace."""

from __future__ import annotations

import pytest

from outils import lancer_gestion

LETTRE = 'PLUGINS = [*PLUGINS, "lettre"]\nLETTRE = {"editions": %s}\n'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("faux") / "site"
    assert lancer_gestion("nouveau-site", str(dossier)).returncode == 0
    return dossier


def verifier_avec(site, ajout: str):
    """`verifier` sur le site, avec `ajout` au bout de son pelicanconf.py (retiré ensuite)."""
    reglages = site / "pelicanconf.py"
    origine = reglages.read_text(encoding="utf-8")
    reglages.write_text(origine + ajout, encoding="utf-8")
    try:
        return lancer_gestion("--site", str(site), "verifier")
    finally:
        reglages.write_text(origine, encoding="utf-8")


@pytest.mark.parametrize(
    ("ajout", "attendu"),
    [
        (
            'PLUGINS = [*PLUGINS, "formation"]\n',
            "Réglage PLUGINS : plugin « formation » introuvable ; vouliez-vous dire « formations » ?",
        ),
        (LETTRE % '["complete"]', "Réglage LETTRE : « editions » associe chaque identifiant à son édition"),
        (LETTRE % '{"complete": "La lettre"}', "édition « complete » : écrivez ses réglages entre accolades"),
        (
            LETTRE % '{"complete": {"mots_cles": "vie-associative"}}',
            '« mots_cles » est une liste, par exemple ["vie-associative"]',
        ),
        (
            LETTRE % '{"complete": {"mots_cles": ["Vie associative"]}}',
            "mot-clé « Vie associative » inconnu de data/mots-cles.yml",
        ),
    ],
    ids=[
        "plugin-mal-ecrit",
        "editions-en-liste",
        "edition-en-texte",
        "mots-cles-en-texte",
        "mot-cle-libelle",
    ],
)
def test_un_reglage_faux_est_dit_en_francais(site, ajout, attendu):
    resultat = verifier_avec(site, ajout)
    assert resultat.returncode != 0
    assert attendu in resultat.stderr
    assert "Traceback" not in resultat.stderr and "object has no attribute" not in resultat.stderr


def test_le_slug_d_un_mot_cle_est_propose_pour_une_edition(site):
    resultat = verifier_avec(site, LETTRE % '{"complete": {"mots_cles": ["vie-associatve"]}}')
    assert "vouliez-vous dire « vie-associative » ?" in resultat.stderr
    assert verifier_avec(site, LETTRE % '{"complete": {"mots_cles": ["vie-associative"]}}').returncode == 0
