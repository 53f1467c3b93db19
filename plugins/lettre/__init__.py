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
        from actualites.verification import fichiers_markdown, lire_date, vocabulaire_du_site
        from socle.entetes import lire_fichier
    except ModuleNotFoundError:
        return problemes
    problemes += mots_cles_des_editions(options, vocabulaire_du_site(settings)[0])
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


def mots_cles_des_editions(options: dict, vocabulaire) -> list:
    """Un mot-clé d'édition hors du vocabulaire ne retiendrait jamais rien : erreur, au lieu d'une édition vide."""
    from socle.erreurs import Probleme

    problemes = []
    for edition in reglages.editions(options):
        for mot in sorted(edition.mots_cles):
            proche = vocabulaire.trouver(mot) or vocabulaire.trouver(vocabulaire.suggestion(mot) or "")
            if proche is not None and proche.slug == mot:
                continue
            conseil = f"vouliez-vous dire « {proche.slug} » ? " if proche is not None else ""
            problemes.append(
                Probleme(
                    "pelicanconf.py",
                    None,
                    f"Réglage LETTRE, édition « {edition.ident} » : mot-clé « {mot} » inconnu de "
                    "data/mots-cles.yml ; l'édition ne retiendrait aucune actualité par lui",
                    f"{conseil}écrivez le slug d'un mot-clé de data/mots-cles.yml, ou ajoutez-le à ce fichier",
                )
            )
    return problemes


def register():
    signals.initialized.connect(valider_reglages)
    signals.get_generators.connect(fournir_generateur)


__all__ = ["register", "verifier", "ajouter_commandes", "adresses", "sources_csp"]
