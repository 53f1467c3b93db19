"""Arrêt de l'envoi (SIGTERM de `systemctl stop` ou d'un arrêt de la machine, Ctrl-C) sans doublon.

Un message accepté par le serveur SMTP (son « 250 ») doit être noté en base avant que le processus
s'arrête : sinon la relance le renverrait. Pendant cette section critique, le premier signal est
seulement noté : l'envoi finit le message en cours, le note, puis s'arrête comme sur un Ctrl-C
(`KeyboardInterrupt`, qui rend le verrou et ferme la connexion). Hors section critique (attente du
débit, lecture de la base), il arrête sur-le-champ. Un second signal pendant la section critique
arrête aussi sur-le-champ : la personne qui insiste prend le risque, dit, d'un doublon.
Il reste le SIGKILL (systemd l'envoie si l'arrêt dure plus de TimeoutStopSec, 90 s par défaut),
que rien n'intercepte : au plus un doublon, le message en cours.
"""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager

SIGNAUX = (signal.SIGTERM, signal.SIGINT)
ANNONCE = (
    "Arrêt demandé : l'envoi attend la réponse du serveur pour le message en cours, le note, puis "
    "s'arrête (un second Ctrl-C arrête sur-le-champ, au risque d'envoyer ce message deux fois)."
)


class Interruption:
    """Reçoit SIGTERM et SIGINT pendant l'envoi ; `section_critique()` diffère l'arrêt."""

    def __init__(self, sortie=None):
        self.demandee = False
        self._profondeur = 0
        self._sortie = sortie

    def recevoir(self, _signum=None, _frame=None) -> None:
        if self._profondeur == 0 or self.demandee:
            raise KeyboardInterrupt
        self.demandee = True
        print(ANNONCE, file=self._sortie or sys.stderr, flush=True)

    @contextmanager
    def section_critique(self):
        """Du message remis au serveur à sa trace en base : un arrêt demandé attend la fin."""
        self._profondeur += 1
        try:
            yield
        finally:
            self._profondeur -= 1
        if self.demandee and self._profondeur == 0:
            raise KeyboardInterrupt

    @contextmanager
    def installee(self):
        """Les gestionnaires de SIGTERM et SIGINT le temps du bloc ; les précédents rendus ensuite."""
        precedents = {numero: signal.signal(numero, self.recevoir) for numero in SIGNAUX}
        try:
            yield self
        finally:
            for numero, precedent in precedents.items():
                signal.signal(numero, precedent)
