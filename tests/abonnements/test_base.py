"""Les règles d'état dans la base (fonctions de abonnements.inscriptions, limites, rgpd), sur les deux moteurs."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from abonnements import inscriptions, limites, rgpd
from abonnements.base import maintenant, moteur
from abonnements.tables import abonnes, consentements, historique
from abonnements.validation import Demande

EDITIONS = ("complete", "elus")


def demande(adresse: str, editions=("complete",)) -> Demande:
    return Demande(adresse, "", tuple(editions), False)


def test_deux_demandes_simultanees_une_seule_personne(adresse_base):
    base = moteur(adresse_base)

    def demander(_):
        with base.begin() as connexion:
            return inscriptions.demander(connexion, demande("Meme@Exemple.fr"), "texte", maintenant())

    with ThreadPoolExecutor(4) as groupe:
        resultats = list(groupe.map(demander, range(8)))
    assert len({abonne for abonne, _ in resultats}) == 1
    with base.connect() as connexion:
        assert connexion.execute(sa.select(sa.func.count()).select_from(abonnes)).scalar_one() == 1
        assert connexion.execute(sa.select(sa.func.count()).select_from(consentements)).scalar_one() == 8
    base.dispose()


def test_une_confirmation_ne_compte_qu_une_fois(adresse_base):
    base = moteur(adresse_base)
    with base.begin() as connexion:
        abonne, consentement = inscriptions.demander(
            connexion, demande("a@exemple.fr", EDITIONS), "t", maintenant()
        )

    def confirmer(_):
        with base.begin() as connexion:
            return inscriptions.confirmer(connexion, abonne, consentement, EDITIONS, maintenant())

    with ThreadPoolExecutor(4) as groupe:
        etats = sorted(groupe.map(confirmer, range(4)))
    assert etats == ["confirmee", "deja", "deja", "deja"]
    with base.connect() as connexion:
        actions = connexion.execute(sa.select(historique.c.action).order_by(historique.c.id)).scalars().all()
        assert inscriptions.etat_consentement(connexion, abonne, consentement) == "deja"
        assert inscriptions.etat_consentement(connexion, abonne, consentement + 1) == "introuvable"
    assert actions == ["inscription_demandee", "confirmation"]
    base.dispose()


def test_compteur_de_limite_et_fenetre_echue(adresse_base):
    base = moteur(adresse_base)
    debut = maintenant()
    cle = limites.cle("secret-assez-long-pour-essai", "ip", "192.0.2.1")
    assert "192.0.2.1" not in cle
    with base.begin() as connexion:
        comptes = [limites.compter(connexion, cle, 3600, debut) for _ in range(3)]
        apres = limites.compter(connexion, cle, 3600, debut + dt.timedelta(hours=2))
    assert comptes == [1, 2, 3] and apres == 1
    with base.begin() as connexion:
        assert limites.purger(connexion, 86400, debut + dt.timedelta(days=2)) == 1
    base.dispose()


def test_demandes_jamais_confirmees_effacees_apres_30_jours(adresse_base):
    base = moteur(adresse_base)
    ancien = maintenant() - dt.timedelta(days=31)
    with base.begin() as connexion:
        inscriptions.demander(connexion, demande("vieille@exemple.fr"), "t", ancien)
        inscriptions.demander(connexion, demande("recente@exemple.fr"), "t", maintenant())
        confirme, consentement = inscriptions.demander(connexion, demande("ok@exemple.fr"), "t", ancien)
        inscriptions.confirmer(connexion, confirme, consentement, EDITIONS, ancien)
    with base.begin() as connexion:
        assert rgpd.purger_demandes(connexion, maintenant()) == 1
    with base.connect() as connexion:
        restants = sorted(connexion.execute(sa.select(abonnes.c.courriel)).scalars())
        anonymes = (
            connexion.execute(sa.select(historique.c.action).where(historique.c.abonne_id.is_(None)))
            .scalars()
            .all()
        )
    assert restants == ["ok@exemple.fr", "recente@exemple.fr"]
    assert "effacement" in anonymes
    base.dispose()


def test_demande_renouvelee_avant_30_jours_pas_effacee(adresse_base):
    """Jamais confirmée, redemandée au 29e jour : la purge du 31e jour ne l'efface pas (son nouveau
    lien, valable 48 heures, mènerait à « cette demande n'existe plus »)."""
    base = moteur(adresse_base)
    debut = maintenant() - dt.timedelta(days=31)
    with base.begin() as connexion:
        abonne, _ = inscriptions.demander(connexion, demande("hesite@exemple.fr"), "t", debut)
        _, nouvelle = inscriptions.demander(
            connexion, demande("hesite@exemple.fr", ("elus",)), "t", debut + dt.timedelta(days=29)
        )
    with base.begin() as connexion:
        assert rgpd.purger_demandes(connexion, maintenant()) == 0
    with base.begin() as connexion:
        assert inscriptions.confirmer(connexion, abonne, nouvelle, EDITIONS, maintenant()) == "confirmee"
    # Sans nouvelle demande, elle aurait été effacée trente jours après la dernière.
    with base.begin() as connexion:
        inscriptions.demander(connexion, demande("partie@exemple.fr"), "t", debut)
    with base.begin() as connexion:
        assert rgpd.purger_demandes(connexion, maintenant()) == 1
    base.dispose()
