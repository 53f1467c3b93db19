"""Chargement de toutes les données du plugin à partir des réglages du site (sans Pelican).

Utilisé par le générateur, par `make check` (`verifier`) et par l'API de la lettre (`a_venir`).
"""

from __future__ import annotations

from socle import reglages as reglages_socle
from socle.erreurs import Probleme, chemin_affiche
from socle.sources_yaml import ErreurYaml, charger_yaml

from . import reglages
from .chargement import charger_catalogue
from .chargement_agenda import charger_agenda
from .modeles import Agenda, Catalogue


def domaine_uid(settings) -> str:
    """Domaine des UID iCalendar : réglage, sinon domaine du courriel de l'association."""
    explicite = reglages.lire(settings)["domaine_uid"]
    if explicite:
        return explicite
    chemin = reglages_socle.dossier_donnees(settings) / reglages_socle.lire(settings)["association"]
    try:
        association = charger_yaml(chemin)
    except ErreurYaml:
        association = None  # déjà signalé par le socle
    courriel = str(association.get("courriel") or "") if isinstance(association, dict) else ""
    return courriel.rpartition("@")[2] or "localhost"


# Clé du contexte Pelican où un build garde les données lues (voir `charger_donnees`).
CLE_CONTEXTE = "_FORMATIONS_DONNEES"


def charger_donnees(settings, contexte: dict | None = None) -> tuple[Catalogue, Agenda, list[Probleme]]:
    """Catalogue et agenda validés, avec tous les problèmes (triés par fichier et ligne).

    `contexte` : le contexte Pelican du build. Le générateur des formations et la lettre (agenda
    du prochain numéro) lisent les mêmes fichiers pendant le même build : la première lecture y
    est gardée (catalogue et agenda sont immuables), la seconde la reprend. Un contexte neuf à
    chaque build : rien ne survit d'un build à l'autre.
    """
    if contexte is not None and CLE_CONTEXTE in contexte:
        catalogue, agenda, problemes = contexte[CLE_CONTEXTE]
        return catalogue, agenda, list(problemes)
    catalogue, agenda, problemes = _lire_donnees(settings)
    if contexte is not None:
        contexte[CLE_CONTEXTE] = (catalogue, agenda, tuple(problemes))
    return catalogue, agenda, problemes


def _lire_donnees(settings) -> tuple[Catalogue, Agenda, list[Probleme]]:
    # Import différé : le module des actualités importe Pelican, l'API de la lettre n'en a pas besoin.
    from actualites.verification import vocabulaire_du_site

    options = reglages.lire(settings)
    dossier = reglages_socle.dossier_donnees(settings)
    racine = reglages_socle.racine_projet(settings)
    domaine = domaine_uid(settings)
    chemin_catalogue = dossier / options["catalogue"]
    affiche_catalogue = chemin_affiche(chemin_catalogue, racine)
    catalogue, problemes = charger_catalogue(
        chemin_catalogue,
        affiche_catalogue,
        reglages_socle.aujourdhui(settings),
        domaine,
        options["fuseau"],
        options["url_formations"],
    )
    vocabulaire, _problemes_vocabulaire = vocabulaire_du_site(settings)  # signalés par les actualités
    lieux = {lieu.id: lieu for lieu in catalogue.lieux}
    # Sans aucun lieu lu à cause d'une erreur du catalogue (fichier illisible), les lieux cités par
    # l'agenda ne sont pas « inconnus » : leurs erreurs renvoient à celle du catalogue.
    illisible = not lieux and any(p.est_erreur for p in problemes)
    chemin_agenda = dossier / options["agenda"]
    agenda, problemes_agenda = charger_agenda(
        chemin_agenda,
        chemin_affiche(chemin_agenda, racine),
        vocabulaire,
        lieux,
        domaine,
        options["fuseau"],
        options["publics"],
        options["url_agenda"],
        options["mots_cles_par_public"],
        catalogue_illisible=affiche_catalogue if illisible else "",
    )
    return catalogue, agenda, sorted(problemes + problemes_agenda, key=lambda p: (p.fichier, p.ligne or 0))
