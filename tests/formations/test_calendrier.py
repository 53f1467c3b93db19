"""Calendriers .ics : ce qu'icalendar relit est ce que les données disent, sans ligne injectée.

Données d'essai et cas limites (échappements, pliage au milieu d'un caractère ou d'une séquence
« \\, », journées entières, autres fuseaux, sauts de ligne dans un titre ou un nom).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, Timezone

from formations import calendrier
from formations.donnees import charger_donnees
from formations.modeles import Creneau, Evenement, Lieu, Module, Session

ESTAMPILLE = dt.date(2026, 11, 23)
URL = "https://essai.example"
# Propriétés comparées entre ce que disent les données et ce qu'icalendar relit du fichier.
COMPAREES = ("UID", "SUMMARY", "LOCATION", "DESCRIPTION", "URL", "STATUS")


def relire(octets: bytes) -> Calendar:
    """Le fichier relu par icalendar ; chaque ligne pliée fait au plus 75 octets (RFC 5545)."""
    assert all(len(ligne) <= 75 for ligne in octets.split(b"\r\n")), "ligne trop longue"
    return Calendar.from_ical(octets)


def texte_x(fichier: Calendar, nom: str) -> str:
    """Une propriété X- relue : icalendar la garde telle quelle, on la déséchappe comme un TEXT (RFC 5545)."""
    if nom not in fichier:
        return ""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(fichier[nom]))


def verifier(octets: bytes, nom: str, vevents: list[list[tuple[str, object]]], description="") -> None:
    """Le fichier relu contient exactement ces VEVENT (dans cet ordre), ce nom et cette description."""
    fichier = relire(octets)
    assert texte_x(fichier, "X-WR-CALNAME") == nom
    assert texte_x(fichier, "X-WR-CALDESC") == description
    assert [str(tz["TZID"]) for tz in fichier.walk("VTIMEZONE")] == [str(fichier["X-WR-TIMEZONE"])]
    lus = fichier.walk("VEVENT")
    assert len(lus) == len(vevents)
    for lu, proprietes in zip(lus, vevents, strict=True):
        attendues = dict(proprietes)
        for cle in COMPAREES:
            assert str(lu[cle]) == str(attendues[cle]), cle
        assert lu.decoded("DTSTART") == attendues["DTSTART"]
        assert lu.decoded("DTEND") == attendues["DTEND"]


def url_de(element):
    return f"{URL}/{element.url}"


@pytest.fixture(scope="module")
def donnees(reglages_formations):
    settings = reglages_formations
    catalogue, agenda, _problemes = charger_donnees(settings)
    assert catalogue.sessions and agenda.evenements
    return catalogue, agenda


def reference(nom, fuseau, vevents, description=""):
    """Le fichier tel qu'icalendar l'écrit d'un bloc : Calendar, VTIMEZONE, puis un Event par VEVENT."""
    fichier = calendrier.composant(Calendar, calendrier.proprietes_calendrier(nom, fuseau, description))
    fichier.add_component(Timezone.from_tzid(fuseau))
    for proprietes in vevents:
        fichier.add_component(calendrier.composant(Event, proprietes))
    return fichier.to_ical()


def test_les_fichiers_des_donnees_d_essai_se_relisent(donnees):
    catalogue, agenda = donnees
    fuseau = "Europe/Paris"
    obtenu = calendrier.calendrier_sessions(
        catalogue.sessions, "Essai : formations", fuseau, url_de, ESTAMPILLE
    )
    attendu = [
        p
        for s in sorted(catalogue.sessions, key=lambda s: (s.debut, s.id))
        for p in calendrier.proprietes_session(s, url_de(s), ESTAMPILLE)
    ]
    verifier(obtenu, "Essai : formations", attendu)
    assert obtenu == reference("Essai : formations", fuseau, attendu)  # VEVENT mis en cache : mêmes octets
    obtenu = calendrier.calendrier_evenements(agenda.evenements, "Essai : agenda", fuseau, url_de, ESTAMPILLE)
    attendu = [
        calendrier.proprietes_evenement(e, url_de(e), ESTAMPILLE)
        for e in sorted(agenda.evenements, key=lambda e: (e.debut, e.id))
    ]
    verifier(obtenu, "Essai : agenda", attendu)
    assert obtenu == reference("Essai : agenda", fuseau, attendu)


LIEU = Lieu("lieu", "Salle « Ça va ; bien, merci »", "Lille", "3 rue \\ d'Arcole", "59000")
MODULE = Module(
    "alpha",
    "Alpha, bêta ; gamma \\ delta " + "très long titre " * 8,
    "Résumé\navec retour à la ligne, virgule ; point-virgule et émoji 😀 " * 3,
    (),
    (),
    "",
    1.0,
    "",
    (),
    "",
    "",
)


def session(fuseau: str, statut: str) -> Session:
    zone = ZoneInfo(fuseau)
    creneaux = tuple(
        Creneau(dt.datetime(2026, 3, j, 9, 30, tzinfo=zone), dt.datetime(2026, 3, j, 17, tzinfo=zone))
        for j in (27, 28, 30)  # passage à l'heure d'été entre deux jours
    )
    return Session("s-1", MODULE, creneaux, LIEU, statut, "formation-s-1@essai.example")


def evenement(fuseau: str, journee_entiere: bool) -> Evenement:
    zone = ZoneInfo(fuseau)
    debut = dt.datetime(2026, 12, 1, 0 if journee_entiere else 18, tzinfo=zone)
    fin = debut + (dt.timedelta(days=2) if journee_entiere else dt.timedelta(hours=2, minutes=30))
    return Evenement(
        "e-1",
        "Forum ; « l'ESS », demain\\aujourd'hui " * 4,
        debut,
        fin,
        journee_entiere,
        LIEU,
        ("elus",),
        ("ess", "emploi"),
        "evenement-e-1@essai.example",
        libelles_mots_cles=("Économie sociale, solidaire", "Emploi"),
        description="Premier paragraphe,\nsur deux lignes.\n\nSecond ; paragraphe " + "é" * 90,
        resume="Résumé^court",
        lien="https://exemple.org/a,b;c",
    )


@pytest.mark.parametrize("fuseau", ["Europe/Paris", "UTC", "America/New_York"])
@pytest.mark.parametrize("statut", ["ouverte", "complete", "annulee"])
def test_une_session_difficile_se_relit(fuseau, statut):
    s = session(fuseau, statut)
    nom = "Essai ; « formation », " + MODULE.titre
    obtenu = calendrier.calendrier_sessions([s], nom, fuseau, url_de, ESTAMPILLE, description="Desc, ; \\")
    vevents = calendrier.proprietes_session(s, url_de(s), ESTAMPILLE)
    verifier(obtenu, nom, vevents, description="Desc, ; \\")
    assert obtenu == reference(nom, fuseau, vevents, description="Desc, ; \\")


@pytest.mark.parametrize("fuseau", ["Europe/Paris", "UTC", "America/New_York"])
@pytest.mark.parametrize("journee_entiere", [False, True])
def test_un_evenement_difficile_se_relit(fuseau, journee_entiere):
    e = evenement(fuseau, journee_entiere)
    obtenu = calendrier.calendrier_evenements([e], "Essai", fuseau, url_de, ESTAMPILLE)
    vevents = [calendrier.proprietes_evenement(e, url_de(e), ESTAMPILLE)]
    verifier(obtenu, "Essai", vevents)
    assert obtenu == reference("Essai", fuseau, vevents)
    (relu,) = Calendar.from_ical(obtenu).walk("VEVENT")
    assert [str(c) for c in relu["CATEGORIES"].cats] == ["Économie sociale, solidaire", "Emploi"]


def test_un_vevent_deja_serialise_resert_dans_le_meme_build():
    s = session("Europe/Paris", "ouverte")
    deja: dict = {}
    premier = calendrier.calendrier_sessions([s], "A", "Europe/Paris", url_de, ESTAMPILLE, deja=deja)
    second = calendrier.calendrier_sessions([s], "B", "Europe/Paris", url_de, ESTAMPILLE, deja=deja)
    assert len(deja) == 1
    assert premier.split(b"BEGIN:VEVENT", 1)[1] == second.split(b"BEGIN:VEVENT", 1)[1]


@pytest.mark.parametrize("saut", ["\n", "\r\n", "\r"])
def test_un_saut_de_ligne_dans_un_nom_n_ajoute_aucune_ligne(saut):
    """Titre d'un module ou nom de l'association : « BEGIN:VEVENT » après un saut de ligne reste du texte."""
    injection = f"Maillage{saut}END:VCALENDAR{saut}BEGIN:VEVENT{saut}UID:pirate@x{saut}SUMMARY:Piège"
    module = Module("m", injection, "Résumé", (), (), "", 1.0, "", (), "", "")
    zone = ZoneInfo("Europe/Paris")
    creneau = Creneau(dt.datetime(2026, 3, 2, 9, tzinfo=zone), dt.datetime(2026, 3, 2, 12, tzinfo=zone))
    s = Session("s-2", module, (creneau,), LIEU, "ouverte", "formation-s-2@essai.example")
    octets = calendrier.calendrier_sessions(
        [s], injection, "Europe/Paris", url_de, ESTAMPILLE, description=injection
    )
    lignes = octets.split(b"\r\n")
    assert lignes.count(b"BEGIN:VEVENT") == 1 and lignes.count(b"END:VCALENDAR") == 1
    assert not any(ligne.startswith(b"UID:pirate") for ligne in lignes)
    fichier = relire(octets)
    (vevent,) = fichier.walk("VEVENT")
    assert str(vevent["UID"]) == "formation-s-2@essai.example"
    assert "PRODID:-//Maillage\\nEND:VCALENDAR" in octets.decode().replace("\r\n ", "")
    assert texte_x(fichier, "X-WR-CALNAME") == injection.replace("\r\n", "\n").replace("\r", "\n")
