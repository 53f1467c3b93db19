"""Rendu folium du fond de la carte (tuiles, échelle, cadre), à partir des réglages.

Seul module qui importe folium (≈ 0,3 s de processeur : numpy, requests, branca…), et
seulement quand le fond n'est pas dans le cache (`carte.py`). On n'y passe que des réglages et
des nombres, jamais les données : branca relit comme gabarit Jinja le script de chaque élément.
Interfaces publiques seulement :
- on ne garde que le script de la figure (`figure.script`) : les listes de CDN de folium
  (`default_js`, `default_css`) ne servent qu'à l'en-tête HTML, que nous jetons ; la page charge
  nos copies (`carte.VENDOR`) ;
- identifiants déterministes : folium en tire au hasard ; dans le script rendu, le nom de chaque
  élément créé ici (`get_name()`) est remplacé par un nom fixe.
"""

from __future__ import annotations

import os

# folium importe numpy (par branca), dont OpenBLAS démarre un fil de calcul par cœur dès l'import
# (≈ 0,1 s de processeur pour rien) : on ne calcule rien avec, un seul fil suffit.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import folium  # noqa: E402

from .carte import NOM_CARTE  # noqa: E402

# Ce qui passe par folium (donc par Jinja, deux fois) vient des réglages, jamais des données :
# on refuse tout de même ce qui y serait lu comme une instruction de gabarit.
DELIMITEURS_JINJA = ("{{", "{%", "{#", "}}", "%}", "#}")


class GabaritDansLesReglages(ValueError):
    """Un réglage de la carte contient une marque de gabarit Jinja."""


def _verifier_reglage(nom: str, valeur: str) -> str:
    for marque in DELIMITEURS_JINJA:
        if marque in valeur:
            raise GabaritDansLesReglages(
                f"réglage POINTS_ACCUEIL « {nom} » : « {marque} » n'est pas accepté (marque de gabarit) ; "
                "retirez-le de pelicanconf.py"
            )
    return valeur


def rendre(fond: dict) -> str:
    """Le script folium du fond : carte, échelle, tuiles, cadre des points.

    `fond` : tuiles, attribution, zoom_max et bornes (None sans point : la France entière).
    """
    bornes = fond["bornes"]
    # Centre initial : celui des points (la carte est ensuite cadrée sur eux) ; sans point, la France.
    centre = [(bornes[0][0] + bornes[1][0]) / 2, (bornes[0][1] + bornes[1][1]) / 2] if bornes else [46.6, 2.4]
    carte = folium.Map(
        location=centre,
        zoom_start=10 if bornes else 5,
        tiles=None,
        control_scale=True,
        max_zoom=fond["zoom_max"],
    )
    tuiles = folium.TileLayer(
        tiles=_verifier_reglage("tuiles", fond["tuiles"]),
        attr=_verifier_reglage("attribution", fond["attribution"]),
        name="Plan",
        max_zoom=fond["zoom_max"],
        control=False,
    ).add_to(carte)
    if bornes:
        carte.fit_bounds([[float(x) for x in coin] for coin in bornes], padding=[20, 20])
    figure = carte.get_root()
    figure.render()
    script = figure.script.render().strip() + "\n"
    for element, nom in ((carte, NOM_CARTE), (tuiles, "tuiles_points_accueil")):
        script = script.replace(element.get_name(), nom)
    return script
