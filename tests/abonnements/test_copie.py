"""`gestion.py abonnes copier` : passer de SQLite à PostgreSQL sans perdre ni décaler une ligne."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from abonnements import copie, envois
from abonnements.base import migrer, moteur, utc
from abonnements.tables import abonnes, metadata
from outils import lancer_gestion

CONTACTS = "courriel;nom;editions;consenti_le\nanne@exemple.fr;Anne;complete elus;2024-03-01 10:30\nbob@exemple.fr;Bob;complete;\ncarole@exemple.fr;;elus;01/02/2023\n"


def contenu(adresse: str) -> dict[str, list[dict]]:
    """Toutes les lignes de chaque table, dates en UTC (SQLite les rend sans fuseau)."""
    base = moteur(adresse)
    with base.connect() as connexion:
        tables = {
            table.name: [
                {cle: utc(v) if isinstance(v, dt.datetime) else v for cle, v in ligne.items()}
                for ligne in connexion.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in metadata.sorted_tables
        }
    base.dispose()
    return tables


@pytest.fixture
def sqlite_rempli(tmp_path):
    """Une base SQLite comme après quelques mois : import, désinscription, effacement RGPD."""
    adresse = f"sqlite:///{tmp_path / 'abonnements.sqlite3'}"
    migrer(adresse)
    fichier = tmp_path / "contacts.csv"
    fichier.write_text(CONTACTS, encoding="utf-8")
    for commande in (
        ("importer", str(fichier), "--source", "ancien outil"),
        ("desinscrire", "anne@exemple.fr", "--edition", "elus"),
        ("effacer", "carole@exemple.fr", "--oui"),
    ):
        fait = lancer_gestion("abonnes", *commande, "--base", adresse)
        assert fait.returncode == 0, fait.stderr
    return adresse


@pytest.fixture
def postgresql_paris(serveur_postgresql):
    """Une base PostgreSQL neuve réglée à l'heure de Paris, comme un serveur installé en France."""
    adresse = serveur_postgresql.nouvelle_base()
    base = moteur(adresse)
    with base.connect().execution_options(isolation_level="AUTOCOMMIT") as connexion:
        nom = connexion.exec_driver_sql("SELECT current_database()").scalar_one()
        connexion.exec_driver_sql(f"ALTER DATABASE \"{nom}\" SET timezone = 'Europe/Paris'")
    base.dispose()
    return adresse


def test_copie_vers_postgresql_garde_chaque_ligne_et_chaque_date(sqlite_rempli, postgresql_paris, tmp_path):
    avant = contenu(sqlite_rempli)
    fait = lancer_gestion("abonnes", "copier", postgresql_paris, "--base", sqlite_rempli)
    assert fait.returncode == 0, fait.stderr
    assert "✓ Base copiée" in fait.stdout and "2 personne(s)" in fait.stdout
    assert contenu(postgresql_paris) == avant
    assert contenu(sqlite_rempli) == avant  # la base de départ n'est pas touchée
    assert avant["historique"] and any(ligne["abonne_id"] is None for ligne in avant["historique"])

    # La base copiée sert tout de suite : une nouvelle personne prend un identifiant libre.
    nouveau = tmp_path / "nouveau.csv"
    nouveau.write_text("courriel\ndavid@exemple.fr\n", encoding="utf-8")
    fait = lancer_gestion(
        "abonnes", "importer", str(nouveau), "--source", "essai", "--base", postgresql_paris
    )
    assert fait.returncode == 0, fait.stderr
    liste = lancer_gestion("abonnes", "liste", "--base", postgresql_paris)
    assert "Personnes : 3 confirmée(s)" in liste.stdout, liste.stdout


def test_copie_de_postgresql_vers_sqlite_garde_les_dates(sqlite_rempli, postgresql_paris, tmp_path):
    """Le retour (PostgreSQL à l'heure de Paris vers un fichier SQLite neuf) ne décale rien non plus."""
    avant = contenu(sqlite_rempli)
    aller = lancer_gestion("abonnes", "copier", postgresql_paris, "--base", sqlite_rempli)
    assert aller.returncode == 0, aller.stderr
    retour_base = f"sqlite:///{tmp_path / 'retour.sqlite3'}"
    retour = lancer_gestion("abonnes", "copier", retour_base, "--base", postgresql_paris)
    assert retour.returncode == 0, retour.stderr
    assert contenu(retour_base) == avant


def test_copie_refuse_une_base_d_arrivee_deja_remplie(sqlite_rempli, postgresql_paris):
    premiere = lancer_gestion("abonnes", "copier", postgresql_paris, "--base", sqlite_rempli)
    assert premiere.returncode == 0, premiere.stderr
    avant = contenu(postgresql_paris)
    seconde = lancer_gestion("abonnes", "copier", postgresql_paris, "--base", sqlite_rempli)
    assert seconde.returncode == 1 and "Traceback" not in seconde.stderr
    assert "la base d'arrivée n'est pas vide (abonnements : 2, abonnes : 2" in seconde.stderr
    assert "rien n'a été copié" in seconde.stderr
    assert contenu(postgresql_paris) == avant


def test_copie_vers_elle_meme_refusee(sqlite_rempli):
    fait = lancer_gestion("abonnes", "copier", sqlite_rempli, "--base", sqlite_rempli)
    assert fait.returncode == 1 and "est déjà la base de départ" in fait.stderr


def test_une_valeur_changee_pendant_la_copie_annule_tout(sqlite_rempli, tmp_path):
    """Un envoi qui tourne encore change des valeurs (remises « envoye ») sans changer aucun compte :
    la copie le voit et ne valide rien (sinon ces personnes recevraient le numéro deux fois)."""
    arrivee_adresse = f"sqlite:///{tmp_path / 'arrivee.sqlite3'}"
    migrer(arrivee_adresse)
    depart, arrivee, ecrivain = moteur(sqlite_rempli), moteur(arrivee_adresse), moteur(sqlite_rempli)
    change = []

    def ecrire_pendant_la_copie(_connexion, _curseur, instruction, *_):
        # Les abonnés sont déjà copiés quand vient l'historique : un autre processus en modifie un.
        if instruction.startswith("SELECT historique.id") and not change:
            with ecrivain.begin() as connexion:
                connexion.execute(
                    abonnes.update().where(abonnes.c.courriel == "bob@exemple.fr").values(nom="Robert")
                )
            change.append(True)

    sa.event.listen(depart, "after_cursor_execute", ecrire_pendant_la_copie)
    with pytest.raises(copie.CopieImpossible, match="la base de départ a changé pendant la copie"):
        with depart.connect() as source, arrivee.begin() as cible:
            copie.copier(source, cible)
    assert change
    with arrivee.connect() as connexion:
        assert set(copie.compter(connexion).values()) == {0}  # rien n'a été validé
    for base in (depart, arrivee, ecrivain):
        base.dispose()


def test_un_envoi_en_cours_sur_la_base_de_depart_refuse_la_copie(sqlite_rempli, tmp_path):
    """Un envoi qui tient le verrou continuerait sur l'ancienne base : rien n'est copié."""
    verrou = envois.Verrou(moteur(sqlite_rempli), detenteur="serveur:4242:abcd1234")
    verrou.prendre()
    arrivee = f"sqlite:///{tmp_path / 'arrivee.sqlite3'}"
    fait = lancer_gestion("abonnes", "copier", arrivee, "--base", sqlite_rempli)
    assert fait.returncode == 1 and "Traceback" not in fait.stderr
    assert "un envoi de la lettre tient le verrou de la base de départ (serveur:4242:abcd1234" in fait.stderr
    assert "rien n'a été copié" in fait.stderr
    assert contenu(arrivee)["abonnes"] == []
    verrou.rendre()
    fait = lancer_gestion("abonnes", "copier", arrivee, "--base", sqlite_rempli)
    assert fait.returncode == 0, fait.stderr
    verrou.moteur.dispose()
