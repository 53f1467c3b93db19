"""Processus d'appoint lancés pendant un build : en priorité basse, pour laisser son cœur à Pelican.

Pelican rend les pages sur un cœur ; les processus d'appoint (création des dossiers, dessin de la
carte, Pagefind) se partagent l'autre. Sans priorité basse, dès qu'ils sont deux à calculer,
l'ordonnanceur leur donne aussi une part du cœur de Pelican, qui ralentit d'autant (mesuré : Pelican
à 50-60 % de son cœur pendant les premières secondes d'écriture).
"""

from __future__ import annotations

import shutil

# `nice` : 5 pour ce dont Pelican a besoin bientôt (dossiers, carte), 10 pour ce qui n'est attendu
# qu'à la fin du build (Pagefind).
PRIORITE_PROCHE = 5
PRIORITE_FIN = 10


def en_priorite_basse(commande: list[str], gentillesse: int) -> list[str]:
    """`commande` précédée de `nice -n gentillesse`, ou telle quelle sans `nice` (hors Unix)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(gentillesse), *commande] if nice else list(commande)
