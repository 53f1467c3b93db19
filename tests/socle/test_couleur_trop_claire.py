"""Une couleur trop claire dans `data/association.yml` : dite une fois par `make check`, montrée par
l'aperçu (« toléré en développement »), refusée par la publication."""

from __future__ import annotations

from outils import copier_site_reel, lancer_gestion, lire_html

MESSAGE = "couleur « #eeeeee » trop claire"


def eclaircir_l_accent(donnees):
    identite = donnees / "association.yml"
    texte = identite.read_text(encoding="utf-8")
    ligne = next(ligne for ligne in texte.splitlines() if ligne.startswith("couleur_accent:"))
    identite.write_text(texte.replace(ligne, 'couleur_accent: "#eeeeee"'), encoding="utf-8")


def test_make_check_la_dit_une_fois_et_la_compte_une_fois(tmp_path):
    # L'identité est lue par le socle et par la Lettre d'infos (pied du PDF) : un seul message.
    conf, donnees = copier_site_reel(tmp_path)
    eclaircir_l_accent(donnees)
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert resultat.stderr.count(MESSAGE) == 1, resultat.stderr
    assert "✗ 1 erreur(s)" in resultat.stderr


def test_l_apercu_la_montre_et_la_publication_la_refuse(tmp_path):
    conf, donnees = copier_site_reel(tmp_path / "dev")
    eclaircir_l_accent(donnees)
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    assert MESSAGE in resultat.stderr and "toléré en développement" in resultat.stderr
    sortie = tmp_path / "dev" / "output"
    assert lire_html(sortie / "index.html").h1 is not None
    assert any("--accent: #eeeeee;" in f.read_text(encoding="utf-8") for f in sortie.rglob("*.css"))

    conf, donnees = copier_site_reel(tmp_path / "publication", publication=True)
    eclaircir_l_accent(donnees)
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 1 and MESSAGE in resultat.stderr
    assert not (tmp_path / "publication" / "output" / "index.html").exists()
