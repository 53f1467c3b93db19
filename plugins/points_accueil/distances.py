"""Distances à vol d'oiseau et points les plus proches (logique pure, sans Pelican)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .modeles import Point, Proche

RAYON_TERRE_KM = 6371.0088  # rayon moyen (IUGG)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance du grand cercle (formule de haversine), en kilomètres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(a)))


def plus_proches(points: Iterable[Point], latitude: float, longitude: float, nombre: int = 3) -> list[Proche]:
    """Les `nombre` points actifs les plus proches, du plus proche au plus loin.

    À distance égale (points d'une même adresse), l'ordre est celui de l'identifiant :
    le résultat ne dépend pas de l'ordre du fichier.
    """
    proches = [
        Proche(p, distance_km(latitude, longitude, p.latitude, p.longitude)) for p in points if p.actif
    ]
    proches.sort(key=lambda r: (round(r.distance_km, 6), r.point.id))
    return proches[: max(0, nombre)]


def formater_km(distance: float) -> str:
    """« moins de 100 m », « 800 m », « 3,2 km », « 27 km » : lisible au téléphone comme à l'écran."""
    if distance < 0.1:
        return "moins de 100 m"
    if distance < 0.95:
        return f"{round(distance * 1000, -2):.0f} m"
    if distance < 10:
        return f"{distance:.1f} km".replace(".", ",")
    return f"{distance:.0f} km"
