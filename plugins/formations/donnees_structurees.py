"""Données structurées schema.org (JSON-LD) : Course / CourseInstance et Event.

Le JSON est sérialisé ici puis inséré tel quel dans une balise <script> : `<`, `>` et `&`
sont échappés en \\u003c… pour qu'aucun titre ne puisse fermer la balise (« </script> »).
"""

from __future__ import annotations

import json

from .modeles import Evenement, Lieu, Module, Session

STATUTS_EVENEMENT = {"annulee": "https://schema.org/EventCancelled"}


def json_ld(objet) -> str:
    """JSON sûr dans une balise <script type="application/ld+json">."""
    texte = json.dumps(objet, ensure_ascii=False, sort_keys=True, indent=1)
    return texte.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def lieu_schema(lieu: Lieu) -> dict:
    adresse = {"@type": "PostalAddress", "addressLocality": lieu.commune, "addressCountry": "FR"}
    if lieu.adresse:
        adresse["streetAddress"] = lieu.adresse
    if lieu.code_postal:
        adresse["postalCode"] = lieu.code_postal
    return {"@type": "Place", "name": lieu.nom, "address": adresse}


def organisation(nom: str, url: str) -> dict:
    return {"@type": "Organization", "name": nom, "url": url}


def session_schema(session: Session, url: str) -> dict:
    donnees = {
        "@type": "CourseInstance",
        "name": f"{session.module.titre} — {session.lieu.commune}",
        "courseMode": "onsite",
        "startDate": session.debut.isoformat(),
        "endDate": session.fin.isoformat(),
        "location": lieu_schema(session.lieu),
        "url": url,
        "eventStatus": STATUTS_EVENEMENT.get(session.statut, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if session.capacite is not None:
        donnees["maximumAttendeeCapacity"] = session.capacite
    return donnees


def cours(module: Module, sessions, url_module: str, url_session, nom_asso: str, url_site: str) -> dict:
    """Un module et ses sessions ; `url_session(session)` donne l'adresse absolue d'une session."""
    return {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": module.titre,
        "description": module.resume,
        "url": url_module,
        "provider": organisation(nom_asso, url_site),
        "inLanguage": "fr",
        "teaches": list(module.objectifs),
        "coursePrerequisites": module.prerequis,
        "hasCourseInstance": [session_schema(s, url_session(s)) for s in sessions],
    }


def evenement_schema(evenement: Evenement, url: str, nom_asso: str, url_site: str) -> dict:
    donnees = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": evenement.titre,
        "description": evenement.resume,
        "startDate": evenement.debut.date().isoformat()
        if evenement.journee_entiere
        else evenement.debut.isoformat(),
        "endDate": evenement.dernier_jour.isoformat()
        if evenement.journee_entiere
        else evenement.fin.isoformat(),
        "location": lieu_schema(evenement.lieu),
        "url": url,
        "organizer": organisation(nom_asso, url_site),
        "eventStatus": STATUTS_EVENEMENT.get(evenement.statut, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": "fr",
    }
    if evenement.intervenants:
        donnees["performer"] = [{"@type": "Person", "name": nom} for nom in evenement.intervenants]
    return donnees
