"""Réglages du service d'abonnement : lus une fois au démarrage, messages d'erreur en français.

Deux sources, chacune pour ce qu'elle sait :
- **l'environnement** pour ce qui est propre à la machine et les secrets (jamais dans le dépôt) :
  `ABONNEMENTS_BASE`, `LETTRE_SECRET`, `LETTRE_SMTP_*`, les limites du formulaire ;
- **les réglages du site** (par défaut `publishconf.py`, lu par `gestion.lire_reglages`) pour ce que
  le site affiche aussi : son adresse (`SITEURL`), celle du service (`LETTRE["service_url"]`), les
  éditions de la lettre, l'expéditeur, le texte de la case de consentement, le thème et l'identité
  de l'association (`data/association.yml`). `publishconf.py` lit lui-même les variables
  `SITEURL` et `ABONNEMENTS_URL` : le site et le service ne peuvent pas se contredire.

Rien n'est lu à l'importation : `depuis_environnement()` est appelée par `python -m abonnements`
et par les commandes `gestion.py abonnes …`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .base import adresse_par_defaut

RACINE = Path(__file__).resolve().parent.parent
LONGUEUR_MIN_SECRET = 16
# Limites par défaut du formulaire : demandes par adresse IP et par heure, par adresse
# électronique et par jour (une personne qui se trompe peut recommencer ; un robot, non).
LIMITE_IP_PAR_HEURE = 20
LIMITE_ADRESSE_PAR_JOUR = 3
CONFIRMATION_HEURES = 48
# Un courriel de confirmation que le serveur SMTP n'a pas pris est réessayé après ce délai, puis
# quatre fois plus tard à chaque échec (au plus une heure), jusqu'à l'expiration de son lien.
RELANCE_COURRIELS_S = 60


class ReglagesInvalides(ValueError):
    """Un réglage manque ou est mal écrit ; le message dit lequel et comment le corriger."""


@dataclass(frozen=True)
class EditionProposee:
    """Une édition de la lettre telle que le formulaire et les pages la proposent."""

    ident: str
    titre: str
    principale: bool


@dataclass(frozen=True)
class Reglages:
    """Tout ce dont le service a besoin, vérifié ; `creer_application(reglages)` n'en lit pas d'autre."""

    adresse_base: str
    secret: str
    site_url: str  # adresse absolue du site statique (contrôle d'Origin, liens, feuille de style)
    service_url: str  # adresse publique du service (liens des courriels, Origin de ses pages)
    editions: tuple[EditionProposee, ...]
    association: object  # socle.association.Association
    dossiers_gabarits: tuple[Path, ...]
    contexte_site: dict = field(default_factory=dict)  # variables du gabarit de base du site
    expediteur: str = ""
    repondre_a: str = ""
    consentement: str = ""  # texte de la case à cocher, tel qu'affiché (preuve du consentement)
    desinscription_courriel: str = ""
    smtp: object | None = None  # lettre.envoi.ParametresSMTP ; None : courriels écrits au journal
    confirmation_heures: int = CONFIRMATION_HEURES
    limite_ip_par_heure: int = LIMITE_IP_PAR_HEURE  # 0 : pas de limite
    limite_adresse_par_jour: int = LIMITE_ADRESSE_PAR_JOUR
    relance_courriels_s: int = RELANCE_COURRIELS_S  # 1er nouvel essai d'un courriel non remis

    @property
    def empreinte_consentement(self) -> str:
        from lettre.reglages import empreinte_consentement

        return empreinte_consentement(self.consentement)

    @property
    def identifiants_editions(self) -> tuple[str, ...]:
        return tuple(e.ident for e in self.editions)

    def titre_edition(self, ident: str) -> str:
        return next((e.titre for e in self.editions if e.ident == ident), ident)


def origine(url: str) -> str:
    """L'origine (schéma://hôte[:port]) d'une adresse, comme un navigateur l'écrit dans `Origin`."""
    morceaux = urlsplit(url.strip())
    if morceaux.scheme not in ("http", "https") or not morceaux.hostname:
        return ""
    port = morceaux.port
    defaut = {"http": 80, "https": 443}[morceaux.scheme]
    hote = morceaux.hostname.lower()
    if ":" in hote:
        hote = f"[{hote}]"
    return f"{morceaux.scheme}://{hote}" + (f":{port}" if port and port != defaut else "")


def adresse_base(environ=os.environ) -> str:
    """ABONNEMENTS_BASE, ou le fichier SQLite par défaut (hors du dépôt et de output/)."""
    return environ.get("ABONNEMENTS_BASE", "").strip() or adresse_par_defaut(environ)


def _entier(environ, nom: str, defaut: int) -> int:
    brut = environ.get(nom, "").strip()
    if not brut:
        return defaut
    try:
        valeur = int(brut)
    except ValueError:
        raise ReglagesInvalides(f"{nom} « {brut} » : un nombre entier est attendu") from None
    if valeur < 0:
        raise ReglagesInvalides(f"{nom} « {brut} » : le nombre doit être positif (0 = sans limite)")
    return valeur


def reglages_du_site(environ=os.environ):
    """Les réglages Pelican du site (ABONNEMENTS_REGLAGES_SITE, défaut publishconf.py)."""
    from gestion import lire_reglages

    fichier = environ.get("ABONNEMENTS_REGLAGES_SITE", "").strip() or str(RACINE / "publishconf.py")
    if not Path(fichier).is_file():
        raise ReglagesInvalides(
            f"ABONNEMENTS_REGLAGES_SITE : fichier de réglages du site « {fichier} » introuvable"
        )
    try:
        return lire_reglages(fichier=fichier)
    except Exception as exc:  # noqa: BLE001 (Pelican lève des exceptions diverses : un message clair)
        raise ReglagesInvalides(f"réglages du site « {fichier} » illisibles : {exc}") from None


def editions_du_site(settings) -> tuple[EditionProposee, ...]:
    """Les éditions de LETTRE (la principale d'abord), en erreur française si mal réglées."""
    from lettre import reglages as reglages_lettre

    try:
        options = reglages_lettre.valider(settings)
        return tuple(
            EditionProposee(e.ident, e.titre, e.principale) for e in reglages_lettre.editions(options)
        )
    except ValueError as exc:
        raise ReglagesInvalides(str(exc)) from None


def _smtp(environ):
    if environ.get("ABONNEMENTS_COURRIELS", "").strip() == "journal":
        return None
    from lettre.envoi import ErreurEnvoi, ParametresSMTP

    try:
        return ParametresSMTP.depuis_environnement(environ)
    except ErreurEnvoi as exc:
        raise ReglagesInvalides(
            f"{exc} ; en développement, ABONNEMENTS_COURRIELS=journal écrit les courriels au journal"
        ) from None


def depuis_environnement(environ=os.environ) -> Reglages:
    """Lit et vérifie tous les réglages ; lève ReglagesInvalides (en français) au premier défaut."""
    secret = environ.get("LETTRE_SECRET", "")
    if len(secret) < LONGUEUR_MIN_SECRET:
        raise ReglagesInvalides(
            f"LETTRE_SECRET absente ou trop courte (au moins {LONGUEUR_MIN_SECRET} caractères) : "
            "elle signe les liens de confirmation, de préférences et de désinscription ; "
            "générez-la par exemple avec « openssl rand -hex 32 » et gardez-la hors du dépôt"
        )
    settings = reglages_du_site(environ)  # rend aussi les plugins (lettre, socle) importables
    try:
        from lettre import reglages as reglages_lettre
        from socle.generateur import charger_identite
    except ImportError as exc:
        raise ReglagesInvalides(
            f"plugins du site introuvables ({exc}) : PLUGIN_PATHS des réglages du site doit mener "
            "au dossier plugins/ du moteur"
        ) from None

    try:
        options = reglages_lettre.valider(settings)
    except ValueError as exc:
        raise ReglagesInvalides(str(exc)) from None
    site_url = str(settings.get("SITEURL") or "").rstrip("/")
    if not origine(site_url):
        raise ReglagesInvalides(
            f"adresse du site « {site_url} » : il faut une adresse absolue http(s) "
            "(variable SITEURL lue par publishconf.py, par exemple https://www.mon-association.fr)"
        )
    service_url = str(options["service_url"] or "").rstrip("/")
    if not origine(service_url):
        raise ReglagesInvalides(
            f"adresse du service « {service_url} » : il faut une adresse absolue http(s) "
            "(réglage LETTRE « service_url », ou variable ABONNEMENTS_URL lue par publishconf.py)"
        )
    if not options["expediteur"]:
        raise ReglagesInvalides(
            "réglage LETTRE « expediteur » vide : il faut l'adresse d'où partent les courriels "
            "de confirmation, par exemple « Mon association <lettre@mon-association.fr> »"
        )
    association, problemes = charger_identite(settings)
    if association is None:
        raise ReglagesInvalides("\n".join(str(p) for p in problemes if p.est_erreur))
    theme = Path(settings["THEME"])
    gabarits = tuple(Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES") or ()) + (
        theme / "templates",
    )
    contexte_site = {
        "SITEURL": site_url,
        "THEME_STATIC_DIR": settings.get("THEME_STATIC_DIR", "theme"),
        "DEFAULT_LANG": settings.get("DEFAULT_LANG", "fr"),
        "FEED_DOMAIN": settings.get("FEED_DOMAIN") or site_url,
        "FEED_ALL_ATOM": settings.get("FEED_ALL_ATOM"),
        "FEED_ALL_RSS": settings.get("FEED_ALL_RSS"),
        "ASSOCIATION": association,
    }
    return Reglages(
        adresse_base=adresse_base(environ),
        secret=secret,
        site_url=site_url,
        service_url=service_url,
        editions=editions_du_site(settings),
        association=association,
        dossiers_gabarits=gabarits,
        contexte_site=contexte_site,
        expediteur=options["expediteur"],
        repondre_a=options["repondre_a"],
        consentement=reglages_lettre.texte_consentement(options, association.nom),
        desinscription_courriel=options["desinscription_courriel"],
        smtp=_smtp(environ),
        confirmation_heures=_entier(environ, "ABONNEMENTS_CONFIRMATION_HEURES", CONFIRMATION_HEURES)
        or CONFIRMATION_HEURES,
        limite_ip_par_heure=_entier(environ, "ABONNEMENTS_LIMITE_IP", LIMITE_IP_PAR_HEURE),
        limite_adresse_par_jour=_entier(environ, "ABONNEMENTS_LIMITE_ADRESSE", LIMITE_ADRESSE_PAR_JOUR),
        relance_courriels_s=_entier(environ, "ABONNEMENTS_RELANCE_COURRIELS_S", RELANCE_COURRIELS_S)
        or RELANCE_COURRIELS_S,
    )
