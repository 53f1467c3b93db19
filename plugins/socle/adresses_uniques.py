"""Deux pages à la même adresse : une erreur en français qui nomme les deux, jamais une page écrasée.

Pelican refuse d'écrire deux fois le même fichier avec une erreur anglaise (« Failed to
overwrite ») qui ne dit pas quelle actualité, page ou page de plugin est en cause. L'écrivain du
site (`EcrivainAdressesUniques`, dont hérite celui des actualités) retient qui a écrit chaque
fichier et, au second, lève `DonneesInvalides` avec le fichier source et la ligne du `Slug:`.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from .erreurs import DonneesInvalides, Probleme, chemin_affiche


class AdresseEnDouble(DonneesInvalides, FileOverwriteFailedError):
    """Deux sources pour un même fichier ; reste une `FileOverwriteFailedError` pour Pelican, qui
    en ignore certaines (mot-clé sans slug)."""


def _ligne_slug(source: str) -> int | None:
    try:
        for numero, ligne in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), start=1):
            if not ligne.strip():
                return None
            if ligne.lower().replace(" ", "").startswith("slug:"):
                return numero
    except (OSError, UnicodeDecodeError):
        return None
    return None


class EcrivainAdressesUniques(Writer):
    """Le `Writer` de Pelican, qui dit en français quelles sources se disputent une adresse."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._auteurs: dict[str, str] = {}

    def _auteur(self, name, template, kwargs) -> tuple[str, str | None]:
        """(description de ce qui écrit ce fichier, fichier source s'il y en a un)."""
        contenu = kwargs.get("article") or kwargs.get("page")
        source = getattr(contenu, "source_path", None)
        if source:
            racine = Path(self.settings["PATH"]).parent
            return chemin_affiche(source, racine), source
        return f"la page « {getattr(template, 'name', None) or name} » du site", None

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return super().write_file(name, template, context, *args, **kwargs)
        cle = os.path.normpath(name)
        auteur, source = self._auteur(name, template, kwargs)
        try:
            resultat = super().write_file(name, template, context, *args, **kwargs)
        except FileOverwriteFailedError as exc:
            premier = self._auteurs.get(cle, "une autre page du site")
            adresse = cle.removesuffix("index.html")
            probleme = Probleme(
                auteur if source else premier,
                _ligne_slug(source) if source else None,
                f"adresse « {adresse} » déjà écrite par {premier if source else auteur} : "
                "deux pages ne peuvent pas avoir la même adresse",
                "changez la ligne « Slug: » (ou le titre) de ce fichier ; les adresses des pages des "
                "plugins (points-accueil, formations, agenda, lettre, recherche, actualites…) sont réservées",
            )
            raise AdresseEnDouble([probleme]) from exc
        self._auteurs.setdefault(cle, auteur)
        return resultat
