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
cd "$(dirname "$0")/.."
if [ ! -r "$ENV" ]; then
    echo "✗ $ENV illisible : lancez ce script avec sudo (le fichier est lisible par root seulement)" >&2
    exit 2
fi
set -a
. "$ENV"
set +a
exec runuser -u "$UTILISATEUR" -- .venv/bin/python gestion.py "$@"
