"""Fixtures de la Lettre d'infos : le site d'essai copié dans un dossier temporaire, et ses builds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from outils import FIXTURES, construire_site

FIXTURE = FIXTURES / "lettre_infos"


def copier_fixture(destination: Path) -> Path:
    """Copie le site d'essai dans `destination` ; renvoie son pelicanconf.py (plugins du projet)."""
    shutil.copytree(FIXTURE, destination, dirs_exist_ok=True)
    conf = destination / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            "RACINE_PROJET = ICI.parents[2]", f"RACINE_PROJET = Path({str(FIXTURES.parents[1])!r})"
        ),
        encoding="utf-8",
    )
    return conf


def construire(conf: Path, sortie: Path, cache: Path, **override):
    """Build du site d'essai ; renvoie (dossier de sortie, journal)."""
    return construire_site(sortie, fichier=str(conf), override={"CACHE_PATH": str(cache), **override})


def pages_png(pdf: Path, dossier: Path, resolution: int = 50) -> list[Path]:
    """Les pages du PDF rendues en PNG par pdftoppm (poppler-utils, installé par scripts/installer.sh)."""
    dossier.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(dossier / pdf.stem)],
        check=True,
        timeout=120,
    )
    return sorted(dossier.glob(f"{pdf.stem}*.png"))


@pytest.fixture
def site_essai(tmp_path):
    """(pelicanconf.py, dossier de cache) d'une copie neuve du site d'essai."""
    return copier_fixture(tmp_path / "site"), tmp_path / "cache"


@pytest.fixture
def rendre_png():
    """`rendre_png(pdf, dossier)` : les pages du PDF en PNG (pdftoppm)."""
    return pages_png


@pytest.fixture
def construire_essai():
    """`construire_essai(conf, sortie, cache, **réglages)` : build du site d'essai."""
    return construire
