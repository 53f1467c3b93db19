#!/bin/sh
# gestion.py sur la machine de production, avec la base et le secret du service : sous l'utilisateur
# « maillage », avec l'environnement /etc/maillage/abonnements.env (lisible par root seulement).
# Lancé à la main sans lui, « gestion.py abonnes … » viserait la base locale par défaut
# (~/.local/state/abonnements-lettre/, vide) au lieu de celle du service.
#   sudo /srv/maillage/deploiement/gestion.sh abonnes liste
#   sudo /srv/maillage/deploiement/gestion.sh abonnes exporter anne@exemple.fr --sortie /tmp/anne.json
# MAILLAGE_ENV et MAILLAGE_UTILISATEUR changent le fichier d'environnement et l'utilisateur.
set -eu
ENV=${MAILLAGE_ENV:-/etc/maillage/abonnements.env}
UTILISATEUR=${MAILLAGE_UTILISATEUR:-maillage}
# Sans « cd » : les chemins donnés (importer contacts.csv, --sortie anne.json) restent ceux du dossier
# courant, comme avec gestion.py ; un GESTION_SITE relatif est, comme pour le service, celui du dépôt.
RACINE=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -r "$ENV" ]; then
    echo "✗ $ENV illisible : lancez ce script avec sudo (le fichier est lisible par root seulement)" >&2
    exit 2
fi
set -a
. "$ENV"
set +a
case ${GESTION_SITE:-/} in /*) ;; *) GESTION_SITE=$RACINE/$GESTION_SITE ;; esac
exec runuser -u "$UTILISATEUR" -- "$RACINE/.venv/bin/python" "$RACINE/gestion.py" "$@"
