"""Rendu d'un numéro : objet, pré-en-tête, contexte des gabarits, courriel HTML aux styles en ligne."""

from __future__ import annotations

import re

import css_inline

from socle.dates import date_longue, date_moyenne, dernier_jour, heure

from .calendrier import Parution
from .reglages import Edition
from .selection import Numero, RendezVous

# Remplacées, pour chaque abonné, par ses jetons signés de désinscription et de préférences
# (voir message.py) : le courriel rendu une fois par le build sert à toute la liste.
MARQUE_JETON = "JETONDESINSCRIPTION0000"
MARQUE_PREFERENCES = "JETONPREFERENCES0000"
TAILLE_MAX_GMAIL = 102 * 1024  # au-delà, Gmail tronque le message (et cache le lien de désinscription)
_INLINEUR = css_inline.CSSInliner(keep_style_tags=False, keep_at_rules=True, load_remote_stylesheets=False)


def quand_rendez_vous(rendez_vous: RendezVous) -> str:
    """« jeudi 10 décembre 2026, 9 h 30 » ; sur des jours entiers, sans heure, comme l'agenda du
    site : « jeudi 10 décembre 2026 » ou « du jeudi 10 décembre 2026 au vendredi 11 décembre 2026 »."""
    if not rendez_vous.journee_entiere:
        return f"{date_longue(rendez_vous.debut)}, {heure(rendez_vous.debut)}"
    fin = dernier_jour(rendez_vous.fin, True)
    if fin <= rendez_vous.debut.date():
        return date_longue(rendez_vous.debut)
    return f"du {date_longue(rendez_vous.debut)} au {date_longue(fin)}"


def mention_statut(rendez_vous: RendezVous) -> str:
    """« complet », « annulée » (une formation), « annulé » (un événement), ou rien."""
    if rendez_vous.statut == "complete":
        return "complet"
    if rendez_vous.statut == "annulee":
        return "annulée" if rendez_vous.genre == "formation" else "annulé"
    return ""


def parution_de(numero: Numero) -> Parution:
    """La parution d'un numéro du registre, d'après son identifiant « AAAA-NN »."""
    annee, rang = numero.ident.split("-")
    return Parution(numero.parution, int(annee), int(rang))


def objet(nom_association: str, edition: Edition, parution: Parution) -> str:
    """« <Association> · La lettre n° 24 du 23 novembre 2026 »."""
    return f"{nom_association} · {edition.titre} n° {parution.numero} du {date_moyenne(parution.date)}"


def pre_entete(numero: Numero, longueur: int = 140) -> str:
    """Texte d'aperçu affiché par les messageries après l'objet."""
    morceaux = []
    if numero.actualites:
        morceaux.append(f"{len(numero.actualites)} actualité{'s' if len(numero.actualites) > 1 else ''}")
    if numero.rendez_vous:
        morceaux.append(f"{len(numero.rendez_vous)} rendez-vous")
    tete = " et ".join(morceaux) or "Les nouvelles"
    titres = " · ".join(a.titre for a in numero.actualites[:3])
    texte = f"{tete} : {titres}" if titres else tete
    return texte if len(texte) <= longueur else texte[: longueur - 1].rstrip() + "…"


def base_absolue(settings) -> str:
    """Adresse absolue du site, même en développement (un courriel n'a pas d'adresse relative)."""
    siteurl = settings.get("SITEURL") or ""
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return (settings.get("FEED_DOMAIN") or "http://localhost:8000").rstrip("/")


def liens_abonne(options: dict, base: str) -> tuple[str, str]:
    """(désinscription, préférences) : adresses du service d'abonnement avec la marque des jetons.

    Sans service réglé (`service_url` vide, aperçu de développement), la page /lettre/ du site.
    """
    service = (options.get("service_url") or "").rstrip("/")
    if not service:
        return f"{base}/lettre/", f"{base}/lettre/"
    return f"{service}/desinscription/{MARQUE_JETON}", f"{service}/preferences/{MARQUE_PREFERENCES}"


def en_ligne(html: str) -> str:
    """Styles en ligne pour les messageries (Gmail ignore une partie des <style>)."""
    return _INLINEUR.inline(html)


_LIGNES_VIDES = re.compile(r"\n{3,}")


def texte_propre(texte: str) -> str:
    """Version texte : lignes sans espaces finaux, pas plus d'une ligne vide d'affilée."""
    lignes = [ligne.rstrip() for ligne in texte.strip().splitlines()]
    return _LIGNES_VIDES.sub("\n\n", "\n".join(lignes)) + "\n"
