"""Moteur : menu, pied de page et liens suivent PLUGINS ; `verifier` signale un lien vers une page non écrite."""

from __future__ import annotations

import yaml

from outils import DATE_TESTS, construire_site, copier_site_essai, lancer_gestion, lire_html


def _site(tmp_path, menu: list[dict], texte_contact: str | None = None):
    """Le site d'essai minimal, avec ce menu (et ce texte de page contact) ; son pelicanconf.py."""
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    identite = tmp_path / "site" / "data" / "association.yml"
    donnees = yaml.safe_load(identite.read_text(encoding="utf-8"))
    donnees["menu"] = menu
    identite.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if texte_contact is not None:
        page = tmp_path / "site" / "content" / "pages" / "contact.md"
        page.write_text(
            f"Title: Contact\nSlug: contact\nSummary: Nous écrire.\n\n{texte_contact}\n", encoding="utf-8"
        )
    return conf


MENU = [
    {"titre": "Actualités", "lien": "actualites/"},
    {"titre": "Contact", "lien": "contact/"},
    {"titre": "Agenda", "lien": "agenda/"},  # capacité du plugin formations, absent de PLUGINS
]


def test_le_menu_perd_les_liens_d_une_capacite_retiree(tmp_path):
    conf = _site(tmp_path, MENU)
    sortie, journal = construire_site(
        tmp_path / "sortie", fichier=str(conf), override={"PLUGINS": ["socle", "actualites"]}
    )
    assert not [t for t in journal.textes() if "mène à" in t]
    liens = [a["href"] for a in lire_html(sortie / "index.html").select("nav.navigation a")]
    assert any(lien.endswith("actualites/") for lien in liens)
    assert any(lien.endswith("contact/") for lien in liens)
    assert not any("agenda" in lien for lien in liens)
    # Sans le plugin recherche, la page 404 ne propose pas de recherche.
    assert "recherche/" not in (sortie / "404.html").read_text(encoding="utf-8")


def test_verifier_signale_un_lien_de_menu_vers_une_page_absente(tmp_path):
    conf = _site(tmp_path, [*MENU, {"titre": "Équipe", "lien": "equipe/"}])
    resultat = lancer_gestion("--site", str(conf.parent), "verifier")
    assert resultat.returncode == 1
    assert "menu : « Équipe » mène à « equipe/ », que le build n'écrit pas" in resultat.stderr
    assert "agenda" not in resultat.stderr  # capacité retirée : le lien disparaît, sans erreur


def test_verifier_signale_un_lien_de_contenu_vers_une_capacite_absente(tmp_path):
    conf = _site(tmp_path, MENU, texte_contact="Voir [l'agenda](/agenda/) et [les actualités](/actualites/).")
    resultat = lancer_gestion("--site", str(conf.parent), "verifier")
    assert resultat.returncode == 1
    assert "content/pages/contact.md:5" in resultat.stderr
    assert (
        "lien vers « /agenda/ », que le build n'écrit pas : sa capacité n'est pas dans PLUGINS"
        in resultat.stderr
    )
    assert "« /actualites/ »" not in resultat.stderr


def test_la_publication_refuse_un_menu_vers_une_page_absente(tmp_path):
    conf = _site(tmp_path, [{"titre": "Équipe", "lien": "equipe/"}])
    publication = conf.parent / "publishconf.py"
    publication.write_text(
        "import importlib.util, pathlib\n"
        "_s = importlib.util.spec_from_file_location('dev', pathlib.Path(__file__).parent / 'pelicanconf.py')\n"
        "_m = importlib.util.module_from_spec(_s); _s.loader.exec_module(_m)\n"
        "globals().update({k: v for k, v in vars(_m).items() if k.isupper()})\n"
        f"SOCLE = {{**SOCLE, 'strict': True, 'date_construction': '{DATE_TESTS}'}}\n",
        encoding="utf-8",
    )
    resultat = lancer_gestion("--site", str(conf.parent), "construire", "--publication")
    assert resultat.returncode == 1
    assert "« Équipe » mène à « equipe/ »" in resultat.stderr
    assert "Traceback" not in resultat.stderr


def test_titre_des_flux_et_csp_viennent_des_reglages(tmp_path):
    conf = _site(tmp_path, MENU)
    sortie, _journal = construire_site(tmp_path / "sortie", fichier=str(conf))
    import feedparser

    flux = feedparser.parse((sortie / "flux" / "actualites.atom.xml").read_bytes())
    assert flux.feed.title == "Association d'essai : actualités"
    en_tetes = (sortie / "_headers").read_text(encoding="utf-8")
    assert "form-action 'self'\n" in en_tetes  # pas de lettre : aucun formulaire vers un tiers
    assert "img-src 'self' data:;" in en_tetes  # pas de carte : aucune tuile
