"""Fil d'actualités : mots-clés contrôlés, vérifications, actualités liées, flux à identifiants stables."""

from __future__ import annotations

import logging
from itertools import chain

from pelican import signals
from pelican.urlwrappers import Tag

from socle import reglages as reglages_socle
from socle.erreurs import signaler
from socle.reglages import plugin_actif

from . import reglages
from .adresses_stables import chemin_adresses, ecrire_adresses, ecrire_redirections, enrichir, lire_adresses
from .commandes import ajouter_commandes
from .connexes import actualites_liees, voisines_chronologiques
from .flux import identifiants_stables
from .lecteur import remplacer_lecteur
from .verification import adresses_publiees, verifier, verifier_avec_vocabulaire, vocabulaire_du_site

logger = logging.getLogger(__name__)


def verifier_avant_lecture(generateur) -> None:
    """Avant chaque build : mêmes contrôles que `make check` ; bloquants en publication."""
    vocabulaire, problemes_vocabulaire = vocabulaire_du_site(generateur.settings)
    adresses: dict[str, list[str]] = {}
    problemes = verifier_avec_vocabulaire(
        generateur.settings, vocabulaire, problemes_vocabulaire, html=False, adresses=adresses
    )
    generateur.context["ADRESSES_DES_FICHIERS"] = adresses  # slugs de chaque fichier (pour l'éditeur)
    signaler(problemes, reglages_socle.est_strict(generateur.settings))
    generateur.context["VOCABULAIRE"] = vocabulaire
    generateur.context["MOTS_CLES"] = vocabulaire.par_slug
    generateur.context["TEXTES_ACTUALITES"] = reglages.lire(generateur.settings)["textes"]


def canoniser_mots_cles(generateur) -> None:
    """Chaque mot-clé saisi (slug ou libellé) devient le mot-clé du vocabulaire, avec son libellé."""
    vocabulaire = generateur.context["VOCABULAIRE"]
    for article in chain(generateur.articles, generateur.drafts, generateur.hidden_articles):
        canoniques = {}
        for tag in getattr(article, "tags", []):
            mot = vocabulaire.trouver(tag.name)
            if mot is None:
                # Déjà signalé par la vérification (erreur en publication) : on le retire ici.
                logger.debug("%s : mot-clé inconnu « %s » retiré", article.relative_source_path, tag.name)
                continue
            canonique = Tag(mot.libelle, generateur.settings)
            canonique.slug = mot.slug
            canoniques[mot.slug] = canonique
        article.tags = list(canoniques.values())


def relier_actualites(generateur) -> None:
    """Ajoute à chaque actualité : `plus_recente`, `plus_ancienne` et `liees`."""
    options = reglages.lire(generateur.settings)
    articles = generateur.articles
    liees = actualites_liees(
        articles,
        lambda a: {t.slug for t in getattr(a, "tags", [])},
        options["connexes"],
        options["voisines_par_mot_cle"],
    )
    for article, (recente, ancienne), proches in zip(
        articles, voisines_chronologiques(articles), liees, strict=True
    ):
        article.plus_recente, article.plus_ancienne, article.liees = recente, ancienne, proches


# Listes de contenus des générateurs d'actualités et de pages de Pelican (traductions comprises).
CONTENUS_DES_GENERATEURS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)


def figer_adresses(generateurs) -> None:
    """Calcule une fois l'adresse de chaque actualité et page, quand plus rien ne peut la changer.

    Pelican recalcule `article.url` à chaque lecture (copie des métadonnées, `os.path.relpath`,
    formatage d'ARTICLE_URL) : près de 14 000 fois par build à 1 000 actualités (liens des listes,
    actualités liées, voisines, flux). La valeur figée passe par `override_url`, le mécanisme de
    Pelican pour une adresse imposée par l'en-tête `URL:` ; `save_as` n'est pas touché (Pelican en
    déduit d'autres comportements d'écriture).
    """
    for generateur in generateurs:
        if not plugin_actif(generateur.settings, __name__):
            return
        for nom in CONTENUS_DES_GENERATEURS:
            for contenu in getattr(generateur, nom, None) or []:
                if not hasattr(contenu, "override_url"):
                    contenu.override_url = contenu.url


def lecteur_markdown(lecteurs) -> None:
    if plugin_actif(lecteurs.settings, __name__):
        remplacer_lecteur(lecteurs)


def flux_a_identifiants_stables(context, feed) -> None:
    if plugin_actif(context, __name__):
        identifiants_stables(context, feed)


def redirections_des_anciennes_adresses(generateur, writer) -> None:
    if plugin_actif(generateur.settings, __name__):
        ecrire_redirections(generateur, writer)


def apres_publication(settings) -> list[str]:
    """Après `gestion.py construire --publication` réussi : adresses publiées notées dans data/."""
    chemin = chemin_adresses(settings)
    connues, problemes = lire_adresses(chemin, str(chemin))
    if problemes:
        return [str(p) for p in problemes]
    if ecrire_adresses(chemin, enrichir(connues, adresses_publiees(settings))):
        racine = reglages_socle.racine_projet(settings)
        return [
            f"adresses publiées notées dans {chemin.relative_to(racine) if chemin.is_relative_to(racine) else chemin} : à committer"
        ]
    return []


def valider_reglages(pelican) -> None:
    reglages.lire(pelican.settings)


def register():
    signals.initialized.connect(valider_reglages)
    signals.readers_init.connect(lecteur_markdown)
    signals.article_generator_init.connect(verifier_avant_lecture)
    signals.article_generator_pretaxonomy.connect(canoniser_mots_cles)
    signals.article_generator_finalized.connect(relier_actualites)
    signals.all_generators_finalized.connect(figer_adresses)
    signals.feed_generated.connect(flux_a_identifiants_stables)
    signals.article_writer_finalized.connect(redirections_des_anciennes_adresses)


__all__ = ["register", "verifier", "ajouter_commandes", "apres_publication"]
