"""`make check` (gestion.py verifier) : un test par entrée fautive, message en français, fichier et ligne.

Chaque test part d'une copie du site d'essai minimal (valide), y introduit un défaut,
et lance la vraie commande, comme le personnel le fait.
"""

import pytest

from outils import copier_site_essai, lancer_gestion

ENTETE_VALIDE = (
    "Title: Un titre\nDate: 2013-09-16\nTags: formation\nSummary: Un résumé.\n"
    "Uid: 55555555-5555-4555-8555-555555555555\n"
)


@pytest.fixture
def site(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    return conf.parent


def verifier(site):
    resultat = lancer_gestion("verifier", "--reglages", str(site / "pelicanconf.py"))
    assert "Traceback" not in resultat.stderr + resultat.stdout
    return resultat


def ecrire(site, relatif, texte):
    chemin = site / relatif
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")


def test_le_site_d_essai_est_valide(site):
    resultat = verifier(site)
    assert resultat.returncode == 0, resultat.stderr
    assert "✓ Contenus et données valides" in resultat.stdout


@pytest.mark.parametrize(
    ("texte", "ligne", "message", "conseil"),
    [
        (ENTETE_VALIDE.replace("Date: 2013-09-16\n", ""), 1, "date manquante", "Date: "),
        (ENTETE_VALIDE.replace("2013-09-16", "16/09/2013"), 2, "date invalide « 16/09/2013 »", "2013-05-24"),
        (
            ENTETE_VALIDE.replace("2013-09-16", "2013-02-30"),
            2,
            "date invalide « 2013-02-30 »",
            "année-mois-jour",
        ),
        (ENTETE_VALIDE.replace("Title: Un titre\n", "Title:\n"), 1, "titre manquant", "Title:"),
        (
            ENTETE_VALIDE.replace("Tags: formation", "Tags: formations"),
            3,
            "mot-clé inconnu « formations »",
            "vouliez-vous dire « Formation » ?",
        ),
        (
            ENTETE_VALIDE.replace("Tags: formation", "Tags: jardinage"),
            3,
            "mot-clé inconnu « jardinage »",
            "data/mots-cles.yml",
        ),
        (
            ENTETE_VALIDE.replace("Uid: 55555555-5555-4555-8555-555555555555\n", ""),
            1,
            "identifiant « Uid » manquant",
            "ne le changez jamais",
        ),
        (ENTETE_VALIDE.replace("55555555-5555-4555-8555-555555555555", "abc"), 5, "uid « abc » invalide", ""),
        (
            ENTETE_VALIDE.replace("Tags: formation", "Tags: formation; emploi"),
            3,
            "mot-clé inconnu « formation; emploi »",
            "séparez les mots-clés par des virgules : « formation, emploi »",
        ),
    ],
    ids=[
        "date-manquante",
        "date-format",
        "date-inexistante",
        "titre-manquant",
        "mot-cle-proche",
        "mot-cle-inconnu",
        "uid-manquant",
        "uid-invalide",
        "mots-cles-point-virgule",
    ],
)
def test_une_entete_fautive_est_signalee_avec_sa_ligne(site, texte, ligne, message, conseil):
    ecrire(site, "content/actualites/fautive.md", texte + "\nLe texte.\n")
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert f"content/actualites/fautive.md:{ligne} : erreur : {message}" in resultat.stderr
    assert conseil in resultat.stderr
    assert "1 erreur(s)" in resultat.stderr


def test_un_resume_sur_deux_lignes_arrete_l_en_tete_et_le_dit(site):
    """La suite du résumé sans retrait arrête l'en-tête : l'« Uid: » qui suit passerait dans le texte."""
    texte = ENTETE_VALIDE.replace("Summary: Un résumé.\n", "Summary: Un résumé\nsur deux lignes.\n")
    ecrire(site, "content/actualites/fautive.md", texte + "\nLe texte.\n")
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert (
        "content/actualites/fautive.md:5 : erreur : cette ligne n'est pas un en-tête « Clé: valeur » : "
        "l'en-tête s'arrête là, et la ligne 6 (« Uid: 55555555-5555-4555-8555-555555555555 ») serait "
        "publiée comme du texte" in resultat.stderr
    )
    assert "rattachez cette ligne à la précédente" in resultat.stderr
    # Une ligne « mot : » du texte, après la ligne vide, n'est pas un en-tête perdu.
    ecrire(site, "content/actualites/fautive.md", ENTETE_VALIDE + "\nTrois objectifs :\nobjectifs : un\n")
    assert verifier(site).returncode == 0


def test_un_fichier_qui_n_est_pas_en_utf8_est_signale_sans_erreur_technique(site):
    """Une actualité enregistrée en Latin-1 (traitement de texte) : le message du guide, pas le codec."""
    chemin = site / "content/actualites/latin1.md"
    chemin.write_bytes((ENTETE_VALIDE + "\nTexte accentué.\n").encode("latin-1"))
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert "content/actualites/latin1.md : erreur : le fichier n'est pas en UTF-8" in resultat.stderr
    assert "codec" not in resultat.stderr and "✗ Erreur" not in resultat.stderr


def test_un_fichier_qui_n_est_pas_en_md_n_est_pas_perdu_sans_un_mot(site):
    """« forum.md.txt » (extension cachée) n'est pas publié ; « .markdown » l'est : il est vérifié."""
    ecrire(site, "content/actualites/forum.md.txt", ENTETE_VALIDE + "\nTexte.\n")
    ecrire(
        site,
        "content/actualites/atelier.markdown",
        ENTETE_VALIDE.replace("Tags: formation", "Tags: formations").replace("5555-4555", "6666-4666")
        + "\nT.\n",
    )
    ecrire(site, "content/actualites/.DS_Store", "")  # laissé par le système : rien à dire
    ecrire(site, "content/pages/Acces.MD", "Title: Accès\n\nTexte.\n")  # Pelican ne lit que « .md »
    resultat = verifier(site)
    assert (
        "content/actualites/forum.md.txt : avertissement : fichier ignoré : seuls les fichiers .md sont publiés"
        in resultat.stderr
    )
    assert "renommez-le « forum.md »" in resultat.stderr
    assert "content/pages/Acces.MD : avertissement : fichier ignoré" in resultat.stderr
    assert "renommez-le « Acces.md »" in resultat.stderr
    assert (
        "content/actualites/atelier.markdown:3 : erreur : mot-clé inconnu « formations »" in resultat.stderr
    )
    assert ".DS_Store" not in resultat.stderr
    assert resultat.returncode == 1


def test_un_fichier_publie_tel_quel_ou_cache_n_est_pas_dit_ignore(site):
    """Une photo près de l'actualité dans un dossier de STATIC_PATHS est publiée ; un dossier caché
    (.obsidian/, .git/) n'est pas du contenu : ni l'un ni l'autre n'est « fichier ignoré »."""
    ecrire(site, "content/actualites/photos/stand.jpg", "")
    ecrire(site, "content/actualites/.obsidian/workspace.json", "{}")
    ecrire(site, "content/actualites/notes.txt", "")  # témoin : lui n'est pas publié
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + "\nSTATIC_PATHS = ['images', 'documents', 'extra', 'actualites/photos']\n",
        encoding="utf-8",
    )
    resultat = verifier(site)
    assert "content/actualites/notes.txt : avertissement : fichier ignoré" in resultat.stderr
    assert "stand.jpg : avertissement : fichier ignoré" not in resultat.stderr
    assert "workspace.json" not in resultat.stderr


def test_un_slug_en_double_nomme_les_deux_fichiers(site):
    ecrire(
        site,
        "content/actualites/copie.md",
        ENTETE_VALIDE.replace("Title: Un titre", "Title: Autre\nSlug: premiere") + "\nTexte.\n",
    )
    resultat = verifier(site)
    assert resultat.returncode == 1
    # Les fichiers sont lus dans l'ordre alphabétique : le second signalé nomme le premier.
    assert (
        "content/actualites/premiere.md:6 : erreur : adresse en double : « premiere » est déjà utilisée "
        "par content/actualites/copie.md" in resultat.stderr
    )


def test_un_titre_trop_long_pour_une_adresse_est_signale_avant_le_build(site):
    # Le slug d'un titre de 300 caractères devient un nom de dossier que le disque refuse : le
    # build s'arrêtait sur « File name too long » alors que make check ne disait rien.
    titre = "Retour sur la journée régionale de l'économie sociale et solidaire à Villeneuve-d'Ascq " * 4
    ecrire(
        site,
        "content/actualites/long.md",
        ENTETE_VALIDE.replace("Title: Un titre", f"Title: {titre}").replace("5555-4555", "7777-4777")
        + "\nTexte.\n",
    )
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert "content/actualites/long.md:1 : erreur : adresse trop longue (" in resultat.stderr
    assert "ajoutez une ligne « Slug: quelques-mots-du-titre »" in resultat.stderr
    raccourci = (site / "content/actualites/long.md").read_text(encoding="utf-8")
    ecrire(site, "content/actualites/long.md", raccourci.replace("Date:", "Slug: journee-regionale\nDate:"))
    assert "adresse trop longue" not in verifier(site).stderr


def test_un_uid_en_double_nomme_l_original(site):
    ecrire(
        site,
        "content/actualites/copie.md",
        ENTETE_VALIDE.replace("55555555-5555-4555-8555-555555555555", "11111111-1111-4111-8111-111111111111")
        + "\nTexte.\n",
    )
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert (
        "content/actualites/premiere.md:5 : erreur : uid en double : déjà utilisé par "
        "content/actualites/copie.md" in resultat.stderr
    )


@pytest.mark.parametrize(
    ("corps", "message"),
    [
        ("Voir [la page]({filename}/pages/absente.md).", "lien interne cassé : {filename}/pages/absente.md"),
        ("Voir [la page](pages/contact.md).", "lien interne relatif « pages/contact.md »"),
        ("![Affiche]({static}/images/absente.png)", "image cassée : {static}/images/absente.png"),
        ("![Affiche](/images/absente.png)", "image introuvable : /images/absente.png"),
        (
            "![Affiche](<{static}/images/Photo absente.png>)",
            "image cassée : {static}/images/Photo absente.png n'existe pas",
        ),
    ],
    ids=["lien-filename", "lien-relatif", "image-static", "image-absolue", "image-chevrons-espace"],
)
def test_liens_et_images_casses(site, corps, message):
    ecrire(site, "content/actualites/fautive.md", ENTETE_VALIDE + "\nIntro.\n\n" + corps + "\n")
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert f"content/actualites/fautive.md:9 : erreur : {message}" in resultat.stderr


def test_une_image_dont_seules_les_majuscules_different_donne_le_vrai_nom(site):
    """« .JPG » de l'appareil photo, « .jpg » dans le texte : le conseil donne le nom exact."""
    (site / "content/images/Stand.JPG").write_bytes((site / "content/images/point.svg").read_bytes())
    ecrire(
        site, "content/actualites/fautive.md", ENTETE_VALIDE + "\n![Le stand]({static}/images/stand.jpg)\n"
    )
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert "fautive.md:7 : erreur : image cassée : {static}/images/stand.jpg n'existe pas" in resultat.stderr
    assert "le fichier s'appelle « Stand.JPG » : écrivez son nom exactement ainsi" in resultat.stderr


def test_une_image_sans_texte_alternatif_est_un_avertissement(site):
    ecrire(site, "content/actualites/fautive.md", ENTETE_VALIDE + "\n![]({static}/images/point.svg)\n")
    resultat = verifier(site)
    assert resultat.returncode == 0
    assert "fautive.md:7 : avertissement : image sans texte alternatif" in resultat.stderr


def test_une_actualite_datee_dans_le_futur_est_programmee_pas_en_erreur(site):
    resultat = verifier(site)
    assert resultat.returncode == 0
    assert (
        "content/actualites/programmee.md:2 : avertissement : actualité programmée : publiée à partir "
        "du jeudi 1er janvier 2099"
    ) in resultat.stderr


def test_un_champ_mal_orthographie_est_signale(site):
    ecrire(site, "content/actualites/fautive.md", ENTETE_VALIDE.replace("Summary:", "Sumary:") + "\nTexte.\n")
    resultat = verifier(site)
    assert "fautive.md:4 : avertissement : champ d'en-tête inconnu « sumary »" in resultat.stderr
    assert "vouliez-vous dire « Summary » ?" in resultat.stderr


@pytest.mark.parametrize(
    ("fichier", "texte", "ligne"),
    [
        ("data/mots-cles.yml", "- slug: a\n  libelle: A\n  description: un : deux\n", 3),
        ("data/association.yml", "nom: A\n  slogan: b\n", 2),
    ],
)
def test_une_erreur_de_syntaxe_yaml_est_signalee(site, fichier, texte, ligne):
    ecrire(site, fichier, texte)
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert f"{fichier}:{ligne} : erreur : syntaxe YAML invalide" in resultat.stderr


def test_un_vocabulaire_illisible_ne_rend_pas_tous_les_mots_cles_inconnus(site):
    ecrire(site, "data/mots-cles.yml", "- slug: a\n  libelle: A\n  description: un : deux\n")
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert "mot-clé inconnu" not in resultat.stderr
    assert "1 erreur(s)" in resultat.stderr


def test_le_vocabulaire_refuse_slug_invalide_et_doublon(site):
    ecrire(
        site,
        "data/mots-cles.yml",
        "- slug: formation\n  libelle: F\n  description: d\n- slug: Formation Continue\n  libelle: F2\n"
        "  description: d\n- slug: formation\n  libelle: F3\n  description: d\n- slug: emploi\n  libelle: E\n"
        "  description: d\n- slug: creation-activite\n  libelle: C\n  description: d\n",
    )
    resultat = verifier(site)
    assert "data/mots-cles.yml:4 : erreur : slug « Formation Continue » invalide" in resultat.stderr
    assert "data/mots-cles.yml:7 : erreur : slug « formation » en double" in resultat.stderr


def test_le_build_de_developpement_redit_en_francais_les_messages_de_pelican(site, tmp_path):
    """Fichier sans titre, date illisible, lien et image introuvables : Pelican le dit en anglais."""
    ecrire(
        site, "content/actualites/sans-titre.md", ENTETE_VALIDE.replace("Title: Un titre\n", "") + "\nT.\n"
    )
    ecrire(
        site,
        "content/actualites/date.md",
        ENTETE_VALIDE.replace("2013-09-16", "1 décembre 2013").replace("5555-4555", "6666-4666") + "\nT.\n",
    )
    ecrire(
        site,
        "content/actualites/liens.md",
        ENTETE_VALIDE.replace("Un titre", "Liens").replace("5555-4555", "7777-4777")
        + "\nVoir [la page]({filename}/pages/absente.md).\n\n![Photo]({static}/images/absente.jpg)\n",
    )
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nOUTPUT_PATH = {str(tmp_path / 'sortie')!r}\n", encoding="utf-8"
    )
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    sortie = resultat.stderr
    for anglais in ("Skipping", "Could not process", "Unable to find", "modification stamp", "Errno"):
        assert anglais not in sortie
    assert "sans-titre.md : fichier écarté du site, l'en-tête « title » manque" in sortie
    assert "actualites/date.md (dans content/) : fichier illisible, écarté du site" in sortie
    assert "lien ou image « /pages/absente.md » introuvable : laissé tel quel dans la page" in sortie
    assert "fichier introuvable : " in sortie and "images/absente.jpg" in sortie
    assert sortie.count("(voir le message détaillé plus haut, ou lancez make check)") >= 4


def test_la_publication_refuse_les_memes_erreurs_sans_trace(site, tmp_path):
    ecrire(
        site, "content/actualites/fautive.md", ENTETE_VALIDE.replace("Tags: formation", "Tags: formations")
    )
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nSOCLE = {{**SOCLE, 'strict': True}}\n"
        f"OUTPUT_PATH = {str(tmp_path / 'sortie')!r}\n",
        encoding="utf-8",
    )
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert "Traceback" not in resultat.stderr
    assert "erreur(s) empêchent la publication" in resultat.stderr
    assert "mot-clé inconnu « formations »" in resultat.stderr
    assert not (tmp_path / "sortie" / "index.html").exists()


def test_le_build_de_developpement_avertit_et_continue(site, tmp_path):
    ecrire(
        site,
        "content/actualites/fautive.md",
        ENTETE_VALIDE.replace("Tags: formation", "Tags: formations") + "\nTexte.\n",
    )
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nOUTPUT_PATH = {str(tmp_path / 'sortie')!r}\n", encoding="utf-8"
    )
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    assert "mot-clé inconnu « formations »" in resultat.stderr
    assert "toléré en développement ; la publication refusera" in resultat.stderr
    assert (tmp_path / "sortie" / "actualites" / "premiere" / "index.html").exists()


def test_nouvelle_actualite_d_un_titre_tres_long_donne_une_adresse_que_le_disque_accepte(site):
    """Un titre collé d'un courriel (300 caractères) : le fichier est créé, son adresse coupée à un mot
    entier, et il passe make check (sans cela : adresse refusée, ou « File name too long »)."""
    titre = "Rencontre " + " ".join(["des porteurs de projets solidaires du territoire"] * 6)
    resultat = lancer_gestion(
        "nouvelle-actualite",
        titre,
        "--date",
        "2013-10-30 09:00",
        "--mots-cles",
        "emploi",
        "--resume",
        "Une rencontre.",
        "--reglages",
        str(site / "pelicanconf.py"),
    )
    assert resultat.returncode == 0, resultat.stderr
    (cree,) = (site / "content/actualites/2013").glob("2013-10-30-*.md")
    slug = next(
        ligne[6:] for ligne in cree.read_text(encoding="utf-8").splitlines() if ligne.startswith("Slug: ")
    )
    assert 150 < len(slug) <= 200 and titre.lower().replace(" ", "-").startswith(slug)
    resultat = verifier(site)
    assert resultat.returncode == 0, resultat.stderr


def test_nouvelle_actualite_cree_un_fichier_valide_avec_un_uid(site):
    import uuid

    resultat = lancer_gestion(
        "nouvelle-actualite",
        "Forum de l'emploi à Hem",
        "--date",
        "2013-10-30 09:00",
        "--mots-cles",
        "Emploi",
        "--resume",
        "Le carrefour des métiers.",
        "--reglages",
        str(site / "pelicanconf.py"),
    )
    assert resultat.returncode == 0, resultat.stderr
    cree = site / "content/actualites/2013/2013-10-30-forum-de-lemploi-a-hem.md"
    texte = cree.read_text(encoding="utf-8")
    assert "Title: Forum de l'emploi à Hem\nDate: 2013-10-30 09:00\nTags: emploi\n" in texte
    uid = next(ligne.split(": ")[1] for ligne in texte.splitlines() if ligne.startswith("Uid: "))
    assert uuid.UUID(uid).version == 4
    assert f"Uid: {uid}\nSlug: forum-de-lemploi-a-hem\n\n" in texte  # adresse figée dès la création
    assert verifier(site).returncode == 0
    # Une seconde fois : même adresse, refusée sans écraser le fichier.
    encore = lancer_gestion(
        "nouvelle-actualite", "Forum de l'emploi à Hem", "--reglages", str(site / "pelicanconf.py")
    )
    assert encore.returncode == 1 and "a déjà l'adresse « forum-de-lemploi-a-hem »" in encore.stderr
    assert cree.read_text(encoding="utf-8") == texte


def test_les_textes_d_exemple_de_nouvelle_actualite_sont_signales(site):
    """Résumé « À compléter » et texte d'exemple laissés tels quels : publiés sans un mot, sinon."""
    conf = str(site / "pelicanconf.py")
    cree = lancer_gestion(
        "nouvelle-actualite",
        "Forum de Hem",
        "--date",
        "2013-10-30",
        "--mots-cles",
        "emploi",
        "--reglages",
        conf,
    )
    assert cree.returncode == 0, cree.stderr
    fichier = "content/actualites/2013/2013-10-30-forum-de-hem.md"
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert f"{fichier}:4 : erreur : résumé d'exemple (« À compléter… ») non remplacé" in resultat.stderr
    assert f"{fichier}:8 : avertissement : texte d'exemple" in resultat.stderr
    assert "remplacez ce paragraphe par le texte de l'actualité" in resultat.stderr

    chemin = site / fichier
    texte = chemin.read_text(encoding="utf-8")
    entete, _exemple = texte.split("\n\n", 1)
    entete = entete.replace(
        "Summary: À compléter : une ou deux phrases qui résument l'actualité.", "Summary: Le forum."
    )
    chemin.write_text(entete + "\n\nLe forum de Hem, à compléter par vos questions.\n", encoding="utf-8")
    resultat = verifier(site)
    assert resultat.returncode == 0, resultat.stderr
    assert "exemple" not in resultat.stderr


def test_mots_cles_a_completer_ou_mal_separes_un_conseil_qui_s_applique(site):
    conf = str(site / "pelicanconf.py")
    cree = lancer_gestion("nouvelle-actualite", "Sans mots", "--date", "2013-10-30", "--reglages", conf)
    assert cree.returncode == 0, cree.stderr
    resultat = verifier(site)
    assert "2013-10-30-sans-mots.md:3 : erreur : mot-clé inconnu « À COMPLÉTER »" in resultat.stderr
    assert "remplacez-le par un à trois mots-clés parmi : " in resultat.stderr
    assert "ajoutez-y ce mot-clé" not in resultat.stderr  # pas un mot-clé à ajouter au vocabulaire
    mal = lancer_gestion("nouvelle-actualite", "Deux", "--mots-cles", "emploi; formation", "--reglages", conf)
    assert mal.returncode == 1
    assert "séparez les mots-clés par des virgules : « emploi, formation »" in mal.stderr


def test_nouvelle_actualite_refuse_un_mot_cle_inconnu():
    resultat = lancer_gestion("nouvelle-actualite", "Essai", "--mots-cles", "formations")
    assert resultat.returncode == 1
    assert "mot-clé inconnu « formations »" in resultat.stderr
    assert "vouliez-vous dire « Formation » ?" in resultat.stderr


def test_la_verification_suit_les_changements(site):
    """Avec le cache de contenu de Pelican : même verdict qu'une vérification complète, à chaque changement."""
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nCACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\nCACHE_PATH = str(ICI / "cache")\n',
        encoding="utf-8",
    )
    assert verifier(site).returncode == 0

    # Un fichier modifié : revérifié.
    ecrire(site, "content/actualites/fautive.md", ENTETE_VALIDE + "\n![Affiche]({static}/images/a.png)\n")
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert (
        "content/actualites/fautive.md:7 : erreur : image cassée : {static}/images/a.png" in resultat.stderr
    )
    # La cible du lien apparaît, le fichier ne change pas : l'erreur disparaît quand même.
    ecrire(site, "content/images/a.png", "png")
    assert verifier(site).returncode == 0
    # Un autre défaut dans le même fichier.
    ecrire(
        site, "content/actualites/fautive.md", ENTETE_VALIDE.replace("formation", "fromation") + "\nTexte.\n"
    )
    resultat = verifier(site)
    assert resultat.returncode == 1
    assert "mot-clé inconnu « fromation »" in resultat.stderr


@pytest.mark.parametrize(
    ("relatif", "texte", "ligne"),
    [
        ("content/actualites/brouillon.md", ENTETE_VALIDE + "Status: brouillon\n\nTexte.\n", 6),
        ("content/actualites/publiee.md", ENTETE_VALIDE + "Status: publiée\n\nTexte.\n", 6),
        ("content/pages/cachee.md", "Title: Une page\nStatus: cachée\n\nTexte.\n", 2),
    ],
)
def test_un_statut_en_francais_est_une_erreur_pas_un_fichier_ecarte_sans_un_mot(site, relatif, texte, ligne):
    """Pelican écarterait le fichier (« Unknown status … skipping it », en anglais) : make check le dit."""
    ecrire(site, relatif, texte)
    resultat = verifier(site)
    assert resultat.returncode == 1
    statut = texte.split("Status: ")[1].split("\n")[0]
    assert f"{relatif}:{ligne} : erreur : statut « {statut} » inconnu" in resultat.stderr
    assert "Status: draft" in resultat.stderr


def test_les_statuts_de_pelican_sont_acceptes(site):
    ecrire(site, "content/actualites/cachee.md", ENTETE_VALIDE + "Status: Hidden\n\nTexte.\n")
    ecrire(
        site,
        "content/actualites/brouillon.md",
        ENTETE_VALIDE.replace("5555-5555", "6666-6666") + "Status: draft\n\nTexte.\n",
    )
    resultat = verifier(site)
    assert "statut" not in resultat.stderr, resultat.stderr
