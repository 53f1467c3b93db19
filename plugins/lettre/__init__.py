"""La lettre : numéros tous les quinze jours, envoyés exactement une fois, archive et inscription.

- `selection`, `calendrier` : logique pure (quelles actualités, quel numéro) ;
- `registre` : les numéros envoyés, figés dans `data/lettre/registre.jsonl`, et les décisions du
  personnel (`data/lettre/registre.yml`) ;
- `generateur` : archive /lettre/, pages des numéros, flux Atom, aperçu du prochain numéro ;
- `message`, `envoi`, `commandes` : courriel RFC 5322 et envoi SMTP reprenable
  (`python gestion.py lettre …`).
"""

from __future__ import annotations

from pelican import signals

from socle import reglages as reglages_socle
from socle.reglages import plugin_actif

from . import reglages
from .commandes import ajouter_commandes
from .generateur import GenerateurLettre, lire_registre, preparer


def adresses(_settings) -> list[str]:
    """Adresses que le plugin écrit (socle.liens : menu et liens suivent PLUGINS)."""
    return ["lettre/"]


def sources_csp(settings) -> dict:
    """Le formulaire d'inscription poste vers le service d'abonnement (socle.securite)."""
    from socle.securite import origine

    return {"form-action": [origine(reglages.lire(settings)["service_url"])]}


def actif(settings) -> bool:
    return plugin_actif(settings, __name__)


def valider_reglages(pelican) -> None:
    if actif(pelican.settings):
        reglages.valider(pelican.settings)


def fournir_generateur(pelican):
    return GenerateurLettre if actif(pelican.settings) else None


def verifier(settings):
    """Pour `make check` : registre lisible, et actualités anciennes jamais envoyées à décider."""
    options = reglages.valider(settings)
    registre, problemes = lire_registre(settings, options)
    try:
        from actualites.verification import fichiers_markdown, lire_date
        from socle.entetes import lire_fichier
    except ModuleNotFoundError:
        return problemes
    from zoneinfo import ZoneInfo

    from .selection import Actualite

    fuseau = ZoneInfo(settings.get("TIMEZONE") or "Europe/Paris")
    aujourdhui = reglages_socle.aujourdhui(settings)
    actualites = []
    for fichier in fichiers_markdown(settings, "ARTICLE_PATHS"):
        try:
            entete = lire_fichier(fichier)
        except UnicodeDecodeError:
            continue  # signalé par le plugin actualités
        uid = (entete.valeur("uid") or "").strip().lower()
        date = lire_date(entete.valeur("date") or "")
        if not uid or date is None or date.date() > aujourdhui or entete.valeur("status") == "draft":
            continue
        mots = tuple(m.strip() for m in (entete.valeur("tags") or "").split(",") if m.strip())
        actualites.append(
            Actualite(uid, entete.valeur("title") or "", date.replace(tzinfo=fuseau), "", "", mots)
        )
    for edition in reglages.editions(options):
        if edition.mots_cles:
            continue  # les éditions filtrées reprennent des actualités de l'édition complète
        _preparation, autres = preparer(settings, options, registre, edition, actualites, [], aujourdhui)
        problemes += autres
    return problemes


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier", "ajouter_commandes", "adresses", "sources_csp"]
