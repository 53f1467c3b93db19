"""Réglages du socle : valeurs par défaut en un seul endroit, fusion sans mutation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType

DEFAUTS = MappingProxyType(
    {
        # Dossier des données YAML (absolu, ou relatif au dossier parent de PATH).
        "donnees": "data",
        # Fichier d'identité de l'association, relatif au dossier des données.
        "association": "association.yml",
        # Publication : toute erreur de contenu ou de données arrête le build.
        "strict": False,
        # Date « du jour » du build (passé / à venir) ; None = aujourd'hui à Paris.
        "date_construction": None,
        # Nombre d'actualités sur la page d'accueil.
        "accueil_actualites": 5,
        # Images (JPEG, PNG, WebP) : publiées réduites à cette largeur en pixels (colonne de texte du
        # thème, 46rem, sur un écran haute densité) ; avertissement au-delà, ou au-delà de ce poids.
        "image_largeur_max": 1200,
        "image_poids_max_ko": 500,
    }
)


def fusionner(settings, cle: str, defauts) -> dict:
    """Réglages d'un plugin : `settings[cle]` par-dessus `defauts`, sans rien modifier.

    Une clé inconnue est une faute de frappe probable : on la refuse tout de suite.
    """
    fournis = settings.get(cle) or {}
    inconnues = sorted(set(fournis) - set(defauts))
    if inconnues:
        raise ValueError(
            f"Réglage {cle} : clé(s) inconnue(s) {', '.join(inconnues)} ; "
            f"clés possibles : {', '.join(sorted(defauts))}"
        )
    fusion = {**defauts, **fournis}
    if "textes" in defauts:
        fusion["textes"] = fusionner_textes(cle, fournis.get("textes"), defauts["textes"])
    return fusion


def fusionner_textes(cle: str, fournis, defauts) -> dict:
    """Textes d'un plugin (titres, phrases des pages) : ceux du site par-dessus les défauts.

    Les défauts lisent bien pour toute association ; `{nom}` y désigne le nom de l'association
    (`data/association.yml`), remplacé à l'affichage. Une clé inconnue est refusée.
    """
    fournis = fournis or {}
    inconnues = sorted(set(fournis) - set(defauts))
    if inconnues:
        raise ValueError(
            f"Réglage {cle}['textes'] : clé(s) inconnue(s) {', '.join(inconnues)} ; "
            f"clés possibles : {', '.join(sorted(defauts))}"
        )
    return {**defauts, **{k: str(v) for k, v in fournis.items()}}


def lire(settings) -> dict:
    return fusionner(settings, "SOCLE", DEFAUTS)


def dossier_donnees(settings) -> Path:
    """Dossier `data/` : absolu, ou relatif au dossier qui contient `content/`."""
    chemin = Path(lire(settings)["donnees"])
    if chemin.is_absolute():
        return chemin
    return Path(settings["PATH"]).parent / chemin


def racine_projet(settings) -> Path:
    """Dossier du projet (parent de `content/`), pour afficher des chemins courts."""
    return Path(settings["PATH"]).parent


def racine_depot(settings) -> Path:
    """Dossier du dépôt git qui contient le projet (le premier, en remontant, qui a un `.git`),
    sinon celui du projet : l'éditeur en ligne écrit dans le dépôt, ses chemins partent de là
    (un site peut vivre dans un sous-dossier, comme exemples/mesclun)."""
    projet = racine_projet(settings).resolve()
    return next((d for d in (projet, *projet.parents) if (d / ".git").exists()), projet)


def est_strict(settings) -> bool:
    return bool(lire(settings)["strict"])


def aujourdhui(settings) -> dt.date:
    """Date de référence du build (réglable pour les tests), sinon la date à Paris."""
    valeur = lire(settings)["date_construction"]
    if valeur is None:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Europe/Paris")).date()
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    return dt.date.fromisoformat(str(valeur))


def plugin_actif(settings, nom_plugin: str) -> bool:
    """Le plugin `nom_plugin` est-il dans PLUGINS de ce build ?

    Les signaux de Pelican sont globaux : un plugin enregistré par un build reste branché pour
    les builds suivants du même processus (tests, `pelican -r`), même s'ils ne le listent pas.
    Chaque gestionnaire de signal d'un plugin commence donc par ce test.
    """
    noms = (p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or [])
    return nom_plugin in noms
