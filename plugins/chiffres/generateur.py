"""Générateur Pelican : chiffres dans le contexte (page d'accueil, page des chiffres), SVG écrits."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from pelican.generators import Generator

from socle import reglages as reglages_socle
from socle.ecriture import ecrire_atomiquement, ecrire_si_different
from socle.erreurs import signaler

from . import reglages
from .donnees import charger_donnees
from .modeles import Chiffres, Serie, description, formater, lignes_tableau

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def version_du_code() -> str:
    """Empreinte du code qui dessine les graphiques (ce plugin, pygal) : sans importer pygal."""
    empreinte = hashlib.sha256(version("pygal").encode())
    for fichier in sorted(Path(__file__).parent.glob("*.py")):
        empreinte.update(fichier.read_bytes())
    return empreinte.hexdigest()


@dataclass(frozen=True)
class VueSerie:
    """Une série prête pour le gabarit : textes formatés, graphique éventuel, tableau."""

    serie: Serie
    graphique: str  # adresse du SVG relative à SITEURL, vide s'il n'y a pas de graphique
    description: str
    entetes: tuple[str, ...]
    lignes: tuple[tuple[str, tuple[str, ...]], ...]
    notes: tuple[str, ...]
    derniere: str  # dernière valeur connue, formatée (séries sans territoire)


def vue_serie(serie: Serie, chiffres: Chiffres, dossier: str) -> VueSerie:
    nom = _nom_territoire(chiffres)
    entetes, lignes = lignes_tableau(serie, nom)
    derniere = serie.derniere_connue()
    notes = tuple(
        f"{v.annee}{', ' + nom(v.territoire) if v.territoire else ''} : {v.note}"
        for v in serie.valeurs
        if v.note
    )
    return VueSerie(
        serie,
        f"{dossier}{serie.id}.svg" if serie.a_un_graphique else "",
        description(serie, nom),
        tuple(entetes),
        tuple(
            (tete, tuple(formater(v.nombre if v else None, serie.unite) for v in valeurs))
            for tete, valeurs in lignes
        ),
        notes,
        formater(derniere.nombre, serie.unite) if derniere else "",
    )


def _nom_territoire(chiffres: Chiffres):
    def nom(ident: str) -> str:
        territoire = chiffres.territoire(ident)
        return territoire.nom if territoire else ident

    return nom


class GenerateurChiffres(Generator):
    """Lit data/chiffres.yml ; met les vues dans le contexte ; écrit un SVG par série à graphique."""

    def generate_context(self):
        self.options = reglages.lire(self.settings)
        chiffres, problemes = charger_donnees(self.settings)
        signaler(problemes, reglages_socle.est_strict(self.settings))
        self.chiffres = chiffres
        if chiffres is None:
            return
        dossier = self.options["dossier_graphiques"]
        self.vues = [vue_serie(s, chiffres, dossier) for s in chiffres.series]
        par_id = {v.serie.id: v for v in self.vues}
        self.context["CHIFFRES"] = chiffres
        self.context["CHIFFRES_RUBRIQUES"] = [
            (rubrique, [par_id[s.id] for s in series]) for rubrique, series in chiffres.rubriques()
        ]
        self.context["CHIFFRES_ACCUEIL"] = chiffres.chiffres_accueil(self.options["accueil_max"])
        self.context["CHIFFRES_TAILLE"] = (self.options["largeur"], self.options["hauteur"])

    def graphiques(self) -> dict[str, str]:
        """{adresse: SVG} des séries à graphique, repris de CACHE_PATH si rien n'a changé.

        Clé : les séries (valeurs, titres, territoires), les couleurs, la taille et la version du
        code. Sans changement des chiffres, pygal n'est même pas importé.
        """
        association = self.context["ASSOCIATION"]
        couleurs = (association.couleur_principale, association.couleur_accent)
        taille = (self.options["largeur"], self.options["hauteur"])
        a_dessiner = [vue for vue in self.vues if vue.graphique]
        cle = hashlib.sha256(
            repr(
                (
                    version_du_code(),
                    couleurs,
                    taille,
                    self.chiffres.territoires,
                    [v.serie for v in a_dessiner],
                )
            ).encode()
        ).hexdigest()[:32]
        fichier = Path(self.settings["CACHE_PATH"]) / "chiffres" / f"graphiques-{cle}.json"
        try:
            return json.loads(fichier.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        from .graphiques import dessiner  # pygal : seulement quand un graphique est à redessiner

        nom = _nom_territoire(self.chiffres)
        svgs = {vue.graphique: dessiner(vue.serie, nom, couleurs, *taille) for vue in a_dessiner}
        try:
            for ancien in fichier.parent.glob("graphiques-*.json"):
                ancien.unlink(missing_ok=True)
            ecrire_atomiquement(fichier, json.dumps(svgs, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            logger.warning("Chiffres : cache %s non écrit (%s)", fichier, exc)
        return svgs

    def generate_output(self, writer):
        if self.chiffres is None:
            return
        sortie = Path(self.output_path)
        for adresse, svg in sorted(self.graphiques().items()):
            ecrire_si_different(sortie / adresse, svg.encode("utf-8"))
