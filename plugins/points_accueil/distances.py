"""Distances à vol d'oiseau et points les plus proches (logique pure, sans Pelican)."""

from __future__ import annotations

import bisect
import heapq
import math
from collections.abc import Iterable

from .modeles import Point, Proche

RAYON_TERRE_KM = 6371.0088  # rayon moyen (IUGG)
_DIAMETRE = 2 * RAYON_TERRE_KM
# Marges des recherches par `Voisinage`, très au-dessus des erreurs d'arrondi (~1e-11 km) :
_MARGE_KM = 1e-3  # arrêt du parcours par latitude
_EGALITE_KM = 2e-6  # distances dont l'arrondi au millimètre peut égaler celui du dernier retenu


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance du grand cercle (formule de haversine), en kilomètres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(a)))


class Voisinage:
    """Les points actifs, préparés pour chercher les plus proches de nombreux lieux.

    Les distances sont celles de `distance_km`, calculées opération par opération (les mêmes
    au bit près) avec latitude en radians et cosinus de chaque point calculés une fois. Les
    points sont rangés par latitude : la recherche part de celle du lieu et s'arrête dès que
    l'écart de latitude seul (R·|Δφ|, qui minore la distance) dépasse le plus lointain des
    `nombre` retenus. Les pages par initiale interrogent ainsi toutes les communes sans
    calculer ni trier toutes les distances pour chacune.
    """

    def __init__(self, points: Iterable[Point]):
        actifs = [p for p in points if p.actif]
        # (φ, rang dans la liste donnée, point, cos φ, longitude), rangés par latitude.
        self._points = sorted(
            (math.radians(p.latitude), rang, p, math.cos(math.radians(p.latitude)), p.longitude)
            for rang, p in enumerate(actifs)
        )
        self._latitudes = [entree[0] for entree in self._points]

    def plus_proches(self, latitude: float, longitude: float, nombre: int = 3) -> list[Proche]:
        """Les `nombre` points les plus proches, du plus proche au plus loin (voir `plus_proches`)."""
        if nombre <= 0:
            return []
        radians, sin, asin, sqrt = math.radians, math.sin, math.asin, math.sqrt
        points, latitudes, total = self._points, self._latitudes, len(self._points)
        phi1 = radians(latitude)
        cos1 = math.cos(phi1)
        sud = bisect.bisect_left(latitudes, phi1) - 1
        nord = sud + 1
        vus, retenues = [], []  # retenues : tas des `nombre` plus petites distances (opposées)
        while sud >= 0 or nord < total:
            if nord >= total or (sud >= 0 and phi1 - latitudes[sud] <= latitudes[nord] - phi1):
                phi2, rang, point, cos2, lon2 = points[sud]
                sud -= 1
            else:
                phi2, rang, point, cos2, lon2 = points[nord]
                nord += 1
            if len(retenues) == nombre and RAYON_TERRE_KM * abs(phi2 - phi1) > _MARGE_KM - retenues[0]:
                break  # ce point et tous les suivants, des deux côtés, sont plus loin
            a = sin((phi2 - phi1) / 2) ** 2 + cos1 * cos2 * sin(radians(lon2 - longitude) / 2) ** 2
            racine = sqrt(a)
            distance = _DIAMETRE * asin(racine if racine < 1.0 else 1.0)
            vus.append((distance, rang, point))
            if len(retenues) < nombre:
                heapq.heappush(retenues, -distance)
            elif distance < -retenues[0]:
                heapq.heapreplace(retenues, -distance)
        # L'ordre final est celui de `plus_proches` : distance arrondie au millimètre, identifiant,
        # puis rang (celui d'un tri stable). Un point écarté ici est à plus de 2 mm au-delà du
        # `nombre`-ième : son arrondi est plus grand, il ne peut pas départager une égalité.
        seuil = _EGALITE_KM - retenues[0] if len(retenues) == nombre else math.inf
        candidats = [(round(d, 6), p.id, rang, d, p) for d, rang, p in vus if d <= seuil]
        return [Proche(p, d) for _r, _id, _rang, d, p in heapq.nsmallest(nombre, candidats)]


def plus_proches(points: Iterable[Point], latitude: float, longitude: float, nombre: int = 3) -> list[Proche]:
    """Les `nombre` points actifs les plus proches, du plus proche au plus loin.

    À distance égale (points d'une même adresse), l'ordre est celui de l'identifiant :
    le résultat ne dépend pas de l'ordre du fichier.
    """
    return Voisinage(points).plus_proches(latitude, longitude, nombre)


class OuvertsPuisFermes:
    """Les points actifs, ceux fermés le jour du build (`fermes` : leurs identifiants) à part.

    Un point fermé n'est jamais proposé comme « le plus proche » : qui lit la première réponse sur
    son téléphone doit pouvoir y aller. Mais le taire tromperait (c'est peut-être le point que la
    personne connaît) : il est cité après les points proposés s'il est plus près que le dernier.
    """

    def __init__(self, points: Iterable[Point], fermes: frozenset[str] = frozenset()):
        points = list(points)
        self.ouverts = Voisinage(p for p in points if p.id not in fermes)
        self.fermes = Voisinage(p for p in points if p.id in fermes)

    def plus_proches(
        self, latitude: float, longitude: float, nombre: int = 3
    ) -> tuple[list[Proche], list[Proche]]:
        """(les `nombre` points ouverts les plus proches, les points fermés plus près que le dernier)."""
        proches = self.ouverts.plus_proches(latitude, longitude, nombre)
        limite = proches[-1].distance_km if len(proches) == nombre else math.inf
        plus_pres = self.fermes.plus_proches(latitude, longitude, nombre)
        return proches, [p for p in plus_pres if p.distance_km < limite]


def formater_km(distance: float) -> str:
    """« moins de 100 m », « 800 m », « 3,2 km », « 27 km » : lisible au téléphone comme à l'écran."""
    if distance < 0.1:
        return "moins de 100 m"
    if distance < 0.95:
        return f"{round(distance * 1000, -2):.0f} m"
    if distance < 10:
        return f"{distance:.1f} km".replace(".", ",")
    return f"{distance:.0f} km"
