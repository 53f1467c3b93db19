"""Réglages des formations et de l'agenda (clé FORMATIONS), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Catalogue (lieux, modules, sessions), relatif au dossier des données.
        "catalogue": "formations.yml",
        # Agenda des réunions, forums et salons, relatif au dossier des données.
        "agenda": "agenda.yml",
        # Domaine des identifiants iCalendar (« formation-x@domaine ») ; vide = domaine du
        # courriel de data/association.yml. Ne le changez plus une fois publié.
        "domaine_uid": "",
        # Fuseau des horaires saisis dans les données.
        "fuseau": "Europe/Paris",
        # Nombre de sessions et d'événements à venir montrés sur la page d'accueil.
        "accueil_sessions": 3,
        "accueil_evenements": 3,
        # Adresses des pages et des calendriers (relatives à SITEURL).
        "url_formations": "formations/",
        "url_agenda": "agenda/",
        "dossier_calendriers": "calendriers/",
        # Publics des événements de l'agenda (identifiant → libellé), si l'agenda n'a pas sa
        # propre liste « publics: ».
        "publics": MappingProxyType(
            {
                "tout-public": "Tout public",
                "associations": "Associations",
                "elus": "Élus et collectivités",
                "partenaires": "Partenaires",
            }
        ),
        # Mots-clés attendus sur un événement selon son public (identifiant → mots-clés) : une
        # lettre qui s'adresse à ce public les sélectionne ; `make check` avertit d'un événement qui
        # n'en porte aucun. Maillage : {"elus": ["collectivites"]} (pelicanconf.py).
        "mots_cles_par_public": MappingProxyType({}),
        # Textes des pages (« {nom} » : le nom de l'association), remplaçables par site.
        "textes": MappingProxyType(
            {
                "chapeau_formations": "Les formations de {nom} : modules, prochaines sessions et inscriptions.",
                # Filtre des sessions (page Formations) : {n} = sessions affichées, {total} = toutes.
                "filtre_compte_une": "{n} session affichée sur {total}",
                "filtre_compte": "{n} sessions affichées sur {total}",
                "filtre_aucune": "Aucune session ne correspond à ces choix.",
                "filtre_reinitialiser": "Voir toutes les sessions",
            }
        ),
        # Les calendriers d'abonnement gardent les sessions et rendez-vous finis depuis au plus ce
        # nombre de jours (les pages, elles, montrent tout l'historique) ; None : tous.
        "historique_calendriers_jours": 365,
    }
)


def lire(settings) -> dict:
    return fusionner(settings, "FORMATIONS", DEFAUTS)
