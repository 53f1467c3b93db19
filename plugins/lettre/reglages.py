"""Réglages de la lettre (clé LETTRE) : valeurs par défaut en un seul endroit, validées au démarrage.

Rien de propre à une association ici : expéditeur, adresses et listes se règlent dans
`pelicanconf.py` ; les secrets (SMTP, clé de signature) viennent de l'environnement.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Date du premier numéro (AAAA-MM-JJ) ; les suivants tous les `periode_jours` jours.
        "premier_numero": "2026-01-05",
        "periode_jours": 14,
        # Éditions : identifiant → titre, mots-clés retenus (vide = toutes les actualités),
        # agenda inclus ou non. L'identifiant est aussi celui que le formulaire d'inscription envoie
        # au service d'abonnement. La première édition est l'édition principale
        # (adresse /lettre/<année>/<numéro>/).
        "editions": {
            "complete": {"titre": "La lettre", "mots_cles": [], "agenda": True},
        },
        # Registre (relatif au dossier des données ; les numéros envoyés à côté, même nom en .jsonl)
        # et dossier des éditoriaux.
        "registre": "lettre/registre.yml",
        "editos": "lettre/editos",
        # Semaines d'agenda (formations, événements) après la date du numéro.
        "semaines_agenda": 4,
        # Une actualité jamais envoyée plus vieille que cela est signalée et retenue.
        "age_maximal_jours": 60,
        # Courriel : expéditeur, réponse, identifiant de liste (RFC 2919), désinscription.
        "expediteur": "",
        "repondre_a": "",
        "list_id": "",
        # Adresse de désinscription par courriel (mailto), sujet « desinscription <jeton> ».
        "desinscription_courriel": "",
        # Adresse publique du service d'abonnement (abonnements/, docs/abonnements.md), sans « / »
        # final : le formulaire du site poste sur {service_url}/inscription ; vide = pas de formulaire.
        # Chaque courriel y pointe : désinscription en un clic (/desinscription/<jeton>), préférences.
        "service_url": "",
        # Texte de la case de consentement du formulaire, gardé tel quel comme preuve par le service ;
        # {nom} est remplacé par le nom de l'association.
        "consentement": "J'accepte de recevoir la lettre de {nom} par courriel. Je peux me désinscrire "
        "à tout moment par le lien présent dans chaque lettre.",
        # Image d'en-tête du courriel (PNG/JPG, relative à SITEURL) ; vide = nom en texte.
        "logo_courriel": "",
        # Envoi : messages par seconde au plus, essais et attente pour les refus temporaires (4xx).
        "debit_par_seconde": 5.0,
        "essais_temporaires": 4,
        "attente_initiale_s": 2.0,
        # Pannes : délai de chaque opération SMTP (un serveur muet est abandonné), échecs de
        # connexion de suite avant d'arrêter l'envoi (il reprendra), verrou d'envoi en base
        # (durée sans nouvelles avant qu'un autre envoyeur le reprenne, attente d'un second envoyeur).
        "delai_smtp_s": 10.0,
        "echecs_connexion_max": 3,
        "verrou_duree_s": 120.0,
        "verrou_attente_s": 30.0,
        # Aperçu du prochain numéro (courriel et page web) : en développement seulement par défaut.
        "apercu": None,
    }
)

CLES_EDITION = {"titre", "mots_cles", "agenda"}


@dataclass(frozen=True)
class Edition:
    """Une édition de la lettre (complète, élus…) : ce qu'elle retient des actualités."""

    ident: str
    titre: str
    mots_cles: frozenset[str]
    agenda: bool
    principale: bool

    def retient(self, mots_cles_actualite) -> bool:
        """Une actualité entre-t-elle dans cette édition (vide = toutes) ?"""
        return not self.mots_cles or bool(self.mots_cles & set(mots_cles_actualite))


def lire(settings) -> dict:
    return fusionner(settings, "LETTRE", DEFAUTS)


def editions(options: dict) -> list[Edition]:
    """Les éditions réglées, la principale d'abord ; lève ValueError (en français) si mal écrites."""
    resultat = []
    brutes = options["editions"] or {}
    forme = '{"complete": {"titre": "La lettre", "mots_cles": [], "agenda": True}}'
    if not isinstance(brutes, Mapping):
        raise ValueError(
            f"Réglage LETTRE : « editions » associe chaque identifiant à son édition, par exemple {forme}"
        )
    if not brutes:
        raise ValueError("Réglage LETTRE : « editions » est vide ; il faut au moins une édition")
    for rang, (ident, valeurs) in enumerate(brutes.items()):
        if not isinstance(valeurs, Mapping):
            raise ValueError(
                f"Réglage LETTRE, édition « {ident} » : écrivez ses réglages entre accolades, par exemple {forme}"
            )
        if not str(ident).isidentifier() or not str(ident).isascii():
            raise ValueError(
                f"Réglage LETTRE : identifiant d'édition « {ident} » invalide (lettres sans accent)"
            )
        inconnues = sorted(set(valeurs) - CLES_EDITION)
        if "liste" in inconnues:
            raise ValueError(
                f"Réglage LETTRE, édition « {ident} » : la clé « liste » n'existe plus ; le formulaire "
                f"envoie l'identifiant de l'édition (« {ident} ») au service d'abonnement : retirez-la"
            )
        if inconnues:
            raise ValueError(
                f"Réglage LETTRE, édition « {ident} » : clé(s) inconnue(s) {', '.join(inconnues)} ; "
                f"clés possibles : {', '.join(sorted(CLES_EDITION))}"
            )
        if isinstance(valeurs.get("mots_cles"), str):
            raise ValueError(
                f"Réglage LETTRE, édition « {ident} » : « mots_cles » est une liste, "
                f'par exemple ["{valeurs["mots_cles"]}"] (vide : toutes les actualités)'
            )
        resultat.append(
            Edition(
                ident=str(ident),
                titre=str(valeurs.get("titre") or ident),
                mots_cles=frozenset(valeurs.get("mots_cles") or ()),
                agenda=bool(valeurs.get("agenda", True)),
                principale=rang == 0,
            )
        )
    return resultat


def texte_consentement(options: dict, nom_association: str) -> str:
    """Le texte de la case de consentement, tel que le formulaire l'affiche et que le service le garde."""
    return str(options["consentement"]).replace("{nom}", nom_association)


def empreinte_consentement(texte: str) -> str:
    """Empreinte du texte de consentement : le formulaire du site la poste avec la demande, et le
    service ne garde en preuve que le texte qui a cette empreinte (celui que la personne a lu)."""
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()[:16]


def adresse_inscription(options: dict) -> str:
    """L'adresse où le formulaire du site poste (vide si aucun service n'est réglé)."""
    service = str(options["service_url"] or "").rstrip("/")
    return f"{service}/inscription" if service else ""


def premier_numero(options: dict) -> dt.date:
    valeur = options["premier_numero"]
    if isinstance(valeur, dt.date):
        return valeur
    try:
        return dt.date.fromisoformat(str(valeur))
    except ValueError:
        raise ValueError(
            f"Réglage LETTRE : premier_numero « {valeur} » invalide ; écrivez AAAA-MM-JJ"
        ) from None


def valider(settings) -> dict:
    """Lit et vérifie les réglages une fois, au démarrage ; renvoie les options fusionnées."""
    options = lire(settings)
    editions(options)
    premier_numero(options)
    if int(options["periode_jours"]) < 1:
        raise ValueError("Réglage LETTRE : periode_jours doit être au moins 1")
    return options
