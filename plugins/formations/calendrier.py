"""Calendriers iCalendar (bibliothèque `icalendar`) : flux d'abonnement et fichiers « ajouter ».

UID stables (ceux des données), DTSTAMP fixé par la dernière modification connue (la date du
build) pour des fichiers identiques d'un build à l'autre, horaires en Europe/Paris avec VTIMEZONE.
Une session sur plusieurs jours donne un VEVENT par jour : le premier porte l'UID de la session
(celui de `a_venir.RendezVous.uid`), les suivants « <uid local>-j2@domaine », « -j3 »… Les agendas
affichent ainsi les vrais créneaux et non une plage continue de plusieurs semaines.

Sérialisation : icalendar type et échappe chaque valeur (`types_factory`, `to_ical`) et donne
l'ordre des propriétés (`canonical_order`) ; on assemble et plie les lignes nous-mêmes, sans
objets `Event`/`Calendar` ni le pliage caractère par caractère d'icalendar (des centaines de
fichiers par build). Les octets sont ceux de `Component.to_ical()` : tests/formations le vérifie.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from icalendar import Calendar, Event, Timezone
from icalendar.caselessdict import canonsort_keys

from .modeles import Evenement, Session

STATUTS_ICS = {"ouverte": "CONFIRMED", "complete": "CONFIRMED", "annulee": "CANCELLED"}
FIN = b"END:VCALENDAR\r\n"
LONGUEUR_LIGNE = 74  # octets par ligne pliée hors espace initial (comme icalendar, RFC 5545 : 75)
PLI = b"\r\n "


@lru_cache(maxsize=8)
def fuseau_ics(fuseau: str) -> Timezone:
    """VTIMEZONE du fuseau, calculée une fois (quelques ms chacune, pour des centaines de fichiers .ics)."""
    return Timezone.from_tzid(fuseau)


@lru_cache(maxsize=8)
def _fuseau_serialise(fuseau: str) -> bytes:
    return fuseau_ics(fuseau).to_ical()


def plier(ligne: str) -> bytes:
    """Ligne de contenu pliée en UTF-8, octet pour octet comme le pliage d'icalendar.

    Au plus 74 octets par morceau, sans couper un caractère ; un « \\ » ou un « ^ » en fin de
    morceau passe au suivant pour ne pas séparer une séquence d'échappement (icalendar #1501).
    """
    octets = ligne.encode("utf-8")
    if len(octets) <= LONGUEUR_LIGNE:
        return octets
    morceaux = []
    debut = 0
    while len(octets) - debut > LONGUEUR_LIGNE:
        fin = debut + LONGUEUR_LIGNE
        while octets[fin] & 0xC0 == 0x80:  # octet de continuation : on recule au début du caractère
            fin -= 1
        if octets[fin - 1] in b"\\^" and fin - 1 > debut:
            fin -= 1
        morceaux.append(octets[debut:fin])
        debut = fin
    morceaux.append(octets[debut:])
    return PLI.join(morceaux)


def _ligne(classe, nom: str, valeur) -> bytes:
    """`NOM;PARAMÈTRES:valeur` pliée, la valeur typée et échappée par icalendar (comme `Component.add`)."""
    if isinstance(valeur, list):  # CATEGORIES : pas de clé de cache
        return _ligne_typee(classe, nom, valeur)
    # Deux instants égaux dans des fuseaux différents sont égaux (même hash) : le type et le fuseau
    # font partie de la clé. Même fuseau et même instant : même heure locale, donc même ligne.
    return _ligne_memorisee(classe, nom, type(valeur), valeur, getattr(valeur, "tzinfo", None))


# Beaucoup de lignes se répètent : DTSTAMP partout, lieu, description et adresse d'une session
# sur plusieurs jours, statut… (fonction pure : icalendar ne dépend que de ses arguments).
@lru_cache(maxsize=4096)
def _ligne_memorisee(classe, nom: str, _type, valeur, _fuseau) -> bytes:
    return _ligne_typee(classe, nom, valeur)


def _ligne_typee(classe, nom: str, valeur) -> bytes:
    propriete = classe.types_factory.for_property(nom)(valeur)
    texte = propriete.to_ical().decode("utf-8")
    parametres = propriete.params.to_ical().decode("utf-8") if propriete.params else ""
    return plier(f"{nom};{parametres}:{texte}" if parametres else f"{nom}:{texte}") + b"\r\n"


@lru_cache(maxsize=32)
def _ordre(classe, noms: tuple[str, ...]) -> list[str]:
    return canonsort_keys(noms, classe.canonical_order)


def serialiser(classe, proprietes: list[tuple[str, object]], fermer: bool = True) -> bytes:
    """Les octets de `classe()` (Event, Calendar…) garni de `proprietes` par `add`, puis `to_ical()`.

    Noms en majuscules, une fois chacun ; `fermer=False` omet la ligne END (en-tête de VCALENDAR).
    """
    valeurs = dict(proprietes)
    lignes = [f"BEGIN:{classe.name}\r\n".encode()]
    lignes += [_ligne(classe, nom, valeurs[nom]) for nom in _ordre(classe, tuple(valeurs))]
    if fermer:
        lignes.append(f"END:{classe.name}\r\n".encode())
    return b"".join(lignes)


def proprietes_calendrier(nom: str, fuseau: str, description: str = "") -> list[tuple[str, object]]:
    proprietes = [
        ("PRODID", f"-//{nom}//Formations et agenda//FR"),
        ("VERSION", "2.0"),
        ("CALSCALE", "GREGORIAN"),
        ("X-WR-CALNAME", nom),
        ("X-WR-TIMEZONE", fuseau),
    ]
    if description:
        proprietes.append(("X-WR-CALDESC", description))
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
        ("SUMMARY", evenement.titre),
        ("LOCATION", evenement.lieu.adresse_complete),
        ("DESCRIPTION", "\n\n".join([evenement.resume, *evenement.paragraphes, url_absolue])),
        ("URL", evenement.lien or url_absolue),
        ("STATUS", "CONFIRMED"),
    ]
    if evenement.mots_cles:
        proprietes.append(("CATEGORIES", list(evenement.mots_cles)))
    return proprietes


@lru_cache(maxsize=1024)
def _entete(nom: str, fuseau: str, description: str) -> bytes:
    """Début du fichier jusqu'à la VTIMEZONE comprise (les noms se répètent d'un fichier à l'autre)."""
    return serialiser(
        Calendar, proprietes_calendrier(nom, fuseau, description), fermer=False
    ) + _fuseau_serialise(fuseau)


def _assembler(nom: str, fuseau: str, description: str, vevents: list[bytes]) -> bytes:
    """Un fichier .ics à partir de VEVENT déjà sérialisés.

    Une session figure dans trois fichiers (toutes les sessions, son module, le sien) : on ne la
    sérialise qu'une fois par build, et la VTIMEZONE une fois tout court.
    """
    return _entete(nom, fuseau, description) + b"".join(vevents) + FIN


def calendrier_sessions(
    sessions, nom: str, fuseau: str, url_de, estampille: dt.date, description="", deja: dict | None = None
) -> bytes:
    """Fichier .ics des sessions données ; `url_de(session)` donne l'adresse absolue de la session.

    `deja` : VEVENT déjà sérialisés pendant ce build (un dict neuf par build, partagé entre les fichiers).
    """
    return _calendrier(
        sessions,
        "session",
        lambda s, url: b"".join(serialiser(Event, p) for p in proprietes_session(s, url, estampille)),
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
        lambda e, url: serialiser(Event, proprietes_evenement(e, url, estampille)),
        nom,
        fuseau,
        url_de,
        estampille,
        description,
        deja,
    )


def _calendrier(
    elements, genre, serialiser_element, nom, fuseau, url_de, estampille, description, deja
) -> bytes:
    """Assemble un .ics ; chaque VEVENT n'est sérialisé qu'une fois par build (cache `deja`)."""
    deja = {} if deja is None else deja
    morceaux = []
    for element in sorted(elements, key=lambda e: (e.debut, e.id)):
        url = url_de(element)
        cle = (genre, element.uid, url, estampille)
        if cle not in deja:
            deja[cle] = serialiser_element(element, url)
        morceaux.append(deja[cle])
    return _assembler(nom, fuseau, description, morceaux)
