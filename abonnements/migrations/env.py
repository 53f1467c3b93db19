"""Environnement Alembic des abonnements : l'adresse vient de la configuration construite par
`abonnements.base.configuration_alembic` (jamais d'un fichier alembic.ini du dépôt)."""

from alembic import context

from abonnements.base import moteur
from abonnements.tables import metadata

config = context.config


def executer() -> None:
    connectable = moteur(config.get_main_option("sqlalchemy.url"))
    try:
        with connectable.connect() as connexion:
            # render_as_batch : SQLite ne sait pas modifier une colonne ; Alembic recopie la table.
            context.configure(connection=connexion, target_metadata=metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        # Aussi quand la migration échoue : aucune connexion ne reste ouverte derrière l'erreur.
        connectable.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    executer()
