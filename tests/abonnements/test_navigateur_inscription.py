"""Dans un vrai Chromium : le formulaire du site construit, posté au vrai service, puis le lien du
courriel de confirmation suivi et le bouton cliqué. Sur SQLite et sur PostgreSQL."""

from __future__ import annotations

import contextlib
import re

import pytest
import sqlalchemy as sa
from outils_service import SECRET, lien_du_courriel, service_demarre
from playwright.sync_api import expect

from abonnements import jetons
from abonnements.tables import abonnements, abonnes, consentements
from outils import construire_site, reglages, servir

pytestmark = pytest.mark.navigateur


@pytest.fixture(scope="module")
def sortie_site(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("site-abonnements") / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        yield sortie, url


@pytest.fixture(scope="module")
def site_et_service(sortie_site, tmp_path_factory, boite, serveur_postgresql):
    """Le site de publication (formulaire posté au service) et le service, sur les deux moteurs."""
    from abonnements.base import migrer

    sortie, url_site = sortie_site
    services = {}
    with contextlib.ExitStack() as pile:
        for moteur in ("sqlite", "postgresql"):
            dossier = tmp_path_factory.mktemp(f"navigateur-{moteur}")
            base = (
                f"sqlite:///{dossier / 'abonnements.sqlite3'}"
                if moteur == "sqlite"
                else serveur_postgresql.nouvelle_base()
            )
            migrer(base)
            services[moteur] = pile.enter_context(
                service_demarre(base, dossier, boite.port, SITEURL=url_site)
            )
        yield sortie, url_site, services


@pytest.fixture
def verifier_accessibilite(navigateur, axe):
    """`verifier_accessibilite(html)` → violations axe-core d'une page du service.

    La politique de sécurité du service interdit tout script (celui d'axe compris) : la page est
    rechargée, telle quelle, dans un onglet qui l'ignore.
    """
    contexte = navigateur.new_context(locale="fr-FR", bypass_csp=True)
    onglet = contexte.new_page()

    def verifier(html: str) -> list:
        onglet.set_content(html, wait_until="load")
        return axe(onglet)

    yield verifier
    contexte.close()


@pytest.mark.parametrize("moteur", ["sqlite", "postgresql"])
def test_le_formulaire_du_site_inscrit_puis_le_lien_confirme(
    site_et_service, page, verifier_accessibilite, boite, moteur
):
    sortie, url_site, services = site_et_service
    service = services[moteur]
    lettre = {**reglages(publication=True)["LETTRE"], "service_url": service.url}
    construire_site(
        sortie, publication=True, override={"SITEURL": url_site, "FEED_DOMAIN": url_site, "LETTRE": lettre}
    )
    # La politique de sécurité du site permet de poster au service (output/_headers).
    assert f"form-action 'self' {service.url}" in (sortie / "_headers").read_text(encoding="utf-8")
    refus_csp = []
    page.on("console", lambda m: refus_csp.append(m.text) if m.type == "error" else None)
    adresse = f"navigateur-{moteur}@exemple.fr"

    page.goto(url_site + "/lettre/")
    page.get_by_label("Votre adresse électronique").fill(adresse)
    page.get_by_label("Votre nom").fill("Zoé Lambert")
    page.get_by_label("La lettre des élus").check()
    page.get_by_label("J'accepte de recevoir la lettre").check()
    texte_lu = page.locator("label[for=lettre-consentement]").inner_text()
    page.get_by_role("button", name="Je m'inscris").click()
    expect(page.locator("h1")).to_have_text("Vérifiez votre boîte aux lettres")
    assert page.url == service.url + "/inscription"
    # La page du service a l'aspect du site : sa feuille de style est chargée (couleur des boutons).
    # (attendue : le titre peut être là avant que la feuille de style ne soit appliquée, sous charge)
    expect(page.locator(".bouton").first).to_have_css("border-top-style", "solid")
    assert verifier_accessibilite(page.content()) == []

    with service.moteur.connect() as connexion:
        personne = connexion.execute(sa.select(abonnes).where(abonnes.c.courriel == adresse)).one()
        assert personne.statut == "en_attente" and personne.nom == "Zoé Lambert"
        # La preuve gardée est le texte que la personne a lu à côté de la case.
        preuve = connexion.execute(
            sa.select(consentements.c.texte).where(consentements.c.abonne_id == personne.id)
        ).scalar_one()
        assert preuve == texte_lu
        assert (
            connexion.execute(sa.select(abonnements).where(abonnements.c.abonne_id == personne.id)).all()
            == []
        )

    page.goto(lien_du_courriel(boite.attendre(adresse)[0], "confirmation"))
    page.get_by_role("button", name="Je confirme mon inscription").click()
    expect(page.locator("h1")).to_have_text("Inscription confirmée")
    assert verifier_accessibilite(page.content()) == []
    with service.moteur.connect() as connexion:
        assert (
            connexion.execute(sa.select(abonnes.c.statut).where(abonnes.c.id == personne.id)).scalar()
            == "confirme"
        )
        editions = connexion.execute(
            sa.select(abonnements.c.edition).where(abonnements.c.abonne_id == personne.id)
        )
        assert sorted(editions.scalars()) == ["complete", "elus"]
    assert page.requetes_externes == []
    assert [t for t in refus_csp if "Content Security Policy" in t] == []


def test_sur_un_telephone_sans_javascript_preferences_desinscription_et_retour(
    site_et_service, telephone_sans_javascript, verifier_accessibilite, boite
):
    """Le parcours d'un abonné après la confirmation, au doigt et sans JavaScript : ajouter une
    édition, se désinscrire de tout par le lien d'une lettre, rouvrir le vieux lien de
    confirmation, puis revenir par ses préférences."""
    _sortie, url_site, services = site_et_service
    service = services["sqlite"]
    telephone = telephone_sans_javascript
    adresse = "telephone-sans-js@exemple.fr"
    reponse = service.poster(
        "/inscription", {"courriel": adresse, "editions": "complete", "consentement": "oui"}, origine=url_site
    )
    assert reponse.status_code == 200
    lien_confirmation = lien_du_courriel(boite.attendre(adresse)[0], "confirmation")
    telephone.goto(lien_confirmation)
    telephone.get_by_role("button", name="Je confirme mon inscription").tap()
    expect(telephone.locator("h1")).to_have_text("Inscription confirmée")

    def editions() -> list[str]:
        with service.moteur.connect() as connexion:
            requete = (
                sa.select(abonnements.c.edition)
                .join(abonnes, abonnes.c.id == abonnements.c.abonne_id)
                .where(abonnes.c.courriel == adresse)
            )
            return sorted(connexion.execute(requete).scalars())

    # Le lien « choisir vos éditions » de la page de confirmation : ajouter celle des élus.
    telephone.get_by_role("link", name="choisir vos éditions ou vous désinscrire").tap()
    expect(telephone.locator("h1")).to_have_text("Vos préférences")
    expect(telephone.get_by_text("En ajoutant une édition, vous acceptez")).to_be_visible()
    telephone.get_by_label("La lettre des élus").tap()
    telephone.get_by_role("button", name="Enregistrer").tap()
    expect(telephone.get_by_role("status")).to_have_text("Vos préférences sont enregistrées.")
    assert verifier_accessibilite(telephone.content()) == []
    assert editions() == ["complete", "elus"]
    lien_preferences = telephone.url

    # Le lien de désinscription d'une lettre : le bouton désinscrit de tout.
    with service.moteur.connect() as connexion:
        ident = connexion.execute(sa.select(abonnes.c.id).where(abonnes.c.courriel == adresse)).scalar_one()
    telephone.goto(f"{service.url}/desinscription/{jetons.signer(SECRET, 'desinscription', ident)}")
    telephone.get_by_role("button", name="Me désinscrire").tap()
    expect(telephone.locator(".chapeau")).to_have_text("C'est fait : vous ne recevrez plus la lettre.")
    assert verifier_accessibilite(telephone.content()) == []
    assert editions() == []

    # Le vieux lien de confirmation ne fait croire à aucune inscription, et ne réinscrit pas.
    telephone.goto(lien_confirmation)
    expect(telephone.locator("h1")).to_have_text("Vous êtes désinscrit(e)")
    assert editions() == []

    # Revenir plus tard : les préférences suffisent (le lien prouve la boîte).
    telephone.goto(lien_preferences)
    telephone.get_by_label("La lettre", exact=True).tap()
    telephone.get_by_role("button", name="Enregistrer").tap()
    expect(telephone.get_by_role("status")).to_have_text("Vos préférences sont enregistrées.")
    assert editions() == ["complete"]


def test_sur_un_telephone_sans_javascript_une_saisie_refusee_rend_le_formulaire_rempli(
    site_et_service, telephone_sans_javascript, verifier_accessibilite, boite
):
    """Une adresse que le navigateur accepte mais que le service refuse : la personne retrouve le
    formulaire rempli (adresse, nom, éditions), le focus sur le champ fautif décrit par le message,
    la même case de consentement ; rien n'est gardé. Corrigée, la demande passe."""
    sortie, url_site, services = site_et_service
    service = services["sqlite"]
    telephone = telephone_sans_javascript
    lettre = {**reglages(publication=True)["LETTRE"], "service_url": service.url}
    construire_site(
        sortie, publication=True, override={"SITEURL": url_site, "FEED_DOMAIN": url_site, "LETTRE": lettre}
    )
    telephone.goto(url_site + "/lettre/")
    telephone.get_by_label("Votre adresse électronique").fill("zoe@exemple")
    telephone.get_by_label("Votre nom").fill("Zoé <Lambert>")
    telephone.get_by_label("La lettre", exact=True).tap()  # décochée : seulement celle des élus
    telephone.get_by_label("La lettre des élus").tap()
    telephone.get_by_label("J'accepte de recevoir la lettre").tap()
    texte_du_site = telephone.locator("label[for=lettre-consentement]").inner_text()
    telephone.get_by_role("button", name="Je m'inscris").tap()

    expect(telephone).to_have_title(re.compile(r"^Erreur : "))
    assert telephone.url == service.url + "/inscription"
    courriel = telephone.get_by_label("Votre adresse électronique")
    expect(courriel).to_be_focused()
    expect(courriel).to_have_value("zoe@exemple")
    expect(courriel).to_have_attribute("aria-invalid", "true")
    expect(courriel).to_have_accessible_description(re.compile("le nom de domaine .* n'est pas valide"))
    expect(telephone.get_by_label("Votre nom")).to_have_value("Zoé <Lambert>")
    expect(telephone.get_by_label("La lettre", exact=True)).not_to_be_checked()
    expect(telephone.get_by_label("La lettre des élus")).to_be_checked()
    expect(telephone.get_by_label("J'accepte de recevoir la lettre")).to_be_checked()
    assert telephone.locator("label[for=lettre-consentement]").inner_text() == texte_du_site
    assert verifier_accessibilite(telephone.content()) == []
    with service.moteur.connect() as connexion:
        assert connexion.execute(sa.select(abonnes).where(abonnes.c.courriel.like("zoe@%"))).all() == []

    # Le lien du message en tête de page mène au champ ; corrigée, la demande est gardée.
    telephone.get_by_role("alert").get_by_role("link").tap()
    expect(courriel).to_be_focused()
    courriel.fill("zoe@exemple.fr")
    telephone.get_by_role("button", name="Je m'inscris").tap()
    expect(telephone.locator("h1")).to_have_text("Vérifiez votre boîte aux lettres")
    with service.moteur.connect() as connexion:
        personne = connexion.execute(sa.select(abonnes).where(abonnes.c.courriel == "zoe@exemple.fr")).one()
        preuve = connexion.execute(
            sa.select(consentements).where(consentements.c.abonne_id == personne.id)
        ).one()
    assert personne.nom == "Zoé <Lambert>"
    assert preuve.texte == texte_du_site and preuve.editions == "elus"
    boite.attendre("zoe@exemple.fr")
