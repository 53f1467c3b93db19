"""Actualités liées (mots-clés communs) et voisines chronologiques : logique pure, sans Pelican.

Pas de comparaison de toutes les paires : pour chaque mot-clé, on ne regarde que les
quelques actualités les plus proches dans le temps, d'où un coût linéaire en nombre d'actualités.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def actualites_liees(
    articles: Sequence[T],
    cles: Callable[[T], set[Hashable]],
    nombre: int = 3,
    voisines: int = 6,
) -> list[list[T]]:
    """Pour chaque article (liste triée par date), les `nombre` articles les plus liés.

    Score : nombre de mots-clés communs ; à égalité, le plus proche dans le temps, puis le
    plus récent. Seules les `voisines` actualités de part et d'autre dans chaque mot-clé
    sont candidates.
    """
    positions: dict[Hashable, list[int]] = defaultdict(list)
    rang: dict[tuple[Hashable, int], int] = {}
    ensembles = [cles(a) for a in articles]
    for i, ensemble in enumerate(ensembles):
        for cle in ensemble:
            rang[(cle, i)] = len(positions[cle])
            positions[cle].append(i)
    resultat = []
    for i, ensemble in enumerate(ensembles):
        scores: Counter[int] = Counter()
        for cle in ensemble:
            liste, p = positions[cle], rang[(cle, i)]
            for j in liste[max(0, p - voisines) : p + voisines + 1]:
                if j != i:
                    scores[j] += 1
        ordre = sorted(scores, key=lambda j: (-scores[j], abs(j - i), j))
        resultat.append([articles[j] for j in ordre[:nombre]])
    return resultat


def voisines_chronologiques(articles: Sequence[T]) -> list[tuple[T | None, T | None]]:
    """(plus récente, plus ancienne) pour chaque article d'une liste triée du plus récent au plus ancien."""
    n = len(articles)
    return [(articles[i - 1] if i > 0 else None, articles[i + 1] if i + 1 < n else None) for i in range(n)]
