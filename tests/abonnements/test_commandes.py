"""`gestion.py abonnes importer|exporter|effacer|liste`, lancées comme le personnel, sur les deux moteurs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from postgresql import port_libre

from abonnements.base import maintenant, moteur
from abonnements.tables import abonnements, abonnes, consentements, historique, suppressions
from outils import lancer_gestion

CONTACTS = """\ufeffEmail;Nom;statut;editions
anne@exemple.fr;Anne Martin;;
Bob@Exemple.fr;;confirmed;complete elus
claire@exemple.fr;Claire;blocklisted;
bob@exemple.fr;Bob en double;;
"""


def ecrire(tmp_path, texte: str, nom="contacts.csv"):
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def lignes(adresse_base, requete):
    base = moteur(adresse_base)
    with base.connect() as connexion:
        resultat = connexion.execute(requete).all()
    base.dispose()
    return resultat


def test_desinscrire_d_une_edition_inconnue_refuse(adresse_base, tmp_path):
    """Une faute de frappe dans --edition ne dit pas « désinscrite » : la personne recevrait encore."""
    fichier = ecrire(tmp_path, "courriel;editions\nbob@exemple.fr;complete elus\n")
    importe = lancer_gestion("abonnes", "importer", str(fichier), "--source", "essai", "--base", adresse_base)
    assert importe.returncode == 0, importe.stderr
    faute = lancer_gestion(
        "abonnes", "desinscrire", "bob@exemple.fr", "--edition", "elu", "--base", adresse_base
    )
    assert faute.returncode == 1 and "Traceback" not in faute.stderr
    assert "édition « elu » inconnue ; possibles : complete, elus" in faute.stderr
    assert "désinscrite" not in faute.stdout
    assert sorted(lignes(adresse_base, sa.select(abonnements.c.edition))) == [("complete",), ("elus",)]


def test_adresse_postgres_des_hebergeurs_acceptee(serveur_postgresql):
    """« postgres://… » (l'adresse que donnent beaucoup d'hébergeurs) : le même serveur PostgreSQL."""
    adresse = serveur_postgresql.nouvelle_base().replace("postgresql+psycopg://", "postgres://")
    fait = lancer_gestion("abonnes", "liste", "--base", adresse)
    assert fait.returncode == 0, fait.stderr
    assert "Personnes : 0 confirmée(s)" in fait.stdout


def test_base_injoignable_message_en_francais():
    """PostgreSQL arrêté : la commande le dit en français, sans le texte du pilote ni mot de passe."""
    adresse = f"postgresql+psycopg://maillage:motdepasse@127.0.0.1:{port_libre()}/abonnements"
    fait = lancer_gestion("abonnes", "liste", "--base", adresse)
    assert fait.returncode == 1 and "Traceback" not in fait.stderr
    assert "base des abonnements postgresql+psycopg://maillage:***@127.0.0.1" in fait.stderr
    assert "injoignable ou en erreur (OperationalError) : vérifiez ABONNEMENTS_BASE" in fait.stderr
    assert "motdepasse" not in fait.stderr and "connection failed" not in fait.stderr


def test_importer_exporter_effacer(adresse_base, tmp_path):
    fichier = ecrire(tmp_path, CONTACTS)
    essai = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "ancien outil", "--essai", "--base", adresse_base
    )
    assert essai.returncode == 0, essai.stderr
    assert "2 contact(s) valides" in essai.stdout
    assert lignes(adresse_base, sa.select(abonnes)) == []

    resultat = lancer_gestion(
        "abonnes",
        "importer",
        str(fichier),
        "--source",
        "ancien outil, export 2026-11",
        "--base",
        adresse_base,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "2 contact(s) importé(s)" in resultat.stdout
    assert "claire@exemple.fr » : statut « blocklisted », non importée" in resultat.stderr
    assert ":5 : avertissement : « bob@exemple.fr » en double" in resultat.stderr
    personnes = {p.courriel_canonique: p for p in lignes(adresse_base, sa.select(abonnes))}
    assert set(personnes) == {"anne@exemple.fr", "bob@exemple.fr"}
    assert {p.statut for p in personnes.values()} == {"confirme"}
    assert personnes["anne@exemple.fr"].nom == "Anne Martin"
    editions = lignes(adresse_base, sa.select(abonnements.c.abonne_id, abonnements.c.edition))
    assert sorted(e for i, e in editions if i == personnes["bob@exemple.fr"].id) == ["complete", "elus"]
    assert [e for i, e in editions if i == personnes["anne@exemple.fr"].id] == ["complete"]
    preuves = lignes(adresse_base, sa.select(consentements.c.source, consentements.c.confirme_le))
    assert {s for s, _ in preuves} == {"import : ancien outil, export 2026-11"} and all(c for _, c in preuves)

    # Relancer l'import ne change rien (et ne ramène pas quelqu'un qui s'est désinscrit depuis).
    base = moteur(adresse_base)
    with base.begin() as connexion:
        connexion.execute(
            abonnes.update()
            .where(abonnes.c.courriel_canonique == "anne@exemple.fr")
            .values(statut="desinscrit")
        )
    base.dispose()
    encore = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "ancien outil", "--base", adresse_base
    )
    assert "0 contact(s) importé(s)" in encore.stdout and "2 déjà dans la base" in encore.stdout
    assert {
        p.statut
        for p in lignes(adresse_base, sa.select(abonnes))
        if p.courriel_canonique == "anne@exemple.fr"
    } == {"desinscrit"}

    # Une demande de désinscription reçue par courriel (adresse mailto des lettres).
    desinscrit = lancer_gestion(
        "abonnes", "desinscrire", "Bob@exemple.fr", "--edition", "elus", "--base", adresse_base
    )
    assert desinscrit.returncode == 0 and "désinscrite de l'édition « elus »" in desinscrit.stdout
    liste = lancer_gestion("abonnes", "liste", "--base", adresse_base)
    assert liste.returncode == 0, liste.stderr
    assert "1 confirmée(s), 0 en attente de confirmation, 1 désinscrite(s)" in liste.stdout
    assert "La lettre (complete) : 1 destinataire(s)" in liste.stdout
    assert "La lettre des élus (elus) : 0 destinataire(s)" in liste.stdout

    # Export RGPD : toutes les données de la personne, en JSON ; l'export est historisé.
    base = moteur(adresse_base)
    with base.begin() as connexion:
        connexion.execute(
            suppressions.insert().values(
                courriel_canonique="bob@exemple.fr", raison="refus_definitif", depuis=maintenant()
            )
        )
    base.dispose()
    sortie = tmp_path / "bob.json"
    export = lancer_gestion(
        "abonnes", "exporter", "BOB@exemple.fr", "--sortie", str(sortie), "--base", adresse_base
    )
    assert export.returncode == 0, export.stderr
    donnees = json.loads(sortie.read_text(encoding="utf-8"))
    assert donnees["personne"]["courriel"] == "Bob@Exemple.fr"
    assert [e["edition"] for e in donnees["editions"]] == ["complete"]
    assert donnees["consentements"][0]["source"] == "import : ancien outil, export 2026-11"
    assert [h["action"] for h in donnees["historique"]] == ["import", "desinscription"]
    assert donnees["suppression"][0]["raison"] == "refus_definitif"
    assert (sortie.stat().st_mode & 0o777) == 0o600

    # Effacement : la personne disparaît ; l'historique garde les actions, sans adresse.
    efface = lancer_gestion("abonnes", "effacer", "bob@exemple.fr", "--oui", "--base", adresse_base)
    assert efface.returncode == 0, efface.stderr
    assert [p.courriel_canonique for p in lignes(adresse_base, sa.select(abonnes))] == ["anne@exemple.fr"]
    # De la liste de suppression, ne reste que l'empreinte de l'adresse (pas l'adresse) : l'opposition
    # de la personne, pour qu'un import ne la réinscrive pas.
    (reste,) = lignes(adresse_base, sa.select(suppressions))
    assert reste.raison == "effacement" and reste.courriel_canonique.startswith("effacee:")
    assert "bob" not in reste.courriel_canonique and reste.detail == ""
    anonymes = lignes(adresse_base, sa.select(historique.c.action).where(historique.c.abonne_id.is_(None)))
    assert sorted(a for (a,) in anonymes) == ["desinscription", "effacement", "export", "import"]
    texte_historique = " ".join(str(h) for h in lignes(adresse_base, sa.select(historique)))
    assert "bob" not in texte_historique.lower()
    inconnu = lancer_gestion("abonnes", "exporter", "bob@exemple.fr", "--base", adresse_base)
    assert inconnu.returncode == 1 and "Aucune donnée" in inconnu.stderr
    # Réimporter l'ancienne liste ne ramène pas la personne effacée, et le personnel le lit.
    encore = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "ancien outil", "--base", adresse_base
    )
    assert encore.returncode == 0, encore.stderr
    assert "1 contact(s) non importé(s) : effacé(s) de la base à leur demande" in encore.stdout
    assert [p.courriel_canonique for p in lignes(adresse_base, sa.select(abonnes))] == ["anne@exemple.fr"]
    liste = lancer_gestion("abonnes", "liste", "--base", adresse_base)
    assert "0 adresse(s) en liste de suppression" in liste.stdout
    assert "1 personne(s) effacée(s) à leur demande" in liste.stdout


@pytest.mark.parametrize(
    ("texte", "message"),
    [
        (
            "courriel\nanne@exemple.fr\npas-une-adresse\n",
            ":3 : erreur : « pas-une-adresse » : adresse invalide",
        ),
        (
            "courriel;editions\nanne@exemple.fr;complete inconnue\n",
            ":2 : erreur : édition(s) inconnue(s) : inconnue",
        ),
        ("courriel,statut\nanne@exemple.fr,peut-etre\n", "statut « peut-etre » inconnu"),
        ('courriel,nom\nanne@exemple.fr,"Anne\nBcc: x@y.fr"\n', "le nom contient un caractère interdit"),
    ],
)
def test_import_tout_ou_rien(adresse_base, tmp_path, texte, message):
    fichier = ecrire(tmp_path, texte)
    resultat = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "essai", "--base", adresse_base
    )
    assert resultat.returncode == 1
    assert message in resultat.stderr
    assert "rien n'a été importé" in resultat.stderr and "Traceback" not in resultat.stderr
    assert lignes(adresse_base, sa.select(abonnes)) == []


def test_import_fichier_illisible_ou_options_fausses(tmp_path):
    base = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    absent = lancer_gestion(
        "abonnes", "importer", str(tmp_path / "absent.csv"), "--source", "x", "--base", base
    )
    assert absent.returncode == 1 and "fichier introuvable" in absent.stderr
    (tmp_path / "latin1.csv").write_bytes("courriel,nom\né@exemple.fr,Zoé\n".encode("latin-1"))
    latin = lancer_gestion(
        "abonnes", "importer", str(tmp_path / "latin1.csv"), "--source", "x", "--base", base
    )
    assert latin.returncode == 1 and "UTF-8" in latin.stderr
    sans = ecrire(tmp_path, "nom\nAnne\n", "sans.csv")
    colonne = lancer_gestion("abonnes", "importer", str(sans), "--source", "x", "--base", base)
    assert colonne.returncode == 1 and "pas de colonne « courriel »" in colonne.stderr
    edition = lancer_gestion(
        "abonnes", "importer", str(sans), "--source", "x", "--editions", "nulle", "--base", base
    )
    assert edition.returncode == 1 and "édition(s) inconnue(s) nulle" in edition.stderr
    source = lancer_gestion("abonnes", "importer", str(sans), "--source", " ", "--base", base)
    assert source.returncode == 1 and "--source vide" in source.stderr
    mauvaise_base = lancer_gestion("abonnes", "liste", "--base", "mysql://x@y/z")
    assert mauvaise_base.returncode == 1 and "non prise en charge" in mauvaise_base.stderr
    for resultat in (absent, latin, colonne, edition, source, mauvaise_base):
        assert "Traceback" not in resultat.stderr
        # Une saisie à corriger, pas une panne : ni « Erreur : » générique ni renvoi à --debogage.
        assert "--debogage" not in resultat.stderr and "Erreur :" not in resultat.stderr


def test_export_impossible_a_ecrire_et_effacement_sans_terminal(adresse_base, tmp_path):
    """Le personnel se trompe de dossier, ou lance l'effacement depuis un script : un message en
    français qui dit quoi faire, et rien n'est noté ni effacé."""
    fichier = ecrire(tmp_path, "courriel\nanne@exemple.fr\n")
    assert (
        lancer_gestion(
            "abonnes", "importer", str(fichier), "--source", "x", "--base", adresse_base
        ).returncode
        == 0
    )
    absent = tmp_path / "dossier-absent" / "anne.json"
    export = lancer_gestion(
        "abonnes", "exporter", "anne@exemple.fr", "--sortie", str(absent), "--base", adresse_base
    )
    assert export.returncode == 1 and not absent.exists()
    assert "No such file" not in export.stderr
    assert f"(le dossier {absent.parent} n'existe pas)" in export.stderr
    assert f"✗ impossible d'écrire {absent}" in export.stderr and "rien n'a été exporté" in export.stderr
    assert "Errno" not in export.stderr and "Traceback" not in export.stderr
    assert [a for (a,) in lignes(adresse_base, sa.select(historique.c.action))] == ["import"]

    sans_terminal = lancer_gestion("abonnes", "effacer", "anne@exemple.fr", "--base", adresse_base)
    assert sans_terminal.returncode == 1
    assert "rien n'a été effacé ; ajoutez --oui" in sans_terminal.stderr
    assert "EOF" not in sans_terminal.stderr and "Traceback" not in sans_terminal.stderr
    assert [p.courriel for p in lignes(adresse_base, sa.select(abonnes))] == ["anne@exemple.fr"]


def test_import_confirme_une_demande_restee_en_attente(adresse_base, tmp_path):
    """Inscrite dans l'ancien outil, la personne a aussi rempli le formulaire du site sans cliquer le
    lien : l'import la confirme (sinon la purge des 30 jours l'effacerait sans un mot) ; une
    personne désinscrite, elle, ne revient pas."""
    from abonnements import inscriptions, rgpd
    from abonnements.validation import Demande

    base = moteur(adresse_base)
    with base.begin() as connexion:
        inscriptions.demander(connexion, Demande("anne@exemple.fr", "", ("elus",), False), "t", maintenant())
        partie, _ = inscriptions.creer_ou_retrouver(
            connexion, "bob@exemple.fr", "", "desinscrit", maintenant()
        )
    base.dispose()
    fichier = ecrire(tmp_path, "courriel\nAnne@exemple.fr\nbob@exemple.fr\n")
    resultat = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "ancien outil", "--base", adresse_base
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "1 contact(s) importé(s)" in resultat.stdout and "1 déjà dans la base" in resultat.stdout
    statuts = dict(lignes(adresse_base, sa.select(abonnes.c.courriel_canonique, abonnes.c.statut)))
    assert statuts == {"anne@exemple.fr": "confirme", "bob@exemple.fr": "desinscrit"}
    assert lignes(adresse_base, sa.select(abonnements.c.edition)) == [("complete",)]
    preuves = lignes(adresse_base, sa.select(consentements.c.source, consentements.c.confirme_le))
    assert sorted((s, c is not None) for s, c in preuves) == [
        ("formulaire", False),
        ("import : ancien outil", True),
    ]
    base = moteur(adresse_base)
    with base.begin() as connexion:
        assert rgpd.purger_demandes(connexion, maintenant() + dt.timedelta(days=31)) == 0
    base.dispose()


def test_import_garde_la_date_du_consentement_de_l_ancien_outil(adresse_base, tmp_path):
    from abonnements.base import utc

    fautif = ecrire(
        tmp_path, "email;optin_time\nanne@exemple.fr;2019-03-14 10:30:00\nbob@exemple.fr;14 mars 2019\n"
    )
    refuse = lancer_gestion(
        "abonnes", "importer", str(fautif), "--source", "ancien outil", "--base", adresse_base
    )
    assert refuse.returncode == 1
    assert ":3 : erreur : date du consentement « 14 mars 2019 » illisible ou à venir" in refuse.stderr
    assert lignes(adresse_base, sa.select(abonnes)) == []  # tout ou rien

    fichier = ecrire(
        tmp_path,
        "email;optin_time\nanne@exemple.fr;2019-03-14 10:30:00\nbob@exemple.fr;14/03/2019\nclaire@exemple.fr;\n"
        "dan@exemple.fr;2019-03-14T09:30:00Z\n",
    )
    resultat = lancer_gestion(
        "abonnes", "importer", str(fichier), "--source", "ancien outil", "--base", adresse_base
    )
    assert resultat.returncode == 0, resultat.stderr
    preuves = {
        courriel: (utc(donne), utc(confirme), texte)
        for courriel, donne, confirme, texte in lignes(
            adresse_base,
            sa.select(
                abonnes.c.courriel,
                consentements.c.donne_le,
                consentements.c.confirme_le,
                consentements.c.texte,
            ).join(consentements, consentements.c.abonne_id == abonnes.c.id),
        )
    }
    # Heure de Paris (UTC+1 en mars) : la preuve dit quand la personne a consenti, pas quand on a importé.
    assert preuves["anne@exemple.fr"][:2] == (dt.datetime(2019, 3, 14, 9, 30, tzinfo=dt.UTC),) * 2
    assert preuves["bob@exemple.fr"][0] == dt.datetime(2019, 3, 13, 23, 0, tzinfo=dt.UTC)
    # Une heure donnée avec son fuseau (« Z » : UTC) est prise telle quelle, pas comme heure de Paris.
    assert preuves["dan@exemple.fr"][0] == dt.datetime(2019, 3, 14, 9, 30, tzinfo=dt.UTC)
    assert preuves["claire@exemple.fr"][0].date() == maintenant().date()  # sans date : celle de l'import
    assert all(f"importé le {maintenant():%Y-%m-%d}" in texte for _d, _c, texte in preuves.values())
