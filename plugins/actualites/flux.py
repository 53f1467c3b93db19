"""Flux Atom/RSS dont l'identifiant de chaque entrée est l'`uid` de l'actualité.

Pelican dérive l'identifiant d'une entrée de son URL et de sa date : changer le titre, le slug
ou la date ferait réapparaître l'actualité comme « nouvelle » chez les abonnés. Au signal
`feed_generated` (flux rempli, pas encore écrit), on ne remplace que `unique_id` de chaque entrée
qui est une actualité à `uid`, et l'identifiant du flux lui-même : Pelican donne à tous ses flux
(le flux général et celui de chaque mot-clé) l'adresse du site, un même `<id>` pour des flux
différents ; chacun prend ici sa propre adresse. Ce que les lecteurs de flux lisent encore : la
langue du flux (Pelican n'en donne pas), en RSS `isPermaLink="false"` sur ces identifiants (sinon
la norme les tient pour l'adresse de l'entrée), et l'association pour auteur des actualités sans
auteur (Pelican écrit un `<name/>` vide), et le titre qu'annoncent les pages (« Maillage : actualités »).
Tout le reste est le rendu de Pelican.
"""

from __future__ import annotations

from itertools import chain


def identifiant_stable(uid: str) -> str:
    return f"urn:uuid:{uid.lower()}"


def adresse_relative(lien: str, siteurl: str) -> str:
    """L'adresse (`article.url`) d'une entrée de flux, d'après le lien que Pelican lui a donné."""
    return lien.removesuffix("?ref=feed").removeprefix(siteurl).lstrip("/")


def titre_du_flux(titre: str, nom_du_site: str, nom: str) -> str:
    """Le titre que le lecteur de flux affiche, celui qu'annoncent les pages (`<link rel=alternate>`) :
    « Maillage : actualités », « Maillage : Emploi », au lieu de « Maillage » et « Maillage - Emploi »
    (titres de Pelican : SITENAME, ou SITENAME, « - » et le mot-clé)."""
    if titre == nom_du_site:
        return f"{nom} : actualités"
    if titre.startswith(f"{nom_du_site} - "):
        return f"{nom} : {titre.removeprefix(f'{nom_du_site} - ')}"
    return titre


CLE_UIDS = "ACTUALITES_UIDS_PAR_ADRESSE"  # dans le contexte du build : calculé au premier flux


def uids_par_adresse(articles) -> dict[str, str]:
    return {
        article.url: article.uid
        for article in chain(articles, *(a.translations for a in articles))
        if getattr(article, "uid", None)
    }


def identifiants_stables(context, feed) -> None:
    """Signal `feed_generated` : `urn:uuid:<uid>` pour chaque entrée qui est une actualité à uid,
    l'adresse du flux pour identifiant du flux, sa langue, un auteur à chaque entrée.

    Les flux d'un build reçoivent tous le même contexte, où les actualités sont déjà toutes lues.
    """
    if CLE_UIDS not in context:
        context[CLE_UIDS] = uids_par_adresse(context.get("articles") or ())
    uids = context[CLE_UIDS]
    if feed.feed.get("feed_url"):
        feed.feed["id"] = feed.feed["feed_url"]
    if not feed.feed.get("language"):
        feed.feed["language"] = context.get("DEFAULT_LANG")
    association = context.get("ASSOCIATION")
    auteur = association.nom if association else context.get("SITENAME")
    feed.feed["title"] = titre_du_flux(
        str(feed.feed.get("title") or ""), context.get("SITENAME") or "", auteur
    )
    siteurl = context.get("SITEURL", "")
    for entree in feed.items:
        uid = uids.get(adresse_relative(entree["link"], siteurl))
        if uid:
            entree["unique_id"] = identifiant_stable(uid)
            entree["unique_id_is_permalink"] = False
        if not str(entree.get("author_name") or ""):
            entree["author_name"] = auteur
