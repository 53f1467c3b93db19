"""La Lettre d'infos sur le site d'essai : page, image, cache, numéro trop long, erreurs de saisie."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from outils import RACINE, lancer_gestion, lire_html, servir, verifier_tableau_defilant

PARAGRAPHE = (
    "Un paragraphe assez long pour remplir les colonnes du numéro d'essai : il parle "
    "d'accompagnement, de formation et de territoires, et se répète jusqu'à déborder. "
)


def ecrire_numero(site, nom, corps, entete="Title: Un numéro\nDate: 2026-06-01\n"):
    chemin = site / "content" / "lettre-infos" / nom
    chemin.write_text(f"{entete}\n{corps}\n", encoding="utf-8")
    return chemin


def liens_du_pdf(pdf) -> set[str]:
    """Les adresses des liens de toutes les pages du PDF."""
    return {
        str(a.get_object()["/A"]["/URI"])
        for page in PdfReader(pdf).pages
        for a in page.get("/Annots", [])
        if "/URI" in a.get_object().get("/A", {})
    }


def numero_trop_long(site):
    sections = "\n\n".join(f"## Partie {i}\n\n" + PARAGRAPHE * 6 for i in range(1, 16))
    return ecrire_numero(site, "2026-T2.md", sections)


def test_page_web_pdf_et_flux(site_essai, construire_essai, tmp_path):
    conf, cache = site_essai
    sortie, journal = construire_essai(conf, tmp_path / "sortie", cache)
    assert journal.textes() == []
    pdf = sortie / "lettre-infos" / "2026-t1" / "lettre-infos-2026-t1.pdf"
    assert len(PdfReader(pdf).pages) == 1
    page = lire_html(sortie / "lettre-infos" / "2026-t1" / "index.html")
    image = page.select_one(".page__texte img")
    assert image["src"] == "https://essai.example/images/atelier.svg"
    assert image["alt"] == "Trois barres de hauteurs croissantes"
    assert (
        page.select_one(".page__texte blockquote").get_text(strip=True) == "« Une citation mise en avant. »"
    )
    flux = (sortie / "lettre-infos" / "flux.atom.xml").read_text(encoding="utf-8")
    assert "<id>https://essai.example/lettre-infos/2026-t1/</id>" in flux
    assert f'length="{pdf.stat().st_size}"' in flux
    import feedparser

    entree = feedparser.parse(flux).entries[0]
    assert entree.link == "https://essai.example/lettre-infos/2026-t1/"
    assert [(e.href, e.type) for e in entree.enclosures] == [
        ("https://essai.example/lettre-infos/2026-t1/lettre-infos-2026-t1.pdf", "application/pdf")
    ]
    assert entree.published.startswith("2026-03-02")
    liens = {
        str(a.get_object()["/A"]["/URI"])
        for a in PdfReader(pdf).pages[0]["/Annots"]
        if "/URI" in a.get_object().get("/A", {})
    }
    assert "https://essai.example/contact/" in liens


def test_cache_pdf_repris_puis_recompose(site_essai, construire_essai, tmp_path, caplog):
    conf, cache = site_essai
    caplog.set_level(logging.INFO, logger="lettre_infos.generateur")
    construire_essai(conf, tmp_path / "a", cache)
    assert "Lettre d'infos 2026-T1 : PDF composé" in caplog.text
    gardes = sorted((cache / "lettre-infos").iterdir())
    caplog.clear()
    construire_essai(conf, tmp_path / "b", cache)
    assert "Lettre d'infos 2026-T1 : PDF repris du cache" in caplog.text
    assert sorted((cache / "lettre-infos").iterdir()) == gardes
    assert (tmp_path / "a" / "lettre-infos" / "2026-t1" / "lettre-infos-2026-t1.pdf").read_bytes() == (
        tmp_path / "b" / "lettre-infos" / "2026-t1" / "lettre-infos-2026-t1.pdf"
    ).read_bytes()
    # Un mot changé dans le numéro : PDF recomposé, l'ancienne entrée du cache effacée.
    source = conf.parent / "content" / "lettre-infos" / "2026-T1.md"
    source.write_text(source.read_text(encoding="utf-8").replace("dernier", "tout dernier"), encoding="utf-8")
    caplog.clear()
    construire_essai(conf, tmp_path / "c", cache)
    assert "Lettre d'infos 2026-T1 : PDF composé" in caplog.text
    nouveaux = sorted((cache / "lettre-infos").iterdir())
    assert len(nouveaux) == 2 and not set(nouveaux) & set(gardes)


def test_meme_numero_meme_pdf(site_essai, construire_essai, tmp_path):
    conf, _cache = site_essai
    octets = [
        (
            construire_essai(conf, tmp_path / n, tmp_path / f"cache-{n}")[0]
            / "lettre-infos"
            / "2026-t1"
            / "lettre-infos-2026-t1.pdf"
        ).read_bytes()
        for n in ("un", "deux")
    ]
    assert octets[0] == octets[1]


def test_numero_trop_long_make_check(site_essai):
    conf, _cache = site_essai
    numero_trop_long(conf.parent)
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1, resultat.stderr
    assert (
        "content/lettre-infos/2026-T2.md : erreur : le numéro dépasse 2 pages A4 : il déborde d'environ"
        in (resultat.stderr)
    )
    assert "le PDF n'est pas produit" in resultat.stderr
    assert "raccourcissez le texte d'au moins" in resultat.stderr
    assert "Traceback" not in resultat.stderr


def test_numero_trop_long_build(site_essai, construire_essai, tmp_path):
    from socle.erreurs import DonneesInvalides

    conf, cache = site_essai
    numero_trop_long(conf.parent)
    sortie, journal = construire_essai(conf, tmp_path / "dev", cache)
    assert not (sortie / "lettre-infos" / "2026-t2" / "lettre-infos-2026-t2.pdf").exists()
    assert (sortie / "lettre-infos" / "2026-t2" / "index.html").exists()  # la page web reste lisible
    assert any("déborde" in t for t in journal.textes())
    with pytest.raises(DonneesInvalides, match="2026-T2.md.*déborde"):
        construire_essai(conf, tmp_path / "public", cache, SOCLE={"strict": True})


@pytest.mark.parametrize(
    ("entete", "corps", "ligne", "message"),
    [
        ("Date: 2026-06-01\n", "Texte.", 1, "titre manquant"),
        ("Title: Un titre\nDate: 2026-13-01\n", "Texte.", 2, "date « 2026-13-01 » invalide"),
        ("Title: Un titre\n", "Texte.", 1, "date manquante"),
        (
            "Title: Un titre\nDate: 2026-06-01\n",
            "Texte.\n\n![](images/atelier.svg)",
            6,
            "sans texte de remplacement",
        ),
        (
            "Title: Un titre\nDate: 2026-06-01\n",
            "![Une photo](images/absente.jpg)",
            4,
            "« images/absente.jpg » introuvable",
        ),
        (
            "Title: Un titre\nDate: 2026-06-01\n",
            "![Une photo](https://ailleurs.example/a.jpg)",
            4,
            "seules les images du dépôt",
        ),
        (
            "Title: Un titre\nDate: 2026-06-01\nExemple: peut-être\n",
            "Texte.",
            3,
            "écrivez « oui » ou « non »",
        ),
        # Un caractère que la police du PDF n'a pas : un carré vide dans le PDF, sans un mot.
        ("Title: Bonne année ✨\nDate: 2026-06-01\n", "Texte.", 1, "« ✨ » (U+2728) ; le PDF le montrerait"),
        (
            "Title: Un titre\nDate: 2026-06-01\n",
            "Texte ordinaire : œuvre, ½, « guillemets », l’apostrophe…\n\nLa fête 🎉\ufe0f à 中文.",
            6,
            "caractères absents de la police du PDF : « 🎉 » (U+1F389), « 中 » (U+4E2D), « 文 » (U+6587) ;",
        ),
    ],
)
def test_erreurs_de_saisie(site_essai, entete, corps, ligne, message):
    conf, _cache = site_essai
    ecrire_numero(conf.parent, "2026-T3.md", corps, entete)
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    attendu = f"content/lettre-infos/2026-T3.md:{ligne} : erreur : "
    lignes = [lig for lig in resultat.stderr.splitlines() if lig.startswith(attendu)]
    assert any(message in lig for lig in lignes), resultat.stderr


def test_en_tete_yaml_et_cle_repetee_signales_comme_pour_les_actualites(site_essai):
    conf, _cache = site_essai
    ecrire_numero(conf.parent, "2026-T3.md", "Texte.", "---\nTitle: Un titre\nDate: 2026-06-01\n---\n")
    ecrire_numero(conf.parent, "2026-T1.md", "Texte.", "Title: Un titre\nDate: 2026-06-01\nTitle: Un autre\n")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert "content/lettre-infos/2026-T3.md:1 : erreur : en-tête entre deux lignes « --- »" in resultat.stderr
    assert (
        "content/lettre-infos/2026-T1.md:3 : avertissement : « Title » figure plusieurs fois dans l'en-tête"
        in resultat.stderr
    )


def test_deux_noms_qui_ne_different_que_par_la_casse(site_essai, construire_essai, tmp_path):
    conf, cache = site_essai
    ecrire_numero(conf.parent, "2026-T3.md", "Premier.", "Title: Premier\nDate: 2026-07-01\n")
    ecrire_numero(conf.parent, "2026-t3.md", "Second.", "Title: Second\nDate: 2026-07-02\n")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert (
        "content/lettre-infos/2026-t3.md : erreur : même adresse que content/lettre-infos/2026-T3.md"
        in resultat.stderr
    ), resultat.stderr
    # En développement, le build garde le premier numéro et le dit (rien n'est écrasé en silence).
    sortie, journal = construire_essai(conf, tmp_path / "public", cache)
    assert "Premier" in lire_html(sortie / "lettre-infos" / "2026-t3" / "index.html").get_text()
    assert any("même adresse que" in t for t in journal.textes())


def test_commande_apercu_pdf_et_png(site_essai, tmp_path):
    conf, _cache = site_essai
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    assert sorted(f.name for f in dossier.iterdir()) == [
        "lettre-infos-2026-t1-1.png",
        "lettre-infos-2026-t1.pdf",
    ]
    numero_trop_long(conf.parent)
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 1
    assert "2026-T2.md : erreur : le numéro dépasse 2 pages A4" in resultat.stderr


def test_commande_apercu_pdftoppm_en_echec_garde_le_pdf(site_essai, tmp_path):
    """Un pdftoppm qui échoue (paquet cassé, PDF refusé) : un avertissement, le PDF reste écrit."""
    conf, _cache = site_essai
    outils = tmp_path / "outils"
    outils.mkdir()
    faux = outils / "pdftoppm"
    faux.write_text(
        '#!/bin/sh\necho "Syntax Error: Couldn\'t read xref table" >&2\nexit 99\n', encoding="utf-8"
    )
    faux.chmod(0o755)
    dossier = tmp_path / "apercus"
    resultat = subprocess.run(
        [sys.executable, str(RACINE / "gestion.py"), "lettre-infos", "apercu", "--reglages", str(conf)]
        + ["--dossier", str(dossier)],
        env={**os.environ, "PATH": f"{outils}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "Traceback" not in resultat.stderr
    assert (
        "avertissement : pdftoppm n'a pas pu rendre les pages en PNG "
        "(code 99 : Syntax Error: Couldn't read xref table)" in resultat.stderr
    ), resultat.stderr
    assert "le PDF est écrit" in resultat.stderr
    assert sorted(f.name for f in dossier.iterdir()) == ["lettre-infos-2026-t1.pdf"]


def test_commande_apercu_pdftoppm_bloque_est_arrete(site_essai, tmp_path, monkeypatch):
    """Un pdftoppm qui ne rend jamais la main : arrêté au délai, avertissement en français, PDF gardé."""
    from lettre_infos import commandes

    from gestion import lire_reglages

    conf, _cache = site_essai
    outils = tmp_path / "outils"
    outils.mkdir()
    (outils / "pdftoppm").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    (outils / "pdftoppm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{outils}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(commandes, "DELAI_PDFTOPPM_S", 1)
    ecrits, problemes = commandes.ecrire_apercus(lire_reglages(fichier=str(conf)), tmp_path / "apercus")
    assert [f.name for f in ecrits] == ["lettre-infos-2026-t1.pdf"]
    (probleme,) = [p for p in problemes if "pdftoppm" in p.message]
    assert (
        probleme.message == "pdftoppm n'a pas pu rendre les pages en PNG (arrêté après 1 s sans avoir fini)"
    )


def test_police_introuvable(site_essai, construire_essai, tmp_path):
    conf, cache = site_essai
    polices = {"normal": str(tmp_path / "absente.ttf")}
    sortie, journal = construire_essai(conf, tmp_path / "sortie", cache, LETTRE_INFOS={"polices": polices})
    assert any(f"police « normal » introuvable : {tmp_path / 'absente.ttf'}" in t for t in journal.textes())
    assert any("fonts-lato" in t for t in journal.textes())
    assert not (sortie / "lettre-infos" / "2026-t1" / "lettre-infos-2026-t1.pdf").exists()
    assert (sortie / "lettre-infos" / "2026-t1" / "index.html").exists()


def test_html_brut_assaini_et_signale(site_essai, construire_essai, tmp_path):
    """Comme les actualités et les éditoriaux : le HTML brut est passé par nh3, et make check le dit."""
    conf, cache = site_essai
    ecrire_numero(
        conf.parent,
        "2026-T3.md",
        "Texte.\n\n<script>alert(1)</script>\n\n"
        '<p onclick="alert(2)">Un <a href="javascript:alert(3)">lien</a>.</p>',
    )
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    avertissements = [
        lig for lig in resultat.stderr.splitlines() if lig.startswith("content/lettre-infos/2026-T3.md:")
    ]
    assert any(":6 : avertissement : balise <script> retirée" in lig for lig in avertissements), (
        resultat.stderr
    )
    assert any(":8 : avertissement : attribut « onclick » retiré" in lig for lig in avertissements)
    assert any("adresse « javascript:alert(3) » retirée" in lig for lig in avertissements)
    sortie, _journal = construire_essai(conf, tmp_path / "sortie", cache)
    page = lire_html(sortie / "lettre-infos" / "2026-t3" / "index.html")
    texte = page.select_one(".page__texte")
    assert texte.find("script") is None
    assert texte.select_one("p[onclick]") is None
    assert texte.select_one("a").get("href") is None
    assert "Un lien." in texte.get_text(" ", strip=True).replace(" .", ".")


def test_photo_en_hauteur_reduite_sans_deborder(site_essai, tmp_path):
    """Une photo en portrait (trois fois plus haute que large) ne remplit plus toute une colonne.

    Sans limite de hauteur, elle prenait la hauteur d'une page : un numéro de trois lignes
    « dépassait 2 pages » et le conseil (retirer des mots) ne pouvait rien y faire.
    """
    from PIL import Image

    conf, _cache = site_essai
    Image.new("RGB", (600, 1800), (80, 120, 200)).save(conf.parent / "content" / "images" / "portrait.jpg")
    ecrire_numero(
        conf.parent, "2026-T3.md", "Un court texte.\n\n![La directrice, debout](images/portrait.jpg)"
    )
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    pdf = PdfReader(dossier / "lettre-infos-2026-t3.pdf")
    assert len(pdf.pages) == 1


def test_photo_d_appareil_reduite_dans_le_pdf(site_essai, tmp_path):
    """Une photo de plusieurs Mo (tout droit de l'appareil) n'alourdit plus le PDF joint au courriel.

    WeasyPrint l'incorporait telle quelle : un PDF de la taille de la photo (28 Mo pour 6000 px).
    """
    import random

    from PIL import Image

    conf, _cache = site_essai
    photo = conf.parent / "content" / "images" / "appareil.jpg"
    bruit = random.Random(0).randbytes(
        2400 * 1600 * 3
    )  # du bruit : rien à compresser, comme le grain d'une photo
    Image.frombytes("RGB", (2400, 1600), bruit).save(photo, quality=92)
    ecrire_numero(
        conf.parent, "2026-T3.md", "Un court texte.\n\n![Le local, vu de la rue](images/appareil.jpg)"
    )
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    pdf = dossier / "lettre-infos-2026-t3.pdf"
    (image,) = PdfReader(pdf).pages[0].images
    # Une colonne (≈ 88 mm) à 200 points par pouce : moins de 700 px de large.
    assert image.image.width <= 700
    assert pdf.stat().st_size < photo.stat().st_size / 4


@pytest.mark.parametrize(
    ("entete", "corps"),
    [
        ("Title: Premier numéro d'essai\nDate: 2026-03-02\n", "\n\n".join([PARAGRAPHE * 6] * 20)),
        ("Date: 2026-03-02\n", "Le titre a été effacé par mégarde."),
    ],
    ids=["trop-long", "sans-titre"],
)
def test_commande_apercu_efface_l_apercu_d_avant_d_un_numero_sans_pdf(site_essai, tmp_path, entete, corps):
    """Le numéro n'a plus de PDF (trop long, sans titre) : l'aperçu d'avant ne reste pas, pris pour le nouveau."""
    conf, _cache = site_essai
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    (dossier / "notes.txt").write_text("à moi", encoding="utf-8")  # rien d'autre n'est effacé
    ecrire_numero(conf.parent, "2026-T1.md", corps, entete)
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 1
    assert "2026-T1.md" in resultat.stderr
    assert sorted(f.name for f in dossier.iterdir()) == ["notes.txt"]


ENTETES_LARGES = ["Année", "Accueillis", "Maturation", "Création", "Suivis"]
ENTETES_LARGES += ["CitésLab", "Stagiaires", "Jours", "Sessions", "Associations"]
# 10 colonnes : trop large pour une colonne du PDF (9 cm) comme pour un téléphone.
TABLEAU_LARGE = "\n".join(
    [
        "| " + " | ".join(ENTETES_LARGES) + " |",
        "|" + "---|" * len(ENTETES_LARGES),
        "| 2013 | 82 | 42 | 22 | 2 | 53 | 76 | 31 | 9 | 52 |",
        "| 2014 | 90 | 45 | 25 | 3 | 60 | 80 | 33 | 10 | 4321 |",
    ]
)


@pytest.mark.navigateur
def test_tableau_large_defile_seul_sur_telephone(site_essai, construire_essai, tmp_path, page_mobile):
    """Sur la page web du numéro, un tableau de 10 colonnes défile seul : la page ne défile plus de côté
    (872 px pour un écran de 360), le texte garde la largeur de l'écran."""
    conf, cache = site_essai
    ecrire_numero(conf.parent, "2026-T3.md", f"## Bilan\n\nLes chiffres de deux années.\n\n{TABLEAU_LARGE}")
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    with servir(sortie) as url:
        construire_essai(conf, sortie, cache, SITEURL=url, FEED_DOMAIN=url)
        page_mobile.goto(f"{url}/lettre-infos/2026-t3/")
        verifier_tableau_defilant(page_mobile, ".page__texte", ENTETES_LARGES)


def test_tableau_large_entier_dans_le_pdf(site_essai, tmp_path):
    """Un tableau de 10 colonnes passe sur toute la largeur de la page ; ses dernières colonnes
    sortaient de la page (coupées sans un mot) quand il restait dans une colonne du numéro."""
    conf, _cache = site_essai
    entetes = ENTETES_LARGES
    ecrire_numero(
        conf.parent, "2026-T3.md", f"## Bilan\n\nLes chiffres de deux années.\n\n{TABLEAU_LARGE}\n\nLa suite."
    )
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--reglages", str(conf), "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    # pdftotext ne lit que ce qui est dans la page : ce qui en sort n'y est pas.
    texte = subprocess.run(
        ["pdftotext", str(dossier / "lettre-infos-2026-t3.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    for mot in [*entetes, "4321"]:
        assert mot in texte


def test_liens_du_texte_menent_au_site_dans_le_pdf_et_la_page(site_essai, construire_essai, tmp_path):
    """Liens écrits comme dans une page : « /formations/ » devenait « file:///formations/ » dans le
    PDF ; « agenda/ » et « {static}/… » menaient sous la page du numéro (lettre-infos/2026-t3/agenda/,
    « {static} » tel quel) : liens morts dans le PDF joint au courriel ou imprimé, et sur la page."""
    conf, cache = site_essai
    ecrire_numero(
        conf.parent,
        "2026-T3.md",
        "Voir [nos formations](/formations/), [le site](https://ailleurs.example/), [l'agenda](agenda/), "
        "[le programme]({static}/documents/programme.pdf) et [le haut](#haut).",
    )
    sortie, _journal = construire_essai(conf, tmp_path / "sortie", cache)
    attendus = {
        "https://essai.example/formations/",
        "https://ailleurs.example/",
        "https://essai.example/agenda/",
        "https://essai.example/documents/programme.pdf",
    }
    liens = liens_du_pdf(sortie / "lettre-infos" / "2026-t3" / "lettre-infos-2026-t3.pdf")
    assert attendus <= liens
    assert not [lien for lien in liens if lien.startswith("file:") or "2026-t3/agenda" in lien], liens
    page = lire_html(sortie / "lettre-infos" / "2026-t3" / "index.html")
    adresses = {a["href"] for a in page.select(".page__texte a[href]")}
    assert adresses == attendus | {"#haut"}


@pytest.mark.contenu_maillage
def test_l_apercu_a_les_liens_du_pdf_publie(tmp_path):
    """`make lettre-infos-apercu` : « cette lettre en ligne » et la lettre par courriel mènent au site
    publié (publishconf.py), pas au site de développement (http://localhost:8000), mort pour qui
    reçoit l'aperçu à relire."""
    dossier = tmp_path / "apercus"
    resultat = lancer_gestion("lettre-infos", "apercu", "--dossier", str(dossier))
    assert resultat.returncode == 0, resultat.stderr
    (pdf,) = dossier.glob("*.pdf")
    liens = liens_du_pdf(pdf)
    public = os.environ.get("SITEURL") or "https://www.maillage.asso.fr"
    assert f"{public}/lettre/" in liens and any(lien.startswith(f"{public}/lettre-infos/") for lien in liens)
    assert not [lien for lien in liens if "localhost" in lien or lien.startswith("file:")], liens


def test_lien_filename_refuse_a_sa_ligne(site_essai, construire_essai, tmp_path):
    """`{filename}/…` n'est pas traduit hors des contenus Pelican : une erreur à sa ligne (make check
    et build), et pas de PDF avec un lien mort."""
    conf, cache = site_essai
    ecrire_numero(
        conf.parent, "2026-T3.md", "Un paragraphe.\n\nVoir [le contact]({filename}/pages/contact.md)."
    )
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    (ligne,) = [lig for lig in resultat.stderr.splitlines() if "{filename}" in lig]
    assert ligne.startswith("content/lettre-infos/2026-T3.md:6 : erreur : "), ligne
    assert "« {filename}/pages/contact.md »" in ligne and "[nos formations](/formations/)" in resultat.stderr
    sortie, journal = construire_essai(conf, tmp_path / "sortie", cache)
    assert any("{filename}/pages/contact.md" in t for t in journal.textes())
    assert not (sortie / "lettre-infos" / "2026-t3" / "lettre-infos-2026-t3.pdf").exists()
    assert (sortie / "lettre-infos" / "2026-t3" / "index.html").exists()


@pytest.mark.parametrize(
    ("abimer", "message"),
    [
        (lambda octets: octets[:30000], "fichier de police abîmé ou tronqué"),
        (lambda octets: b"<html>page de telechargement</html>\n", "ce n'est pas un fichier de police"),
    ],
    ids=["tronquee", "pas-une-police"],
)
# Un caractère hors du français courant : la police est lue pour savoir si elle le dessine ; sinon,
# elle l'est pour composer le PDF.
@pytest.mark.parametrize("texte", ["Un texte en ω grec.", "Un texte en français."], ids=["rare", "courant"])
def test_police_abimee(site_essai, construire_essai, tmp_path, abimer, message, texte):
    """Un fichier de police abîmé : WeasyPrint prenait sans un mot une autre police de la machine
    (et la lecture des caractères finissait en trace fontTools) ; c'est une erreur qui nomme le fichier."""
    conf, cache = site_essai
    abimee = tmp_path / "Lato-Regular.ttf"
    abimee.write_bytes(abimer(Path("/usr/share/fonts/truetype/lato/Lato-Regular.ttf").read_bytes()))
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nLETTRE_INFOS = {{'polices': {{'normal': {str(abimee)!r}}}}}\n",
        encoding="utf-8",
    )
    ecrire_numero(conf.parent, "2026-T3.md", texte)
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1 and "Traceback" not in resultat.stderr, resultat.stderr
    attendu = f"LETTRE_INFOS : erreur : police « normal » inutilisable : {abimee} : {message}"
    assert attendu in resultat.stderr and "fonts-lato" in resultat.stderr, resultat.stderr
    sortie, journal = construire_essai(conf, tmp_path / "sortie", cache)
    assert any(attendu in t for t in journal.textes())
    assert not list((sortie / "lettre-infos").rglob("*.pdf"))


def modules_importes(stderr: str) -> set[str]:
    """Les paquets qu'a importés un processus lancé avec PYTHONPROFILEIMPORTTIME=1."""
    return {
        ligne.rsplit("|", 1)[-1].strip().split(".")[0]
        for ligne in stderr.splitlines()
        if ligne.startswith("import time:")
    }


def test_pdf_repris_du_cache_sans_lire_les_polices(site_essai, monkeypatch):
    """Le PDF repris du cache (sa clé contient les octets des polices) : make check et le build ne
    lisent les polices ni avec fontTools ni avec WeasyPrint, qui coûtaient à chaque build."""
    conf, _cache = site_essai
    monkeypatch.setenv("PYTHONPROFILEIMPORTTIME", "1")
    compose = lancer_gestion("verifier", "--reglages", str(conf))
    assert compose.returncode == 0, compose.stderr
    assert {"fontTools", "weasyprint"} <= modules_importes(compose.stderr)
    repris = lancer_gestion("verifier", "--reglages", str(conf))
    assert repris.returncode == 0, repris.stderr
    assert not {"fontTools", "weasyprint"} & modules_importes(repris.stderr)
