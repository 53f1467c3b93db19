"""Modèle des formations et de l'agenda : dataclasses et fonctions pures (sans Pelican).

« À venir » et « passé » se décident par rapport à une date donnée (la date du build) :
une session ou un événement est à venir tant que son dernier jour n'est pas passé.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from socle.dates import dernier_jour

STATUTS = ("ouverte", "complete", "annulee")
# Comme le personnel les écrit : accents, masculin (« un forum annulé »), majuscules. Sessions et
# événements lisent le même tableau.
ECRITURES_STATUT = {
    "ouverte": "ouverte",
    "complete": "complete",
    "complète": "complete",
    "complet": "complete",
    "annulee": "annulee",
    "annulée": "annulee",
    "annule": "annulee",
    "annulé": "annulee",
}
LIBELLES_STATUT = {"ouverte": "Inscriptions ouvertes", "complete": "Complet", "annulee": "Annulée"}


def statut_ecrit(texte: str) -> str | None:
    """Le statut (« annulee »…) que désigne `texte` tel qu'écrit (« Annulée », « complet ») ; None sinon."""
    return ECRITURES_STATUT.get(texte.strip().lower())


@dataclass(frozen=True)
class Lieu:
    id: str
    nom: str
    commune: str
    adresse: str = ""
    code_postal: str = ""

    @property
    def texte(self) -> str:
        """« Maison des associations, Arras » : nom et commune, sans répéter la commune."""
        return self.nom if self.commune.lower() in self.nom.lower() else f"{self.nom}, {self.commune}"

    @property
    def adresse_complete(self) -> str:
        morceaux = [self.nom, self.adresse, f"{self.code_postal} {self.commune}".strip()]
        return ", ".join(m for m in morceaux if m)


@dataclass(frozen=True)
class Module:
    slug: str
    titre: str
    resume: str
    objectifs: tuple[str, ...]
    contenu: tuple[str, ...]
    public: str
    duree_jours: float
    deroulement: str
    financement: tuple[str, ...]
    prix: str
    prerequis: str
    # Adresse du catalogue (réglage FORMATIONS « url_formations ») : les modules sont rangés dessous.
    dossier: str = "formations/"

    @property
    def url(self) -> str:
        return f"{self.dossier}{self.slug}/"


@dataclass(frozen=True)
class Creneau:
    """Un jour de formation : début et fin, datetimes conscients du fuseau."""

    debut: dt.datetime
    fin: dt.datetime


@dataclass(frozen=True)
class Session:
    id: str
    module: Module
    creneaux: tuple[Creneau, ...]
    lieu: Lieu
    statut: str
    uid: str
    capacite: int | None = None
    effectif: int | None = None
    inscription: str = ""
    programme: str = ""
    exemple: bool = False

    @property
    def debut(self) -> dt.datetime:
        return self.creneaux[0].debut

    @property
    def fin(self) -> dt.datetime:
        return self.creneaux[-1].fin

    @property
    def ancre(self) -> str:
        return f"session-{self.id}"

    @property
    def url(self) -> str:
        return f"{self.module.url}#{self.ancre}"

    @property
    def libelle_statut(self) -> str:
        return LIBELLES_STATUT[self.statut]

    @property
    def lien_inscription(self) -> str:
        """Adresse cliquable : l'URL telle quelle, ou « mailto: » pour un courriel."""
        if "@" in self.inscription and not self.inscription.startswith(("http://", "https://", "mailto:")):
            return f"mailto:{self.inscription}"
        return self.inscription

    def est_passee(self, aujourdhui: dt.date) -> bool:
        return self.fin.date() < aujourdhui


@dataclass(frozen=True)
class Evenement:
    id: str
    titre: str
    debut: dt.datetime
    fin: dt.datetime
    journee_entiere: bool
    lieu: Lieu
    publics: tuple[str, ...]
    mots_cles: tuple[str, ...]  # slugs du vocabulaire (data/mots-cles.yml)
    uid: str
    intervenants: tuple[str, ...] = ()
    # Les libellés des mêmes mots-clés, dans le même ordre (« Emploi », « Réunions thématiques ») :
    # ce que lit une personne, par exemple dans CATEGORIES des calendriers.
    libelles_mots_cles: tuple[str, ...] = ()
    description: str = ""
    resume: str = ""
    lien: str = ""
    exemple: bool = False
    # "" : a lieu ; "annulee" : reste publié avec la mention « Annulé » (STATUS:CANCELLED).
    statut: str = ""
    # Adresse de l'agenda (réglage FORMATIONS « url_agenda »).
    dossier: str = "agenda/"

    @property
    def ancre(self) -> str:
        return f"evenement-{self.id}"

    @property
    def url(self) -> str:
        return f"{self.dossier}#{self.ancre}"

    @property
    def annule(self) -> bool:
        return self.statut == "annulee"

    @property
    def paragraphes(self) -> tuple[str, ...]:
        """La description en paragraphes (texte brut : une ligne vide sépare deux paragraphes)."""
        return tuple(" ".join(p.split()) for p in self.description.split("\n\n") if p.strip())

    @property
    def dernier_jour(self) -> dt.date:
        """Jour de fin inclus (une journée entière finit à minuit le lendemain)."""
        return dernier_jour(self.fin, self.journee_entiere)

    @property
    def sur_plusieurs_jours(self) -> bool:
        return self.dernier_jour != self.debut.date()

    def est_passe(self, aujourdhui: dt.date) -> bool:
        return self.dernier_jour < aujourdhui


@dataclass(frozen=True)
class Catalogue:
    modules: tuple[Module, ...]
    sessions: tuple[Session, ...]  # triées par début puis identifiant
    lieux: tuple[Lieu, ...] = ()


@dataclass(frozen=True)
class Agenda:
    evenements: tuple[Evenement, ...]  # triés par début puis identifiant


def a_venir_et_passees(sessions, aujourdhui: dt.date) -> tuple[list, list]:
    """(à venir dans l'ordre chronologique, passées de la plus récente à la plus ancienne)."""
    a_venir = sorted((s for s in sessions if not s.est_passee(aujourdhui)), key=lambda s: (s.debut, s.id))
    passees = sorted(
        (s for s in sessions if s.est_passee(aujourdhui)), key=lambda s: (s.debut, s.id), reverse=True
    )
    return a_venir, passees


def evenements_a_venir_et_passes(evenements, aujourdhui: dt.date) -> tuple[list, list]:
    a_venir = sorted((e for e in evenements if not e.est_passe(aujourdhui)), key=lambda e: (e.debut, e.id))
    passes = sorted(
        (e for e in evenements if e.est_passe(aujourdhui)), key=lambda e: (e.debut, e.id), reverse=True
    )
    return a_venir, passes


def sessions_du_module(sessions, module: Module) -> list[Session]:
    return [s for s in sessions if s.module.slug == module.slug]
