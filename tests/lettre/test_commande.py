"""La commande `gestion.py lettre envoyer` de bout en bout : vrais sous-processus, vraie base, vrai SMTP.

Sur SQLite et sur PostgreSQL : simulation ; envoyeur tué juste après le 250 du serveur puis
relancé ; deux envoyeurs à la fois ; expéditeur refusé ; serveur injoignable. Chaque fois :
personne ne reçoit le numéro deux fois (hors la fenêtre documentée du processus tué), rien n'est
noté envoyé qui ne l'a pas été, le registre n'est écrit qu'une fois le numéro complet.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from abonnements.base import moteur
from lettre.registre import charger_registre
from outils import RACINE, construire_site, lire_html

ADRESSES = [f"abonne{i:02d}@essai.example" for i in range(15)]
REGISTRE_AVANT = [("2026-03", "complete"), ("2026-03", "elus")]


def fichiers_du_registre(site) -> list[str]:
    """Le texte de registre.yml (décisions du personnel) et de registre.jsonl (numéros envoyés)."""
    return [
        (site / "data" / "lettre" / nom).read_text(encoding="utf-8")
        for nom in ("registre.yml", "registre.jsonl")
    ]


def numeros_au_registre(site) -> list[tuple[str, str]]:
    registre, problemes = charger_registre(site / "data" / "lettre" / "registre.yml", "registre.yml")
    assert problemes == []
    return [(n.ident, n.edition) for n in registre.numeros]


def remises_en_base(adresse_base) -> dict[str, str]:
    base = moteur(adresse_base)
    with base.connect() as connexion:
        lignes = connexion.execute(
            sa.text("SELECT a.courriel, r.etat FROM remises r JOIN abonnes a ON a.id = r.abonne_id")
        ).all()
    base.dispose()
    return dict(lignes)


def test_simulation_n_envoie_rien(serveur_smtp, site_copie, adresse_base, aides):
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    aides.inscrire(adresse_base, ["attente@essai.example"], statut="en_attente")
    aides.inscrire(adresse_base, ["elu@essai.example"], edition="elus")
    avant = fichiers_du_registre(site_copie)
    fait = aides.lancer(site_copie / "pelicanconf.py", aides.environnement_smtp(port, adresse_base))
    assert fait.returncode == 0, fait.stderr
    assert "Lettre 2026-04 (complete)" in fait.stdout and "Simulation : rien n'a été envoyé" in fait.stdout
    assert "Destinataires : 15 dont 0 déjà traités, 15 à envoyer" in fait.stdout
    assert "Forum de l'emploi associatif" in fait.stdout
    assert "99999999-0000-4000-8000-000000000007" in fait.stdout  # l'ancienne, à décider
    assert "Done: Processed" not in fait.stdout + fait.stderr  # le bilan anglais du build temporaire
    assert "Ancienne jamais envoyée" in fait.stderr  # les avertissements du build, eux, restent dits
    assert boite.recus == [] and remises_en_base(adresse_base) == {}
    assert fichiers_du_registre(site_copie) == avant


def test_base_sqlite_dans_le_depot_refusee(serveur_smtp, site_copie, aides):
    _boite, port = serveur_smtp
    env = aides.environnement_smtp(port, f"sqlite:///{site_copie / 'data' / 'abonnes.sqlite3'}")
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1
    assert "ne doivent pas être dans le dépôt" in fait.stderr and "Traceback" not in fait.stderr


def test_base_absente_refusee_sans_la_creer(serveur_smtp, site_copie, aides, tmp_path):
    """Une faute de frappe dans ABONNEMENTS_BASE créait une base vide : le numéro y était « envoyé »
    à personne et inscrit au registre. L'envoi ne crée plus de base (c'est le service qui le fait)."""
    boite, port = serveur_smtp
    absente = tmp_path / "abonnemnets.sqlite3"
    env = aides.environnement_smtp(port, f"sqlite:///{absente}")
    avant = fichiers_du_registre(site_copie)
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1, fait.stderr
    assert f"la base des abonnements sqlite:///{absente} n'existe pas" in fait.stderr
    assert "faute de frappe" in fait.stderr and "Traceback" not in fait.stderr
    assert not absente.exists() and boite.recus == []
    assert fichiers_du_registre(site_copie) == avant


def test_base_en_retard_d_un_schema_refusee_sans_la_migrer(serveur_smtp, site_copie, adresse_base, aides):
    """Un `git pull` du timer d'envoi apporte une migration : l'envoi ne l'applique pas sous le service
    qui tourne encore avec l'ancien code ; il dit de redémarrer le service (qui migre au démarrage)."""
    from alembic import command

    from abonnements.base import configuration_alembic, migrer, revision_de

    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES[:3])
    command.downgrade(configuration_alembic(adresse_base), "0001")
    env = aides.environnement_smtp(port, adresse_base)
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1, fait.stderr
    assert "est au schéma « 0001 »" in fait.stderr and "redémarrez le service d'abonnement" in fait.stderr
    assert "Traceback" not in fait.stderr
    assert revision_de(adresse_base) == "0001" and boite.recus == []
    migrer(adresse_base)  # ce que fait le service à son redémarrage
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES[:3]}


def test_envoyeur_tue_apres_le_250_puis_relance(
    serveur_smtp, site_copie, adresse_base, aides, tmp_path, monkeypatch
):
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    env = aides.environnement_smtp(port, adresse_base)
    boite.definitifs = {ADRESSES[3]}
    boite.temporaires = {ADRESSES[9]: 1}
    boite.tuer_au = 6
    decisions, numeros = fichiers_du_registre(site_copie)
    processus = aides.demarrer(site_copie / "pelicanconf.py", env, "--envoyer")
    boite.victime = processus
    processus.communicate(timeout=120)
    assert processus.returncode == -9  # tué en plein envoi
    # Le serveur a accepté le message du tué ; la base ne le sait pas : c'est la fenêtre de doublon.
    notes = remises_en_base(adresse_base)
    envoyes = {a for a, etat in notes.items() if etat == "envoye"}
    assert boite.tue in boite.copies() and notes[boite.tue] == "a_envoyer"
    assert envoyes <= set(boite.copies()) and len(envoyes) == 5  # rien de noté qui ne soit parti
    assert numeros_au_registre(site_copie) == REGISTRE_AVANT  # numéro incomplet : pas au registre

    boite.victime = None
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stdout + fait.stderr
    assert "Verrou d'un envoi arrêté repris" in fait.stdout and "Reprise de l'envoi" in fait.stdout
    assert f"refusé (liste de suppression) : {ADRESSES[3]} (550" in fait.stderr
    # Une copie chacun ; deux pour le seul destinataire dont le 250 n'a pas pu être noté.
    assert boite.copies() == {a: 2 if a == boite.tue else 1 for a in ADRESSES if a != ADRESSES[3]}
    # Une ligne ajoutée à registre.jsonl, les numéros d'avant intacts ; registre.yml (au personnel) non touché.
    assert "inscrit au registre (data/lettre/registre.jsonl) : commitez ce fichier." in fait.stdout
    decisions_apres, numeros_apres = fichiers_du_registre(site_copie)
    assert decisions_apres == decisions
    assert numeros_apres.startswith(numeros) and numeros_apres.count("\n") == numeros.count("\n") + 1
    nouveau = charger_registre(site_copie / "data" / "lettre" / "registre.yml", "registre.yml")[0].numeros[-1]
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
    assert len(nouveau.rendez_vous) == 6 and nouveau.edito.startswith("Bonjour")

    # Relancée une fois de plus, la commande n'envoie plus rien : le prochain numéro n'est pas dû.
    encore = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert encore.returncode == 0 and "Lettre 2026-05" in encore.stdout and "rien à envoyer" in encore.stdout
    assert "Ce numéro paraît le lundi 7 décembre 2026 : rien à envoyer" in encore.stdout  # pas « 2026-12-07 »
    assert sum(boite.copies().values()) == len(ADRESSES)

    # La publication écrit la page de la copie web que donne chaque courriel ; aucune adresse d'abonné.
    monkeypatch.setenv("RACINE_PROJET_LETTRE", str(RACINE))
    sortie, _journal = construire_site(
        tmp_path / "sortie", fichier=str(site_copie / "pelicanconf.py"), override={"SOCLE": {"strict": True}}
    )
    html = boite.recus[0][1].get_body(("html",)).get_content()
    web = BeautifulSoup(html, "html.parser").find("a", string=lambda t: t and "navigateur" in t)["href"]
    page = sortie / urlparse(web).path.strip("/") / "index.html"
    assert page.exists(), web
    assert "Antidatée après le numéro 3" in lire_html(page).get_text()
    assert not (sortie / "lettre" / "apercu").exists()
    for fichier in sortie.rglob("*"):
        if fichier.is_file() and fichier.suffix in (".html", ".xml", ".txt", ".json"):
            assert "abonne0" not in fichier.read_text(encoding="utf-8"), fichier


def test_deux_envoyeurs_a_la_fois(serveur_smtp, site_copie, adresse_base, aides):
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    env = aides.environnement_smtp(port, adresse_base)
    lent = aides.reglages_modifies(site_copie, "lent.py", delai_smtp_s=120.0)
    impatient = aides.reglages_modifies(site_copie, "impatient.py", verrou_attente_s=0.0)
    patient = aides.reglages_modifies(site_copie, "patient.py", verrou_attente_s=120.0)
    boite.retenir = threading.Event()  # le premier message reste en suspens : son envoyeur tient le verrou
    premier = aides.demarrer(lent, env, "--envoyer")
    limite = time.monotonic() + 180
    while not boite.retenu.wait(0.2) and premier.poll() is None and time.monotonic() < limite:
        pass
    assert boite.retenu.is_set(), premier.communicate(timeout=60)
    refuse = aides.lancer(impatient, env, "--envoyer")
    second = aides.demarrer(patient, env, "--envoyer")
    boite.retenir.set()
    sortie_premier, erreurs_premier = premier.communicate(timeout=120)
    sortie_second, erreurs_second = second.communicate(timeout=120)
    assert premier.returncode == 0, erreurs_premier
    assert refuse.returncode == 3 and "un autre envoi est en cours" in refuse.stderr, refuse.stderr
    # Le patient attend la fin du premier (ou arrive après), puis ne trouve plus rien à envoyer.
    assert second.returncode == 0 and "rien à envoyer" in sortie_second, erreurs_second
    assert boite.copies() == {a: 1 for a in ADRESSES}
    assert numeros_au_registre(site_copie) == [*REGISTRE_AVANT, ("2026-04", "complete")]


def envoi_retenu(aides, boite, site_copie, env):
    """Un envoi lancé dont le premier message reste en suspens chez le serveur (après DATA)."""
    lent = aides.reglages_modifies(site_copie, "lent.py", delai_smtp_s=120.0)
    boite.retenir = threading.Event()
    envoi = aides.demarrer(lent, env, "--envoyer")
    limite = time.monotonic() + 180
    while not boite.retenu.wait(0.2) and envoi.poll() is None and time.monotonic() < limite:
        pass
    assert boite.retenu.is_set(), envoi.communicate(timeout=60)
    return envoi


class SortiesLues:
    """Les sorties d'un envoi en arrière-plan, lues au fil de l'eau : un test attend la ligne qui dit
    que le signal est reçu au lieu d'une pause fixe (sur deux cœurs partagés, 0,5 s peut ne pas
    suffire, et le serveur répondrait alors avant que l'envoyeur ait vu le signal)."""

    def __init__(self, processus: subprocess.Popen):
        self.processus = processus
        self.lues = {"stdout": [], "stderr": []}
        self.nouvelle = threading.Condition()
        self.fils = [
            threading.Thread(target=self._lire, args=(nom,), daemon=True) for nom in ("stdout", "stderr")
        ]
        for fil in self.fils:
            fil.start()

    def _lire(self, nom: str) -> None:
        for ligne in getattr(self.processus, nom):
            with self.nouvelle:
                self.lues[nom].append(ligne)
                self.nouvelle.notify_all()
        with self.nouvelle:
            self.lues[nom].append("")  # fin du flux
            self.nouvelle.notify_all()

    def erreurs(self) -> str:
        return "".join(self.lues["stderr"])

    def attendre(self, texte: str, delai_s: float = 120.0) -> None:
        """Jusqu'à ce que la sortie d'erreur contienne `texte` (échec s'il ne vient pas)."""
        with self.nouvelle:
            vu = self.nouvelle.wait_for(
                lambda: texte in self.erreurs() or self.lues["stderr"][-1:] == [""], delai_s
            )
        assert vu and texte in self.erreurs(), self.erreurs()

    def finir(self, delai_s: float) -> tuple[str, str]:
        """(sortie, erreurs) une fois le processus fini."""
        self.processus.wait(timeout=delai_s)
        for fil in self.fils:
            fil.join(timeout=delai_s)
        self.processus.stdout.close()
        self.processus.stderr.close()
        return "".join(self.lues["stdout"]), self.erreurs()


def verrou_rendu(adresse_base) -> bool:
    base = moteur(adresse_base)
    with base.connect() as connexion:
        libre = connexion.execute(sa.text("SELECT count(*) FROM verrous")).scalar() == 0
    base.dispose()
    return libre


@pytest.mark.parametrize("signal_d_arret", ["SIGTERM", "SIGINT"])
def test_envoi_arrete_par_signal_finit_le_message_en_cours_puis_reprend_sans_doublon(
    serveur_smtp, site_copie, adresse_base, aides, signal_d_arret
):
    """`systemctl stop`, un arrêt de la machine (SIGTERM) ou Ctrl-C (SIGINT) pendant que le serveur
    traite un message : l'envoyeur attend sa réponse, note ce message comme envoyé, puis s'arrête en
    disant quoi faire (sans trace) et rend le verrou ; la relance sert chacun exactement une fois."""
    import signal

    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    env = aides.environnement_smtp(port, adresse_base)
    envoi = envoi_retenu(aides, boite, site_copie, env)
    sorties = SortiesLues(envoi)
    envoi.send_signal(getattr(signal, signal_d_arret))
    sorties.attendre("Arrêt demandé")  # le signal est reçu pendant que le serveur n'a pas encore répondu
    assert envoi.poll() is None, sorties.erreurs()
    boite.retenir.set()  # le serveur accepte enfin le message en cours
    _sortie, erreurs = sorties.finir(120)
    assert envoi.returncode == 130, erreurs
    assert "Arrêt demandé" in erreurs and "message en cours" in erreurs, erreurs
    assert "envoi interrompu" in erreurs and "relancez la même commande" in erreurs, erreurs
    # Ce que dit la base (la barre de progression, écrite avant la trace du message, dit 0/15).
    assert "(numéro 2026-04 : 1 traité(s) sur 15, 14 à envoyer)" in erreurs, erreurs
    assert "Traceback" not in erreurs
    assert verrou_rendu(adresse_base)
    etats = sorted(remises_en_base(adresse_base).values())
    assert etats == ["a_envoyer"] * (len(ADRESSES) - 1) + ["envoye"], etats
    assert sum(boite.copies().values()) == 1

    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES}


def test_second_signal_arrete_sur_le_champ(serveur_smtp, site_copie, adresse_base, aides):
    """Qui insiste (second Ctrl-C) arrête sans attendre le serveur : le message en cours reste à
    envoyer (au plus un doublon, annoncé), le verrou est rendu, la relance sert tout le monde."""
    import signal

    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    env = aides.environnement_smtp(port, adresse_base)
    envoi = envoi_retenu(aides, boite, site_copie, env)
    sorties = SortiesLues(envoi)
    envoi.send_signal(signal.SIGINT)
    sorties.attendre("Arrêt demandé")  # deux signaux trop proches n'en font qu'un pour Python
    envoi.send_signal(signal.SIGINT)
    _sortie, erreurs = sorties.finir(120)
    boite.retenir.set()
    assert envoi.returncode == 130, erreurs
    assert "au risque d'envoyer ce message deux fois" in erreurs and "Traceback" not in erreurs, erreurs
    assert verrou_rendu(adresse_base)
    assert set(remises_en_base(adresse_base).values()) == {"a_envoyer"}

    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stderr
    copies = boite.copies()
    assert set(copies) == set(ADRESSES) and sum(copies.values()) <= len(ADRESSES) + 1, copies


def test_expediteur_refuse_rien_n_est_note_puis_relance(serveur_smtp, site_copie, adresse_base, aides):
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES[:5])
    env = aides.environnement_smtp(port, adresse_base)
    boite.refuser_expediteur = True
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1 and "Traceback" not in fait.stderr
    assert "le serveur SMTP refuse l'expéditeur lettre@essai.example (553" in fait.stderr
    assert set(remises_en_base(adresse_base).values()) == {"a_envoyer"}
    assert numeros_au_registre(site_copie) == REGISTRE_AVANT
    boite.refuser_expediteur = False
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES[:5]}


def envoi_puis_registre_abime(site_copie, adresse_base, aides, boite, port, abimer, reparer):
    """Envoi à 4 personnes ; `abimer()` au dernier message accepté ; relance après `reparer()`.
    Renvoie la sortie d'erreur du premier passage, après avoir vérifié la relance : le numéro entre
    au registre et personne ne le reçoit deux fois."""
    aides.inscrire(adresse_base, ADRESSES[:4])
    env = aides.environnement_smtp(port, adresse_base)
    boite.apres[4] = abimer
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1 and "Traceback" not in fait.stderr, fait.stderr
    assert "--debogage" not in fait.stderr and "Erreur :" not in fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES[:4]}
    reparer()
    relance = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert relance.returncode == 0, relance.stderr
    assert "terminé lors d'un passage précédent, pas encore au registre" in relance.stdout
    assert numeros_au_registre(site_copie) == [*REGISTRE_AVANT, ("2026-04", "complete")]
    assert boite.copies() == {a: 1 for a in ADRESSES[:4]}, "personne ne le reçoit deux fois"
    return fait.stderr


def test_registre_abime_pendant_l_envoi_puis_relance(serveur_smtp, site_copie, adresse_base, aides):
    """registre.jsonl remplacé par un dossier pendant l'envoi : le numéro est parti, le registre est
    dit illisible (fichier nommé), et la relance l'inscrit sans rien renvoyer."""
    boite, port = serveur_smtp
    numeros = site_copie / "data" / "lettre" / "registre.jsonl"
    contenu = numeros.read_text(encoding="utf-8")

    def abimer():
        numeros.unlink()
        numeros.mkdir()

    def reparer():
        numeros.rmdir()  # toujours le dossier : la commande n'a rien écrit à sa place
        numeros.write_text(contenu, encoding="utf-8")

    erreurs = envoi_puis_registre_abime(site_copie, adresse_base, aides, boite, port, abimer, reparer)
    assert "le registre est illisible, le numéro n'y a pas été ajouté" in erreurs
    assert "data/lettre/registre.jsonl : erreur : fichier illisible (Is a directory)" in erreurs


@pytest.mark.skipif(shutil.which("chattr") is None, reason="chattr (e2fsprogs) absent")
def test_registre_impossible_a_ecrire_apres_l_envoi_puis_relance(
    serveur_smtp, site_copie, adresse_base, aides
):
    """Le dossier du registre devient non modifiable (chattr +i : même pour root) pendant l'envoi : le
    message dit que le numéro est parti et quoi faire ; la relance l'inscrit sans rien renvoyer."""
    boite, port = serveur_smtp
    dossier = site_copie / "data" / "lettre"
    avant = fichiers_du_registre(site_copie)
    essai = subprocess.run(["chattr", "+i", str(dossier)], capture_output=True, check=False)
    if essai.returncode != 0:
        pytest.skip(f"chattr +i refusé par ce système de fichiers : {essai.stderr.decode().strip()}")
    subprocess.run(["chattr", "-i", str(dossier)], check=True)

    def abimer():
        subprocess.run(["chattr", "+i", str(dossier)], check=True)

    def reparer():
        assert fichiers_du_registre(site_copie) == avant  # rien d'écrit à moitié
        subprocess.run(["chattr", "-i", str(dossier)], check=True)

    try:
        erreurs = envoi_puis_registre_abime(site_copie, adresse_base, aides, boite, port, abimer, reparer)
    finally:
        subprocess.run(["chattr", "-i", str(dossier)], check=False)
    assert "est parti chez tous ses destinataires, mais" in erreurs
    assert "relancez la même commande, qui l'inscrira au registre sans rien renvoyer" in erreurs


def test_message_refuse_puis_numero_corrige_part_corrige(serveur_smtp, site_copie, adresse_base, aides):
    """Le serveur refuse le message (554) : rien n'est parti, la relance envoie le numéro corrigé."""
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES[:3])
    env = aides.environnement_smtp(port, adresse_base)
    boite.refuser_message = True
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 1 and "refuse le message lui-même (554" in fait.stderr, fait.stderr
    assert set(remises_en_base(adresse_base).values()) == {"a_envoyer"}
    actualite = site_copie / "content" / "actualites" / "b-nouvelle.md"
    actualite.write_text(
        actualite.read_text(encoding="utf-8").replace(
            "Forum de l'emploi associatif", "Forum de l'emploi solidaire"
        ),
        encoding="utf-8",
    )
    simulation = aides.lancer(site_copie / "pelicanconf.py", env)
    assert simulation.returncode == 0 and "Forum de l'emploi solidaire" in simulation.stdout
    boite.refuser_message = False
    fait = aides.lancer(site_copie / "pelicanconf.py", env, "--envoyer")
    assert fait.returncode == 0, fait.stderr
    assert "parti chez personne : refait" in fait.stdout
    assert boite.copies() == {a: 1 for a in ADRESSES[:3]}
    for _adresse, message in boite.recus:
        texte = message.get_body(("plain",)).get_content()
        assert "Forum de l'emploi solidaire" in texte
    assert numeros_au_registre(site_copie) == [*REGISTRE_AVANT, ("2026-04", "complete")]


def test_serveur_injoignable_arret_tot_a_relancer(site_copie, adresse_base, aides, port_ferme):
    aides.inscrire(adresse_base, ADRESSES[:5])
    debut = time.monotonic()
    fait = aides.lancer(
        site_copie / "pelicanconf.py", aides.environnement_smtp(port_ferme, adresse_base), "--envoyer"
    )
    assert fait.returncode == 3, fait.stderr
    assert "3 échecs de connexion de suite" in fait.stderr and "Traceback" not in fait.stderr
    assert time.monotonic() - debut < 30
    assert set(remises_en_base(adresse_base).values()) == {"a_envoyer"}
    assert numeros_au_registre(site_copie) == REGISTRE_AVANT


def test_numero_vide_ne_part_pas(serveur_smtp, site_copie, adresse_base, aides):
    boite, port = serveur_smtp
    aides.inscrire(adresse_base, ADRESSES)
    for nom in ("b-nouvelle", "e-antidatee", "f-elus-nouvelle"):
        (site_copie / "content" / "actualites" / f"{nom}.md").unlink()
    (site_copie / "data" / "lettre" / "editos" / "2026-04.md").unlink()
    reglages = site_copie / "pelicanconf.py"
    reglages.write_text(
        reglages.read_text(encoding="utf-8").replace('"agenda": True', '"agenda": False'), encoding="utf-8"
    )
    fait = aides.lancer(reglages, aides.environnement_smtp(port, adresse_base), "--envoyer")
    assert fait.returncode == 0 and "Numéro vide" in fait.stdout
    assert boite.recus == [] and remises_en_base(adresse_base) == {}
