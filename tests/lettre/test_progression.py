"""L'avancement d'un envoi : lignes simples hors terminal (journal systemd), barre rich dans un vrai terminal."""

from __future__ import annotations

import io
import os
import select

from lettre.progression import ProgressionAffichee


class Horloge:
    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 0.5
        return self.t


def sortie_hors_terminal(total: int) -> str:
    """Ce qu'écrit l'avancement de `total` remises dans un journal (une ligne par seconde au plus)."""
    flux = io.StringIO()
    progression = ProgressionAffichee(flux, intervalle_s=1.0, horloge=Horloge())
    progression.commencer(total)
    for _ in range(total):
        progression.avancer("fait")
    progression.finir()
    return flux.getvalue()


def test_hors_terminal_des_lignes_simples_avec_nombre_debit_et_reste():
    sortie = sortie_hors_terminal(4)
    lignes = sortie.splitlines()
    assert lignes[-1].startswith("  envoi : 4/4 (100 %), ") and lignes[-1].endswith("/s, reste 0")
    assert any("reste 2" in ligne or "reste 1" in ligne for ligne in lignes[:-1])
    assert "\x1b[" not in sortie  # pas de codes de terminal dans un journal


def test_la_ligne_finale_n_est_pas_ecrite_deux_fois():
    """La dernière remise tombe sur l'intervalle : sa ligne est déjà écrite, finir() ne la répète pas."""
    lignes = sortie_hors_terminal(2).splitlines()
    assert [ligne for ligne in lignes if ligne.startswith("  envoi : 2/2 (100 %)")] == lignes[-1:], lignes


def test_dans_un_terminal_une_barre_rich():
    maitre, esclave = os.openpty()
    with os.fdopen(esclave, "w", encoding="utf-8") as terminal:
        progression = ProgressionAffichee(terminal)
        assert progression.console.is_terminal
        progression.commencer(3)
        for _ in range(3):
            progression.avancer("fait")
        progression.finir()
    lu = b""
    while select.select([maitre], [], [], 0.5)[0]:
        try:
            morceau = os.read(maitre, 65536)
        except OSError:
            break
        if not morceau:
            break
        lu += morceau
    os.close(maitre)
    texte = lu.decode("utf-8", "replace")
    assert "Envoi" in texte and "3/3" in texte and "/s" in texte
