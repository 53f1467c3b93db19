"""Images trop grandes : publiées réduites à la largeur du thème (Pillow), l'original intact, et signalées."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageOps

from outils import construire_site, copier_site_essai, lancer_gestion, lire_html


def _photo(chemin, largeur, hauteur, graine=1):
    """Une « photo » de bruit (compresse mal, comme une vraie), avec une position GPS dans l'EXIF."""
    aleatoire = random.Random(graine)
    image = Image.frombytes("RGB", (largeur, hauteur), aleatoire.randbytes(largeur * hauteur * 3))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 37.0, 0.0)}  # GPSInfo
    image.save(chemin, "JPEG", quality=95, exif=exif)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    racine = tmp_path_factory.mktemp("images")
    conf = copier_site_essai("site_minimal", racine / "site")
    images = conf.parent / "content" / "images"
    _photo(images / "grande.jpg", 3000, 2000)
    _photo(images / "petite.jpg", 400, 300, graine=2)
    Image.new("RGBA", (2400, 600), (10, 90, 40, 255)).save(images / "bandeau.png")
    # Une photo de téléphone tenu droit : enregistrée couchée (1600 × 1000), EXIF « tourner d'un quart ».
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (1600, 1000), (200, 120, 40)).save(images / "debout.jpg", "JPEG", exif=exif)
    (conf.parent / "content" / "actualites" / "photos.md").write_text(
        "Title: Des photos\nDate: 2013-06-02 10:00\nTags: formation\nSummary: Trois photos.\n"
        "Uid: 99999999-9999-4999-8999-999999999999\n\n"
        "![Grande]({static}/images/grande.jpg) ![Petite]({static}/images/petite.jpg)\n\n"
        "![Debout]({static}/images/debout.jpg) ![Logo]({static}/images/point.svg)\n",
        encoding="utf-8",
    )
    return conf, images


def test_publiee_reduite_original_intact(site, tmp_path):
    conf, images = site
    originaux = {p.name: p.read_bytes() for p in images.iterdir()}
    sortie, _journal = construire_site(tmp_path / "sortie", fichier=str(conf))
    with Image.open(sortie / "images" / "grande.jpg") as grande:
        assert grande.size == (1200, 800) and grande.format == "JPEG"
        assert 0x8825 not in grande.getexif()  # plus de position GPS publiée
    with Image.open(sortie / "images" / "bandeau.png") as bandeau:
        assert bandeau.size == (1200, 300) and bandeau.mode == "RGBA"
    assert (sortie / "images" / "petite.jpg").read_bytes() == originaux["petite.jpg"]
    assert (sortie / "images" / "grande.jpg").stat().st_size < len(originaux["grande.jpg"]) / 4
    assert {p.name: p.read_bytes() for p in images.iterdir()} == originaux


def test_chaque_image_de_la_page_a_les_dimensions_du_fichier_publie(site, tmp_path):
    # La place de l'image est réservée avant son chargement : la page ne saute pas sur un téléphone.
    conf, images = site
    sortie, _journal = construire_site(tmp_path / "sortie", fichier=str(conf))
    page = lire_html(sortie / "actualites" / "des-photos" / "index.html")
    vues = {}
    for balise in page.select("main img"):
        nom = balise["src"].rsplit("/", 1)[-1]
        vues[nom] = (balise.get("width"), balise.get("height"))
    publiees = {}
    for nom in ("grande.jpg", "petite.jpg", "debout.jpg"):
        with Image.open(sortie / "images" / nom) as image:
            largeur, hauteur = ImageOps.exif_transpose(image).size  # comme le navigateur l'affiche
        publiees[nom] = (str(largeur), str(hauteur))
    assert publiees == {
        "grande.jpg": ("1200", "800"),
        "petite.jpg": ("400", "300"),
        "debout.jpg": ("1000", "1600"),
    }
    assert {nom: vues[nom] for nom in publiees} == publiees
    assert vues["point.svg"] == (None, None)  # un SVG s'adapte : pas de dimensions inventées
    # La photo debout fait 1 000 px de large à l'écran : ni agrandie à 1 200, ni signalée trop grande.
    assert (sortie / "images" / "debout.jpg").read_bytes() == (images / "debout.jpg").read_bytes()
    assert "debout.jpg" not in lancer_gestion("verifier", "--reglages", str(conf)).stderr


def test_make_check_avertit_avec_le_fichier(site):
    conf, _images = site
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    assert (
        "content/images/grande.jpg : avertissement : image trop grande (3000 × 2000 px, " in resultat.stderr
        and "publiée réduite à 1200 px de large" in resultat.stderr
    )
    assert "content/images/bandeau.png : avertissement : image trop grande (2400 × 600 px" in resultat.stderr
    assert "petite.jpg" not in resultat.stderr


def test_reduction_reprise_du_cache_au_build_suivant(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    images = conf.parent / "content" / "images"
    _photo(images / "grande.jpg", 3000, 2000)
    cache = tmp_path / "cache"
    reglages = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    premiere, _journal = construire_site(tmp_path / "sortie1", fichier=str(conf), override=reglages)
    (reprise,) = (cache / "images-reduites").iterdir()
    assert reprise.read_bytes() == (premiere / "images" / "grande.jpg").read_bytes()
    # Le build suivant publie ce que le cache contient, sans réduire à nouveau la photo.
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(reprise, "JPEG")
    rouge = reprise.read_bytes()
    seconde, _journal = construire_site(tmp_path / "sortie2", fichier=str(conf), override=reglages)
    assert (seconde / "images" / "grande.jpg").read_bytes() == reprise.read_bytes()
    # Reprise du cache, publiée lisible de tous comme les autres fichiers du site (un serveur web
    # qui tourne sous un autre utilisateur doit pouvoir la servir).
    for sortie in (premiere, seconde):
        assert (sortie / "images" / "grande.jpg").stat().st_mode & 0o777 == 0o644
    # Une autre photo sous le même nom : autres octets, autre réduction.
    _photo(images / "grande.jpg", 3000, 2000, graine=3)
    troisieme, _journal = construire_site(tmp_path / "sortie3", fichier=str(conf), override=reglages)
    with Image.open(troisieme / "images" / "grande.jpg") as grande:
        assert grande.size == (1200, 800)
    assert (troisieme / "images" / "grande.jpg").read_bytes() != rouge
    # Le cache ne garde que les réductions de ce build : l'ancienne photo n'y est plus.
    (gardee,) = (cache / "images-reduites").iterdir()
    assert gardee.read_bytes() == (troisieme / "images" / "grande.jpg").read_bytes()


def test_publication_reduit_depuis_l_original_sans_relire_le_cache(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    _photo(conf.parent / "content" / "images" / "grande.jpg", 3000, 2000)
    cache = tmp_path / "cache"
    reglages = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    construire_site(tmp_path / "sortie1", fichier=str(conf), override=reglages)
    (reprise,) = (cache / "images-reduites").iterdir()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(reprise, "JPEG")  # un cache faux
    faux = reprise.read_bytes()
    # Comme publishconf.py : LOAD_CONTENT_CACHE = False, rien n'est repris du cache.
    publiee, _journal = construire_site(
        tmp_path / "sortie2",
        fichier=str(conf),
        override={**reglages, "LOAD_CONTENT_CACHE": False},
    )
    with Image.open(publiee / "images" / "grande.jpg") as grande:
        assert grande.size == (1200, 800)
    assert (publiee / "images" / "grande.jpg").read_bytes() != faux
    (gardee,) = (cache / "images-reduites").iterdir()  # et le cache reprend la vraie réduction
    assert gardee.read_bytes() == (publiee / "images" / "grande.jpg").read_bytes()
