"""Rendu folium de la carte, à partir du plan en données JSON préparé par `carte.py`.

Ce que folium ne fait pas pour nous, et que nous faisons ici :
- bibliothèques auto-hébergées : les listes de CDN (`default_js`/`default_css`) sont remplacées
  sur chaque instance (jamais sur la classe, qui servirait aux cartes suivantes) ;
- échappement : folium insère `popup=`/`tooltip=` tels quels dans du JavaScript ; nous ne lui
  passons aucun texte des données. Les points partent en JSON (`json.dumps`, `<`, `>` et `&`
  échappés) et le script construit les bulles avec `textContent` ;
- identifiants déterministes (folium en tire au hasard à chaque build) ;
- une seule grappe (MarkerCluster) pour tous les territoires, via des sous-groupes.

Importer folium coûte plus d'une demi-seconde (numpy, requests, branca…) : seul ce module le
fait, et seulement quand la carte n'est pas dans le cache (`carte.py`).
"""

from __future__ import annotations

import html
import json

import folium
from folium.plugins import FeatureGroupSubGroup, LocateControl, MarkerCluster
from folium.template import Template
from folium.utilities import JsCode


def json_sur(valeur) -> str:
    """JSON sans `<`, `>` ni `&` bruts : inoffensif même recopié dans une page HTML."""
    texte = json.dumps(valeur, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Marqueurs(folium.MacroElement):
    """Les marqueurs d'un territoire, ajoutés à son sous-groupe depuis des données JSON."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            maillagePoints({{ this._parent.get_name() }}, {{ this.donnees }}, {{ this.classe|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, points: list[dict], classe: str):
        super().__init__()
        self._name = "Marqueurs"
        self.donnees = json_sur(points)
        self.classe = classe


class Outils(folium.MacroElement):
    """Fonctions communes du script : bulles construites dans le DOM (jamais innerHTML)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        function maillagePoints(groupe, points, classe) {
            points.forEach(function (p) {
                var icone = L.divIcon({className: "pa-marqueur " + classe, iconSize: [32, 32],
                                       iconAnchor: [16, 16], popupAnchor: [0, -14]});
                var marqueur = L.marker([p.lat, p.lon], {icon: icone, title: p.structure,
                                                         alt: p.structure, riseOnHover: true});
                marqueur.bindPopup(function () { return maillageBulle(p); });
                marqueur.maillageId = p.id;
                marqueur.addTo(groupe);
            });
        }
        function maillageBulle(p) {
            var bulle = document.createElement("div");
            function ligne(balise, texte, classe) {
                var e = document.createElement(balise);
                e.textContent = texte;
                if (classe) { e.className = classe; }
                bulle.appendChild(e);
                return e;
            }
            ligne("strong", p.structure, "pa-bulle__titre");
            ligne("span", p.type, "pa-bulle__type");
            ligne("span", p.adresse + (p.approx ? " (position approximative)" : ""));
            ligne("span", p.accueil);
            if (p.contact) { ligne("span", "Contact : " + p.contact); }
            var liens = ligne("span", "", "pa-bulle__liens");
            var itineraire = document.createElement("a");
            itineraire.href = "https://www.openstreetmap.org/directions?route=%3B" + p.lat + "%2C" + p.lon
                + "#map=15/" + p.lat + "/" + p.lon;
            itineraire.textContent = "Itinéraire";
            itineraire.rel = "noopener";
            var fiche = document.createElement("a");
            fiche.href = p.lien;
            fiche.textContent = "Détails dans la liste";
            liens.appendChild(itineraire);
            liens.appendChild(document.createTextNode(" · "));
            liens.appendChild(fiche);
            return bulle;
        }
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "Outils"


def _auto_heberger(element, url: dict) -> None:
    """Remplace les CDN de folium par nos copies, sur cette instance seulement."""
    if isinstance(element, folium.Map):
        element.default_js = [("leaflet", url["leaflet_js"])]
        element.default_css = [("leaflet_css", url["leaflet_css"])]
    elif isinstance(element, MarkerCluster):
        element.default_js = [("markerclusterjs", url["markercluster_js"])]
        element.default_css = [
            ("markerclustercss", url["markercluster_css"]),
            ("markerclusterdefaultcss", url["markercluster_default_css"]),
        ]
    elif isinstance(element, FeatureGroupSubGroup):
        element.default_js = [("featuregroupsubgroupjs", url["subgroup_js"])]
    elif isinstance(element, LocateControl):
        element.default_js = [("Control_locate_min_js", url["locate_js"])]
        element.default_css = [("Control_locate_min_css", url["locate_css"])]
    elif hasattr(element, "default_js") and (element.default_js or element.default_css):
        raise ValueError(f"élément folium {type(element).__name__} avec des bibliothèques non auto-hébergées")


def _parcourir(element):
    yield element
    for enfant in element._children.values():
        yield from _parcourir(enfant)


def rendre(plan: dict) -> dict:
    """La carte du plan : un sous-groupe par territoire, une seule grappe, une légende.

    Renvoie {"css": [...], "js": [...], "id_div": ..., "script": ...}, en données JSON.
    """
    carte = folium.Map(
        location=[50.63, 3.06], zoom_start=10, tiles=None, control_scale=True, max_zoom=plan["zoom_max"]
    )
    folium.TileLayer(
        tiles=plan["tuiles"],
        attr=plan["attribution"],
        name="Plan",
        max_zoom=plan["zoom_max"],
        control=False,
    ).add_to(carte)
    Outils().add_to(carte)
    grappe = MarkerCluster(
        control=False, options={"showCoverageOnHover": False, "spiderfyDistanceMultiplier": 2}
    ).add_to(carte)
    for territoire in plan["territoires"]:
        slug = territoire["slug"]
        # Leaflet affiche le nom des couches en HTML : le libellé est échappé ici.
        nom = f'<span class="pa-pastille pa-t-{slug}"></span> {html.escape(territoire["libelle"])}'
        groupe = FeatureGroupSubGroup(grappe, name=nom, show=True).add_to(carte)
        Marqueurs(territoire["points"], f"pa-t-{slug}").add_to(groupe)
    # Légende dépliée sur grand écran ; repliée (bouton) sur un téléphone, où elle cacherait la carte.
    folium.LayerControl(collapsed=JsCode("window.matchMedia('(max-width: 40rem)').matches")).add_to(carte)
    LocateControl(
        strings={
            "title": "Me localiser sur la carte",
            "popup": "Vous êtes à moins de {distance} {unit} de ce point",
            "outsideMapBoundsMsg": "Vous semblez être hors de la zone de la carte",
            "metersUnit": "mètres",
            "feetUnit": "pieds",
        },
        flyTo=True,
    ).add_to(carte)
    if plan["bornes"]:
        carte.fit_bounds(plan["bornes"], padding=[20, 20])

    for numero, element in enumerate(_parcourir(carte)):
        element._id = f"{numero:02d}"
        _auto_heberger(element, plan["bibliotheques"])
    carte._name, carte._id = "carte", "points_accueil"
    figure = carte.get_root()
    figure.render()
    css, js = [], []
    for element in _parcourir(carte):
        css += [lien for _nom, lien in getattr(element, "default_css", []) if lien not in css]
        js += [lien for _nom, lien in getattr(element, "default_js", []) if lien not in js]
    return {"css": css, "js": js, "id_div": carte.get_name(), "script": figure.script.render().strip() + "\n"}
