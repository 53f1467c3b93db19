"""Graphiques SVG des séries, dessinés au build par pygal (aucun script, aucune requête).

Le SVG porte `<title>` et `<desc>` (lus par les lecteurs d'écran) et s'adapte à la largeur
de l'écran (viewBox, pas de taille fixe). La même série donne toujours les mêmes octets :
pas d'identifiant aléatoire ni de date dans le fichier.
"""

from __future__ import annotations

import sys

from lxml import etree

# pygal ajoute à sys.meta_path un chercheur de modules à l'ancienne (sans `find_spec`) pour ses
# cartes `pygal.maps.*`, que nous n'utilisons pas : Python 3.11 émet alors un ImportWarning à
# chaque import manqué du processus (fontTools en fait pour ses dépendances facultatives).
# On le retire aussitôt ; Python 3.12 l'ignore de toute façon.
_CHERCHEURS = list(sys.meta_path)
import pygal  # noqa: E402
from pygal.style import Style  # noqa: E402

from .modeles import Serie, description, formater  # noqa: E402

sys.meta_path[:] = [c for c in sys.meta_path if c in _CHERCHEURS or hasattr(c, "find_spec")]

CSS_PYGAL = tuple(pygal.Config().css)  # feuilles de style par défaut de pygal

NS_SVG = "http://www.w3.org/2000/svg"
# La valeur écrite au bout de chaque barre, un peu décollée de la barre : au-dessus (à droite) d'une
# barre positive, au-dessous (à gauche) d'une barre négative, hors de la barre dans les deux cas.
CSS_VERTICAL = (
    "inline:.text-overlay text.value{transform:translateY(-6px)}"
    ".text-overlay text.value.negative{transform:translateY(6px)}"
)
CSS_HORIZONTAL = (
    "inline:.text-overlay text.value{text-anchor:start;transform:translateX(6px)}"
    ".text-overlay text.value.negative{text-anchor:end;transform:translateX(-6px)}"
)
CSS_MANQUANT = "inline:.text-overlay text.value.manquante{font-style:italic}"
# Écrit dans le graphique à la place d'une valeur que la source ne donne pas (la page l'explique).
ABREGE_MANQUANT = "n.c."
MARGE_VALEURS = 0.18  # part de l'échelle laissée au bout des barres pour y écrire leur valeur
TAILLE_TEXTE = 19  # px du dessin ; un dessin de 480 px de large reste lisible réduit sur un téléphone
POLICE = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, "DejaVu Sans", sans-serif'


def _style(couleurs: tuple[str, ...]) -> Style:
    return Style(
        colors=couleurs,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#d5dbe1",
        font_family=POLICE,
        label_font_size=TAILLE_TEXTE,
        major_label_font_size=TAILLE_TEXTE,
        value_font_size=TAILLE_TEXTE,
        value_label_font_size=TAILLE_TEXTE,
        title_font_size=20,
        legend_font_size=TAILLE_TEXTE,
        value_colors=("#1f2933",),
        guide_stroke_color="#c3cbd3",
        major_guide_stroke_color="#c3cbd3",
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        opacity=1,
        opacity_hover=1,
    )


def _point(valeur):
    """Une barre pour pygal : la valeur, ou une barre vide marquée « n.c. » si elle est manquante.

    pygal ne dessine rien pour None : l'année manquante était une place vide, sans un mot.
    """
    if valeur is None or not valeur.manquante:
        return None if valeur is None else valeur.nombre
    return {"value": 0, "formatter": lambda _nombre: ABREGE_MANQUANT}


def _sorte(valeur) -> str | None:
    """Classe du texte de la valeur (« negative », « manquante », ""), None s'il n'y en a pas."""
    if valeur is None:
        return None
    if valeur.manquante:
        return "manquante"
    return "negative" if valeur.nombre < 0 else ""


def _classer_valeurs(series: list[list[str | None]]):
    """Filtre XML de pygal : la classe de chaque valeur écrite (pygal n'en écrit pas pour None)."""

    def filtre(racine):
        for rang, sortes in enumerate(series):
            textes = racine.xpath(
                "//*[contains(concat(' ', @class, ' '), ' text-overlay ')]"
                f"/*[contains(concat(' ', @class, ' '), ' serie-{rang} ')]/*[local-name()='text']"
            )
            for texte, sorte in zip(textes, [s for s in sortes if s is not None], strict=True):
                if sorte:
                    texte.set("class", f"{texte.get('class')} {sorte}")
        return racine

    return filtre


def _accessible(ident: str, titre: str, desc: str):
    """Filtre XML de pygal : identifiant stable, `<title>`/`<desc>` en tête, ni commentaire ni script.

    pygal joint toujours sa configuration en JavaScript (pour ses infobulles) : une image SVG
    n'exécute aucun script, on la retire (4 Ko de moins par graphique).
    """

    def filtre(racine):
        # pygal crée ses éléments sans espace de noms (ils en héritent à l'écriture) : local-name().
        inutiles = "//comment() | //*[local-name()='script'] | /*/*[local-name()='title']"
        for inutile in racine.xpath(inutiles):
            inutile.getparent().remove(inutile)
        racine.set("id", f"graphique-{ident}")
        racine.set("role", "img")
        racine.set("aria-labelledby", f"graphique-{ident}-titre graphique-{ident}-desc")
        racine.set("lang", "fr")
        element_desc = etree.Element(f"{{{NS_SVG}}}desc", id=f"graphique-{ident}-desc")
        element_desc.text = desc
        element_titre = etree.Element(f"{{{NS_SVG}}}title", id=f"graphique-{ident}-titre")
        element_titre.text = titre
        racine.insert(0, element_desc)
        racine.insert(0, element_titre)
        return racine

    return filtre


def dessiner(serie: Serie, nom_territoire, couleurs: tuple[str, ...], largeur: int, hauteur: int) -> str:
    """Le SVG (texte) du graphique d'une série : barres par année, barres horizontales par territoire."""
    desc = description(serie, nom_territoire)
    options = dict(
        style=_style(couleurs),
        width=largeur,
        height=hauteur,
        explicit_size=False,
        js=[],
        no_prefix=True,
        disable_xml_declaration=True,
        print_values=True,
        print_values_position="top",
        show_y_guides=False,
        show_x_guides=False,
        margin=12,
        value_formatter=lambda n: formater(n, serie.unite),
        no_data_text="aucune donnée",
        classes=["graphique"],
    )
    connues = [v.nombre for v in serie.valeurs if not v.manquante]
    # De la place au bout de la plus grande barre (et de la plus négative) pour y écrire sa valeur.
    haut, bas = max([1, *connues]), min([0, *connues])
    marge = (haut - bas) * MARGE_VALEURS
    options["range"] = (bas - marge if bas < 0 else 0, haut + marge)
    if serie.unite == "%":
        options["range"] = (0, 100)  # une part se lit sur toute l'échelle
    if serie.par_territoire:
        annees = [a for a in serie.annees if any(not v.manquante for v in serie.valeurs if v.annee == a)]
        # Chaque barre porte sa valeur : pas d'axe gradué, moins à lire sur un téléphone (pygal
        # échange les axes des barres horizontales : les catégories sont alors les « y »).
        graphique = pygal.HorizontalBar(
            show_legend=len(annees) > 1,
            legend_at_bottom=True,
            show_x_labels=False,
            css=[*CSS_PYGAL, CSS_HORIZONTAL, CSS_MANQUANT],
            **options,
        )
        # pygal dessine la première catégorie en bas : on inverse pour lire de haut en bas.
        territoires = serie.territoires[::-1]
        graphique.x_labels = [nom_territoire(t) for t in territoires]
        series = [[serie.valeur(annee, t) for t in territoires] for annee in annees]
        for annee, valeurs in zip(annees, series, strict=True):
            graphique.add(str(annee), [_point(v) for v in valeurs])
    else:
        graphique = pygal.Bar(
            show_legend=False, show_y_labels=False, css=[*CSS_PYGAL, CSS_VERTICAL, CSS_MANQUANT], **options
        )
        graphique.x_labels = [str(v.annee) for v in serie.valeurs]
        series = [list(serie.valeurs)]
        graphique.add(serie.titre, [_point(v) for v in serie.valeurs])
    graphique.add_xml_filter(_classer_valeurs([[_sorte(v) for v in valeurs] for valeurs in series]))
    graphique.add_xml_filter(_accessible(serie.id, serie.titre, desc))
    return graphique.render(is_unicode=True)
