"""Calendriers iCalendar (bibliothèque `icalendar`) : flux d'abonnement et fichiers « ajouter ».

UID stables (ceux des données), DTSTAMP fixé par la dernière modification connue (la date du
build) pour des fichiers identiques d'un build à l'autre, horaires en Europe/Paris avec VTIMEZONE.
Une session sur plusieurs jours donne un VEVENT par jour : le premier porte l'UID de la session
(celui de `a_venir.RendezVous.uid`), les suivants « <uid local>-j2@domaine », « -j3 »… Les agendas
affichent ainsi les vrais créneaux et non une plage continue de plusieurs semaines.

Chaque propriété passe par les types d'icalendar (`Component.add`), fichier compris (PRODID,
X-WR-CALNAME…) : un saut de ligne dans un titre ou dans le nom de l'association est échappé, il
ne peut pas ajouter de ligne au fichier. Le texte du fichier est celui de `Calendar.to_ical()`,
assemblé à partir du `to_ical()` de chaque composant : une session figure dans deux ou trois
fichiers (toutes les sessions, son module, le sien) et les sessions de plusieurs années se
comptent par centaines ; chaque VEVENT n'est donc sérialisé qu'une fois par build, la VTIMEZONE
une fois tout court (le pliage des lignes par icalendar était le plus gros coût des calendriers).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from icalendar import Calendar, Component, Event, Timezone, vDuration, vText

from .modeles import Evenement, Session

STATUTS_ICS = {"ouverte": "CONFIRMED", "complete": "CONFIRMED", "annulee": "CANCELLED"}
FIN = b"END:VCALENDAR\r\n"  # dernière ligne de `Calendar.to_ical()`, après les composants
# Le site se reconstruit chaque jour (sessions passées, annulations) : un agenda abonné relit le
# fichier au moins aussi souvent, au lieu de son rythme par défaut (jusqu'à une semaine).
RAFRAICHISSEMENT = dt.timedelta(days=1)


@lru_cache(maxsize=8)
def fuseau_ics(fuseau: str) -> bytes:
    """VTIMEZONE du fuseau sérialisée, calculée une fois (pour des centaines de fichiers .ics)."""
    return Timezone.from_tzid(fuseau).to_ical()


def composant(classe: type[Component], proprietes: list[tuple[str, object]]) -> Component:
    """`classe()` (Event, Calendar…) garni de `proprietes` par `add` : valeurs typées et échappées."""
    resultat = classe()
    for nom, valeur in proprietes:
        resultat.add(nom, valeur)
    return resultat


def _duree(duree: dt.timedelta) -> vDuration:
    """REFRESH-INTERVAL (RFC 7986) : une durée avec « VALUE=DURATION », obligatoire."""
    valeur = vDuration(duree)
    valeur.params["VALUE"] = "DURATION"
    return valeur


def proprietes_calendrier(nom: str, fuseau: str, description: str = "") -> list[tuple[str, object]]:
    """Propriétés du fichier ; les X-WR-* en `vText` (icalendar ne type pas les propriétés X-,
    et n'échapperait ni virgules ni sauts de ligne). Fréquence de relecture : REFRESH-INTERVAL
    (RFC 7986) et X-PUBLISHED-TTL (lu par Outlook et Apple)."""
    proprietes = [
        ("PRODID", f"-//{nom}//Formations et agenda//FR"),
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
        ("X-WR-CALNAME", vText(nom)),
        ("X-WR-TIMEZONE", vText(fuseau)),
        ("REFRESH-INTERVAL", _duree(RAFRAICHISSEMENT)),
        ("X-PUBLISHED-TTL", vDuration(RAFRAICHISSEMENT)),
    ]
    if description:
        proprietes.append(("X-WR-CALDESC", vText(description)))
    return proprietes


def _horodatage(estampille: dt.date) -> dt.datetime:
    return dt.datetime.combine(estampille, dt.time(), dt.UTC)


def proprietes_session(
    session: Session, url_absolue: str, estampille: dt.date
) -> list[list[tuple[str, object]]]:
    """Un VEVENT par jour de la session ; le premier jour porte `session.uid`, les autres un suffixe."""
    local, _, domaine = session.uid.partition("@")
    total = len(session.creneaux)
    annulee = " — ANNULÉE" if session.statut == "annulee" else ""
    resultat = []
    for numero, creneau in enumerate(session.creneaux, start=1):
        suffixe = "" if total == 1 else f" (jour {numero}/{total})"
        resultat.append(
            [
                ("UID", session.uid if numero == 1 else f"{local}-j{numero}@{domaine}"),
                ("DTSTAMP", _horodatage(estampille)),
                ("DTSTART", creneau.debut),
                ("DTEND", creneau.fin),
                ("SUMMARY", f"Formation {session.module.titre}{suffixe}{annulee}"),
                ("LOCATION", session.lieu.adresse_complete),
                ("DESCRIPTION", f"{session.module.resume}\n\n{session.libelle_statut}.\n{url_absolue}"),
                ("URL", url_absolue),
                ("STATUS", STATUTS_ICS[session.statut]),
                ("CATEGORIES", ["Formation"]),
            ]
        )
    return resultat


def proprietes_evenement(
    evenement: Evenement, url_absolue: str, estampille: dt.date
) -> list[tuple[str, object]]:
    if evenement.journee_entiere:
        debut, fin = evenement.debut.date(), evenement.fin.date()
    else:
        debut, fin = evenement.debut, evenement.fin
    proprietes = [
        ("UID", evenement.uid),
        ("DTSTAMP", _horodatage(estampille)),
        ("DTSTART", debut),
        ("DTEND", fin),
        ("SUMMARY", f"{evenement.titre} — ANNULÉ" if evenement.annule else evenement.titre),
        ("LOCATION", evenement.lieu.adresse_complete),
        ("DESCRIPTION", "\n\n".join([evenement.resume, *evenement.paragraphes, url_absolue])),
        ("URL", evenement.lien or url_absolue),
        ("STATUS", "CANCELLED" if evenement.annule else "CONFIRMED"),
    ]
    if evenement.libelles_mots_cles:
        # Les libellés, non les slugs : l'agenda de l'abonné les montre tels quels.
        proprietes.append(("CATEGORIES", list(evenement.libelles_mots_cles)))
    return proprietes


def calendrier_sessions(
    sessions, nom: str, fuseau: str, url_de, estampille: dt.date, description="", deja: dict | None = None
) -> bytes:
    """Fichier .ics des sessions données ; `url_de(session)` donne l'adresse absolue de la session.

    `deja` : VEVENT déjà sérialisés pendant ce build (un dict neuf par build, partagé entre les fichiers).
    """
    return _calendrier(
        sessions,
        "session",
        lambda s, url: b"".join(
            composant(Event, p).to_ical() for p in proprietes_session(s, url, estampille)
        ),
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
        lambda e, url: composant(Event, proprietes_evenement(e, url, estampille)).to_ical(),
        nom,
        fuseau,
        url_de,
        estampille,
        description,
        deja,
    )


def _calendrier(
    elements, genre, serialiser_vevents, nom, fuseau, url_de, estampille, description, deja
) -> bytes:
    """Un .ics : les octets de `Calendar.to_ical()` du calendrier garni de sa VTIMEZONE et des VEVENT
    des éléments, chaque VEVENT sérialisé une fois par build (cache `deja`)."""
    deja = {} if deja is None else deja
    morceaux = [
        composant(Calendar, proprietes_calendrier(nom, fuseau, description)).to_ical().removesuffix(FIN)
    ]
    morceaux.append(fuseau_ics(fuseau))
    for element in sorted(elements, key=lambda e: (e.debut, e.id)):
        url = url_de(element)
        cle = (genre, element.uid, url, estampille)
        if cle not in deja:
            deja[cle] = serialiser_vevents(element, url)
        morceaux.append(deja[cle])
    morceaux.append(FIN)
    return b"".join(morceaux)
