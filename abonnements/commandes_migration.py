"""`make migration MESSAGE="…"` : écrit la migration Alembic qui amène la base à `tables.py`.

On modifie d'abord `abonnements/tables.py` (le schéma voulu) ; la commande met une base SQLite
temporaire au dernier schéma des migrations, compare les deux (autogenerate d'Alembic) et écrit
`abonnements/migrations/versions/NNNN_message.py`, à relire (Alembic ne voit pas un renommage : il
écrit une suppression et un ajout) avant de lancer `tests/abonnements/test_schema.py`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from .base import configuration_alembic, migrer, moteur
from .tables import metadata


class RienAMigrer(ValueError):
    """tables.py décrit déjà le dernier schéma des migrations."""


def ecrire_migration(message: str) -> Path:
    """Écrit la migration suivante d'après les différences entre tables.py et les migrations."""
    with tempfile.TemporaryDirectory(prefix="migration-") as dossier:
        adresse = f"sqlite:///{Path(dossier) / 'schema.sqlite3'}"
        migrer(adresse)
        config = configuration_alembic(adresse)
        tete = ScriptDirectory.from_config(config).get_current_head()
        base = moteur(adresse)
        try:
            with base.connect() as connexion:
                differences = compare_metadata(MigrationContext.configure(connexion), metadata)
        finally:
            base.dispose()
        if not differences:
            raise RienAMigrer(
                f"abonnements/tables.py décrit déjà le dernier schéma (« {tete} ») : modifiez d'abord "
                "tables.py (le schéma voulu), puis relancez ; aucune migration écrite"
            )
        script = command.revision(config, message=message, autogenerate=True, rev_id=f"{int(tete) + 1:04d}")
    chemin = Path(script.path)
    # Un nom de fichier sans accents (Alembic le tire du message), mis en forme comme le reste (ruff).
    ascii_seul = unicodedata.normalize("NFKD", chemin.name).encode("ascii", "ignore").decode()
    chemin = chemin.rename(chemin.with_name(ascii_seul))
    ruff = Path(sys.executable).with_name("ruff")
    if ruff.exists():
        depot = Path(__file__).resolve().parent.parent  # son ruff.toml
        subprocess.run([str(ruff), "check", "--fix", "--quiet", str(chemin)], cwd=depot, check=False)
        subprocess.run([str(ruff), "format", "--quiet", str(chemin)], cwd=depot, check=False)
    return chemin


def main(argv: list[str] | None = None) -> int:
    message = " ".join(sys.argv[1:] if argv is None else argv).strip()
    if not message:
        print(
            '✗ dites ce que change la migration : make migration MESSAGE="langue des abonnés"',
            file=sys.stderr,
        )
        return 2
    try:
        chemin = ecrire_migration(message)
    except RienAMigrer as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    print(
        f"✓ Migration écrite : {chemin.relative_to(Path.cwd()) if chemin.is_relative_to(Path.cwd()) else chemin}\n"
        "  Relisez-la (un renommage y devient suppression puis ajout : les données seraient perdues ; "
        "docs/abonnements.md, « Changer le schéma de la base »), puis : .venv/bin/python -m pytest tests/abonnements -n 2"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
