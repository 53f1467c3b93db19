"""Le vrai service sur 127.0.0.1, par HTTP : inscription, double opt-in, préférences, désinscription.

Chaque test tourne sur SQLite et sur PostgreSQL (fixture `service`), avec un vrai serveur SMTP.
"""

from __future__ import annotations

import requests
import sqlalchemy as sa
from bs4 import BeautifulSoup
from outils_service import SECRET, SITE, lien_du_courriel

from abonnements import jetons
from abonnements.tables import abonnements, abonnes, consentements, historique, suppressions


def inscrire(service, adresse, editions=("complete",), **autres):
    donnees = {"courriel": adresse, "nom": "Anne Martin", "editions": list(editions), "consentement": "oui"}
    donnees.update(autres)
    return service.poster("/inscription", donnees)


def abonne(service, adresse):
    with service.moteur.connect() as connexion:
        return connexion.execute(
            sa.select(abonnes).where(abonnes.c.courriel_canonique == adresse.lower())
        ).first()


def editions_de(service, ident) -> set[str]:
    with service.moteur.connect() as connexion:
        requete = sa.select(abonnements.c.edition).where(abonnements.c.abonne_id == ident)
        return set(connexion.execute(requete).scalars())


def actions(service, ident) -> list[str]:
    with service.moteur.connect() as connexion:
        requete = (
            sa.select(historique.c.action).where(historique.c.abonne_id == ident).order_by(historique.c.id)
        )
        return list(connexion.execute(requete).scalars())


def bouton(reponse) -> BeautifulSoup:
    page = BeautifulSoup(reponse.text, "html.parser")
    formulaire = page.find("form", method="post")
    assert formulaire is not None and formulaire.find("button"), reponse.text
    return formulaire


def confirmer(service, boite, adresse) -> str:
    lien = lien_du_courriel(boite.attendre(adresse)[-1], "confirmation")
    reponse = requests.post(lien, headers={"Origin": service.url}, timeout=20)
    assert reponse.status_code == 200, reponse.text
    return lien


def test_parcours_complet_double_opt_in_preferences_desinscription(service, boite, adresse):
    reponse = inscrire(service, adresse, editions=("complete", "elus"))
    assert reponse.status_code == 200
    assert "Vérifiez votre boîte" in reponse.text
    # Rien n'est confirmé tant que le lien n'est pas suivi : aucune édition, statut en attente.
    personne = abonne(service, adresse)
    assert personne.statut == "en_attente" and personne.nom == "Anne Martin"
    assert editions_de(service, personne.id) == set()

    courriel = boite.attendre(adresse)[0]
    assert courriel["To"].addresses[0].addr_spec == adresse
    assert courriel["To"].addresses[0].display_name == "Anne Martin"
    assert "Confirmez votre inscription" in courriel["Subject"]
    lien = lien_du_courriel(courriel, "confirmation")
    assert lien.startswith(service.url + "/confirmation/")

    # Le GET (un robot qui visite les liens) ne confirme rien : il affiche un bouton.
    page = requests.get(lien, timeout=20)
    assert page.status_code == 200
    bouton(page)
    assert abonne(service, adresse).statut == "en_attente"

    reponse = requests.post(lien, headers={"Origin": service.url}, timeout=20)
    assert reponse.status_code == 200 and "Votre inscription est confirmée" in reponse.text
    personne = abonne(service, adresse)
    assert personne.statut == "confirme" and personne.confirme_le is not None
    assert editions_de(service, personne.id) == {"complete", "elus"}
    with service.moteur.connect() as connexion:
        preuve = connexion.execute(
            sa.select(consentements).where(consentements.c.abonne_id == personne.id)
        ).one()
    assert preuve.source == "formulaire" and preuve.editions == "complete,elus"
    assert preuve.texte.startswith("J'accepte de recevoir la lettre de Maillage")
    assert preuve.confirme_le is not None

    # Rejouer le lien ne change plus rien.
    historique_avant = actions(service, personne.id)
    rejoue = requests.post(lien, headers={"Origin": service.url}, timeout=20)
    assert rejoue.status_code == 200 and "confirmée" in rejoue.text
    assert actions(service, personne.id) == historique_avant == ["inscription_demandee", "confirmation"]

    # Préférences : le lien signé d'une lettre ; garder seulement l'édition des élus.
    preferences = f"{service.url}/preferences/{jetons.signer(SECRET, 'preferences', personne.id)}"
    page = requests.get(preferences, timeout=20)
    assert page.status_code == 200
    cases = BeautifulSoup(page.text, "html.parser").find_all("input", attrs={"name": "editions"})
    assert {c["value"]: c.has_attr("checked") for c in cases} == {"complete": True, "elus": True}
    reponse = service.poster(
        preferences.removeprefix(service.url),
        {"editions": "elus", "action": "enregistrer"},
        origine=service.url,
    )
    assert reponse.status_code == 200 and "préférences sont enregistrées" in reponse.text
    assert editions_de(service, personne.id) == {"elus"}

    # Désinscription d'une édition : le GET n'affiche qu'un bouton, le POST un clic désinscrit.
    desinscription = f"/desinscription/{jetons.signer(SECRET, 'desinscription', personne.id, 'elus')}"
    page = requests.get(service.url + desinscription, timeout=20)
    assert page.status_code == 200 and "La lettre des élus" in page.text
    bouton(page)
    assert editions_de(service, personne.id) == {"elus"}
    reponse = service.poster(desinscription, {"List-Unsubscribe": "One-Click"}, origine=None)
    assert reponse.status_code == 200
    assert editions_de(service, personne.id) == set()
    assert abonne(service, adresse).statut == "desinscrit"
    assert actions(service, personne.id)[-2:] == ["preferences", "desinscription"]
    # La preuve du consentement reste.
    assert service.compter(consentements) >= 1


def test_meme_reponse_pour_une_adresse_connue_ou_non(service, boite, adresse):
    inscrire(service, adresse)
    confirmer(service, boite, adresse)
    connue = inscrire(service, adresse)
    inconnue = inscrire(service, "jamais-vue-" + adresse)
    assert connue.status_code == inconnue.status_code == 200
    assert connue.text == inconnue.text
    # Une demande pour une adresse confirmée ne change rien sans nouvelle confirmation.
    personne = abonne(service, adresse)
    assert personne.statut == "confirme" and editions_de(service, personne.id) == {"complete"}


def test_nouvelle_demande_d_une_adresse_confirmee_ajoute_l_edition_apres_confirmation(
    service, boite, adresse
):
    inscrire(service, adresse)
    confirmer(service, boite, adresse)
    inscrire(service, adresse, editions=("elus",))
    assert editions_de(service, abonne(service, adresse).id) == {"complete"}
    lien = lien_du_courriel(boite.attendre(adresse, 2)[-1], "confirmation")
    requests.post(lien, headers={"Origin": service.url}, timeout=20)
    assert editions_de(service, abonne(service, adresse).id) == {"complete", "elus"}


def test_une_reinscription_confirmee_leve_un_refus_definitif(service, boite, adresse):
    from abonnements.base import maintenant

    with service.moteur.begin() as connexion:
        connexion.execute(
            suppressions.insert().values(
                courriel_canonique=adresse, raison="refus_definitif", depuis=maintenant()
            )
        )
    inscrire(service, adresse)
    assert (
        service.compter(suppressions.select().where(suppressions.c.courriel_canonique == adresse).subquery())
        == 1
    )
    confirmer(service, boite, adresse)
    assert (
        service.compter(suppressions.select().where(suppressions.c.courriel_canonique == adresse).subquery())
        == 0
    )
    assert abonne(service, adresse).statut == "confirme"


def test_preferences_se_desinscrire_de_tout(service, boite, adresse):
    inscrire(service, adresse, editions=("complete", "elus"))
    confirmer(service, boite, adresse)
    ident = abonne(service, adresse).id
    chemin = f"/preferences/{jetons.signer(SECRET, 'preferences', ident)}"
    reponse = service.poster(
        chemin, {"editions": ["complete", "elus"], "action": "tout"}, origine=service.url
    )
    assert reponse.status_code == 200 and "désinscrit" in reponse.text
    assert editions_de(service, ident) == set() and abonne(service, adresse).statut == "desinscrit"


def test_desinscription_par_le_bouton_de_la_page(service, boite, adresse):
    inscrire(service, adresse)
    confirmer(service, boite, adresse)
    ident = abonne(service, adresse).id
    chemin = f"/desinscription/{jetons.signer(SECRET, 'desinscription', ident, 'complete')}"
    reponse = service.poster(chemin, {}, origine=service.url)
    assert reponse.status_code == 200 and "C'est fait" in reponse.text
    assert abonne(service, adresse).statut == "desinscrit"
    # Un second clic (ou un second POST du fournisseur) ne fait rien de plus.
    avant = actions(service, ident)
    assert service.poster(chemin, {"List-Unsubscribe": "One-Click"}, origine=None).status_code == 200
    assert actions(service, ident) == avant


def test_en_tetes_de_securite_sur_toutes_les_reponses(service, adresse):
    for reponse in (
        inscrire(service, adresse),
        requests.get(service.url + "/confirmation/abime", timeout=20),
        requests.get(service.url + "/nulle-part", timeout=20),
    ):
        entetes = reponse.headers
        assert "frame-ancestors 'none'" in entetes["Content-Security-Policy"]
        assert "default-src 'none'" in entetes["Content-Security-Policy"]
        assert entetes["X-Content-Type-Options"] == "nosniff"
        assert entetes["Referrer-Policy"] == "same-origin"
        assert entetes["Cache-Control"] == "no-store"
        assert "server" not in {k.lower() for k in entetes}


def test_pages_avec_l_aspect_du_site(service, adresse):
    page = BeautifulSoup(inscrire(service, adresse).text, "html.parser")
    assert page.html["lang"] == "fr"
    feuilles = [lien["href"] for lien in page.find_all("link", rel="stylesheet")]
    assert f"{SITE}/theme/css/site.css" in feuilles
    assert page.find(class_="marque__nom").get_text() == "Maillage"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert page.find("link", rel="canonical") is None


def test_lien_de_confirmation_rouvert_apres_une_desinscription(service, boite, adresse):
    """Confirmée, puis désinscrite d'un clic : rouvrir le lien de confirmation (encore valable) ne
    dit pas « vous recevrez la lettre » et ne réinscrit pas ; la page mène aux préférences."""
    inscrire(service, adresse)
    lien = confirmer(service, boite, adresse)
    ident = abonne(service, adresse).id
    desinscription = f"/desinscription/{jetons.signer(SECRET, 'desinscription', ident, 'complete')}"
    assert service.poster(desinscription, {"List-Unsubscribe": "One-Click"}, origine=None).status_code == 200
    for reponse in (
        requests.get(lien, timeout=20),
        requests.post(lien, headers={"Origin": service.url}, timeout=20),
    ):
        assert reponse.status_code == 200
        principal = BeautifulSoup(reponse.text, "html.parser").find("main")
        texte = " ".join(principal.get_text(" ").split())
        assert "vous recevrez" not in texte and "Inscription confirmée" not in texte
        assert "vous ne recevez plus la lettre" in texte
        preferences = [a["href"] for a in principal.find_all("a") if "/preferences/" in a["href"]]
        lus = [jetons.verifier(SECRET, "preferences", p.rpartition("/")[2])[0] for p in preferences]
        assert lus == [ident]
    assert abonne(service, adresse).statut == "desinscrit" and editions_de(service, ident) == set()


def test_preferences_affichent_le_texte_garde_comme_preuve(service, boite, adresse):
    """Une édition ajoutée depuis les préférences est un consentement : le texte gardé en preuve est
    celui que la page montre, mot pour mot."""
    inscrire(service, adresse)
    confirmer(service, boite, adresse)
    ident = abonne(service, adresse).id
    chemin = f"/preferences/{jetons.signer(SECRET, 'preferences', ident)}"
    page = BeautifulSoup(requests.get(service.url + chemin, timeout=20).text, "html.parser")
    affiche = " ".join(page.find("form", method="post").get_text(" ").split())
    reponse = service.poster(
        chemin, {"editions": ["complete", "elus"], "action": "enregistrer"}, origine=service.url
    )
    assert reponse.status_code == 200 and editions_de(service, ident) == {"complete", "elus"}
    with service.moteur.connect() as connexion:
        preuve = connexion.execute(
            sa.select(consentements).where(
                consentements.c.abonne_id == ident, consentements.c.source == "préférences"
            )
        ).one()
    assert preuve.editions == "elus" and preuve.confirme_le is not None
    assert preuve.texte.startswith("J'accepte de recevoir la lettre de Maillage")
    assert f"vous acceptez : « {preuve.texte} »" in affiche


def test_lien_de_desinscription_d_une_vieille_lettre_deja_suivi(service, boite, adresse):
    """Déjà désinscrite de l'édition : ouvrir le lien dit « vous ne recevez déjà plus », sans bouton
    qui ne ferait rien ; les autres éditions gardent le leur."""
    inscrire(service, adresse, editions=("complete", "elus"))
    confirmer(service, boite, adresse)
    ident = abonne(service, adresse).id
    elus = f"/desinscription/{jetons.signer(SECRET, 'desinscription', ident, 'elus')}"
    assert service.poster(elus, {"List-Unsubscribe": "One-Click"}, origine=None).status_code == 200
    page = requests.get(service.url + elus, timeout=20)
    principal = BeautifulSoup(page.text, "html.parser").find("main")
    assert page.status_code == 200 and principal.find("form") is None
    assert "Vous ne recevez déjà plus « La lettre des élus »" in " ".join(principal.get_text(" ").split())
    complete = f"/desinscription/{jetons.signer(SECRET, 'desinscription', ident, 'complete')}"
    bouton(requests.get(service.url + complete, timeout=20))
    assert editions_de(service, ident) == {"complete"}
