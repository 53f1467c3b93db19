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
        # le dépôt, la branche, et le service OAuth (base_url / auth_endpoint). Voir docs/publier.md.
        "depot": MappingProxyType({"name": "github", "repo": "maillage/site", "branch": "main"}),
        # Brouillons en branches / merge requests (publish_mode: editorial_workflow de Decap).
        "flux_editorial": True,
        # Images envoyées depuis l'éditeur : dossier du dépôt, et chemin écrit dans le Markdown.
        "dossier_images": "content/images",
        "chemin_images": "{static}/images",
    }
)


def lire(settings) -> dict:
    """Réglages complets ; lève ValueError sur une clé inconnue."""
    options = fusionner(settings, "EDITEUR", DEFAUTS)
    return {**options, "depot": dict(options["depot"])}
