"""Calendriers iCalendar (bibliothèque `icalendar`) : flux d'abonnement et fichiers « ajouter ».

UID stables (ceux des données), DTSTAMP fixé par la dernière modification connue (la date du
build) pour des fichiers identiques d'un build à l'autre, horaires en Europe/Paris avec VTIMEZONE.
Une session sur plusieurs jours donne un VEVENT par jour : le premier porte l'UID de la session
(celui de `a_venir.RendezVous.uid`), les suivants « <uid local>-j2@domaine », « -j3 »… Les agendas
affichent ainsi les vrais créneaux et non une plage continue de plusieurs semaines.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from .modeles import Evenement, Session

STATUTS_ICS = {"ouverte": "CONFIRMED", "complete": "CONFIRMED", "annulee": "CANCELLED"}


@lru_cache(maxsize=8)
def fuseau_ics(fuseau: str) -> Timezone:
    """VTIMEZONE du fuseau, calculée une fois (quelques ms chacune, pour des centaines de fichiers .ics)."""
    return Timezone.from_tzid(fuseau)


def nouveau_calendrier(nom: str, fuseau: str, description: str = "") -> Calendar:
    calendrier = Calendar()
    calendrier.add("prodid", f"-//{nom}//Formations et agenda//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("x-wr-calname", nom)
    calendrier.add("x-wr-timezone", fuseau)
    if description:
        calendrier.add("x-wr-caldesc", description)
    calendrier.add_component(fuseau_ics(fuseau))
    return calendrier


def _horodatage(estampille: dt.date) -> dt.datetime:
    return dt.datetime.combine(estampille, dt.time(), dt.UTC)


def evenements_session(session: Session, url_absolue: str, estampille: dt.date) -> list[Event]:
    """Un VEVENT par jour de la session ; le premier jour porte `session.uid`, les autres un suffixe."""
    local, _, domaine = session.uid.partition("@")
    total = len(session.creneaux)
    resultat = []
    for numero, creneau in enumerate(session.creneaux, start=1):
        vevent = Event()
        vevent.add("uid", session.uid if numero == 1 else f"{local}-j{numero}@{domaine}")
        vevent.add("dtstamp", _horodatage(estampille))
        vevent.add("dtstart", creneau.debut)
        vevent.add("dtend", creneau.fin)
        suffixe = "" if total == 1 else f" (jour {numero}/{total})"
        annulee = " — ANNULÉE" if session.statut == "annulee" else ""
        vevent.add("summary", f"Formation {session.module.titre}{suffixe}{annulee}")
        vevent.add("location", session.lieu.adresse_complete)
        vevent.add("description", f"{session.module.resume}\n\n{session.libelle_statut}.\n{url_absolue}")
        vevent.add("url", url_absolue)
        vevent.add("status", STATUTS_ICS[session.statut])
        vevent.add("categories", ["Formation"])
        resultat.append(vevent)
    return resultat


def evenement_agenda(evenement: Evenement, url_absolue: str, estampille: dt.date) -> Event:
    vevent = Event()
    vevent.add("uid", evenement.uid)
    vevent.add("dtstamp", _horodatage(estampille))
    if evenement.journee_entiere:
        vevent.add("dtstart", evenement.debut.date())
        vevent.add("dtend", evenement.fin.date())
    else:
        vevent.add("dtstart", evenement.debut)
        vevent.add("dtend", evenement.fin)
    vevent.add("summary", evenement.titre)
    vevent.add("location", evenement.lieu.adresse_complete)
    description = "\n\n".join([evenement.resume, *evenement.paragraphes, url_absolue])
    vevent.add("description", description)
    vevent.add("url", evenement.lien or url_absolue)
    vevent.add("status", "CONFIRMED")
    if evenement.mots_cles:
        vevent.add("categories", list(evenement.mots_cles))
    return vevent


FIN = b"END:VCALENDAR\r\n"


def _assembler(nom: str, fuseau: str, description: str, vevents: list[bytes]) -> bytes:
    """Les mêmes octets que `Calendar.to_ical()`, à partir de VEVENT et d'une VTIMEZONE déjà sérialisés.

    Une session figure dans trois fichiers (toutes les sessions, son module, le sien) : on ne la
    sérialise qu'une fois par build, et la VTIMEZONE une fois tout court (icalendar est lent).
    """
    calendrier = nouveau_calendrier(nom, fuseau, description)
    calendrier.subcomponents.clear()  # la VTIMEZONE est insérée déjà sérialisée
    entete = calendrier.to_ical()
    return entete[: -len(FIN)] + _fuseau_serialise(fuseau) + b"".join(vevents) + FIN


@lru_cache(maxsize=8)
def _fuseau_serialise(fuseau: str) -> bytes:
    return fuseau_ics(fuseau).to_ical()


def calendrier_sessions(
    sessions, nom: str, fuseau: str, url_de, estampille: dt.date, description="", deja: dict | None = None
) -> bytes:
    """Fichier .ics des sessions données ; `url_de(session)` donne l'adresse absolue de la session.

    `deja` : VEVENT déjà sérialisés pendant ce build (un dict neuf par build, partagé entre les fichiers).
    """
    return _calendrier(
        sessions,
        "session",
        lambda s, url: b"".join(v.to_ical() for v in evenements_session(s, url, estampille)),
        nom,
        fuseau,
        url_de,
        estampille,
        description,
        deja,
    )


def calendrier_evenements(
    evenements, nom: str, fuseau: str, url_de, estampille: dt.date, description="", deja: dict | None = None
) -> bytes:
    return _calendrier(
        evenements,
        "evenement",
        lambda e, url: evenement_agenda(e, url, estampille).to_ical(),
        nom,
        fuseau,
        url_de,
        estampille,
        description,
        deja,
    )


def _calendrier(elements, genre, serialiser, nom, fuseau, url_de, estampille, description, deja) -> bytes:
    """Assemble un .ics ; chaque VEVENT n'est sérialisé qu'une fois par build (cache `deja`)."""
    deja = {} if deja is None else deja
    morceaux = []
    for element in sorted(elements, key=lambda e: (e.debut, e.id)):
        url = url_de(element)
        cle = (genre, element.uid, url, estampille)
        if cle not in deja:
            deja[cle] = serialiser(element, url)
        morceaux.append(deja[cle])
    return _assembler(nom, fuseau, description, morceaux)
