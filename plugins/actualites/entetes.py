"""Le lecteur d'en-têtes est dans `socle.entetes` (le même pour la vérification, le build et socle.liens).

Gardé pour les modules qui l'importent encore d'ici (lettre, lettre_infos, editeur).
"""

from socle.entetes import Entete, lire_entete, lire_fichier

__all__ = ["Entete", "lire_entete", "lire_fichier"]
