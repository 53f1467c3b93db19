"""Service d'abonnement à la lettre : abonnés, consentements, désinscriptions et envois.

Une seule base de données (SQLite par défaut, PostgreSQL quand une machine ne suffit plus) est la
seule vérité sur les abonnés, la preuve de leur consentement, les désinscriptions et l'état de
chaque envoi. Le site statique y poste son formulaire ; la commande d'envoi de la lettre y lit les
destinataires et y note chaque remise.

- `tables` : le schéma (SQLAlchemy Core), modifié seulement par une migration Alembic ;
- `base` : ouvrir la base depuis son adresse et la mettre au dernier schéma ;
- `jetons` : liens signés (confirmation, préférences, désinscription) ;
- `reglages` : réglages du service (environnement et réglages du site), lus une fois ;
- `application` : l'application Starlette (`creer_application`), `securite` : ses en-têtes ;
- `validation`, `inscriptions`, `limites`, `rgpd`, `importation` : saisies, changements d'état,
  limites de débit, droits des personnes, import CSV ; `courriels` : le courriel de confirmation ;
- `commandes` : `gestion.py abonnes …` ; `__main__` : `python -m abonnements` (uvicorn).
"""
