"""Le courriel de confirmation survit à une panne du serveur SMTP : file en base, nouveaux essais,
abandon journalisé seulement quand insister ne sert plus à rien (refus définitif, lien expiré).

Vrai service sur 127.0.0.1, vrai serveur SMTP (aiosmtpd) démarré ou refusant, vraie base (SQLite
et PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import email
import time

import pytest
import requests
import sqlalchemy as sa
from outils_service import Boite, lien_du_courriel, serveur_smtp, service_demarre
from postgresql import port_libre

from abonnements import attente, rgpd
from abonnements.base import maintenant, moteur
from abonnements.tables import abonnes, courriels_a_remettre
from outils import lancer_gestion

RELANCE = {"ABONNEMENTS_RELANCE_COURRIELS_S": "1"}


def inscrire(service, adresse):
    reponse = service.poster(
        "/inscription",
        {"courriel": adresse, "nom": "Anne Martin", "editions": "complete", "consentement": "oui"},
    )
    assert reponse.status_code == 200, reponse.text
    return reponse


def file_d_attente(service) -> list:
    with service.moteur.connect() as connexion:
        return connexion.execute(sa.select(courriels_a_remettre).order_by(courriels_a_remettre.c.id)).all()


def attendre_que(condition, quoi: str, delai_s: float = 20.0):
    limite = time.monotonic() + delai_s
    while time.monotonic() < limite:
        resultat = condition()
        if resultat:
            return resultat
        time.sleep(0.1)
    raise AssertionError(f"{quoi} : pas en {delai_s} s")


class BoiteQuiRefuse(Boite):
    """Un serveur qui refuse définitivement tout destinataire (boîte inconnue)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Boite inconnue"


def test_smtp_en_panne_le_courriel_attend_puis_part_et_le_lien_confirme(tmp_path, adresse_base, adresse):
    port_smtp = port_libre()  # rien n'y écoute encore : le serveur SMTP est « en panne »
    with service_demarre(adresse_base, tmp_path, port_smtp, **RELANCE) as service:
        inscrire(service, adresse)
        # La demande est acceptée et son courriel attend, avec l'erreur du premier essai.
        (ligne,) = attendre_que(
            lambda: [x for x in file_d_attente(service) if x.essais >= 1 and x.derniere_erreur],
            "premier essai noté en échec",
        )
        assert adresse in ligne.message and "/confirmation/" in ligne.message
        attendre_que(lambda: "non remis (essai 1" in service.texte_journal(), "échec journalisé")
        # Le personnel le voit dans les comptes, avec quoi vérifier.
        liste = lancer_gestion("abonnes", "liste", "--base", adresse_base)
        assert liste.returncode == 0, liste.stderr
        assert "1 courriel(s) de confirmation pas encore remis au serveur SMTP" in liste.stdout
        assert "LETTRE_SMTP_" in liste.stdout

        boite = Boite()
        with serveur_smtp(boite, port_smtp):
            (courriel,) = boite.attendre(adresse, delai_s=90)  # essais à 1, 5, 21, 85 s
            # Le serveur reste en marche jusqu'à ce que sa réponse « 250 » soit arrivée : l'arrêter
            # avant serait une nouvelle panne, qui ferait légitimement réessayer plus tard.
            attendre_que(lambda: file_d_attente(service) == [], "file vidée une fois remis")
        attendre_que(lambda: "remis au " in service.texte_journal(), "remise tardive journalisée")
        # Le courriel remis en retard est le bon : son lien confirme l'inscription.
        lien = lien_du_courriel(courriel, "confirmation")
        assert requests.post(lien, headers={"Origin": service.url}, timeout=20).status_code == 200
        with service.moteur.connect() as connexion:
            statut = connexion.execute(
                sa.select(abonnes.c.statut).where(abonnes.c.courriel_canonique == adresse)
            ).scalar_one()
        assert statut == "confirme"
        assert "Traceback" not in service.texte_journal()


class BoiteQuiRaccroche(Boite):
    """Un serveur qui accepte le message puis coupe la connexion au lieu de répondre à QUIT."""

    async def handle_QUIT(self, server, session, envelope):
        server.transport.close()
        return "221 Bye"


def test_serveur_qui_raccroche_apres_acceptation_le_courriel_est_remis_une_seule_fois(
    tmp_path, adresse_base, adresse
):
    # Accepté (250 après DATA) = remis, même si la connexion tombe ensuite : le remettre encore
    # enverrait un doublon à la personne, et le noter « non remis » tromperait le personnel.
    boite = BoiteQuiRaccroche()
    with (
        serveur_smtp(boite) as port_smtp,
        service_demarre(adresse_base, tmp_path, port_smtp, **RELANCE) as service,
    ):
        inscrire(service, adresse)
        boite.attendre(adresse)
        attendre_que(lambda: file_d_attente(service) == [], "file vidée une fois accepté")
        assert "non remis" not in service.texte_journal()
        assert len(boite.pour(adresse)) == 1


def test_refus_definitif_abandonne_sans_insister(tmp_path, adresse_base, adresse):
    boite = BoiteQuiRefuse()
    with (
        serveur_smtp(boite) as port_smtp,
        service_demarre(adresse_base, tmp_path, port_smtp, **RELANCE) as service,
    ):
        inscrire(service, adresse)
        attendre_que(lambda: "abandonné" in service.texte_journal(), "abandon journalisé")
        assert file_d_attente(service) == []
        journal = service.texte_journal()
        assert "refus définitif du serveur" in journal and "550" in journal
        assert adresse not in journal, "le journal ne garde pas l'adresse"


def personne_en_attente(connexion, adresse: str, instant) -> int:
    """Une personne « en attente » (jamais confirmée) depuis `instant`."""
    return connexion.execute(
        abonnes.insert().values(
            courriel=adresse,
            courriel_canonique=adresse,
            statut="en_attente",
            cree_le=instant,
            modifie_le=instant,
        )
    ).inserted_primary_key[0]


def en_attente(connexion, adresse: str, instant) -> int:
    """Une personne « en attente » et son courriel de confirmation en file depuis `instant`."""
    personne = personne_en_attente(connexion, adresse, instant)
    message = email.message_from_string(f"To: {adresse}\nSubject: essai\n\ncorps\n")
    attente.mettre_en_attente(connexion, personne, message, instant)
    return personne


def test_un_courriel_dont_le_lien_aurait_expire_est_abandonne(tmp_path, adresse_base, adresse):
    # Le service était arrêté deux jours avec un courriel en file, et le serveur SMTP est toujours
    # en panne : le prochain essai tomberait après l'expiration du lien (48 h), on abandonne.
    base = moteur(adresse_base)
    il_y_a_deux_jours = maintenant() - dt.timedelta(hours=47, minutes=59, seconds=59)
    with base.begin() as connexion:
        en_attente(connexion, adresse, il_y_a_deux_jours)
    base.dispose()
    with service_demarre(adresse_base, tmp_path, port_libre(), **RELANCE) as service:
        attendre_que(lambda: file_d_attente(service) == [], "courriel périmé retiré de la file")
        attendre_que(lambda: "son lien aurait expiré" in service.texte_journal(), "abandon journalisé")


@pytest.fixture
def base(adresse_base):
    resultat = moteur(adresse_base)
    yield resultat
    resultat.dispose()


def test_un_courriel_ne_se_reserve_qu_une_fois_puis_se_reprend_apres_le_bail(base):
    instant = maintenant()
    with base.begin() as connexion:
        en_attente(connexion, "a@exemple.fr", instant)
    with base.begin() as connexion:
        (premier,) = attente.reserver(connexion, instant)
        # un second processus, au même instant : rien à prendre
        assert attente.reserver(connexion, instant) == []
    assert premier.essais == 1 and premier.message["Subject"] == "essai"
    # Le processus qui l'avait pris est mort sans rien dire : après le bail, il se reprend.
    with base.begin() as connexion:
        assert attente.reserver(connexion, instant + attente.BAIL - dt.timedelta(seconds=1)) == []
        (repris,) = attente.reserver(connexion, instant + attente.BAIL)
    assert repris.ident == premier.ident and repris.essais == 2
    with base.connect() as connexion:
        assert attente.compter(connexion)["nombre"] == 1


def test_effacer_une_personne_efface_son_courriel_en_attente(base):
    instant = maintenant()
    with base.begin() as connexion:
        en_attente(connexion, "b@exemple.fr", instant)
        # Le droit d'accès montre le courriel en attente (il contient l'adresse et le nom).
        (export,) = rgpd.exporter(connexion, "b@exemple.fr", instant)["courriels_a_remettre"]
        assert export["essais"] == 0 and "To: b@exemple.fr" in export["message"]
        assert export["cree_le"] == instant.isoformat(timespec="seconds")
        assert rgpd.effacer(connexion, "b@exemple.fr", instant)
    with base.connect() as connexion:
        assert attente.compter(connexion) == {"nombre": 0, "plus_ancien": None}


def test_delai_entre_essais_croissant_et_borne():
    premier = dt.timedelta(minutes=1)
    delais = [attente.delai_avant_essai(n, premier) for n in range(1, 7)]
    assert delais[:4] == [dt.timedelta(minutes=m) for m in (1, 4, 16, 60)]
    assert delais[4:] == [attente.DELAI_MAX] * 2


def test_sans_inscription_une_demande_de_plus_de_30_jours_est_quand_meme_effacee(
    tmp_path, adresse_base, adresse
):
    # Une petite association reçoit peu d'inscriptions : la purge promise par le courriel de
    # confirmation (« votre adresse sera effacée ») ne doit pas attendre la prochaine.
    base = moteur(adresse_base)
    il_y_a_31_jours = maintenant() - dt.timedelta(days=31)
    with base.begin() as connexion:
        personne_en_attente(connexion, adresse, il_y_a_31_jours)
    base.dispose()
    with service_demarre(adresse_base, tmp_path, port_libre(), **RELANCE) as service:
        attendre_que(
            lambda: service.compter(abonnes) == 0, "demande jamais confirmée effacée sans inscription"
        )
        assert "Traceback" not in service.texte_journal()
