"""Le PDF du numéro d'exemple du vrai site : deux pages A4, balisé, polices incorporées, liens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from outils import RACINE

ECHANTILLON = RACINE / "content" / "lettre-infos" / "2026-T4.md"


@pytest.fixture(scope="module")
def pdf_echantillon(site_dev) -> Path:
    return site_dev / "lettre-infos" / "2026-t4" / "lettre-infos-2026-t4.pdf"


@pytest.fixture(scope="module")
def lecteur(pdf_echantillon) -> PdfReader:
    return PdfReader(pdf_echantillon)


def intertitres_du_source() -> list[str]:
    return [
        ligne[3:].strip()
        for ligne in ECHANTILLON.read_text(encoding="utf-8").splitlines()
        if ligne.startswith("## ")
    ]


def test_deux_pages_a4(lecteur):
    assert len(lecteur.pages) == 2
    for page in lecteur.pages:
        largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(largeur * 25.4 / 72), round(hauteur * 25.4 / 72)) == (210, 297)


def test_titre_langue_et_balisage(lecteur):
    catalogue = lecteur.trailer["/Root"]
    assert lecteur.metadata.title == "La Lettre d’infos n° 2026-T4 · Une année d’accompagnement en chiffres"
    assert lecteur.metadata.author == "Maillage"
    assert catalogue["/Lang"] == "fr"
    assert bool(catalogue["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalogue
    assert b"pdfuaid:part" in catalogue["/Metadata"].get_object().get_data()  # PDF/UA-1 déclaré


def test_polices_incorporees(lecteur):
    polices = {}
    for page in lecteur.pages:
        for police in page["/Resources"]["/Font"].values():
            police = police.get_object()
            descendante = (
                police["/DescendantFonts"][0].get_object() if "/DescendantFonts" in police else police
            )
            descripteur = descendante["/FontDescriptor"].get_object()
            polices[str(police["/BaseFont"])] = any(
                k in descripteur for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert polices, "aucune police dans le PDF"
    assert all(polices.values()), f"polices non incorporées : {[p for p, ok in polices.items() if not ok]}"
    assert any("Bold" in nom for nom in polices)


def test_texte_extractible_dans_l_ordre_de_lecture(lecteur):
    texte = "\n".join(page.extract_text() for page in lecteur.pages)
    texte = re.sub(r"\s+", " ", texte)
    reperes = ["Une année d’accompagnement en chiffres", *intertitres_du_source(), "Maillage vous accueille"]
    positions = []
    for repere in reperes:
        repere = repere.replace("'", "’")
        assert repere in texte, f"« {repere} » introuvable dans le texte du PDF"
        positions.append(texte.index(repere))
    assert positions == sorted(positions), "les intertitres ne sont pas dans l'ordre du fichier"
    assert "SIRET 433 115 813 00050" in texte  # mentions légales du pied de page


def test_liens(lecteur):
    liens = set()
    for page in lecteur.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                liens.add(str(action["/URI"]))
    assert "mailto:contact@maillage.asso.fr" in liens
    assert "http://localhost:8000/lettre-infos/2026-t4/" in liens  # adresse absolue (FEED_DOMAIN de dev)
    assert "tel:+33320151418" in liens


def test_rendu_png(pdf_echantillon, tmp_path, rendre_png):
    from PIL import Image

    pages = rendre_png(pdf_echantillon, tmp_path)
    assert len(pages) == 2
    for png in pages:
        with Image.open(png) as image:
            largeur, hauteur = image.size
            assert abs(hauteur / largeur - 297 / 210) < 0.01
            # La page n'est pas blanche : le bandeau de couleur et le texte sont dessinés.
            assert len(image.convert("L").getcolors(maxcolors=256)) > 20


def test_page_web_et_liste(site_dev):
    from outils import lire_html

    page = lire_html(site_dev / "lettre-infos" / "2026-t4" / "index.html")
    assert page.h1.get_text() == "Une année d’accompagnement en chiffres"
    assert [h.get_text() for h in page.select(".page__texte h2")] == [
        t.replace("'", "’") for t in intertitres_du_source()
    ]
    lien_pdf = page.select_one('a[type="application/pdf"]')
    assert lien_pdf["href"].endswith("lettre-infos-2026-t4.pdf")
    liste = lire_html(site_dev / "lettre-infos" / "index.html")
    assert liste.select_one('a[href$="lettre-infos/2026-t4/"]') is not None
