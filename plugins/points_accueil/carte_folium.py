"""Rendu folium de la carte, à partir du plan en données JSON préparé par `carte.py`.

Ce que folium ne fait pas pour nous, et que nous faisons ici :
- bibliothèques auto-hébergées : les listes de CDN (`default_js`/`default_css`) sont remplacées
  sur chaque instance (jamais sur la classe, qui servirait aux cartes suivantes) ;
- les données ne passent jamais par folium : branca relit comme gabarit Jinja le script que
  rend chaque élément (deux passages), et folium insère `popup=`/`tooltip=` tels quels dans du
  JavaScript. folium ne dessine que le fond, la grappe et la localisation, à partir des
  réglages ; les territoires et les points sont ajoutés ensuite, hors de tout gabarit, en JSON
  (`json.dumps`, `<`, `>` et `&` échappés) avec nos fonctions, qui construisent bulles et
  légende avec `textContent` ;
- identifiants déterministes (folium en tire au hasard à chaque build) ;
- une seule grappe (MarkerCluster) pour tous les territoires, via des sous-groupes.

Importer folium coûte plus d'une demi-seconde (numpy, requests, branca…) : seul ce module le
fait, et seulement quand la carte n'est pas dans le cache (`carte.py`).
"""

from __future__ import annotations

import json

import folium
from folium.plugins import LocateControl, MarkerCluster


def json_sur(valeur) -> str:
    """JSON sans `<`, `>` ni `&` bruts : inoffensif même recopié dans une page HTML."""
    texte = json.dumps(valeur, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Nos fonctions, ajoutées après le script de folium sans passer par aucun gabarit : ni elles
# ni les données ne sont jamais lues par Jinja (branca relit comme gabarit tout ce que rend une
# macro : un `{{ 7*7 }}` dans un nom de structure y devenait `49`, et pire).
FONCTIONS_JS = r"""
function pointsEchapper(texte) {
    var entites = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
    return String(texte).replace(/[&<>"']/g, function (c) { return entites[c]; });
}
function pointsCarte(carte, grappe, donnees) {
    var couches = {};
    donnees.territoires.forEach(function (t) {
        var classe = "pa-t-" + t.slug;
        var groupe = L.featureGroup.subGroup(grappe).addTo(carte);
        pointsMarqueurs(groupe, t.points, classe);
        // Leaflet affiche le nom des couches en HTML : le libellé est échappé ici.
        couches['<span class="pa-pastille ' + classe + '"></span> ' + pointsEchapper(t.libelle)] = groupe;
    });
    // Légende dépliée sur grand écran ; repliée (bouton) sur un téléphone, où elle cacherait la carte.
    L.control.layers(null, couches, {collapsed: window.matchMedia("(max-width: 40rem)").matches})
        .addTo(carte);
}
function pointsMarqueurs(groupe, points, classe) {
    points.forEach(function (p) {
        var icone = L.divIcon({className: "pa-marqueur " + classe, iconSize: [32, 32],
                               iconAnchor: [16, 16], popupAnchor: [0, -14]});
        var marqueur = L.marker([p.lat, p.lon], {icon: icone, title: p.structure,
                                                 alt: p.structure, riseOnHover: true});
        marqueur.bindPopup(function () { return pointsBulle(p); });
        marqueur.pointId = p.id;
        marqueur.addTo(groupe);
    });
}
function pointsBulle(p) {
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
"""
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
    """La carte du plan : fond, une seule grappe, localisation ; puis les points, en JSON.

    folium ne reçoit que les réglages (fond de plan, attribution) et des nombres ; les données
    (territoires, points) sont ajoutées après son rendu, en JSON, avec nos fonctions.
    Renvoie {"css": [...], "js": [...], "id_div": ..., "script": ...}, en données JSON.
    """
    # Centre initial : celui des points (la carte est ensuite cadrée sur eux) ; sans point, la France.
    bornes = plan["bornes"]
    centre = [(bornes[0][0] + bornes[1][0]) / 2, (bornes[0][1] + bornes[1][1]) / 2] if bornes else [46.6, 2.4]
    carte = folium.Map(
        location=centre,
        zoom_start=10 if bornes else 5,
        tiles=None,
        control_scale=True,
        max_zoom=plan["zoom_max"],
    )
    folium.TileLayer(
        tiles=_verifier_reglage("tuiles", plan["tuiles"]),
        attr=_verifier_reglage("attribution", plan["attribution"]),
        name="Plan",
        max_zoom=plan["zoom_max"],
        control=False,
    ).add_to(carte)
    grappe = MarkerCluster(
        control=False, options={"showCoverageOnHover": False, "spiderfyDistanceMultiplier": 2}
    ).add_to(carte)
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
        carte.fit_bounds([[float(x) for x in coin] for coin in plan["bornes"]], padding=[20, 20])

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
    # Sous-groupes créés par nos fonctions (après la grappe, avant la localisation).
    js.insert(js.index(plan["bibliotheques"]["markercluster_js"]) + 1, plan["bibliotheques"]["subgroup_js"])
    donnees = {"territoires": plan["territoires"]}
    appel = f"pointsCarte({carte.get_name()}, {grappe.get_name()}, {json_sur(donnees)});\n"
    script = figure.script.render().strip() + "\n" + FONCTIONS_JS.lstrip() + appel
    return {"css": css, "js": js, "id_div": carte.get_name(), "script": script}
