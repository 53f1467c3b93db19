#!/bin/sh
# Envoi planifié de la lettre (docs/lettre.md, « La tâche planifiée ») : lancé par
# deploiement/lettre-envoi.timer (systemd) ou par cron, sur la machine du service d'abonnement,
# dans une copie de travail du dépôt qui peut pousser sur main (clé de déploiement en écriture).
#
# Pour chaque édition : la commande n'envoie que si un numéro est dû et pas encore au registre ;
# un envoi interrompu (panne, machine arrêtée) reprend au passage suivant, la base sait qui est servi.
# Quand un numéro est complet, data/lettre/registre.jsonl est commité et poussé : la publication du
# site (déclenchée par le push) en fait la page d'archive, la « copie web » de chaque courriel.
#
# Environnement (EnvironmentFile= de systemd, ou exporté par la ligne cron) : ABONNEMENTS_BASE,
# LETTRE_SECRET, LETTRE_SMTP_* ; facultatifs : GESTION_SITE (dossier d'un autre site du dépôt, par
# exemple exemples/mesclun ; le site principal sinon), LETTRE_EDITIONS (par défaut : les éditions du
# réglage LETTRE["editions"] du site, « gestion.py reglage LETTRE editions --cles »).
# Code de sortie : 0, sinon le plus grand code des éditions (1 erreur à corriger, 3 à relancer).
set -u
cd "$(dirname "$0")/.."
# registre.jsonl : les numéros envoyés ; registre.yml, réécrit seulement pour convertir l'ancien format.
REGISTRE="${GESTION_SITE:-.}/data/lettre/registre"
PY=.venv/bin/python

pousser() {
    # Un push manqué (réseau) n'est pas perdu : le commit reste local, repoussé au passage suivant.
    git push --quiet origin HEAD:main || echo "⚠ push du registre impossible : réessayé au prochain passage" >&2
}

git pull --rebase --quiet origin main || { echo "✗ git pull impossible : rien n'est envoyé" >&2; exit 1; }
pousser
editions=${LETTRE_EDITIONS:-}
if [ -z "$editions" ]; then
    # Le réglage n'est lu qu'une fois gestion.py réussi : sinon son message en français suffit.
    brut=$($PY gestion.py reglage LETTRE editions --cles --publication) &&
        editions=$(printf '%s' "$brut" | $PY -c 'import json, sys; print(" ".join(json.load(sys.stdin)))')
fi
[ -n "$editions" ] || { echo "✗ éditions de la lettre illisibles (réglage LETTRE) : rien n'est envoyé" >&2; exit 1; }
statut=0
for edition in $editions; do
    $PY gestion.py lettre envoyer --edition "$edition" --envoyer
    code=$?
    [ "$code" -gt "$statut" ] && statut=$code
    set --
    for fichier in "$REGISTRE.jsonl" "$REGISTRE.yml"; do
        [ -e "$fichier" ] && set -- "$@" "$fichier"
    done
    if [ $# -gt 0 ] && git add -- "$@" && ! git diff --cached --quiet -- "$@"; then
        git -c user.name="lettre-bot" -c user.email="lettre-bot@localhost" \
            commit --quiet -m "Lettre : numéro envoyé ($edition)" -- "$@"
        pousser
    fi
done
exit "$statut"
