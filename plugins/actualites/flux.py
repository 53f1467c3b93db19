"""Flux Atom/RSS dont l'identifiant de chaque entrée est l'`uid` de l'actualité.

Pelican dérive l'identifiant d'une entrée de son URL et de sa date : changer le titre, le slug
ou la date ferait réapparaître l'actualité comme « nouvelle » chez les abonnés. On garde tout
le reste du rendu de Pelican et on ne remplace que `unique_id`. L'écrivain du socle, dont celui-ci
hérite, ne réécrit pas un fichier identique.
"""

from __future__ import annotations

from socle.ecriture import EcrivainSansReecriture


def identifiant_stable(uid: str) -> str:
    return f"urn:uuid:{uid.lower()}"


class EcrivainFluxStables(EcrivainSansReecriture):
    def _add_item_to_the_feed(self, feed, item):
        uid = getattr(item, "uid", None)
        if not uid:
            return super()._add_item_to_the_feed(feed, item)
        ajouter = feed.add_item

        def ajouter_avec_uid(*args, **kwargs):
            kwargs["unique_id"] = identifiant_stable(uid)
            return ajouter(*args, **kwargs)

        feed.add_item = ajouter_avec_uid
        try:
            return super()._add_item_to_the_feed(feed, item)
        finally:
            del feed.add_item
