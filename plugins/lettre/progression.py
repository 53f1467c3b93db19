"""L'avancement d'un envoi sur la sortie d'erreur : nombre, débit, reste.

Dans un terminal, une barre `rich` ; ailleurs (tâche planifiée, journal systemd), une ligne simple
toutes les `intervalle_s` secondes et à la fin, lisible dans un journal.
"""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .envoi import Progression


class ColonneDebit(ProgressColumn):
    """Messages par seconde (moyenne glissante de rich)."""

    def render(self, task) -> Text:
        return Text(f"{task.speed or 0:.1f}/s")


def _duree(secondes: float) -> str:
    secondes = int(secondes)
    if secondes < 60:
        return f"{secondes} s"
    return f"{secondes // 60} min {secondes % 60:02d} s"


class ProgressionAffichee(Progression):
    """Barre `rich` dans un terminal, lignes simples sinon ; toujours sur la sortie d'erreur."""

    def __init__(self, flux=None, intervalle_s: float = 10.0, horloge=time.monotonic):
        self.console = Console(file=flux or sys.stderr)
        self.intervalle_s = intervalle_s
        self.horloge = horloge
        self.barre: Progress | None = None
        self.total = self.faits = 0
        self.montres = -1  # nombre de remises de la dernière ligne écrite

    def commencer(self, total: int) -> None:
        self.total, self.faits = total, 0
        self.debut = self.dernier = self.horloge()
        self.montres = -1
        if self.console.is_terminal:
            self.barre = Progress(
                TextColumn("Envoi"),
                BarColumn(),
                MofNCompleteColumn(),
                ColonneDebit(),
                TextColumn("reste"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.barre.start()
            self.tache = self.barre.add_task("envoi", total=total)

    def _ligne(self) -> str:
        ecoule = self.horloge() - self.debut
        debit = self.faits / ecoule if ecoule > 0 else 0.0
        reste = self.total - self.faits
        estimation = f" (≈ {_duree(reste / debit)})" if debit > 0 and reste else ""
        pourcent = 100 * self.faits // self.total if self.total else 100
        return f"  envoi : {self.faits}/{self.total} ({pourcent} %), {debit:.1f}/s, reste {reste}{estimation}"

    def avancer(self, quoi: str) -> None:
        self.faits += 1
        if self.barre is not None:
            self.barre.advance(self.tache)
        elif self.horloge() - self.dernier >= self.intervalle_s:
            self.dernier = self.horloge()
            self._ecrire()

    def finir(self) -> None:
        if self.barre is not None:
            self.barre.stop()
            self.barre = None
        elif self.total and self.montres != self.faits:  # pas deux fois la même ligne finale
            self._ecrire()

    def _ecrire(self) -> None:
        self.montres = self.faits
        self.console.print(self._ligne(), highlight=False, markup=False)
