"""Dates en français, quelle que soit la locale de la machine (Babel)."""

from __future__ import annotations

import datetime as dt
import re
from datetime import tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time

# Un objet Locale, analysé une fois : avec la chaîne « fr_FR », Babel la réanalyse à chaque appel
# (6 fois plus lent).
LOCALE = Locale.parse("fr_FR")


# Babel relit son motif à chaque appel ; une même date s'affiche sur bien des pages (actualité,
# listes, mots-clés, archives) : on garde le texte déjà formaté (fonction pure, cache borné).
@lru_cache(maxsize=8192)
def _formater(jour: dt.date, motif: str) -> str:
    if jour.day == 1:  # l'usage français, que Babel (CLDR) ne suit pas : « 1er août », « 2 août »
        motif = motif.replace("d ", "d'er' ", 1)
    return format_date(jour, motif, locale=LOCALE)


def _en_date(valeur) -> dt.date:
    return valeur.date() if isinstance(valeur, dt.datetime) else valeur


def date_longue(valeur) -> str:
    """« vendredi 24 mai 2013 », « jeudi 1er août 2013 »."""
    return _formater(_en_date(valeur), "EEEE d MMMM y")


def date_moyenne(valeur) -> str:
    """« 24 mai 2013 », « 1er août 2013 »."""
    return _formater(_en_date(valeur), "d MMMM y")


def mois_annee(valeur) -> str:
    """« mai 2013 »."""
    return _formater(_en_date(valeur), "MMMM y")


def heure(valeur) -> str:
    """« 14 h 30 » (usage typographique français)."""
    if isinstance(valeur, dt.datetime):
        valeur = valeur.time()
    texte = format_time(valeur, "H:mm", locale=LOCALE)
    heures, minutes = texte.split(":")
    return f"{heures} h" if minutes == "00" else f"{heures} h {minutes}"


def dernier_jour(fin: dt.datetime, journee_entiere: bool) -> dt.date:
    """Jour de fin inclus : un rendez-vous sur des jours entiers finit à minuit le lendemain (fin
    exclusive, comme DTEND en iCalendar) ; sinon, le jour de sa fin."""
    return (fin - dt.timedelta(days=1)).date() if journee_entiere else fin.date()


def iso(valeur) -> str:
    """Valeur d'un attribut `datetime` HTML."""
    return valeur.isoformat()


DATE_FRANCAISE = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)(.*)", re.DOTALL)
MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# « 20 juillet 2026 », « 1er août 2026 » (accents facultatifs : « aout », « fevrier »).
DATE_EN_LETTRES = re.compile(r"\s*(\d{1,2})(?:er)?\s+([^\W\d_]+)\s+(\d{4})(?!\d)(.*)", re.DOTALL)
# « 2026-7-20 » : l'ordre est le bon, il manque les zéros.
DATE_SANS_ZEROS = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)(.*)", re.DOTALL)


def _sans_accents(mot: str) -> str:
    return mot.lower().replace("é", "e").replace("û", "u")


def en_annee_mois_jour(valeur) -> str:
    """« 12/09/2027 » (ou « 12.09.2027 9h30 »), « 12 septembre 2027 », « 2027-9-12 » récrits
    « 2027-09-12 » (« 2027-09-12 9h30 ») ; "" si ce n'est pas une date qui existe. Pour le conseil
    d'une erreur."""
    if not isinstance(valeur, str):
        return ""
    if trouve := DATE_FRANCAISE.fullmatch(valeur):
        jour, mois, annee, reste = trouve.groups()
    elif trouve := DATE_EN_LETTRES.fullmatch(valeur):
        jour, nom, annee, reste = trouve.groups()
        noms = [_sans_accents(m) for m in MOIS]
        if _sans_accents(nom) not in noms:
            return ""
        mois = noms.index(_sans_accents(nom)) + 1
    elif (trouve := DATE_SANS_ZEROS.fullmatch(valeur)) and not re.match(r"\s*\d{4}-\d\d-\d\d(?!\d)", valeur):
        annee, mois, jour, reste = trouve.groups()
    else:
        return ""
    try:
        date = dt.date(int(annee), int(mois), int(jour))
    except ValueError:
        return ""
    return f"{date.isoformat()}{reste.rstrip()}"


def conseil_de_date(valeur, recrite: str, sinon: str) -> str:
    """Le conseil d'une date refusée : `recrite` avec « {iso} » remplacé par la date récrite
    année-mois-jour si `valeur` est une date à la française (« 12/09/2027 »), sinon `sinon`."""
    iso = en_annee_mois_jour(valeur)
    return recrite.replace("{iso}", iso) if iso else sinon


FILTRES = {
    "date_longue": date_longue,
    "date_moyenne": date_moyenne,
    "mois_annee": mois_annee,
    "heure": heure,
    "iso": iso,
}


def heure_inexistante(moment: dt.datetime, fuseau: tzinfo) -> tuple[str, str] | None:
    """(message, conseil) si l'heure locale `moment` (sans fuseau) n'existe pas dans `fuseau`.

    La nuit du passage à l'heure d'été (Europe/Paris : le dernier dimanche de mars, de 2:00 à 3:00),
    « 2027-03-28 02:30 » n'existe pas : zoneinfo la décalerait sans un mot, et chaque agenda
    l'afficherait à sa façon. L'heure qui revient telle quelle de l'aller-retour par UTC existe.
    """
    locale = moment.replace(tzinfo=fuseau)
    retour = locale.astimezone(dt.UTC).astimezone(fuseau).replace(tzinfo=None)
    if retour == moment:
        return None
    return (
        f"le {moment:%Y-%m-%d} à {moment:%H:%M} n'existe pas dans le fuseau {fuseau} : cette nuit-là, "
        "les horloges sautent une heure (passage à l'heure d'été)",
        f"écrivez l'heure réelle, par exemple {retour:%H:%M} (heure d'été) ou "
        f"{moment - dt.timedelta(hours=1):%H:%M} (avant le changement d'heure)",
    )
