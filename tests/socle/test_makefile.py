"""Le Makefile : ce que ses cibles dangereuses effacent (lu par `make -n`, sans rien exécuter)."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from outils import RACINE


def cibles_effacees(*variables: str) -> list[str]:
    commande = subprocess.run(
        ["make", "-n", "clean", *variables], cwd=RACINE, capture_output=True, text=True, check=True
    ).stdout
    (ligne,) = [ligne for ligne in commande.splitlines() if ligne.startswith("rm ")]
    return [mot for mot in shlex.split(ligne)[1:] if not mot.startswith("-")]


@pytest.mark.parametrize(
    ("variables", "dossier"), [((), "."), (("SITE=",), "."), (("SITE=exemples/mesclun",), "exemples/mesclun")]
)
def test_make_clean_n_efface_que_dans_le_dossier_du_site(variables, dossier):
    """`make clean SITE=` (vide, par erreur) effaçait /output et /cache à la racine de la machine."""
    cibles = cibles_effacees(*variables)
    assert f"{dossier}/output" in cibles and f"{dossier}/cache" in cibles
    assert not [c for c in cibles if c.startswith("/")], cibles
