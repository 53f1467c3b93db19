"""Glue Pelican : charge et valide les données, écrit la page, la carte, les JSON et les pages par initiale."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlparse

from pelican.generators import Generator

from socle import reglages as reglages_socle
from socle.erreurs import signaler

from . import reglages
from .carte import PreparationCarte, plan_carte
from .chargement import charger_tout
from .distances import formater_km
from .fermetures import annonces, points_fermes
from .sorties import communes_par_initiale, geojson, json_recherche

logger = logging.getLogger(__name__)

LICENCE = "Points d'accueil : Licence Ouverte 2.0 (Etalab). Positions des communes : GeoNames, CC BY 4.0."


class GenerateurPointsAccueil(Generator):
    """Page /points-accueil/, carte (script externe), données de recherche, GeoJSON, pages A–Z."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = reglages.lire(self.settings)
        self.donnees = charger_tout(self.settings)
        signaler(self.donnees.problemes, reglages_socle.est_strict(self.settings))
        # Fermetures datées : dites par rapport à la date du build (le site se reconstruit chaque jour).
        self.jour = reglages_socle.aujourdhui(self.settings)
        self.annonces = annonces(
            self.donnees.points, self.jour, self.options["preavis_fermeture"], self.options["textes"]
        )
        if self.donnees.communes is not None:
            plan = plan_carte(
                self.donnees.points,
                self.donnees.referentiel,
                self.options,
                self.settings["THEME_STATIC_DIR"],
                "",
                self.annonces,
            )
            self.carte = PreparationCarte(
                plan,
                self.settings["CACHE_PATH"] if self.settings.get("CACHE_CONTENT") else None,
                relire=bool(self.settings.get("LOAD_CONTENT_CACHE")),
            )

    def generate_context(self):
        donnees = self.donnees
        chemin = self.options["chemin"]
        actifs = [p for p in donnees.points if p.actif]
        territoires = [
            (t, [p for p in actifs if p.territoire.slug == t.slug]) for t in donnees.referentiel.territoires
        ]
        association = self.context.get("ASSOCIATION")
        exemple = actifs[0] if actifs else None
        self.context["POINTS_ACCUEIL"] = {
            "chemin": chemin,
            "nombre": len(actifs),
            "territoires": [(t, pts) for t, pts in territoires if pts],
            "annonces": self.annonces,
            "textes": {
                **reglages.remplir_textes(
                    self.options["textes"],
                    nom=association.nom if association else "",
                    nombre=len(actifs),
                    commune=exemple.commune if exemple else "",
                    code_postal=exemple.code_postal if exemple else "",
                ),
                # Dans la réponse, {nombre} est celui des points proposés : rempli par le script.
                **{
                    cle: self.options["textes"][cle].replace("{nom}", association.nom if association else "")
                    for cle in ("plus_proches", "plus_proche")
                },
            },
        }
        if self.options["section_accueil"]:
            sections = list(self.context.get("ACCUEIL_SECTIONS", []))
            sections.append("partials/accueil-points-accueil.html")
            self.context["ACCUEIL_SECTIONS"] = sections

    def generate_output(self, writer):
        donnees, options = self.donnees, self.options
        if donnees.communes is None:
            logger.warning("points d'accueil : table des communes absente, pages non écrites")
            return
        chemin = options["chemin"]
        parties = self.carte.resultat()
        initiales = communes_par_initiale(
            donnees.points, donnees.communes, options["resultats"], points_fermes(self.annonces)
        )
        sortie = Path(self.output_path) / chemin
        sortie.mkdir(parents=True, exist_ok=True)
        (sortie / "carte.js").write_text(parties.script, encoding="utf-8")
        (sortie / "recherche.json").write_text(
            json_recherche(donnees.points, donnees.communes, options["resultats"], self.annonces),
            encoding="utf-8",
        )
        url_page = f"{self.settings.get('SITEURL', '')}/{chemin}"
        (sortie / "points-accueil.geojson").write_text(
            geojson(donnees.points, url_page, LICENCE, self.jour), encoding="utf-8"
        )
        commun = {
            "relative_urls": self.settings["RELATIVE_URLS"],
            "initiales": list(initiales),
            "formater_km": formater_km,
            "hote_tuiles": urlparse(options["tuiles"]).hostname or options["tuiles"],
        }
        writer.write_file(
            f"{chemin}index.html",
            self.get_template("points-accueil"),
            self.context,
            carte=parties,
            page_name="points-accueil",
            **commun,
        )
        writer.write_file(
            f"{chemin}points-accueil.css",
            self.env.get_template("points-accueil.css"),
            self.context,
            relative_urls=False,
        )
        for initiale, communes in initiales.items():
            writer.write_file(
                f"{chemin}communes/{initiale}/index.html",
                self.get_template("points-accueil-communes"),
                self.context,
                initiale=initiale,
                communes=communes,
                page_name=f"points-accueil-{initiale}",
                **commun,
            )
