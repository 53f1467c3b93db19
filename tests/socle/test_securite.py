"""Politique de sécurité du contenu portée par chaque page (balise meta), hors de ce qu'une balise ne peut pas porter."""

from outils import lire_html
from socle.securite import politique_csp, politique_meta


def test_la_balise_reprend_l_en_tete_sans_frame_ancestors():
    settings = {
        "PLUGINS": ["socle", "points_accueil", "lettre"],
        "LETTRE": {"service_url": "https://abonnements.exemple.org"},
    }
    entete, meta = politique_csp(settings), politique_meta(settings)
    assert "frame-ancestors 'none'" in entete and "frame-ancestors" not in meta
    assert meta == "; ".join(d for d in entete.split("; ") if not d.startswith("frame-ancestors"))
    assert "object-src 'none'" in meta and "unsafe-inline" not in meta


def test_chaque_page_porte_la_politique(site_public):
    pages = [site_public / "index.html", site_public / "points-accueil" / "index.html"]
    pages += [next((site_public / "actualites").glob("*/index.html")), site_public / "404.html"]
    for page in pages:
        meta = lire_html(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, page
        assert "script-src 'self' 'wasm-unsafe-eval'" in meta["content"]
        assert "https://tile.openstreetmap.org" in meta["content"]
        assert "frame-ancestors" not in meta["content"]
