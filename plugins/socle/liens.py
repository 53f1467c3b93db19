"""Les adresses que le build écrira, pour que menu, pied de page et contenus ne mènent nulle part d'autre.

Chaque plugin de capacité déclare les adresses qu'il écrit par une fonction `adresses(settings)`
(préfixes d'URL, relatifs à SITEURL, par exemple « points-accueil/ »). Un lien du menu vers la
capacité d'un plugin retiré de PLUGINS disparaît du site ; un lien vers une adresse que personne
n'écrit est une erreur signalée par `make check` (et par le build).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from . import reglages
from .entetes import lire_fichier
from .erreurs import AVERTISSEMENT, Probleme, chemin_affiche

# Plugins qui ne déclarent pas (encore) leurs adresses : ce qu'ils écrivent, en dur.
ADRESSES_CONNUES = {"recherche": ("recherche/", "pagefind/")}
_LIEN_ABSOLU = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)
# Liens Markdown vers une adresse du site écrite à partir de la racine : [texte](/chemin/).
_LIEN_MARKDOWN = re.compile(r"\]\((/[^)\s#?]*)")


@dataclass(frozen=True)
class Adresses:
    """Ce que le build écrira : adresses exactes et préfixes ; et les préfixes des capacités retirées."""

    exactes: frozenset[str]
    prefixes: tuple[str, ...]
    retirees: tuple[str, ...]

    def ecrite(self, lien: str) -> bool:
        lien = normaliser(lien)
        return lien in self.exactes or any(lien.startswith(p) for p in self.prefixes)

    def retiree(self, lien: str) -> bool:
        """Le lien mène-t-il à une capacité dont le plugin n'est pas dans PLUGINS ?"""
        lien = normaliser(lien)
        return not self.ecrite(lien) and any(lien.startswith(p) for p in self.retirees)


def normaliser(lien: str) -> str:
    """« /agenda/#x » → « agenda/ » ; « agenda/index.html » → « agenda/ »."""
    lien = lien.split("#")[0].split("?")[0].lstrip("/")
    return lien[: -len("index.html")] if lien.endswith("index.html") else lien


def est_externe(lien: str) -> bool:
    return bool(_LIEN_ABSOLU.match(lien))


def _prefixe(motif: str) -> str:
    """« actualites/{slug}/ » → « actualites/ » ; un motif qui commence par « { » ne dit rien."""
    return motif.split("{")[0]


def _adresses_du_plugin(nom: str, settings) -> tuple[str, ...]:
    try:
        module = importlib.import_module(nom)
    except ImportError:
        return ()
    fonction = getattr(module, "adresses", None)
    if fonction is None:
        return ADRESSES_CONNUES.get(nom, ())
    return tuple(fonction(settings))


def _plugins_disponibles(settings) -> list[str]:
    """Les paquets des dossiers PLUGIN_PATHS (actifs ou non), par nom."""
    noms = set()
    for dossier in settings.get("PLUGIN_PATHS") or []:
        for init in Path(dossier).glob("*/__init__.py"):
            noms.add(init.parent.name)
    return sorted(noms)


def plugins_actifs(settings) -> list[str]:
    return [p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or []]


def slugs_des_pages(settings) -> list[str]:
    """Le slug de chaque page (en-tête « Slug: », sinon le titre passé par `slugify` de Pelican)."""
    from pelican.utils import slugify

    racine = Path(settings["PATH"])
    slugs = []
    for dossier in settings.get("PAGE_PATHS") or []:
        for fichier in sorted((racine / dossier).rglob("*.md")):
            # Le lecteur d'en-têtes de la vérification et du build (« Title : … » compris).
            entete = lire_fichier(fichier)
            if (entete.valeur("status") or "").lower() in ("draft", "hidden", "skip"):
                continue
            slug = entete.valeur("slug") or slugify(
                entete.valeur("title") or fichier.stem,
                regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
            )
            slugs.append(slug)
    return slugs


def adresses_du_build(settings) -> Adresses:
    """Toutes les adresses que ce build écrira, d'après les réglages, les pages et les plugins."""
    exactes = {""}
    for gabarit in settings.get("DIRECT_TEMPLATES") or []:
        save_as = settings.get(f"{gabarit.upper()}_SAVE_AS", f"{gabarit}.html")
        if save_as:
            exactes.add(normaliser(save_as))
    motif_page = settings.get("PAGE_URL") or "{slug}.html"
    for slug in slugs_des_pages(settings):
        exactes.add(normaliser(motif_page.format(slug=slug, lang=settings.get("DEFAULT_LANG", ""))))
    prefixes = set()
    for cle in ("ARTICLE_URL", "TAG_URL", "YEAR_ARCHIVE_URL", "MONTH_ARCHIVE_URL", "DAY_ARCHIVE_URL"):
        if settings.get(cle.replace("_URL", "_SAVE_AS")) and _prefixe(settings.get(cle) or ""):
            prefixes.add(_prefixe(settings[cle]))
    for cle in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS"):
        if settings.get(cle) and "{" in settings[cle]:
            prefixes.add(_prefixe(settings[cle]))
        elif settings.get(cle):
            exactes.add(settings[cle])
    for dossier in settings.get("STATIC_PATHS") or []:
        prefixes.add(dossier.rstrip("/") + "/")
    for meta in (settings.get("EXTRA_PATH_METADATA") or {}).values():
        if meta.get("path"):
            exactes.add(meta["path"])
    prefixes.add(settings.get("THEME_STATIC_DIR", "theme").rstrip("/") + "/")
    actifs = set(plugins_actifs(settings))
    retirees = set()
    for nom in _plugins_disponibles(settings) + sorted(actifs):
        adresses = _adresses_du_plugin(nom, settings)
        (prefixes if nom in actifs else retirees).update(a for a in adresses if a)
    return Adresses(frozenset(exactes), tuple(sorted(prefixes)), tuple(sorted(retirees - prefixes)))


def liens_suivis(liens, adresses: Adresses):
    """Les entrées de menu gardées : sans celles qui mènent à une capacité retirée."""
    return tuple(e for e in liens if est_externe(e.lien) or not adresses.retiree(e.lien))


def problemes_liens(
    settings, association, affiche_identite: str, adresses: Adresses | None = None, contenus: bool = True
):
    """Liens du menu, du pied de page et des contenus vers une adresse que le build n'écrit pas.

    `contenus=False` (le build) : sans relire chaque fichier Markdown pour ses liens, que seul
    `make check` signale.
    """
    adresses = adresses or adresses_du_build(settings)
    problemes = []
    for cle, liens in (
        ("menu", association.menu),
        ("pied_de_page", association.pied_de_page),
        ("acces_rapides", association.acces_rapides),
    ):
        for entree in liens:
            if est_externe(entree.lien) or adresses.ecrite(entree.lien) or adresses.retiree(entree.lien):
                continue
            problemes.append(
                Probleme(
                    affiche_identite,
                    None,
                    f"{cle} : « {entree.titre} » mène à « {entree.lien} », que le build n'écrit pas",
                    "corrigez le lien (une page de content/pages/, ou la capacité d'un plugin de "
                    "PLUGINS) ou retirez l'entrée",
                )
            )
    if not contenus:
        return problemes
    racine = reglages.racine_projet(settings)
    contenu = Path(settings["PATH"])
    for fichier in sorted(contenu.rglob("*.md")):
        try:
            texte = fichier.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # « le fichier n'est pas en UTF-8 » : dit par la vérification de son plugin
        for numero, ligne in enumerate(texte.splitlines(), start=1):
            for lien in _LIEN_MARKDOWN.findall(ligne):
                if adresses.ecrite(lien):
                    continue
                cause = (
                    "sa capacité n'est pas dans PLUGINS (pelicanconf.py)"
                    if adresses.retiree(lien)
                    else "aucune page ne porte cette adresse"
                )
                problemes.append(
                    Probleme(
                        chemin_affiche(fichier, racine),
                        numero,
                        f"lien vers « {lien} », que le build n'écrit pas : {cause}",
                        "corrigez l'adresse, ou liez une page par {filename}/pages/….md",
                    )
                )
    return problemes


# Textes hors contenus Pelican (éditorial de la lettre, numéro de la Lettre d'infos) : écrits comme
# une page du site, mais Pelican ne les lit pas, et ne traduit donc pas leurs adresses.
_SCHEMA = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MARQUES_FICHIER = ("{static}", "{attach}")
_LIEN_PELICAN = re.compile(r"\{(filename|index|tag|category|author)\}[^)\s\]>]*")


def adresse_absolue(adresse: str, base: str) -> str:
    """Une adresse écrite comme dans une page du site, rattachée à la racine du site `base`.

    « /formations/ », « agenda/ » et « {static}/images/x.png » partent de la racine du site (un
    courriel n'a pas d'adresse de départ ; la page d'un numéro lirait « agenda/ » sous elle-même) ;
    les adresses complètes (https:, mailto:…) et les ancres restent telles quelles.
    """
    for marque in _MARQUES_FICHIER:
        if adresse.startswith(marque):
            adresse = adresse[len(marque) :]
    if not adresse or adresse.startswith(("#", "//")) or _SCHEMA.match(adresse):
        return adresse
    racine, chemin = base.rstrip("/") + "/", adresse.lstrip("/")
    # Une racine relative (« ../../ », RELATIVE_URLS) : urljoin la perdrait.
    return urljoin(racine, chemin) if _SCHEMA.match(racine) else racine + chemin


def adresses_rattachees(html: str, base: str, attributs: tuple[str, ...] = ("href", "src")) -> str:
    """Le HTML, chaque adresse de ses `attributs` passée par `adresse_absolue`."""
    motif = re.compile(rf'(\s(?:{"|".join(attributs)})=")([^"]*)(")')
    return motif.sub(lambda m: m[1] + adresse_absolue(m[2], base) + m[3], html)


def liens_pelican_non_traduits(
    texte: str, affiche: str, ou: str, gravite: str = AVERTISSEMENT, premiere_ligne: int = 1
) -> list[Probleme]:
    """Un problème (fichier, ligne) par lien `{filename}/…` (ou `{index}`, `{tag}`…) du texte.

    Hors contenus Pelican, ces liens ne sont pas traduits en adresses : ils resteraient morts.
    `{static}` l'est (voir `adresse_absolue`). `ou` : « un éditorial », « un numéro »…
    `premiere_ligne` : numéro, dans le fichier, de la première ligne de `texte`.
    """
    problemes = []
    for numero, ligne in enumerate(texte.splitlines(), start=premiere_ligne):
        for lien in _LIEN_PELICAN.finditer(ligne):
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"lien « {lien[0]} » : dans {ou}, {{{lien[1]}}} n'est pas traduit en adresse",
                    "écrivez l'adresse de la page telle qu'elle est sur le site, par exemple "
                    "[nos formations](/formations/)",
                    gravite,
                )
            )
    return problemes
