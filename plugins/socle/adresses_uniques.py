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
        # fichier écrit → (nom, gabarit, source) : de quoi nommer l'auteur si un second survient ;
        # la description n'est calculée qu'alors (write_file est appelé pour chaque page du site).
        self._auteurs: dict[str, tuple[str, object, str | None]] = {}

    def _auteur(self, name, template, source) -> str:
        """Description de ce qui écrit ce fichier : le fichier source s'il y en a un."""
        if source:
            return chemin_affiche(source, Path(self.settings["PATH"]).parent)
        return f"la page « {getattr(template, 'name', None) or name} » du site"

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return super().write_file(name, template, context, *args, **kwargs)
        cle = os.path.normpath(name)
        contenu = kwargs.get("article") or kwargs.get("page")
        source = getattr(contenu, "source_path", None) or None
        try:
            resultat = super().write_file(name, template, context, *args, **kwargs)
        except FileOverwriteFailedError as exc:
            auteur = self._auteur(name, template, source)
            if cle in self._auteurs:
                source_premier = self._auteurs[cle][2]
                premier = self._auteur(*self._auteurs[cle])
            else:
                premier, source_premier = "une autre page du site", None
            adresse = cle.removesuffix("index.html")
            # Le message vise le fichier du personnel (celui qui a un « Slug: »), écrit avant ou après.
            fautif, fichier, autre = (
                (auteur, source, premier) if source else (premier, source_premier, auteur)
            )
            probleme = Probleme(
                fautif,
                _ligne_slug(fichier) if fichier else None,
                f"adresse « {adresse} » déjà écrite par {autre} : deux pages ne peuvent pas avoir la même adresse",
                "changez la ligne « Slug: » (ou le titre) de ce fichier ; les adresses des pages des "
                "plugins (points-accueil, formations, agenda, lettre, recherche, actualites…) sont réservées",
            )
            raise AdresseEnDouble([probleme]) from exc
        self._auteurs.setdefault(cle, (name, template, source))
        return resultat


def adresses_reservees(settings) -> tuple[tuple[str, ...], frozenset[str]]:
    """(préfixes des pages que le build écrit lui-même, adresses exactes de ses pages de liste).

    Préfixes : plugins actifs (`adresses(settings)`), actualités, thématiques, flux, fichiers statiques,
    thème (socle.liens) ; adresses exactes : les gabarits directs (index, thématiques, archives).
    """
    from .liens import adresses_du_build, normaliser

    directes = set()
    for gabarit in settings.get("DIRECT_TEMPLATES") or []:
        save_as = settings.get(f"{gabarit.upper()}_SAVE_AS", f"{gabarit}.html")
        if save_as:
            directes.add(normaliser(save_as))
    return adresses_du_build(settings).prefixes, frozenset(directes)


def adresses_prises(settings, pages, actualites) -> list[Probleme]:
    """Pour `make check` : pages et actualités dont l'adresse est déjà celle d'une page du build.

    `pages`, `actualites` : (fichier affiché, slug, ligne du Slug: ou du titre).
    """
    from .liens import normaliser

    prefixes, directes = adresses_reservees(settings)
    conseil = "changez la ligne « Slug: » : cette adresse est celle d'une page que le site écrit lui-même"
    problemes = []
    for affiche, slug, ligne in pages:
        adresse = normaliser((settings.get("PAGE_URL") or "{slug}.html").format(slug=slug, lang=""))
        prise = next((p for p in prefixes if adresse.startswith(p)), None)
        if prise is not None or adresse in directes:
            sous = f" (dans « {prise} »)" if prise and prise != adresse else ""
            problemes.append(Probleme(affiche, ligne, f"adresse « {adresse} » réservée{sous}", conseil))
    motif = settings.get("ARTICLE_URL") or "{slug}.html"
    annee = settings.get("YEAR_ARCHIVE_SAVE_AS")
    for affiche, slug, ligne in actualites:
        adresse = normaliser(motif.format(slug=slug))
        if adresse in directes or (annee and slug.isdigit() and len(slug) == 4):
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"adresse « {adresse} » réservée (liste des actualités ou archive)",
                    conseil,
                )
            )
    return problemes
