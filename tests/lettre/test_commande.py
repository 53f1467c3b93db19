"""La commande `gestion.py lettre envoyer` de bout en bout, dans un vrai sous-processus.

Simulation par défaut ; envoi réel tué en plein milieu (SIGKILL) puis relancé : chaque abonné
reçoit exactement une copie, les refus sont signalés, le numéro entre au registre à la fin.
"""

from __future__ import annotations

import subprocess
import sys

from lettre.registre import charger_registre
from outils import RACINE, construire_site, lire_html

ADRESSES = [f"abonne{i:02d}@essai.example" for i in range(15)]


def commande(site, abonnes, *options):
    return [
        sys.executable,
        str(RACINE / "gestion.py"),
        "lettre",
        "envoyer",
        "--reglages",
        str(site / "pelicanconf.py"),
        "--abonnes",
        str(abonnes),
        *options,
    ]


def test_simulation_n_envoie_rien(serveur_smtp, site_copie, tmp_path, aides):
    boite, port = serveur_smtp
    abonnes = aides.ecrire_abonnes(tmp_path / "abonnes.csv", ADRESSES)
    env = aides.environnement_smtp(port, tmp_path / "journaux")
    avant = (site_copie / "data" / "lettre" / "registre.yml").read_text(encoding="utf-8")
    fait = subprocess.run(
        commande(site_copie, abonnes), env=env, capture_output=True, text=True, cwd=RACINE, check=False
    )
    assert fait.returncode == 0, fait.stderr
    assert "Lettre 2026-04 (complete)" in fait.stdout and "Simulation : rien n'a été envoyé" in fait.stdout
    assert "15 à envoyer" in fait.stdout and "Forum de l'emploi associatif" in fait.stdout
    assert "99999999-0000-4000-8000-000000000007" in fait.stdout  # l'ancienne, à décider
    assert boite.recus == [] and not (tmp_path / "journaux").exists()
    assert (site_copie / "data" / "lettre" / "registre.yml").read_text(encoding="utf-8") == avant


def test_abonnes_dans_le_depot_refuses(serveur_smtp, site_copie, tmp_path, aides):
    _boite, port = serveur_smtp
    abonnes = aides.ecrire_abonnes(site_copie / "data" / "abonnes.csv", ADRESSES)
    fait = subprocess.run(
        commande(site_copie, abonnes),
        env=aides.environnement_smtp(port, tmp_path / "j"),
        capture_output=True,
        text=True,
        cwd=RACINE,
        check=False,
    )
    assert fait.returncode == 1
    assert "ne doivent pas être dans le dépôt" in fait.stderr and "Traceback" not in fait.stderr


def test_envoi_tue_puis_relance_une_copie_chacun(serveur_smtp, site_copie, tmp_path, aides, monkeypatch):
    boite, port = serveur_smtp
    abonnes = aides.ecrire_abonnes(tmp_path / "abonnes.csv", ADRESSES + ["pas-une-adresse"])
    env = aides.environnement_smtp(port, tmp_path / "journaux")
    boite.definitifs = {ADRESSES[3]}
    boite.temporaires = {ADRESSES[9]: 1}
    boite.tuer_au = 6
    processus = subprocess.Popen(
        commande(site_copie, abonnes, "--envoyer"),
        env=env,
        cwd=RACINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    boite.victime = processus
    _sortie, _erreurs = processus.communicate(timeout=120)
    assert processus.returncode == -9  # tué en plein envoi
    recus_avant = dict(boite.copies())
    assert 0 < sum(recus_avant.values()) < len(ADRESSES)
    registre, _ = charger_registre(site_copie / "data" / "lettre" / "registre.yml", "registre.yml")
    assert [(n.ident, n.edition) for n in registre.numeros] == [("2026-03", "complete"), ("2026-03", "elus")]

    boite.victime = None
    fait = subprocess.run(
        commande(site_copie, abonnes, "--envoyer"),
        env=env,
        capture_output=True,
        text=True,
        cwd=RACINE,
        check=False,
    )
    assert fait.returncode == 0, fait.stdout + fait.stderr
    assert "Reprise de l'envoi" in fait.stdout
    assert "adresse invalide « pas-une-adresse »" in fait.stderr
    assert f"refusé : {ADRESSES[3]} (550" in fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES if a != ADRESSES[3]}
    registre, problemes = charger_registre(site_copie / "data" / "lettre" / "registre.yml", "registre.yml")
    assert problemes == []
    nouveau = registre.numeros[-1]
    assert (nouveau.ident, nouveau.edition, nouveau.destinataires, nouveau.refus) == (
        "2026-04",
        "complete",
        14,
        1,
    )
    assert [a.titre for a in nouveau.actualites] == [
        "Antidatée après le numéro 3",
        "Forum de l'emploi associatif",
        "Les communes & l'emploi <solidaire>",
    ]
    assert len(nouveau.rendez_vous) == 5 and nouveau.edito.startswith("Bonjour")

    # Relancée une fois de plus, la commande n'envoie plus rien : le prochain numéro n'est pas dû.
    encore = subprocess.run(
        commande(site_copie, abonnes, "--envoyer"),
        env=env,
        capture_output=True,
        text=True,
        cwd=RACINE,
        check=False,
    )
    assert encore.returncode == 0 and "Lettre 2026-05" in encore.stdout and "rien à envoyer" in encore.stdout
    assert sum(boite.copies().values()) == len(ADRESSES) - 1

    # Le site reconstruit montre le numéro envoyé, figé, et aucune adresse d'abonné.
    monkeypatch.setenv("RACINE_PROJET_LETTRE", str(RACINE))
    sortie, _journal = construire_site(
        tmp_path / "sortie", fichier=str(site_copie / "pelicanconf.py"), override={"SOCLE": {"strict": True}}
    )
    page = lire_html(sortie / "lettre" / "2026" / "04" / "index.html")
    assert "Antidatée après le numéro 3" in page.get_text()
    assert "lettre/2026/04/" in (sortie / "lettre" / "flux.atom.xml").read_text(encoding="utf-8")
    for fichier in sortie.rglob("*"):
        if fichier.is_file() and fichier.suffix in (".html", ".xml", ".txt", ".json"):
            assert "abonne0" not in fichier.read_text(encoding="utf-8"), fichier


def test_numero_vide_ne_part_pas(serveur_smtp, site_copie, tmp_path, aides):
    boite, port = serveur_smtp
    for nom in ("b-nouvelle", "e-antidatee", "f-elus-nouvelle"):
        (site_copie / "content" / "actualites" / f"{nom}.md").unlink()
    (site_copie / "data" / "lettre" / "editos" / "2026-04.md").unlink()
    reglages = site_copie / "pelicanconf.py"
    reglages.write_text(
        reglages.read_text(encoding="utf-8").replace('"agenda": True', '"agenda": False'), encoding="utf-8"
    )
    abonnes = aides.ecrire_abonnes(tmp_path / "abonnes.csv", ADRESSES)
    fait = subprocess.run(
        commande(site_copie, abonnes, "--envoyer"),
        env=aides.environnement_smtp(port, tmp_path / "j"),
        capture_output=True,
        text=True,
        cwd=RACINE,
        check=False,
    )
    assert fait.returncode == 0 and "Numéro vide" in fait.stdout
    assert boite.recus == []
