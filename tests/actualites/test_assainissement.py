"""HTML du Markdown assaini (nh3) : corps, résumé, éditorial ; `make check` dit ce qui est retiré, et où."""

import feedparser
import pytest

from actualites.lecteur import LecteurMarkdown
from lettre.contenu import edito_en_html, retraits_edito
from outils import SITEURL_PUBLIC, construire_site, copier_site_essai, lancer_gestion, lire_html
from socle.assainissement import assainir, retraits

# (Markdown ou HTML hostile, ce qui ne doit plus figurer dans le HTML publié)
HOSTILES = [
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<a href="javascript:alert(1)">lien</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">lien</a>', "JaVaScRiPt"),
    ("[lien](javascript:alert(1))", "javascript:"),
    ("[lien](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("![image](data:image/svg+xml,<svg onload=alert(1)>)", "onload"),
    ("<script>alert(1)</script>", "<script"),
    ('<iframe src="https://exemple.org"></iframe>', "<iframe"),
    ("<svg><animate onbegin=alert(1)></svg>", "onbegin"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "background"),
    ("<form action=/x><button>Envoyer</button></form>", "<form"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript"),
]
PERMIS = [
    '<p><a href="https://exemple.org/">lien</a> <em>emphase</em> <strong>fort</strong></p>',
    '<p><img alt="Affiche" src="{static}/images/affiche.png"></p>',
    '<p><a href="{filename}/actualites/premiere.md">interne</a> <a href="mailto:a@exemple.org">m</a></p>',
    '<ul>\n<li>un</li>\n</ul>\n<ol start="3">\n<li>trois</li>\n</ol>',
    '<h2 id="titre">Titre</h2>\n<h3>Sous-titre</h3>',
    '<table>\n<thead>\n<tr>\n<th style="text-align:left">a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
    "<td>b</td>\n</tr>\n</tbody>\n</table>",
    '<p>Note<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>',
    "<blockquote>\n<p>citation</p>\n</blockquote>\n<pre><code>code</code></pre>",
]
ENTETE = "Date: 2013-09-16\nTags: formation\nUid: {uid}\nSlug: {slug}\n"


@pytest.mark.parametrize(("hostile", "absent"), HOSTILES)
def test_ce_qui_peut_s_executer_est_retire_et_signale(hostile, absent):
    import markdown

    html = markdown.markdown(hostile, extensions=["markdown.extensions.extra"], output_format="html5")
    assert absent.lower() not in assainir(html).lower()
    assert retraits(html), html


@pytest.mark.parametrize("html", PERMIS)
def test_ce_dont_le_personnel_a_besoin_passe_a_l_identique(html):
    assert assainir(html) == html
    assert retraits(html) == []


def test_le_lecteur_assainit_corps_et_resume(tmp_path):
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {"markdown.extensions.meta": {}}}}
    chemin = tmp_path / "a.md"
    chemin.write_text(
        "Title: A\nSummary: Résumé <img src=x onerror=alert(1)>\n\n[lien](javascript:alert(1)) et <b>gras</b>\n",
        encoding="utf-8",
    )
    contenu, meta = LecteurMarkdown(settings).read(str(chemin))
    assert contenu == "<p><a>lien</a> et <b>gras</b></p>"
    assert meta["summary"] == '<p>Résumé <img src="x"></p>'


def test_editorial_assaini_et_signale_avec_sa_ligne():
    texte = "Bonjour,\n\nVoici [le programme](javascript:alert(1)).\n\n<script>alert(2)</script>\n"
    settings = {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}}}
    html = str(edito_en_html(texte, settings))
    assert "javascript" not in html and "<script" not in html and "le programme" in html
    problemes = retraits_edito(texte, "data/lettre/editos/2026-24.md", settings)
    assert [(p.ligne, p.message) for p in problemes] == [
        (5, "balise <script> retirée à la publication"),
        (
            3,
            "adresse « javascript:alert(1) » retirée de <a> (seuls http, https, mailto, tel) à la publication",
        ),
    ]
    assert all(p.fichier == "data/lettre/editos/2026-24.md" and not p.est_erreur for p in problemes)


@pytest.fixture(scope="module")
def site_hostile(tmp_path_factory):
    racine = tmp_path_factory.mktemp("assainissement")
    conf = copier_site_essai("site_minimal", racine / "site")
    site = conf.parent
    for i, (hostile, _absent) in enumerate(HOSTILES):
        (site / "content" / "actualites" / f"hostile-{i:02d}.md").write_text(
            f"Title: Hostile {i}\nSummary: Résumé {hostile}\n"
            + ENTETE.format(uid=f"77777777-7777-4777-8777-{i:012d}", slug=f"hostile-{i:02d}")
            + f"\nPremière ligne.\n\nCorps {hostile}\n",
            encoding="utf-8",
        )
    sortie, journal = construire_site(
        racine / "sortie",
        fichier=str(conf),
        override={"SITEURL": SITEURL_PUBLIC, "FEED_DOMAIN": SITEURL_PUBLIC, "RELATIVE_URLS": False},
    )
    return site, sortie, journal


def test_rien_d_executable_dans_les_pages_et_les_flux(site_hostile):
    _site, sortie, _journal = site_hostile
    pages = [sortie / "actualites" / f"hostile-{i:02d}" / "index.html" for i in range(len(HOSTILES))]
    pages += [
        sortie / "index.html",
        sortie / "actualites" / "index.html",
        *sortie.glob("**/mots-cles/*/index.html"),
    ]
    for page in pages:
        soupe = lire_html(page)
        for balise in soupe.find_all(True):
            assert not [a for a in balise.attrs if a.startswith("on")], (page, balise)
            for attribut in ("href", "src"):
                assert (
                    not str(balise.get(attribut, ""))
                    .lower()
                    .startswith(("javascript:", "data:", "vbscript:"))
                )
        # Le thème a les siens (recherche de l'en-tête, pictogrammes) ; aucun ne vient du Markdown.
        venus_du_contenu = [
            b
            for b in soupe.find_all(["iframe", "form", "svg"])
            if not b.find_parent("header", class_="entete") and "picto" not in b.get("class", [])
        ]
        assert not venus_du_contenu, page
        assert all(s.get("src") for s in soupe.find_all("script")), page  # aucun script en ligne
    for flux in sortie.glob("**/*.atom.xml"):
        for entree in feedparser.parse(flux.read_text(encoding="utf-8")).entries:
            texte = " ".join(c.value for c in entree.get("content", [])) + entree.get("summary", "")
            assert "onerror" not in texte and "javascript:" not in texte.lower() and "<script" not in texte


def test_make_check_dit_ce_qui_est_retire_avec_fichier_et_ligne(site_hostile):
    site, _sortie, _journal = site_hostile
    resultat = lancer_gestion("verifier", "--reglages", str(site / "pelicanconf.py"))
    assert resultat.returncode == 0, resultat.stderr
    lignes = resultat.stderr.splitlines()
    for i in range(len(HOSTILES)):
        fichier = f"content/actualites/hostile-{i:02d}.md"
        assert any(ligne.startswith(f"{fichier}:2 : avertissement : résumé : ") for ligne in lignes), fichier
        assert any(ligne.startswith(f"{fichier}:10 : avertissement : ") for ligne in lignes), fichier
    assert "à la publication" in resultat.stderr and "Traceback" not in resultat.stderr


def test_le_build_dit_une_fois_ce_qu_il_retire_avec_fichier_et_ligne(site_hostile):
    """Le lecteur, qui a déjà le HTML rendu, le signale ; la vérification d'avant build ne reconvertit pas."""
    _site, _sortie, journal = site_hostile
    messages = [m for m in journal.textes() if "à la publication" in m]
    for i in range(len(HOSTILES)):
        fichier = f"content/actualites/hostile-{i:02d}.md"
        du_corps = [m for m in messages if m.startswith(f"{fichier}:10 : avertissement : ")]
        du_resume = [m for m in messages if m.startswith(f"{fichier}:2 : avertissement : résumé : ")]
        assert du_corps and du_resume, fichier
        assert len(set(du_corps)) == len(du_corps), du_corps  # une fois chacun, pas deux


def test_make_check_rend_le_markdown_avec_les_extensions_du_build(tmp_path):
    """`make check` n'a pas de lecteur Pelican : il charge quand même « extra » (attributs `{: …}`)."""
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    (conf.parent / "content" / "actualites" / "attribut.md").write_text(
        "Title: Attribut\nSummary: Résumé.\n"
        + ENTETE.format(uid="77777777-7777-4777-8777-999999999999", slug="attribut")
        + '\nUn paragraphe.\n{: onclick="alert(1)" }\n',
        encoding="utf-8",
    )
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    assert (
        "content/actualites/attribut.md:9 : avertissement : attribut « onclick » retiré de <p> à la publication"
        in resultat.stderr
    )
