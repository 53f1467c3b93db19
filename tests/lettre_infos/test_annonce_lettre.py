"""La lettre de quinzaine annonce les numéros de la Lettre d'infos parus depuis la précédente."""

from __future__ import annotations

from outils import construire_site, copier_site_essai, lire_html

NUMERO = "Title: {titre}\nDate: {date}\nSummary: Résumé de {titre}.\n\n## Une partie\n\nUn texte court.\n"


def test_courriel_et_page_annoncent_le_nouveau_numero(tmp_path):
    conf = copier_site_essai("lettre", tmp_path / "site")
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nPLUGINS = [*PLUGINS, "lettre_infos"]\n', encoding="utf-8"
    )
    dossier = tmp_path / "site" / "content" / "lettre-infos"
    dossier.mkdir()
    # Le prochain numéro de la lettre paraît le 23 novembre ; le précédent est parti le 9.
    (dossier / "2026-T4.md").write_text(
        NUMERO.format(titre="Le numéro d'automne", date="2026-11-16"), encoding="utf-8"
    )
    (dossier / "2026-T3.md").write_text(
        NUMERO.format(titre="Le numéro d'été", date="2026-07-01"), encoding="utf-8"
    )
    sortie, _journal = construire_site(
        tmp_path / "sortie", fichier=str(conf), override={"CACHE_PATH": str(tmp_path / "cache")}
    )

    apercu = sortie / "lettre" / "apercu" / "complete"
    courriel = lire_html(apercu / "courriel.html")
    liens = {a["href"] for a in courriel.find_all("a")}
    assert "https://essai.example/lettre-infos/2026-t4/" in liens
    assert "https://essai.example/lettre-infos/2026-t4/lettre-infos-2026-t4.pdf" in liens
    assert "https://essai.example/lettre-infos/2026-t3/" not in liens  # déjà annoncé (ou trop ancien)
    assert "https://essai.example/lettre-infos/2026-x1/" not in liens  # exemple
    texte = (apercu / "courriel.txt").read_text(encoding="utf-8")
    assert "NOUVEAU : LA LETTRE D’INFOS" in texte
    assert "https://essai.example/lettre-infos/2026-t4/" in texte
    page = lire_html(apercu / "index.html")
    assert page.select_one("#titre-lettre-infos").get_text() == "Nouveau : La Lettre d’infos"


def test_parus_entre_exclut_le_debut_et_inclut_la_fin():
    import datetime as dt
    from types import SimpleNamespace

    from lettre.contenu import parus_entre

    jour = dt.date(2026, 11, 9)
    publications = [SimpleNamespace(date=jour + dt.timedelta(days=n), exemple=False) for n in (14, 0, 7, 15)]
    publications.append(SimpleNamespace(date=jour + dt.timedelta(days=3), exemple=True))
    assert [p.date.day for p in parus_entre(publications, jour, jour + dt.timedelta(days=14))] == [16, 23]
