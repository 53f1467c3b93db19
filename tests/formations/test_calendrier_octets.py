"""Les .ics assemblés sans objets icalendar ont exactement les octets qu'icalendar produirait.

`formations.calendrier` sérialise lui-même (plus vite) : la référence est ici l'ancienne façon,
`Event.add(...)` puis `Calendar.to_ical()`, sur les données d'essai et sur des cas limites
(échappements, pliage au milieu d'un caractère ou d'une séquence « \\, », journées entières,
autres fuseaux).
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, Timezone
from icalendar.parser.string import _foldline

from formations import calendrier
from formations.donnees import charger_donnees
from formations.modeles import Creneau, Evenement, Lieu, Module, Session

ESTAMPILLE = dt.date(2026, 11, 23)
URL = "https://essai.example"


def reference(nom, fuseau, vevents, description=""):
    """Le fichier tel qu'icalendar l'écrit : Calendar, VTIMEZONE, puis un Event par VEVENT."""
    fichier = Calendar()
    for cle, valeur in calendrier.proprietes_calendrier(nom, fuseau, description):
        fichier.add(cle, valeur)
    fichier.add_component(Timezone.from_tzid(fuseau))
    for proprietes in vevents:
        vevent = Event()
        for cle, valeur in proprietes:
            vevent.add(cle, valeur)
        fichier.add_component(vevent)
    return fichier.to_ical()


def url_de(element):
    return f"{URL}/{element.url}"


@pytest.fixture(scope="module")
def donnees(reglages_formations):
    settings = reglages_formations
    catalogue, agenda, _problemes = charger_donnees(settings)
    assert catalogue.sessions and agenda.evenements
    return catalogue, agenda


def test_le_pliage_est_celui_d_icalendar():
    tirage = random.Random(5545)
    alphabet = 'ab \\^;,:"é€😀\t'
    for _ in range(20_000):
        ligne = "".join(tirage.choice(alphabet) for _ in range(tirage.randint(0, 300)))
        assert calendrier.plier(ligne) == _foldline(ligne).encode("utf-8"), ligne


def test_les_fichiers_des_donnees_d_essai_sont_ceux_d_icalendar(donnees):
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
    assert obtenu == reference("Essai : formations", fuseau, attendu)
    obtenu = calendrier.calendrier_evenements(agenda.evenements, "Essai : agenda", fuseau, url_de, ESTAMPILLE)
    attendu = [
        calendrier.proprietes_evenement(e, url_de(e), ESTAMPILLE)
        for e in sorted(agenda.evenements, key=lambda e: (e.debut, e.id))
    ]
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
        description="Premier paragraphe,\nsur deux lignes.\n\nSecond ; paragraphe " + "é" * 90,
        resume="Résumé^court",
        lien="https://exemple.org/a,b;c",
    )


@pytest.mark.parametrize("fuseau", ["Europe/Paris", "UTC", "America/New_York"])
@pytest.mark.parametrize("statut", ["ouverte", "complete", "annulee"])
def test_une_session_difficile_donne_les_octets_d_icalendar(fuseau, statut):
    s = session(fuseau, statut)
    nom = "Essai ; « formation », " + MODULE.titre
    obtenu = calendrier.calendrier_sessions([s], nom, fuseau, url_de, ESTAMPILLE, description="Desc, ; \\")
    attendu = reference(
        nom, fuseau, calendrier.proprietes_session(s, url_de(s), ESTAMPILLE), description="Desc, ; \\"
    )
    assert obtenu == attendu


@pytest.mark.parametrize("fuseau", ["Europe/Paris", "UTC", "America/New_York"])
@pytest.mark.parametrize("journee_entiere", [False, True])
def test_un_evenement_difficile_donne_les_octets_d_icalendar(fuseau, journee_entiere):
    e = evenement(fuseau, journee_entiere)
    obtenu = calendrier.calendrier_evenements([e], "Essai", fuseau, url_de, ESTAMPILLE)
    attendu = reference("Essai", fuseau, [calendrier.proprietes_evenement(e, url_de(e), ESTAMPILLE)])
    assert obtenu == attendu


def test_un_vevent_deja_serialise_resert_dans_le_meme_build():
    s = session("Europe/Paris", "ouverte")
    deja: dict = {}
    premier = calendrier.calendrier_sessions([s], "A", "Europe/Paris", url_de, ESTAMPILLE, deja=deja)
    second = calendrier.calendrier_sessions([s], "B", "Europe/Paris", url_de, ESTAMPILLE, deja=deja)
    assert len(deja) == 1
    assert premier.split(b"BEGIN:VEVENT", 1)[1] == second.split(b"BEGIN:VEVENT", 1)[1]


def test_un_meme_instant_dans_deux_fuseaux_donne_deux_lignes():
    paris = dt.datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))
    utc = paris.astimezone(ZoneInfo("UTC"))
    assert paris == utc and hash(paris) == hash(utc)
    assert calendrier.serialiser(Event, [("DTSTART", paris)]) != calendrier.serialiser(
        Event, [("DTSTART", utc)]
    )
    for valeur in (paris, utc, paris.date()):
        attendu = Event()
        attendu.add("DTSTART", valeur)
        assert calendrier.serialiser(Event, [("DTSTART", valeur)]) == attendu.to_ical()
