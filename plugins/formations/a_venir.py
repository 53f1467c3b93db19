"""API pour la lettre d'information : sessions de formation et événements sur une période.

Contrat stable (la lettre est codée contre lui) : on ne l'étend qu'en ajoutant des champs
avec une valeur par défaut. Aucun import de Pelican au niveau du module.

    rendez_vous, problemes = charger_rendez_vous(settings)
    quinzaine = rendez_vous_entre(rendez_vous, date(2026, 11, 23), date(2026, 12, 6))

Les sessions et événements annulés sont inclus, avec `statut == "annulee"`, pour que la lettre puisse
annoncer l'annulation ; à l'appelant de les écarter s'il le souhaite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from socle.erreurs import Probleme

from .modeles import Agenda, Catalogue, Evenement, Session

GENRE_FORMATION = "formation"
GENRE_EVENEMENT = "evenement"


@dataclass(frozen=True)
class RendezVous:
    """Une session de formation ou un événement de l'agenda, tel que la lettre l'annonce."""

    uid: str  # stable, identique à l'UID du fichier .ics
    genre: str  # "formation" ou "evenement"
    titre: str  # titre du module pour une session, de l'événement sinon
    debut: dt.datetime  # conscient du fuseau, Europe/Paris (premier jour d'une session)
    fin: dt.datetime  # conscient du fuseau, Europe/Paris (fin du dernier jour)
    lieu: str  # nom du lieu et commune, lisible
    url: str  # adresse relative à SITEURL de sa page ou de son ancre
    mots_cles: tuple[str, ...]  # slugs du vocabulaire (sessions : ("formation",))
    statut: str  # sessions : "ouverte" | "complete" | "annulee" ; événements : "" | "annulee"
    resume: str  # une ligne de texte brut
    journee_entiere: bool = False  # événement sur des jours entiers (debut à minuit, fin exclusive)
    exemple: bool = False  # donnée d'exemple (saison de démonstration)


def depuis_session(session: Session) -> RendezVous:
    nombre = len(session.creneaux)
    jours = "1 jour" if nombre == 1 else f"{nombre} jours"
    return RendezVous(
        uid=session.uid,
        genre=GENRE_FORMATION,
        titre=session.module.titre,
        debut=session.debut,
        fin=session.fin,
        lieu=session.lieu.texte,
        url=session.url,
        mots_cles=("formation",),
        statut=session.statut,
        resume=f"Formation {session.module.titre} ({jours}) : {session.module.resume}",
        exemple=session.exemple,
    )


def depuis_evenement(evenement: Evenement) -> RendezVous:
    return RendezVous(
        uid=evenement.uid,
        genre=GENRE_EVENEMENT,
        titre=evenement.titre,
        debut=evenement.debut,
        fin=evenement.fin,
        lieu=evenement.lieu.texte,
        url=evenement.url,
        mots_cles=evenement.mots_cles,
        statut=evenement.statut,
        resume=evenement.resume,
        journee_entiere=evenement.journee_entiere,
        exemple=evenement.exemple,
    )


def rendez_vous_de(catalogue: Catalogue, agenda: Agenda) -> list[RendezVous]:
    """Tous les rendez-vous, triés par début puis uid."""
    tous = [depuis_session(s) for s in catalogue.sessions] + [depuis_evenement(e) for e in agenda.evenements]
    return sorted(tous, key=lambda r: (r.debut, r.uid))


def charger_rendez_vous(settings, contexte: dict | None = None) -> tuple[list[RendezVous], list[Probleme]]:
    """Charge et valide `data/` ; renvoie (rendez-vous valides triés, problèmes).

    Les enregistrements invalides sont écartés et décrits dans les problèmes ; l'appelant les
    signale (`socle.erreurs.signaler`) selon le mode (développement ou publication).
    `contexte` (facultatif) : le contexte Pelican du build, pour ne lire les fichiers qu'une fois
    par build (voir `donnees.charger_donnees`).
    """
    from .donnees import charger_donnees

    catalogue, agenda, problemes = charger_donnees(settings, contexte)
    return rendez_vous_de(catalogue, agenda), problemes


def _dernier_jour(rdv: RendezVous) -> dt.date:
    # Une fin à minuit pile (journée entière) n'occupe pas le jour qui commence.
    if rdv.fin.time() == dt.time(0) and rdv.fin > rdv.debut:
        return (rdv.fin - dt.timedelta(days=1)).date()
    return rdv.fin.date()


def rendez_vous_entre(rendez_vous, debut: dt.date, fin: dt.date) -> list[RendezVous]:
    """Ceux qui touchent la période [debut, fin] (bornes incluses, jours de Paris), triés par début puis uid.

    Une session sur plusieurs jours est retenue dès qu'elle chevauche la période (même si son
    premier jour est avant). Sessions et événements annulés inclus (statut « annulee »).
    """
    if fin < debut:
        raise ValueError(f"période à l'envers : du {debut} au {fin}")
    retenus = [r for r in rendez_vous if r.debut.date() <= fin and _dernier_jour(r) >= debut]
    return sorted(retenus, key=lambda r: (r.debut, r.uid))
