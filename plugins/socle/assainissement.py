"""HTML rendu du Markdown du personnel, assaini par nh3 avec une liste explicite de ce qui est permis.

Le Markdown laisse passer le HTML brut et toute adresse de lien : un `<img onerror>` dans un résumé
ou un lien `javascript:` s'exécuteraient chez le visiteur (pages, flux, lettre). Ce qui est permis est
ce dont le personnel a besoin (liens, emphase, listes, images, tableaux, titres, notes, code) ;
tout le reste est retiré, et `retraits` dit quoi, pour que `make check` le signale.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import nh3

from .erreurs import AVERTISSEMENT, Probleme

BALISES = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "u", "ul", "var",
    }
)  # fmt: skip
ATTRIBUTS = {
    "*": {"class", "id", "lang", "title"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# Les adresses relatives (« /points-accueil/ », « {static}/images/… ») sont gardées telles quelles.
SCHEMAS = frozenset({"http", "https", "mailto", "tel"})
# Les tableaux de Markdown alignent les colonnes par « style="text-align: …" ».
STYLES = frozenset({"text-align"})
ATTRIBUTS_ADRESSE = ("href", "src", "cite")


def assainir(html: str) -> str:
    """Le HTML sans rien d'autre que ce que permettent BALISES, ATTRIBUTS et SCHEMAS."""
    if not html:
        return html
    return nh3.clean(
        html,
        tags=set(BALISES),
        attributes={balise: set(noms) for balise, noms in ATTRIBUTS.items()},
        url_schemes=set(SCHEMAS),
        filter_style_properties=set(STYLES),
        link_rel=None,
        strip_comments=True,
    )


class _Inventaire(HTMLParser):
    """Balises et attributs d'un fragment HTML, comptés."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.balises: Counter = Counter()
        self.attributs: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.balises[tag] += 1
        for nom, valeur in attrs:
            valeur = (valeur or "").strip()
            if nom == "style":  # nh3 récrit « text-align: left; » en « text-align:left »
                valeur = re.sub(r"\s+", "", valeur).rstrip(";").lower()
            self.attributs[(tag, nom, valeur)] += 1

    handle_startendtag = handle_starttag


def _inventaire(html: str) -> _Inventaire:
    inventaire = _Inventaire()
    inventaire.feed(html)
    inventaire.close()
    return inventaire


def _court(texte: str, longueur: int = 40) -> str:
    texte = re.sub(r"\s+", " ", texte)
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


def retraits(html: str, propre: str | None = None) -> list[tuple[str, str]]:
    """Ce que `assainir` retire de `html` : (message en français, texte à chercher dans la source).

    Une entrée par balise, attribut ou adresse retirés ; le texte à chercher (« <script », « onerror »,
    l'adresse) permet de donner la ligne du fichier Markdown. `propre` : `assainir(html)`, si
    l'appelant l'a déjà (nh3 ne passe alors qu'une fois).
    """
    if not html or "<" not in html:
        return []
    if propre is None:
        propre = assainir(html)
    if propre == html:  # le cas courant : rien de retiré, inutile d'inventorier les deux versions
        return []
    avant, apres = _inventaire(html), _inventaire(propre)
    retirees = avant.balises - apres.balises
    messages = [(f"balise <{b}> retirée", f"<{b}") for b in sorted(retirees)]
    for balise, nom, valeur in sorted(avant.attributs - apres.attributs):
        if balise in retirees:
            continue
        if nom in ATTRIBUTS_ADRESSE and nom in ATTRIBUTS.get(balise, ()):
            message = f"adresse « {_court(valeur)} » retirée de <{balise}> (seuls http, https, mailto, tel)"
            messages.append((message, valeur))
        elif nom == "style":
            messages.append((f"style « {_court(valeur)} » retiré de <{balise}>", "style"))
        else:
            messages.append((f"attribut « {nom} » retiré de <{balise}>", nom))
    return messages


def avertissements_retraits(
    html: str,
    affiche: str,
    conseil: str,
    source: str = "",
    premiere: int = 1,
    prefixe: str = "",
    propre: str | None = None,
) -> list[Probleme]:
    """Un avertissement par élément que la publication retirera de `html`, rendu de `source`.

    La ligne est celle de `source` (qui commence à la ligne `premiere`) où figure l'élément ;
    sans `source` (un en-tête d'une ligne), c'est `premiere`.
    """
    return [
        Probleme(
            affiche,
            ligne_de(source, indice, premiere),
            f"{prefixe}{message} à la publication",
            conseil,
            AVERTISSEMENT,
        )
        for message, indice in retraits(html, propre)
    ]


def ligne_de(source: str, indice: str, premiere: int = 1) -> int:
    """Numéro de la première ligne de `source` (qui commence à la ligne `premiere`) où figure `indice`."""
    position = source.lower().find(indice.lower()) if indice else -1
    return premiere + (source.count("\n", 0, position) if position >= 0 else 0)
