"""Pages communes du thème : accueil, 404, robots.txt, et l'identité dans le contexte."""

from __future__ import annotations

import dataclasses
import logging

from pelican.generators import Generator

from . import reglages
from .association import charger_association
from .erreurs import DonneesInvalides, chemin_affiche, signaler
from .images import verifier_images
from .liens import adresses_du_build, liens_suivis, plugins_actifs, problemes_liens
from .securite import politique_csp, politique_meta

logger = logging.getLogger(__name__)


def charger_identite(settings):
    """Charge `data/association.yml` ; renvoie (association ou None, problèmes)."""
    chemin = reglages.dossier_donnees(settings) / reglages.lire(settings)["association"]
    return charger_association(chemin, chemin_affiche(chemin, reglages.racine_projet(settings)))


def fichier_identite_affiche(settings) -> str:
    chemin = reglages.dossier_donnees(settings) / reglages.lire(settings)["association"]
    return chemin_affiche(chemin, reglages.racine_projet(settings))


def identite_du_build(settings, association):
    """L'identité affichée : menu et pied de page sans les liens vers une capacité retirée."""
    adresses = adresses_du_build(settings)
    # Les liens des contenus sont vérifiés par `make check` : le build ne relit pas chaque fichier.
    problemes = problemes_liens(
        settings, association, fichier_identite_affiche(settings), adresses, contenus=False
    )
    suivie = dataclasses.replace(
        association,
        menu=liens_suivis(association.menu, adresses),
        pied_de_page=liens_suivis(association.pied_de_page, adresses),
        acces_rapides=liens_suivis(association.acces_rapides, adresses),
    )
    return suivie, problemes


class GenerateurSocle(Generator):
    """Met l'association et la date du build dans le contexte ; écrit accueil, 404 et robots.txt."""

    def generate_context(self):
        association, problemes = charger_identite(self.settings)
        signaler(problemes + verifier_images(self.settings), reglages.est_strict(self.settings))
        if association is None:
            # Sans identité, aucune page ne peut s'afficher, même en développement.
            raise DonneesInvalides(problemes)
        association, problemes_menu = identite_du_build(self.settings, association)
        signaler(problemes_menu, reglages.est_strict(self.settings))
        self.context["ASSOCIATION"] = association
        # Titre des flux Atom/RSS (Pelican le prend dans SITENAME) : le nom de l'association.
        self.context["SITENAME"] = association.nom
        self.context["SITESUBTITLE"] = association.slogan
        # Capacités de ce build, pour les gabarits : {% if "recherche" in CAPACITES %}.
        self.context["CAPACITES"] = frozenset(plugins_actifs(self.settings))
        self.context["AUJOURDHUI"] = reglages.aujourdhui(self.settings)
        # En publication seulement : l'aperçu (make devserver) recharge la page par un WebSocket sur
        # un autre port, que cette politique refuserait.
        if reglages.est_strict(self.settings):
            self.context["POLITIQUE_SECURITE"] = politique_meta(self.settings)

    def generate_output(self, writer):
        relatives = self.settings["RELATIVE_URLS"]
        nombre = reglages.lire(self.settings)["accueil_actualites"]
        articles = self.context.get("articles", [])
        writer.write_file(
            "index.html",
            self.get_template("accueil"),
            self.context,
            relative_urls=relatives,
            dernieres_actualites=articles[:nombre],
            page_name="index",
        )
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        writer.write_file(
            "robots.txt", self.env.get_template("robots.txt"), self.context, relative_urls=False
        )
        # En-têtes HTTP (Netlify, Cloudflare Pages…) : CSP d'après les capacités actives.
        writer.write_file(
            "_headers",
            self.env.get_template("_headers"),
            self.context,
            relative_urls=False,
            politique_csp=politique_csp(self.settings),
        )
        # Feuille de style rendue avec les couleurs de l'association (pas de style en ligne : CSP stricte).
        writer.write_file(
            f"{self.settings['THEME_STATIC_DIR']}/css/site.css",
            self.env.get_template("site.css"),
            self.context,
            relative_urls=False,
        )
