"""Distances et points les plus proches, comparés à un calcul indépendant du grand cercle."""

from __future__ import annotations

import math
import random

import pytest

from points_accueil.distances import Voisinage, distance_km, formater_km, plus_proches
from points_accueil.modeles import Entree, Point, Proche

R = 6371.0088


def grand_cercle_vectoriel(lat1, lon1, lat2, lon2):
    """Autre formule que celle du module : angle entre deux vecteurs unitaires (atan2 |a×b|, a·b)."""

    def vecteur(lat, lon):
        lat, lon = math.radians(lat), math.radians(lon)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    a, b = vecteur(lat1, lon1), vecteur(lat2, lon2)
    produit = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    return R * math.atan2(math.hypot(*produit), sum(x * y for x, y in zip(a, b, strict=True)))


LIEUX = {
    "lille": (50.63391, 3.05512),
    "lesquin": (50.58232, 3.119),
    "valenciennes": (50.35909, 3.52506),
    "tourcoing": (50.72391, 3.16117),
    "boulogne": (50.72571, 1.61392),
    "paris": (48.8566, 2.3522),
    "londres": (51.5074, -0.1278),
}


@pytest.mark.parametrize("depart", sorted(LIEUX))
@pytest.mark.parametrize("arrivee", sorted(LIEUX))
def test_distance_egale_au_calcul_vectoriel(depart, arrivee):
    attendu = grand_cercle_vectoriel(*LIEUX[depart], *LIEUX[arrivee])
    assert distance_km(*LIEUX[depart], *LIEUX[arrivee]) == pytest.approx(attendu, abs=1e-6)


def test_distances_connues():
    # Paris–Londres : 343,5 km environ sur la sphère de rayon moyen ; un degré de méridien : 111,2 km.
    assert distance_km(*LIEUX["paris"], *LIEUX["londres"]) == pytest.approx(343.5, abs=0.5)
    assert distance_km(50.0, 3.0, 51.0, 3.0) == pytest.approx(2 * math.pi * R / 360, rel=1e-9)
    assert distance_km(50.0, 3.0, 50.0, 3.0) == 0


def point(identifiant, lat, lon, actif=True):
    entree = Entree("x", "X")
    return Point(
        identifiant, identifiant, entree, entree, "Commune", "59000", lat, lon, entree, ("s",), actif
    )


POINTS = [point(nom, *pos) for nom, pos in LIEUX.items() if nom not in ("paris", "londres")]


@pytest.mark.parametrize("origine", sorted(LIEUX))
def test_plus_proches_dans_l_ordre_du_calcul_independant(origine):
    lat, lon = LIEUX[origine]
    attendus = sorted(POINTS, key=lambda p: grand_cercle_vectoriel(lat, lon, p.latitude, p.longitude))[:3]
    resultat = plus_proches(POINTS, lat, lon, 3)
    assert [r.point.id for r in resultat] == [p.id for p in attendus]
    for r in resultat:
        assert r.distance_km == pytest.approx(
            grand_cercle_vectoriel(lat, lon, r.point.latitude, r.point.longitude)
        )


def test_points_inactifs_exclus_et_nombre_respecte():
    points = [*POINTS, point("ferme-a-lesquin", 50.5824, 3.1191, actif=False)]
    resultat = plus_proches(points, *LIEUX["lesquin"], 2)
    assert [r.point.id for r in resultat] == ["lesquin", "lille"]
    assert plus_proches(points, *LIEUX["lesquin"], 0) == []


def test_egalite_departagee_par_identifiant_quel_que_soit_l_ordre():
    a, b = point("b-second", 50.6, 3.1), point("a-premier", 50.6, 3.1)
    assert [r.point.id for r in plus_proches([a, b], 50.5, 3.0)] == ["a-premier", "b-second"]
    assert [r.point.id for r in plus_proches([b, a], 50.5, 3.0)] == ["a-premier", "b-second"]


@pytest.mark.parametrize(
    ("km", "texte"),
    [
        (0.0, "moins de 100 m"),
        (0.42, "400 m"),
        (0.94, "900 m"),
        (0.96, "1,0 km"),
        (3.24, "3,2 km"),
        (27.4, "27 km"),
    ],
)
def test_formater_km(km, texte):
    assert formater_km(km) == texte


def plus_proches_reference(points, lat, lon, nombre):
    """L'algorithme d'origine : toutes les distances, triées par (arrondi au mm, identifiant)."""
    proches = [Proche(p, distance_km(lat, lon, p.latitude, p.longitude)) for p in points if p.actif]
    proches.sort(key=lambda r: (round(r.distance_km, 6), r.point.id))
    return proches[: max(0, nombre)]


def points_au_hasard(graine: int) -> list[Point]:
    """Des grappes serrées : mêmes adresses, écarts de l'ordre du millimètre, points inactifs."""
    hasard = random.Random(graine)
    centres = [(hasard.uniform(50.0, 51.1), hasard.uniform(1.6, 4.2)) for _ in range(6)]
    points = []
    for numero in range(hasard.randint(0, 40)):
        lat, lon = hasard.choice(centres)
        ecart = hasard.choice([0.0, 1e-8, 1e-5, 0.01, 0.3])
        lat, lon = lat + hasard.uniform(-ecart, ecart), lon + hasard.uniform(-ecart, ecart)
        identifiant = f"p{hasard.randint(0, 60):02d}"  # identifiants parfois en double
        points.append(
            point(identifiant if numero % 5 else f"{identifiant}-{numero}", lat, lon, hasard.random() > 0.2)
        )
    return points


@pytest.mark.parametrize("graine", range(40))
def test_voisinage_identique_au_tri_complet(graine):
    """Le parcours par latitude donne exactement (au bit près, dans le même ordre) le tri complet."""
    points = points_au_hasard(graine)
    voisinage = Voisinage(points)
    hasard = random.Random(1000 + graine)
    lieux = [(p.latitude, p.longitude) for p in points[:10]]
    lieux += [(hasard.uniform(49.9, 51.2), hasard.uniform(1.4, 4.4)) for _ in range(30)]
    for lat, lon in lieux:
        for nombre in (0, 1, 3, 7, len(points) + 2):
            attendu = plus_proches_reference(points, lat, lon, nombre)
            assert voisinage.plus_proches(lat, lon, nombre) == attendu
            assert plus_proches(points, lat, lon, nombre) == attendu
