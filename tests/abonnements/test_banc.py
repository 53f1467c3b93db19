"""Le banc du service d'abonnement tourne (petite série) et écrit ses chiffres."""

from __future__ import annotations

import json
import subprocess
import sys

from outils import RACINE


def test_banc_abonnements_petite_serie(tmp_path):
    resultat = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "abonnements",
            "--demandes",
            "8",
            "--clients",
            "2",
            "--sans-postgresql",
            "--resultats",
            str(tmp_path),
        ],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "| SQLite |" in resultat.stdout
    (ligne,) = json.loads((tmp_path / "abonnements.json").read_text(encoding="utf-8"))
    assert ligne["demandes"] == 8 and ligne["par_seconde"] > 0
    assert ligne["latence_p99_ms"] >= ligne["latence_mediane_ms"] > 0
    assert ligne["courriels_recus"] == 8 + 20  # échauffement compris : chaque demande a son courriel
