"""Réglages de l'éditeur en ligne (clé EDITEUR), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Adresse de l'éditeur dans le site construit.
        "chemin": "admin/",
        # Éditeur local (`make editeur`) : adresse du proxy decap-server sur 127.0.0.1 ; None en
        # production, où l'éditeur parle à l'hébergeur du dépôt (réglage « depot »).
        "proxy_local": None,
        # Hébergeur du dépôt, passé tel quel à Decap CMS (« backend ») : github, gitlab ou gitea,
        # le dépôt (« repo », propre à chaque site : aucun par défaut), la branche, et le service
        # OAuth (base_url / auth_endpoint). Voir docs/publier.md.
        "depot": MappingProxyType({"name": "github", "repo": "", "branch": "main"}),
        # Brouillons en branches / merge requests (publish_mode: editorial_workflow de Decap).
        "flux_editorial": True,
        # Images envoyées depuis l'éditeur : dossier du dépôt, et chemin écrit dans le Markdown.
        "dossier_images": "content/images",
        "chemin_images": "{static}/images",
    }
)


EXEMPLE_DEPOT = '{"name": "github", "repo": "mon-association/site", "branch": "main"}'


def lire(settings) -> dict:
    """Réglages complets ; lève ValueError sur une clé inconnue."""
    options = fusionner(settings, "EDITEUR", DEFAUTS)
    return {**options, "depot": dict(options["depot"])}


def valider(settings) -> dict:
    """Au démarrage et pour `make check` : `lire`, et un dépôt indiqué dès que l'éditeur est publié.

    Sans proxy local, l'éditeur écrit dans le dépôt « repo » ; un site qui n'a pas encore réglé le
    sien aurait un éditeur qui ne sait où écrire (ou, avant, qui visait le dépôt d'un autre site).
    """
    options = lire(settings)
    if not options["proxy_local"] and not str(options["depot"].get("repo") or "").strip():
        raise ValueError(
            "Réglage EDITEUR : le dépôt du site n'est pas indiqué (clé « repo » de « depot ») ; "
            "l'éditeur en ligne ne saurait pas où écrire. Ajoutez dans pelicanconf.py : "
            f'EDITEUR = {{"depot": {EXEMPLE_DEPOT}}} (docs/publier.md), ou retirez « editeur » de PLUGINS'
        )
    return options
