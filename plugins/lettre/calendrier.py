"""Calendrier des numéros : une parution tous les N jours à partir d'une première date (logique pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Parution:
    """Un numéro prévu au calendrier : sa date, son année et son rang dans l'année (1, 2…)."""

    date: dt.date
    annee: int
    numero: int

    @property
    def ident(self) -> str:
        """« 2026-24 » : identifiant stable du numéro (registre, Message-ID, journaux)."""
        return f"{self.annee}-{self.numero:02d}"

    def chemin(self, edition: str, principale: bool) -> str:
        """Adresse de la version web, relative à SITEURL (« lettre/2026/24/ »)."""
        base = f"lettre/{self.annee}/{self.numero:02d}/"
        return base if principale else f"{base}{edition}/"

    def coupure(self, fuseau: str = "Europe/Paris") -> dt.datetime:
        """Les actualités datées avant minuit du jour de parution entrent dans ce numéro."""
        return dt.datetime.combine(self.date, dt.time(0, 0), tzinfo=ZoneInfo(fuseau))


def _rang(premier: dt.date, periode: int, date: dt.date) -> int:
    """Nombre de parutions strictement avant `date` (0 si `date` est avant la première)."""
    if date <= premier:
        return 0
    return (date - premier).days // periode + (1 if (date - premier).days % periode else 0)


def parution_numero_k(premier: dt.date, periode: int, k: int) -> Parution:
    """La k-ième parution (k = 0 pour la première)."""
    date = premier + dt.timedelta(days=periode * k)
    debut_annee = dt.date(date.year, 1, 1)
    avant_dans_annee = _rang(premier, periode, date) - _rang(premier, periode, debut_annee)
    return Parution(date, date.year, avant_dans_annee + 1)


def parutions(premier: dt.date, periode: int, jusqu_a: dt.date) -> list[Parution]:
    """Toutes les parutions de la première jusqu'à `jusqu_a` inclus."""
    resultat = []
    k = 0
    while premier + dt.timedelta(days=periode * k) <= jusqu_a:
        resultat.append(parution_numero_k(premier, periode, k))
        k += 1
    return resultat


def derniere_au(premier: dt.date, periode: int, jour: dt.date) -> Parution | None:
    """La dernière parution prévue au plus tard le `jour`, ou None avant la première."""
    if jour < premier:
        return None
    return parution_numero_k(premier, periode, (jour - premier).days // periode)


def suivante_apres(premier: dt.date, periode: int, jour: dt.date) -> Parution:
    """La première parution prévue strictement après `jour`."""
    if jour < premier:
        return parution_numero_k(premier, periode, 0)
    return parution_numero_k(premier, periode, (jour - premier).days // periode + 1)


def parution_a_preparer(
    premier: dt.date, periode: int, derniere_envoyee: dt.date | None, aujourdhui: dt.date
) -> tuple[Parution, bool]:
    """Le numéro à envoyer (ou à prévisualiser) et s'il est dû.

    Dû : la dernière parution prévue jusqu'à aujourd'hui, si elle est plus récente que le
    dernier numéro envoyé (un envoi manqué est rattrapé par ce numéro-là, pas par les anciens :
    la sélection par différence y fait entrer tout ce qui n'est pas parti). Sinon, la prochaine
    parution, pas encore due.
    """
    due = derniere_au(premier, periode, aujourdhui)
    if due is not None and (derniere_envoyee is None or due.date > derniere_envoyee):
        return due, True
    repere = max(aujourdhui, derniere_envoyee) if derniere_envoyee else aujourdhui
    return suivante_apres(premier, periode, repere), False
