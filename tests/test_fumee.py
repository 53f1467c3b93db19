"""Vérification minimale que le site réel se construit (les tests détaillés sont par capacité)."""


def test_le_site_public_a_une_page_d_accueil(site_public):
    assert (site_public / "index.html").is_file()
    assert (site_public / "pagefind" / "pagefind.js").is_file()
