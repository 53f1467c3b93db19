"""Pages de la lettre dans un vrai build du site d'essai : archive figée, aperçu, courriel, inscription."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import feedparser
import pytest

from lettre.rendu import TAILLE_MAX_GMAIL
from outils import construire_site, lire_html, servir

FIXTURE_REL = "tests/fixtures/lettre/pelicanconf.py"


@pytest.fixture(scope="module")
def site_publie(tmp_path_factory):
    """Le site d'essai en mode publication (strict, sans aperçu)."""
    sortie, journal = construire_site(
        tmp_path_factory.mktemp("lettre-pub") / "out",
        fichier=FIXTURE_REL,
        override={"SOCLE": {"strict": True}},
    )
    assert journal.textes() == []
    return sortie


@pytest.fixture(scope="module")
def site_apercu(tmp_path_factory):
    """Le site d'essai en développement : aperçu du prochain numéro (2026-04)."""
    return construire_site(tmp_path_factory.mktemp("lettre-dev") / "out", fichier=FIXTURE_REL)


@pytest.fixture
def site_modifiable(tmp_path, monkeypatch):
    """Une copie du site d'essai, à compléter par le test (actualités, éditorial, images)."""
    from outils import RACINE

    site = tmp_path / "site"
    shutil.copytree(RACINE / "tests" / "fixtures" / "lettre", site)
    monkeypatch.setenv("RACINE_PROJET_LETTRE", str(RACINE))
    return site


def test_archive_reproduit_le_numero_tel_qu_envoye(site_publie):
    page = lire_html(site_publie / "lettre" / "2026" / "03" / "index.html")
    texte = page.get_text(" ", strip=True)
    # Titre figé au registre, pas le titre modifié depuis ; l'actualité supprimée reste au numéro envoyé.
    assert "Titre d'origine, tel qu'envoyé" in texte and "Titre modifié après envoi" not in texte
    assert "Actualité supprimée depuis" in texte
    assert "Session annoncée dans le numéro 3" in texte
    assert page.find("em").get_text() == "figé"  # éditorial figé, rendu en Markdown
    assert page.find("meta", attrs={"name": "robots"}) is None
    elus = lire_html(site_publie / "lettre" / "2026" / "03" / "elus" / "index.html").get_text(" ", strip=True)
    assert "Rencontre avec les élus" in elus and "Actualité supprimée" not in elus


def test_publication_sans_apercu_ni_courriel(site_publie):
    assert not (site_publie / "lettre" / "apercu").exists()
    assert not list(site_publie.rglob("courriel.*")) and not list(site_publie.rglob("numero.json"))
    plan = (site_publie / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://essai.example/lettre/</loc>" in plan and "lettre/2026/03/elus/" in plan


def test_flux_atom_des_numeros(site_publie):
    flux = feedparser.parse((site_publie / "lettre" / "flux.atom.xml").read_bytes())
    assert not flux.bozo, flux.bozo_exception
    assert [e.id for e in flux.entries] == [
        "https://essai.example/lettre/2026/03/",
        "https://essai.example/lettre/2026/03/elus/",
    ]
    assert flux.entries[0].title == "La lettre n° 3 du 9 novembre 2026"


def test_le_flux_ne_garde_que_les_derniers_numeros(tmp_path):
    sortie, _journal = construire_site(tmp_path / "out", fichier=FIXTURE_REL, override={"FEED_MAX_ITEMS": 1})
    flux = feedparser.parse((sortie / "lettre" / "flux.atom.xml").read_bytes())
    assert [e.id for e in flux.entries] == ["https://essai.example/lettre/2026/03/"]
    assert (
        len(lire_html(sortie / "lettre" / "index.html").select("main a[href*='2026/03']")) >= 2
    )  # l'archive, tout


def test_formulaire_d_inscription(site_publie):
    page = lire_html(site_publie / "lettre" / "index.html")
    formulaire = page.select_one("main form")  # l'en-tête a aussi le sien : la recherche
    assert formulaire["action"] == "https://abonnements.essai.example/inscription"
    assert formulaire["method"] == "post"
    courriel = formulaire.find("input", attrs={"name": "courriel"})
    assert courriel["type"] == "email" and courriel.has_attr("required")
    assert formulaire.find("label", attrs={"for": courriel["id"]})
    consentement = formulaire.find("input", attrs={"name": "consentement"})
    assert consentement.has_attr("required") and not consentement.has_attr("checked")
    texte = formulaire.find("label", attrs={"for": consentement["id"]}).get_text()
    assert texte.startswith("J'accepte de recevoir la lettre de ")
    assert [i["value"] for i in formulaire.find_all("input", attrs={"name": "editions"})] == [
        "complete",
        "elus",
    ]
    piege = formulaire.find("input", attrs={"name": "site_web"})
    assert piege["tabindex"] == "-1" and piege.find_parent(attrs={"aria-hidden": "true"})
    assert formulaire.find("a", href="https://essai.example/confidentialite/")
    assert "Les numéros parus" in page.get_text()


def test_apercu_du_prochain_numero(site_apercu):
    sortie, journal = site_apercu
    apercu = lire_html(sortie / "lettre" / "apercu" / "complete" / "index.html")
    assert apercu.find("meta", attrs={"name": "robots", "content": "noindex"})
    texte = apercu.get_text(" ", strip=True)
    # Antidatée (avant la coupure du n° 3 mais absente du registre) : part dans le n° 4.
    assert "Antidatée après le numéro 3" in texte and "Forum de l'emploi associatif" in texte
    # Déjà envoyée (même modifiée), au point de départ, trop ancienne : absentes.
    for absente in (
        "Titre modifié après envoi",
        "Rencontre avec les élus",
        "Déjà en ligne",
        "Ancienne jamais",
    ):
        assert absente not in texte
    assert any("Ancienne jamais envoyée" in m and "a_envoyer" in m for m in journal.textes())
    plan = (sortie / "sitemap.xml").read_text(encoding="utf-8")
    assert "apercu" not in plan and "courriel" not in plan


def test_edition_des_elus_agenda_et_mots_cles_seulement(site_apercu):
    import json

    sortie, _journal = site_apercu
    donnees = json.loads((sortie / "lettre" / "apercu" / "elus" / "numero.json").read_text(encoding="utf-8"))
    actualites = donnees["numero"]["actualites"]
    assert [a["titre"] for a in actualites] == ["Les communes & l'emploi <solidaire>"]
    assert all("collectivites" in a["mots_cles"] for a in actualites)
    # L'agenda : les seuls rendez-vous marqués « collectivites » (pas les sessions de formation).
    assert [r["titre"] for r in donnees["numero"]["rendez_vous"]] == ["Matinale des élus"]
    assert all("collectivites" in r["mots_cles"] for r in donnees["numero"]["rendez_vous"])
    complete = json.loads(
        (sortie / "lettre" / "apercu" / "complete" / "numero.json").read_text(encoding="utf-8")
    )
    # L'édition complète : les 5 sessions des 4 semaines (sans la saison d'exemple ni la session de
    # février) et la matinale.
    assert len(complete["numero"]["rendez_vous"]) == 6


def test_courriel_pour_les_messageries(site_apercu):
    sortie, _journal = site_apercu
    brut = (sortie / "lettre" / "apercu" / "complete" / "courriel.html").read_text(encoding="utf-8")
    assert len(brut.encode()) < TAILLE_MAX_GMAIL
    assert 'name="robots" content="noindex"' in brut[:4096]
    page = lire_html(sortie / "lettre" / "apercu" / "complete" / "courriel.html")
    cadre = page.find("table", class_="cadre")
    assert cadre["width"] == "600" and cadre["role"] == "presentation"
    assert "padding" in page.find("td", class_="entete")["style"]  # styles mis en ligne
    assert "prefers-color-scheme: dark" in brut and page.find("meta", attrs={"name": "color-scheme"})
    assert page.find(class_="pre-entete").get_text(strip=True).startswith("3 actualités et 6 rendez-vous")
    liens = [a["href"] for a in page.find_all("a")]
    assert all(lien.startswith(("https://", "mailto:")) for lien in liens), liens
    assert "&lt;solidaire&gt;" in brut  # titre échappé, jamais interprété
    texte = (sortie / "lettre" / "apercu" / "complete" / "courriel.txt").read_text(encoding="utf-8")
    assert "https://essai.example/actualites/b-nouvelle/" in texte and "<solidaire>" in texte


def test_quinzaine_chargee_sous_102_ko(tmp_path, site_modifiable):
    """15 actualités + éditorial + 5 sessions : le courriel reste sous la limite de Gmail."""
    site = site_modifiable
    for i in range(12):  # + les 3 déjà prévues = 15
        (site / "content" / "actualites" / f"charge-{i:02d}.md").write_text(
            f"Title: Actualité chargée numéro {i} avec un titre plutôt long pour la mesure\n"
            f"Date: 2026-11-{10 + i:02d} 10:00\nTags: formation, emploi\n"
            f"Summary: {'Un résumé de deux phrases assez longues, comme le personnel les écrit. ' * 3}\n"
            f"Uid: 5a5a5a5a-0000-4000-8000-{i:012d}\nSlug: charge-{i:02d}\n\nTexte.\n",
            encoding="utf-8",
        )
    (site / "data" / "lettre" / "editos" / "2026-04.md").write_text(
        "\n\n".join(
            [
                "Un paragraphe d'éditorial de bonne longueur, avec **du gras** et "
                "[un lien](https://essai.example/). " * 4
            ]
            * 5
        ),
        encoding="utf-8",
    )
    sortie, _journal = construire_site(tmp_path / "out", fichier=str(site / "pelicanconf.py"))
    import json

    donnees = json.loads(
        (sortie / "lettre" / "apercu" / "complete" / "numero.json").read_text(encoding="utf-8")
    )
    assert len(donnees["numero"]["actualites"]) == 15 and len(donnees["numero"]["rendez_vous"]) == 6
    taille = len((sortie / "lettre" / "apercu" / "complete" / "courriel.html").read_bytes())
    assert taille == donnees["taille_html"] and taille < TAILLE_MAX_GMAIL
    print(f"\nCourriel d'une quinzaine chargée : {taille / 1024:.1f} Ko")


def test_liens_relatifs_de_l_edito_absolus_dans_le_courriel(tmp_path, site_modifiable):
    """L'éditorial s'écrit comme une page du site (« /formations/ », « {static}/images/… ») : dans le
    courriel, sans adresse de départ, ces liens et images doivent mener au site."""
    site = site_modifiable
    (site / "data" / "lettre" / "editos" / "2026-04.md").write_text(
        "Voir [nos formations](/formations/), [l'agenda](agenda/) et [le forum][forum].\n\n"
        "![La salle]({static}/images/salle.jpg)\n\n[forum]: /actualites/b-nouvelle/\n",
        encoding="utf-8",
    )
    sortie, _journal = construire_site(tmp_path / "out", fichier=str(site / "pelicanconf.py"))
    dossier = sortie / "lettre" / "apercu" / "complete"
    courriel = lire_html(dossier / "courriel.html")
    adresses = [a["href"] for a in courriel.find_all("a")] + [i["src"] for i in courriel.find_all("img")]
    assert "https://essai.example/formations/" in adresses and "https://essai.example/agenda/" in adresses
    assert "https://essai.example/images/salle.jpg" in adresses
    assert all(adresse.startswith(("https://", "mailto:")) for adresse in adresses), adresses
    texte = (dossier / "courriel.txt").read_text(encoding="utf-8")
    assert "[nos formations](https://essai.example/formations/)" in texte
    assert "![La salle](https://essai.example/images/salle.jpg)" in texte
    assert "[forum]: https://essai.example/actualites/b-nouvelle/" in texte
    # La page web du numéro : « agenda/ » ne devient pas /lettre/apercu/complete/agenda/.
    page = lire_html(dossier / "index.html")
    assert "https://essai.example/agenda/" in [a["href"] for a in page.select("main a")]


@pytest.mark.navigateur
@pytest.mark.parametrize("chemin", ["lettre/", "lettre/2026/03/"])
def test_pages_accessibles(tmp_path, page, axe, chemin, monkeypatch):
    # Adresses relatives : le serveur local sert aussi la feuille de style.
    sortie, _journal = construire_site(
        tmp_path / "out",
        fichier=FIXTURE_REL,
        override={"SITEURL": "", "RELATIVE_URLS": True, "SOCLE": {"strict": True}},
    )
    with servir(sortie) as url:
        page.goto(f"{url}/{chemin}")
        assert axe(page) == []
        assert page.requetes_externes == []


@pytest.mark.navigateur
def test_courriel_lisible_en_mode_sombre(site_apercu, navigateur):
    sortie, _journal = site_apercu
    contexte = navigateur.new_context(color_scheme="dark", viewport={"width": 375, "height": 800})
    onglet = contexte.new_page()
    onglet.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_(),
    )
    onglet.goto((sortie / "lettre" / "apercu" / "complete" / "courriel.html").as_uri())
    couleurs = onglet.evaluate("""() => {
        const td = document.querySelector('.bloc');
        const a = document.querySelector('.element-titre a');
        return [getComputedStyle(td).backgroundColor, getComputedStyle(a).color,
                document.documentElement.scrollWidth];
    }""")
    contexte.close()
    fond, lien, largeur = couleurs
    assert fond == "rgb(27, 31, 36)" and lien == "rgb(156, 201, 238)"
    assert largeur <= 375  # pas de défilement horizontal sur téléphone
    assert re.match(r"rgb", fond)


def test_un_lien_filename_de_l_edito_est_signale_a_sa_ligne(tmp_path, site_modifiable):
    """`{filename}/…`, appris pour les actualités, n'est pas traduit dans un éditorial : sans un mot,
    le lien partirait mort chez tous les abonnés."""
    (site_modifiable / "data" / "lettre" / "editos" / "2026-04.md").write_text(
        "Bonjour,\n\nVoir [la page](/formations/) et [la fibre]({filename}/pages/fibre.md).\n",
        encoding="utf-8",
    )
    _sortie, journal = construire_site(tmp_path / "out", fichier=str(site_modifiable / "pelicanconf.py"))
    signales = [m for m in journal.textes() if "{filename}" in m]
    assert len(signales) == 1 and "editos/2026-04.md:3" in signales[0], journal.textes()
    assert "{filename}/pages/fibre.md" in signales[0] and "/formations/" in signales[0]


@pytest.mark.navigateur
@pytest.mark.parametrize("images", [True, False], ids=["images", "sans-images"])
def test_photo_de_l_edito_tient_sur_un_telephone(tmp_path, navigateur, site_modifiable, images):
    """Une photo de 1200 px dans l'éditorial, courriel ouvert sur un téléphone de 360 px (images
    affichées, ou bloquées comme le font bien des messageries) : pas de défilement horizontal."""
    from PIL import Image

    site = site_modifiable
    (site / "content" / "images").mkdir(parents=True)
    Image.new("RGB", (1200, 500), "#3a7").save(site / "content" / "images" / "salle.png")
    (site / "data" / "lettre" / "editos" / "2026-04.md").write_text(
        "Bonjour,\n\n![La salle du forum]({static}/images/salle.png)\n", encoding="utf-8"
    )
    sortie = tmp_path / "out"
    sortie.mkdir()
    with servir(sortie) as url:
        construire_site(
            sortie, fichier=str(site / "pelicanconf.py"), override={"SITEURL": url, "FEED_DOMAIN": url}
        )
        contexte = navigateur.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        onglet = contexte.new_page()
        if not images:
            onglet.route("**/*.png", lambda route: route.abort())
        onglet.goto(f"{url}/lettre/apercu/complete/courriel.html")
        photo = onglet.locator(".edito img")
        if images:
            onglet.wait_for_function("document.querySelector('.edito img').complete")
            assert onglet.evaluate("document.querySelector('.edito img').naturalWidth") == 1200
        largeur = onglet.evaluate("document.documentElement.scrollWidth")
        boite = photo.bounding_box()
        contexte.close()
    assert largeur <= 360
    assert boite["x"] + boite["width"] <= 360


def actualite_avec_une_adresse(site) -> str:
    """Ajoute une actualité dont le titre et le résumé citent une longue adresse web ; la renvoie."""
    adresse = "https://www.helloasso.com/associations/maillage-lille-metropole/evenements/forum-2026"
    (site / "content" / "actualites" / "h-adresse.md").write_text(
        f"Title: Inscriptions sur {adresse}\nDate: 2026-11-20 10:00\nTags: emploi\n"
        f"Summary: Inscrivez-vous sur {adresse}/inscriptions avant le 15.\n"
        "Uid: 5b5b5b5b-0000-4000-8000-000000000001\nSlug: h-adresse\n\nTexte.\n",
        encoding="utf-8",
    )
    return adresse


def test_une_adresse_du_resume_reste_entiere_dans_la_version_texte(tmp_path, site_modifiable):
    """La version texte coupe les résumés à 76 colonnes, jamais au milieu d'une adresse (ni à ses
    tirets) : une adresse coupée n'est plus cliquable."""
    adresse = actualite_avec_une_adresse(site_modifiable)
    sortie, _journal = construire_site(tmp_path / "out", fichier=str(site_modifiable / "pelicanconf.py"))
    texte = (sortie / "lettre" / "apercu" / "complete" / "courriel.txt").read_text(encoding="utf-8")
    assert any(f"{adresse}/inscriptions" in ligne for ligne in texte.splitlines()), texte


@pytest.mark.navigateur
def test_une_longue_adresse_dans_un_titre_ne_deborde_pas_sur_un_telephone(
    tmp_path, navigateur, site_modifiable
):
    """Une adresse web sans espace dans le titre et le résumé d'une actualité : la lettre reste dans
    les 360 px du téléphone (sinon le pied, avec la désinscription, sort de l'écran)."""
    site = site_modifiable
    adresse = actualite_avec_une_adresse(site)
    sortie, _journal = construire_site(tmp_path / "out", fichier=str(site / "pelicanconf.py"))
    contexte = navigateur.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    onglet = contexte.new_page()
    onglet.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_(),
    )
    onglet.goto((sortie / "lettre" / "apercu" / "complete" / "courriel.html").as_uri())
    assert onglet.get_by_text(f"Inscrivez-vous sur {adresse}/inscriptions").count() == 1
    largeur = onglet.evaluate("document.documentElement.scrollWidth")
    contexte.close()
    assert largeur <= 360


def test_inactif_dans_un_build_qui_ne_le_liste_pas(site_publie, tmp_path):
    """Après un build avec la lettre (site_publie), un site sans elle n'a pas de pages /lettre/."""
    sortie, _journal = construire_site(tmp_path / "out", fichier="tests/fixtures/site_minimal/pelicanconf.py")
    assert (sortie / "index.html").is_file()
    assert not (sortie / "lettre").exists()


def test_un_salon_sur_deux_jours_et_une_session_annulee_dans_la_lettre(tmp_path, site_modifiable):
    """Les rendez-vous de la lettre se lisent comme l'agenda du site : jours entiers sans « 0 h »,
    une formation annulée « annulée » ; dans le courriel, sa version texte et sa page web."""
    import json

    from lettre.registre import numero_depuis_donnees

    site = site_modifiable
    agenda = site / "data" / "agenda.yml"
    agenda.write_text(
        agenda.read_text(encoding="utf-8")
        + "  - id: salon-ess-2026\n    titre: Salon de l'ESS\n    debut: 2026-12-10\n    fin: 2026-12-11\n"
        "    lieu: siege\n    publics: [porteurs]\n    mots_cles: [emploi]\n    resume: Deux jours de stands.\n",
        encoding="utf-8",
    )
    formations = site / "data" / "formations.yml"
    texte = formations.read_text(encoding="utf-8")
    session_s2 = "  - id: s2\n    module: beta\n    jours: [2026-12-03]\n"
    assert session_s2 in texte
    formations.write_text(texte.replace(session_s2, session_s2 + "    statut: annulee\n"), encoding="utf-8")
    sortie, _journal = construire_site(tmp_path / "out", fichier=str(site / "pelicanconf.py"))
    apercu = sortie / "lettre" / "apercu" / "complete"
    salon = "Événement · du jeudi 10 décembre 2026 au vendredi 11 décembre 2026"
    courriel = lire_html(apercu / "courriel.html").get_text(" ", strip=True)
    version_texte = (apercu / "courriel.txt").read_text(encoding="utf-8")
    page = lire_html(apercu / "index.html").get_text(" ", strip=True)
    for lu in (courriel, version_texte, page):
        assert salon in lu and "11 décembre 2026, 0 h" not in lu and "10 décembre 2026, 0 h" not in lu
        assert "Formation · jeudi 3 décembre 2026, 9 h 30 · " in lu and "· annulée" in lu
        assert "· annulé " not in lu.replace("\n", " ")
    # Figé au registre tel qu'annoncé : relu, le salon reste sur deux jours entiers.
    donnees = json.loads((apercu / "numero.json").read_text(encoding="utf-8"))["numero"]
    envoye = numero_depuis_donnees({**donnees, "envoye": "2026-12-07T08:00:00+01:00"})  # comme l'envoi
    relu = next(r for r in envoye.rendez_vous if r.titre == "Salon de l'ESS")
    assert relu.journee_entiere and relu.fin - relu.debut == dt.timedelta(days=2)
