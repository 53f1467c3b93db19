"""Sources d'un numéro : actualités de Pelican, agenda des formations, éditoriaux en Markdown."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import markdown
from markupsafe import Markup

from socle.assainissement import assainir, avertissements_retraits
from socle.erreurs import Probleme, chemin_affiche
from socle.liens import adresse_absolue, adresses_rattachees, liens_pelican_non_traduits
from socle.markdown_site import convertisseur
from socle.reglages import plugin_actif

from .selection import Actualite, RendezVous

logger = logging.getLogger(__name__)


def texte_brut(html) -> str:
    """Texte sans balises ni entités (les titres et résumés sont figés ainsi dans le registre)."""
    return Markup(str(html or "")).striptags()


def reperes_du_site(articles) -> list[tuple[Actualite, object]]:
    """(actualité sans adresse ni résumé, article Pelican) : de quoi choisir celles d'un numéro.

    Les actualités sans uid sont écartées (signalées ailleurs). L'adresse et le résumé coûtent
    (Pelican les calcule pour chacune) et ne servent qu'aux actualités retenues : `avec_details`
    les ajoute à celles-là seulement.
    """
    resultat = []
    for article in articles:
        uid = str(getattr(article, "uid", "") or "").strip().lower()
        if not uid:
            continue
        actualite = Actualite(
            uid=uid,
            titre=str(article.title),  # texte brut dans les en-têtes (le thème l'échappe)
            date=article.date,
            resume="",
            url="",
            mots_cles=tuple(sorted(t.slug for t in getattr(article, "tags", []) or [])),
        )
        resultat.append((actualite, article))
    return resultat


def avec_details(actualite: Actualite, article) -> Actualite:
    """L'actualité avec l'adresse et le résumé (texte brut) de son article."""
    return replace(actualite, resume=texte_brut(getattr(article, "summary", "")), url=article.url)


def depuis_catalogue(rdv) -> RendezVous:
    """Un rendez-vous de `formations.a_venir` (contrat RendezVous) en rendez-vous de lettre."""
    return RendezVous(
        uid=str(rdv.uid),
        genre=str(rdv.genre),
        titre=str(rdv.titre),
        debut=rdv.debut,
        fin=rdv.fin,
        lieu=str(rdv.lieu or ""),
        url=str(rdv.url or ""),
        statut=str(rdv.statut or ""),
        resume=str(rdv.resume or ""),
        mots_cles=tuple(rdv.mots_cles or ()),
        journee_entiere=bool(rdv.journee_entiere),
    )


def agenda_du_site(settings, contexte: dict | None = None) -> list:
    """Formations et événements du catalogue (contrat `formations.a_venir`), si son plugin est actif.

    Les problèmes du catalogue sont signalés par son propre plugin : on ne les répète pas.
    `contexte` : le contexte Pelican du build, que le catalogue lu y soit gardé pour son plugin.
    """
    if not plugin_actif(settings, "formations"):
        logger.info("Lettre : plugin formations absent de PLUGINS, agenda vide")
        return []
    try:
        from formations.a_venir import charger_rendez_vous
    except ModuleNotFoundError as exc:
        if exc.name not in ("formations", "formations.a_venir"):
            raise
        logger.info("Lettre : pas de catalogue de formations, agenda vide")
        return []
    rendez_vous, _problemes = charger_rendez_vous(settings, contexte)
    return rendez_vous


def agenda_de_la_periode(bruts, debut, fin) -> list[RendezVous]:
    """Rendez-vous qui touchent [debut, fin] (jours inclus), hors données d'exemple.

    Une saison de démonstration (« exemple: true ») s'affiche sur le site mais ne part
    jamais chez de vrais abonnés.
    """
    if not bruts:
        return []
    from formations.a_venir import rendez_vous_entre

    return [
        depuis_catalogue(r) for r in rendez_vous_entre(bruts, debut, fin) if not getattr(r, "exemple", False)
    ]


def parus_entre(publications, debut, fin) -> tuple:
    """Les publications (attribut `date`) parues dans ]debut, fin], de la plus ancienne à la plus récente.

    Sert à annoncer dans la lettre les numéros de la Lettre d'infos parus depuis la précédente. Un
    numéro d'exemple (attribut `exemple` vrai) s'affiche sur le site mais n'est jamais annoncé.
    """
    retenues = (p for p in publications if debut < p.date <= fin and not getattr(p, "exemple", False))
    return tuple(sorted(retenues, key=lambda p: p.date))


def chemin_edito(dossier: Path, ident: str, edition: str) -> Path | None:
    """`<numéro>.<édition>.md` s'il existe, sinon `<numéro>.md`, sinon None."""
    for nom in (f"{ident}.{edition}.md", f"{ident}.md"):
        if (dossier / nom).is_file():
            return dossier / nom
    return None


def lire_edito(dossier: Path, ident: str, edition: str, racine: Path) -> tuple[str, list[Probleme]]:
    """Le Markdown de l'éditorial du numéro (vide s'il n'y en a pas)."""
    chemin = chemin_edito(dossier, ident, edition)
    if chemin is None:
        return "", []
    try:
        return chemin.read_text(encoding="utf-8").strip(), []
    except UnicodeDecodeError:
        return "", [
            Probleme(
                chemin_affiche(chemin, racine),
                None,
                "l'éditorial n'est pas en UTF-8",
                "enregistrez-le en UTF-8 depuis votre éditeur",
            )
        ]


_CONVERTISSEURS: dict[str, markdown.Markdown] = {}


def _convertisseur_edito(settings) -> markdown.Markdown:
    """Le Markdown du site (`socle.markdown_site`), créé une fois par réglage MARKDOWN : en charger
    les extensions coûte plus que convertir un éditorial."""
    cle = repr(settings.get("MARKDOWN"))
    if cle not in _CONVERTISSEURS:
        _CONVERTISSEURS[cle] = convertisseur(settings)
    return _CONVERTISSEURS[cle]


def _markdown_edito(texte: str, settings) -> str:
    """Le HTML de l'éditorial tel que le rend Markdown, avant assainissement."""
    convertisseur = _convertisseur_edito(settings)
    convertisseur.reset()
    return convertisseur.convert(texte)


# Cibles Markdown d'un éditorial : `[texte](cible` / `![image](cible` et `[nom]: cible`.
_CIBLE_MARKDOWN = re.compile(r"(\]\(\s*<?)([^)\s>]+)|^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(?:\s|$))", re.M)


def edito_en_html(texte: str, settings, base: str = "") -> Markup:
    """L'éditorial rendu en HTML, assaini (`socle.assainissement`), puis marqué sûr volontairement.

    `base` (adresse absolue du site) : les liens et images relatifs y sont rattachés.
    """
    if not texte:
        return Markup("")
    html = assainir(_markdown_edito(texte, settings))
    if base:
        html = adresses_rattachees(html, base)
    return Markup(html)


def edito_en_texte(texte: str, base: str) -> str:
    """Le Markdown de l'éditorial pour la version texte du courriel, ses adresses rendues absolues."""

    def absolue(m):
        if m[1] is not None:
            return m[1] + adresse_absolue(m[2], base)
        return m[3] + adresse_absolue(m[4], base)

    return _CIBLE_MARKDOWN.sub(absolue, texte)


def retraits_edito(texte: str, affiche: str, settings) -> list[Probleme]:
    """Un avertissement (fichier, ligne) par balise, attribut ou adresse retirés de l'éditorial."""
    return avertissements_retraits(
        _markdown_edito(texte, settings) if texte else "",
        affiche,
        "retirez-le de l'éditorial : seuls les liens, l'emphase, les listes, les images, "
        "les tableaux et les titres sont publiés",
        texte,
    )


def liens_pelican_edito(texte: str, affiche: str) -> list[Probleme]:
    """Un avertissement (fichier, ligne) par lien `{filename}/…` de l'éditorial (`socle.liens`) :
    il partirait tel quel, mort, chez tous les abonnés."""
    return liens_pelican_non_traduits(texte, affiche, "un éditorial")
