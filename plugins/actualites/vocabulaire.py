"""Vocabulaire contrôlé des mots-clés (`data/mots-cles.yml`) : chargement, validation, recherche."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from socle.erreurs import Probleme
from socle.sources_yaml import ErreurYaml, charger_yaml

SLUG_VALIDE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class MotCle:
    slug: str
    libelle: str
    description: str


def normaliser(texte: str) -> str:
    """Forme de comparaison : sans accents, casse, ponctuation ni espaces multiples.

    « Création d'activité », « creation-d-activite » et « CREATION D ACTIVITE » se rejoignent.
    """
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", sans_accents.lower()).split())


class Vocabulaire:
    """Les mots-clés connus, retrouvables par slug ou par libellé (accents et casse libres)."""

    def __init__(self, mots_cles: list[MotCle]):
        self.par_slug = {m.slug: m for m in mots_cles}
        self._index = {}
        for mot in mots_cles:
            self._index[normaliser(mot.slug)] = mot
            self._index[normaliser(mot.libelle)] = mot

    def __iter__(self):
        return iter(sorted(self.par_slug.values(), key=lambda m: normaliser(m.libelle)))

    def __len__(self):
        return len(self.par_slug)

    def trouver(self, texte: str) -> MotCle | None:
        return self._index.get(normaliser(texte))

    def suggestion(self, texte: str) -> str | None:
        """Le libellé le plus proche d'une saisie inconnue, pour « vouliez-vous dire… »."""
        proches = difflib.get_close_matches(normaliser(texte), list(self._index), n=1, cutoff=0.6)
        return self._index[proches[0]].libelle if proches else None


def charger_vocabulaire(chemin: Path, affiche: str) -> tuple[Vocabulaire, list[Probleme]]:
    """Lit et valide le vocabulaire ; les entrées invalides sont écartées et signalées."""
    try:
        donnees = charger_yaml(chemin, affiche)
    except ErreurYaml as exc:
        return Vocabulaire([]), [exc.probleme]
    if not isinstance(donnees, list):
        return Vocabulaire([]), [
            Probleme(
                affiche,
                1,
                "le fichier doit être une liste de mots-clés",
                "chaque entrée commence par « - slug: … »",
            )
        ]
    problemes, mots, vus = [], [], {}
    for entree in donnees:
        ligne = getattr(entree, "ligne", None)
        if not isinstance(entree, dict):
            problemes.append(
                Probleme(
                    affiche, ligne, "entrée qui n'est pas un mot-clé", "donnez slug, libelle et description"
                )
            )
            continue
        manquants = [c for c in ("slug", "libelle", "description") if not str(entree.get(c) or "").strip()]
        if manquants:
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"mot-clé incomplet : {', '.join(manquants)} manquant(s)",
                    "chaque mot-clé a un slug, un libelle et une description d'une ligne",
                )
            )
            continue
        slug = str(entree["slug"]).strip()
        if not SLUG_VALIDE.match(slug):
            problemes.append(
                Probleme(
                    affiche,
                    entree.ligne_de("slug"),
                    f"slug « {slug} » invalide",
                    "minuscules sans accents, chiffres et tirets : « creation-activite »",
                )
            )
            continue
        if slug in vus:
            problemes.append(
                Probleme(
                    affiche,
                    entree.ligne_de("slug"),
                    f"slug « {slug} » en double",
                    f"déjà défini ligne {vus[slug]}",
                )
            )
            continue
        vus[slug] = entree.ligne_de("slug")
        mots.append(MotCle(slug, str(entree["libelle"]).strip(), str(entree["description"]).strip()))
    return Vocabulaire(mots), problemes
